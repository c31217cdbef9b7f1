"""A report file → a clean canonical table (``Report``), with every problem recorded.

The steps follow kpi-spec §1–§2: find each sheet's header row, map headers to
canonical metrics (overridable column by column), clean the cells, skip total and
note rows, group by (platform, account) and sort by date within each group.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from itertools import chain, islice
from typing import Literal

import numpy as np
import pandas as pd

from smm_logic.cleaning import INVALID, is_total_label, parse_date, parse_number, slash_order_hint
from smm_logic.errors import ReportFormatError
from smm_logic.i18n import Lang, Message, text
from smm_logic.metrics import (
    count_metric_cells,
    header_unit,
    match_header,
    metrics,
    normalize,
    platform_from_name,
    validate_overrides,
)
from smm_logic.readers import DEFAULT_LIMITS, IngestLimits, RawSheet, SheetSource, read_sheets

log = logging.getLogger(__name__)

HEADER_SEARCH_ROWS = 20
GROUP_KEYS = ("platform", "account")
# Columns of ``Report.table`` besides the metrics: where each row came from.
SOURCE_SHEET, SOURCE_ROW = "sheet", "row"
_CHUNK_ROWS = 16_384
# Sheets this short may be tables turned on their side (metrics down, periods across).
_TRANSPOSE_MAX_ROWS = 400
SheetStatus = Literal["used", "no_header", "no_metrics", "empty", "no_rows"]


def describe_location(sheet: str, row: int | None, column: str | None, lang: Lang) -> str:
    """ "лист «Отчёт», строка 7, столбец C «Охват»" — where to look in the file."""
    parts = [f"{text('cli.sheet', lang)} «{sheet}»" if sheet else ""]
    parts.append(f"{text('cli.row', lang)} {row}" if row else "")
    parts.append(f"{text('cli.column', lang)} {column}" if column else "")
    return ", ".join(part for part in parts if part)


@dataclass(frozen=True)
class Issue:
    """A problem found in the file, located so the user can open the file and see it."""

    sheet: str
    row: int | None
    column: str | None
    message: Message

    def render(self, lang: Lang) -> str:
        return self.message.render(lang)

    def location(self, lang: Lang) -> str:
        return describe_location(self.sheet, self.row, self.column, lang)


@dataclass(frozen=True)
class SkippedRow:
    """A row left out of every KPI, and why (a column in a transposed table)."""

    sheet: str
    row: int | None
    reason: Message
    column: str | None = None

    def location(self, lang: Lang) -> str:
        return describe_location(self.sheet, self.row, self.column, lang)


@dataclass(frozen=True)
class ColumnInfo:
    """One header cell of a used sheet and what it became."""

    sheet: str
    letter: str
    header: str
    metric: str | None
    unit: str | None = None
    reason: Message | None = None
    by_user: bool = False
    # index of the field inside each record of the sheet as read
    position: int = field(default=-1, compare=False)


@dataclass(frozen=True)
class SheetInfo:
    name: str
    status: SheetStatus
    header_row: int | None = None
    rows_used: int = 0
    # metrics in rows and periods in columns, as agency reports often are
    transposed: bool = False


@dataclass(frozen=True)
class Report:
    """A cleaned report: one row per source row, canonical columns, and what happened."""

    name: str
    table: pd.DataFrame
    sheets: tuple[SheetInfo, ...]
    columns: tuple[ColumnInfo, ...]
    issues: tuple[Issue, ...]
    skipped: tuple[SkippedRow, ...]
    overrides: Mapping[str, str | None] = field(default_factory=dict)

    @property
    def rows_used(self) -> int:
        return len(self.table)

    @property
    def mapping(self) -> dict[str, str]:
        """Canonical id → the source header it was read from (first sheet that has it)."""
        found: dict[str, str] = {}
        for column in self.columns:
            if column.metric is not None:
                found.setdefault(column.metric, column.header)
        return {metric: found[metric] for metric in metrics() if metric in found}

    @property
    def unused_columns(self) -> tuple[ColumnInfo, ...]:
        return tuple(column for column in self.columns if column.metric is None)

    @property
    def metrics_present(self) -> frozenset[str]:
        """Metric ids with at least one value in the table."""
        return frozenset(
            column
            for column in self.table.columns
            if column in metrics() and self.table[column].notna().any()
        )

    @property
    def period(self) -> tuple[date, date] | None:
        dates = self.table["date"].dropna()
        if dates.empty:
            return None
        return dates.min().date(), dates.max().date()


def column_letter(index: int) -> str:
    """0 → A, 25 → Z, 26 → AA."""
    letters = ""
    index += 1
    while index:
        index, remainder = divmod(index - 1, 26)
        letters = chr(65 + remainder) + letters
    return letters


def _header_text(cell: object) -> str:
    if cell is None:
        return ""
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    return " ".join(str(cell).split())


@dataclass(frozen=True)
class _Layout:
    """Where a sheet's records and fields sit in Excel terms.

    A record is a row of the sheet and a field a column; in a transposed sheet
    (metrics down the first column, periods across) it is the other way round.
    """

    sheet: str
    first_row: int
    first_column: int
    transposed: bool = False

    def field_label(self, index: int) -> str:
        """The header cell's column letter, or its cell reference when transposed."""
        if self.transposed:
            return f"{column_letter(self.first_column)}{self.first_row + index}"
        return column_letter(self.first_column + index)

    def record_number(self, position: int) -> int:
        """Excel row of a record (its 1-based column number when transposed)."""
        if self.transposed:
            return self.first_column + position + 1
        return self.first_row + position

    def record_place(self, position: int) -> tuple[int | None, str | None]:
        if self.transposed:
            return None, column_letter(self.first_column + position)
        return self.first_row + position, None

    def cell(self, position: int, info: ColumnInfo) -> tuple[int, str]:
        """(Excel row, "column «header»") of one cell, to name it in an issue."""
        if self.transposed:
            row = self.first_row + info.position
            return row, f"{column_letter(self.first_column + position)} «{info.header}»"
        return self.first_row + position, f"{info.letter} «{info.header}»"


