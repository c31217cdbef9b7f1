"""Real-browser flow of the session file: Save to file in one browser, Open file in a
fresh one (no cookie, no draft), and the report, the answers and the language are back;
screenshots of where the buttons are, in RU and EN."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from smm_logic.text import text
from tests.e2e.conftest import VIEWPORT, screenshot, wait_for_app
from tests.e2e.test_drafts_flow import CONTEXT_ANSWERS, answers_shown, pick

pytestmark = pytest.mark.e2e


def open_popover(page: Page, lang: str) -> None:
    sidebar = page.get_by_test_id("stSidebar")
    sidebar.get_by_role("button", name=text("session_file.title", lang)).click()
    expect(page.get_by_text(text("session_file.help", lang))).to_be_visible()
    expect(page.get_by_test_id("stFileUploaderDropzone")).to_be_visible()
    expect(page.get_by_text(text("session_file.open", lang), exact=True)).to_be_visible()


def save_to_file(page: Page, lang: str, folder: Path) -> Path:
    open_popover(page, lang)
    with page.expect_download() as download_info:
        page.get_by_role("button", name=text("session_file.save", lang)).click()
    saved = folder / download_info.value.suggested_filename
    download_info.value.save_as(saved)
    page.keyboard.press("Escape")
    return saved


def test_a_session_saved_to_a_file_opens_whole_in_a_fresh_browser(
    app_url: str, browser: Browser, page: Page, tmp_path: Path
) -> None:
    page.goto(app_url)
    wait_for_app(page)
    page.get_by_role("button", name=text("start.sample_button", "en")).click()
    wait_for_app(page)
    interactions = page.get_by_test_id("stMetric").filter(has_text="Interactions")
    expect(interactions.first).to_be_visible()
    shown_before = interactions.first.inner_text()
    page.goto(f"{app_url}/assessment")
    wait_for_app(page)
    for question_id, option_id in CONTEXT_ANSWERS.items():
        pick(page, question_id, option_id)
    open_popover(page, "en")
    screenshot(page, "session_file_en")
    page.keyboard.press("Escape")
    saved = save_to_file(page, "en", tmp_path)
    assert saved.suffix == ".smmsession" and saved.stat().st_size > 1000

    context = browser.new_context(viewport=VIEWPORT, locale="ru-RU")  # a fresh browser
    fresh = context.new_page()
    try:
        fresh.goto(app_url)
        wait_for_app(fresh)
        open_popover(fresh, "ru")
        screenshot(fresh, "session_file_ru")
        fresh.get_by_test_id("stFileUploaderDropzoneInput").set_input_files(str(saved))
        opened = text("session_file.opened", "en", name=saved.name)  # the file's language
        expect(fresh.get_by_text(opened)).to_be_visible(timeout=30_000)
        wait_for_app(fresh)
        fresh.goto(f"{app_url}/numbers")
        wait_for_app(fresh)
        back = fresh.get_by_test_id("stMetric").filter(has_text="Interactions")
        expect(back.first).to_contain_text(shown_before.split()[-1])  # the same figure
        fresh.goto(f"{app_url}/assessment")
        wait_for_app(fresh)
        answers_shown(fresh, CONTEXT_ANSWERS)
        assert not fresh.locator('[data-testid="stException"]').count()
    finally:
        context.close()


def test_a_file_that_is_not_a_session_is_named_and_the_page_stays(
    app_url: str, page: Page, tmp_path: Path
) -> None:
    page.goto(app_url)
    wait_for_app(page)
    page.get_by_role("button", name=text("start.sample_button", "en")).click()
    wait_for_app(page)
    foreign = tmp_path / "holiday.smmsession"
    foreign.write_bytes(b"not a session at all")
    open_popover(page, "en")
    page.get_by_test_id("stFileUploaderDropzoneInput").set_input_files(str(foreign))
    reason = text("session_file.error.not_session", "en")
    refused = text("session_file.not_opened", "en", name=foreign.name, reason=reason)
    expect(page.get_by_text(refused)).to_be_visible(timeout=30_000)
    page.keyboard.press("Escape")
    expect(page.get_by_test_id("stMetric").filter(has_text="Interactions").first).to_be_visible()
