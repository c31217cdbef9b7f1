"""The verdict's own rules on the synthetic data: red flags override "effective", the level
follows the weakest link, confidence falls with "don't know" and contradictions, "too early",
and a report alone claims nothing about what nobody was asked."""

from __future__ import annotations

import dataclasses
from datetime import date

import pytest

from smm_logic.assessment.scorecard import ReportScope, Scorecard
from smm_logic.assessment.verdict_rules import AnswerIs
from smm_logic.format import points, whole_points
from tests.unit.assessment.synthetic import BANK, RULES, only, profile, scorecard, with_choices

GOOD_REPORT = {"er_followers_pct": 5.0, "response_time_median_h": 1.0, "talk_rate_pct": 0.3}


# ---------------------------------------------------------------- red flags


def test_a_negative_crisis_in_the_data_overrides_rosy_answers() -> None:
    # 40 % of the comments negative; every answer the best there is, targets met.
    card = scorecard(profile(1.0), {**GOOD_REPORT, "negative_share_pct": 40.0})

    assert card.red_flag_codes == ("negative_crisis",)
    assert "effective" not in card.codes
    flag = card.red_flags[0]
    assert flag.message.render("en").startswith("40.0% of all comments are negative.")
    assert flag.action.render("en").startswith("Find what people complain about most")
    assert card.verdict("en").startswith(
        "Red flag — there is too much negative feedback: until it is dealt with, the SMM "
        "cannot be called effective"
    )
    # At most level Two while a red flag stands, whatever the score (100 would be Four).
    assert card.level is not None and card.level.id == "two"
    assert card.level_note is not None and "while a red flag stands" in card.level_note.render("en")


@pytest.mark.parametrize(("share", "flagged"), [(29.9, False), (30.0, True)])
def test_the_crisis_starts_at_the_rules_share_of_negative_comments(
    share: float, flagged: bool
) -> None:
    card = scorecard(profile(1.0), {"negative_share_pct": share})

    assert ("negative_crisis" in card.red_flag_codes) is flagged


def test_negatives_mostly_unanswered_in_the_data_are_a_red_flag() -> None:
    card = scorecard(profile(1.0), {"negative_response_rate_pct": 20.0})

    assert card.red_flag_codes == ("negative_ignored",)
    assert (
        card.red_flags[0]
        .message.render("en")
        .startswith("Only 20.0% of negative comments got an answer.")
    )
    assert "effective" not in card.codes


def test_answers_that_contradict_the_data_are_a_red_flag() -> None:
    # "We reply within the hour" against a measured median of 9 hours.
    card = scorecard(profile(1.0), {"response_time_median_h": 9.0})

    assert "answers_contradict_data" in card.red_flag_codes
    assert (
        card.red_flags[0]
        .message.render("en")
        .startswith("The answers and the report's figures disagree: 1 contradiction")
    )
    assert "effective" not in card.codes


def test_answers_that_contradict_each_other_are_a_red_flag_with_the_reason() -> None:
    # Comments under every post, yet no photos at all: the fixture's [[inconsistency]].
    answers = with_choices(profile(1.0), {"communication.comments": "yes", "content.photos": "no"})

    card = scorecard(answers)

    assert card.red_flag_codes == ("answers_contradict_answers",)
    assert [i.id for i in card.inconsistencies] == ["comments_without_photos"]
    assert card.inconsistencies[0].questions == ("communication.comments", "content.photos")
    assert "Comments, but no photos." in card.red_flags[0].message.render("en")
    assert card.confidence.level == "medium"


def test_no_red_flag_leaves_an_effective_verdict_effective() -> None:
    card = scorecard(profile(1.0))

    assert card.red_flags == () and card.codes == ("effective",)


# ---------------------------------------------------------------- the level


def test_the_level_is_never_more_than_one_step_above_the_weakest_dimension() -> None:
    # Content 50 (level Two); goals, product (weighs 2), communication, traffic and growth
    # 100: overall (100 + 200 + 50 + 4 × 100) / 7 = 92.9, level Four by the score alone.
    card = scorecard(profile(1.0, content=0.5))

    assert card.overall_points == 93
    assert card.level is not None and card.level.id == "three"  # Two + 1, not Four
    note = card.level_note
    assert note is not None and note.key == "scorecard.level.capped_weakest"
    assert note.params["lift_to"] == "60"  # content at Three lets the level reach Four


def test_without_goals_to_judge_by_the_level_is_capped_where_the_rules_say() -> None:
    rules = dataclasses.replace(
        RULES, verdict=dataclasses.replace(RULES.verdict, unjudged_level_at_most="two")
    )

    card = scorecard(with_choices(profile(1.0), {"goals.kpis": "no"}), rules=rules)

    assert card.overall_points == 95 and card.level is not None and card.level.id == "two"
    assert card.level_note is not None and card.level_note.key == "scorecard.level.capped_unjudged"
    assert scorecard(profile(1.0), rules=rules).level.id == "four"  # type: ignore[union-attr]


def test_a_half_point_rounds_up_for_both_the_verdict_and_the_level() -> None:
    assert whole_points(79.5) == 80 and points(79.5) == "80"
    assert whole_points(80.5) == 81  # not banker's rounding
    assert RULES.level_for(whole_points(79.5)).id == "four"


