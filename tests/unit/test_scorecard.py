"""The Scorecard: scoring arithmetic, diagnosis rules, contradictions, signals and advice."""

from __future__ import annotations

import copy
from collections.abc import Mapping

import pytest

from smm_logic.assessment.bank import Answers, load_bank
from smm_logic.assessment.scorecard import (
    Scorecard,
    ScoringRulesError,
    band_score,
    build_scorecard,
    load_recommendations,
    parse_recommendations,
    scoring_rules,
)
from smm_logic.kpis.benchmarks import BenchmarkError, load_bands, parse_bands
from smm_logic.kpis.periods import Period, span_days
from smm_logic.report.ingest import read_report
from smm_logic.text import LANGUAGES, load_data_file
from tests.builders import xlsx_bytes
from tests.kpi_oracle import report_kpis

BANK = load_bank()
SMM_DIMENSIONS = ("content", "communication", "traffic", "growth", "analytics", "partnership")


def profile(default: float | None = 1.0, **levels: float | None) -> Answers:
    """Every question answered with the option nearest its dimension's level; None skips."""
    choices: dict[str, str] = {}
    for question in BANK.questions:
        level = levels.get(question.dimension, default)
        if level is None:
            continue
        scored = [o for o in BANK.options(question.id) if o.value is not None]
        choices[question.id] = min(scored, key=lambda o: abs((o.value or 0.0) - level)).id
    return Answers("owner", choices)


def with_choices(answers: Answers, choices: Mapping[str, str]) -> Answers:
    return Answers(answers.respondent, {**answers.choices, **choices})


def only(choices: Mapping[str, str]) -> Answers:
    return Answers("owner", dict(choices))


def codes(card: Scorecard) -> list[str]:
    return [finding.code for finding in card.diagnosis]


def finding(card: Scorecard, code: str) -> str:
    return next(f.message.render("en") for f in card.diagnosis if f.code == code)


def reply_time_report(hours: list[float]) -> dict[str, float | None]:
    """The overall KPIs of a real workbook whose rows carry these response times."""
    rows: list[list[object]] = [
        ["Дата", "Подписчики", "Комментарии", "Негатив", "Отработано негатива", "Время ответа"]
    ]
    for day, value in enumerate(hours, start=1):
        rows.append([f"{day:02d}.03.2026", 1000 + day, 12, 2, 2, value])
    report = read_report(xlsx_bytes(rows), "agency.xlsx")
    return report_kpis(report).overall


# ---------------------------------------------------------------- scoring arithmetic


def test_a_dimension_scores_the_weighted_average_of_its_answers() -> None:
    answers = only(
        {"communication.comments_under_posts": "almost_none", "communication.conversation": "yes"}
    )

    card = build_scorecard(answers)

    # comments_under_posts weighs 1.5 and is worth 0; conversation weighs 1 and is worth 1.
    assert card.dimensions["communication"].score == pytest.approx(1 / 2.5 * 100)


def test_dont_know_and_unanswered_are_left_out_of_the_average_but_counted() -> None:
    answers = only(
        {
            "communication.conversation": "partly",
            "communication.negative_answered": "dont_know",
            "communication.reply_speed": "dont_know",
        }
    )

    score = build_scorecard(answers).dimensions["communication"]

    assert score.score == 50
    assert (score.answered, score.dont_know, score.unanswered) == (1, 2, 3)


def test_a_dimension_with_nothing_answered_or_only_dont_know_is_null() -> None:
    answers = only({"goals.numeric_kpis": "dont_know", "content.own_photos": "most"})

    card = build_scorecard(answers)

    assert card.dimensions["goals"].score is None
    assert card.dimensions["goals"].dont_know == 1
    assert card.dimensions["product"].score is None
    assert card.dimensions["product"].unanswered == len(BANK.questions_of("product"))


def test_overall_averages_the_scored_dimensions_and_sets_the_level() -> None:
    answers = only({"content.would_follow": "yes", "analytics.best_posts_known": "partly"})

    card = build_scorecard(answers)

    assert card.overall == 75
    assert card.level is not None and card.level.id == "managed"
    assert card.weakest == "analytics"


@pytest.mark.parametrize(
    ("score", "level"),
    [
        (0, "ad_hoc"),
        (34.9, "ad_hoc"),
        (35, "emerging"),
        (55, "developing"),
        (70, "managed"),
        (85, "leading"),
        (100, "leading"),
    ],
)
def test_five_maturity_levels_start_at_their_minimum_scores(score: float, level: str) -> None:
    assert scoring_rules().level_for(score).id == level


