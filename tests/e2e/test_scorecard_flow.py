"""Real-browser flow of the Scorecard on the bundled sample, in Russian and in English, with
screenshots: the verdict for the whole report, then for the one account chosen on the
Numbers page — the Scorecard names the accounts and the period it judges.

Each flow asserts one thing that must not happen: an exception box on the page.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from smm_logic.assessment.bank import Answers, QuestionBank, load_bank
from smm_logic.assessment.scorecard import build_scorecard
from smm_logic.text import Lang, text
from tests.e2e.conftest import screenshot, wait_for_app
from tests.e2e.test_assessment_flow import EXCEPTION, load_the_sample, open_from_menu

pytestmark = pytest.mark.e2e
INSTAGRAM = "Instagram / zerno.coffee"
# The sample alone: three platforms judged by the bands for every platform, no answers, no
# targets (tests/app/test_scorecard_page.py works the 83 out by hand).
WHOLE_REPORT: dict[Lang, tuple[str, str]] = {
    "en": (
        "Report figures: VK / Кофейня Зерно, Telegram / Зерно | новости, Instagram / "
        "zerno.coffee, June 1 – August 23, 2026",
        "SMM's effectiveness cannot be judged yet: no targets are set and nobody has answered "
        "the questions about goals",
    ),
    "ru": (
        "Цифры отчёта: VK / Кофейня Зерно, Telegram / Зерно | новости, Instagram / "
        "zerno.coffee, 1 июня – 23 августа 2026",
        "Судить об эффективности SMM пока нельзя: цели не заданы, а на вопросы о целях никто "
        "не отвечал",
    ),
}
ONE_ACCOUNT: dict[Lang, str] = {
    "en": "Report figures: Instagram / zerno.coffee, June 1 – August 23, 2026",
    "ru": "Цифры отчёта: Instagram / zerno.coffee, 1 июня – 23 августа 2026",
}


def choose_scope(page: Page, label: str, lang: Lang) -> None:
    """Pick one account in the Numbers page's scope box, as a user does."""
    box = page.get_by_test_id("stSelectbox").filter(has_text=text("numbers.scope", lang))
    box.click()
    page.get_by_role("option", name=label, exact=True).click()
    wait_for_app(page)


@pytest.mark.parametrize("locale", ["ru-RU", "en-US"])
def test_the_scorecard_judges_the_accounts_chosen_on_the_numbers_page(
    app_url: str, page: Page, locale: str
) -> None:
    lang: Lang = "ru" if locale.startswith("ru") else "en"
    page.goto(app_url)
    wait_for_app(page)
    load_the_sample(page, lang)

    open_from_menu(page, "scorecard", lang)
    scope, verdict = WHOLE_REPORT[lang]
    expect(page.get_by_text(scope, exact=True)).to_be_visible()
    expect(page.get_by_text(verdict)).to_be_visible()
    expect(page.get_by_text(text("pages.scorecard.confidence", lang))).to_be_visible()
    expect(page.get_by_text(text("pages.scorecard.er_gloss", lang))).to_be_visible()
    expect(page.get_by_test_id("stTable").first).to_be_visible()
    screenshot(page, f"scorecard_whole_report_{lang}")

    open_from_menu(page, "numbers", lang)
    choose_scope(page, INSTAGRAM, lang)
    open_from_menu(page, "scorecard", lang)
    expect(page.get_by_text(ONE_ACCOUNT[lang], exact=True)).to_be_visible()
    expect(page.get_by_text("VK / Кофейня Зерно")).to_have_count(0)
    screenshot(page, f"scorecard_one_account_{lang}")

    page.get_by_role("link", name=text("pages.scorecard.link_method", lang)).click()
    wait_for_app(page)
    expect(
        page.get_by_role("heading", name=text("pages.method.verdict_title", lang))
    ).to_be_visible()
    screenshot(page, f"method_verdict_{lang}")
    expect(page.locator(EXCEPTION)).to_have_count(0)


def rosy_with_red_flags(bank: QuestionBank) -> dict[str, str]:
    """The best answer everywhere — but followers bought this year and negatives left
    unanswered: the profile the verdict must not call effective."""
    choices = {"context.smm_duration": "over_a_year", "context.smm_runner": "agency"}
    for question in bank.questions:
        scored = [option for option in bank.options(question.id) if option.value is not None]
        choices[question.id] = max(scored, key=lambda option: option.value or 0.0).id
    choices["growth.bought_followers"] = "within_a_year"
    choices["communication.negative_answered"] = "almost_none"
    return choices


def answer_every_section(
    page: Page, bank: QuestionBank, choices: dict[str, str], lang: Lang
) -> None:
    """Every section of the questionnaire, one answer at a time, as a user does."""
    sections = ["context", *(d.id for d in sorted(bank.dimensions, key=lambda d: d.order))]
    for number, section in enumerate(sections):
        for question in bank.questions_of(section):
            if question.skipped(choices):
                continue
            wording = question.text_for(choices).render(lang)
            group = page.get_by_role("radiogroup", name=wording, exact=True)
            option = bank.option(question.id, choices[question.id])
            assert option is not None
            group.get_by_text(option.text.render(lang), exact=True).click()
            wait_for_app(page)
        last = number == len(sections) - 1
        label = text("pages.assessment.to_review" if last else "pages.assessment.next", lang)
        page.get_by_role("button", name=label).click()
        wait_for_app(page)


@pytest.mark.parametrize("locale", ["ru-RU", "en-US"])
def test_red_flags_come_first_on_the_scorecard(app_url: str, page: Page, locale: str) -> None:
    lang: Lang = "ru" if locale.startswith("ru") else "en"
    bank = load_bank()
    choices = rosy_with_red_flags(bank)
    page.goto(app_url)
    wait_for_app(page)
    page.get_by_role("button", name=text("start.assess_button", lang)).click()
    wait_for_app(page)

    answer_every_section(page, bank, choices, lang)
    page.get_by_role("button", name=text("pages.assessment.to_scorecard", lang)).click()
    wait_for_app(page)

    verdict = build_scorecard(Answers("owner", choices)).verdict(lang)
    expect(page.get_by_text(verdict)).to_be_visible()
    expect(page.get_by_text(text("pages.scorecard.red_flags_title", lang))).to_be_visible()
    expect(page.get_by_text(text("scorecard.red_flag.bought_followers.do", lang))).to_be_visible()
    expect(page.get_by_text(text("pages.scorecard.finding_effective", lang))).to_have_count(0)
    expect(page.get_by_test_id("stTable").first).to_be_visible()
    screenshot(page, f"scorecard_red_flags_{lang}")
    expect(page.locator(EXCEPTION)).to_have_count(0)
