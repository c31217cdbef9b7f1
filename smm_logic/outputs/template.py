"""The empty Excel template in the canonical shape, in the user's language.

Its headers are the metrics' display names, which the engine recognises as
synonyms, so a filled template reads back with every column mapped.
"""

from __future__ import annotations

import io
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from smm_logic.outputs.sheets import DATE_FORMATS
from smm_logic.report.headers import Metric, metrics
from smm_logic.text import Lang, strings, text

# Excel's limits for a validation's texts (longer ones make the file unreadable).
_TITLE_LIMIT, _PROMPT_LIMIT, _ERROR_LIMIT = 32, 255, 225
_LAST_ROW = 1_048_576
_HOWTO_KEYS = tuple(f"export.template.howto_{number}" for number in range(1, 7))
_HEADER_FILL = "DDEBF7"


def _clip(value: str, limit: int) -> str:
    return value if len(value) <= limit else value[: limit - 1] + "…"


def _validation(metric: Metric, lang: Lang) -> DataValidation:
    """The column's input prompt (its help text) and, for dates and numbers, a check."""
    name = metric.name.render(lang)
    if metric.kind == "date":
        # A warning, not a stop: month names such as «Январь 2026» are read too.
        validation = DataValidation(
            type="date",
            operator="greaterThanOrEqual",
            formula1="DATE(1990,1,1)",
            errorStyle="warning",
            errorTitle=_clip(text("export.template.date_error_title", lang), _TITLE_LIMIT),
            error=_clip(text("export.template.date_error", lang), _ERROR_LIMIT),
        )
    elif metric.kind == "number":
        validation = DataValidation(
            type="decimal",
            operator="greaterThanOrEqual",
            formula1="0",
            errorStyle="stop",
            errorTitle=_clip(text("export.template.number_error_title", lang), _TITLE_LIMIT),
            error=_clip(text("export.template.number_error", lang, name=name), _ERROR_LIMIT),
        )
    else:
        validation = DataValidation()
    validation.allow_blank = True
    validation.showErrorMessage = metric.kind != "text"
    validation.showInputMessage = True
    validation.promptTitle = _clip(name, _TITLE_LIMIT)
    validation.prompt = _clip(metric.help.render(lang), _PROMPT_LIMIT)
    return validation


def _style_header(cell: Any) -> None:
    cell.font = Font(bold=True)
    cell.fill = PatternFill("solid", fgColor=_HEADER_FILL)
    cell.alignment = Alignment(wrap_text=True, vertical="center")


def _report_sheet(workbook: Workbook, lang: Lang) -> None:
    sheet = workbook.active
    sheet.title = text("export.template.sheet_report", lang)
    for index, metric in enumerate(metrics().values(), start=1):
        letter = get_column_letter(index)
        cell = sheet.cell(row=1, column=index, value=metric.name.render(lang))
        _style_header(cell)
        dimension = sheet.column_dimensions[letter]
        dimension.width = max(len(metric.name.render(lang)) + 4, 14)
        if metric.kind == "date":
            dimension.number_format = DATE_FORMATS[lang]
        validation = _validation(metric, lang)
        sheet.add_data_validation(validation)
        validation.add(f"{letter}2:{letter}{_LAST_ROW}")
    sheet.freeze_panes = "A2"


def example(metric_id: str, lang: Lang) -> str:
    """An example value for a column, or nothing when the data file has none."""
    key = f"export.example.{metric_id}"
    return text(key, lang) if key in strings() else ""


def _instructions_sheet(workbook: Workbook, lang: Lang) -> None:
    sheet = workbook.create_sheet(text("export.template.sheet_instructions", lang))
    header = (
        text("export.template.col_column", lang),
        text("export.template.col_what", lang),
        text("export.template.col_example", lang),
    )
    sheet.append(header)
    for cell in sheet[1]:
        _style_header(cell)
    wrap = Alignment(wrap_text=True, vertical="top")
    for index, metric in enumerate(metrics().values(), start=1):
        # "A — Дата", not the bare name: a row of bare names would make the engine
        # take this sheet for a (transposed) report when the template is read back.
        label = text(
            "export.template.column_label",
            lang,
            letter=get_column_letter(index),
            name=metric.name.render(lang),
        )
        sheet.append((label, metric.help.render(lang), example(metric.id, lang)))
        sheet.cell(row=sheet.max_row, column=2).alignment = wrap
    sheet.append(())
    sheet.append((text("export.template.howto_title", lang),))
    sheet.cell(row=sheet.max_row, column=1).font = Font(bold=True)
    for number, key in enumerate(_HOWTO_KEYS, start=1):
        sheet.append((f"{number}.", text(key, lang)))
        sheet.cell(row=sheet.max_row, column=2).alignment = wrap
    sheet.column_dimensions["A"].width = 30
    sheet.column_dimensions["B"].width = 90
    sheet.column_dimensions["C"].width = 20
    sheet.freeze_panes = "A2"


def template_workbook(lang: Lang) -> bytes:
    """The .xlsx template: a report sheet with the canonical headers, and instructions."""
    workbook = Workbook()
    _report_sheet(workbook, lang)
    _instructions_sheet(workbook, lang)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def template_file_name(lang: Lang) -> str:
    """``smm-template.xlsx`` / ``шаблон-smm.xlsx``."""
    return text("export.template.file_name", lang)
