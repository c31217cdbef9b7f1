"""Scoring arithmetic on the synthetic rules: KPIs against bands and targets, dimensions from
answers and data, the overall score and the level. Expected values are worked out by hand
from the numbers in ``tests/unit/assessment/synthetic.py``."""

from __future__ import annotations

import math

import pytest

from smm_logic.assessment.scoring import band_score, combine, kpi_scores, weighted
from tests.unit.assessment.synthetic import BANDS, RULES, band, only, scorecard, scored

ER = BANDS["er_followers_pct"]  # higher is better: weak below 2, good from 4
REPLY = BANDS["response_time_median_h"]  # lower is better: good up to 3, weak above 12


# ---------------------------------------------------------------- a KPI against its band


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (0, 0),  # falls to 0 at zero
        (1, 20),  # 40 × 1 / 2
        (2, 40),  # at the weak bound
        (3, 55),  # 40 + 30 × (3 − 2) / (4 − 2)
        (4, 70),  # at the good bound
        (6, 85),  # 70 + 30 × (6 − 4) / 4
        (8, 100),  # twice the good bound
        (20, 100),
    ],
)
def test_a_higher_is_better_band_scores_a_straight_line_between_its_bounds(
    value: float, expected: float
) -> None:
    assert band_score(ER, value, RULES) == pytest.approx(expected)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (0, 100),  # at zero where lower is better
        (1.5, 85),  # 70 + 30 × (3 − 1.5) / 3
        (3, 70),  # at the good bound
        (6, 60),  # 40 + 30 × (12 − 6) / (12 − 3)
        (12, 40),  # at the weak bound
        (24, 20),  # halves at twice the weak bound: 40 × 12 / 24
    ],
)
def test_a_lower_is_better_band_reads_the_other_way(value: float, expected: float) -> None:
    assert band_score(REPLY, value, RULES) == pytest.approx(expected)


def test_a_band_with_one_bound_scores_from_that_bound() -> None:
    good_only = band("er_followers_pct", None, 4.0)
    weak_only = band("er_followers_pct", 2.0, None)
    lower_good_only = band("response_time_median_h", None, 3.0, "lower")

    assert band_score(good_only, 2, RULES) == pytest.approx(35)  # 70 × 2 / 4
    assert band_score(good_only, 5, RULES) == pytest.approx(77.5)  # 70 + 30 × 1 / 4
    assert band_score(weak_only, 3, RULES) == 70  # past the weak bound: the good score
    assert band_score(weak_only, 1, RULES) == pytest.approx(20)  # 40 × 1 / 2
    assert band_score(lower_good_only, 6, RULES) == pytest.approx(35)  # 70 × 3 / 6


# ---------------------------------------------------------------- a KPI against a target


def test_a_company_target_takes_the_place_of_the_band_and_is_capped() -> None:
    scores = kpi_scores(
        {"response_time_median_h": 6.0, "er_followers_pct": 6.0, "talk_rate_pct": 0.5},
        {"response_time_median_h": 3.0, "er_followers_pct": 4.0, "talk_rate_pct": 1.0},
        None,
        RULES,
        BANDS,
    )

    assert scores["response_time_median_h"].score == pytest.approx(50)  # 3 / 6, lower is better
    assert scores["er_followers_pct"].score == 90  # 150 % attained, capped at 90
    assert scores["talk_rate_pct"].score == pytest.approx(50)  # no band, but a target


def test_a_kpi_without_band_or_target_is_measured_but_not_scored() -> None:
    scores = kpi_scores({"talk_rate_pct": 0.4}, {}, None, RULES, BANDS)

    assert (scores["talk_rate_pct"].value, scores["talk_rate_pct"].score) == (0.4, None)


def test_unknown_missing_and_non_finite_kpis_are_left_out() -> None:
    kpis = {"not_a_kpi": 1.0, "er_followers_pct": None, "err_pct": math.nan, "cpl": math.inf}

    assert kpi_scores(kpis, {}, None, RULES, BANDS) == {}


def test_a_per_month_band_compares_the_value_per_month_when_the_period_is_known() -> None:
    whole = kpi_scores({"follower_growth_pct": 6.0}, {}, None, RULES, BANDS)
    per_month = kpi_scores({"follower_growth_pct": 6.0}, {}, 61, RULES, BANDS)

    assert whole["follower_growth_pct"].score == 100  # 6 % read as a month: twice 3 %
    monthly = 6 / 61 * 30.44
    assert per_month["follower_growth_pct"].compared == pytest.approx(monthly)
    assert per_month["follower_growth_pct"].score == pytest.approx(40 + 30 * (monthly - 1) / 2)
    assert per_month["follower_growth_pct"].value == 6.0


