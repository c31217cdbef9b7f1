"""The Workshop's side of the app: what is saved to a client from the session, what a
saved record puts back into it, and the inputs of the comparison and the history.

The Workshop page and the invitation page keep a few values of their own in the
session (the chosen client, a pending deletion, an invitation's token); ``WorkshopState``
names every key they use.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any
from urllib.parse import urlencode, urlsplit, urlunsplit

import streamlit as st

from shell import reports
from shell.session import (
    FileSource,
    InputMode,
    Session,
    Store,
    source_from_dict,
)
from smm_logic.assessment.bank import QuestionBank, current_choices
from smm_logic.assessment.history import DatedAnswers, DatedKpis
from smm_logic.assessment.respondents import RespondentAnswers
from smm_logic.kpis.periods import Period
from smm_logic.kpis.scope import ALL_GROUPS
from smm_logic.storage import ClientHistory, ReportToSave, SavedAssessment, SavedReport
from smm_logic.usecases import analyse_report

# The query parameter of an invitation link: ``<app url>?invite=<token>``.
INVITE_PARAM = "invite"
# The question bank's respondents: a stored role without its own wording reads as "other".
BANK_RESPONDENT = {"owner": "owner", "smm": "smm"}

# Keys of the Workshop page (widgets and values).
CLIENT = "workshop_client"
SHOW_ARCHIVED = "workshop_show_archived"
NEW_CLIENT_NAME = "workshop_new_client_name"
PENDING_DELETE = "workshop_pending_delete"
PENDING_REMOVE = "workshop_pending_remove"
NOTICE = "workshop_notice"
INVITES = "workshop_invites"
RESPONDENT_NAME = "workshop_respondent_name"
RESPONDENT_ROLE = "workshop_respondent_role"
SAVE_RESPONDENT = "workshop_save_respondent"
SAVE_DATE = "workshop_save_date"
HISTORY_WHO = "workshop_history_who"
# Keys of the invitation page.
INVITE_QUESTION_PREFIX = "invite_q_"
INVITE_SENT = "invite_sent"


def invite_question_key(question_id: str) -> str:
    return f"{INVITE_QUESTION_PREFIX}{question_id}"


class WorkshopState:
    """Typed access to the Workshop page's own values in the session."""

    def __init__(self, store: Store | None = None) -> None:
        self._store: Store = st.session_state if store is None else store

    def _get(self, key: str, default: Any = None) -> Any:
        try:
            return self._store[key]
        except KeyError:
            return default

    @property
    def client(self) -> int | None:
        value = self._get(CLIENT)
        return value if isinstance(value, int) else None

    @client.setter
    def client(self, value: int | None) -> None:
        self._store[CLIENT] = value

    @property
    def pending_delete(self) -> int | None:
        """The client whose deletion waits for confirmation."""
        value = self._get(PENDING_DELETE)
        return value if isinstance(value, int) else None

    @pending_delete.setter
    def pending_delete(self, value: int | None) -> None:
        self._store[PENDING_DELETE] = value

    @property
    def pending_remove(self) -> int | None:
        """The respondent whose removal (with their answers) waits for confirmation."""
        value = self._get(PENDING_REMOVE)
        return value if isinstance(value, int) else None

    @pending_remove.setter
    def pending_remove(self, value: int | None) -> None:
        self._store[PENDING_REMOVE] = value

    @property
    def notice(self) -> tuple[str, str] | None:
        """What the last action did (kind, text), shown once on the next run."""
        value = self._get(NOTICE)
        return value if isinstance(value, tuple) else None

    @notice.setter
    def notice(self, value: tuple[str, str] | None) -> None:
        self._store[NOTICE] = value

    def take_notice(self) -> tuple[str, str] | None:
        notice = self.notice
        self.notice = None
        return notice

    @property
    def invites(self) -> dict[int, str]:
        """Invitation tokens made in this session, by respondent (a token is shown once)."""
        value = self._get(INVITES)
        return dict(value) if isinstance(value, dict) else {}

    def keep_invite(self, respondent_id: int, token: str) -> None:
        self._store[INVITES] = {**self.invites, respondent_id: token}

    def forget(self, *keys: str) -> None:
        for key in keys:
            if key in self._store:
                del self._store[key]

    def value(self, key: str) -> Any:
        """A widget's value as last set (None before it exists)."""
        return self._get(key)

    def set(self, key: str, value: object) -> None:
        """Start a widget at ``value`` (before it is drawn)."""
        self._store[key] = value

    @property
    def invite_sent(self) -> bool:
        return bool(self._get(INVITE_SENT, False))

    @invite_sent.setter
    def invite_sent(self, value: bool) -> None:
        self._store[INVITE_SENT] = value

    def invite_choice(self, question_id: str) -> str | None:
        value = self._get(invite_question_key(question_id))
        return None if value is None else str(value)


