"""The session: every value the pages share, typed, with every key name in one place.

Pages read and write session state only through ``Session``; its properties hold the
values themselves (a report source, the overrides, the answers…), and its constants
name the widgets bound to state. ``seed`` gives every shared value its default, and
re-assigns the widget values listed in ``KEPT`` on every run: widgets forget their
value when their page is not rendered, and re-assigning is Streamlit's documented way
to keep it across pages.

``Session.to_dict`` is the plain-data view of the shared values (JSON-able; an
uploaded file's bytes are kept aside, by digest, in ``Session.files``), and
``Session.restore`` puts such a view back: what a session file or a database keeps.
Working copies of the data editors (typed numbers not yet calculated) are not part of
it.
"""

from __future__ import annotations

import hashlib
import math
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, Literal, Protocol, TypeAlias, cast, get_args

import pandas as pd
import streamlit as st

from smm_logic.report.profiles import AUTO, profiles
from smm_logic.text import Lang, Message, normalize_lang

# ---------------------------------------------------------------- keys

# Values the pages share (not bound to widgets).
SOURCE = "numbers_source"
OVERRIDES = "numbers_overrides"
# The source profile to read the report with: "auto" (recognised), a profile id, or None.
PROFILE = "numbers_profile"
TARGETS = "numbers_targets"
ERROR = "numbers_error"
# How many uploads were handled: the uploader's key carries it, so each upload starts empty.
UPLOADS_HANDLED = "numbers_uploads_handled"
ANSWERS = "assessment_answers"
RESPONDENT = "assessment_respondent"
STEP = "assessment_step"
FROM_REVIEW = "assessment_from_review"
# Widgets whose values the pages share; kept across page switches.
LANG = "lang"
INPUT_MODE = "numbers_input_mode"
SCOPE = "numbers_scope"
PERIOD = "numbers_period"
COMPARE = "numbers_compare"
KEPT = (LANG, INPUT_MODE, SCOPE, PERIOD, COMPARE)
# Widgets read through state on their own page, and the tables the editors start from.
UPLOAD_WIDGET = "numbers_upload"
MANUAL_EDITOR = "numbers_manual_editor"
# The Numbers page's choice of source profile (its value goes to PROFILE).
PROFILE_CHOICE = "numbers_profile_choice"
MANUAL_TABLE = "numbers_manual_table"
MANUAL_DRAFT = "numbers_manual_draft"
TARGETS_EDITOR = "numbers_targets_editor"
TARGETS_TABLE = "numbers_targets_table"
# The Numbers page's chart tab in view (only its chart is drawn), whether the chart of
# its targets is open (drawn only then), and the search of its scope list when a report
# has too many accounts to list them all.
CHART_TAB = "numbers_chart_tab"
TARGET_CHART_OPEN = "numbers_target_chart_open"
SCOPE_SEARCH = "numbers_scope_search"
MAPPING_WIDGET_PREFIX = "numbers_map_"
RESPONDENT_WIDGET = "assessment_respondent_pick"
QUESTION_WIDGET_PREFIX = "assessment_q_"

InputMode = Literal["upload", "sample", "manual"]
INPUT_MODES: tuple[InputMode, ...] = get_args(InputMode)

# Every shared value's default, made afresh for each session.
DEFAULTS: dict[str, Callable[[], object]] = {
    SOURCE: lambda: None,
    OVERRIDES: dict,
    PROFILE: lambda: AUTO,
    TARGETS: dict,
    ERROR: lambda: None,
    UPLOADS_HANDLED: lambda: 0,
    ANSWERS: dict,
    RESPONDENT: lambda: "owner",
    STEP: lambda: 0,
    FROM_REVIEW: lambda: False,
    INPUT_MODE: lambda: "upload",
    COMPARE: lambda: True,
}
# Version of the plain-data view (``Session.to_dict``).
VERSION = 1


def mapping_widget_key(sheet: str, letter: str) -> str:
    """The key of the mapping choice of one column of the report."""
    return f"{MAPPING_WIDGET_PREFIX}{sheet}_{letter}"


def upload_widget_key(uploads_handled: int) -> str:
    """The file uploader's key after ``uploads_handled`` uploads: a fresh key after each
    upload empties the uploader, so the next upload is a report of its own, never joined
    to the files before it."""
    return UPLOAD_WIDGET if uploads_handled == 0 else f"{UPLOAD_WIDGET}_{uploads_handled}"


def question_widget_key(question_id: str) -> str:
    return f"{QUESTION_WIDGET_PREFIX}{question_id}"


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


# ---------------------------------------------------------------- values

