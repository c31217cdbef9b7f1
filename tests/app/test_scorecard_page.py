"""AppTest of the Scorecard page: answers only, data only, both, nothing yet, and RU."""

from __future__ import annotations

from statistics import fmean

from streamlit.testing.v1 import AppTest
from streamlit.testing.v1.element_tree import Error, Info, Success
from streamlit.testing.v1.element_tree import Warning as WarningBox

from shell.safe import md_escape
from smm_logic.assessment.bank import load_bank
from smm_logic.report.ingest import read_report
from smm_logic.text import text
from tests.app.test_assessment_page import open_page, profile, shows
from tests.conftest import ROOT
from tests.kpi_oracle import compute_kpis

SAMPLE = ROOT / "assets" / "sample_coffee_chain.xlsx"
ANSWER_LINK = "Answer the self-assessment"
REPORT_LINK = "Load a report with numbers"


# The bundled sample covers 2026-06-01..2026-08-23: 84 days, both ends counted.
SAMPLE_DAYS = 84
DAYS_PER_MONTH = 30.44
# The verdicts of answers without a report, worked out by hand: all eight dimensions weigh
# the same, so one dimension answered worst (0) and seven best (100) make 700 / 8 = 87.5,
# shown as 88, level «Leading» (from 85).
NO_KPIS_VERDICT = (
    "SMM's effectiveness cannot be judged yet because the company has no concrete goals in "
    "numbers (88 of 100, level «Leading»)."
)
PRODUCT_VERDICT = (
    "The SMM works fine, but the product itself is weak, and more money for SMM will not help "
    "(88 of 100, level «Leading»)."
)
PRODUCT_VERDICT_RU = (
    "SMM работает нормально, но слаб сам продукт, и больше денег на SMM не помогут "
    "(88 из 100, уровень «Образцовый»)."
)
ALL_BEST_VERDICT = (
    "Your SMM is effective (100 of 100, level «Leading»); the weakest link is «Goals and strategy»."
)


def sample_kpis() -> dict[str, float]:
    """The bundled sample's KPIs, from the test oracle (pandas) rather than the app's engine."""
    report = read_report(SAMPLE.read_bytes(), SAMPLE.name)
    return {k: float(v) for k, v in compute_kpis(report.table).overall.items() if v is not None}


def sample_figures(targets: dict[str, float] | None = None) -> dict[str, float]:
    """The sample's data score of each dimension it evidences, worked out by hand from its
    KPIs and data/benchmarks.toml: a KPI scores 50 at a band's weak bound, 80 at its good
    bound, a straight line between, 100 at twice the good bound, and falls toward 0 short of
    the weak bound; a KPI with a target scores the % of it attained, at most 100."""
    k = sample_kpis()
    targets = targets or {}
    # ER by followers of the whole report divides by each account's posts × average followers
    # (kpi-spec §3): (15 000 + 5 463 + 9 804) interactions / (58 × 7 645.04 + 103 × 2 144.71
    # + 107 × 5 294.93) × 100 = 30 267 / 1 230 875 × 100 = 2.46 %, between VK's 1.73 % and
    # Instagram's 3.38 % (Σposts × Σaverages gave 30 267 / (268 × 15 084.68) × 100 = 0.75 %).
    assert round(k["er_followers_pct"], 2) == 2.46
    # Where each KPI of the sample falls, so that the formulas below are the ones that apply.
    assert 2.0 <= k["er_followers_pct"] < 4.0  # good from 2 %, 100 points at twice that
    assert 1.16 <= k["er_views_pct"] < 4.41  # weak below 1.16 %, good from 4.41 %
    assert k["negative_response_rate_pct"] < 90  # a good bound only: from 90 %
    assert k["response_time_median_h"] < 4  # lower is better: good up to 4 h
    assert k["follower_growth_pct"] / SAMPLE_DAYS * DAYS_PER_MONTH >= 2 * 2.0  # 2 % a month
    assert 50 <= k["organic_share_pct"] < 80  # weak below 50 %, good from 80 %
    negative = 80 * k["negative_response_rate_pct"] / 90
    reply = 80 + 20 * (4 - k["response_time_median_h"]) / 4
    if "negative_response_rate_pct" in targets:
        negative = min(
            100.0, k["negative_response_rate_pct"] / targets["negative_response_rate_pct"] * 100
        )
    if "response_time_median_h" in targets:  # lower is better: target / value
        reply = min(100.0, targets["response_time_median_h"] / k["response_time_median_h"] * 100)
    return {
        "content": fmean(
            [
                80 + 20 * (k["er_followers_pct"] - 2.0) / 2.0,
                50 + 30 * (k["er_views_pct"] - 1.16) / (4.41 - 1.16),
            ]
        ),
        "communication": fmean([negative, reply]),
        "growth": fmean([100.0, 50 + 30 * (k["organic_share_pct"] - 50) / (80 - 50)]),
    }


