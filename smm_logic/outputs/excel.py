"""The KPI workbook (.xlsx): every KPI with its formula, per account, period against
period, the cleaned data and native Excel charts — in the reader's language.

Text from the report (account names, sheet names) is untrusted: it is written through
``outputs.sheets``, where a cell that starts with ``=``, ``+``, ``-`` or ``@`` is always
text, never a formula, and characters Excel refuses are dropped.
"""

from __future__ import annotations

import io
import math
import re
from collections.abc import Mapping
from datetime import date
from pathlib import PurePath

import pandas as pd
from openpyxl import Workbook

from smm_logic.format import format_day
from smm_logic.kpis.catalog import KpiInfo, kpi_catalog
from smm_logic.kpis.compare import PeriodComparison
from smm_logic.kpis.cube import KpiResult
from smm_logic.kpis.periods import Period
from smm_logic.kpis.targets import attainment_pct
from smm_logic.outputs.excel_charts import write_charts_sheet
from smm_logic.outputs.sheets import DATE_FORMATS, Styled, prepare_sheet, write_table
from smm_logic.report.headers import metrics
from smm_logic.report.model import GROUP_KEYS, SOURCE_ROW, SOURCE_SHEET, Report
from smm_logic.text import Lang, text

_NUMBER_FORMATS = {
    "count": "#,##0",
    "percent": '#,##0.00"%"',
    "money": "#,##0.00",
    "hours": "#,##0.0",
}
_FRACTIONAL_COUNT = "#,##0.0#"
_ATTAINMENT_FORMAT = '#,##0.0"%"'
_CHANGE_PCT_FORMAT = '+#,##0.0"%";-#,##0.0"%";0.0"%"'
_DATETIME_FORMATS: dict[Lang, str] = {"ru": "DD.MM.YYYY HH:MM", "en": "YYYY-MM-DD HH:MM"}
_UNSAFE_STEM = re.compile(r"[^\w-]+")


def _number_format(unit: str, value: float | None) -> str:
    if unit == "count" and value is not None and not float(value).is_integer():
        return _FRACTIONAL_COUNT
    return _NUMBER_FORMATS.get(unit, "General")


def _styled_number(value: float | None, number_format: str) -> Styled | None:
    if value is None or not math.isfinite(value):
        return None
    return Styled(float(value), number_format)


def kpi_value(info: KpiInfo, value: float | None) -> Styled | None:
    return _styled_number(value, _number_format(info.unit, value))


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
            kpi_value(info, value),
            text(f"export.unit_{info.unit}", lang),
            text(f"export.direction_{info.direction}", lang),
            Styled(info.formula.render(lang), wrap=True),
            None
            if value is not None
            else Styled(info.missing_reason(present).render(lang), wrap=True),
        ]
        if targets:
            target = targets.get(kpi)
            target = target if target is not None and math.isfinite(target) else None
            reached = attainment_pct(value, target, info.direction)
            row += [
                _styled_number(target, _number_format(info.unit, target)),
                _styled_number(reached, _ATTAINMENT_FORMAT),
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
    period: Period | None,
    caption: str,
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
    writer = prepare_sheet(
        workbook,
        text("export.sheet_kpis", lang),
        header,
        rows,
        widths={4: 50.0, 5: 50.0},
        caption=caption,
    )
    for row in rows:
        writer.row(row)
    writer.row([])
    meta: list[tuple[str, object]] = [(text("export.meta_report", lang), report.name)]
    if scope_label:
        meta.append((text("export.meta_scope", lang), scope_label))
    if period is not None:
        meta.append(
            (text("export.meta_period", lang), _period_text(period.start, period.end, lang))
        )
    meta.append((text("export.meta_rows_used", lang), Styled(float(result.rows), "#,##0")))
    meta.append(
        (text("export.meta_rows_skipped", lang), Styled(float(len(report.skipped)), "#,##0"))
    )
    for label, value in meta:
        writer.row([Styled(label, bold=True), value])


def write_groups_sheet(workbook: Workbook, result: KpiResult, lang: Lang, caption: str) -> None:
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
            *(kpi_value(info, group.kpis.get(kpi)) for kpi, info in catalog.items()),
        ]
        for group in result.groups
    ]
    write_table(
        workbook,
        text("export.sheet_groups", lang),
        header,
        rows,
        wrap_columns=range(3, len(header)),
        frozen_columns=2,
        caption=caption,
    )


def write_periods_sheet(
    workbook: Workbook, comparison: PeriodComparison, lang: Lang, caption: str
) -> None:
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
                kpi_value(info, change.previous),
                kpi_value(info, change.current),
                kpi_value(info, change.absolute),
                _styled_number(change.relative_pct, _CHANGE_PCT_FORMAT),
                text(f"export.unit_{info.unit}", lang),
                text(f"export.direction_{info.direction}", lang),
            ]
        )
    write_table(
        workbook,
        text("export.sheet_periods", lang),
        header,
        rows,
        wrap_columns=(1, 2),
        caption=caption,
    )


# ---------------------------------------------------------------- data


def _column_cells(series: pd.Series, kind: str, lang: Lang) -> list[object]:
    if kind == "date":
        if getattr(series.dt, "tz", None) is not None:
            series = series.dt.tz_localize(None)
        has_time = bool((series.dropna() != series.dropna().dt.normalize()).any())
        fmt = (_DATETIME_FORMATS if has_time else DATE_FORMATS)[lang]
        return [None if pd.isna(v) else Styled(v.to_pydatetime(), fmt) for v in series]
    if kind == "number":
        return [None if math.isnan(v) else v for v in series.to_numpy(dtype=float).tolist()]
    return [
        None if v is None or (isinstance(v, float) and math.isnan(v)) else str(v) for v in series
    ]


def write_data_sheet(workbook: Workbook, report: Report, lang: Lang, caption: str) -> None:
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
    write_table(
        workbook,
        text("export.sheet_data", lang),
        header,
        rows,
        frozen_columns=frozen,
        caption=caption,
    )


# ---------------------------------------------------------------- entry points


def selection_caption(
    report: Report, scope_label: str | None, period: Period | None, lang: Lang
) -> str:
    """What every sheet covers: "Report «x.xlsx» · accounts: VK / brand · period: …"."""
    return text(
        "export.selection",
        lang,
        report=report.name,
        scope=scope_label or text("export.scope_whole", lang),
        period=text("export.no_period", lang)
        if period is None
        else _period_text(period.start, period.end, lang),
    )


def export_workbook(
    report: Report,
    result: KpiResult,
    comparison: PeriodComparison | None,
    lang: Lang,
    *,
    targets: Mapping[str, float] | None = None,
    scope_label: str | None = None,
    period: Period | None = None,
) -> bytes:
    """The .xlsx of a report's KPIs, groups, periods, charts and cleaned data.

    ``report`` holds the rows of the selection exported (``kpis.scope.rows_in_selection``)
    and ``result`` their KPIs; every sheet names the scope and the period at its top.
    ``targets`` are those of the period (per-month targets scaled to it).
    """
    if period is None and report.period is not None:
        period = Period(*report.period)
    caption = selection_caption(report, scope_label, period, lang)
    workbook = Workbook(write_only=True)
    _write_kpi_sheet(
        workbook,
        report,
        result,
        lang,
        targets=targets,
        scope_label=scope_label,
        period=period,
        caption=caption,
    )
    write_charts_sheet(workbook, report, lang, caption)
    write_groups_sheet(workbook, result, lang, caption)
    if comparison is not None:
        write_periods_sheet(workbook, comparison, lang, caption)
    write_data_sheet(workbook, report, lang, caption)
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