@dataclass
class _SheetParse:
    info: SheetInfo
    columns: list[ColumnInfo] = field(default_factory=list)
    frame: pd.DataFrame | None = None
    issues: list[Issue] = field(default_factory=list)
    skipped: list[SkippedRow] = field(default_factory=list)
    found_overrides: set[str] = field(default_factory=set)


def _is_blank(row: Sequence[object]) -> bool:
    return row.count("") + row.count(None) == len(row)


def _find_header(head: Sequence[Sequence[object]], extra: frozenset[str]) -> int | None:
    for index, row in enumerate(head):
        if count_metric_cells(row, extra) >= 2:
            return index
    return None


def _map_columns(
    layout: _Layout, cells: Sequence[object], overrides: Mapping[str, str | None]
) -> tuple[list[ColumnInfo], dict[int, str], set[str]]:
    """Header cells → column infos, the index → metric map, and the overrides found."""
    headers = [_header_text(cell) for cell in cells]
    assigned: dict[int, str] = {}
    taken: dict[str, int] = {}
    found_overrides: set[str] = set()
    for metric_id, wanted in overrides.items():
        if wanted is None:
            continue
        for index, header in enumerate(headers):
            if header and normalize(header) == normalize(wanted) and index not in assigned:
                assigned[index] = metric_id
                taken[metric_id] = index
                found_overrides.add(metric_id)
                break
    blocked = {metric_id for metric_id, wanted in overrides.items() if wanted is None}
    infos: list[ColumnInfo] = []
    sheet = layout.sheet
    for index, header in enumerate(headers):
        letter = layout.field_label(index)
        if not header:
            continue
        match = match_header(header)
        unit = match.unit.spelling if match.unit else None
        if index in assigned:
            infos.append(
                ColumnInfo(
                    sheet, letter, header, assigned[index], unit, by_user=True, position=index
                )
            )
            continue
        reason = match.reason
        if match.metric is not None:
            if match.metric in blocked:
                reason = Message("unused.unmapped_by_user")
            elif match.metric in taken:
                other = headers[taken[match.metric]]
                reason = Message("unused.duplicate", {"metric": match.metric, "other": other})
            else:
                assigned[index] = match.metric
                taken[match.metric] = index
                infos.append(ColumnInfo(sheet, letter, header, match.metric, unit, position=index))
                continue
        infos.append(ColumnInfo(sheet, letter, header, None, unit, reason, position=index))
    return infos, assigned, found_overrides


