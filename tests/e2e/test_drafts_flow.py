"""Real-browser flow of the drafts: three answers and an uploaded report survive a reload
(F5), a typed address, and a restart of the server; another browser sees none of it."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from smm_logic.assessment.bank import load_bank
from smm_logic.text import text
from tests.builders import xlsx_bytes
from tests.e2e.conftest import (
    SERVER_LOG,
    VIEWPORT,
    RestartableServer,
    screenshot,
    serve,
    wait_for_app,
)
from tests.e2e.test_numbers_flows import UPLOAD_ROWS, upload

pytestmark = pytest.mark.e2e
EXCEPTION = '[data-testid="stException"]'
CONTEXT_ANSWERS = {"context.smm_duration": "over_a_year", "context.smm_runner": "agency"}


def radio_group(page: Page, wording: str):  # type: ignore[no-untyped-def]
    return page.get_by_test_id("stRadio").filter(has=page.get_by_text(wording, exact=True))


def answers_shown(page: Page, answers: dict[str, str]) -> None:
    """Each question of ``answers`` on the page shows its answer picked."""
    bank = load_bank()
    for question_id, option_id in answers.items():
        question = bank.question(question_id)
        option = bank.option(question_id, option_id)
        assert option is not None
        group = radio_group(page, question.text_for(CONTEXT_ANSWERS).render("en"))
        expect(group.get_by_role("radio", name=option.text.render("en"))).to_be_checked()


def pick(page: Page, question_id: str, option_id: str) -> None:
    bank = load_bank()
    question = bank.question(question_id)
    option = bank.option(question_id, option_id)
    assert option is not None
    group = radio_group(page, question.text_for(CONTEXT_ANSWERS).render("en"))
    group.get_by_text(option.text.render("en"), exact=True).click()
    wait_for_app(page)


def test_answers_and_a_report_survive_a_reload_and_a_server_restart(
    restartable_server: RestartableServer, browser: Browser, page: Page, tmp_path: Path
) -> None:
    bank = load_bank()
    url = restartable_server.url
    page.goto(f"{url}/assessment")
    wait_for_app(page)
    for question_id, option_id in CONTEXT_ANSWERS.items():
        pick(page, question_id, option_id)
    page.get_by_role("button", name=text("pages.assessment.next", "en")).click()
    wait_for_app(page)
    first_dimension = min(bank.dimensions, key=lambda dimension: dimension.order).id
    third = bank.to_ask(first_dimension, CONTEXT_ANSWERS)[0]
    third_answer = next(o.id for o in bank.options(third.id) if o.value is not None)
    pick(page, third.id, third_answer)  # the section is left unfinished: Next is not pressed
    report = tmp_path / "bakery.xlsx"
    report.write_bytes(xlsx_bytes(UPLOAD_ROWS))
    page.goto(f"{url}/numbers")
    wait_for_app(page)
    upload(page, report)
    interactions = page.get_by_test_id("stMetric").filter(has_text="Interactions")
    expect(interactions).to_contain_text("110")

    page.reload()  # F5
    wait_for_app(page)
    expect(page.get_by_test_id("stMetric").filter(has_text="Interactions")).to_contain_text("110")
    expect(page.get_by_text(text("workspace.kept_browser", "en"))).to_be_visible()
    screenshot(page, "drafts_numbers_after_reload_en")

    restartable_server.restart()  # the server's memory is gone; the database is not
    page.goto(f"{url}/assessment")
    wait_for_app(page)
    answers_shown(page, {third.id: third_answer})  # the unfinished section, where it was left
    page.get_by_role("button", name=text("pages.assessment.previous", "en")).click()
    wait_for_app(page)
    answers_shown(page, CONTEXT_ANSWERS)
    screenshot(page, "drafts_assessment_after_restart_en")
    page.goto(f"{url}/numbers")
    wait_for_app(page)
    expect(page.get_by_test_id("stMetric").filter(has_text="Interactions")).to_contain_text("110")
    expect(page.locator(EXCEPTION)).to_have_count(0)

    other = browser.new_context(locale="en-US", viewport=VIEWPORT)  # type: ignore[arg-type]
    try:
        stranger = other.new_page()
        stranger.goto(f"{url}/numbers")
        wait_for_app(stranger)
        expect(stranger.get_by_text(text("numbers.empty", "en"))).to_be_visible()
        expect(stranger.get_by_test_id("stMetric")).to_have_count(0)
    finally:
        other.close()


def test_two_tabs_of_one_browser_never_overwrite_each_other_silently(
    app_url: str, page: Page
) -> None:
    page.goto(f"{app_url}/assessment")
    wait_for_app(page)
    screenshot(page, "drafts_first_visit_en")  # the cookie's script takes no room
    pick(page, "context.smm_duration", "over_a_year")
    second = page.context.new_page()  # a second tab: the same cookie, the same work
    second.goto(f"{app_url}/assessment")
    wait_for_app(second)
    answers_shown(second, {"context.smm_duration": "over_a_year"})
    pick(second, "context.smm_runner", "agency")

    pick(page, "context.smm_duration", "months_3_to_12")  # this tab is behind the other
    expect(page.get_by_text(text("workspace.stale", "en"))).to_be_visible()
    answers_shown(page, {"context.smm_duration": "months_3_to_12"})  # nothing lost
    screenshot(page, "drafts_stale_tab_en")
    page.get_by_role("button", name=text("workspace.load_newer", "en")).click()
    wait_for_app(page)
    expect(page.get_by_text(text("workspace.stale", "en"))).to_have_count(0)
    answers_shown(page, {"context.smm_duration": "over_a_year", "context.smm_runner": "agency"})
    expect(page.locator(EXCEPTION)).to_have_count(0)


@pytest.mark.parametrize("locale", ["ru-RU"])
def test_the_sidebar_says_in_russian_where_the_work_is_kept(app_url: str, page: Page) -> None:
    page.goto(app_url)
    wait_for_app(page)
    expect(page.get_by_text(text("workspace.kept_browser", "ru"))).to_be_visible()
    page.get_by_role("button", name=text("workspace.afresh", "ru")).click()
    expect(page.get_by_text(text("workspace.afresh_help", "ru"))).to_be_visible()
    screenshot(page, "drafts_sidebar_afresh_ru")


def test_a_database_that_is_down_is_shown_and_the_answers_stay_on_the_page(page: Page) -> None:
    down = {"SMM_DATABASE_URL": "postgresql+psycopg://smm@127.0.0.1:1/smm"}  # nothing listens
    with serve(SERVER_LOG.with_name("e2e-streamlit-down.log"), settings=down) as url:
        page.goto(f"{url}/assessment")
        wait_for_app(page)
        expect(page.get_by_text("Your saved work could not be opened.")).to_be_visible()
        pick(page, "context.smm_duration", "over_a_year")
        expect(page.get_by_text("still on this page", exact=False)).to_be_visible()
        answers_shown(page, {"context.smm_duration": "over_a_year"})
        screenshot(page, "drafts_database_down_en")
        expect(page.locator(EXCEPTION)).to_have_count(0)