def test_a_band_scores_50_at_the_weak_bound_80_at_the_good_bound_and_100_at_twice_it() -> None:
    er = load_bands()["er_followers_pct"]  # weak below 1 %, good from 2 %
    rules = scoring_rules()

    assert [band_score(er, v, rules) for v in (0, 0.5, 1, 1.5, 2, 4, 9)] == [
        0,
        25,
        50,
        65,
        80,
        100,
        100,
    ]


def test_a_lower_is_better_band_reads_the_other_way() -> None:
    reply = load_bands()["response_time_median_h"]  # good up to 4 h, weak above 10 h
    rules = scoring_rules()

    assert band_score(reply, 9, rules) == pytest.approx(55)
    assert band_score(reply, 4, rules) == 80
    assert band_score(reply, 20, rules) == 25
    assert band_score(reply, 0, rules) == 100


def test_answers_and_data_count_half_and_half_in_a_dimension() -> None:
    answers = only({"content.would_follow": "yes"})

    card = build_scorecard(answers, {"er_followers_pct": 1.0})

    content = card.dimensions["content"]
    assert (content.answers_score, content.data_score, content.score) == (100, 50, 75)


def test_a_company_target_takes_the_place_of_the_benchmark() -> None:
    card = build_scorecard(None, {"response_time_median_h": 4.0}, {"response_time_median_h": 2.0})

    assert card.dimensions["communication"].data_score == 50


def test_follower_growth_is_compared_per_month_when_the_period_is_known() -> None:
    kpis = {"follower_growth_pct": 6.0}

    per_report = build_scorecard(None, kpis).dimensions["growth"].score
    per_month = build_scorecard(None, kpis, period_days=61).dimensions["growth"].score

    assert per_report == 100  # 6 % read as a month: three times the good bound
    assert per_month == pytest.approx(80 + 20 * (6 / 61 * 30.44 - 2) / 2)


def test_span_days_counts_from_the_first_to_the_last_date() -> None:
    from datetime import date

    assert span_days(Period(date(2026, 6, 1), date(2026, 8, 23))) == 83
    assert span_days(Period(date(2026, 6, 1), date(2026, 6, 1))) is None
    assert span_days(None) is None


# ---------------------------------------------------------------- diagnosis


def test_a_profile_good_everywhere_is_effective() -> None:
    card = build_scorecard(profile(1.0))

    assert codes(card) == ["effective"]
    assert card.verdict("en").startswith("Your SMM is effective")


def test_no_numeric_kpis_is_no_kpis_with_suggested_kpis_and_starting_targets() -> None:
    answers = with_choices(profile(1.0), {"goals.numeric_kpis": "no"})

    card = build_scorecard(answers)

    assert codes(card) == ["no_kpis"]
    suggested = {s.kpi: s for s in card.suggested_targets}
    assert len(suggested) == scoring_rules().no_kpis.suggest
    # "we reply within an hour" implies at most 2 h, already better than the 4 h band: keep it.
    assert suggested["response_time_median_h"].target == 2.0
    assert suggested["response_time_median_h"].basis == "answer"
    assert "Response time (median) at most 2.0\u00a0h" in finding(card, "no_kpis")
    assert "не выше 2,0\u00a0ч" in card.diagnosis[0].message.render("ru")


def test_starting_targets_move_a_weak_measured_value_halfway_to_the_good_bound() -> None:
    answers = with_choices(profile(1.0), {"goals.numeric_kpis": "no"})

    card = build_scorecard(answers, {"er_followers_pct": 0.5, "response_time_median_h": 12.0})

    suggested = {s.kpi: s for s in card.suggested_targets}
    assert suggested["er_followers_pct"].target == 1.2  # 0.5 + (2 − 0.5) / 2, two digits
    assert suggested["response_time_median_h"].target == 8.0  # 12 + (4 − 12) / 2
    assert [s.basis for s in card.suggested_targets][:2] == ["measured", "measured"]


def test_not_knowing_whether_kpis_exist_is_itself_no_kpis() -> None:
    answers = with_choices(profile(1.0), {"goals.numeric_kpis": "dont_know"})

    assert codes(build_scorecard(answers)) == ["no_kpis"]


def test_targets_set_on_the_numbers_page_count_as_kpis() -> None:
    answers = with_choices(profile(1.0), {"goals.numeric_kpis": "no"})

    card = build_scorecard(answers, {"er_followers_pct": 3.0}, {"er_followers_pct": 2.0})

    assert codes(card) == ["effective"]


