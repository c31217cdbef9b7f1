"""The KPI workbook (.xlsx): every KPI with its formula, per account, period against
period, the cleaned data and native Excel charts — in the reader's language.

Text from the report (account names, sheet names) is untrusted: a cell that starts
with ``=``, ``+``, ``-`` or ``@`` is always written as text, never as a formula, and
characters Excel refuses are dropped.
"""

from __future__ import annotations

import io
import math
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import PurePath
from typing import Any

import pandas as pd
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.chart import BarChart, LineChart, Reference
from openpyxl.chart.axis import DateAxis
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from smm_logic.format import format_day
from smm_logic.kpis.catalog import INTERACTION_COLUMNS, KpiInfo, kpi_catalog
from smm_logic.kpis.compare import PeriodComparison
from smm_logic.kpis.cube import KpiResult
from smm_logic.kpis.targets import attainment_pct
from smm_logic.report.headers import metrics
from smm_logic.report.model import GROUP_KEYS, SOURCE_ROW, SOURCE_SHEET, Report
from smm_logic.text import Lang, text

# Spreadsheet programs run a cell starting with these as a formula (CSV/DDE injection).
FORMULA_STARTS = ("=", "+", "-", "@")
_NUMBER_FORMATS = {
    "count": "#,##0",
    "percent": '#,##0.00"%"',
    "money": "#,##0.00",
    "hours": "#,##0.0",
}
_FRACTIONAL_COUNT = "#,##0.0#"
_ATTAINMENT_FORMAT = '#,##0.0"%"'
_CHANGE_PCT_FORMAT = '+#,##0.0"%";-#,##0.0"%";0.0"%"'
_DATE_FORMATS: dict[Lang, str] = {"ru": "DD.MM.YYYY", "en": "YYYY-MM-DD"}
_DATETIME_FORMATS: dict[Lang, str] = {"ru": "DD.MM.YYYY HH:MM", "en": "YYYY-MM-DD HH:MM"}
_MIN_WIDTH, _MAX_WIDTH = 8.0, 60.0
_WIDTH_SAMPLE_ROWS = 500
_WRAPPED_HEADER = 16.0
_UNSAFE_STEM = re.compile(r"[^\w-]+")
# Characters XML 1.0 cannot carry (openpyxl raises on the control ones).
_ILLEGAL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_CHART_ROWS = 18  # the height of one chart, in sheet rows


@dataclass(frozen=True)
class Styled:
    """A value with how to show it; plain values are written as they are."""

    value: object
    number_format: str | None = None
    bold: bool = False
    wrap: bool = False


def clean_text(value: str) -> str:
    """The text without the control characters Excel refuses (openpyxl raises on them)."""
    return _ILLEGAL_CHARACTERS.sub("", value)


class _Writer:
    """Turns plain values and ``Styled`` into cells of one write-only sheet."""

    def __init__(self, sheet: Any) -> None:
        self.sheet = sheet
        self.bold = Font(bold=True)
        self.wrap = Alignment(wrap_text=True, vertical="top")

    def cell(self, item: object) -> object:
        style = item if isinstance(item, Styled) else None
        value = style.value if style is not None else item
        if isinstance(value, str):
            value = clean_text(value)
            if not value:
                value = None
        needs_cell = style is not None or (
            isinstance(value, str) and value.startswith(FORMULA_STARTS)
        )
        if not needs_cell:
            return value
        cell = WriteOnlyCell(self.sheet, value=value)
        if isinstance(value, str):
            # Text, never a formula; the quote prefix keeps Excel from reading it as
            # one even after the user edits the cell.
            cell.data_type = "s"
            if value.startswith(FORMULA_STARTS):
                cell.quotePrefix = True
        if style is not None:
            if style.number_format:
                cell.number_format = style.number_format
            if style.bold:
                cell.font = self.bold
            if style.wrap:
                cell.alignment = self.wrap
        return cell

    def row(self, items: Iterable[object]) -> None:
        self.sheet.append([self.cell(item) for item in items])


