"""The three signals on the synthetic rules: from the answers, from the figures, or both."""

from __future__ import annotations

import pytest

from smm_logic.assessment.scorecard import Scorecard
from smm_logic.assessment.signals import Signal
from tests.unit.assessment.synthetic import only, profile, scorecard


def signals(card: Scorecard) -> dict[str, Signal]:
    return {signal.id: signal for signal in card.signals}


def test_the_three_signals_come_from_the_answers_without_a_report() -> None:
    found = signals(scorecard(profile(1.0, growth=0.0)))

    assert list(found) == ["organic_growth", "live_discussion", "negative_handling"]
    assert (found["organic_growth"].status, found["organic_growth"].answer_score) == ("weak", 0)
    assert (found["live_discussion"].status, found["live_discussion"].answer_score) == (
        "good",
        100,
    )
    assert found["negative_handling"].kpi is None
    assert found["organic_growth"].message.key == "scorecard.signal.organic_growth.weak"


def test_signals_use_the_figures_when_there_are_no_answers() -> None:
    kpis = {"follower_growth_pct": 0.5, "talk_rate_pct": 0.4, "response_time_median_h": 2.0}

    found = signals(scorecard(None, kpis))

    # growth 40 × 0.5 / 1 = 20 (weak); reply 70 + 30 × 1 / 3 = 80 (good).
    assert (found["organic_growth"].status, found["organic_growth"].kpi) == (
        "weak",
        "follower_growth_pct",
    )
    assert found["organic_growth"].kpi_value == 0.5
    assert found["negative_handling"].status == "good"
    # The talk rate has no band and no target: measured and shown, but not judged.
    assert (found["live_discussion"].status, found["live_discussion"].kpi_value) == ("unknown", 0.4)
    assert found["live_discussion"].message.key == "scorecard.signal.unjudged"


@pytest.mark.parametrize(
    ("kpis", "status"),
    [
        (None, "weak"),  # the answer alone: 50, below 55
        ({"follower_growth_pct": 3.0}, "good"),  # 0.25 × 50 + 0.75 × 70 = 65
    ],
)
def test_answers_and_figures_combine_by_the_rules_weights(
    kpis: dict[str, float] | None, status: str
) -> None:
    found = signals(scorecard(only({"growth.organic": "partly"}), kpis))

    assert found["organic_growth"].status == status


def test_with_neither_answers_nor_figures_every_signal_is_unknown() -> None:
    found = signals(scorecard())

    assert [s.status for s in found.values()] == ["unknown"] * 3
    assert found["negative_handling"].message.key == "scorecard.signal.negative_handling.unknown"