def _chunks(rows: Iterable[list[object]], size: int) -> Iterator[list[list[object]]]:
    iterator = iter(rows)
    while chunk := list(islice(iterator, size)):
        yield chunk


def _text_value(cell: object) -> str | None:
    if cell is None:
        return None
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    text = " ".join(str(cell).split())
    return text or None


class _ColumnCleaner:
    """Accumulates one column's cleaned values chunk by chunk."""

    def __init__(self, layout: _Layout, info: ColumnInfo, hours_per_unit: float | None) -> None:
        self.layout = layout
        self.info = info
        self.metric = metrics()[info.metric or ""]
        self.hours_per_unit = hours_per_unit
        self.parts: list[np.ndarray] = []
        self.raw: list[object] = []
        self.memo: dict[object, object] = {}
        self.saw_invalid = False
        # (record position, or None for the whole column; the issue)
        self.issues: list[tuple[int | None, Issue]] = []

    def add(self, values: Sequence[object], positions: list[int]) -> None:
        if self.metric.kind == "number":
            self.parts.append(self._numbers(values, positions))
        elif self.metric.kind == "text":
            # Platform and account names repeat on every row: clean each distinct cell
            # once and keep one string object for it, so the chunk's cells can be freed.
            memo = self.memo
            self.raw.extend(
                [memo[c] if c in memo else memo.setdefault(c, _text_value(c)) for c in values]
            )
        else:
            self.raw.extend(values)

    def _parse(self, value: object) -> object:
        """parse_number, remembered per distinct cell value ("—" and "n/a" repeat)."""
        parsed = parse_number(value, hours_per_unit=self.hours_per_unit)
        if parsed is INVALID:
            self.saw_invalid = True
        self.memo[value] = parsed
        return parsed

    def _numbers(self, values: Sequence[object], positions: list[int]) -> np.ndarray:
        # Float cells are the common case and skip every check; other values go
        # through the memo. This loop is the engine's hot path.
        memo, parse = self.memo, self._parse
        scale = self.hours_per_unit
        parsed: list[object]
        if scale is None:
            parsed = [v if type(v) is float else memo[v] if v in memo else parse(v) for v in values]
        else:
            parsed = [
                v * scale if type(v) is float else memo[v] if v in memo else parse(v)
                for v in values
            ]
        if self.saw_invalid:
            for i in [i for i, v in enumerate(parsed) if v is INVALID]:
                self._issue(positions[i], "issue.invalid_number", value=str(values[i])[:80])
                parsed[i] = None
        array = np.array(parsed, dtype=float)  # None → nan
        negative = np.flatnonzero(array < 0)
        for i in negative[:100]:
            self._issue(positions[int(i)], "issue.negative_value", value=f"{array[i]:g}")
        return array

    def _issue(self, position: int, key: str, **params: object) -> None:
        row, column = self.layout.cell(position, self.info)
        issue = Issue(self.layout.sheet, row, column, Message(key, params))
        self.issues.append((position, issue))

    def finish(self, positions: Sequence[int]) -> np.ndarray | list[object]:
        if self.metric.kind == "number":
            return np.concatenate(self.parts) if self.parts else np.empty(0)
        if self.metric.kind == "text":
            return self.raw
        return self._dates(positions)

    def _dates(self, positions: Sequence[int]) -> list[object]:
        month_first, proof = slash_order_hint(self.raw)
        if month_first:
            column = f"{self.info.letter} «{self.info.header}»"
            message = Message(
                "issue.month_first_dates", {"column": self.info.header, "value": proof}
            )
            self.issues.append((None, Issue(self.layout.sheet, None, column, message)))
        cache: dict[str, object] = {}
        out: list[object] = []
        for index, cell in enumerate(self.raw):
            if type(cell) is datetime and cell.tzinfo is None:
                out.append(cell)
                continue
            if isinstance(cell, str):
                value = cache.get(cell)
                if value is None:
                    value = cache[cell] = parse_date(cell, month_first=month_first)
            else:
                value = parse_date(cell)
            if value is INVALID:
                self._issue(positions[index], "issue.invalid_date", value=str(cell)[:80])
                value = None
            out.append(value)
        return out


def _hours_per_unit(info: ColumnInfo) -> float | None:
    if info.metric != "response_time":
        return None
    unit = header_unit(info.header, "response_time")
    return unit.factor if unit is not None else 1.0


