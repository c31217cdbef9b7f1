"""Real-browser download of the PDF handout from the Scorecard, in Russian and English: the
file is a PDF whose text says the verdict the page shows and names the consultant typed on
the page; its first page is rendered to PNG into artifacts/ for people to look at."""

from __future__ import annotations

import io
from pathlib import Path

import pypdfium2
import pytest
from playwright.sync_api import Page, expect
from pypdf import PdfReader

from smm_logic.text import Lang, text
from tests.conftest import ROOT
from tests.e2e.conftest import screenshot, wait_for_app
from tests.e2e.test_assessment_flow import EXCEPTION, load_the_sample, open_from_menu
from tests.e2e.test_scorecard_flow import WHOLE_REPORT

pytestmark = pytest.mark.e2e


@pytest.mark.parametrize("locale", ["ru-RU", "en-US"])
def test_the_scorecards_pdf_downloads_with_the_verdict_and_the_consultant(
    app_url: str, page: Page, locale: str, tmp_path: Path
) -> None:
    lang: Lang = "ru" if locale.startswith("ru") else "en"
    page.goto(app_url)
    wait_for_app(page)
    load_the_sample(page, lang)
    open_from_menu(page, "scorecard", lang)
    _, verdict = WHOLE_REPORT[lang]
    expect(page.get_by_text(verdict)).to_be_visible()

    page.get_by_text(text("handout.cover_title", lang)).click()
    field = page.get_by_label(text("handout.consultant_name", lang))
    field.fill("Мария Иванова")
    field.press("Enter")
    wait_for_app(page)
    screenshot(page, f"scorecard_pdf_button_{lang}")
    with page.expect_download(timeout=60_000) as download_info:
        page.get_by_role("button", name=text("handout.pdf_button", lang)).click()
    saved = tmp_path / download_info.value.suggested_filename
    download_info.value.save_as(saved)

    data = saved.read_bytes()
    assert saved.suffix == ".pdf" and data.startswith(b"%PDF")
    reader = PdfReader(io.BytesIO(data))
    shown = " ".join(" ".join(page.extract_text() for page in reader.pages).split())
    assert verdict in shown
    assert "Мария Иванова" in reader.pages[0].extract_text()
    artifacts = ROOT / "artifacts"
    artifacts.mkdir(exist_ok=True)
    first = pypdfium2.PdfDocument(data)[0].render(scale=1.2).to_pil()
    first.save(artifacts / f"handout_e2e_cover_{lang}.png")
    expect(page.locator(EXCEPTION)).to_have_count(0)