def test_a_weak_answer_to_a_critical_question_is_not_averaged_away() -> None:
    # communication.comments (weight 2) yes, replies days later (0.2): (2 + 0.2) / 3 = 73,
    # sound — unless the reply speed is critical, which holds communication at 30.
    critical = ("communication.reply_speed",)
    days = AnswerIs("communication.reply_speed", ("days_later",))
    rules = dataclasses.replace(RULES, critical_answers=(days,), critical_cap=30.0)
    answers = with_choices(profile(1.0), {"communication.reply_speed": "days_later"})

    plain, held = scorecard(answers), scorecard(answers, rules=rules)

    assert round(plain.dimensions["communication"].score or 0) == 73
    assert "effective" in plain.codes
    assert held.dimensions["communication"].score == 30
    assert held.dimensions["communication"].critical == critical
    assert held.codes == ("smm_problem",)
    assert held.diagnosis[0].dimensions == ("communication",)


# ---------------------------------------------------------------- both weak, too early


def test_a_weak_product_and_weak_smm_work_are_both_named() -> None:
    card = scorecard(profile(1.0, product=0.0, communication=0.0))

    assert card.codes == ("product_problem", "smm_problem")
    assert card.verdict_message.key == "scorecard.verdict.product_problem_smm_problem"


def test_too_early_is_the_verdict_with_what_to_measure_meanwhile() -> None:
    answers = with_choices(profile(1.0), {"context.smm_duration": "under_3_months"})

    card = scorecard(answers)

    assert card.codes == ("too_early",)  # never effective in the first three months
    assert card.level is not None and card.level.id == "four"  # the fixture sets no cap
    finding = card.diagnosis[0].message.render("en")
    assert "less than three months" in finding
    assert "Meanwhile measure every month: Follower growth, Talk rate per post" in finding
    assert card.verdict("en").startswith("It is too early to judge the SMM")


def test_a_longer_run_is_judged_as_usual() -> None:
    answers = with_choices(profile(1.0), {"context.smm_duration": "over_a_year"})

    assert scorecard(answers).codes == ("effective",)


# ---------------------------------------------------------------- confidence


def test_all_dont_know_is_low_confidence_and_the_first_finding() -> None:
    answers = only({question.id: "dont_know" for question in BANK.questions})

    card = scorecard(answers)

    assert card.confidence.level == "low"
    assert card.unknown_own_smm is not None
    assert card.unknown_own_smm.render("en").startswith(
        "You do not know your own SMM: 10 answers of 10 are “I don't know”."
    )
    assert card.unknown_own_smm.render("ru").startswith(
        "Вы не знаете свой SMM: 10 ответов из 10 — «Не знаю»."
    )
    assert card.verdict("en").startswith("You do not know your own SMM yet")


def test_a_third_of_dont_know_is_low_and_less_is_medium() -> None:
    ids = [question.id for question in BANK.questions]  # 10 questions
    best = profile(1.0).choices

    def card_with(dont_know: int) -> Scorecard:
        return scorecard(
            only({**best, **dict.fromkeys(ids[:dont_know], "dont_know")}),
            GOOD_REPORT,
        )

    assert card_with(4).confidence.level == "low"  # 4 of 10 ≥ a third
    assert card_with(4).unknown_own_smm is not None
    assert card_with(3).confidence.level == "medium"  # 3 of 10: from a fifth, medium
    assert card_with(3).unknown_own_smm is None
    assert card_with(0).confidence.level in {"high", "medium"}


def test_confidence_is_high_with_both_sources_and_nothing_against_them() -> None:
    card = scorecard(profile(1.0), GOOD_REPORT)

    assert card.contradictions == () and card.confidence.level == "high"
    assert card.confidence.reasons == ()


def test_two_contradictions_make_confidence_low() -> None:
    # Reply "within the hour" against 30 h, and comments "yes" without photos.
    answers = with_choices(profile(1.0), {"communication.comments": "yes", "content.photos": "no"})

    card = scorecard(answers, {**GOOD_REPORT, "response_time_median_h": 30.0})

    assert card.confidence.level == "low"
    assert card.confidence.reasons[0].render("en") == (
        "2 contradictions with the figures or between answers"
    )
    assert card.confidence.reasons[0].render("ru") == (
        "2 противоречия с цифрами или между ответами"
    )


# ---------------------------------------------------------------- report only, scope


def test_a_report_only_scorecard_says_nobody_was_asked_not_that_there_are_no_goals() -> None:
    card = scorecard(None, GOOD_REPORT)

    assert card.codes == ("no_kpis",)
    assert card.diagnosis[0].reason == "not_asked"
    said = " ".join([card.verdict("en"), *(f.message.render("en") for f in card.diagnosis)])
    assert "nobody has answered the questions about goals" in said
    assert "the company has no" not in said
    assert card.confidence.level == "medium"
    assert card.confidence.reasons[0].render("en") == "a report only, no answers"


def test_the_scope_is_named_with_its_accounts_and_period() -> None:
    scope = ReportScope((("VK", None),), date(2026, 3, 1), date(2026, 3, 31))

    assert scope.label("en") == "VK, March 1–31, 2026"
    assert scope.label("ru") == "VK, 1–31 марта 2026"


# ---------------------------------------------------------------- vague goals


@pytest.mark.parametrize("answer", ["partly", "dont_know", "no"])
def test_goals_not_clearly_in_numbers_cannot_be_judged(answer: str) -> None:
    card = scorecard(with_choices(profile(1.0), {"goals.kpis": answer}))

    assert card.codes == ("no_kpis",)
    assert "effective" not in card.codes
    assert card.suggested_targets  # a starting set of concrete KPIs with numbers
    assert all(s.target >= 0 for s in card.suggested_targets if s.direction == "higher")