def _display_length(item: object) -> float:
    value = item.value if isinstance(item, Styled) else item
    if value is None:
        return 0.0
    if isinstance(value, float):
        return float(len(f"{value:,.2f}"))
    if isinstance(value, datetime | date):
        return 16.0 if isinstance(value, datetime) and value.time() != datetime.min.time() else 10.0
    return float(max((len(line) for line in str(value).splitlines()), default=0))


def _prepare_sheet(
    workbook: Workbook,
    title: str,
    header: Sequence[str],
    rows: Sequence[Sequence[object]],
    *,
    wrap_columns: Sequence[int] = (),
    frozen_columns: int = 1,
    widths: Mapping[int, float] | None = None,
) -> _Writer:
    """A new sheet with its column widths and frozen header set, and the header written.

    Write-only sheets need widths and panes before the first row, so they are
    measured from the header and the first rows given.
    """
    sheet = workbook.create_sheet(title)
    wrapped = set(wrap_columns)
    for index, name in enumerate(header):
        # A wrapped header takes two or three lines instead of widening its column.
        header_length = _display_length(name)
        lengths = [min(header_length, _WRAPPED_HEADER) if index in wrapped else header_length]
        lengths += [
            _display_length(row[index]) for row in rows[:_WIDTH_SAMPLE_ROWS] if index < len(row)
        ]
        width = min(max(max(lengths) + 2, _MIN_WIDTH), _MAX_WIDTH)
        if widths and index in widths:
            width = widths[index]
        sheet.column_dimensions[get_column_letter(index + 1)].width = width
    sheet.freeze_panes = f"{get_column_letter(frozen_columns + 1)}2"
    writer = _Writer(sheet)
    writer.row(Styled(name, bold=True, wrap=index in wrapped) for index, name in enumerate(header))
    return writer


def _write_table(
    workbook: Workbook,
    title: str,
    header: Sequence[str],
    rows: Sequence[Sequence[object]],
    **options: Any,
) -> _Writer:
    writer = _prepare_sheet(workbook, title, header, rows, **options)
    for row in rows:
        writer.row(row)
    return writer


def _number_format(unit: str, value: float | None) -> str:
    if unit == "count" and value is not None and not float(value).is_integer():
        return _FRACTIONAL_COUNT
    return _NUMBER_FORMATS.get(unit, "General")


def _number(value: float | None, number_format: str) -> Styled | None:
    if value is None or not math.isfinite(value):
        return None
    return Styled(float(value), number_format)


def _kpi_value(info: KpiInfo, value: float | None) -> Styled | None:
    return _number(value, _number_format(info.unit, value))


def missing_reason(info: KpiInfo, present: frozenset[str], lang: Lang) -> str:
    """Why a KPI has no value: the columns that would make it computable, if any."""
    missing = info.missing_columns(present)
    if not missing:
        return text("export.missing_zero", lang)
    names = metrics()
    any_of = text("export.missing_any_of", lang)
    all_of = text("export.missing_all_of", lang)
    columns = all_of.join(
        any_of.join(f"«{names[column].name.render(lang)}»" for column in group) for group in missing
    )
    return text("export.missing_columns", lang, columns=columns)


def _kpi_rows(
    report: Report,
    result: KpiResult,
    lang: Lang,
    targets: Mapping[str, float] | None,
) -> list[list[object]]:
    present = report.metrics_present
    rows: list[list[object]] = []
    for kpi, info in kpi_catalog().items():
        value = result.overall.get(kpi)
        row: list[object] = [
            info.name.render(lang),
            _kpi_value(info, value),
            text(f"export.unit_{info.unit}", lang),
            text(f"export.direction_{info.direction}", lang),
            Styled(info.formula.render(lang), wrap=True),
            None if value is not None else Styled(missing_reason(info, present, lang), wrap=True),
        ]
        if targets:
            target = targets.get(kpi)
            target = target if target is not None and math.isfinite(target) else None
            reached = attainment_pct(value, target, info.direction)
            row += [
                _number(target, _number_format(info.unit, target)),
                _number(reached, _ATTAINMENT_FORMAT),
            ]
        rows.append(row)
    return rows


