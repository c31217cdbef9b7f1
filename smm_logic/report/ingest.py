"""A report file → a clean canonical table (``Report``), with every problem recorded.

The steps follow kpi-spec §1–§2: find each sheet's header row, map headers to
canonical metrics (overridable column by column), clean the cells, skip total and
note rows, group by (platform, account) and sort by date within each group.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from itertools import chain, islice

import numpy as np
import pandas as pd

from smm_logic.errors import ReportFormatError
from smm_logic.report.columnar import check_head
from smm_logic.report.columns import ColumnCleaner, header_hours_per_unit
from smm_logic.report.headers import (
    metrics,
    normalize,
    platform_from_name,
    validate_overrides,
)
from smm_logic.report.join import join_files
from smm_logic.report.layout import (
    HEADER_SEARCH_ROWS,
    TRANSPOSE_MAX_ROWS,
    ColumnMap,
    SheetLayout,
    account_from_column,
    find_header,
    is_blank,
    label_dates,
    map_columns,
    transpose,
)
from smm_logic.report.model import (
    GROUP_KEYS,
    SOURCE_ROW,
    SOURCE_SHEET,
    ColumnInfo,
    Issue,
    Report,
    SheetInfo,
    SheetStatus,
    SkippedRow,
)
from smm_logic.report.profiles import AUTO, Profile, profiles, recognise, validate_profile
from smm_logic.report.records import clean_sheet, sorted_table
from smm_logic.report.reshape import apply_one_metric, long_header, one_metric_header, pivot_long
from smm_logic.report.sources.archive import FileSource, reports_name
from smm_logic.report.sources.error_cells import error_cell_issues
from smm_logic.report.sources.limits import DEFAULT_LIMITS, IngestLimits
from smm_logic.report.sources.readers import read_files, read_sheets
from smm_logic.report.sources.sheet import ColumnarSheet, NeedsCellsError, RawSheet, SheetSource
from smm_logic.text import Message

log = logging.getLogger(__name__)


@dataclass
class _SheetParse:
    info: SheetInfo
    columns: list[ColumnInfo] = field(default_factory=list)
    frame: pd.DataFrame | None = None
    issues: list[Issue] = field(default_factory=list)
    skipped: list[SkippedRow] = field(default_factory=list)
    found_overrides: set[str] = field(default_factory=set)
    profile: Profile | None = None
    file: str = ""  # the file among several (or inside an archive) the sheet is of
    # the cells of the sheet's first filled row, named when no header row is found
    first_row: tuple[str, ...] = ()


def _sheet_profile(cells: Sequence[object], choice: str | None) -> Profile | None:
    if choice == AUTO:
        return recognise(cells)
    return None if choice is None else profiles()[choice]


def _reshaped(
    sheet: str, head: list[list[object]], rows: Iterator[list[object]]
) -> tuple[list[list[object]], Iterator[list[object]], list[Issue]]:
    """A long table pivoted to one row per date (kpi-spec §4); other sheets as they are."""
    at = long_header(head)
    if at is None:
        return head, rows, []
    table, notes = pivot_long([*head[at:], *rows], sheet)
    return table[:HEADER_SEARCH_ROWS], iter(table[HEADER_SEARCH_ROWS:]), notes


def _map_header(
    layout: SheetLayout,
    head: Sequence[Sequence[object]],
    index: int,
    overrides: Mapping[str, str | None],
    *,
    choice: str | None,
    one_metric: tuple[int, str, str] | None,
    notes: Sequence[Issue],
) -> tuple[Profile | None, ColumnMap]:
    """The header row read with the export's profile, an account column found among the
    names or links, and a one-metric table's value column given its title's metric."""
    profile = _sheet_profile(head[index], choice)
    mapped = map_columns(layout, head[index], overrides, profile)
    account_from_column(layout, mapped, head[index + 1 :])
    if one_metric is not None:
        apply_one_metric(layout, mapped, one_metric[1], one_metric[2])
    mapped.issues[:0] = notes
    return profile, mapped


def _no_header(sheet: str, head: Sequence[Sequence[object]]) -> _SheetParse:
    """A sheet without a header row, with the cells of its first filled row to name."""
    message = Message("issue.sheet_no_header", {"sheet": sheet})
    first = next((row for row in head if not is_blank(row)), [])
    return _SheetParse(
        SheetInfo(sheet, "no_header"),
        issues=[Issue(sheet, None, None, message)],
        first_row=tuple(str(cell)[:40] for cell in first if cell not in ("", None))[:8],
    )


def _parse_sheet(
    raw: RawSheet, overrides: Mapping[str, str | None], choice: str | None = AUTO
) -> _SheetParse:
    """A sheet read as Arrow columns is cleaned column by column; where that cannot tell
    what the cell-by-cell rules would (``NeedsCellsError``), the sheet is read cell by cell."""
    if raw.columnar is not None:
        try:
            return _parse_cells(raw, overrides, choice, raw.columnar)
        except NeedsCellsError:
            if raw.exact is None:
                raise
            raw = replace(raw.exact(), name=raw.name)  # named as the reader's caller named it
    return _parse_cells(raw, overrides, choice)


def _parse_cells(
    raw: RawSheet,
    overrides: Mapping[str, str | None],
    choice: str | None = AUTO,
    columnar: ColumnarSheet | None = None,
) -> _SheetParse:
    rows = raw.rows()
    head = list(islice(rows, HEADER_SEARCH_ROWS)) if columnar is None else columnar.head
    if all(is_blank(row) for row in head):
        return _SheetParse(
            SheetInfo(raw.name, "empty"),
            issues=[Issue(raw.name, None, None, Message("issue.sheet_empty", {"sheet": raw.name}))],
        )
    extra = frozenset(normalize(h) for h in overrides.values() if h)
    layout = SheetLayout(raw.name, raw.first_row, raw.first_column)
    if columnar is not None and long_header(head) is not None:
        raise NeedsCellsError  # the columns are the layout's, not a long table's
    head, rows, notes = _reshaped(raw.name, head, rows)
    header_index = find_header(head, extra)
    if columnar is not None:
        if header_index is None:
            raise NeedsCellsError  # a title-named or transposed table, or none: read as cells
        check_head(columnar, header_index)
    one_metric = one_metric_header(head) if header_index is None else None
    header_index = one_metric[0] if one_metric else header_index
    if header_index is None and raw.height <= TRANSPOSE_MAX_ROWS:
        columns = transpose([*head, *rows])
        header_index = find_header(columns[:HEADER_SEARCH_ROWS], extra)
        if header_index is not None:
            layout = SheetLayout(raw.name, raw.first_row, raw.first_column, transposed=True)
            head, rows = columns, iter(())
    if header_index is None:
        return _no_header(raw.name, head)
    header_row = None if layout.transposed else raw.first_row + header_index
    profile, mapped = _map_header(
        layout, head, header_index, overrides, choice=choice, one_metric=one_metric, notes=notes
    )
    infos, assigned = mapped.infos, mapped.assigned
    records: Iterator[list[object]] = chain(head[header_index + 1 :], rows)
    if layout.transposed and "date" not in assigned.values():
        records = iter(list(records))
        infos = label_dates(infos, assigned, head[header_index + 1 :])
    parse = _SheetParse(
        SheetInfo(raw.name, "used", header_row, transposed=layout.transposed), infos
    )
    parse.profile = profile
    parse.found_overrides = mapped.found_overrides
    parse.issues.extend(mapped.issues)
    if not any(metrics()[metric].kind == "number" for metric in assigned.values()):
        parse.info = SheetInfo(raw.name, "no_metrics", header_row, transposed=layout.transposed)
        message = Message("issue.sheet_no_metrics", {"sheet": raw.name})
        parse.issues.append(Issue(raw.name, header_row, None, message))
        return parse
    cleaners = {
        info.position: ColumnCleaner(layout, info, header_hours_per_unit(info))
        for info in infos
        if info.position in assigned
    }
    kept_positions = clean_sheet(
        records,
        columnar,
        header_index,
        len(head[header_index]),
        layout=layout,
        cleaners=cleaners,
        skipped=parse.skipped,
    )
    _finish_sheet(
        raw,
        layout=layout,
        parse=parse,
        cleaners=cleaners,
        kept_positions=kept_positions,
        assigned=assigned,
    )
    return parse


def _finish_sheet(
    raw: RawSheet,
    *,
    layout: SheetLayout,
    parse: _SheetParse,
    cleaners: Mapping[int, ColumnCleaner],
    kept_positions: list[int],
    assigned: Mapping[int, str],
) -> None:
    """The cleaned records as the sheet's frame, with the cells' notes and its status."""
    header_row, profile, infos = parse.info.header_row, parse.profile, parse.columns
    parse.frame, skipped_positions = _sheet_frame(layout, cleaners, kept_positions, parse)
    # A note row is reported once, as skipped, not also for each unreadable cell.
    for cleaner in cleaners.values():
        parse.issues.extend(i for p, i in cleaner.issues if p not in skipped_positions)
    if raw.error_cells is not None and not layout.transposed:
        errors = raw.error_cells()
        parse.issues.extend(error_cell_issues(raw.name, raw.first_column, infos, errors))
    used = 0 if parse.frame is None else len(parse.frame)
    if not used:
        message = Message("issue.sheet_no_rows", {"sheet": raw.name})
        parse.issues.append(Issue(raw.name, None, None, message))
    status: SheetStatus = "used" if used else "no_rows"
    parse.info = SheetInfo(
        raw.name, status, header_row, used, layout.transposed, profile.id if profile else None
    )
    if profile is not None:
        _apply_profile(parse, profile, assigned)


def _apply_profile(parse: _SheetParse, profile: Profile, assigned: Mapping[int, str]) -> None:
    """Note the export recognised; its network is every row's when no column says it."""
    sheet = parse.info.name
    message = Message("issue.profile_recognised", {"name": profile.name})
    parse.issues.insert(0, Issue(sheet, parse.info.header_row, None, message))
    if profile.platform and "platform" not in assigned.values() and parse.frame is not None:
        parse.frame["platform"] = profile.platform