JsonValue: TypeAlias = Any  # what json.dumps takes: dicts, lists, str, int, float, bool, None


@dataclass(frozen=True)
class FileSource:
    """A report file (uploaded or bundled): its name, the sha256 of its bytes, the bytes."""

    name: str
    digest: str
    data: bytes = field(repr=False, compare=False)  # the digest stands for it

    @classmethod
    def of(cls, name: str, data: bytes) -> FileSource:
        return cls(name, sha256(data), data)

    @property
    def content_key(self) -> str:
        """What the report's content is known by in the caches."""
        return "file:" + self.digest

    def to_dict(self) -> dict[str, JsonValue]:
        return {"kind": "file", "name": self.name, "digest": self.digest}


@dataclass(frozen=True)
class RowsSource:
    """Typed rows (the manual entry): a header row, then rows of cells. Two are equal
    when their names and the digests of their rows are (a NaN cell equals a NaN)."""

    name: str
    rows: tuple[tuple[object, ...], ...] = field(compare=False)
    digest: str = field(init=False, repr=False)

    def __post_init__(self) -> None:
        rows = tuple(tuple(row) for row in self.rows)
        object.__setattr__(self, "rows", rows)
        object.__setattr__(self, "digest", sha256(repr(rows).encode()))

    @classmethod
    def of(cls, name: str, rows: Iterable[Iterable[object]]) -> RowsSource:
        return cls(name, tuple(tuple(row) for row in rows))

    @property
    def content_key(self) -> str:
        return "rows:" + self.digest

    def to_dict(self) -> dict[str, JsonValue]:
        rows = [[_plain_cell(cell) for cell in row] for row in self.rows]
        return {"kind": "rows", "name": self.name, "rows": rows}


@dataclass(frozen=True)
class FilesSource:
    """Several report files uploaded together, read as one report (kpi-spec §4)."""

    parts: tuple[FileSource, ...]

    @property
    def name(self) -> str:
        return ", ".join(part.name for part in self.parts)

    @property
    def content_key(self) -> str:
        joined = "\n".join(f"{part.name}\t{part.digest}" for part in self.parts)
        return "files:" + sha256(joined.encode())

    def to_dict(self) -> dict[str, JsonValue]:
        return {"kind": "files", "parts": [part.to_dict() for part in self.parts]}


ReportSource: TypeAlias = FileSource | FilesSource | RowsSource


def source_from_dict(
    data: Mapping[str, Any], files: Mapping[str, bytes] | None = None
) -> ReportSource:
    """The source of its plain-data form; a file's bytes come from ``files`` by digest."""
    kind = data.get("kind", "rows" if "rows" in data else "file")
    if kind == "files":
        parts = tuple(_file_from_dict(part, files) for part in data["parts"])
        return FilesSource(parts)
    name = str(data["name"])
    if kind == "rows":
        return RowsSource.of(name, ([_cell(cell) for cell in row] for row in data["rows"]))
    if kind != "file":
        raise ValueError(f"unknown report source kind {kind!r}")
    return _file_from_dict(data, files)


def _file_from_dict(data: Mapping[str, Any], files: Mapping[str, bytes] | None) -> FileSource:
    name = str(data["name"])
    content_digest = str(data["digest"])
    content = data.get("data")
    if not isinstance(content, bytes):
        if files is None or content_digest not in files:
            raise ValueError(f"the bytes of {name} ({content_digest}) are missing")
        content = files[content_digest]
    return FileSource(name, content_digest, content)


def _plain_cell(value: object) -> JsonValue:
    """A typed cell as JSON: dates and times tagged with ISO text, other numbers as numbers."""
    if value is pd.NaT:
        return None
    if isinstance(value, datetime):
        return {"datetime": value.isoformat()}
    if isinstance(value, date):
        return {"date": value.isoformat()}
    item = getattr(value, "item", None)  # numpy scalars
    plain = item() if callable(item) and not isinstance(value, str | bytes) else value
    if isinstance(plain, float) and not math.isfinite(plain):
        return {"float": repr(plain)}
    if plain is None or isinstance(plain, str | int | float | bool):
        return plain
    return str(plain)


def _cell(value: JsonValue) -> object:
    if isinstance(value, Mapping):
        if "datetime" in value:
            return datetime.fromisoformat(value["datetime"])
        if "date" in value:
            return date.fromisoformat(value["date"])
        if "float" in value:
            return float(value["float"])
    return value


