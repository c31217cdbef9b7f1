"""Respondents side by side (synthetic bank: yes 1 · partly 0.5 · no 0 and within_hour 1 ·
same_day 0.6 · days_later 0.2, both with dont_know): the differences a workshop talks about
first, the roles in order, missing and "don't know" answers kept apart from gaps."""

from __future__ import annotations

import pytest

from smm_logic.assessment.bank import load_bank
from smm_logic.assessment.respondents import (
    Agreement,
    RespondentAnswers,
    compare_question,
    compare_respondents,
    scale_steps,
)
from smm_logic.assessment.rules import scoring_rules
from tests.unit.assessment.synthetic import BANK, RULES


def person(key: str, role: str, **choices: str) -> RespondentAnswers:
    """A respondent; question ids are written with ``__`` for the dot."""
    return RespondentAnswers(
        key, key.title(), role, {q.replace("__", "."): o for q, o in choices.items()}
    )


def agreement_of(comparison, question: str) -> Agreement:
    return next(q.agreement for q in comparison.questions if q.question == question)


def test_steps_follow_the_values_of_the_scale_not_its_ids() -> None:
    assert scale_steps(BANK, "goals.kpis") == {"no": 0, "partly": 1, "yes": 2}
    assert scale_steps(BANK, "communication.reply_speed") == {
        "days_later": 0,
        "same_day": 1,
        "within_hour": 2,
    }


def test_answers_two_steps_apart_are_listed_first_and_one_step_apart_are_not_differences() -> None:
    owner = person("olga", "owner", goals__kpis="yes", goals__plan="partly", product__repeat="yes")
    smm = person("sam", "smm", goals__kpis="no", goals__plan="yes", product__repeat="yes")
    comparison = compare_respondents(BANK, RULES, [smm, owner])

    assert [q.question for q in comparison.differences()] == ["goals.kpis"]
    assert comparison.questions[0].question == "goals.kpis"
    assert comparison.questions[0].spread == 2
    assert agreement_of(comparison, "goals.plan") == Agreement.CLOSE
    assert agreement_of(comparison, "product.repeat") == Agreement.SAME


def test_the_widest_gap_comes_first_among_differences() -> None:
    bank = load_bank()  # product.repeat_buyers is on a five-step scale, goals.written_plan on three
    owner = RespondentAnswers(
        "olga", "Olga", "owner", {"goals.written_plan": "yes", "product.repeat_buyers": "most"}
    )
    smm = RespondentAnswers(
        "sam", "Sam", "smm", {"goals.written_plan": "no", "product.repeat_buyers": "almost_none"}
    )
    comparison = compare_respondents(bank, scoring_rules(), [owner, smm])
    assert [(q.question, q.spread) for q in comparison.differences()] == [
        ("product.repeat_buyers", 3),
        ("goals.written_plan", 2),
    ]


def test_a_gap_counts_between_any_two_of_three_respondents() -> None:
    owner = person("olga", "owner", goals__kpis="yes")
    smm = person("sam", "smm", goals__kpis="partly")
    sales = person("sveta", "sales", goals__kpis="no")
    comparison = compare_respondents(BANK, RULES, [sales, smm, owner])
    first = comparison.questions[0]
    assert first.question == "goals.kpis"
    assert first.spread == 2
    assert [a.respondent for a in first.answers] == ["olga", "sam", "sveta"]


def test_respondents_are_ordered_owner_then_smm_specialist_then_sales_then_others() -> None:
    people = [
        person("zed", "other"),
        person("sveta", "sales"),
        person("sam", "smm"),
        person("olga", "owner"),
    ]
    comparison = compare_respondents(BANK, RULES, people)
    assert [r.role for r in comparison.respondents] == ["owner", "smm", "sales", "other"]


def test_each_dimension_is_scored_for_each_respondent_from_their_answers_alone() -> None:
    owner = person("olga", "owner", goals__kpis="yes", goals__plan="yes")
    smm = person("sam", "smm", goals__kpis="no", goals__plan="partly")  # (0×1 + 0.5×2) / 3
    comparison = compare_respondents(BANK, RULES, [owner, smm])
    assert comparison.scores["goals"]["olga"] == pytest.approx(100.0)
    assert comparison.scores["goals"]["sam"] == pytest.approx(100 / 3)
    # a dimension nobody answered has no score for anyone
    assert comparison.scores["traffic"] == {"olga": None, "sam": None}


def test_a_missing_answer_is_compared_among_the_others_only_and_never_makes_a_gap() -> None:
    owner = person("olga", "owner", goals__kpis="yes")
    smm = person("sam", "smm")  # did not answer
    sales = person("sveta", "sales", goals__kpis="partly")
    comparison = compare_respondents(BANK, RULES, [owner, smm, sales])
    kpis = next(q for q in comparison.questions if q.question == "goals.kpis")
    assert kpis.agreement == Agreement.CLOSE
    assert kpis.answers[1].option is None and kpis.answers[1].step is None
    # a question only one respondent answered has nothing to compare
    alone = compare_respondents(BANK, RULES, [owner, smm])
    assert agreement_of(alone, "goals.kpis") == Agreement.TOO_FEW
    assert alone.differences() == ()


def test_dont_know_against_an_answer_is_its_own_finding_after_the_gaps() -> None:
    owner = person("olga", "owner", goals__kpis="dont_know", product__repeat="yes")
    smm = person("sam", "smm", goals__kpis="yes", product__repeat="no")
    comparison = compare_respondents(BANK, RULES, [owner, smm])
    assert agreement_of(comparison, "goals.kpis") == Agreement.KNOWN_BY_SOME
    assert [q.question for q in comparison.questions[:2]] == ["product.repeat", "goals.kpis"]
    kpis = next(q for q in comparison.questions if q.question == "goals.kpis")
    assert kpis.spread is None  # "don't know" has no step


def test_everyone_not_knowing_is_agreement_not_a_gap() -> None:
    owner = person("olga", "owner", goals__kpis="dont_know")
    smm = person("sam", "smm", goals__kpis="dont_know")
    assert agreement_of(compare_respondents(BANK, RULES, [owner, smm]), "goals.kpis") == (
        Agreement.SAME
    )


def test_a_question_the_respondents_own_answers_skip_is_not_asked_of_them() -> None:
    bank = load_bank()  # goals.goals_known is skipped when the owner runs the SMM
    question = bank.question("goals.goals_known")
    owner = RespondentAnswers(
        "olga", "Olga", "owner", {"context.smm_runner": "owner", "goals.goals_known": "no"}
    )
    smm = RespondentAnswers("sam", "Sam", "smm", {"goals.goals_known": "yes"})
    compared = compare_question(bank, question, [owner, smm])
    assert not compared.answers[0].asked
    assert compared.answers[0].option is None
    assert compared.agreement == Agreement.TOO_FEW
    full = compare_respondents(bank, scoring_rules(), [owner, smm])
    assert all(q.question != "goals.goals_known" for q in full.differences())