def _parse_sheet(raw: RawSheet, overrides: Mapping[str, str | None]) -> _SheetParse:
    rows = raw.rows()
    head = list(islice(rows, HEADER_SEARCH_ROWS))
    if all(_is_blank(row) for row in head):
        return _SheetParse(
            SheetInfo(raw.name, "empty"),
            issues=[Issue(raw.name, None, None, Message("issue.sheet_empty", {"sheet": raw.name}))],
        )
    extra = frozenset(normalize(h) for h in overrides.values() if h)
    layout = _Layout(raw.name, raw.first_row, raw.first_column)
    header_index = _find_header(head, extra)
    if header_index is None and raw.height <= _TRANSPOSE_MAX_ROWS:
        columns = _transpose([*head, *rows])
        header_index = _find_header(columns[:HEADER_SEARCH_ROWS], extra)
        if header_index is not None:
            layout = _Layout(raw.name, raw.first_row, raw.first_column, transposed=True)
            head, rows = columns, iter(())
    if header_index is None:
        message = Message("issue.sheet_no_header", {"sheet": raw.name})
        return _SheetParse(
            SheetInfo(raw.name, "no_header"), issues=[Issue(raw.name, None, None, message)]
        )
    header_row = None if layout.transposed else raw.first_row + header_index
    infos, assigned, found_overrides = _map_columns(layout, head[header_index], overrides)
    records: Iterator[list[object]] = chain(head[header_index + 1 :], rows)
    if layout.transposed and "date" not in assigned.values():
        records = iter(list(records))
        infos = _label_dates(infos, assigned, head[header_index + 1 :])
    parse = _SheetParse(
        SheetInfo(raw.name, "used", header_row, transposed=layout.transposed), infos
    )
    parse.found_overrides = found_overrides
    if not any(metrics()[metric].kind == "number" for metric in assigned.values()):
        parse.info = SheetInfo(raw.name, "no_metrics", header_row, transposed=layout.transposed)
        message = Message("issue.sheet_no_metrics", {"sheet": raw.name})
        parse.issues.append(Issue(raw.name, header_row, None, message))
        return parse
    cleaners = {
        info.position: _ColumnCleaner(layout, info, _hours_per_unit(info))
        for info in infos
        if info.position in assigned
    }
    kept_positions: list[int] = []
    position = header_index
    width = len(head[header_index])
    # First text cells repeat (a platform name on every row): judge each once.
    totals: dict[str, bool] = {}
    for chunk in _chunks(records, _CHUNK_ROWS):
        kept: list[list[object]] = []
        chunk_positions: list[int] = []
        for record in chunk:
            position += 1
            if not record or (record[0] in ("", None) and _is_blank(record)):
                continue
            first_text = next((c for c in record if type(c) is str and c.strip()), None)
            if first_text is not None:
                is_total = totals.get(first_text)
                if is_total is None:
                    is_total = totals[first_text] = is_total_label(first_text)
                if is_total:
                    row, column = layout.record_place(position)
                    message = Message("issue.total_row")
                    parse.skipped.append(SkippedRow(raw.name, row, message, column))
                    continue
            short = len(record) < width
            kept.append([*record, *([""] * (width - len(record)))] if short else record)
            chunk_positions.append(position)
        # One transpose per chunk beats one pass over the rows per column.
        fields = list(zip(*kept, strict=False)) if kept else []
        for index, cleaner in cleaners.items():
            cleaner.add(fields[index] if fields else (), chunk_positions)
        kept_positions.extend(chunk_positions)
    parse.frame, skipped_positions = _sheet_frame(layout, cleaners, kept_positions, parse)
    # A note row is reported once, as skipped, not also for each unreadable cell.
    for cleaner in cleaners.values():
        parse.issues.extend(i for p, i in cleaner.issues if p not in skipped_positions)
    used = 0 if parse.frame is None else len(parse.frame)
    if not used:
        message = Message("issue.sheet_no_rows", {"sheet": raw.name})
        parse.issues.append(Issue(raw.name, None, None, message))
    status: SheetStatus = "used" if used else "no_rows"
    parse.info = SheetInfo(raw.name, status, header_row, used, layout.transposed)
    return parse


