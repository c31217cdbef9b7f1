"""The PDF handout: what its text says (read back with pypdf), in both languages, from
answers, a report or both; hostile names come out as plain characters."""

from __future__ import annotations

import io
import re
from datetime import date

import pytest
from PIL import Image
from pypdf import PdfReader

from smm_logic.kpis.periods import Period
from smm_logic.outputs.handout import Handout
from smm_logic.outputs.pdf import handout_pdf
from smm_logic.report.model import Report
from smm_logic.text import Lang, text
from smm_logic.usecases import aggregate_report, analyse_report, load_report, make_handout
from tests.builders import csv_bytes, xlsx_bytes
from tests.unit.outputs.test_handout import REPORT_ROWS, some_answers

HOSTILE_ACCOUNT = '=HYPERLINK("http://x","y")'
MARKUP_CLIENT = "<b>Кофейня</b> **Зерно** _x_"


def squeezed(value: str) -> str:
    """Text without any whitespace: pypdf breaks lines where the layout wrapped them."""
    return re.sub(r"\s+", "", value)


def pdf_text(data: bytes) -> str:
    reader = PdfReader(io.BytesIO(data))
    return "\n".join(page.extract_text() for page in reader.pages)


def image_count(data: bytes) -> int:
    return sum(len(page.images) for page in PdfReader(io.BytesIO(data)).pages)


@pytest.fixture(scope="module")
def report() -> Report:
    return load_report(xlsx_bytes(REPORT_ROWS), "march.xlsx", isolated=False)


def both_handout(report: Report, lang: Lang) -> Handout:
    march = Period(date(2026, 3, 1), date(2026, 3, 31))
    analysis = analyse_report(aggregate_report(report), period=march)
    return make_handout(
        some_answers(1),
        report,
        lang,
        analysis=analysis,
        targets={"er_followers_pct": 5.0},
        client="Кофейня «Зерно»",
    )


@pytest.mark.parametrize("lang", ["ru", "en"])
def test_the_pdf_says_the_verdict_every_kpi_value_and_the_recommendations(
    report: Report, lang: Lang
) -> None:
    handout = both_handout(report, lang)
    data = handout_pdf(handout)

    shown = squeezed(pdf_text(data))
    assert data.startswith(b"%PDF")
    assert squeezed(handout.verdict) in shown
    assert handout.kpis
    for row in handout.kpis:
        assert squeezed(row.value_text) in shown, row.name
        assert squeezed(row.name) in shown
    assert handout.recommendations
    for recommendation in handout.recommendations:
        assert squeezed(recommendation) in shown
    for flag in handout.red_flags:
        assert squeezed(flag.title) in shown
    assert squeezed(text("handout.kpis", lang)) in shown
    assert squeezed("Кофейня «Зерно»") in shown
    assert not re.search(r"\b(None|nan|NaN)\b", pdf_text(data))
    assert image_count(data) >= 3  # the dimensions and the trends, drawn


@pytest.mark.parametrize("lang", ["ru", "en"])
def test_answers_only_has_no_kpi_section_and_still_the_dimension_chart(lang: Lang) -> None:
    handout = make_handout(some_answers(), None, lang)
    data = handout_pdf(handout)

    shown = squeezed(pdf_text(data))
    assert squeezed(handout.verdict) in shown
    assert squeezed(text("handout.trends", lang)) not in shown
    assert squeezed(text("handout.formula", lang)) not in shown
    assert image_count(data) == 1


def test_data_only_has_kpis_and_trends_but_no_answers_section(report: Report) -> None:
    handout = make_handout(None, report, "en")
    data = handout_pdf(handout)

    shown = squeezed(pdf_text(data))
    assert squeezed(handout.verdict) in shown
    assert squeezed(text("handout.kpis", "en")) in shown
    assert squeezed(text("handout.respondents", "en")) not in shown
    assert not re.search(r"\b(None|nan|NaN)\b", pdf_text(data))


def test_a_hostile_account_name_and_markup_come_out_as_plain_text() -> None:
    rows: list[list[object]] = [
        ["Дата", "Площадка", "Аккаунт", "Подписчики", "Комментарии"],
        ["01.03.2026", "VK", HOSTILE_ACCOUNT, 1000, 10],
        ["31.03.2026", "VK", HOSTILE_ACCOUNT, 1010, 12],
    ]
    # A CSV keeps the text as typed (an xlsx cell starting with "=" is a formula).
    hostile = load_report(csv_bytes(rows), "<i>march</i>.csv", isolated=False)
    handout = make_handout(None, hostile, "en", client=MARKUP_CLIENT, consultant="**Me**")

    shown = squeezed(pdf_text(handout_pdf(handout)))

    assert squeezed(HOSTILE_ACCOUNT) in shown
    assert squeezed(MARKUP_CLIENT) in shown
    assert "**Me**" in shown
    assert "<i>march</i>.csv" in shown


def png_logo() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (120, 40), (200, 30, 30)).save(buffer, format="PNG")
    return buffer.getvalue()


def test_a_consultants_name_and_logo_go_on_the_cover_and_a_broken_logo_is_left_off() -> None:
    with_logo = make_handout(some_answers(), None, "ru", consultant="Мария", logo=png_logo())
    broken = make_handout(some_answers(), None, "ru", logo=b"not an image")

    data = handout_pdf(with_logo)
    first_page = PdfReader(io.BytesIO(data)).pages[0]

    assert "Мария" in first_page.extract_text()
    assert image_count(data) == 2  # the logo and the dimension chart
    assert image_count(handout_pdf(broken)) == 1


def test_respondents_side_by_side_are_in_the_pdf() -> None:
    from smm_logic.assessment.bank import load_bank
    from smm_logic.assessment.respondents import RespondentAnswers, compare_respondents
    from smm_logic.assessment.rules import scoring_rules

    people = [
        RespondentAnswers("1", "Анна", "owner", some_answers(0).choices),
        RespondentAnswers("2", "Борис", "smm", some_answers(3).choices),
    ]
    comparison = compare_respondents(load_bank(), scoring_rules(), people)
    handout = make_handout(some_answers(), None, "ru", comparison=comparison)

    shown = squeezed(pdf_text(handout_pdf(handout)))

    assert squeezed(text("handout.respondents", "ru")) in shown
    assert "Анна" in shown and "Борис" in shown
