"""The diagnosis rules on the synthetic rules: no KPIs (and the goals it suggests), an SMM
problem, a product problem, effective SMM — alone and together."""

from __future__ import annotations

import dataclasses

import pytest

from smm_logic.assessment.diagnosis import SuggestedTarget, diagnose
from smm_logic.assessment.scorecard import Scorecard
from tests.unit.assessment.synthetic import (
    RULES,
    only,
    profile,
    scorecard,
    scored,
    with_choices,
)

NO_KPIS = {"goals.kpis": "no"}


def finding(card: Scorecard, code: str) -> str:
    return next(f.message.render("en") for f in card.diagnosis if f.code == code)


def test_a_profile_good_everywhere_is_effective() -> None:
    card = scorecard(profile(1.0))

    assert card.codes == ("effective",)
    assert card.diagnosis[0].dimensions == ("content", "communication", "growth")
    assert card.diagnosis[0].message.params == {"smm_score": "100"}


# ---------------------------------------------------------------- no KPIs


def test_no_goals_in_numbers_is_no_kpis_with_suggested_goals() -> None:
    card = scorecard(with_choices(profile(1.0), NO_KPIS))

    assert card.codes == ("no_kpis",)
    assert card.diagnosis[0].dimensions == ("goals",)
    assert card.diagnosis[0].message.key == "scorecard.diagnosis.no_kpis_missing"
    # Two suggestions (the rules' limit). The reply time is a standard: its target is the good
    # bound, 3 h, whatever the answer implies. The answers imply growth of at least 1 % a month
    # (a quarter of the way to 3 %: 1.5); ER has only its benchmark, so it comes last and is cut.
    assert card.suggested_targets == (
        SuggestedTarget("response_time_median_h", 3.0, "lower", False, "answer"),
        SuggestedTarget("follower_growth_pct", 1.5, "higher", True, "answer"),
    )
    assert finding(card, "no_kpis").endswith(
        "Start with these goals: Response time (median) at most 3.0\u00a0h; "
        "Follower growth at least 1.5% a month."
    )
    assert "не выше 3,0\u00a0ч" in card.diagnosis[0].message.render("ru")


@pytest.mark.parametrize("answer", ["partly", "dont_know"])
def test_an_answer_below_the_bar_or_dont_know_is_no_kpis_too(answer: str) -> None:
    card = scorecard(with_choices(profile(1.0), {"goals.kpis": answer}))

    assert card.codes == ("no_kpis",)  # partly is 0.5, below the rules' 0.6


def test_starting_targets_close_the_rules_share_of_the_gap_from_the_measured_value() -> None:
    kpis = {"er_followers_pct": 1.0, "response_time_median_h": 20.0}

    card = scorecard(with_choices(profile(1.0), NO_KPIS), kpis)

    # Measured values come first: ER 1 + (4 − 1) / 4 = 1.75 is still weak, so the target is
    # the weak bound 2; the reply time is a standard: the good bound 3 h, not 20 + (3 − 20) / 4.
    assert card.suggested_targets == (
        SuggestedTarget("er_followers_pct", 2.0, "higher", False, "measured"),
        SuggestedTarget("response_time_median_h", 3.0, "lower", False, "measured"),
    )


def test_a_starting_target_never_asks_for_a_decline() -> None:
    # Followers falling 2 % a month: a quarter of the way to 3 % would be −0.75 % a month.
    card = scorecard(with_choices(profile(1.0), NO_KPIS), {"follower_growth_pct": -2.0})

    growth = next(s for s in card.suggested_targets if s.kpi == "follower_growth_pct")
    assert growth.target == 1.0  # the band's weak bound, not a negative growth target
    assert "Follower growth at least 1.0% a month" in finding(card, "no_kpis")


def test_without_any_band_there_is_nothing_to_suggest() -> None:
    card = scorecard(with_choices(profile(1.0), NO_KPIS), bands={})

    assert card.suggested_targets == ()
    assert card.diagnosis[0].message.params["start"].key == "scorecard.diagnosis.start_plain"


def test_targets_set_on_the_numbers_page_count_as_kpis() -> None:
    card = scorecard(
        with_choices(profile(1.0), NO_KPIS), {"er_followers_pct": 5.0}, {"er_followers_pct": 4.0}
    )

    assert card.codes == ("effective",)