# ---------------------------------------------------------------- session → storage


def report_to_save(session: Session) -> ReportToSave | None:
    """The session's report with its reading choices and a snapshot of its KPIs (every
    account, the period chosen on the Numbers page or the whole report); ``None`` without
    a report. A report that cannot be read raises ``ReportFormatError``."""
    source = session.source
    if source is None:
        return None
    picked = session.period
    period = Period(picked[0], picked[1]) if picked is not None and len(picked) == 2 else None
    cube = reports.cube(source, session.overrides, session.profile)
    analysis = analyse_report(cube, period=period)
    span = analysis.period
    return ReportToSave(
        name=source.name,
        source=source.to_dict(),
        files=session.files(),
        profile=session.profile,
        period=None if span is None else (span.start, span.end),
        overrides=dict(session.overrides),
        kpis={"overall": dict(analysis.result.overall), "scope": ALL_GROUPS},
    )


# ---------------------------------------------------------------- storage → session


def open_assessment(session: Session, saved: SavedAssessment, bank: QuestionBank) -> None:
    """Put a saved assessment's answers (in today's question ids) into the session."""
    role = BANK_RESPONDENT.get(saved.respondent.role, "other")
    session.open_answers(current_choices(bank, saved.answers), role)


def open_report(session: Session, saved: SavedReport, targets: Mapping[str, float]) -> None:
    """Make a saved report the session's, read as it was, with the client's targets."""
    source = source_from_dict(saved.source, saved.files)
    mode: InputMode = "upload"
    if _is_sample(source):
        mode = "sample"
    elif _is_rows(saved.source):
        mode = "manual"
    session.use_source(source, mode)
    session.overrides = dict(saved.info.overrides)
    session.profile = saved.info.profile
    if saved.info.period is not None:
        session.period = saved.info.period
    session.targets = dict(targets)


def _is_sample(source: object) -> bool:
    return isinstance(source, FileSource) and source.name == reports.SAMPLE_NAME


def _is_rows(source: Mapping[str, Any]) -> bool:
    return source.get("kind") == "rows" or "rows" in source


# ---------------------------------------------------------------- comparison and history


def latest_answers(history: ClientHistory, bank: QuestionBank) -> list[RespondentAnswers]:
    """Each respondent's latest assessment (in today's question ids), for the comparison;
    respondents who have not answered yet are left out."""
    latest: dict[int, SavedAssessment] = {}
    for saved in history.assessments:  # oldest first: a later one replaces an earlier
        latest[saved.respondent.id] = saved
    return [
        RespondentAnswers(
            key=str(saved.respondent.id),
            name=saved.respondent.name,
            role=saved.respondent.role,
            choices=current_choices(bank, saved.answers),
        )
        for saved in latest.values()
    ]


def dated_answers(
    history: ClientHistory, bank: QuestionBank, respondent_id: int | None = None
) -> list[DatedAnswers]:
    """The client's assessments for the history (one respondent's, or everyone's)."""
    return [
        DatedAnswers(
            saved.taken_on, str(saved.respondent.id), current_choices(bank, saved.answers), saved.id
        )
        for saved in history.assessments
        if respondent_id is None or saved.respondent.id == respondent_id
    ]


def dated_kpis(history: ClientHistory) -> list[DatedKpis]:
    """The client's saved reports for the history, each at the end of its period (or the
    day it was saved, when it had none)."""
    items = []
    for report in history.reports:
        day: date = report.period[1] if report.period is not None else report.saved_at.date()
        overall = report.kpis.get("overall", {})
        items.append(DatedKpis(day, overall if isinstance(overall, dict) else {}, report.id))
    return items


# ---------------------------------------------------------------- invitation links


def invite_url(token: str) -> str:
    """The link a respondent opens on their own device: this app's address with the token."""
    parts = urlsplit(st.context.url or "")
    base = str(st.get_option("server.baseUrlPath") or "").strip("/")
    path = f"/{base}/" if base else "/"
    return urlunsplit((parts.scheme, parts.netloc, path, urlencode({INVITE_PARAM: token}), ""))


def invite_token() -> str | None:
    """The invitation token of the address the page was opened with, if any."""
    value = st.query_params.get(INVITE_PARAM)
    return value if isinstance(value, str) and value else None
