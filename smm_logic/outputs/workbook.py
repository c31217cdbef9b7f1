"""The take-away Excel workbook: the handout's content as sheets a reader can sort, sum
and chart — Summary, KPIs, Trends, By account, Periods, Data, Answers.

It lays out a ``Handout`` (``outputs.handout``), so the workbook and the PDF say the
same thing; what a handout does not carry (the cleaned rows, the KPIs per account and
per period, each respondent's answers) comes in ``WorkbookSources``. Every sheet names
the scope and the period in its first row. Numbers are numbers with number formats,
headers are frozen and columns sized, and text from users' files goes through
``outputs.sheets`` (a cell starting ``=``, ``+``, ``-``, ``@``, a tab or a CR is text).
"""

from __future__ import annotations

import io
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from openpyxl import Workbook
from openpyxl.chart import BarChart, LineChart, Reference
from openpyxl.utils import get_column_letter

from smm_logic.assessment.bank import QuestionBank
from smm_logic.kpis.catalog import kpi_catalog
from smm_logic.kpis.scope import Analysis
from smm_logic.outputs.excel import (
    kpi_value,
    write_data_sheet,
    write_groups_sheet,
    write_periods_sheet,
)
from smm_logic.outputs.handout import Handout, HandoutChart
from smm_logic.outputs.sheets import SheetWriter, Styled, prepare_sheet, write_table
from smm_logic.report.model import Report
from smm_logic.text import Lang, text

_SCORE_FORMAT = "0"
_TREND_FORMAT = "#,##0.##"
_CHART_WIDTH, _CHART_HEIGHT = 22.0, 9.0
_ROWS_PER_CHART = 20


@dataclass(frozen=True)
class WorkbookSources:
    """What the workbook shows beyond the handout: the report's rows of the selection
    (``kpis.scope.rows_in_selection``), its analysis (KPIs per account, the period
    against the one before) and each respondent's answers — who they are as the reader
    knows them (a role, a name) and their choices — with the bank they answered."""

    report: Report | None = None
    analysis: Analysis | None = None
    answers: Sequence[tuple[str, Mapping[str, str]]] = ()
    bank: QuestionBank | None = None


def handout_workbook(handout: Handout, lang: Lang, sources: WorkbookSources | None = None) -> bytes:
    """The .xlsx of a handout (and of ``sources``) in ``lang``."""
    sources = sources or WorkbookSources()
    caption = _caption(handout, lang)
    workbook = Workbook(write_only=True)
    _summary_sheet(workbook, handout, lang, caption)
    if handout.kpis:
        _kpis_sheet(workbook, handout, lang, caption)
    if handout.trends:
        _trends_sheet(workbook, handout.trends, lang, caption)
    analysis, report = sources.analysis, sources.report
    if analysis is not None:
        write_groups_sheet(workbook, analysis.result, lang, caption)
        if analysis.comparison is not None:
            write_periods_sheet(workbook, analysis.comparison, lang, caption)
    if report is not None:
        write_data_sheet(workbook, report, lang, caption)
    if sources.bank is not None and any(choices for _, choices in sources.answers):
        _answers_sheet(workbook, sources.answers, sources.bank, lang, caption)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _caption(handout: Handout, lang: Lang) -> str:
    """What every sheet covers: the client, the accounts and the period."""
    cover = handout.cover
    accounts = ", ".join(cover.accounts) or text("workbook.all_accounts", lang)
    period = cover.period or text("workbook.no_period", lang)
    caption = text("workbook.caption", lang, accounts=accounts, period=period)
    return f"{cover.client} · {caption}" if cover.client else caption


# ------------------------------------------------------------------ summary


