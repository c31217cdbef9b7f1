"""Real-browser flows of the Numbers page: sample data → cards, chart, Excel export;
an upload through the file input; files chosen together; a broken upload; screenshots of every page.

Each flow asserts one thing that must not happen: an exception box on the page.
"""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from openpyxl import load_workbook
from playwright.sync_api import Page, expect

from tests.builders import xlsx_bytes
from tests.conftest import FIXTURES
from tests.e2e.conftest import screenshot, wait_for_app
from tests.unit.report.test_archives import LIKES, REACH

pytestmark = pytest.mark.e2e
EXCEPTION = '[data-testid="stException"]'
UPLOAD_ROWS: list[list[object]] = [
    ["Отчёт за март"],
    [],
    ["Дата", "Платформа", "Аккаунт", "Подписчики", "Охват", "Лайки", "Комментарии"],
    ["01.03.2026", "VK", "Пекарня", 2000, 900, 45, 5],
    ["02.03.2026", "VK", "Пекарня", 2010, 1100, 55, 5],
    ["Итого", None, None, None, 2000, 100, 10],
]


def open_numbers(page: Page, app_url: str) -> None:
    page.goto(f"{app_url}/numbers")
    wait_for_app(page)


def upload(page: Page, *paths: Path) -> None:
    """Choose ``paths`` together in the uploader and wait until the page names them: as
    the loaded report or in the error card (the uploader itself is emptied after each
    upload, so its file chips are gone by then)."""
    page.get_by_test_id("stFileUploaderDropzoneInput").set_input_files([str(p) for p in paths])
    names = ", ".join(path.name for path in paths)
    named = page.get_by_test_id("stMarkdownContainer").filter(has_text=names)
    expect(named.first).to_be_visible(timeout=30000)
    wait_for_app(page)


def test_sample_data_shows_cards_a_chart_and_exports_excel(
    app_url: str, page: Page, tmp_path: Path
) -> None:
    page.goto(app_url)
    wait_for_app(page)

    page.get_by_role("button", name="Try with sample data").click()
    wait_for_app(page)

    expect(page.get_by_test_id("stMetric").first).to_be_visible()
    expect(page.get_by_test_id("stMetric").filter(has_text="ERR (by reach)")).to_be_visible()
    expect(page.locator('[data-testid="stVegaLiteChart"]').first).to_be_visible(timeout=30000)
    screenshot(page, "numbers_sample_en")
    with page.expect_download() as download_info:
        page.get_by_role("button", name="Download the results as Excel").click()
    saved = tmp_path / download_info.value.suggested_filename
    download_info.value.save_as(saved)
    workbook = load_workbook(io.BytesIO(saved.read_bytes()))
    assert "KPI" in workbook.sheetnames
    assert saved.name.endswith(".xlsx") and "kpis" in saved.name
    expect(page.locator(EXCEPTION)).to_have_count(0)


def test_a_report_uploaded_through_the_file_input_is_scored(
    app_url: str, page: Page, tmp_path: Path
) -> None:
    report = tmp_path / "bakery.xlsx"
    report.write_bytes(xlsx_bytes(UPLOAD_ROWS))
    open_numbers(page, app_url)

    upload(page, report)

    interactions = page.get_by_test_id("stMetric").filter(has_text="Interactions")
    expect(interactions).to_contain_text("110")
    expect(page.get_by_text("rows: 2")).to_be_visible()
    expect(page.locator(EXCEPTION)).to_have_count(0)


def test_files_chosen_together_are_scored_as_one_report(
    app_url: str, page: Page, tmp_path: Path
) -> None:
    reach, likes = tmp_path / "reach.csv", tmp_path / "likes.csv"
    reach.write_bytes(REACH)
    likes.write_bytes(LIKES)
    open_numbers(page, app_url)

    upload(page, reach, likes)

    # ERR = likes / reach × 100 = 15 / 300 × 100, the metrics of the two files side by side
    err = page.get_by_test_id("stMetric").filter(has_text="ERR (by reach)")
    expect(err).to_contain_text("5.0%")
    expect(page.get_by_test_id("stFileChipName")).to_have_count(0)
    expect(page.locator(EXCEPTION)).to_have_count(0)


def test_a_broken_upload_shows_the_error_and_keeps_the_report(
    app_url: str, page: Page, tmp_path: Path
) -> None:
    report = tmp_path / "bakery.xlsx"
    report.write_bytes(xlsx_bytes(UPLOAD_ROWS))
    open_numbers(page, app_url)
    upload(page, report)
    interactions = page.get_by_test_id("stMetric").filter(has_text="Interactions")
    expect(interactions).to_contain_text("110")

    upload(page, FIXTURES / "truncated.xlsx")

    error = page.get_by_test_id("stAlertContentError")
    expect(error).to_contain_text("truncated.xlsx")
    expect(error).to_contain_text("truncated or damaged")
    expect(page.get_by_test_id("stMetric").filter(has_text="Interactions")).to_contain_text("110")
    screenshot(page, "numbers_error_en")
    expect(page.locator(EXCEPTION)).to_have_count(0)


@pytest.mark.parametrize("locale", ["ru-RU", "en-US"])
def test_every_page_in_both_languages_is_screenshotted(
    app_url: str, page: Page, locale: str
) -> None:
    lang = locale[:2]
    page.goto(app_url)
    wait_for_app(page)
    screenshot(page, f"start_{lang}")

    open_numbers(page, app_url)
    screenshot(page, f"numbers_empty_{lang}")
    sample = "Открыть пример" if lang == "ru" else "Try with sample data"
    page.goto(app_url)
    wait_for_app(page)
    page.get_by_role("button", name=sample).click()
    wait_for_app(page)
    expect(page.get_by_test_id("stMetric").first).to_be_visible()
    expect(page.locator('[data-testid="stVegaLiteChart"]').first).to_be_visible(timeout=30000)
    screenshot(page, f"numbers_sample_{lang}")
    title = "Цифры: калькулятор KPI" if lang == "ru" else "Numbers: KPI calculator"
    expect(page.get_by_role("heading", name=title)).to_be_visible()
    expect(page.locator(EXCEPTION)).to_have_count(0)