def _period_text(start: date, end: date, lang: Lang) -> str:
    return f"{format_day(start, lang)} – {format_day(end, lang)}"


def _write_kpi_sheet(
    workbook: Workbook,
    report: Report,
    result: KpiResult,
    lang: Lang,
    *,
    targets: Mapping[str, float] | None,
    scope_label: str | None,
) -> None:
    header = [
        text("export.col_kpi", lang),
        text("export.col_value", lang),
        text("export.col_unit", lang),
        text("export.col_direction", lang),
        text("export.col_formula", lang),
        text("export.col_missing", lang),
    ]
    if targets:
        header += [text("export.col_target", lang), text("export.col_attainment", lang)]
    rows = _kpi_rows(report, result, lang, targets)
    # The formula and reason columns hold sentences: wrapped in a readable width.
    writer = _prepare_sheet(
        workbook, text("export.sheet_kpis", lang), header, rows, widths={4: 50.0, 5: 50.0}
    )
    for row in rows:
        writer.row(row)
    writer.row([])
    meta: list[tuple[str, object]] = [(text("export.meta_report", lang), report.name)]
    if scope_label:
        meta.append((text("export.meta_scope", lang), scope_label))
    if report.period is not None:
        meta.append((text("export.meta_period", lang), _period_text(*report.period, lang)))
    meta.append((text("export.meta_rows_used", lang), Styled(float(result.rows), "#,##0")))
    meta.append(
        (text("export.meta_rows_skipped", lang), Styled(float(len(report.skipped)), "#,##0"))
    )
    for label, value in meta:
        writer.row([Styled(label, bold=True), value])


def _write_groups_sheet(workbook: Workbook, result: KpiResult, lang: Lang) -> None:
    catalog = kpi_catalog()
    names = metrics()
    header = [
        names["platform"].name.render(lang),
        names["account"].name.render(lang),
        text("export.col_rows", lang),
        *(info.name.render(lang) for info in catalog.values()),
    ]
    rows: list[list[object]] = [
        [
            group.platform,
            group.account,
            Styled(float(group.rows), "#,##0"),
            *(_kpi_value(info, group.kpis.get(kpi)) for kpi, info in catalog.items()),
        ]
        for group in result.groups
    ]
    _write_table(
        workbook,
        text("export.sheet_groups", lang),
        header,
        rows,
        wrap_columns=range(3, len(header)),
        frozen_columns=2,
    )


def _write_periods_sheet(workbook: Workbook, comparison: PeriodComparison, lang: Lang) -> None:
    before, after = comparison.previous_period, comparison.current_period
    header = [
        text("export.col_kpi", lang),
        text(
            "export.col_previous",
            lang,
            start=format_day(before.start, lang),
            end=format_day(before.end, lang),
        ),
        text(
            "export.col_current",
            lang,
            start=format_day(after.start, lang),
            end=format_day(after.end, lang),
        ),
        text("export.col_change", lang),
        text("export.col_change_pct", lang),
        text("export.col_unit", lang),
        text("export.col_direction", lang),
    ]
    rows: list[list[object]] = []
    for kpi, info in kpi_catalog().items():
        change = comparison.changes.get(kpi)
        if change is None:
            continue
        rows.append(
            [
                info.name.render(lang),
                _kpi_value(info, change.previous),
                _kpi_value(info, change.current),
                _kpi_value(info, change.absolute),
                _number(change.relative_pct, _CHANGE_PCT_FORMAT),
                text(f"export.unit_{info.unit}", lang),
                text(f"export.direction_{info.direction}", lang),
            ]
        )
    _write_table(workbook, text("export.sheet_periods", lang), header, rows, wrap_columns=(1, 2))


# ---------------------------------------------------------------- charts


