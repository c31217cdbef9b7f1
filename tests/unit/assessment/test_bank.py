"""The question bank: its content, the loader's rejections, and parsing a respondent's answers."""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any

import pytest

from smm_logic.assessment.bank import (
    DIMENSIONS,
    DONT_KNOW,
    AnswersError,
    DataFileError,
    current_choices,
    load_bank,
    parse_answers,
    parse_bank,
)
from smm_logic.assessment.scorecard import build_scorecard
from smm_logic.text import load_data_file

Data = dict[str, Any]


def bank_data() -> Data:
    """A fresh, mutable copy of the shipped questions.toml."""
    return copy.deepcopy(load_data_file("questions.toml"))


def question(data: Data, question_id: str) -> Data:
    record: Data = next(q for q in data["question"] if q["id"] == question_id)
    return record


def rejection(change: Callable[[Data], None]) -> str:
    data = bank_data()
    change(data)
    with pytest.raises(DataFileError) as caught:
        parse_bank(data)
    return str(caught.value)


# ---------------------------------------------------------------- the shipped bank


def test_the_bank_has_every_dimension_and_30_to_45_questions() -> None:
    bank = load_bank()

    assert tuple(d.id for d in bank.dimensions) == DIMENSIONS
    assert 30 <= len(bank.questions) <= 45
    for dimension in DIMENSIONS:
        assert len(bank.questions_of(dimension)) >= 3, dimension


def test_questions_of_a_dimension_come_in_their_order() -> None:
    bank = load_bank()

    for dimension in DIMENSIONS:
        orders = [q.order for q in bank.questions_of(dimension)]
        assert orders == sorted(orders)


def test_every_scale_has_a_dont_know_option_without_a_value_and_values_in_0_1() -> None:
    for scale in load_bank().scales.values():
        values = {o.id: o.value for o in scale.options}

        assert values[DONT_KNOW] is None
        assert all(0 <= v <= 1 for k, v in values.items() if k != DONT_KNOW and v is not None)
        assert max(v for v in values.values() if v is not None) == 1.0


def test_every_question_reads_in_both_languages_and_says_why_it_matters() -> None:
    bank = load_bank()

    for q in bank.questions:
        assert (
            q.text.render("ru") != q.text.render("en") and q.why.render("ru") and q.why.render("en")
        ), q.id
        assert q.id.startswith(q.dimension + "."), q.id
        assert bank.options(q.id), q.id


def test_options_and_questions_are_found_by_id() -> None:
    bank = load_bank()

    assert bank.question("communication.reply_speed").scale == "reply_speed"
    assert bank.option("communication.reply_speed", "within_hour") is not None
    assert bank.option("communication.reply_speed", "yes") is None


# ---------------------------------------------------------------- the loader's rejections


def test_a_duplicate_question_id_is_rejected_naming_it() -> None:
    def duplicate(data: Data) -> None:
        copy_ = copy.deepcopy(question(data, "goals.numeric_kpis"))
        copy_["order"] = 99
        data["question"].append(copy_)

    message = rejection(duplicate)

    assert "questions.toml" in message
    assert "duplicate question id «goals.numeric_kpis»" in message


def test_a_duplicate_option_id_within_a_scale_is_rejected() -> None:
    def duplicate(data: Data) -> None:
        scale = next(s for s in data["scale"] if s["id"] == "share")
        scale["option"].append(copy.deepcopy(scale["option"][0]))

    message = rejection(duplicate)

    assert "scale «share» option «almost_all»" in message
    assert "duplicate option id" in message


def test_a_duplicate_dimension_is_rejected() -> None:
    message = rejection(lambda data: data["dimension"].append(copy.deepcopy(data["dimension"][0])))

    assert "duplicate dimension id «goals»" in message


MISSING_TRANSLATIONS = [
    ("question", "product.repeat_buyers", "why_en", "question «product.repeat_buyers»"),
    ("question", "growth.real_people", "text_ru", "question «growth.real_people»"),
    ("dimension", "content", "about_ru", "dimension «content»"),
    ("option", "partly", "text_en", "scale «yes_partly_no» option «partly»"),
]


def blank(data: Data, kind: str, record_id: str, field: str) -> None:
    """Blank one text of a question, a dimension or an option of the first scale."""
    if kind == "question":
        question(data, record_id)[field] = "  "
    elif kind == "dimension":
        next(d for d in data["dimension"] if d["id"] == record_id).pop(field)
    else:
        next(o for o in data["scale"][0]["option"] if o["id"] == record_id).pop(field)