def test_weak_goals_alone_give_no_kpis_even_when_numbers_were_set() -> None:
    answers = with_choices(profile(1.0, goals=0.0), {"goals.numeric_kpis": "yes"})

    card = build_scorecard(answers)

    assert codes(card) == ["no_kpis"]
    assert finding(card, "no_kpis").startswith("The goals exist only in words")


def test_a_weak_product_with_sound_smm_work_is_a_product_problem() -> None:
    card = build_scorecard(profile(1.0, product=0.0))

    assert codes(card) == ["product_problem"]
    assert card.diagnosis[0].dimensions == ("product",)
    assert "More money for SMM will not fix this" in finding(card, "product_problem")
    assert "больше денег на SMM не помогут" in card.verdict("ru")


@pytest.mark.parametrize("weak", SMM_DIMENSIONS)
def test_one_weak_smm_dimension_is_an_smm_problem_naming_it(weak: str) -> None:
    card = build_scorecard(profile(1.0, **{weak: 0.0}))

    assert codes(card) == ["smm_problem"]
    assert card.diagnosis[0].dimensions == (weak,)
    assert BANK.dimension(weak).name.render("en") in finding(card, "smm_problem")
    assert card.weakest == weak


def test_middling_smm_work_below_the_sound_bar_is_an_smm_problem_too() -> None:
    card = build_scorecard(profile(1.0, content=0.5, communication=0.5, traffic=0.5))

    assert codes(card) == ["smm_problem"]
    assert set(card.diagnosis[0].dimensions) == {"content", "communication", "traffic"}


def test_a_weak_product_with_weak_smm_work_is_an_smm_problem_not_a_product_one() -> None:
    card = build_scorecard(profile(1.0, product=0.0, communication=0.0))

    assert codes(card) == ["smm_problem"]
    assert "The product and demand side is weak too" in finding(card, "smm_problem")


def test_no_kpis_and_an_smm_problem_apply_together() -> None:
    answers = with_choices(profile(1.0, growth=0.0), {"goals.numeric_kpis": "no"})

    card = build_scorecard(answers)

    assert codes(card) == ["no_kpis", "smm_problem"]
    assert card.verdict("en").startswith("The company has no concrete goals in numbers, and")


def test_no_kpis_and_a_product_problem_apply_together() -> None:
    answers = with_choices(profile(1.0, product=0.0), {"goals.numeric_kpis": "no"})

    assert codes(build_scorecard(answers)) == ["no_kpis", "product_problem"]


def test_sound_smm_work_without_an_answer_about_goals_is_not_called_effective() -> None:
    card = build_scorecard(profile(None, communication=1.0, content=1.0))

    assert codes(card) == []
    assert card.verdict("en").startswith("There is not enough to judge yet")


# ---------------------------------------------------------------- data only, answers only


def test_a_report_alone_scores_the_dimensions_it_evidences() -> None:
    kpis = {
        "er_followers_pct": 2.0,
        "response_time_median_h": 4.0,
        "negative_response_rate_pct": 90.0,
        "organic_share_pct": 80.0,
        "ctr_pct": 1.0,
    }

    card = build_scorecard(None, kpis)

    scored = {d for d, s in card.dimensions.items() if s.score is not None}
    assert scored == {"content", "communication", "growth"}  # CTR has no band and no target
    assert all(card.dimensions[d].answers_score is None for d in scored)
    assert card.overall == 80
    assert codes(card) == ["no_kpis"]  # a report without targets: no KPIs to judge against
    rendered = [m.render("en") for m in card.missing]
    assert any("self-assessment is not answered" in m for m in rendered)
    assert any("No targets are set" in m for m in rendered)


def test_a_report_with_targets_met_and_sound_figures_is_effective() -> None:
    kpis = {"er_followers_pct": 2.5, "response_time_median_h": 3.0}

    card = build_scorecard(None, kpis, {"er_followers_pct": 2.0, "response_time_median_h": 3.0})

    assert codes(card) == ["effective"]


def test_answers_alone_say_that_no_report_is_loaded() -> None:
    card = build_scorecard(profile(1.0))

    assert [m.key for m in card.missing] == ["scorecard.missing.no_report"]
    assert all(s.data_score is None for s in card.dimensions.values())