def test_weak_goals_give_no_kpis_even_when_goals_in_numbers_are_answered() -> None:
    answers = only({**profile(1.0).choices, "goals.kpis": "yes", "goals.plan": "no"})

    card = scorecard(answers)

    # goals: (1 × 1 + 2 × 0) / 3 = 33, below the weak bar of 40.
    assert card.codes == ("no_kpis",)
    assert card.diagnosis[0].message.key == "scorecard.diagnosis.no_kpis_goals_weak"


def test_a_report_without_targets_and_no_answer_about_goals_is_no_kpis() -> None:
    report = {"er_followers_pct": 5.0}
    keep_quiet = dataclasses.replace(
        RULES, no_kpis=dataclasses.replace(RULES.no_kpis, report_without_targets=False)
    )

    assert scorecard(None, report).codes == ("no_kpis",)
    assert scorecard(None, report, rules=keep_quiet).codes == ()


def test_the_weakest_smm_dimensions_evidence_is_suggested_first() -> None:
    answers = with_choices(profile(1.0, communication=None, growth=0.0), NO_KPIS)

    suggested = diagnose(scored(answers))[1]

    # growth (0), then content (100); communication, unscored, would come last.
    assert [s.kpi for s in suggested] == ["follower_growth_pct", "er_followers_pct"]
    assert [s.basis for s in suggested] == ["benchmark", "benchmark"]


# ---------------------------------------------------------------- SMM and product problems


def test_a_weak_product_with_sound_smm_work_is_a_product_problem() -> None:
    card = scorecard(profile(1.0, product=0.0))

    assert card.codes == ("product_problem",)
    assert card.diagnosis[0].dimensions == ("product",)
    assert card.diagnosis[0].message.params == {"smm_score": "100", "product_score": "0"}


def test_one_weak_smm_dimension_is_an_smm_problem_naming_it_with_its_score() -> None:
    card = scorecard(profile(1.0, communication=0.0))

    # communication: comments no (0, weight 2), replies days later (0.2, weight 1) → 7.
    assert card.codes == ("smm_problem",)
    assert card.diagnosis[0].dimensions == ("communication",)
    assert "The weak point is the SMM work itself: Communication — 7." in finding(
        card, "smm_problem"
    )


def test_middling_smm_work_names_every_dimension_below_the_sound_bar_weakest_first() -> None:
    card = scorecard(profile(1.0, content=0.5, communication=0.5, growth=0.5))

    # content 50, communication (2 × 0.5 + 0.6) / 3 = 53, growth 50: average 51 < 65.
    assert card.codes == ("smm_problem",)
    assert card.diagnosis[0].dimensions == ("content", "growth", "communication")


def test_only_the_smm_dimensions_below_the_sound_bar_are_named() -> None:
    card = scorecard(profile(1.0, communication=0.0, content=0.5))

    # content (0.5 + 3 × 0.5) / 4 = 50 and communication 7 are named; growth 100 is not.
    assert card.diagnosis[0].dimensions == ("communication", "content")


def test_a_weak_product_with_weak_smm_work_names_both() -> None:
    card = scorecard(profile(1.0, product=0.0, growth=0.0))

    assert card.codes == ("product_problem", "smm_problem")
    assert card.diagnosis[0].message.key == "scorecard.diagnosis.product_problem_smm_weak"
    assert card.diagnosis[0].message.params["product_score"] == "0"
    assert card.verdict("en").startswith(
        "Both the product and the SMM work itself are weak, above all Growth"
    )


def test_no_kpis_and_an_smm_problem_apply_together() -> None:
    card = scorecard(with_choices(profile(1.0, growth=0.0), NO_KPIS))

    assert card.codes == ("no_kpis", "smm_problem")


def test_no_kpis_and_a_product_problem_apply_together() -> None:
    card = scorecard(with_choices(profile(1.0, product=0.0), NO_KPIS))

    assert card.codes == ("no_kpis", "product_problem")


def test_sound_smm_work_without_an_answer_about_goals_is_not_called_effective() -> None:
    card = scorecard(profile(None, content=1.0, communication=1.0))

    assert card.codes == ()
