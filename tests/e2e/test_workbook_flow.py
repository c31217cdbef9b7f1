"""Real-browser download of the take-away workbook from the Scorecard (a deferred
download: made by the server on the click), in both languages."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import load_workbook
from playwright.sync_api import Page, expect

from smm_logic.text import text
from tests.e2e.conftest import screenshot, wait_for_app

pytestmark = pytest.mark.e2e


@pytest.mark.parametrize(
    ("locale", "lang", "sheets"),
    [
        ("en-US", "en", ["Summary", "KPIs", "Trends", "By account", "Data"]),
        ("ru-RU", "ru", ["Итог", "Показатели", "Динамика", "По аккаунтам", "Данные"]),
    ],
)
def test_the_scorecard_downloads_the_workbook_of_the_sample(
    app_url: str, page: Page, tmp_path: Path, lang: str, sheets: list[str]
) -> None:
    page.goto(app_url)
    wait_for_app(page)
    page.get_by_role("button", name=text("start.sample_button", lang)).click()
    wait_for_app(page)
    page.goto(f"{app_url}/scorecard")
    wait_for_app(page)
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