def _sheet_frame(
    layout: SheetLayout,
    cleaners: Mapping[int, ColumnCleaner],
    positions: list[int],
    parse: _SheetParse,
) -> tuple[pd.DataFrame | None, set[int]]:
    """The sheet's cleaned rows, and the positions of rows skipped for having no values."""
    if not positions:
        return None, set()
    columns: dict[str, object] = {}
    for cleaner in cleaners.values():
        columns[cleaner.info.metric or ""] = cleaner.finish(positions)
    # Not copied into one block here: the report's table is, once, when it is sorted.
    frame = pd.DataFrame(columns, copy=False)
    number_ids = [m for m in frame.columns if metrics()[m].kind == "number"]
    has_value = np.zeros(len(frame), dtype=bool)
    for metric in number_ids:
        has_value |= frame[metric].notna().to_numpy()
    skipped: set[int] = set()
    for index in np.flatnonzero(~has_value):
        position = positions[int(index)]
        skipped.add(position)
        row, column = layout.record_place(position)
        parse.skipped.append(SkippedRow(layout.sheet, row, Message("issue.no_values"), column))
    if layout.transposed:
        rows = np.asarray([layout.record_number(p) for p in positions], dtype=np.int64)
    else:
        rows = layout.first_row + np.asarray(positions, dtype=np.int64)
    if not has_value.all():  # else the frame is kept as it is, not copied
        frame = frame.loc[has_value].reset_index(drop=True)
    frame[SOURCE_SHEET] = layout.sheet
    frame[SOURCE_ROW] = rows[has_value]
    return frame, skipped