def with_best_answers(figures: dict[str, float]) -> float:
    """The overall score of the best answers everywhere with these figures: answers and
    figures count half and half in a dimension; the five others score 100."""
    combined = [(100 + figure) / 2 for figure in figures.values()]
    return (5 * 100 + sum(combined)) / 8


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


def table_scores(app: AppTest) -> dict[str, str]:
    table = app.table[0].value
    return dict(zip(table["Dimension"], table["Score, 0–100"], strict=True))


def test_with_nothing_yet_the_page_says_how_to_start_and_links_both_ways_in() -> None:
    app = open_page("scorecard.py")

    assert app.info[0].value == text("scorecard.verdict.nothing", "en")
    assert link_labels(app) == [ANSWER_LINK, REPORT_LINK]
    assert not app.metric


def test_answers_only_give_the_verdict_first_and_ask_for_the_numbers() -> None:
    choices = profile(weak=("goals",))

    app = open_page("scorecard.py", assessment_answers=choices)

    assert not app.exception
    assert first_box(app) == f"### {NO_KPIS_VERDICT}"
    assert shows(app, "No concrete KPIs")
    assert app.get("vega_lite_chart"), "the dimension chart is drawn"
    # The goals the best answers imply, halfway from the answer to the benchmark's good bound:
    # «almost all» complaints answered means at least 80 % (good from 90 %: 85 %), «within an
    # hour» at most 2 h (already better than 4 h), «growing fast» at least 1 % a month (good
    # from 2 %: 1.5 %), «almost all» followers organic at least 80 % (the good bound itself).
    assert shows(
        app,
        "SMM's effectiveness cannot be judged yet: the company has no concrete goals in numbers, "
        "so there is nothing to compare the results with. Start with these goals: Negative "
        "response rate at least 85.0%; Response time (median) at most 2.0\u00a0h; Follower "
        "growth at least 1.5% a month; Organic share of growth at least 80.0%.",
    )
    assert shows(
        app,
        "1. Set 3–4 goals in numbers for the next quarter together with the SMM specialist and "
        "write them down: which figure, what value, by when.",
    )
    assert shows(
        app,
        "- Which three figures would you propose as our goals for the quarter, and what values "
        "are realistic?",
    )
    assert shows(
        app,
        "No report is loaded: load one on the Numbers page to check the answers against the "
        "figures.",
    )
    assert link_labels(app)[:1] == [REPORT_LINK]


def test_the_table_shows_every_dimension_score_and_its_counts() -> None:
    bank = load_bank()
    choices = profile(weak=("communication",))
    dont_know = bank.questions_of("traffic")[0].id
    choices[dont_know] = "dont_know"

    app = open_page("scorecard.py", assessment_answers=choices)

    table = app.table[0].value
    assert list(table["Dimension"]) == [d.name.render("en") for d in bank.dimensions]
    # Communication answered worst everywhere; traffic's other answers are all the best.
    assert table_scores(app) == {
        d.name.render("en"): "0" if d.id == "communication" else "100" for d in bank.dimensions
    }
    traffic = table[table["Dimension"] == "Traffic and enquiries"]
    assert list(traffic["«I don't know»"]) == [1]