@dataclass(frozen=True)
class UploadError:
    """The last report that could not be read: its name and what was wrong."""

    name: str
    message: Message

    def to_dict(self) -> dict[str, JsonValue]:
        params = {key: _plain_param(value) for key, value in self.message.params.items()}
        return {"name": self.name, "key": self.message.key, "params": params}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> UploadError:
        return cls(str(data["name"]), Message(str(data["key"]), dict(data.get("params", {}))))


def _plain_param(value: object) -> JsonValue:
    if value is None or isinstance(value, str | int | float | bool):
        return value
    if isinstance(value, list | tuple):
        return [_plain_param(item) for item in value]
    return str(value)


# ---------------------------------------------------------------- the session


class Store(Protocol):
    """What a session is kept in: ``st.session_state``, AppTest's, or a plain dict."""

    def __getitem__(self, key: str, /) -> Any: ...
    def __setitem__(self, key: str, value: Any, /) -> None: ...
    def __delitem__(self, key: str, /) -> None: ...
    def __contains__(self, key: object, /) -> bool: ...
    def __iter__(self) -> Iterator[Any]: ...


class Session:
    """Typed access to one user's session state (``st.session_state`` by default).

    A mapping of plain data may stand in for a source or an error (as ``restore`` or a
    test leaves it); reading it gives the typed value, which is then kept.
    """

    def __init__(self, store: Store | None = None) -> None:
        self._store: Store = st.session_state if store is None else store

    def _get(self, key: str, default: Any = None) -> Any:
        try:
            return self._store[key]
        except KeyError:
            return default

    def _forget(self, *keys: str) -> None:
        for key in keys:
            if key in self._store:
                del self._store[key]

    # ------------------------------------------------------------ lifecycle

    def seed(self, locale: str | None = None) -> None:
        """Defaults for every shared value, the language from the browser the first
        time, and the kept widget values re-assigned so that they survive this run."""
        for key, default in DEFAULTS.items():
            if key not in self._store:
                self._store[key] = default()
        if LANG not in self._store:
            self._store[LANG] = normalize_lang(locale)
        for key in KEPT:
            if key in self._store:
                self._store[key] = self._store[key]

    @property
    def seeded(self) -> bool:
        """Whether the frame has run in this session (it seeds the language)."""
        return LANG in self._store

    # ------------------------------------------------------------ language

    @property
    def lang(self) -> Lang:
        return "ru" if self._get(LANG, "en") == "ru" else "en"

    @lang.setter
    def lang(self, value: Lang) -> None:
        self._store[LANG] = value

    # ------------------------------------------------------------ numbers

    @property
    def source(self) -> ReportSource | None:
        """The report the Numbers page shows."""
        value = self._get(SOURCE)
        if value is None or isinstance(value, FileSource | FilesSource | RowsSource):
            return value
        source = source_from_dict(value)
        self._store[SOURCE] = source
        return source

    @source.setter
    def source(self, value: ReportSource | None) -> None:
        self._store[SOURCE] = value

    @property
    def overrides(self) -> Mapping[str, str | None]:
        """Mapping overrides of the loaded report: metric id → header, or None to leave out."""
        return cast(Mapping[str, str | None], self._get(OVERRIDES, {}))

    @overrides.setter
    def overrides(self, value: Mapping[str, str | None]) -> None:
        self._store[OVERRIDES] = dict(value)

    @property
    def profile(self) -> str | None:
        """The export profile to read the report with: ``AUTO`` (the one its headers show),
        a profile id the user chose, or ``None`` (the metric catalog alone)."""
        value = self._get(PROFILE, AUTO)
        return value if value is None or value == AUTO or value in profiles() else AUTO

    @profile.setter
    def profile(self, value: str | None) -> None:
        self._store[PROFILE] = value

    @property
    def targets(self) -> Mapping[str, float]:
        """The company's targets: KPI id → number."""
        return cast(Mapping[str, float], self._get(TARGETS, {}))

    @targets.setter
    def targets(self, value: Mapping[str, float]) -> None:
        self._store[TARGETS] = dict(value)

    @property
    def error(self) -> UploadError | None:
        """The last report that could not be read (the one loaded before stays)."""
        value = self._get(ERROR)
        if value is None or isinstance(value, UploadError):
            return value
        error = UploadError.from_dict(value)
        self._store[ERROR] = error
        return error

    @error.setter
    def error(self, value: UploadError | None) -> None:
        self._store[ERROR] = value

    @property
    def upload_widget(self) -> str:
        """The key of the file uploader as the page draws it now."""
        return upload_widget_key(int(self._get(UPLOADS_HANDLED, 0)))

    def upload_handled(self) -> None:
        """The files in the uploader were read (or refused): the next run draws it empty."""
        self._store[UPLOADS_HANDLED] = int(self._get(UPLOADS_HANDLED, 0)) + 1

    @property
    def input_mode(self) -> InputMode:
        value = self._get(INPUT_MODE)
        return value if value in INPUT_MODES else "upload"

    @input_mode.setter
    def input_mode(self, value: InputMode) -> None:
        self._store[INPUT_MODE] = value

    @property
    def scope(self) -> str | None:
        """The key of the scope chosen (``smm_logic.kpis.scope.Scope.key``)."""
        value = self._get(SCOPE)
        return None if value is None else str(value)

    @scope.setter
    def scope(self, value: str) -> None:
        self._store[SCOPE] = value

    @property
    def period(self) -> tuple[date, ...] | None:
        """The dates picked: (start, end), or (start,) while the end is being picked."""
        value = self._get(PERIOD)
        if isinstance(value, tuple) and all(isinstance(day, date) for day in value):
            return value
        return None

    @period.setter
    def period(self, value: tuple[date, date]) -> None:
        self._store[PERIOD] = value

    @property
    def compare(self) -> bool:
        """Whether the KPI cards compare with the previous period."""
        return bool(self._get(COMPARE, True))

    @compare.setter
    def compare(self, value: bool) -> None:
        self._store[COMPARE] = value

    def use_source(self, source: ReportSource, mode: InputMode | None = None) -> None:
        """Make ``source`` the loaded report; its mapping, scope and period start afresh.

        ``mode`` sets the Numbers page's input choice; only callers that run before that
        widget exists (the Start page) may pass it.
        """
        self.source = source
        self.overrides = {}
        self.profile = AUTO
        self.error = None
        if mode is not None:
            self.input_mode = mode
        self.forget_mappings()
        self._forget(SCOPE, PERIOD)

    def mapping_choice(self, widget_key: str) -> str | None:
        """The metric chosen in a column's mapping widget (None: the column is not used)."""
        value = self._get(widget_key)
        return None if value is None else str(value)

    def forget_mappings(self, keep: str | None = None) -> None:
        """Drop the columns' mapping widgets (but ``keep``): they follow a new reading."""
        for key in [k for k in self._store if str(k).startswith(MAPPING_WIDGET_PREFIX)]:
            if key != keep:
                del self._store[key]

    # ------------------------------------------------------------ numbers: editors

    @property
    def manual_editor_shown(self) -> bool:
        """Whether the typed-numbers editor was on the page in the last run."""
        return MANUAL_EDITOR in self._store

    @property
    def manual_draft(self) -> pd.DataFrame | None:
        """The typed numbers as last edited, so that they survive page switches."""
        value = self._get(MANUAL_DRAFT)
        return value if isinstance(value, pd.DataFrame) else None

    @manual_draft.setter
    def manual_draft(self, value: pd.DataFrame) -> None:
        self._store[MANUAL_DRAFT] = value

    @property
    def manual_table(self) -> pd.DataFrame:
        """The table the typed-numbers editor starts from (set before it is drawn)."""
        return cast(pd.DataFrame, self._store[MANUAL_TABLE])

    @manual_table.setter
    def manual_table(self, value: pd.DataFrame) -> None:
        self._store[MANUAL_TABLE] = value

    @property
    def targets_editor_shown(self) -> bool:
        return TARGETS_EDITOR in self._store

    @property
    def targets_table(self) -> pd.DataFrame:
        """The table the targets editor starts from (set before it is drawn)."""
        return cast(pd.DataFrame, self._store[TARGETS_TABLE])

    @targets_table.setter
    def targets_table(self, value: pd.DataFrame) -> None:
        self._store[TARGETS_TABLE] = value

    # ------------------------------------------------------------ assessment

    @property
    def answers(self) -> Mapping[str, str]:
        """The self-assessment's answers: question id → option id."""
        return cast(Mapping[str, str], self._get(ANSWERS, {}))

    @answers.setter
    def answers(self, value: Mapping[str, str]) -> None:
        self._store[ANSWERS] = dict(value)

    @property
    def respondent(self) -> str:
        """Who answers (``smm_logic.assessment.bank.RESPONDENTS``)."""
        return str(self._get(RESPONDENT, "owner"))

    @respondent.setter
    def respondent(self, value: str) -> None:
        self._store[RESPONDENT] = value

    @property
    def step(self) -> int:
        """The section shown: 0…n-1 a dimension in order, n the review of every answer."""
        return int(self._get(STEP, 0))

    @step.setter
    def step(self, value: int) -> None:
        self._store[STEP] = value

    @property
    def from_review(self) -> bool:
        """Whether the section shown was opened from the review (its Next goes back)."""
        return bool(self._get(FROM_REVIEW, False))

    @from_review.setter
    def from_review(self, value: bool) -> None:
        self._store[FROM_REVIEW] = value

    def question_choice(self, question_id: str) -> str | None:
        """The option picked in a question's widget, submitted or not."""
        value = self._get(question_widget_key(question_id))
        return None if value is None else str(value)

    def offer_answer(self, question_id: str, choice: str) -> None:
        """Start a question's widget at a saved answer, unless it already has a value."""
        key = question_widget_key(question_id)
        if key not in self._store:
            self._store[key] = choice

    def offer_profile(self) -> None:
        """Show the profile choice at the profile the report is read with (the report's
        reset puts it back to ``AUTO``, so the widget follows rather than keeps it)."""
        self._store[PROFILE_CHOICE] = self.profile

    def take_profile_choice(self) -> None:
        """Read the report with the profile chosen; the columns' mapping follows it."""
        self.profile = self._store[PROFILE_CHOICE]
        self.forget_mappings()

    def open_answers(self, answers: Mapping[str, str], respondent: str) -> None:
        """Make saved ``answers`` the session's (the Workshop opens one back): the question
        widgets and the respondent widget start again from them, at the review."""
        self.answers = answers
        self.respondent = respondent
        self.from_review = False
        # The page clamps the step to its sections: one past them all is the review.
        self.step = 10_000 if answers else 0
        self._forget(RESPONDENT_WIDGET)
        for key in [k for k in self._store if str(k).startswith(QUESTION_WIDGET_PREFIX)]:
            del self._store[key]

    def offer_respondent(self) -> None:
        """Start the respondent widget at the saved respondent, unless it has a value."""
        if RESPONDENT_WIDGET not in self._store:
            self._store[RESPONDENT_WIDGET] = self.respondent

    # ------------------------------------------------------------ plain data

    def to_dict(self) -> dict[str, JsonValue]:
        """The shared values as JSON-able data (a file's bytes are in ``files``)."""
        source, error, period = self.source, self.error, self.period
        return {
            "version": VERSION,
            "lang": self.lang,
            "numbers": {
                "source": None if source is None else source.to_dict(),
                "overrides": dict(self.overrides),
                "profile": self.profile,
                "targets": dict(self.targets),
                "error": None if error is None else error.to_dict(),
                "input_mode": self.input_mode,
                "scope": self.scope,
                "period": None if period is None else [day.isoformat() for day in period],
                "compare": self.compare,
            },
            "assessment": {
                "answers": dict(self.answers),
                "respondent": self.respondent,
                "step": self.step,
                "from_review": self.from_review,
            },
        }

    def files(self) -> dict[str, bytes]:
        """The bytes ``to_dict`` leaves out: the loaded files', by digest."""
        source = self.source
        if isinstance(source, FileSource):
            return {source.digest: source.data}
        if isinstance(source, FilesSource):
            return {part.digest: part.data for part in source.parts}
        return {}

    def restore(self, data: Mapping[str, Any], files: Mapping[str, bytes] | None = None) -> None:
        """Put the values of ``to_dict`` back (before any widget of them is drawn)."""
        if data.get("version") != VERSION:
            raise ValueError(f"unknown session data version {data.get('version')!r}")
        numbers, assessment = data["numbers"], data["assessment"]
        self.lang = normalize_lang(data["lang"])
        source = numbers["source"]
        self.source = None if source is None else source_from_dict(source, files)
        self.overrides = numbers["overrides"]
        self.profile = numbers.get("profile", AUTO)
        self.targets = {kpi: float(value) for kpi, value in numbers["targets"].items()}
        error = numbers["error"]
        self.error = None if error is None else UploadError.from_dict(error)
        mode = numbers["input_mode"]
        self.input_mode = mode if mode in INPUT_MODES else "upload"
        # The scope and period are checked against the report when the page draws them.
        self._forget(SCOPE, PERIOD)
        if numbers["scope"] is not None:
            self.scope = str(numbers["scope"])
        if numbers["period"] is not None and len(numbers["period"]) == 2:
            start, end = (date.fromisoformat(day) for day in numbers["period"])
            self.period = (start, end)
        self.compare = bool(numbers["compare"])
        self.answers = {str(q): str(option) for q, option in assessment["answers"].items()}
        self.respondent = str(assessment["respondent"])
        self.step = int(assessment["step"])
        self.from_review = bool(assessment["from_review"])
