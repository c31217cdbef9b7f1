"""Contradictions on the synthetic rules: answers the measured figures do not bear out, and
dimensions whose answers and figures score far apart."""

from __future__ import annotations

import pytest

from smm_logic.format import Quantity
from smm_logic.report.ingest import read_report
from tests.builders import xlsx_bytes
from tests.kpi_oracle import report_kpis
from tests.unit.assessment.synthetic import only, profile, scorecard

FAST = {"communication.reply_speed": "within_hour"}  # implies at most 2 h


def reply_time_report(hours: list[float]) -> dict[str, float | None]:
    """The overall KPIs of a real workbook whose rows carry these response times."""
    rows: list[list[object]] = [
        ["Дата", "Подписчики", "Комментарии", "Негатив", "Отработано негатива", "Время ответа"]
    ]
    for day, value in enumerate(hours, start=1):
        rows.append([f"{day:02d}.03.2026", 1000 + day, 12, 2, 2, value])
    return report_kpis(read_report(xlsx_bytes(rows), "agency.xlsx")).overall


def test_we_reply_within_an_hour_contradicts_a_measured_median_of_9_hours() -> None:
    kpis = reply_time_report([8, 9, 10, 9, 12])

    card = scorecard(only(FAST), kpis)

    assert kpis["response_time_median_h"] == 9
    assert [(c.dimension, c.kpi) for c in card.contradictions] == [
        ("communication", "response_time_median_h")
    ]
    message = card.contradictions[0].message
    assert message.key == "scorecard.contradiction.above"
    assert message.params["value"] == Quantity(9.0, "hours", False)
    assert message.params["bound"] == Quantity(2.0, "hours", False)
    assert message.render("en") == (
        "To “How fast do you reply?” the answer was “Within an hour”, but the report shows "
        "“Response time (median)” at 9.0\u00a0h: that answer means at most 2.0\u00a0h."
    )
    assert "«В течение часа»" in message.render("ru") and "9,0\u00a0ч" in message.render("ru")


def test_an_answer_the_figures_bear_out_is_no_contradiction() -> None:
    # same_day means 0.5–12 h; the answers score 60 and 9 h scores 50: a gap of 10 only.
    card = scorecard(only({"communication.reply_speed": "same_day"}), {"response_time_median_h": 9})

    assert card.contradictions == ()


def test_underrating_fast_replies_is_a_contradiction_too() -> None:
    answers = only({"communication.reply_speed": "days_later"})

    card = scorecard(answers, {"response_time_median_h": 1.0})

    assert card.contradictions[0].message.key == "scorecard.contradiction.below"
    assert "at least 24.0\u00a0h" in card.contradictions[0].message.render("en")


def test_claimed_growth_is_checked_per_month_when_the_period_is_known() -> None:
    answers = only({"growth.organic": "yes"})  # implies at least 1 % a month

    monthly = scorecard(answers, {"follower_growth_pct": 4.0}, period_days=150)
    whole = scorecard(answers, {"follower_growth_pct": 4.0})

    # 4 % in 150 days is 4 / 150 × 30.44 = 0.81 % a month; read as one month it is 4 %
    # (scoring 85 against the answers' 100: no gap either).
    assert [c.kpi for c in monthly.contradictions] == ["follower_growth_pct"]
    assert monthly.contradictions[0].message.params["bound"] == Quantity(1.0, "percent", True)
    assert whole.contradictions == ()


def test_a_per_month_value_is_shown_per_month() -> None:
    answers = only({"growth.organic": "yes"})

    card = scorecard(answers, {"follower_growth_pct": 1.0}, period_days=61)

    assert card.contradictions[0].message.params["value"] == Quantity(
        pytest.approx(1 / 61 * 30.44), "percent", True
    )
    assert "a month" in card.contradictions[0].message.render("en")


def test_answers_far_above_the_figures_name_the_weakest_figure() -> None:
    card = scorecard(profile(None, content=1.0), {"er_followers_pct": 1.0})

    # content: answers 100, figures 40 × 1 / 2 = 20 — 80 points apart, above the rules' 30.
    assert [(c.dimension, c.kpi) for c in card.contradictions] == [("content", "er_followers_pct")]
    message = card.contradictions[0].message
    assert message.key == "scorecard.contradiction.answers_higher"
    assert (message.params["answers_score"], message.params["data_score"]) == ("100", "20")


def test_figures_far_above_the_answers_name_the_strongest_figure() -> None:
    answers = only({"communication.comments": "no"})
    kpis = {"response_time_median_h": 1.5, "talk_rate_pct": 0.5}

    card = scorecard(answers, kpis, {"talk_rate_pct": 1.0})

    # answers 0; figures: reply 70 + 30 × 1.5 / 3 = 85 and talk rate 50 (half its target),
    # 67.5 on average.
    assert [(c.dimension, c.kpi) for c in card.contradictions] == [
        ("communication", "response_time_median_h")
    ]
    message = card.contradictions[0].message
    assert message.key == "scorecard.contradiction.data_higher"
    assert (message.params["answers_score"], message.params["data_score"]) == ("0", "68")


def test_a_gap_below_the_rules_threshold_is_no_contradiction() -> None:
    # content: answers 50, figures 55 (ER 3 %): five points apart.
    card = scorecard(only({"content.useful": "partly"}), {"er_followers_pct": 3.0})

    assert card.contradictions == ()


def test_a_dimension_with_a_contradicted_claim_is_not_named_again_for_its_gap() -> None:
    answers = only({"communication.comments": "yes", "communication.reply_speed": "within_hour"})

    card = scorecard(answers, {"response_time_median_h": 30.0})

    # Answers 100, figures 40 × 12 / 30 = 16: a wide gap, but the claim already says it.
    assert [c.message.key for c in card.contradictions] == ["scorecard.contradiction.above"]