def daily_trends(table: pd.DataFrame) -> pd.DataFrame:
    """Followers and interactions per calendar day, for the charts.

    ``followers``: the sum over groups of each group's last known followers that day,
    a group's value carried between two of its known days (never before its first
    or after its last); ``interactions``: Σ(likes + comments + shares + saves) of the
    day over every group. Missing where nothing is known; undated rows are left out.
    """
    dated = table.loc[table["date"].notna()]
    day = dated["date"].dt.normalize().rename("day")
    out = pd.DataFrame(index=pd.DatetimeIndex([], name="day"))
    if "followers" in dated.columns and dated["followers"].notna().any():
        keys = [dated[key].astype(object).where(dated[key].notna(), "") for key in GROUP_KEYS]
        last = dated["followers"].groupby([*keys, day], sort=True).last()
        per_group = last.unstack(list(range(len(GROUP_KEYS)))).sort_index()
        carried = per_group.ffill(limit_area="inside")
        out = out.join(carried.sum(axis=1, min_count=1).rename("followers"), how="outer")
    columns = [c for c in INTERACTION_COLUMNS if c in dated.columns]
    if columns:
        per_row = dated[columns].sum(axis=1, min_count=1)
        if per_row.notna().any():
            daily = per_row.groupby(day, sort=True).sum(min_count=1).rename("interactions")
            out = out.join(daily, how="outer")
    return out.sort_index()


def _line_chart(title: str, sheet: Any, rows: int, column: int, lang: Lang) -> LineChart:
    chart = LineChart()
    chart.title = title
    chart.legend = None
    chart.y_axis.crossAx = 500
    chart.x_axis = DateAxis(crossAx=100)
    chart.x_axis.number_format = _DATE_FORMATS[lang]
    chart.x_axis.majorTimeUnit = "days"
    _fill_chart(chart, sheet, rows, column)
    return chart


def _bar_chart(title: str, sheet: Any, rows: int, column: int, lang: Lang) -> BarChart:
    chart = BarChart()
    chart.type = "col"
    chart.title = title
    chart.legend = None
    chart.x_axis.number_format = _DATE_FORMATS[lang]
    _fill_chart(chart, sheet, rows, column)
    return chart


def _fill_chart(chart: Any, sheet: Any, rows: int, column: int) -> None:
    chart.add_data(
        Reference(sheet, min_col=column, min_row=1, max_row=rows + 1), titles_from_data=True
    )
    chart.set_categories(Reference(sheet, min_col=1, min_row=2, max_row=rows + 1))
    # openpyxl 3.1 hides both axes unless told otherwise.
    chart.x_axis.delete = False
    chart.y_axis.delete = False
    chart.width, chart.height = 24, 8.5


def _write_charts_sheet(workbook: Workbook, report: Report, lang: Lang) -> None:
    names = metrics()
    interactions_name = kpi_catalog()["interactions"].name.render(lang)
    trends = daily_trends(report.table)
    header = [text("export.col_day", lang), names["followers"].name.render(lang), interactions_name]
    fmt = _DATE_FORMATS[lang]

    days: list[object] = [Styled(d.to_pydatetime(), fmt) for d in pd.DatetimeIndex(trends.index)]
    series = [
        [
            None if math.isnan(v) else Styled(v, "#,##0")
            for v in trends[column].to_numpy(dtype=float).tolist()
        ]
        if column in trends.columns
        else [None] * len(days)
        for column in ("followers", "interactions")
    ]
    rows = [list(row) for row in zip(days, *series, strict=True)]
    writer = _prepare_sheet(workbook, text("export.sheet_charts", lang), header, rows)
    for row in rows:
        writer.row(row)
    date_name = f"«{names['date'].name.render(lang)}»"
    specs: list[tuple[str, str, int, Callable[..., Any], str]] = [
        (
            "followers",
            text("export.chart_followers", lang),
            2,
            _line_chart,
            f"{date_name}, «{names['followers'].name.render(lang)}»",
        ),
        (
            "interactions",
            text("export.chart_interactions", lang),
            3,
            _bar_chart,
            date_name
            + ", "
            + text("export.missing_any_of", lang).join(
                f"«{names[c].name.render(lang)}»" for c in INTERACTION_COLUMNS
            ),
        ),
    ]
    place = 2
    notes: list[str] = []
    for column_id, title, column, build, needs in specs:
        if column_id in trends.columns and trends[column_id].notna().any():
            chart = build(title, writer.sheet, len(rows), column, lang)
            writer.sheet.add_chart(chart, f"E{place}")
            place += _CHART_ROWS
        else:
            notes.append(text("export.chart_skipped", lang, title=title, columns=needs))
    for note in notes:
        writer.row([])
        writer.row([note])