def test_data_only_scores_the_sample_report_and_asks_for_the_answers() -> None:
    app = with_sample(open_page("scorecard.py"))

    figures = sample_figures()
    # content: ER 2.46 % scores 80 + 20 × 0.46 / 2 = 84.6 and ER by views 4.30 % scores
    # 50 + 30 × (4.30 − 1.16) / 3.25 = 79.0, so 81.8; communication 82.6 and growth 86.5 as
    # before: (81.8 + 82.6 + 86.5) / 3 = 83.6.
    assert round(figures["content"], 1) == 81.8
    assert round(fmean(figures.values())) == 84  # three dimensions; «Managed» from 70 to 85
    assert first_box(app) == (
        "### SMM's effectiveness cannot be judged yet because the company has no concrete goals "
        "in numbers (84 of 100, level «Managed»)."
    )
    assert shows(app, f"Report: «{md_escape(SAMPLE.name)}»")
    assert table_scores(app) == {
        "Goals and strategy": "—",
        "Product and demand": "—",
        "Content": str(round(figures["content"])),
        "Communication": str(round(figures["communication"])),
        "Traffic and enquiries": "—",
        "Audience growth": str(round(figures["growth"])),
        "Working with numbers": "—",
        "Partner in the business": "—",
    }
    for shown in (
        "Followers grow, and they come on their own rather than as a bought audience.",
        "From the data: Organic share of growth — 73.04%",
        "The report has the figure, but there is no accepted benchmark for it",
        # (1 008 + 503 + 1 165) comments / 1 230 875 (the audience above) × 100
        "From the data: Talk rate per post — 0.22%",
        "Negative feedback is handled: complaints get an answer, and quickly.",
        "From the data: Negative response rate — 75.78%",
    ):
        assert shows(app, shown), shown
    assert link_labels(app)[:1] == [ANSWER_LINK]


def test_answers_and_data_together_show_where_they_disagree() -> None:
    choices = profile()
    app = with_sample(open_page("scorecard.py", assessment_answers=choices))

    figures = sample_figures()
    # (5 × 100 + (100 + 81.8) / 2 + (100 + 82.6) / 2 + (100 + 86.5) / 2) / 8 = 96.9
    assert round(with_best_answers(figures)) == 97
    assert first_box(app) == (
        "### Your SMM is effective (97 of 100, level «Leading»); the weakest link is «Content»."
    )
    asked = len(load_bank().asked(choices))  # the context and every question not skipped
    assert shows(app, f"Answers: Owner or manager, {asked} of {asked}")
    # «Almost all» means at least 80 %; the sample has 75.78 % and 73.04 %.
    assert shows(
        app,
        "the report shows «Negative response rate» at 75.78%: that answer means at least 80.0%.",
    )
    assert shows(
        app,
        "the report shows «Organic share of growth» at 73.04%: that answer means at least 80.0%.",
    )
    # Content's answers (100) and figures (81.8) lie less than 40 points apart: no
    # contradiction (with the old 0.75 % ER the figures scored 58 and there was one).
    assert 100 - figures["content"] < 40
    assert not shows(app, "The answers score «Content» at 100 of 100")
    assert ANSWER_LINK not in link_labels(app)
    assert REPORT_LINK not in link_labels(app)


def test_the_company_targets_set_on_the_numbers_page_are_used() -> None:
    choices = profile()
    targets = {"negative_response_rate_pct": 95.0, "response_time_median_h": 1.0}
    app = with_sample(open_page("scorecard.py", assessment_answers=choices))

    app.session_state["numbers_targets"] = targets
    app.run()

    assert not app.exception
    # communication: min(100, 75.78 / 95 × 100) = 79.8 and min(100, 1 / 0.42 × 100) = 100,
    # so 89.9: (5 × 100 + (100 + 81.8) / 2 + (100 + 89.9) / 2 + (100 + 86.5) / 2) / 8 = 97.4
    assert round(with_best_answers(sample_figures(targets))) == 97
    assert shows(
        app, "Your SMM is effective (97 of 100, level «Leading»); the weakest link is «Content»."
    )


def test_a_weak_product_with_sound_smm_work_is_diagnosed_as_the_product() -> None:
    choices = profile(weak=("product",))

    app = open_page("scorecard.py", assessment_answers=choices, assessment_respondent="smm")

    assert shows(app, PRODUCT_VERDICT)
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
    assert shows(app, PRODUCT_VERDICT_RU)
    assert shows(app, "Продукт и спрос")
    assert shows(app, "Общая оценка") and shows(app, "Диагноз")


def test_answers_the_question_bank_no_longer_has_are_left_out() -> None:
    choices = profile()

    app = open_page("scorecard.py", assessment_answers={**choices, "goals.retired": "yes"})

    assert not app.exception
    assert shows(app, ALL_BEST_VERDICT)


def test_a_report_too_small_to_score_still_gives_a_page() -> None:
    rows = [["Date", "Followers"], ["2026-03-01", 100], ["2026-03-08", 110]]

    app = open_page("scorecard.py", numbers_source={"name": "tiny", "rows": rows})

    assert not app.exception
    assert app.title[0].value == "Scorecard: is your SMM effective"
    assert link_labels(app)[:1] == [ANSWER_LINK]
