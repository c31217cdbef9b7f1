"""AppTest of the Scorecard page: answers only, data only, both, nothing yet, and RU."""

from __future__ import annotations

from datetime import date
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
SAMPLE_ACCOUNTS = "VK / Кофейня Зерно, Telegram / Зерно | новости, Instagram / zerno.coffee"
INSTAGRAM = "Instagram\u241fzerno.coffee"  # the scope key the Numbers page keeps
# The verdicts of answers without a report, worked out by hand: all eight dimensions weigh
# the same, so one dimension answered worst (0) and seven best (100) make 700 / 8 = 87.5,
# shown as 88 — level Leading by the score alone (from 85), but the weakest dimension, at 0,
# is Ad hoc, and the level is never more than one step above it: Emerging.
NO_KPIS_VERDICT = (
    "SMM's effectiveness cannot be judged yet: the company has no concrete goals in numbers "
    "(88 of 100, level Emerging)."
)
PRODUCT_VERDICT = (
    "The SMM works fine, but the product itself is weak, and more money for SMM will not help "
    "(88 of 100, level Emerging)."
)
PRODUCT_VERDICT_RU = (
    "SMM работает нормально, но слаб сам продукт, и больше денег на SMM не помогут "
    "(88 из 100, уровень «Начальный»)."
)
ALL_BEST_VERDICT = (
    "Your SMM is effective (100 of 100, level Leading); the weakest link is Goals and strategy."
)


def sample_kpis() -> dict[str, float]:
    """The bundled sample's KPIs, from the test oracle (pandas) rather than the app's engine."""
    report = read_report(SAMPLE.read_bytes(), SAMPLE.name)
    return {k: float(v) for k, v in compute_kpis(report.table).overall.items() if v is not None}


def sample_figures(targets: dict[str, float] | None = None) -> dict[str, float]:
    """The sample's data score of each dimension it evidences, worked out by hand from its
    KPIs and the bands of data/benchmarks.toml for every platform (the sample has three): a
    KPI scores 50 at a band's weak bound, 80 at its good bound, a straight line between, 100
    at twice the good bound (at zero where lower is better); a KPI with a target scores the %
    of it attained, at most 100."""
    k = sample_kpis()
    targets = targets or {}
    # ER by followers of the whole report divides by each account's posts × average followers
    # (kpi-spec §3): 30 267 interactions / 1 230 875 × 100 = 2.46 %.
    assert round(k["er_followers_pct"], 2) == 2.46
    # Where each KPI of the sample falls, so that the formulas below are the ones that apply.
    assert 2.0 <= k["er_followers_pct"] < 4.0  # good from 2 %, 100 points at twice that
    assert 4.41 <= k["er_impressions_pct"] < 8.82  # Buffer: good from 4.41 %
    assert 50 <= k["negative_response_rate_pct"] < 90  # weak below 50 %, good from 90 %
    assert k["response_time_median_h"] < 4  # lower is better: good up to 4 h
    assert 0.2 <= k["talk_rate_pct"] < 0.4  # good from 0.2 %
    assert 5 < k["negative_share_pct"] < 15  # lower is better: good to 5 %, weak over 15 %
    assert k["follower_growth_pct"] / SAMPLE_DAYS * DAYS_PER_MONTH >= 2 * 2.0  # 2 % a month
    assert 50 <= k["organic_share_pct"] < 80  # weak below 50 %, good from 80 %
    negative = 50 + 30 * (k["negative_response_rate_pct"] - 50) / (90 - 50)
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
                80 + 20 * (k["er_impressions_pct"] - 4.41) / 4.41,
            ]
        ),
        "communication": fmean(
            [
                negative,
                reply,
                80 + 20 * (k["talk_rate_pct"] - 0.2) / 0.2,
                50 + 30 * (15 - k["negative_share_pct"]) / (15 - 5),
            ]
        ),
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
    assert shows(app, "No concrete goals in numbers")
    assert app.get("vega_lite_chart"), "the dimension chart is drawn"
    # The goals the best answers imply, halfway from the answer to the benchmark's good bound:
    # «almost all» complaints answered means at least 80 % (good from 90 %: 85 %); the reply
    # time is the 4-hour standard itself; «growing fast» at least 1 % a month (good from 2 %:
    # 1.5 %); «almost all» followers organic at least 80 % (the good bound itself).
    assert shows(
        app,
        "SMM's effectiveness cannot be judged yet: the company has no concrete goals in numbers, "
        "so there is nothing to compare the results with. Start with these goals: Negative "
        "response rate at least 85.0%; Response time (median) at most 4.0\u00a0h;",
    )
    assert shows(app, "Follower growth at least 1.5% a month")
    assert shows(
        app,
        "No report is loaded: load one on the Numbers page to check the answers against the "
        "figures.",
    )
    assert shows(app, "Medium: part of the picture is unknown or disputed.")
    assert shows(app, "answers only, no report with figures")
    assert not shows(app, "Report figures:")  # no report: no accounts and no period to name
    assert link_labels(app)[:1] == [REPORT_LINK]


