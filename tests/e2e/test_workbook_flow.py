"""Real-browser download of the take-away workbook from the Scorecard (a deferred
download: made by the server on the click), in both languages."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import load_workbook
from playwright.sync_api import Page, expect

from smm_logic.text import Lang, text
from tests.e2e.conftest import screenshot, wait_for_app
from tests.e2e.test_assessment_flow import load_the_sample, open_from_menu

pytestmark = pytest.mark.e2e


@pytest.mark.parametrize(
    ("locale", "lang", "sheets"),
    [
        ("en-US", "en", ["Summary", "KPIs", "Trends", "By account", "Data"]),
        ("ru-RU", "ru", ["Итог", "Показатели", "Динамика", "По аккаунтам", "Данные"]),
    ],
)
def test_the_scorecard_downloads_the_workbook_of_the_sample(
    app_url: str, page: Page, tmp_path: Path, lang: Lang, sheets: list[str]
) -> None:
    page.goto(app_url)
    wait_for_app(page)
    load_the_sample(page, lang)
    # Through the menu, in this session: a typed address would open a new session, which
    # finds the sample only once the browser's cookie and the draft have been saved.
    open_from_menu(page, "scorecard", lang)
    button = page.get_by_role("button", name=text("workbook.button", lang))
    expect(button).to_be_visible()
    button.scroll_into_view_if_needed()
    screenshot(page, f"scorecard_workbook_{lang}")
    with page.expect_download() as download_info:
        button.click()
    saved = tmp_path / download_info.value.suggested_filename
    download_info.value.save_as(saved)

    book = load_workbook(saved)
    assert book.sheetnames[: len(sheets)] == sheets
    assert saved.suffix == ".xlsx"