def test_unanswered_dimensions_and_dont_know_answers_are_listed_as_missing() -> None:
    answers = only({"goals.numeric_kpis": "dont_know", "content.own_photos": "most"})

    rendered = [m.render("en") for m in build_scorecard(answers).missing]

    assert any(m.startswith("Dimensions without answers: Product and demand") for m in rendered)
    assert "«I don't know» answers: 1." in " ".join(rendered)


def test_nothing_at_all_gives_an_empty_scorecard_that_says_what_is_missing() -> None:
    card = build_scorecard(None)

    assert card.overall is None and card.level is None and card.weakest is None
    assert card.diagnosis == () and card.recommendations == ()
    assert [m.key for m in card.missing] == [
        "scorecard.missing.no_answers",
        "scorecard.missing.no_report",
    ]
    assert card.verdict("ru").startswith("Оценивать пока нечего")


# ---------------------------------------------------------------- contradictions


def test_we_reply_within_an_hour_contradicts_a_measured_median_of_9_hours() -> None:
    kpis = reply_time_report([8, 9, 10, 9, 12])
    answers = only({"communication.negative_reply_speed": "within_hour"})

    card = build_scorecard(answers, kpis)

    assert kpis["response_time_median_h"] == 9
    assert [(c.dimension, c.kpi) for c in card.contradictions] == [
        ("communication", "response_time_median_h")
    ]
    message = card.contradictions[0].message
    assert "«Within an hour»" in message.render("en")
    assert "9.0\u00a0h" in message.render("en") and "at most 2.0\u00a0h" in message.render("en")
    assert "«В течение часа»" in message.render("ru") and "9,0\u00a0ч" in message.render("ru")


def test_an_answer_the_data_bears_out_is_no_contradiction() -> None:
    kpis = reply_time_report([8, 9, 10])
    answers = only({"communication.negative_reply_speed": "same_day"})

    assert build_scorecard(answers, kpis).contradictions == ()


def test_underrating_fast_replies_is_a_contradiction_too() -> None:
    answers = only({"communication.reply_speed": "days_later"})

    card = build_scorecard(answers, {"response_time_median_h": 1.0})

    assert "at least 24.0\u00a0h" in card.contradictions[0].message.render("en")


def test_claimed_follower_growth_is_checked_per_month() -> None:
    answers = only({"growth.follower_trend": "growing_fast"})

    monthly = build_scorecard(answers, {"follower_growth_pct": 2.0}, period_days=61)
    whole = build_scorecard(answers, {"follower_growth_pct": 2.0})

    assert [c.kpi for c in monthly.contradictions] == ["follower_growth_pct"]
    assert "a month" in monthly.contradictions[0].message.render("en")
    assert whole.contradictions == ()


def test_a_wide_gap_between_answers_and_figures_is_a_contradiction() -> None:
    answers = profile(None, content=1.0)

    card = build_scorecard(answers, {"er_followers_pct": 0.3, "err_pct": 5.0})

    assert [(c.dimension, c.kpi) for c in card.contradictions] == [("content", "er_followers_pct")]
    assert card.contradictions[0].message.render("en").startswith("The answers score «Content»")


# ---------------------------------------------------------------- signals


def test_the_three_signals_come_from_the_answers_without_a_report() -> None:
    card = build_scorecard(profile(1.0, growth=0.0))

    signals = {s.id: s for s in card.signals}
    assert list(signals) == ["organic_growth", "live_discussion", "negative_handling"]
    assert signals["organic_growth"].status == "weak"
    assert signals["live_discussion"].status == "good"
    assert signals["negative_handling"].kpi is None
    assert signals["organic_growth"].message.render("ru")


def test_signals_use_the_report_when_there_are_no_answers() -> None:
    kpis = {"organic_share_pct": 30.0, "talk_rate_pct": 0.4, "negative_response_rate_pct": 95.0}

    signals = {s.id: s for s in build_scorecard(None, kpis).signals}

    assert (signals["organic_growth"].status, signals["organic_growth"].kpi) == (
        "weak",
        "organic_share_pct",
    )
    assert signals["organic_growth"].kpi_value == 30.0
    # A talk rate has no benchmark band: measured, shown, but it cannot decide the status alone.
    assert (signals["live_discussion"].status, signals["live_discussion"].kpi_value) == (
        "unknown",
        0.4,
    )
    assert signals["negative_handling"].status == "good"


# ---------------------------------------------------------------- recommendations


