"""What every part of the workspace shares: the owner, and transactions that fail
clearly.

Every write is one transaction: it commits whole or not at all, and any failure of the
database (down, disk full, file not writable) leaves as ``SaveError``. Every query
names the owner; a record of another owner is ``NotFoundError``, like a missing one.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import AbstractContextManager, contextmanager
from typing import Any

from sqlalchemy import Engine, delete, exists, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import DBAPIError, IntegrityError, SQLAlchemyError
from sqlalchemy.orm import Session

from smm_logic.storage.engine import WRITES
from smm_logic.storage.errors import (
    NotFoundError,
    ReadOnlyError,
    SaveError,
    StorageError,
    StorageUnavailableError,
)
from smm_logic.storage.models import (
    OWNER_LENGTH,
    Blob,
    Client,
    DraftFile,
    ReportFile,
    Respondent,
    utc_now,
)


@contextmanager
def reading(engine: Engine) -> Iterator[Session]:
    """One transaction that only reads; a database that cannot be read is
    ``StorageUnavailableError``."""
    try:
        with Session(engine) as session, session.begin():
            yield session
    except StorageError:
        raise
    except SQLAlchemyError as error:
        raise StorageUnavailableError(_detail(error)) from error


class Scope:
    """One owner's view of the database (the base of ``Workspace``)."""

    def __init__(self, engine: Engine, owner: str, *, read_only: bool = False) -> None:
        if not owner or len(owner) > OWNER_LENGTH:
            raise ValueError("an owner is a non-empty string of at most 255 characters")
        self.engine = engine
        self.owner = owner
        self.read_only = read_only
        self._write_engine = engine.execution_options(**{WRITES: True})

    def _read(self) -> AbstractContextManager[Session]:
        return reading(self.engine)

    @contextmanager
    def _write(self, conflict: Callable[[], StorageError] | None = None) -> Iterator[Session]:
        """One transaction that writes; refused in a read-only demo.

        A broken constraint means another transaction got there first: ``conflict()``
        says what that means to the caller (by default, that a record this write links
        to was deleted meanwhile).
        """
        if self.read_only:
            raise ReadOnlyError()
        try:
            with Session(self._write_engine, expire_on_commit=False) as session, session.begin():
                yield session
        except StorageError:
            raise
        except IntegrityError as error:
            raise (conflict or _gone)() from error
        except (SQLAlchemyError, OSError) as error:
            raise SaveError(_detail(error)) from error

    def _client(self, session: Session, client_id: int, *, lock: bool = False) -> Client:
        """The owner's client; ``lock`` holds its row until the transaction ends, so that
        writes replacing a client's rows (its targets) run one after the other."""
        query = select(Client).where(Client.owner == self.owner, Client.id == client_id)
        client = session.scalar(query.with_for_update() if lock else query)
        if client is None:
            raise NotFoundError(f"client {client_id}")
        return client

    def _respondent(self, session: Session, respondent_id: int) -> Respondent:
        respondent = session.scalar(
            select(Respondent).where(Respondent.owner == self.owner, Respondent.id == respondent_id)
        )
        if respondent is None:
            raise NotFoundError(f"respondent {respondent_id}")
        return respondent

    def _touch(self, session: Session, client_id: int) -> None:
        """The client was changed now (its list shows the latest first)."""
        session.execute(
            update(Client)
            .where(Client.owner == self.owner, Client.id == client_id)
            .values(updated_at=utc_now())
        )

    # ------------------------------------------------------------ files

    def _keep_files(self, session: Session, files: Mapping[str, bytes]) -> None:
        """Store each file's bytes once (by digest) for this owner.

        An existing blob is updated in place rather than skipped: the row lock that takes
        makes a concurrent clean-up (``_drop_unused``) wait for this transaction and
        then leave the blob alone, instead of deleting it under a new link.
        """
        for digest, data in files.items():
            if hashlib.sha256(data).hexdigest() != digest:
                raise ValueError(f"the bytes given for {digest} do not have that sha256")
            insert = _insert(session)(Blob).values(
                owner=self.owner, digest=digest, size=len(data), data=data, created_at=utc_now()
            )
            session.execute(
                insert.on_conflict_do_update(
                    index_elements=["owner", "digest"], set_={"size": insert.excluded.size}
                )
            )

    def _files(self, session: Session, digests: Iterable[str]) -> dict[str, bytes]:
        wanted = set(digests)
        if not wanted:
            return {}
        rows = session.execute(
            select(Blob.digest, Blob.data).where(Blob.owner == self.owner, Blob.digest.in_(wanted))
        )
        return dict(rows.all())  # a list of rows: a Result itself looks like a mapping

    def _drop_unused(self, session: Session, digests: Iterable[str]) -> None:
        """Delete the blobs among ``digests`` that no report or draft uses any more.

        Best effort, in a savepoint: when another transaction has just linked one of them,
        that one stays (and is collected the next time) while this write goes on.
        """
        candidates = set(digests)
        if not candidates:
            return
        used_by_report = exists().where(
            ReportFile.owner == Blob.owner, ReportFile.digest == Blob.digest
        )
        used_by_draft = exists().where(
            DraftFile.owner == Blob.owner, DraftFile.digest == Blob.digest
        )
        try:
            with session.begin_nested():
                session.execute(
                    delete(Blob).where(
                        Blob.owner == self.owner,
                        Blob.digest.in_(candidates),
                        ~used_by_report,
                        ~used_by_draft,
                    )
                )
        except IntegrityError:
            pass


def _gone() -> StorageError:
    return NotFoundError("a linked record was deleted meanwhile")


def _insert(session: Session) -> Any:
    """The INSERT … ON CONFLICT construct of the session's database."""
    dialect = session.get_bind().dialect.name
    return postgresql.insert if dialect == "postgresql" else sqlite.insert


def plain_json(value: Any, what: str) -> Any:
    """``value`` as it will be stored and read back: JSON, without NaN or infinities
    (which JSON has no words for; a missing number is ``None``)."""
    try:
        return json.loads(json.dumps(value, allow_nan=False))
    except (TypeError, ValueError) as error:
        raise ValueError(f"{what} must be plain JSON data: {error}") from error


def _detail(error: BaseException) -> str:
    if isinstance(error, DBAPIError) and error.orig is not None:
        return f"{type(error.orig).__name__}: {error.orig}".strip()
    return f"{type(error).__name__}: {error}".strip()
