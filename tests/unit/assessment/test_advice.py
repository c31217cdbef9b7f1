"""Advice and questions for the SMM specialist on the synthetic rules and recommendations:
the diagnosis first, then the weakest answers and figures, within the rules' limits."""

from __future__ import annotations

import copy

import pytest

from smm_logic.assessment.advice import parse_recommendations
from smm_logic.assessment.scorecard import Scorecard
from smm_logic.datafile import DataFileError
from tests.unit.assessment.synthetic import (
    BANK,
    fixture_data,
    profile,
    scorecard,
    with_choices,
)


def advice(card: Scorecard) -> list[str]:
    return [text.render("en") for text in card.recommendations]


def asks(card: Scorecard) -> list[str]:
    return [text.render("en") for text in card.questions_to_ask]


def test_the_diagnosis_comes_first_then_the_weakest_answers_by_value_and_weight() -> None:
    choices = {"product.repeat": "no", "product.offer": "no", "content.photos": "partly"}

    card = scorecard(with_choices(profile(1.0), choices))

    assert card.codes == ("product_problem",)
    # repeat (0, weight 3) before offer (0, weight 1) before photos (0.5, below 0.6);
    # three at most, so the photos' advice is cut.
    assert advice(card) == ["Fix the product.", "Win back buyers.", "Sharpen the offer."]
    # Two questions at most: product_problem and the offer bring none.
    assert asks(card) == ["Why don't buyers come back?", "Who takes the photos?"]


def test_an_answer_at_or_above_the_weak_bar_brings_nothing() -> None:
    card = scorecard(profile(1.0))

    assert card.codes == ("effective",)
    assert advice(card) == ["Keep going."]
    assert asks(card) == []


def test_dont_know_brings_the_question_but_not_the_advice() -> None:
    card = scorecard(with_choices(profile(1.0), {"traffic.tracking": "dont_know"}))

    assert advice(card) == ["Keep going."]
    assert asks(card) == ["How do we count leads?"]


def test_dont_know_ranks_by_the_rules_dont_know_rank() -> None:
    choices = {"traffic.tracking": "dont_know", "content.photos": "partly"}

    card = scorecard(with_choices(profile(1.0), choices))

    # "don't know" ranks as 0.3: before the 0.5 answer about photos.
    assert asks(card) == ["How do we count leads?", "Who takes the photos?"]


def test_a_weak_figure_brings_its_advice_without_answers() -> None:
    card = scorecard(None, {"response_time_median_h": 30.0})

    # 40 × 12 / 30 = 16, below the weak bar: communication is an SMM problem, and a report
    # without targets is no_kpis; both diagnoses come before the figure's own advice.
    assert card.codes == ("no_kpis", "smm_problem")
    assert advice(card) == ["Set goals.", "Fix the SMM work.", "Reply faster."]


def test_advice_and_questions_stop_at_the_rules_limits() -> None:
    card = scorecard(profile(0.0))

    assert len(card.recommendations) == 3
    assert len(card.questions_to_ask) == 2


def test_a_recommendation_with_two_triggers_is_rejected() -> None:
    data = copy.deepcopy(fixture_data("recommendations.toml"))
    data["recommendation"][0]["kpi"] = "cpl"

    with pytest.raises(DataFileError, match="exactly one of diagnosis, question, kpi"):
        parse_recommendations(data, BANK)


@pytest.mark.parametrize(
    ("change", "problem"),
    [
        (lambda r: r.update(question="goals.retired"), "unknown question"),
        (lambda r: r.pop("do_en"), "the translation do_en is missing"),
        (lambda r: r.pop("ask_ru"), "the translation ask_ru is missing"),
    ],
)
def test_a_broken_recommendation_is_rejected_naming_it(change, problem: str) -> None:  # type: ignore[no-untyped-def]
    data = fixture_data("recommendations.toml")
    record = data["recommendation"][4]  # question product.repeat, with an ask
    change(record)

    with pytest.raises(DataFileError, match=problem):
        parse_recommendations(data, BANK)


def test_a_duplicate_recommendation_is_rejected() -> None:
    data = fixture_data("recommendations.toml")
    data["recommendation"].append(copy.deepcopy(data["recommendation"][0]))

    with pytest.raises(DataFileError, match="«diagnosis no_kpis»: duplicate"):
        parse_recommendations(data, BANK)