def _summary_sheet(workbook: Workbook, handout: Handout, lang: Lang, caption: str) -> None:
    header = [text("handout.dimension", lang), text("handout.score", lang)]
    header += [text("handout.from_answers", lang), text("handout.from_data", lang)]
    dimensions: list[list[object]] = [
        [
            row.name,
            None if row.score is None else Styled(round(row.score), _SCORE_FORMAT),
            row.answers_text,
            row.data_text,
        ]
        for row in handout.dimensions
    ]
    # The verdict, flags and diagnosis are sentences in the first column: it is wide.
    writer = prepare_sheet(
        workbook,
        text("workbook.sheet_summary", lang),
        header,
        dimensions,
        widths={0: 60.0, 2: 24.0, 3: 24.0},
        frozen_columns=0,
        caption=caption,
    )
    first_row = writer.header_row + 1
    for row in dimensions:
        writer.row(row)
    if any(row.score is not None for row in handout.dimensions):
        _dimension_chart(writer, first_row, len(dimensions), lang)
    writer.row([])
    _block(writer, text("handout.verdict", lang), [handout.verdict])
    facts = [f"{label}: {value}" for label, value in handout.facts]
    _block(writer, text("handout.facts", lang), facts)
    flags = [line for item in handout.red_flags for line in _item_lines(item)]
    _block(writer, text("handout.red_flags", lang), flags)
    diagnosis = [line for item in handout.diagnosis for line in _item_lines(item)]
    _block(writer, text("handout.diagnosis", lang), diagnosis)
    signals = [f"{signal.name}: {signal.status_text}. {signal.body}" for signal in handout.signals]
    _block(writer, text("handout.signals", lang), signals)
    contradictions = [line for item in handout.contradictions for line in _item_lines(item)]
    _block(writer, text("handout.contradictions", lang), contradictions)
    _block(writer, text("handout.recommendations", lang), list(handout.recommendations))
    _block(writer, handout.questions_title, list(handout.questions))
    _block(writer, text("handout.missing", lang), list(handout.missing))


def _item_lines(item: object) -> list[str]:
    title, body, action = (getattr(item, name) for name in ("title", "body", "action"))
    return [f"{title}. {body}" if body else str(title), *([action] if action else [])]


def _block(writer: SheetWriter, title: str, lines: Sequence[str]) -> None:
    """A bold title and its lines, one a row, wrapped; nothing when there are none."""
    if not lines:
        return
    writer.row([Styled(title, bold=True)])
    for line in lines:
        writer.row([Styled(line, wrap=True)])
    writer.row([])


def _dimension_chart(writer: SheetWriter, first_row: int, rows: int, lang: Lang) -> None:
    chart = BarChart()
    chart.type = "bar"  # horizontal: the dimensions' names read as they are
    chart.title = text("handout.dimensions", lang)
    chart.y_axis.scaling.min, chart.y_axis.scaling.max = 0, 100
    chart.x_axis.scaling.orientation = "maxMin"  # the first dimension on top
    values = Reference(writer.sheet, min_col=2, min_row=first_row - 1, max_row=first_row + rows - 1)
    names = Reference(writer.sheet, min_col=1, min_row=first_row, max_row=first_row + rows - 1)
    chart.add_data(values, titles_from_data=True)
    chart.set_categories(names)
    chart.legend = None
    _show_axes(chart)
    writer.sheet.add_chart(chart, f"F{first_row}")


def _show_axes(chart: BarChart | LineChart) -> None:
    # openpyxl hides the axes by default since 3.1; Excel then draws no labels.
    chart.x_axis.delete = False
    chart.y_axis.delete = False
    chart.width, chart.height = _CHART_WIDTH, _CHART_HEIGHT


# ------------------------------------------------------------------ KPIs


def _kpis_sheet(workbook: Workbook, handout: Handout, lang: Lang, caption: str) -> None:
    catalog = kpi_catalog()
    header = [
        text("handout.kpi", lang),
        text("handout.value", lang),
        text("export.col_unit", lang),
        text("handout.formula", lang),
        text("workbook.with_numbers", lang),
        text("handout.target", lang),
        text("handout.band", lang),
        text("handout.change", lang),
    ]
    rows: list[list[object]] = [
        [
            row.name,
            kpi_value(catalog[row.id], row.value) if row.id in catalog else row.value,
            text(f"export.unit_{row.unit}", lang),
            row.formula,
            row.with_numbers,
            row.target,
            row.rating_text,
            row.change,
        ]
        for row in handout.kpis
    ]
    writer = write_table(
        workbook,
        text("workbook.sheet_kpis", lang),
        header,
        rows,
        widths={3: 40.0, 4: 40.0, 6: 36.0, 7: 24.0},
        wrap_columns=(3, 4, 6, 7),
        caption=caption,
    )
    if handout.kpi_note:
        writer.row([])
        writer.row([Styled(handout.kpi_note, wrap=True)])


