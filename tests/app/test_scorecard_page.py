"""AppTest of the Scorecard page: answers only, data only, both, nothing yet, and RU."""

from __future__ import annotations

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest
from streamlit.testing.v1.element_tree import Error, Info, Success
from streamlit.testing.v1.element_tree import Warning as WarningBox

from shell.safe import md_escape
from smm_logic.assessment.bank import load_bank, parse_answers
from smm_logic.assessment.scorecard import Scorecard, build_scorecard
from smm_logic.format import format_kpi
from smm_logic.kpis.catalog import kpi_catalog
from smm_logic.report.ingest import read_report
from smm_logic.text import text
from tests.app.test_assessment_page import open_page, profile, shows
from tests.conftest import ROOT
from tests.kpi_oracle import compute_kpis

SAMPLE = ROOT / "assets" / "sample_coffee_chain.xlsx"
ANSWER_LINK = "Answer the self-assessment"
REPORT_LINK = "Load a report with numbers"


@pytest.fixture(autouse=True)
def fresh_caches() -> None:
    st.cache_resource.clear()
    st.cache_data.clear()


def expected(
    choices: dict[str, str] | None,
    *,
    sample: bool = False,
    targets: dict[str, float] | None = None,
    respondent: str = "owner",
) -> Scorecard:
    """The scorecard the core builds from the same answers and the bundled sample."""
    bank = load_bank()
    answers = (
        None
        if choices is None
        else parse_answers(bank, {"respondent": respondent, "answers": choices})
    )
    if not sample:
        return build_scorecard(answers, None, targets, bank)
    report = read_report(SAMPLE.read_bytes(), SAMPLE.name)
    assert report.period is not None
    days = (report.period[1] - report.period[0]).days + 1
    kpis = compute_kpis(report.table).overall
    return build_scorecard(answers, kpis, targets, bank, period_days=days)


def with_sample(app: AppTest) -> AppTest:
    """Load the bundled sample the way a user does (the Start page's button), come back."""
    app.switch_page("pages/start.py").run()
    app.button(key="start_sample").click().run()
    app.switch_page("pages/scorecard.py").run()
    assert not app.exception
    return app


def link_labels(app: AppTest) -> list[str]:
    return [link.proto.label for link in app.get("page_link")]


def first_box(app: AppTest) -> str:
    """The text of the first coloured box on the page, where the verdict belongs."""
    return next(
        str(element.value)
        for element in app.main
        if isinstance(element, Success | WarningBox | Info | Error)
    )


def test_with_nothing_yet_the_page_says_how_to_start_and_links_both_ways_in() -> None:
    app = open_page("scorecard.py")

    assert app.info[0].value == text("scorecard.verdict.nothing", "en")
    assert link_labels(app) == [ANSWER_LINK, REPORT_LINK]
    assert not app.metric


def test_answers_only_give_the_verdict_first_and_ask_for_the_numbers() -> None:
    choices = profile(weak=("goals",))

    app = open_page("scorecard.py", assessment_answers=choices)

    card = expected(choices)
    assert not app.exception
    assert first_box(app) == f"### {card.verdict('en')}"
    assert card.codes == ("no_kpis",)
    assert shows(app, "No concrete KPIs")
    assert app.get("vega_lite_chart"), "the dimension chart is drawn"
    for finding in card.diagnosis:
        assert shows(app, finding.message.render("en")), finding.code
    for recommendation in card.recommendations:
        assert shows(app, recommendation.render("en"))
    for question in card.questions_to_ask:
        assert shows(app, question.render("en"))
    for missing in card.missing:
        assert shows(app, missing.render("en"))
    assert link_labels(app)[:1] == [REPORT_LINK]


def test_the_table_shows_every_dimension_score_and_its_counts() -> None:
    bank = load_bank()
    choices = profile(weak=("communication",))
    dont_know = bank.questions_of("traffic")[0].id
    choices[dont_know] = "dont_know"

    app = open_page("scorecard.py", assessment_answers=choices)

    card = expected(choices)
    table = app.table[0].value
    assert list(table["Dimension"]) == [d.name.render("en") for d in bank.dimensions]
    scores = dict(zip(table["Dimension"], table["Score, 0–100"], strict=True))
    for dimension in bank.dimensions:
        score = card.dimensions[dimension.id].score
        assert scores[dimension.name.render("en")] == str(round(score or 0)), dimension.id
    traffic = table[table["Dimension"] == bank.dimension("traffic").name.render("en")]
    assert list(traffic["«I don't know»"]) == [1]