def test_the_level_is_held_back_by_the_weakest_link_and_says_what_lifts_it() -> None:
    app = open_page("scorecard.py", assessment_answers=profile(weak=("goals",)))

    level = next(e for e in app.expander if e.label == "What the level means and what lifts it")
    note = " ".join(str(m.value) for m in level.markdown)
    assert note.startswith("Emerging: The basics exist but much rests on enthusiasm")
    assert (
        "The overall score alone would give Leading, but the level is never more than one step "
        "above the weakest link, and Goals and strategy is only 0. Lift Goals and strategy to "
        "35 points to reach Developing." in note
    )


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
    assert list(traffic["“I don't know”"]) == [1]


def test_a_dimension_held_back_by_a_critical_answer_says_why() -> None:
    choices = {**profile(), "content.regular_posting": "no"}

    app = open_page("scorecard.py", assessment_answers=choices)

    assert not app.exception
    assert table_scores(app)["Content"] == "45"
    assert shows(app, "Content is held at 45: “In the last month, did posts come out regularly")
    assert shows(app, "The weak point is the SMM work itself, above all Content")


def test_data_only_scores_the_sample_report_and_claims_nothing_it_did_not_ask() -> None:
    app = with_sample(open_page("scorecard.py"))

    figures = sample_figures()
    # Three dimensions, 83: Managed by the score alone (70 to 85), but without goals to judge
    # by the level is at most Developing.
    assert round(fmean(figures.values())) == 83
    # Nobody answered about goals: the verdict never says the company has none.
    assert first_box(app) == (
        "### SMM's effectiveness cannot be judged yet: no targets are set and nobody has "
        "answered the questions about goals, so the figures can only be compared with industry "
        "benchmarks (83 of 100, level Developing)."
    )
    assert not shows(app, "the company has no concrete goals")
    assert shows(app, f"Report: “{md_escape(SAMPLE.name)}”")
    # The whole sample, as chosen by default on the Numbers page.
    assert shows(app, md_escape(f"Report figures: {SAMPLE_ACCOUNTS}, June 1 – August 23, 2026"))
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
        "There is live discussion under the posts",
        "From the data: Talk rate per post — 0.22%",
        "From the data: Negative response rate — 75.78%",
        "a report only, no answers",
    ):
        assert shows(app, shown), shown
    assert link_labels(app)[:1] == [ANSWER_LINK]


def choose_on_numbers_page(
    app: AppTest, scope: str, period: tuple[date, date], lang: str = "en"
) -> AppTest:
    """Choose an account and a period on the Numbers page as a user does, come back."""
    app.switch_page("pages/numbers.py").run()
    app.selectbox(key="numbers_scope").select(scope).run()
    app.date_input(key="numbers_period").set_value(period).run()
    app.session_state["lang"] = lang
    # AppTest runs the page alone, without the frame that keeps the Numbers page's widget
    # values alive on other pages: the first run of the Scorecard is the one to look at.
    app.switch_page("pages/scorecard.py").run()
    assert not app.exception
    return app


def test_the_scorecard_uses_the_account_and_period_chosen_on_the_numbers_page() -> None:
    app = with_sample(open_page("scorecard.py"))
    whole = table_scores(app)["Content"]

    choose_on_numbers_page(app, INSTAGRAM, (date(2026, 6, 1), date(2026, 6, 30)))

    assert shows(app, md_escape("Report figures: Instagram / zerno.coffee, June 1–30, 2026"))
    assert not shows(app, md_escape("VK / Кофейня Зерно"))
    # Instagram alone, in June, judged by Instagram's own bands for its size: another score.
    assert table_scores(app)["Content"] != whole


def test_the_scope_is_named_in_russian_too() -> None:
    app = with_sample(open_page("scorecard.py"))

    choose_on_numbers_page(app, INSTAGRAM, (date(2026, 6, 1), date(2026, 6, 30)), "ru")

    assert shows(app, md_escape("Цифры отчёта: Instagram / zerno.coffee, 1–30 июня 2026"))


def test_red_flags_come_first_with_what_to_do_and_never_with_effective() -> None:
    choices = {**profile(), "communication.negative_answered": "almost_none"}

    app = open_page("scorecard.py", assessment_answers=choices)

    assert not app.exception
    assert first_box(app).startswith(
        "### Red flag — negative comments mostly go unanswered: until it is dealt with, the SMM "
        "cannot be called effective"
    )
    flag = next(str(e.value) for e in app.error if "Negative comments mostly" in str(e.value))
    assert "What to do: Answer every complaint publicly within 2 hours" in flag
    assert not shows(app, "Your SMM is effective")
    assert not any("The SMM is effective" in str(e.value) for e in app.success)
    assert shows(app, "it cannot be called effective until the red flags above are dealt with")


