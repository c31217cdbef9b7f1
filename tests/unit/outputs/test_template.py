"""The Excel template: canonical headers in the user's language, checks, and instructions."""

from __future__ import annotations

import io
from datetime import datetime

import pytest
from openpyxl import load_workbook
from openpyxl.workbook import Workbook

from smm_logic.outputs.template import template_file_name, template_workbook
from smm_logic.report.headers import metrics
from smm_logic.report.ingest import read_report
from smm_logic.text import Lang

SHEETS: dict[Lang, list[str]] = {"ru": ["Отчёт", "Инструкция"], "en": ["Report", "Instructions"]}


def template(lang: Lang) -> Workbook:
    return load_workbook(io.BytesIO(template_workbook(lang)))


def validations_by_column(workbook: Workbook) -> dict[str, object]:
    """Column letter → the validation covering that column from row 2 down."""
    sheet = workbook.worksheets[0]
    found: dict[str, object] = {}
    for validation in sheet.data_validations.dataValidation:
        for cell_range in validation.sqref.ranges:
            assert cell_range.min_row == 2
            found[cell_range.coord.split(":")[0].rstrip("0123456789")] = validation
    return found


def filled(workbook: Workbook) -> bytes:
    """The template with two rows typed in, every column filled."""
    sheet = workbook.worksheets[0]
    for row, day in ((2, 1), (3, 2)):
        for column, metric in enumerate(metrics().values(), start=1):
            if metric.kind == "date":
                value: object = datetime(2026, 3, day)
            elif metric.kind == "text":
                value = "VK" if metric.id == "platform" else "brand"
            else:
                value = 10 * day
            sheet.cell(row=row, column=column, value=value)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


@pytest.mark.parametrize("lang", ["ru", "en"])
def test_the_report_sheet_has_every_canonical_header_in_the_users_language(lang: Lang) -> None:
    workbook = template(lang)

    sheet = workbook.worksheets[0]

    assert workbook.sheetnames == SHEETS[lang]
    assert [cell.value for cell in sheet[1]] == [m.name.render(lang) for m in metrics().values()]
    assert all(cell.font.bold for cell in sheet[1])
    assert sheet.freeze_panes == "A2"
    assert all(sheet.column_dimensions[cell.column_letter].width >= 14 for cell in sheet[1])


@pytest.mark.parametrize("lang", ["ru", "en"])
def test_dates_and_numbers_are_checked_and_every_column_prompts_its_help(lang: Lang) -> None:
    workbook = template(lang)

    by_column = validations_by_column(workbook)

    header = workbook.worksheets[0][1]
    assert len(by_column) == len(metrics())
    for cell, metric in zip(header, metrics().values(), strict=True):
        validation = by_column[cell.column_letter]
        assert validation.prompt == metric.help.render(lang)  # type: ignore[attr-defined]
        assert validation.showInputMessage  # type: ignore[attr-defined]
        if metric.kind == "number":
            assert validation.type == "decimal"  # type: ignore[attr-defined]
            assert validation.operator == "greaterThanOrEqual"  # type: ignore[attr-defined]
            assert validation.formula1 == "0"  # type: ignore[attr-defined]
            assert metric.name.render(lang) in validation.error  # type: ignore[attr-defined]
        elif metric.kind == "date":
            assert validation.type == "date"  # type: ignore[attr-defined]
            assert validation.errorTitle  # type: ignore[attr-defined]


def test_error_messages_are_in_the_users_language() -> None:
    followers = "D"

    ru, en = validations_by_column(template("ru")), validations_by_column(template("en"))

    assert ru[followers].errorTitle == "Нужно число не меньше 0"  # type: ignore[attr-defined]
    assert en[followers].errorTitle == "A number ≥ 0 is expected"  # type: ignore[attr-defined]


@pytest.mark.parametrize("lang", ["ru", "en"])
def test_the_instructions_explain_every_column_and_how_to_fill_the_table(lang: Lang) -> None:
    workbook = template(lang)

    rows = list(workbook.worksheets[1].iter_rows(values_only=True))

    column_rows = rows[1 : 1 + len(metrics())]
    for row, metric in zip(column_rows, metrics().values(), strict=True):
        assert row[0].endswith(f"— {metric.name.render(lang)}")
        assert row[1] == metric.help.render(lang)
        assert row[2]
    how_to = [row for row in rows[2 + len(metrics()) :] if row[0]]
    assert how_to[0][0] == {"ru": "Как заполнять", "en": "How to fill it in"}[lang]
    assert len(how_to[1:]) >= 5
    never_zero = {"ru": "никогда не пишите 0", "en": "never type 0"}[lang]
    assert any(never_zero in row[1] for row in how_to[1:])


@pytest.mark.parametrize("lang", ["ru", "en"])
def test_a_filled_template_reads_back_with_every_column_recognised(lang: Lang) -> None:
    data = filled(template(lang))

    report = read_report(data, template_file_name(lang))

    assert set(report.mapping) == set(metrics())
    assert report.rows_used == 2
    assert set(report.table["sheet"]) == {SHEETS[lang][0]}


def test_file_names_are_localized() -> None:
    names = {lang: template_file_name(lang) for lang in ("ru", "en")}

    assert names == {"ru": "шаблон-smm.xlsx", "en": "smm-template.xlsx"}
