"""Invitations: a respondent answers on their own device into the owner's workspace.

The owner makes a link for one respondent (``Workspace.invite``); whoever opens it gets
an ``Invitee``, which can do one thing: save that respondent's answers. It reads nothing
else of the owner's, and the token is the only key — kept in the database as its sha256,
256 random bits, never a counter.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from datetime import date

from sqlalchemy import Engine, delete, select

from smm_logic.storage.base import Scope, reading
from smm_logic.storage.clients import ClientsPart, respondent_info
from smm_logic.storage.errors import NotFoundError
from smm_logic.storage.models import Client, Invitation, Respondent
from smm_logic.storage.records import RespondentInfo, SavedAssessment
from smm_logic.storage.tokens import is_browser_token, new_browser_token


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


class InvitationsPart(Scope):
    def invite(self, respondent_id: int) -> str:
        """A new invitation token for the respondent (shown once: only its sha256 is kept).
        Put it in the link; every link of the respondent works until revoked."""
        token = new_browser_token()
        with self._write() as session:
            self._respondent(session, respondent_id)
            session.add(
                Invitation(
                    owner=self.owner, respondent_id=respondent_id, token_digest=_digest(token)
                )
            )
        return token

    def revoke_invitations(self, respondent_id: int) -> int:
        """Make every link of the respondent stop working; how many there were."""
        with self._write() as session:
            self._respondent(session, respondent_id)
            result = session.execute(
                delete(Invitation).where(
                    Invitation.owner == self.owner, Invitation.respondent_id == respondent_id
                )
            )
            return int(getattr(result, "rowcount", 0) or 0)


class Invitee:
    """Whoever opened an invitation link: they may save the invited respondent's answers,
    and see the client's and the respondent's names so the page can greet them."""

    def __init__(
        self, workspace: ClientsPart, respondent: RespondentInfo, client_name: str
    ) -> None:
        self._workspace = workspace
        self.respondent = respondent
        self.client_name = client_name

    @classmethod
    def open(cls, engine: Engine, token: str, *, read_only: bool = False) -> Invitee:
        """The invitation of ``token``; ``NotFoundError`` when there is none (never was,
        revoked, or its respondent or client deleted)."""
        if not is_browser_token(token):
            raise NotFoundError("invitation")
        with reading(engine) as session:
            row = session.execute(
                select(Invitation.owner, Respondent, Client.name)
                .join(
                    Respondent,
                    (Respondent.owner == Invitation.owner)
                    & (Respondent.id == Invitation.respondent_id),
                )
                .join(
                    Client, (Client.owner == Respondent.owner) & (Client.id == Respondent.client_id)
                )
                .where(Invitation.token_digest == _digest(token))
            ).one_or_none()
            if row is None:
                raise NotFoundError("invitation")
            owner, respondent, client_name = row
            info = respondent_info(respondent)
        return cls(ClientsPart(engine, owner, read_only=read_only), info, client_name)

    def save_assessment(
        self, answers: Mapping[str, str], bank_version: int, taken_on: date | None = None
    ) -> SavedAssessment:
        """Save the invited respondent's answers into the owner's workspace."""
        return self._workspace.save_assessment(self.respondent.id, answers, bank_version, taken_on)