def test_mostly_dont_know_answers_are_the_first_finding_and_lower_the_confidence() -> None:
    choices = {question.id: "dont_know" for question in load_bank().questions}

    app = open_page("scorecard.py", assessment_answers=choices)

    assert not app.exception
    assert first_box(app).startswith("### You do not know your own SMM yet")
    assert shows(app, "You do not know your own SMM")
    assert shows(app, "Low: the conclusion rests on little reliable information.")


def test_answers_and_data_together_show_where_they_disagree() -> None:
    choices = profile()
    app = with_sample(open_page("scorecard.py", assessment_answers=choices))

    figures = sample_figures()
    assert round(with_best_answers(figures)) == 97
    # Rosy answers the report does not bear out are a red flag: never "effective".
    assert first_box(app) == (
        "### Red flag — the answers disagree with the report: until it is dealt with, the SMM "
        "cannot be called effective (97 of 100, level Developing)."
    )
    asked = len(load_bank().asked(choices))  # the context and every question not skipped
    assert shows(app, f"Answers: Owner or manager, {asked} of {asked}")
    # «Almost all» means at least 80 %; the sample has 75.78 % and 73.04 %.
    assert shows(
        app,
        "the report shows “Negative response rate” at 75.78%: that answer means at least 80.0%.",
    )
    assert shows(
        app,
        "the report shows “Organic share of growth” at 73.04%: that answer means at least 80.0%.",
    )
    assert ANSWER_LINK not in link_labels(app)
    assert REPORT_LINK not in link_labels(app)


def test_the_company_targets_set_on_the_numbers_page_are_used() -> None:
    choices = {**profile(), "goals.numeric_kpis": "no"}
    targets = {"negative_response_rate_pct": 95.0, "response_time_median_h": 1.0}
    app = with_sample(open_page("scorecard.py", assessment_answers=choices))
    before = table_scores(app)["Communication"]

    app.session_state["numbers_targets"] = targets
    app.run()

    assert not app.exception
    # The targets are the company's KPIs: no "no concrete goals" finding any more…
    assert not shows(app, "No concrete goals in numbers")
    # …and communication is scored against them: min(100, 75.78 / 95 × 100) = 79.8 and
    # min(100, 1 / 0.42 × 100) = 100 instead of the bands' 69.3 and 97.4.
    assert table_scores(app)["Communication"] != before
    # The best answers score communication 100; answers and figures count half and half.
    figures = sample_figures(targets)
    assert table_scores(app)["Communication"] == str(round((100 + figures["communication"]) / 2))


def test_a_weak_product_with_sound_smm_work_is_diagnosed_as_the_product() -> None:
    choices = profile(weak=("product",))

    app = open_page("scorecard.py", assessment_answers=choices, assessment_respondent="smm")

    assert shows(app, PRODUCT_VERDICT)
    assert shows(app, "The product is weak")
    assert shows(app, "Answers: SMM specialist")


def test_an_owner_who_runs_the_smm_alone_checks_the_questions_themselves() -> None:
    choices = {**profile(weak=("analytics",)), "context.smm_runner": "owner"}

    app = open_page("scorecard.py", assessment_answers=choices)

    assert not app.exception
    assert shows(app, "What to check yourself")
    assert not shows(app, "What to ask the SMM specialist")


def test_a_report_name_is_shown_as_plain_text() -> None:
    name = "[click](http://evil.example) **bold**"
    rows = [["Date", "Followers", "Reach", "Likes"], ["2026-03-01", 100, 50, 5]]

    app = open_page("scorecard.py", numbers_source={"name": name, "rows": rows})

    assert not app.exception
    assert shows(app, md_escape(name))
    assert not any("](http" in caption.value for caption in app.caption)


def test_an_account_name_is_shown_as_plain_text() -> None:
    rows = [
        ["Date", "Platform", "Account", "Followers", "Likes"],
        ["2026-03-01", "VK", "**[x](http://evil.example)**", 100, 5],
        ["2026-03-02", "VK", "**[x](http://evil.example)**", 101, 6],
    ]

    app = open_page("scorecard.py", numbers_source={"name": "r", "rows": rows})

    assert not app.exception
    assert shows(app, md_escape("VK / **[x](http://evil.example)**"))
    assert not any("](http" in str(m.value).replace("\\]", "") for m in app.markdown)


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
    assert shows(app, "Уверенность в выводе")
    assert shows(app, "ER — вовлечённость")


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
