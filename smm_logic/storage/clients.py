"""Clients, their respondents, the respondents' assessments and the client's targets."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from math import isfinite

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from smm_logic.storage.base import Scope, plain_json
from smm_logic.storage.errors import NameTakenError, NotFoundError
from smm_logic.storage.models import (
    ROLES,
    Assessment,
    Client,
    Report,
    ReportFile,
    Respondent,
    Target,
    utc_now,
)
from smm_logic.storage.records import ClientInfo, RespondentInfo, SavedAssessment

NAME_LENGTH = 200


def _name(name: str) -> str:
    cleaned = " ".join(name.split())
    if not cleaned or len(cleaned) > NAME_LENGTH:
        raise ValueError("a name must have 1 to 200 characters")
    return cleaned


def client_info(client: Client) -> ClientInfo:
    return ClientInfo(client.id, client.name, client.archived, client.created_at, client.updated_at)


def respondent_info(respondent: Respondent) -> RespondentInfo:
    return RespondentInfo(respondent.id, respondent.client_id, respondent.name, respondent.role)


def assessment_record(assessment: Assessment, respondent: Respondent) -> SavedAssessment:
    return SavedAssessment(
        id=assessment.id,
        client_id=respondent.client_id,
        respondent=respondent_info(respondent),
        taken_on=assessment.taken_on,
        answers=dict(assessment.answers),
        bank_version=assessment.bank_version,
        saved_at=assessment.saved_at,
    )


class ClientsPart(Scope):
    # ------------------------------------------------------------ clients

    def create_client(self, name: str) -> ClientInfo:
        """A new client; ``NameTakenError`` when the owner has one of that name already."""
        client = Client(owner=self.owner, name=_name(name))
        # a conflict: the same name created at the same moment
        with self._write(conflict=lambda: NameTakenError(client.name)) as session:
            self._refuse_taken(session, client.name)
            session.add(client)
        return client_info(client)

    def rename_client(self, client_id: int, name: str) -> ClientInfo:
        new_name = _name(name)
        with self._write(conflict=lambda: NameTakenError(new_name)) as session:
            client = self._client(session, client_id)
            if client.name != new_name:
                self._refuse_taken(session, new_name)
            client.name, client.updated_at = new_name, utc_now()
        return client_info(client)

    def archive_client(self, client_id: int, archived: bool = True) -> ClientInfo:
        """Hide a client from the list (``archived=False`` brings it back); nothing is lost."""
        with self._write() as session:
            client = self._client(session, client_id)
            client.archived, client.updated_at = archived, utc_now()
        return client_info(client)

    def delete_client(self, client_id: int) -> None:
        """Delete a client and everything saved for it (respondents, assessments,
        reports, targets). The page asks for confirmation first; this cannot be undone."""
        with self._write() as session:
            client = self._client(session, client_id)
            digests = self._report_digests(session, client_id)
            session.delete(client)
            session.flush()  # the database cascades to every child row
            self._drop_unused(session, digests)

    def list_clients(self, *, include_archived: bool = False) -> list[ClientInfo]:
        """The owner's clients, the most recently changed first."""
        query = select(Client).where(Client.owner == self.owner)
        if not include_archived:
            query = query.where(Client.archived.is_(False))
        with self._read() as session:
            clients = session.scalars(query.order_by(Client.updated_at.desc(), Client.id.desc()))
            return [client_info(client) for client in clients]

    def get_client(self, client_id: int) -> ClientInfo:
        with self._read() as session:
            return client_info(self._client(session, client_id))

    def _refuse_taken(self, session: Session, name: str) -> None:
        taken = session.scalar(
            select(Client.id).where(Client.owner == self.owner, Client.name == name)
        )
        if taken is not None:
            raise NameTakenError(name)

    def _report_digests(self, session: Session, client_id: int) -> set[str]:
        """The files the client's reports are read from."""
        rows = session.scalars(
            select(ReportFile.digest)
            .join(Report, Report.id == ReportFile.report_id)
            .where(ReportFile.owner == self.owner, Report.owner == self.owner)
            .where(Report.client_id == client_id)
        )
        return set(rows)

    # ------------------------------------------------------------ respondents

    def add_respondent(self, client_id: int, name: str, role: str) -> RespondentInfo:
        """Someone at the client who answers: role ``owner``, ``smm``, ``sales`` or ``other``."""
        if role not in ROLES:
            raise ValueError(f"a respondent's role is one of {', '.join(ROLES)}, not {role!r}")
        respondent = Respondent(owner=self.owner, client_id=client_id, name=_name(name), role=role)
        with self._write() as session:
            self._client(session, client_id)
            session.add(respondent)
            self._touch(session, client_id)
        return respondent_info(respondent)

    def remove_respondent(self, respondent_id: int) -> None:
        """Remove a respondent and their assessments."""
        with self._write() as session:
            respondent = self._respondent(session, respondent_id)
            session.delete(respondent)
            self._touch(session, respondent.client_id)

    def list_respondents(self, client_id: int) -> list[RespondentInfo]:
        with self._read() as session:
            self._client(session, client_id)
            return [respondent_info(item) for item in self._respondents(session, client_id)]

    def _respondents(self, session: Session, client_id: int) -> list[Respondent]:
        query = select(Respondent).where(
            Respondent.owner == self.owner, Respondent.client_id == client_id
        )
        return list(session.scalars(query.order_by(Respondent.id)))

    # ------------------------------------------------------------ assessments

    def save_assessment(
        self,
        respondent_id: int,
        answers: Mapping[str, str],
        bank_version: int,
        taken_on: date | None = None,
    ) -> SavedAssessment:
        """Keep a respondent's answers (question id → option id) under the question
        bank's version; ``taken_on`` is today (UTC) unless given."""
        plain = plain_json({str(q): str(option) for q, option in answers.items()}, "answers")
        with self._write() as session:
            respondent = self._respondent(session, respondent_id)
            assessment = Assessment(
                owner=self.owner,
                respondent_id=respondent_id,
                taken_on=taken_on or utc_now().date(),
                answers=plain,
                bank_version=int(bank_version),
            )
            session.add(assessment)
            self._touch(session, respondent.client_id)
        return assessment_record(assessment, respondent)

    def list_assessments(self, client_id: int) -> list[SavedAssessment]:
        """Every assessment of the client's respondents, oldest first."""
        with self._read() as session:
            self._client(session, client_id)
            return self._assessments(session, client_id)

    def open_assessment(self, assessment_id: int) -> SavedAssessment:
        with self._read() as session:
            row = session.execute(
                select(Assessment, Respondent)
                .join(Respondent, Respondent.id == Assessment.respondent_id)
                .where(Assessment.owner == self.owner, Assessment.id == assessment_id)
                .where(Respondent.owner == self.owner)
            ).one_or_none()
            if row is None:
                raise NotFoundError(f"assessment {assessment_id}")
            return assessment_record(*row)

    def delete_assessment(self, assessment_id: int) -> None:
        with self._write() as session:
            assessment = session.scalar(
                select(Assessment).where(
                    Assessment.owner == self.owner, Assessment.id == assessment_id
                )
            )
            if assessment is None:
                raise NotFoundError(f"assessment {assessment_id}")
            client_id = self._respondent(session, assessment.respondent_id).client_id
            session.delete(assessment)
            self._touch(session, client_id)

    def _assessments(self, session: Session, client_id: int) -> list[SavedAssessment]:
        rows = session.execute(
            select(Assessment, Respondent)
            .join(Respondent, Respondent.id == Assessment.respondent_id)
            .where(Assessment.owner == self.owner, Respondent.owner == self.owner)
            .where(Respondent.client_id == client_id)
            .order_by(Assessment.taken_on, Assessment.id)
        )
        return [assessment_record(assessment, respondent) for assessment, respondent in rows]

    # ------------------------------------------------------------ targets

    def set_targets(self, client_id: int, targets: Mapping[str, float]) -> None:
        """Make ``targets`` (KPI id → number) the client's targets, replacing all before."""
        values = {str(kpi): _number(value) for kpi, value in targets.items()}
        with self._write() as session:
            self._client(session, client_id, lock=True)
            session.execute(
                delete(Target).where(Target.owner == self.owner, Target.client_id == client_id)
            )
            session.add_all(
                Target(owner=self.owner, client_id=client_id, kpi=kpi, value=value)
                for kpi, value in values.items()
            )
            self._touch(session, client_id)

    def get_targets(self, client_id: int) -> dict[str, float]:
        with self._read() as session:
            self._client(session, client_id)
            return self._targets(session, client_id)

    def _targets(self, session: Session, client_id: int) -> dict[str, float]:
        rows = session.execute(
            select(Target.kpi, Target.value)
            .where(Target.owner == self.owner, Target.client_id == client_id)
            .order_by(Target.kpi)
        )
        return dict(rows.all())  # a list of rows: a Result itself looks like a mapping


def _number(value: float) -> float:
    number = float(value)
    if not isfinite(number):
        raise ValueError("a target must be a finite number")
    return number