@pytest.mark.parametrize(("kind", "record_id", "field", "record"), MISSING_TRANSLATIONS)
def test_a_missing_translation_is_rejected_naming_the_record_and_field(
    kind: str, record_id: str, field: str, record: str
) -> None:
    message = rejection(lambda data: blank(data, kind, record_id, field))

    assert record in message
    assert f"the translation {field} is missing" in message


def test_an_unknown_scale_is_rejected_naming_the_question() -> None:
    message = rejection(lambda d: question(d, "content.own_photos").update(scale="stars"))

    assert "question «content.own_photos»: unknown scale «stars»" in message


def test_an_unknown_dimension_of_a_question_is_rejected() -> None:
    message = rejection(lambda d: question(d, "traffic.path_to_buy").update(dimension="sales"))

    assert "question «traffic.path_to_buy»: unknown dimension «sales»" in message


def test_a_dimension_outside_the_eight_is_rejected() -> None:
    message = rejection(lambda d: d["dimension"][0].update(id="sales"))

    assert "dimension «sales»: unknown dimension" in message


def test_a_missing_dimension_is_rejected() -> None:
    message = rejection(lambda d: d["dimension"].pop())

    assert "the dimension partnership is missing" in message


@pytest.mark.parametrize("value", [1.5, -0.1, 2])
def test_an_option_value_outside_0_1_is_rejected(value: float) -> None:
    message = rejection(
        lambda d: next(s for s in d["scale"] if s["id"] == "share")["option"][2].update(value=value)
    )

    assert "scale «share» option «about_half»" in message
    assert f"value {value} is outside [0, 1]" in message


def test_an_option_other_than_dont_know_must_have_a_value() -> None:
    message = rejection(lambda d: d["scale"][0]["option"][0].pop("value"))

    assert "scale «yes_partly_no» option «yes»" in message


def test_a_scale_without_dont_know_is_rejected() -> None:
    message = rejection(lambda d: d["scale"][0]["option"].pop())

    assert "scale «yes_partly_no»: the option «dont_know» is missing" in message


def test_a_question_id_must_start_with_its_dimension() -> None:
    message = rejection(lambda d: question(d, "goals.plan_review").update(dimension="analytics"))

    assert "question «goals.plan_review»: the id must start with its dimension" in message


def test_a_weight_must_be_positive() -> None:
    message = rejection(lambda d: question(d, "goals.plan_review").update(weight=0))

    assert "question «goals.plan_review»: weight 0 must be above 0" in message


# ---------------------------------------------------------------- answers


def test_answers_with_known_ids_are_kept_and_nulls_mean_unanswered() -> None:
    raw = {
        "respondent": "smm",
        "answers": {"goals.numeric_kpis": "yes", "product.repeat_buyers": None},
    }

    answers = parse_answers(load_bank(), raw)

    assert answers.respondent == "smm"
    assert answers.choices == {"goals.numeric_kpis": "yes"}


def test_a_missing_respondent_means_the_owner() -> None:
    answers = parse_answers(load_bank(), {"answers": {}})

    assert answers.respondent == "owner"


def test_unknown_question_and_option_ids_are_rejected_together_and_named() -> None:
    raw = {
        "respondent": "owner",
        "answers": {
            "goals.numeric_kpis": "maybe",
            "sales.calls": "yes",
            "content.own_photos": "almost_all",
        },
    }

    with pytest.raises(AnswersError) as caught:
        parse_answers(load_bank(), raw)

    assert caught.value.unknown_questions == ("sales.calls",)
    assert caught.value.unknown_options == ("goals.numeric_kpis=maybe",)
    assert "sales.calls" in str(caught.value) and "goals.numeric_kpis=maybe" in str(caught.value)


def test_an_unknown_respondent_is_rejected() -> None:
    with pytest.raises(AnswersError, match="respondent «boss»"):
        parse_answers(load_bank(), {"respondent": "boss", "answers": {}})


# ---------------------------------------------------------------- versions


# Answers as version 1 saved them: two questions merged since, a report question folded into
# another, the tracking question replaced, and the old option ids of bought followers.
VERSION_1_ANSWERS = {
    "communication.negative_reply_speed": "within_hour",
    "communication.negative_kept": "yes",
    "analytics.report_shows_results": "no",
    "traffic.tracking": "yes",
    "growth.bought_followers": "long_ago",
    "goals.numeric_kpis": "yes",
}


