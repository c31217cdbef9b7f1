"""Reading and checking scoring rules: the synthetic file as parsed, and its rejections."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from smm_logic.assessment.rules import parse_rules
from smm_logic.datafile import DataFileError
from tests.unit.assessment.synthetic import BANK, RULES, fixture_data

Data = dict[str, Any]


def test_the_synthetic_rules_read_as_written() -> None:
    assert [(level.id, level.min_score) for level in RULES.levels] == [
        ("zero", 0),
        ("one", 20),
        ("two", 40),
        ("three", 60),
        ("four", 80),
    ]
    assert (RULES.answers_weight, RULES.data_weight) == (0.25, 0.75)
    assert RULES.overall_weights["product"] == 2.0
    assert RULES.evidence["communication"] == ("response_time_median_h", "talk_rate_pct")
    assert RULES.smm_dimensions == ("content", "communication", "growth")
    assert (RULES.no_kpis.suggest, RULES.no_kpis.starting_step) == (2, 0.25)
    assert RULES.claims[0].ranges["same_day"] == (0.5, 12.0)
    assert RULES.claims[1].ranges == {"yes": (1.0, None)}
    assert (RULES.max_recommendations, RULES.max_questions_to_ask) == (3, 2)


def rejection(change: Callable[[Data], object]) -> str:
    data = fixture_data("scoring.toml")
    change(data)
    with pytest.raises(DataFileError) as caught:
        parse_rules(data, BANK)
    return str(caught.value)


REJECTIONS = [
    (lambda d: d["level"].pop(), "five levels are needed"),
    (lambda d: d["level"][2].update(min_score=10), "each next one higher"),
    (lambda d: d["level"][0].update(min_score=5), "the first level starts at 0"),
    (lambda d: d["level"][1].pop("name_en"), "level «one»: name_en is missing"),
    (lambda d: d["overall"]["weights"].pop("goals"), "one per dimension is needed"),
    (lambda d: d["combine"].update(data_weight=1.5), "data_weight = 1.5 is outside [0, 1]"),
    (lambda d: d["answers"].update(weak_below="half"), "weak_below must be a number"),
    (lambda d: d["evidence"][0].update(dimension="sales"), "evidence «sales»: unknown dimension"),
    (lambda d: d["evidence"][0].update(kpis=["reach_pct"]), "unknown KPI «reach_pct»"),
    (lambda d: d["signal"].pop(), "[[signal]]: exactly organic_growth"),
    (lambda d: d["signal"][0].update(questions=["growth.none"]), "unknown question «growth.none»"),
    (lambda d: d["diagnosis"].update(product_dimension="sales"), "product_dimension is not"),
    (lambda d: d["diagnosis"].update(weak_below=70), "weak_below is above sound_from"),
    (lambda d: d["claim"][0].update(question="goals.none"), "claim «goals.none»: unknown question"),
    (lambda d: d["claim"][0]["ranges"][0].update(option="never"), "unknown option «never»"),
    (lambda d: d["claim"][0]["ranges"][0].pop("max"), "«within_hour» needs min or max"),
    # The verdict's own rules.
    (lambda d: d["level"][0].pop("means_ru"), "level «zero»: means_ru is missing"),
    (lambda d: d["levels"].update(steps_above_weakest=9), "steps_above_weakest = 9 is outside"),
    (lambda d: d["red_flags"].update(level_at_most="five"), "unknown level «five»"),
    (lambda d: d["red_flag"][0].update(code="spam"), "code must be one of"),
    (lambda d: d["red_flag"][0].update(kpi="reach_pct"), "unknown KPI «reach_pct»"),
    (lambda d: d["red_flag"][0].pop("at_least"), "needs at_least or below"),
    (lambda d: d["red_flag"][0].update(at_lest=3), "unknown field at_lest"),
    (lambda d: d["red_flag"][0].pop("kpi"), "give answers, a kpi condition or both"),
    (lambda d: d["inconsistency"][0]["answers"].pop(), "needs at least two answers"),
    (
        lambda d: d["inconsistency"][0]["answers"][0].update(question="goals.none"),
        "unknown question «goals.none»",
    ),
    (
        lambda d: d["inconsistency"][0]["answers"][0].update(options=["maybe"]),
        "unknown option «maybe»",
    ),
    (lambda d: d["inconsistency"][0].pop("explain_en"), "explain_en is missing"),
    (lambda d: d["confidence"].update(medium_dont_know=0.9), "medium_dont_know = 0.9 is outside"),
    (lambda d: d["confidence"].update(one_source="some"), "one_source must be one of"),
    (lambda d: d["diagnosis"]["too_early"].update(measure=["reach_pct"]), "unknown KPI"),
    (
        lambda d: d["diagnosis"]["too_early"]["answers"][0].update(options=["soon"]),
        "unknown option «soon»",
    ),
]


@pytest.mark.parametrize(("change", "problem"), REJECTIONS)
def test_broken_rules_are_rejected_naming_the_record(
    change: Callable[[Data], object], problem: str
) -> None:
    message = rejection(change)

    assert message.startswith("scoring.toml: ")
    assert problem in message