def _combine(parses: Sequence[_SheetParse]) -> tuple[pd.DataFrame, list[Issue]]:
    used = [p for p in parses if p.frame is not None and len(p.frame)]
    issues: list[Issue] = []
    _platforms_from_sheet_names(used, issues)
    frames = [p.frame for p in used if p.frame is not None]
    if len({p.file for p in used}) > 1:
        table, joined = join_files([(p.file, p.frame) for p in used if p.frame is not None])
        issues.extend(joined)
    else:
        table = pd.concat(frames, ignore_index=True, sort=False) if len(frames) > 1 else frames[0]
    for key in GROUP_KEYS:
        if key not in table.columns:
            table[key] = None
    if "date" not in table.columns:
        table["date"] = pd.NaT
    table["date"] = pd.to_datetime(table["date"])
    metric_order = [m for m in metrics() if m in table.columns]
    return sorted_table(table, [*metric_order, SOURCE_SHEET, SOURCE_ROW]), issues


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


def read_rows(
    rows: Sequence[Sequence[object]],
    name: str,
    *,
    sheet_name: str = "Table",
    overrides: Mapping[str, str | None] | None = None,
    profile: str | None = AUTO,
) -> Report:
    """A report from rows typed by hand (header first), through the same rules as a file."""
    overrides = dict(overrides or {})
    validate_overrides(overrides)
    validate_profile(profile)
    width = max((len(row) for row in rows), default=0)
    padded = [[*row, *([""] * (width - len(row)))] for row in rows]
    raw = RawSheet(sheet_name, 1, 0, len(padded), width, lambda: iter(padded))
    try:
        sources = [SheetSource(sheet_name, lambda: raw)]
        return _report_from_sources(name, sources, overrides, profile)
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
    profile: str | None = AUTO,
) -> Report:
    """Read a report file into a ``Report``; any failure is a ``ReportFormatError``.

    ``profile`` is ``"auto"`` (the export its headers show), a profile id of
    ``profiles.toml`` to force, or None for the metric catalog alone.
    """
    return read_reports(
        [(name, data)], sheet=sheet, overrides=overrides, limits=limits, profile=profile
    )