def test_the_bank_is_version_2_and_lists_what_it_retired() -> None:
    bank = load_bank()

    assert bank.version == 2
    retired = {r.id: r.merged_into for r in bank.retired_questions}
    assert retired == {
        "communication.negative_reply_speed": "communication.reply_speed",
        "communication.negative_kept": "communication.negative_answered",
        "analytics.report_shows_results": "analytics.regular_report",
        "traffic.tracking": "traffic.leads_recorded",
    }
    mapped = {(r.question, r.id): r.maps_to for r in bank.retired_options}
    assert mapped == {
        ("growth.bought_followers", "long_ago"): "over_a_year_ago",
        ("growth.bought_followers", "recently"): "within_a_year",
    }


def test_answers_saved_under_version_1_load_without_an_error_in_the_current_ids() -> None:
    answers = parse_answers(load_bank(), {"version": 1, "answers": VERSION_1_ANSWERS})

    assert answers.choices == {
        "growth.bought_followers": "over_a_year_ago",
        "goals.numeric_kpis": "yes",
    }


def test_answers_saved_under_version_1_score_as_their_current_answers() -> None:
    old = parse_answers(load_bank(), {"answers": VERSION_1_ANSWERS})
    new = parse_answers(
        load_bank(),
        {"answers": {"growth.bought_followers": "over_a_year_ago", "goals.numeric_kpis": "yes"}},
    )

    old_card, new_card = build_scorecard(old), build_scorecard(new)

    # Bought followers more than a year ago is worth 0.6: the growth dimension scores 60.
    assert old_card.dimensions["growth"].score == pytest.approx(60.0)
    assert {d: s.score for d, s in old_card.dimensions.items()} == {
        d: s.score for d, s in new_card.dimensions.items()
    }
    assert old_card.dimensions["communication"].answered == 0


def test_an_old_recently_bought_answer_is_bought_within_the_year() -> None:
    answers = parse_answers(load_bank(), {"answers": {"growth.bought_followers": "recently"}})

    assert answers.choices == {"growth.bought_followers": "within_a_year"}


def test_ids_no_version_ever_had_are_still_rejected_in_old_answers() -> None:
    raw = {"version": 1, "answers": {"growth.bought_followers": "often", "sales.calls": "yes"}}

    with pytest.raises(AnswersError) as caught:
        parse_answers(load_bank(), raw)

    assert caught.value.unknown_questions == ("sales.calls",)
    assert caught.value.unknown_options == ("growth.bought_followers=often",)


@pytest.mark.parametrize("version", [3, 0, "2"])
def test_answers_of_a_version_this_bank_cannot_read_are_rejected(version: object) -> None:
    with pytest.raises(AnswersError, match="version"):
        parse_answers(load_bank(), {"version": version, "answers": {}})


def test_current_choices_map_old_answers_and_leave_out_what_is_unknown() -> None:
    saved = {**VERSION_1_ANSWERS, "sales.calls": "yes", "goals.plan_review": "weekly"}

    assert current_choices(load_bank(), saved) == {
        "growth.bought_followers": "over_a_year_ago",
        "goals.numeric_kpis": "yes",
    }


def test_a_retired_id_that_is_still_a_question_is_rejected() -> None:
    message = rejection(
        lambda d: d["retired_question"].append({"id": "goals.plan_review", "since": 2})
    )

    assert (
        "retired_question «goals.plan_review»: a retired id cannot be a current question" in message
    )


def test_a_retired_option_must_map_to_an_option_the_question_has() -> None:
    def bad_target(data: Data) -> None:
        data["retired_option"][0]["maps_to"] = "last_week"

    message = rejection(bad_target)

    assert "retired_option «growth.bought_followers=long_ago»" in message
    assert "no option «last_week»" in message


def test_a_question_merged_into_a_question_that_does_not_exist_is_rejected() -> None:
    message = rejection(lambda d: d["retired_question"][0].update(merged_into="communication.gone"))

    assert "merged_into: unknown question «communication.gone»" in message


# ---------------------------------------------------------------- merges


def test_no_two_current_questions_ask_what_a_merge_put_together() -> None:
    bank = load_bank()
    current = {q.id for q in bank.every_question()}

    for retired in bank.retired_questions:
        assert retired.id not in current, retired.id
        assert retired.merged_into in current, retired.id
    # ids.md: one reply-speed question, one on negatives, one on reports.
    assert [q.id for q in bank.questions if q.scale == "reply_speed"] == [
        "communication.reply_speed"
    ]
    negatives = [q.id for q in bank.questions_of("communication") if "negative" in q.id]
    assert negatives == ["communication.negative_answered"]
    reports = [q.id for q in bank.questions_of("analytics") if "report" in q.id]
    assert reports == ["analytics.regular_report"]
