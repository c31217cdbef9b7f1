"""The Scorecard put together, on the synthetic data: the verdict sentence for each
diagnosis, and that each part comes from the answers, figures and rules given."""

from __future__ import annotations

from datetime import date

import pytest

from smm_logic.assessment.bank import Answers
from smm_logic.kpis.periods import Period, span_days
from smm_logic.text import LANGUAGES
from tests.unit.assessment.synthetic import (
    RULES,
    only,
    profile,
    scorecard,
    with_choices,
)

NO_KPIS = {"goals.kpis": "no"}


def test_good_answers_everywhere_give_the_effective_verdict() -> None:
    card = scorecard(profile(1.0))

    assert card.verdict("en") == (
        "Your SMM is effective (100 of 100, level Four); the weakest link is Goals."
    )
    assert card.verdict("ru") == (
        "Ваш SMM эффективен (100 из 100, уровень «Четыре»); слабее всего — «Цели»."
    )


def test_the_no_kpis_verdict_gives_the_weighted_overall_and_its_level() -> None:
    card = scorecard(with_choices(profile(1.0), NO_KPIS))

    goals = (1 * 0.0 + 2 * 1.0) / 3 * 100  # goals.kpis no, goals.plan yes (weight 2)
    overall = (goals + 2 * 100 + 4 * 100) / 7  # product weighs 2; four more dimensions at 100
    assert round(overall) == 95
    assert card.overall == pytest.approx(overall)
    # Goals 67 is level Three: one step above it is Four, so the weakest link allows Four.
    assert card.verdict("en") == (
        "SMM's effectiveness cannot be judged yet: the company has no concrete goals "
        "in numbers (95 of 100, level Four)."
    )


def test_the_smm_problem_verdict_names_the_weakest_smm_dimension() -> None:
    card = scorecard(profile(1.0, communication=0.0))

    # communication (2 × 0 + 0.2) / 3 = 6.7; overall (100 + 200 + 100 + 6.7 + 100 + 100) / 7
    # = 87 would be level Four, but communication's own level is Zero: one step above is One.
    assert card.verdict("en") == (
        "The weak point is the SMM work itself, above all Communication; "
        "overall 87 of 100, level One."
    )
    assert card.level_note is not None
    assert card.level_note.render("en") == (
        "One: Means level one. The overall score alone would give Four, but the level is never "
        "more than one step above the weakest link, and Communication is only 7. Lift "
        "Communication to 20 points to reach Two."
    )


@pytest.mark.parametrize(
    ("answers", "key"),
    [
        (profile(1.0, product=0.0), "product_problem"),
        (with_choices(profile(1.0, growth=0.0), NO_KPIS), "no_kpis_smm_problem"),
        (with_choices(profile(1.0, product=0.0), NO_KPIS), "no_kpis_product_problem"),
        (profile(None, content=1.0), "partial"),
        (None, "nothing"),
    ],
)
def test_each_diagnosis_and_combination_has_its_verdict(answers: Answers | None, key: str) -> None:
    card = scorecard(answers)

    assert card.verdict_message.key == f"scorecard.verdict.{key}"


def test_the_product_problem_verdict_reads_in_both_languages() -> None:
    card = scorecard(profile(1.0, product=0.0))

    # product 0 weighs 2: (0 + 5 × 100) / 7 = 71.4 would be level Three (from 60); product's
    # own level is Zero, so the level is One.
    assert card.verdict("en") == (
        "The SMM works fine, but the product itself is weak, and more money for SMM will not "
        "help (71 of 100, level One)."
    )
    assert card.verdict("ru").startswith("SMM работает нормально, но слаб сам продукт")


def test_a_diagnosis_without_an_overall_score_says_there_is_none_yet() -> None:
    card = scorecard(None, {"ctr_pct": 2.0})  # a report, but nothing it measures is scored

    assert card.overall is None and card.level is None
    # Nobody answered about goals: the verdict does not say the company has none.
    assert card.verdict("en") == (
        "SMM's effectiveness cannot be judged yet: no targets are set and nobody has answered "
        "the questions about goals, so the figures can only be compared with industry "
        "benchmarks (no overall score yet)."
    )
    assert "no concrete goals" not in " ".join(f.message.render("en") for f in card.diagnosis)


def test_nothing_at_all_gives_an_empty_scorecard() -> None:
    card = scorecard()

    assert (card.overall, card.level, card.weakest) == (None, None, None)
    assert card.diagnosis == () and card.contradictions == () and card.recommendations == ()
    assert card.suggested_targets == ()
    assert card.verdict("ru").startswith("Оценивать пока нечего")


@pytest.mark.parametrize(
    "answers",
    [profile(1.0), profile(1.0, product=0.0), profile(0.0), profile(None, content=1.0), None],
)
def test_the_verdict_is_one_sentence_in_each_language(answers: Answers | None) -> None:
    card = scorecard(answers)

    for lang in LANGUAGES:
        verdict = card.verdict(lang)
        assert verdict.endswith(".")
        assert ". " not in verdict[:-1]


def test_the_parts_come_from_the_answers_figures_and_rules_given() -> None:
    answers = only({"communication.reply_speed": "within_hour", "growth.organic": "no"})

    card = scorecard(answers, {"response_time_median_h": 9.0})

    assert card.dimensions["communication"].data_score == pytest.approx(50)  # 40 + 30 × 3 / 9
    assert [c.kpi for c in card.contradictions] == ["response_time_median_h"]
    assert [s.status for s in card.signals] == ["weak", "unknown", "good"]
    assert len(card.recommendations) <= RULES.max_recommendations


def test_the_period_of_a_report_counts_from_its_first_to_its_last_day() -> None:
    assert span_days(Period(date(2026, 6, 1), date(2026, 8, 23))) == 83
    assert span_days(Period(date(2026, 6, 1), date(2026, 6, 1))) is None
    assert span_days(None) is None
