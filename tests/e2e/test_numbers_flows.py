"""Real-browser flows of the Numbers page: sample data → cards, chart, Excel export;
an upload through the file input; files chosen together; a broken upload; a month
compared with the month before and exported as shown, in both languages; the page on a
phone; screenshots of every page.

Each flow asserts one thing that must not happen: an exception box on the page.
"""

from __future__ import annotations

import io
from datetime import date
from pathlib import Path

import pytest
from openpyxl import load_workbook
from playwright.sync_api import Browser, Page, expect

from smm_logic.format import format_day
from smm_logic.text import text
from tests.app.test_numbers_changes import two_months
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


# A phone as the browser sees it: Streamlit closes its sidebar after a page is chosen
# on mobile devices (told by the user agent), and lays columns out one under another
# below 640 px.
PHONE = {"width": 390, "height": 844}
PHONE_AGENT = (
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 "
    "(KHTML, like Gecko) Version/17.0 Mobile/15E148 Safari/604.1"
)
WORDS = {
    "ru": {"pp": "п. п.", "vs": "к 1", "err": "ERR (по охвату)", "changes": "Изменения:",
           "sample": "Открыть пример", "numbers": "Цифры"},
    "en": {"pp": "pp", "vs": "vs Feb", "err": "ERR (by reach)", "changes": "Changes:",
           "sample": "Try with sample data", "numbers": "Numbers"},
}  # fmt: skip


def choose_march(page: Page) -> None:
    """Move the period's start to 1 March (the end is 31 March, the report's last day)."""
    start_month = page.locator('[data-range-field="start"] [data-type="month"]')
    start_month.click()
    page.keyboard.type("03")
    page.keyboard.press("Escape")
    page.get_by_role("heading", level=1).click()  # leaving the field commits it
    wait_for_app(page)


@pytest.mark.parametrize("locale", ["ru-RU", "en-US"])
def test_a_month_is_compared_with_the_month_before_and_exported_as_shown(
    app_url: str, page: Page, locale: str, tmp_path: Path
) -> None:
    lang = locale[:2]
    words = WORDS[lang]
    report = tmp_path / "two_months.xlsx"
    report.write_bytes(two_months())
    open_numbers(page, app_url)
    upload(page, report)

    choose_march(page)

    expect(page.get_by_text(words["changes"]).first).to_be_visible()
    err = page.get_by_test_id("stMetric").filter(has_text=words["err"])
    expect(err).to_contain_text(words["pp"])
    expect(err).to_contain_text(words["vs"])
    screenshot(page, f"numbers_month_{lang}")
    with page.expect_download() as download_info:
        page.get_by_role("button", name=text("numbers.export_button", lang)).click()
    saved = tmp_path / download_info.value.suggested_filename
    download_info.value.save_as(saved)
    workbook = load_workbook(io.BytesIO(saved.read_bytes()))
    march = f"{format_day(date(2026, 3, 1), lang)} – {format_day(date(2026, 3, 31), lang)}"
    for sheet in workbook.worksheets:
        assert march in str(sheet["A1"].value), sheet.title  # every sheet: March only
    expect(page.locator(EXCEPTION)).to_have_count(0)


@pytest.mark.parametrize("locale", ["ru-RU", "en-US"])
def test_on_a_phone_the_sidebar_closes_after_navigation_and_cards_stay_readable(
    app_url: str, browser: Browser, locale: str
) -> None:
    lang = locale[:2]
    context = browser.new_context(
        locale=locale,
        viewport=PHONE,  # type: ignore[arg-type]
        is_mobile=True,
        has_touch=True,
        user_agent=PHONE_AGENT,
    )
    try:
        page = context.new_page()
        page.goto(app_url)
        wait_for_app(page)
        page.get_by_role("button", name=WORDS[lang]["sample"]).click()
        wait_for_app(page)
        page.get_by_test_id("stExpandSidebarButton").click()
        navigation = page.get_by_test_id("stSidebarNav")
        expect(navigation).to_be_visible()

        navigation.get_by_role("link", name=WORDS[lang]["numbers"]).click()
        wait_for_app(page)

        # The sidebar has closed over the page just opened: only its open button shows.
        expect(page.get_by_test_id("stExpandSidebarButton")).to_be_visible()
        expect(navigation).not_to_be_in_viewport()
        expect(page.locator('[data-testid="stVegaLiteChart"]').first).to_be_visible(timeout=30000)
        card = page.get_by_test_id("stMetric").first.bounding_box()
        assert card is not None and card["width"] >= 300  # one card a row, not four squeezed
        overflow = page.evaluate("() => document.documentElement.scrollWidth")
        assert overflow <= PHONE["width"]
        screenshot(page, f"numbers_phone_{lang}")
        expect(page.locator(EXCEPTION)).to_have_count(0)
    finally:
        context.close()


def monthly_report() -> bytes:
    """Six months, one row a month, as agencies report; in May the export counted
    more negative comments than comments (an error in the data)."""
    rows: list[list[object]] = [
        ["Месяц", "Подписчики", "Публикации", "Охват", "Лайки", "Комментарии", "Негатив"]
    ]
    for month in range(1, 7):
        comments = 40 + month
        negative = comments * 3 if month == 5 else 4
        rows.append([date(2026, month, 1), 5000 + 150 * month, 20, 9000, 600, comments, negative])
    return xlsx_bytes(rows)


@pytest.mark.parametrize("locale", ["ru-RU", "en-US"])
def test_a_monthly_report_is_charted_by_month_with_its_data_error_noted(
    app_url: str, page: Page, locale: str, tmp_path: Path
) -> None:
    lang = locale[:2]
    report = tmp_path / "monthly.xlsx"
    report.write_bytes(monthly_report())
    open_numbers(page, app_url)

    upload(page, report)

    expect(page.locator('[data-testid="stVegaLiteChart"]').first).to_be_visible(timeout=30000)
    month = "Месяц" if lang == "ru" else "Month"
    charts = page.locator('[data-testid="stVegaLiteChart"]')
    expect(charts.first).to_contain_text(month)  # the axis: months, not days
    # One chart is drawn at a time: the negative share's is in its own tab.
    page.get_by_role("tab", name=text("chart.negative_title", lang)).click()
    wait_for_app(page)
    expect(charts.first).to_contain_text(month)
    note = "ошибка" if lang == "ru" else "error in the"  # subtitles wrap: one line's words
    expect(page.get_by_text(note).first).to_be_visible()
    screenshot(page, f"numbers_monthly_{lang}")
    expect(page.locator(EXCEPTION)).to_have_count(0)