def read_reports(
    files: Sequence[tuple[str, bytes]],
    *,
    sheet: str | None = None,
    overrides: Mapping[str, str | None] | None = None,
    limits: IngestLimits = DEFAULT_LIMITS,
    profile: str | None = AUTO,
) -> Report:
    """One report from several files (``(name, bytes)`` each) read together: their
    tables joined on (date, platform, account), each sheet named after its file; the
    same as ``read_report`` for one file."""
    overrides = dict(overrides or {})
    validate_overrides(overrides)
    validate_profile(profile)
    name = reports_name(files)
    try:
        return _read_report(files, sheet, overrides, limits=limits, profile=profile)
    except ReportFormatError:
        raise
    except MemoryError as exc:
        raise ReportFormatError("out_of_memory", name=name) from exc
    except Exception as exc:  # the engine's contract: nothing but ReportFormatError escapes
        log.exception("unexpected failure reading %s", name)
        raise ReportFormatError("damaged", name=name) from exc


def _read_report(
    files: Sequence[tuple[str, bytes]],
    sheet: str | None,
    overrides: Mapping[str, str | None],
    *,
    limits: IngestLimits,
    profile: str | None = AUTO,
) -> Report:
    if not files:
        raise ReportFormatError("empty_workbook", name="")
    notes: list[Message] = []
    if len(files) == 1:
        sources = read_sheets(files[0][1], files[0][0], limits)
    else:
        sources, notes = read_files(files, limits)
    if sheet is not None:
        chosen = [source for source in sources if source.name == sheet]
        if not chosen:
            names = ", ".join(f"«{source.name}»" for source in sources)
            raise ReportFormatError("sheet_not_found", sheet=sheet, sheets=names)
        sources = chosen
    return _report_from_sources(reports_name(files), sources, overrides, profile, notes)


def _report_from_sources(
    name: str,
    sources: Sequence[SheetSource],
    overrides: Mapping[str, str | None],
    choice: str | None = AUTO,
    notes: Sequence[Message] = (),
) -> Report:
    parses = [_parse_sheet(source.load(), overrides, choice) for source in sources]
    found_notes = list(notes)
    for parse, source in zip(parses, sources, strict=True):
        if isinstance(source, FileSource):
            parse.file = source.file
            found_notes.extend(source.notes)
    statuses = {p.info.status for p in parses}
    if not parses or statuses <= {"empty"}:
        raise ReportFormatError("empty_workbook", name=name)
    if "used" not in statuses:
        if "no_rows" in statuses:
            no_rows = next(p.info.name for p in parses if p.info.status == "no_rows")
            raise ReportFormatError("no_data_rows", sheet=no_rows)
        if "no_metrics" in statuses:
            raise ReportFormatError("no_metrics")
        seen = next((p.first_row for p in parses if p.first_row), ())
        raise ReportFormatError("no_header", headers=", ".join(f"«{cell}»" for cell in seen))
    wanted = {metric for metric, header in overrides.items() if header}
    found = set().union(*(p.found_overrides for p in parses))
    for metric in sorted(wanted - found):
        raise ReportFormatError("mapping_header_not_found", header=overrides[metric], metric=metric)
    table, extra_issues = _combine(parses)
    extra_issues[:0] = [Issue("", None, None, note) for note in found_notes]
    recognised = next((p.profile for p in parses if p.profile and p.info.status == "used"), None)
    return Report(
        name=name,
        table=table,
        sheets=tuple(p.info for p in parses),
        columns=tuple(c for p in parses for c in p.columns),
        issues=tuple(chain(extra_issues, (i for p in parses for i in p.issues))),
        skipped=tuple(s for p in parses for s in p.skipped),
        overrides=dict(overrides),
        profile=recognised.id if recognised else None,
        profile_name=recognised.name if recognised else None,
    )