# ---------------------------------------------------------------- data


def _column_cells(series: pd.Series, kind: str, lang: Lang) -> list[object]:
    if kind == "date":
        if getattr(series.dt, "tz", None) is not None:
            series = series.dt.tz_localize(None)
        has_time = bool((series.dropna() != series.dropna().dt.normalize()).any())
        fmt = (_DATETIME_FORMATS if has_time else _DATE_FORMATS)[lang]
        return [None if pd.isna(v) else Styled(v.to_pydatetime(), fmt) for v in series]
    if kind == "number":
        return [None if math.isnan(v) else v for v in series.to_numpy(dtype=float).tolist()]
    return [
        None if v is None or (isinstance(v, float) and math.isnan(v)) else str(v) for v in series
    ]


def _write_data_sheet(workbook: Workbook, report: Report, lang: Lang) -> None:
    table = report.table
    catalog = metrics()
    columns = [c for c in table.columns if c in catalog and table[c].notna().any()]
    header = [catalog[c].name.render(lang) for c in columns]
    cells = [_column_cells(table[c], catalog[c].kind, lang) for c in columns]
    if SOURCE_SHEET in table.columns:
        header.append(text("export.col_source_sheet", lang))
        cells.append(_column_cells(table[SOURCE_SHEET], "text", lang))
    if SOURCE_ROW in table.columns:
        header.append(text("export.col_source_row", lang))
        cells.append([None if pd.isna(v) else int(v) for v in table[SOURCE_ROW]])
    rows = list(zip(*cells, strict=True)) if cells else []
    frozen = 1 + sum(1 for c in columns if c in GROUP_KEYS)
    _write_table(workbook, text("export.sheet_data", lang), header, rows, frozen_columns=frozen)


# ---------------------------------------------------------------- entry points


def export_workbook(
    report: Report,
    result: KpiResult,
    comparison: PeriodComparison | None,
    lang: Lang,
    *,
    targets: Mapping[str, float] | None = None,
    scope_label: str | None = None,
) -> bytes:
    """The .xlsx of a report's KPIs, groups, periods, charts and cleaned data."""
    workbook = Workbook(write_only=True)
    _write_kpi_sheet(workbook, report, result, lang, targets=targets, scope_label=scope_label)
    _write_charts_sheet(workbook, report, lang)
    _write_groups_sheet(workbook, result, lang)
    if comparison is not None:
        _write_periods_sheet(workbook, comparison, lang)
    _write_data_sheet(workbook, report, lang)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def safe_stem(report_name: str, lang: Lang) -> str:
    """The uploaded file's name without its extension, in letters, digits, ``-`` and ``_``."""
    stem = PurePath(report_name.replace("\\", "/")).stem if report_name else ""
    stem = _UNSAFE_STEM.sub("-", stem).strip("-_")[:60].strip("-_")
    return stem or text("export.default_stem", lang)


def export_file_name(report_name: str, lang: Lang, today: date) -> str:
    """The download name: ``smm-scorecard_kpis_<stem>_<YYYY-MM-DD>.xlsx`` (localized)."""
    return text("export.file_name", lang, stem=safe_stem(report_name, lang), day=today.isoformat())