def test_data_only_scores_the_sample_report_and_asks_for_the_answers() -> None:
    app = with_sample(open_page("scorecard.py"))

    card = expected(None, sample=True)
    assert first_box(app) == f"### {card.verdict('en')}"
    assert shows(app, f"Report: «{md_escape(SAMPLE.name)}»")
    for signal in card.signals:
        assert shows(app, signal.message.render("en")), signal.id
        if signal.kpi is not None:
            info = kpi_catalog()[signal.kpi]
            value = format_kpi(signal.kpi_value, info.unit, "en")
            assert shows(app, f"From the data: {info.name.render('en')} — {value}"), signal.id
    assert link_labels(app)[:1] == [ANSWER_LINK]


def test_answers_and_data_together_show_where_they_disagree() -> None:
    choices = profile()
    app = with_sample(open_page("scorecard.py", assessment_answers=choices))

    card = expected(choices, sample=True)
    assert card.contradictions, "the best answers contradict the sample's figures"
    assert first_box(app) == f"### {card.verdict('en')}"
    assert shows(app, "Answers: Owner or manager, 40 of 40")
    for contradiction in card.contradictions:
        assert shows(app, contradiction.message.render("en")), contradiction.kpi
    assert ANSWER_LINK not in link_labels(app)
    assert REPORT_LINK not in link_labels(app)


def test_the_company_targets_set_on_the_numbers_page_are_used() -> None:
    choices = profile()
    targets = {"negative_response_rate_pct": 95.0, "response_time_median_h": 1.0}
    app = with_sample(open_page("scorecard.py", assessment_answers=choices))

    app.session_state["numbers_targets"] = targets
    app.run()

    assert not app.exception
    assert shows(app, expected(choices, sample=True, targets=targets).verdict("en"))


def test_a_weak_product_with_sound_smm_work_is_diagnosed_as_the_product() -> None:
    choices = profile(weak=("product",))

    app = open_page("scorecard.py", assessment_answers=choices, assessment_respondent="smm")

    card = expected(choices, respondent="smm")
    assert card.codes == ("product_problem",)
    assert shows(app, card.verdict("en"))
    assert shows(app, "The product, not the SMM, is the problem")
    assert shows(app, "Answers: SMM specialist")


def test_a_report_name_is_shown_as_plain_text() -> None:
    name = "[click](http://evil.example) **bold**"
    rows = [["Date", "Followers", "Reach", "Likes"], ["2026-03-01", 100, 50, 5]]

    app = open_page("scorecard.py", numbers_source={"name": name, "rows": rows})

    assert not app.exception
    assert shows(app, md_escape(name))
    assert not any("](http" in caption.value for caption in app.caption)


def test_the_page_follows_the_language() -> None:
    choices = profile(weak=("product",))
    app = open_page("scorecard.py", assessment_answers=choices)

    app.session_state["lang"] = "ru"
    app.run()

    assert not app.exception
    assert app.title[0].value == "Итог: эффективен ли ваш SMM"
    assert shows(app, expected(choices).verdict("ru"))
    assert shows(app, load_bank().dimension("product").name.render("ru"))


def test_answers_the_question_bank_no_longer_has_are_left_out() -> None:
    choices = profile()

    app = open_page("scorecard.py", assessment_answers={**choices, "goals.retired": "yes"})

    assert not app.exception
    assert shows(app, expected(choices).verdict("en"))


def test_a_report_too_small_to_score_still_gives_a_page() -> None:
    rows = [["Date", "Followers"], ["2026-03-01", 100], ["2026-03-08", 110]]

    app = open_page("scorecard.py", numbers_source={"name": "tiny", "rows": rows})

    assert not app.exception
    assert app.title[0].value == "Scorecard: is your SMM effective"
    assert link_labels(app)[:1] == [ANSWER_LINK]
