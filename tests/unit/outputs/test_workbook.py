"""The take-away workbook: its sheets in the reader's language, real numbers with number
formats, native charts, the scope and period on every sheet, hostile text kept as text."""

from __future__ import annotations

import io
from datetime import date, datetime, timedelta

import pytest
from openpyxl import load_workbook
from openpyxl.workbook import Workbook

from smm_logic.assessment.bank import Answers, load_bank
from smm_logic.kpis.catalog import kpi_catalog
from smm_logic.kpis.periods import Period
from smm_logic.outputs.workbook import WorkbookSources, handout_workbook
from smm_logic.report.ingest import read_report
from smm_logic.report.model import Report
from smm_logic.text import Lang
from smm_logic.usecases import aggregate_report, analyse_report, make_handout
from tests.app.test_assessment_page import profile
from tests.builders import csv_bytes

HOSTILE = '=HYPERLINK("http://x","y")'
HEADER = ["Дата", "Платформа", "Аккаунт", "Подписчики", "Лайки", "Комментарии", "Охват"]
SHEETS: dict[Lang, list[str]] = {
    "en": ["Summary", "KPIs", "Trends", "By account", "Periods", "Data", "Answers"],
    "ru": ["Итог", "Показатели", "Динамика", "По аккаунтам", "Периоды", "Данные", "Ответы"],
}


def hostile_report() -> Report:
    """Sixty days of one account whose name is a formula."""
    rows: list[list[object]] = [HEADER]
    for day in range(60):
        rows.append(
            [
                datetime(2026, 1, 1) + timedelta(days=day),
                "VK",
                HOSTILE,
                1000 + 10 * day,
                50 + day % 7,
                5,
                400,
            ]
        )
    return read_report(csv_bytes(rows), "report.csv")  # an .xlsx would hold a real formula


def workbook(lang: Lang, *, with_answers: bool = True, with_report: bool = True) -> Workbook:
    bank = load_bank()
    answers = Answers("owner", profile(("product",))) if with_answers else None
    report = hostile_report() if with_report else None
    # February against January: the Periods sheet has a period before to compare with.
    february = Period(date(2026, 2, 1), date(2026, 3, 1))
    analysis = None if report is None else analyse_report(aggregate_report(report), period=february)
    handout = make_handout(
        answers, report, lang, analysis=analysis, targets={"er_followers_pct": 2.0}, bank=bank
    )
    sources = WorkbookSources(
        report=report,
        analysis=analysis,
        answers=() if answers is None else (("Owner or manager", answers.choices),),
        bank=bank,
    )
    return load_workbook(io.BytesIO(handout_workbook(handout, lang, sources)))


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_the_sheets_are_there_in_the_readers_language(lang: Lang) -> None:
    assert workbook(lang).sheetnames == SHEETS[lang]


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_every_sheet_names_the_accounts_and_the_period_in_its_first_row(lang: Lang) -> None:
    book = workbook(lang)
    for sheet in book.worksheets:
        first = str(sheet["A1"].value)
        assert HOSTILE in first, sheet.title
        assert ("1 февраля" if lang == "ru" else "February 1") in first, first
        assert sheet.freeze_panes is not None and sheet.freeze_panes.endswith("3"), sheet.title


def test_kpi_values_are_numbers_with_number_formats_not_strings() -> None:
    sheet = workbook("en")["KPIs"]
    names = {kpi.name.render("en"): kpi for kpi in kpi_catalog().values()}
    values = {row[0].value: row[1] for row in sheet.iter_rows(min_row=3) if row[0].value in names}
    assert values, "no KPI rows"
    for name, cell in values.items():
        assert isinstance(cell.value, int | float), name
        assert cell.number_format != "General", name
    assert sheet.column_dimensions["D"].width == 40.0  # the formula column is sized


def test_dimension_scores_are_numbers_charted_natively() -> None:
    book = workbook("en")
    summary = book["Summary"]
    scores = [row[1].value for row in summary.iter_rows(min_row=3, max_row=10)]
    assert all(isinstance(score, int) for score in scores)
    assert len(summary._charts) == 1
    assert len(book["Trends"]._charts) >= 2
    verdict = [c.value for c in summary["A"] if isinstance(c.value, str)]
    assert any(text.startswith("The SMM works fine, but the product") for text in verdict)


def test_a_hostile_account_name_comes_back_as_text_never_a_formula() -> None:
    book = workbook("en")
    found = [
        cell
        for sheet in book.worksheets
        for row in sheet.iter_rows(min_row=2)
        for cell in row
        if cell.value == HOSTILE
    ]
    assert found, "the account name is missing"
    assert all(cell.data_type == "s" for cell in found)
    assert not any(
        cell.data_type == "f"
        for sheet in book.worksheets
        for row in sheet.iter_rows()
        for cell in row
    )


def test_the_data_sheet_has_canonical_headers_and_real_dates() -> None:
    sheet = workbook("ru")["Данные"]
    header = [cell.value for cell in sheet[2]]
    assert header[:3] == ["Дата", "Платформа", "Аккаунт"]
    assert isinstance(sheet["A3"].value, datetime)
    assert isinstance(sheet["D3"].value, int | float)


def test_the_answers_sheet_lists_question_answer_dimension_and_respondent() -> None:
    sheet = workbook("en")["Answers"]
    assert [cell.value for cell in sheet[2]] == ["Question", "Answer", "Dimension", "Respondent"]
    rows = [[cell.value for cell in row] for row in sheet.iter_rows(min_row=3)]
    assert len(rows) == len(profile(("product",)))
    assert {row[3] for row in rows} == {"Owner or manager"}
    assert load_bank().dimension("product").name.render("en") in {row[2] for row in rows}


def test_answers_only_and_data_only_give_the_sheets_they_can() -> None:
    assert workbook("en", with_report=False).sheetnames == ["Summary", "Answers"]
    data_only = workbook("en", with_answers=False).sheetnames
    assert "Answers" not in data_only and "Data" in data_only
