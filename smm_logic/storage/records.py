"""What the workspace gives back: plain, frozen values (never live ORM objects, which
would reach back into a closed transaction when read later)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

JsonObject = dict[str, Any]  # what json.dumps takes, with str keys


@dataclass(frozen=True)
class ClientInfo:
    id: int
    name: str
    archived: bool
    created_at: datetime
    updated_at: datetime


@dataclass(frozen=True)
class RespondentInfo:
    id: int
    client_id: int
    name: str
    role: str  # one of models.ROLES


@dataclass(frozen=True)
class SavedAssessment:
    id: int
    client_id: int
    respondent: RespondentInfo
    taken_on: date
    # question id → option id, as saved: ids a later question bank retired stay in
    # (``smm_logic.usecases.saved_answers`` leaves them out when scoring)
    answers: Mapping[str, str]
    bank_version: int
    saved_at: datetime


@dataclass(frozen=True)
class ReportToSave:
    """A report to keep with a client: its source and reading choices, and its KPIs.

    ``source`` is the plain data of the session's report source (``to_dict()`` of a
    ``shell.session`` FileSource, FilesSource or RowsSource); ``files`` holds the bytes
    its files name by sha256 (``Session.files()``). ``kpis`` is a JSON object of the
    numbers as computed (e.g. ``{"overall": {kpi id: value or None}, ...}``).
    """

    name: str
    source: JsonObject
    files: Mapping[str, bytes] = field(repr=False)
    profile: str | None = None
    period: tuple[date, date] | None = None
    overrides: Mapping[str, str | None] = field(default_factory=dict)
    kpis: JsonObject = field(default_factory=dict)


@dataclass(frozen=True)
class ReportInfo:
    """A saved report without its files (what a list or a history shows)."""

    id: int
    client_id: int
    name: str
    profile: str | None
    period: tuple[date, date] | None
    overrides: Mapping[str, str | None]
    kpis: JsonObject
    saved_at: datetime


@dataclass(frozen=True)
class SavedReport:
    """A saved report with what it takes to read it again."""

    info: ReportInfo
    source: JsonObject
    files: Mapping[str, bytes] = field(repr=False)


@dataclass(frozen=True)
class Draft:
    """Work in progress as last saved: ``Session.restore(data, files)`` puts it back;
    the next save passes ``revision`` to prove it started from this copy."""

    data: JsonObject
    files: Mapping[str, bytes] = field(repr=False)
    revision: int
    saved_at: datetime


@dataclass(frozen=True)
class ClientHistory:
    """Everything saved for a client, oldest first."""

    client: ClientInfo
    respondents: tuple[RespondentInfo, ...]
    assessments: tuple[SavedAssessment, ...]
    reports: tuple[ReportInfo, ...]
    targets: Mapping[str, float]
