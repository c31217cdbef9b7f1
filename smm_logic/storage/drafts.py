"""Drafts: the work in progress of one owner, saved as it is entered.

A draft is the session's plain data (``shell.session.Session.to_dict()``) and the bytes
of the files it names (``Session.files()``). Its ``revision`` makes two tabs of one
owner safe: each save names the revision it started from, the database moves the
revision on only if that is still the stored one (one atomic UPDATE … WHERE revision =),
and otherwise the save is refused with ``StaleDraftError`` rather than overwriting the other
tab's work.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session

from smm_logic.storage.base import Scope, plain_json
from smm_logic.storage.errors import StaleDraftError
from smm_logic.storage.models import Draft as DraftRow
from smm_logic.storage.models import DraftFile, utc_now
from smm_logic.storage.records import Draft

DEFAULT_DRAFT = "session"
NO_DRAFT = 0  # the revision to save from when no draft was loaded


class DraftsPart(Scope):
    def load_draft(self, name: str = DEFAULT_DRAFT) -> Draft | None:
        """The owner's draft as last saved, or None when there is none."""
        with self._read() as session:
            row = self._draft(session, name)
            if row is None:
                return None
            digests = session.scalars(
                select(DraftFile.digest).where(
                    DraftFile.owner == self.owner, DraftFile.draft_id == row.id
                )
            )
            return Draft(dict(row.data), self._files(session, digests), row.revision, row.saved_at)

    def save_draft(
        self,
        data: Mapping[str, Any],
        files: Mapping[str, bytes],
        *,
        revision: int,
        name: str = DEFAULT_DRAFT,
    ) -> int:
        """Save the draft over ``revision`` (``NO_DRAFT`` for the first save) and give the
        new revision; ``StaleDraftError`` when another save came in between."""
        plain = plain_json(dict(data), "a draft")
        with self._write(conflict=lambda: StaleDraftError(current=self._current(name))) as session:
            if revision == NO_DRAFT:
                new = DraftRow(owner=self.owner, name=name, data=plain, revision=1)
                if self._draft(session, name) is not None:
                    raise StaleDraftError(current=self._revision(session, name))
                session.add(new)
                session.flush()  # a draft made at the same moment breaks the unique name
                draft_id, saved = new.id, 1
            else:
                draft_id = self._move_on(session, name, plain, revision)
                saved = revision + 1
            self._link_files(session, draft_id, files)
        return saved

    def delete_draft(self, name: str = DEFAULT_DRAFT) -> None:
        """Start afresh: the draft and the files only it used are deleted."""
        with self._write() as session:
            row = self._draft(session, name)
            if row is None:
                return
            digests = self._linked(session, row.id)
            session.delete(row)
            session.flush()
            self._drop_unused(session, digests)

    def _move_on(self, session: Session, name: str, data: Any, revision: int) -> int:
        """Write the draft if it is still at ``revision``; its id."""
        draft_id: int | None = session.scalar(
            update(DraftRow)
            .where(
                DraftRow.owner == self.owner,
                DraftRow.name == name,
                DraftRow.revision == revision,
            )
            .values(data=data, revision=DraftRow.revision + 1, saved_at=utc_now())
            .returning(DraftRow.id)
        )
        if draft_id is None:
            raise StaleDraftError(current=self._revision(session, name))
        return draft_id

    def _link_files(self, session: Session, draft_id: int, files: Mapping[str, bytes]) -> None:
        before = self._linked(session, draft_id)
        self._keep_files(session, {d: data for d, data in files.items() if d not in before})
        gone = before - set(files)
        if gone:
            session.execute(
                delete(DraftFile).where(
                    DraftFile.owner == self.owner,
                    DraftFile.draft_id == draft_id,
                    DraftFile.digest.in_(gone),
                )
            )
        session.add_all(
            DraftFile(owner=self.owner, draft_id=draft_id, digest=digest)
            for digest in files
            if digest not in before
        )
        session.flush()
        self._drop_unused(session, gone)

    def _linked(self, session: Session, draft_id: int) -> set[str]:
        return set(
            session.scalars(
                select(DraftFile.digest).where(
                    DraftFile.owner == self.owner, DraftFile.draft_id == draft_id
                )
            )
        )

    def _draft(self, session: Session, name: str) -> DraftRow | None:
        return session.scalar(
            select(DraftRow).where(DraftRow.owner == self.owner, DraftRow.name == name)
        )

    def _revision(self, session: Session, name: str) -> int:
        current = session.scalar(
            select(DraftRow.revision).where(DraftRow.owner == self.owner, DraftRow.name == name)
        )
        return NO_DRAFT if current is None else current

    def _current(self, name: str) -> int:
        """The stored revision, read afresh (after a failed transaction)."""
        try:
            with self._read() as session:
                return self._revision(session, name)
        except Exception:  # only a hint for the message; the refusal stands
            return NO_DRAFT
