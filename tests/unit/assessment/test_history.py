"""A client's history per quarter (synthetic bank: goals.kpis weight 1 and goals.plan weight
2, yes 1 · partly 0.5 · no 0): the bucketing, who counts in a quarter, and the change since
the previous session."""

from __future__ import annotations

from datetime import date

import pytest

from smm_logic.assessment.history import (
    Change,
    DatedAnswers,
    DatedKpis,
    Quarter,
    changes,
    dimension_history,
    kpi_history,
)
from tests.unit.assessment.synthetic import BANK, RULES


def goals(kpis: str, plan: str) -> dict[str, str]:
    return {"goals.kpis": kpis, "goals.plan": plan}


@pytest.mark.parametrize(
    ("day", "quarter"),
    [
        (date(2026, 1, 1), Quarter(2026, 1)),
        (date(2026, 3, 31), Quarter(2026, 1)),
        (date(2026, 4, 1), Quarter(2026, 2)),
        (date(2026, 12, 31), Quarter(2026, 4)),
    ],
)
def test_a_day_falls_in_its_calendar_quarter(day: date, quarter: Quarter) -> None:
    assert Quarter.of(day) == quarter
    assert quarter.start <= day


def test_quarters_are_named_in_both_languages() -> None:
    assert Quarter(2026, 2).label("en") == "Q2 2026"
    assert Quarter(2026, 2).label("ru") == "2 кв. 2026"


def test_dimensions_are_bucketed_per_quarter_oldest_first() -> None:
    history = dimension_history(
        BANK,
        RULES,
        [
            DatedAnswers(date(2026, 5, 2), "olga", goals("yes", "yes")),
            DatedAnswers(date(2026, 1, 10), "olga", goals("no", "no")),
        ],
    )
    assert [point.quarter for point in history] == [Quarter(2026, 1), Quarter(2026, 2)]
    assert history[0].values["goals"] == pytest.approx(0.0)
    assert history[1].values["goals"] == pytest.approx(100.0)
    # a dimension nobody answered has no value, never a zero
    assert history[1].values["traffic"] is None


def test_in_a_quarter_each_respondents_latest_assessment_counts_once() -> None:
    history = dimension_history(
        BANK,
        RULES,
        [
            DatedAnswers(date(2026, 1, 10), "olga", goals("no", "no")),
            DatedAnswers(date(2026, 2, 20), "olga", goals("yes", "yes")),  # replaces the above
            DatedAnswers(date(2026, 2, 1), "sam", goals("no", "partly")),  # (0 + 0.5×2) / 3
        ],
    )
    (quarter,) = history
    assert quarter.sources == 2
    assert quarter.values["goals"] == pytest.approx((100 + 100 / 3) / 2)


def test_the_same_day_keeps_the_assessment_saved_later() -> None:
    (quarter,) = dimension_history(
        BANK,
        RULES,
        [
            DatedAnswers(date(2026, 1, 10), "olga", goals("yes", "yes"), order=2),
            DatedAnswers(date(2026, 1, 10), "olga", goals("no", "no"), order=1),
        ],
    )
    assert quarter.values["goals"] == pytest.approx(100.0)


def test_kpis_per_quarter_come_from_its_latest_report_and_only_numbers_count() -> None:
    history = kpi_history(
        [
            DatedKpis(date(2026, 3, 31), {"er_followers_pct": 3.0}),
            DatedKpis(date(2026, 1, 31), {"er_followers_pct": 9.0}),
            DatedKpis(date(2026, 6, 30), {"er_followers_pct": None, "cpc": 2.0}),
            DatedKpis(date(2026, 9, 30), {"er_followers_pct": "high"}),  # not a number
        ],
        kpis=("er_followers_pct",),
    )
    assert [(p.quarter.number, p.values["er_followers_pct"]) for p in history] == [
        (1, 3.0),
        (2, None),
        (3, None),
    ]
    assert history[0].sources == 2


def test_the_change_since_the_previous_session_is_latest_minus_the_one_before() -> None:
    history = kpi_history(
        [
            DatedKpis(date(2025, 12, 31), {"er_followers_pct": 1.0, "talk_rate_pct": 0.2}),
            DatedKpis(date(2026, 3, 31), {"er_followers_pct": 2.0, "talk_rate_pct": 0.5}),
            DatedKpis(date(2026, 6, 30), {"er_followers_pct": 3.5, "talk_rate_pct": None}),
        ]
    )
    found = changes(history)
    assert found["er_followers_pct"] == Change(3.5, 2.0)
    assert found["er_followers_pct"].delta == pytest.approx(1.5)
    # no value in the latest session: no change, never a fall to zero
    assert found["talk_rate_pct"].delta is None


def test_a_single_session_has_no_change_and_no_history_has_nothing() -> None:
    (only,) = dimension_history(
        BANK, RULES, [DatedAnswers(date(2026, 1, 10), "olga", goals("yes", "no"))]
    )
    assert changes([only])["goals"] == Change(only.values["goals"], None)
    assert changes([only])["goals"].delta is None
    assert changes([]) == {}