def test_recommendations_follow_the_diagnosis_then_the_weakest_answers() -> None:
    choices = {
        "product.repeat_buyers": "almost_none",
        "product.unprompted_mentions": "never",
        "product.distinct_offer": "no",
        "content.own_photos": "few",
    }
    answers = with_choices(profile(1.0), choices)

    card = build_scorecard(answers)

    texts = [m.render("en") for m in card.recommendations]
    assert codes(card) == ["product_problem"]
    assert [t.split(" ")[:3] for t in texts] == [
        ["Before", "raising", "the"],  # the diagnosis first
        ["Find", "out", "why"],  # repeat buyers: worth 0, weight 1.5
        ["Give", "customers", "a"],  # unprompted mentions: worth 0, weight 1.5
        ["Put", "into", "words"],  # distinct offer: worth 0, weight 1
        ["Arrange", "a", "simple"],  # own photos: worth 0.25
    ]


def test_recommendations_and_questions_are_capped() -> None:
    card = build_scorecard(profile(0.0))

    assert len(card.recommendations) == scoring_rules().max_recommendations
    assert len(card.questions_to_ask) == scoring_rules().max_questions_to_ask


def test_dont_know_brings_a_question_for_the_smm_specialist_but_no_advice() -> None:
    answers = with_choices(profile(1.0), {"traffic.tracking": "dont_know"})

    card = build_scorecard(answers)

    asks = [m.render("en") for m in card.questions_to_ask]
    advice = [m.render("en") for m in card.recommendations]
    assert "How do we find out which post or ad brought a customer?" in asks
    assert not any("promo code" in a for a in advice)


def test_weak_measured_kpis_bring_their_own_advice_without_answers() -> None:
    card = build_scorecard(None, {"response_time_median_h": 30.0})

    assert any(m.render("en").startswith("People wait too long") for m in card.recommendations)


def test_every_question_and_diagnosis_has_advice_in_both_languages() -> None:
    recommendations = load_recommendations()

    covered = {(r.trigger, r.target) for r in recommendations}
    assert {("question", q.id) for q in BANK.questions} <= covered
    assert {
        ("diagnosis", c) for c in ("no_kpis", "product_problem", "smm_problem", "effective")
    } <= covered
    for recommendation in recommendations:
        for lang in LANGUAGES:
            assert recommendation.advice.render(lang).strip()


def test_a_recommendation_with_two_triggers_is_rejected() -> None:
    data = copy.deepcopy(load_data_file("recommendations.toml"))
    data["recommendation"][0]["kpi"] = "cpl"

    with pytest.raises(ScoringRulesError, match="exactly one of diagnosis, question, kpi"):
        parse_recommendations(data, BANK)


# ---------------------------------------------------------------- the verdict and the rules


@pytest.mark.parametrize(
    "answers",
    [profile(1.0), profile(1.0, product=0.0), profile(0.0), profile(None, content=1.0), None],
)
def test_the_verdict_is_one_sentence_in_each_language(answers: Answers | None) -> None:
    card = build_scorecard(answers)

    for lang in LANGUAGES:
        verdict = card.verdict(lang)
        assert verdict.endswith(".")
        assert ". " not in verdict[:-1]


def test_the_rules_in_words_render_in_both_languages_from_the_data() -> None:
    messages = scoring_rules().explain()

    rendered = [m.render("ru") for m in messages]
    assert any("ниже 50 — слабое" in text for text in rendered)
    assert all(m.render("en") for m in messages)


def test_every_band_is_tied_to_a_kpi_with_a_source_year_and_method() -> None:
    bands = load_bands()

    assert {"er_followers_pct", "response_time_median_h", "follower_growth_pct"} <= set(bands)
    for band in bands.values():
        for lang in ("ru", "en"):
            assert band.source.render(lang) and band.year.render(lang) and band.method.render(lang)
        assert band.kpi in band.method.render("en")


def test_a_band_whose_direction_contradicts_its_kpi_is_rejected() -> None:
    data = copy.deepcopy(load_data_file("benchmarks.toml"))
    data["band"][0]["direction"] = "lower"

    with pytest.raises(BenchmarkError, match="band «er_followers_pct»: direction must be «higher»"):
        parse_bands(data)


def test_a_measured_signal_without_benchmark_or_target_says_how_to_judge_it() -> None:
    card = build_scorecard(None, {"talk_rate_pct": 0.07})

    live = next(signal for signal in card.signals if signal.id == "live_discussion")

    assert live.status == "unknown"
    assert live.kpi == "talk_rate_pct" and live.kpi_value == 0.07
    assert "target" in live.message.render("en")