# ------------------------------------------------------------------ trends


def _trends_sheet(
    workbook: Workbook, trends: Sequence[HandoutChart], lang: Lang, caption: str
) -> None:
    """Each trend as a table (period down, series across) and a native line chart."""
    tables = [_trend_table(chart) for chart in trends]
    widest = max(len(series) for _, series, _ in tables)
    header = [text("workbook.col_period", lang), *([""] * widest)]
    writer = prepare_sheet(
        workbook,
        text("workbook.sheet_trends", lang),
        header,
        [[period] for table in tables for period in table[0]],
        frozen_columns=1,
        caption=caption,
    )
    row_number = writer.header_row + 1
    anchors: list[tuple[str, int, int, int]] = []
    for chart, (periods, series, values) in zip(trends, tables, strict=True):
        writer.row([Styled(chart.title, bold=True), *series])
        for period, row in zip(periods, values, strict=True):
            writer.row([period, *(None if v is None else Styled(v, _TREND_FORMAT) for v in row)])
        anchors.append((chart.title, row_number, len(periods), len(series)))
        writer.row([])
        row_number += len(periods) + 2
    place = writer.header_row + 1
    for title, title_row, period_count, series_count in anchors:
        anchor = f"{get_column_letter(widest + 3)}{place}"
        _trend_chart(writer, title, (title_row, period_count, series_count), anchor)
        place += _ROWS_PER_CHART


def _trend_table(
    chart: HandoutChart,
) -> tuple[list[str], list[str], list[list[float | None]]]:
    periods = list(dict.fromkeys(point.period for point in chart.points))
    series = list(dict.fromkeys(point.series for point in chart.points))
    values = {(point.period, point.series): point.value for point in chart.points}
    return periods, series, [[values.get((p, s)) for s in series] for p in periods]


def _trend_chart(writer: SheetWriter, title: str, table: tuple[int, int, int], anchor: str) -> None:
    """A line chart of the table whose title row is ``table[0]``, with ``table[1]``
    periods down and ``table[2]`` series across."""
    title_row, periods, series = table
    if periods == 0 or series == 0:
        return
    chart = LineChart()
    chart.title = title
    data = Reference(
        writer.sheet,
        min_col=2,
        max_col=1 + series,
        min_row=title_row,
        max_row=title_row + periods,
    )
    chart.add_data(data, titles_from_data=True)
    chart.set_categories(
        Reference(writer.sheet, min_col=1, min_row=title_row + 1, max_row=title_row + periods)
    )
    _show_axes(chart)
    writer.sheet.add_chart(chart, anchor)


# ------------------------------------------------------------------ answers


def _answers_sheet(
    workbook: Workbook,
    every_answers: Sequence[tuple[str, Mapping[str, str]]],
    bank: QuestionBank,
    lang: Lang,
    caption: str,
) -> None:
    header = [
        text("workbook.col_question", lang),
        text("workbook.col_answer", lang),
        text("handout.dimension", lang),
        text("workbook.col_respondent", lang),
    ]
    rows: list[list[object]] = []
    for who, choices in every_answers:
        for question in bank.every_question():
            option_id = choices.get(question.id)
            option = None if option_id is None else bank.option(question.id, option_id)
            if option is None:
                continue  # not answered, or an id this bank no longer knows
            dimension = (
                bank.dimension(question.dimension).name.render(lang)
                if question.scored
                else text("workbook.context", lang)
            )
            question_text = question.text_for(choices).render(lang)
            rows.append([question_text, option.text.render(lang), dimension, who])
    write_table(
        workbook,
        text("workbook.sheet_answers", lang),
        header,
        rows,
        widths={0: 60.0, 1: 36.0, 2: 24.0},
        wrap_columns=(0, 1),
        caption=caption,
    )
