"""The Charts sheet of the Excel export: daily followers and interactions with native
Excel charts (openpyxl), or a note naming the columns a chart needs.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

import pandas as pd
from openpyxl import Workbook
from openpyxl.chart import BarChart, LineChart, Reference
from openpyxl.chart.axis import DateAxis

from smm_logic.kpis.catalog import INTERACTION_COLUMNS, kpi_catalog
from smm_logic.kpis.cube import build_cube
from smm_logic.outputs.charts.data import BUCKET, resample
from smm_logic.outputs.sheets import DATE_FORMATS, SheetWriter, Styled, prepare_sheet
from smm_logic.report.headers import metrics
from smm_logic.report.model import GROUP_KEYS, Report
from smm_logic.text import Lang, text

_CHART_ROWS = 18  # the height of one chart, in sheet rows


# ---------------------------------------------------------------- charts


def daily_trends(table: pd.DataFrame) -> pd.DataFrame:
    """Followers and interactions per calendar day, for the charts.

    ``followers``: the sum over groups of each group's last known followers that day,
    a group's value carried between two of its known days (never before its first
    or after its last), so that the total does not dip on a day one account did not
    report; ``interactions``: the day's interactions KPI over every group. Missing
    where nothing is known; undated rows are left out.
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
    # Interactions are the KPI of each day, from the daily cube like every other KPI.
    per_day = resample(build_cube(dated), "D")
    if per_day["interactions"].notna().any():
        daily = per_day.set_index(BUCKET)["interactions"].rename_axis("day")
        out = out.join(daily, how="outer")
    return out.sort_index()


def _line_chart(title: str, sheet: SheetWriter, rows: int, column: int, lang: Lang) -> LineChart:
    chart = LineChart()
    chart.title = title
    chart.legend = None
    chart.y_axis.crossAx = 500
    chart.x_axis = DateAxis(crossAx=100)
    chart.x_axis.number_format = DATE_FORMATS[lang]
    chart.x_axis.majorTimeUnit = "days"
    _fill_chart(chart, sheet, rows, column)
    return chart


def _bar_chart(title: str, sheet: SheetWriter, rows: int, column: int, lang: Lang) -> BarChart:
    chart = BarChart()
    chart.type = "col"
    chart.title = title
    chart.legend = None
    chart.x_axis.number_format = DATE_FORMATS[lang]
    _fill_chart(chart, sheet, rows, column)
    return chart


def _fill_chart(chart: Any, writer: SheetWriter, rows: int, column: int) -> None:
    sheet, top = writer.sheet, writer.header_row
    chart.add_data(
        Reference(sheet, min_col=column, min_row=top, max_row=top + rows), titles_from_data=True
    )
    chart.set_categories(Reference(sheet, min_col=1, min_row=top + 1, max_row=top + rows))
    # openpyxl 3.1 hides both axes unless told otherwise.
    chart.x_axis.delete = False
    chart.y_axis.delete = False
    chart.width, chart.height = 24, 8.5


def write_charts_sheet(
    workbook: Workbook, report: Report, lang: Lang, caption: str | None = None
) -> None:
    names = metrics()
    interactions_name = kpi_catalog()["interactions"].name.render(lang)
    trends = daily_trends(report.table)
    header = [text("export.col_day", lang), names["followers"].name.render(lang), interactions_name]
    fmt = DATE_FORMATS[lang]

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
    writer = prepare_sheet(
        workbook, text("export.sheet_charts", lang), header, rows, caption=caption
    )
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
            + text("common.kpi_missing_any_of", lang).join(
                f"«{names[c].name.render(lang)}»" for c in INTERACTION_COLUMNS
            ),
        ),
    ]
    place = 2
    notes: list[str] = []
    for column_id, title, column, build, needs in specs:
        if column_id in trends.columns and trends[column_id].notna().any():
            chart = build(title, writer, len(rows), column, lang)
            writer.sheet.add_chart(chart, f"E{place + writer.header_row - 1}")
            place += _CHART_ROWS
        else:
            notes.append(text("export.chart_skipped", lang, title=title, columns=needs))
    for note in notes:
        writer.row([])
        writer.row([note])
