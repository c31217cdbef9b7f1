"""Context questions (asked first, never scored) and questions that earlier answers skip or
reword: the bank's data for them, the loader's checks, and what answers and scores make of them."""

from __future__ import annotations

import copy
import re
from typing import Any

import pytest

from smm_logic.assessment.bank import (
    DIMENSIONS,
    DataFileError,
    load_bank,
    parse_answers,
    parse_bank,
)
from smm_logic.assessment.scorecard import build_scorecard
from smm_logic.text import load_data_file

BANK = load_bank()
Data = dict[str, Any]


def bank_data() -> Data:
    return copy.deepcopy(load_data_file("questions.toml"))


def question(data: Data, question_id: str) -> Data:
    record: Data = next(q for q in data["question"] if q["id"] == question_id)
    return record


# ---------------------------------------------------------------- context questions


def test_the_context_questions_come_first_with_the_agreed_options() -> None:
    assert [q.id for q in BANK.every_question()[:2]] == [
        "context.smm_duration",
        "context.smm_runner",
    ]
    assert [o.id for o in BANK.options("context.smm_duration")] == [
        "under_3_months",
        "months_3_to_12",
        "over_a_year",
        "dont_know",
    ]
    assert [o.id for o in BANK.options("context.smm_runner")] == [
        "owner",
        "employee",
        "freelancer",
        "agency",
    ]


def test_context_questions_are_not_questions_of_any_dimension() -> None:
    scored = {q.id for d in DIMENSIONS for q in BANK.questions_of(d)}

    assert not {q.id for q in BANK.context} & scored
    assert not {q.id for q in BANK.context} & {q.id for q in BANK.questions}
    assert all(not q.scored for q in BANK.context)
    assert all(o.value is None for q in BANK.context for o in BANK.options(q.id))


def test_context_answers_alone_score_no_dimension() -> None:
    answers = parse_answers(
        BANK, {"answers": {"context.smm_duration": "under_3_months", "context.smm_runner": "owner"}}
    )

    card = build_scorecard(answers)

    assert answers.choices["context.smm_runner"] == "owner"
    assert set(card.dimensions) == set(DIMENSIONS)
    assert all(s.score is None and s.answered == 0 for s in card.dimensions.values())


def test_context_answers_do_not_change_any_score() -> None:
    choices = {"goals.numeric_kpis": "yes", "content.regular_posting": "partly"}
    with_context = {**choices, "context.smm_duration": "dont_know", "context.smm_runner": "agency"}

    plain = build_scorecard(parse_answers(BANK, {"answers": choices}))
    framed = build_scorecard(parse_answers(BANK, {"answers": with_context}))

    assert {d: s.score for d, s in plain.dimensions.items()} == {
        d: s.score for d, s in framed.dimensions.items()
    }
    assert {d: s.dont_know for d, s in framed.dimensions.items()} == dict.fromkeys(DIMENSIONS, 0)


def test_a_context_option_with_a_value_is_rejected() -> None:
    data = bank_data()
    data["context"][0]["option"][0]["value"] = 1.0

    with pytest.raises(
        DataFileError, match=re.escape("context «context.smm_duration» option «under_3_months»")
    ):
        parse_bank(data)


def test_a_context_id_outside_context_is_rejected() -> None:
    data = bank_data()
    data["context"][0]["id"] = "goals.duration"

    with pytest.raises(DataFileError, match=re.escape("the id must start with «context.»")):
        parse_bank(data)


# ---------------------------------------------------------------- skips


def test_no_giveaways_skips_the_question_on_giveaway_entrants() -> None:
    never = {"growth.giveaways": "never"}

    assert "growth.giveaway_winners_stay" in BANK.skipped(never)
    assert "growth.giveaway_winners_stay" not in BANK.skipped({"growth.giveaways": "sometimes"})
    assert "growth.giveaway_winners_stay" not in BANK.skipped({})
    assert "growth.giveaway_winners_stay" not in {q.id for q in BANK.to_ask("growth", never)}


def test_an_answer_to_a_skipped_question_is_dropped_not_scored() -> None:
    raw = {"answers": {"growth.giveaways": "never", "growth.giveaway_winners_stay": "almost_none"}}

    answers = parse_answers(BANK, raw)

    assert answers.choices == {"growth.giveaways": "never"}
    growth = build_scorecard(answers).dimensions["growth"]
    assert growth.score == pytest.approx(100.0)  # «never» is the best answer; nothing else counts


def test_a_skipped_question_is_neither_unanswered_nor_dont_know() -> None:
    asked = BANK.questions_of("growth")
    choices = {q.id: "dont_know" for q in asked if q.id != "growth.giveaway_winners_stay"}
    choices["growth.giveaways"] = "never"

    growth = build_scorecard(parse_answers(BANK, {"answers": choices})).dimensions["growth"]

    assert growth.unanswered == 0
    assert growth.dont_know == len(asked) - 2


def test_progress_counts_the_questions_asked_context_included() -> None:
    choices = {"context.smm_runner": "agency", "growth.giveaways": "never"}

    answered, asked = BANK.progress(choices)

    assert answered == 2
    assert asked == len(BANK.questions) + len(BANK.context) - 1
    assert not BANK.complete(choices)


def test_a_question_skipped_by_a_later_question_is_rejected() -> None:
    data = bank_data()
    question(data, "growth.giveaways")["skip_when"] = [
        {"question": "growth.giveaway_winners_stay", "options": ["few"]}
    ]

    with pytest.raises(
        DataFileError,
        match=re.escape("«growth.giveaway_winners_stay» is not a question asked before it"),
    ):
        parse_bank(data)


def test_a_skip_on_an_option_the_question_lacks_is_rejected() -> None:
    data = bank_data()
    question(data, "growth.giveaway_winners_stay")["skip_when"] = [
        {"question": "growth.giveaways", "options": ["weekly"]}
    ]

    with pytest.raises(DataFileError, match=re.escape("«growth.giveaways» has no option weekly")):
        parse_bank(data)