def _transpose(rows: Sequence[Sequence[object]]) -> list[list[object]]:
    width = max((len(row) for row in rows), default=0)
    padded = [[*row, *([""] * (width - len(row)))] for row in rows]
    return [list(column) for column in zip(*padded, strict=True)]


def _label_dates(
    infos: list[ColumnInfo], assigned: dict[int, str], records: Sequence[Sequence[object]]
) -> list[ColumnInfo]:
    """In a transposed table the period labels ("Январь 2024") usually sit under a
    header such as «Показатель»: take the first unmapped field whose every filled
    value is a date as the date."""
    for number, info in enumerate(infos):
        if info.metric is not None:
            continue
        values = [r[info.position] for r in records if info.position < len(r)]
        filled = [
            v
            for v in values
            if v not in (None, "") and not (isinstance(v, str) and is_total_label(v))
        ]
        if filled and all(parse_date(v) not in (None, INVALID) for v in filled):
            assigned[info.position] = "date"
            dated = ColumnInfo(info.sheet, info.letter, info.header, "date", position=info.position)
            return [*infos[:number], dated, *infos[number + 1 :]]
    return infos


def _sheet_frame(
    layout: _Layout,
    cleaners: Mapping[int, _ColumnCleaner],
    positions: list[int],
    parse: _SheetParse,
) -> tuple[pd.DataFrame | None, set[int]]:
    """The sheet's cleaned rows, and the positions of rows skipped for having no values."""
    if not positions:
        return None, set()
    columns: dict[str, object] = {}
    for cleaner in cleaners.values():
        columns[cleaner.info.metric or ""] = cleaner.finish(positions)
    frame = pd.DataFrame(columns)
    number_ids = [m for m in frame.columns if metrics()[m].kind == "number"]
    has_value = frame[number_ids].notna().any(axis=1).to_numpy()
    skipped: set[int] = set()
    for index in np.flatnonzero(~has_value):
        position = positions[int(index)]
        skipped.add(position)
        row, column = layout.record_place(position)
        parse.skipped.append(SkippedRow(layout.sheet, row, Message("issue.no_values"), column))
    rows = np.asarray([layout.record_number(p) for p in positions], dtype=np.int64)
    frame = frame.loc[has_value].reset_index(drop=True)
    frame[SOURCE_SHEET] = layout.sheet
    frame[SOURCE_ROW] = rows[has_value]
    return frame, skipped


def _combine(parses: Sequence[_SheetParse]) -> tuple[pd.DataFrame, list[Issue]]:
    used = [p for p in parses if p.frame is not None and len(p.frame)]
    issues: list[Issue] = []
    _platforms_from_sheet_names(used, issues)
    frames = [p.frame for p in used if p.frame is not None]
    table = pd.concat(frames, ignore_index=True, sort=False) if len(frames) > 1 else frames[0]
    for key in GROUP_KEYS:
        if key not in table.columns:
            table[key] = None
    if "date" not in table.columns:
        table["date"] = pd.NaT
    table["date"] = pd.to_datetime(table["date"])
    metric_order = [m for m in metrics() if m in table.columns]
    table = table[[*metric_order, SOURCE_SHEET, SOURCE_ROW]]
    return _sorted(table), issues


def _platforms_from_sheet_names(used: Sequence[_SheetParse], issues: list[Issue]) -> None:
    """A workbook with one sheet per network ("VK", "Telegram") and no platform column.

    Without this the sheets would merge into one group and mix their followers. Only
    when every data sheet names a different platform; otherwise sheets without group
    columns are one group, as kpi-spec §2 says (a report split over sheets stays whole).
    """
    if len(used) < 2 or any(info.metric in GROUP_KEYS for parse in used for info in parse.columns):
        return
    named = [platform_from_name(parse.info.name) for parse in used]
    if None in named or len(set(named)) != len(named):
        return
    for parse, platform in zip(used, named, strict=True):
        if parse.frame is not None:
            parse.frame["platform"] = platform
    sheets = ", ".join(f"«{parse.info.name}»" for parse in used)
    issues.append(Issue("", None, None, Message("issue.sheets_as_platforms", {"sheets": sheets})))


