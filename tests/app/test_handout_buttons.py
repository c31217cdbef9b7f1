"""AppTest of the PDF handout's buttons: the Scorecard's (with the cover's consultant and
logo), the Numbers page's and the Workshop's (the client's name, respondents side by side)."""

from __future__ import annotations

import io
from datetime import date

from pypdf import PdfReader
from streamlit.testing.v1 import AppTest

from shell.handout import pdf_file_name
from tests.app.test_assessment_page import open_page, profile
from tests.app.test_numbers_page import TWO_REACH, numbers_page, type_target, upload
from tests.app.test_scorecard_page import with_sample
from tests.app.test_workshop_page import (  # noqa: F401 -- the database fixture is autouse there
    add_respondent,
    create_client,
    database,
    open_workshop,
    save_for,
)
from tests.builders import xlsx_bytes


def pdf_text(data: bytes) -> str:
    assert data.startswith(b"%PDF")
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def image_count(data: bytes) -> int:
    return sum(len(page.images) for page in PdfReader(io.BytesIO(data)).pages)


def verdict_of(app: AppTest) -> str:
    """The first coloured box of the page, where the verdict is."""
    boxes = {"Error", "Warning", "Success", "Info"}
    first = next(str(e.value) for e in app.main if type(e).__name__ in boxes)
    return first.removeprefix("### ")


def test_the_scorecard_pdf_has_the_verdict_shown_on_the_page(downloads: dict[str, bytes]) -> None:
    app = open_page("scorecard.py", assessment_answers=profile(weak=("goals",)))

    shown = " ".join(pdf_text(downloads["scorecard_pdf"]).split())

    assert not app.exception
    assert " ".join(verdict_of(app).split()) in shown


def test_the_consultants_name_goes_on_the_cover(downloads: dict[str, bytes]) -> None:
    app = open_page("scorecard.py", "ru", assessment_answers=profile())
    assert "Мария" not in pdf_text(downloads["scorecard_pdf"])

    app.text_input(key="handout_consultant").input("Мария Иванова").run()

    cover = PdfReader(io.BytesIO(downloads["scorecard_pdf"])).pages[0].extract_text()
    assert not app.exception
    assert "Мария Иванова" in cover
    assert "Скачать отчёт (PDF)" in [b.proto.label for b in app.get("download_button")]


def test_the_numbers_page_offers_the_pdf_of_the_report(downloads: dict[str, bytes]) -> None:
    app = with_sample(open_page("scorecard.py"))
    app.switch_page("pages/numbers.py").run()

    shown = pdf_text(downloads["numbers_pdf"])

    assert not app.exception
    assert "KPIs" in shown and "Trends" in shown
    assert image_count(downloads["numbers_pdf"]) >= 3


def test_the_workshop_pdf_names_the_client_and_puts_respondents_side_by_side(
    downloads: dict[str, bytes],
) -> None:
    app = open_workshop()
    create_client(app, "Coffee Co")
    add_respondent(app, "Olga", "owner")
    add_respondent(app, "Sam", "smm")
    save_for(app, "Olga", profile())
    save_for(app, "Sam", profile(weak=("goals",)))

    shown = pdf_text(downloads["workshop_pdf"])

    assert not app.exception
    assert "Coffee Co" in shown
    assert "Respondents side by side" in shown
    assert "Olga (owner)" in shown and "Sam (SMM specialist)" in shown


def test_the_pdf_file_name_is_safe_whatever_the_clients_name() -> None:
    day = date(2026, 3, 31)

    assert pdf_file_name('=HYPERLINK("http://x","y")/../x', "en", day).endswith("_2026-03-31.pdf")
    assert "/" not in pdf_file_name("a/b\\c", "en", day) and "\\" not in pdf_file_name(
        "a/b\\c", "en", day
    )
    assert pdf_file_name("Кофейня «Зерно»", "ru", day).startswith("smm-scorecard_Кофейня")
    assert pdf_file_name(None, "en", day) == "smm-scorecard_report_2026-03-31.pdf"


def test_the_numbers_pdf_is_of_the_scope_and_targets_chosen_last(
    downloads: dict[str, bytes],
) -> None:
    """The Scorecard behind the Numbers page's PDF is worked out when the PDF is made,
    from what the page showed last: the account chosen and the target typed."""
    app = upload(numbers_page(), "two.xlsx", xlsx_bytes(TWO_REACH))
    assert "VK" in pdf_text(downloads["numbers_pdf"])

    app.selectbox(key="numbers_scope").set_value("Telegram\u241fКофейня").run()
    type_target(app, "err_pct", 2.5)

    shown = " ".join(pdf_text(downloads["numbers_pdf"]).split())
    assert not app.exception
    assert "Telegram" in shown and "VK" not in shown
    assert "Target 2.5%" in shown