# ---------------------------------------------------------------- combining


def test_weighted_and_combine_follow_the_weights_given() -> None:
    assert weighted([(1, 0.0), (3, 1.0)]) == pytest.approx(0.75)
    assert weighted([]) is None
    assert combine(100, 40, RULES) == pytest.approx(0.25 * 100 + 0.75 * 40)
    assert combine(None, 40, RULES) == 40
    assert combine(80, None, RULES) == 80
    assert combine(None, None, RULES) is None


# ---------------------------------------------------------------- dimensions


def test_a_dimension_scores_the_weighted_average_of_its_answers() -> None:
    answers = only({"content.photos": "partly", "content.useful": "yes"})

    content = scorecard(answers).dimensions["content"]

    assert content.score == pytest.approx((1 * 0.5 + 3 * 1.0) / 4 * 100)  # 87.5
    assert (content.answered, content.dont_know, content.unanswered) == (2, 0, 0)


def test_dont_know_and_unanswered_are_left_out_of_the_average_but_counted() -> None:
    answers = only({"communication.comments": "dont_know", "communication.reply_speed": "same_day"})

    communication = scorecard(answers).dimensions["communication"]

    assert communication.score == pytest.approx(60)
    assert (communication.answered, communication.dont_know, communication.unanswered) == (1, 1, 0)


def test_a_dimension_with_only_dont_know_or_nothing_is_not_scored() -> None:
    card = scorecard(only({"content.photos": "dont_know", "goals.kpis": "yes"}))

    assert card.dimensions["content"].score is None
    assert (card.dimensions["content"].dont_know, card.dimensions["content"].unanswered) == (1, 1)
    assert card.dimensions["product"].score is None
    assert card.dimensions["product"].unanswered == 2
    assert card.dimensions["analytics"].unanswered == 0  # no questions at all


def test_answers_and_data_combine_by_the_rules_weights() -> None:
    card = scorecard(only({"content.useful": "yes"}), {"er_followers_pct": 3.0})

    content = card.dimensions["content"]
    assert (content.answers_score, content.data_score) == (100, pytest.approx(55))
    assert content.score == pytest.approx(0.25 * 100 + 0.75 * 55)


def test_data_alone_scores_the_mean_of_the_evidence_kpis() -> None:
    card = scorecard(
        None, {"response_time_median_h": 6.0, "talk_rate_pct": 0.5}, {"talk_rate_pct": 1.0}
    )

    communication = card.dimensions["communication"]
    assert communication.answers_score is None
    assert communication.score == pytest.approx((60 + 50) / 2)


def test_a_kpi_that_evidences_no_dimension_scores_none() -> None:
    card = scorecard(None, {"err_pct": 5.0, "ctr_pct": 2.0}, {"ctr_pct": 1.0})

    assert all(s.score is None for s in card.dimensions.values())


# ---------------------------------------------------------------- overall and level


def test_overall_is_the_weighted_average_of_the_scored_dimensions() -> None:
    answers = only({"product.repeat": "yes", "product.offer": "no", "content.useful": "partly"})

    card = scorecard(answers)

    product = (3 * 1.0 + 1 * 0.0) / 4 * 100  # 75
    assert card.dimensions["product"].score == pytest.approx(product)
    assert card.overall == pytest.approx((2 * product + 1 * 50) / 3)  # product weighs 2
    assert card.level is not None and card.level.id == "three"  # from 60
    assert card.weakest == "content"


def test_the_weakest_dimension_on_a_tie_is_the_first_in_the_bank() -> None:
    card = scorecard(only({"growth.organic": "partly", "content.useful": "partly"}))

    assert card.weakest == "content"


def test_nothing_scored_has_no_overall_level_or_weakest() -> None:
    inputs = scored()

    assert (inputs.overall(), inputs.weakest()) == (None, None)


@pytest.mark.parametrize(
    ("score", "level"),
    [
        (0, "zero"),
        (19.9, "zero"),
        (20, "one"),
        (40, "two"),
        (60, "three"),
        (80, "four"),
        (100, "four"),
    ],
)
def test_the_level_is_the_highest_whose_minimum_the_score_reaches(score: float, level: str) -> None:
    assert RULES.level_for(score).id == level