def _sorted(table: pd.DataFrame) -> pd.DataFrame:
    """Groups in order of first appearance; rows by date within each (undated last).

    Rows sharing a timestamp are ordered by followers, so the result (and every KPI)
    does not depend on how such rows happened to be ordered in the file.
    """
    keys = table[list(GROUP_KEYS)].astype(object).where(table[list(GROUP_KEYS)].notna(), "")
    group_codes, _ = pd.factorize(pd.MultiIndex.from_frame(keys))
    dates = table["date"].to_numpy(dtype="datetime64[ns]").astype(np.int64)
    dates = np.where(table["date"].isna().to_numpy(), np.iinfo(np.int64).max, dates)
    sort_keys: list[np.ndarray] = [dates, group_codes]
    if "followers" in table.columns:
        sort_keys.insert(0, table["followers"].to_numpy(dtype=float, na_value=np.inf))
    order = np.lexsort(tuple(sort_keys))
    return table.iloc[order].reset_index(drop=True)


def read_rows(
    rows: Sequence[Sequence[object]],
    name: str,
    *,
    sheet_name: str = "Table",
    overrides: Mapping[str, str | None] | None = None,
) -> Report:
    """A report from rows typed by hand (header first), through the same rules as a file."""
    overrides = dict(overrides or {})
    validate_overrides(overrides)
    width = max((len(row) for row in rows), default=0)
    padded = [[*row, *([""] * (width - len(row)))] for row in rows]
    raw = RawSheet(sheet_name, 1, 0, len(padded), width, lambda: iter(padded))
    try:
        return _report_from_sources(name, [SheetSource(sheet_name, lambda: raw)], overrides)
    except ReportFormatError:
        raise
    except Exception as exc:  # the same contract as read_report
        log.exception("unexpected failure reading typed rows")
        raise ReportFormatError("damaged", name=name) from exc


def read_report(
    data: bytes,
    name: str,
    *,
    sheet: str | None = None,
    overrides: Mapping[str, str | None] | None = None,
    limits: IngestLimits = DEFAULT_LIMITS,
) -> Report:
    """Read a report file into a ``Report``; any failure is a ``ReportFormatError``."""
    overrides = dict(overrides or {})
    validate_overrides(overrides)
    try:
        return _read_report(data, name, sheet, overrides, limits)
    except ReportFormatError:
        raise
    except MemoryError as exc:
        raise ReportFormatError("out_of_memory", name=name) from exc
    except Exception as exc:  # the engine's contract: nothing but ReportFormatError escapes
        log.exception("unexpected failure reading %s", name)
        raise ReportFormatError("damaged", name=name) from exc


def _read_report(
    data: bytes,
    name: str,
    sheet: str | None,
    overrides: Mapping[str, str | None],
    limits: IngestLimits,
) -> Report:
    sources = read_sheets(data, name, limits)
    if sheet is not None:
        chosen = [source for source in sources if source.name == sheet]
        if not chosen:
            names = ", ".join(f"«{source.name}»" for source in sources)
            raise ReportFormatError("sheet_not_found", sheet=sheet, sheets=names)
        sources = chosen
    return _report_from_sources(name, sources, overrides)


def _report_from_sources(
    name: str, sources: Sequence[SheetSource], overrides: Mapping[str, str | None]
) -> Report:
    parses = [_parse_sheet(source.load(), overrides) for source in sources]
    statuses = {p.info.status for p in parses}
    if not parses or statuses <= {"empty"}:
        raise ReportFormatError("empty_workbook", name=name)
    if "used" not in statuses:
        if "no_rows" in statuses:
            no_rows = next(p.info.name for p in parses if p.info.status == "no_rows")
            raise ReportFormatError("no_data_rows", sheet=no_rows)
        if "no_metrics" in statuses:
            raise ReportFormatError("no_metrics")
        raise ReportFormatError("no_header")
    wanted = {metric for metric, header in overrides.items() if header}
    found = set().union(*(p.found_overrides for p in parses))
    for metric in sorted(wanted - found):
        raise ReportFormatError("mapping_header_not_found", header=overrides[metric], metric=metric)
    table, extra_issues = _combine(parses)
    return Report(
        name=name,
        table=table,
        sheets=tuple(p.info for p in parses),
        columns=tuple(c for p in parses for c in p.columns),
        issues=tuple(chain(extra_issues, (i for p in parses for i in p.issues))),
        skipped=tuple(s for p in parses for s in p.skipped),
        overrides=dict(overrides),
    )
