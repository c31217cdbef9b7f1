"""The period a chosen one is compared with, and targets per month scaled to a period."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from smm_logic.kpis.compare import compare_with_previous
from smm_logic.kpis.cube import build_cube
from smm_logic.kpis.periods import Period, covered_period, previous_period
from smm_logic.kpis.scope import analyse, scope_options
from smm_logic.kpis.targets import period_target
from smm_logic.report.ingest import read_report
from tests.builders import xlsx_bytes


@pytest.mark.parametrize(
    ("chosen", "before"),
    [
        # A calendar month is compared with the whole month before it, however long.
        (Period(date(2026, 3, 1), date(2026, 3, 31)), Period(date(2026, 2, 1), date(2026, 2, 28))),
        (
            Period(date(2026, 1, 1), date(2026, 1, 31)),
            Period(date(2025, 12, 1), date(2025, 12, 31)),
        ),
        # A quarter with the quarter before it.
        (Period(date(2026, 4, 1), date(2026, 6, 30)), Period(date(2026, 1, 1), date(2026, 3, 31))),
        # Any other period with as many days just before it.
        (Period(date(2026, 3, 8), date(2026, 3, 14)), Period(date(2026, 3, 1), date(2026, 3, 7))),
        (Period(date(2026, 3, 1), date(2026, 3, 28)), Period(date(2026, 2, 1), date(2026, 2, 28))),
        (Period(date(2026, 3, 10), date(2026, 3, 10)), Period(date(2026, 3, 9), date(2026, 3, 9))),
    ],
)
def test_the_earlier_period_has_the_same_length_and_ends_the_day_before(
    chosen: Period, before: Period
) -> None:
    assert previous_period(chosen) == before


def daily_likes(first: date, days: int) -> list[list[object]]:
    rows: list[list[object]] = [["Дата", "Лайки"]]
    rows += [[date.fromordinal(first.toordinal() + n), 10 + n] for n in range(days)]
    return rows


def test_a_month_is_compared_with_the_month_before_when_the_data_has_it() -> None:
    cube = build_cube(read_report(xlsx_bytes(daily_likes(date(2026, 2, 1), 59)), "r.xlsx").table)
    march = Period(date(2026, 3, 1), date(2026, 3, 31))

    comparison = compare_with_previous(cube, march, date(2026, 2, 1))

    assert comparison is not None
    assert comparison.previous_period == Period(date(2026, 2, 1), date(2026, 2, 28))
    february = sum(10 + n for n in range(28))
    assert comparison.changes["interactions"].previous == february


def test_no_comparison_when_the_data_starts_inside_the_earlier_period() -> None:
    # Data from 10 February: 19 days of February must not stand for all 28.
    cube = build_cube(read_report(xlsx_bytes(daily_likes(date(2026, 2, 10), 50)), "r.xlsx").table)
    march = Period(date(2026, 3, 1), date(2026, 3, 31))

    assert compare_with_previous(cube, march, date(2026, 2, 10)) is None


def test_no_comparison_when_the_earlier_period_has_no_rows() -> None:
    rows = daily_likes(date(2026, 3, 1), 31)
    rows.insert(1, [date(2026, 1, 5), 1])  # one January day: February itself is empty
    cube = build_cube(read_report(xlsx_bytes(rows), "r.xlsx").table)

    march = Period(date(2026, 3, 1), date(2026, 3, 31))
    assert compare_with_previous(cube, march, date(2026, 1, 5)) is None


def test_a_target_for_what_adds_up_is_per_month_and_scaled_to_the_period() -> None:
    # 3 000 interactions a month → 1 380 for 14 days (3 000 × 14 / 30.44).
    assert period_target("interactions", 3000, 14, 13) == pytest.approx(3000 * 14 / 30.44)
    # Growth is measured from the first followers value to the last: 13 days apart.
    assert period_target("follower_growth_pct", 3.0, 14, 13) == pytest.approx(3.0 * 13 / 30.44)
    assert period_target("followers_net_change", 300, 14, None) == 300  # one day: unknown


@pytest.mark.parametrize("kpi", ["err_pct", "cpc", "response_time_median_h", "followers_end"])
def test_rates_costs_times_and_levels_hold_for_any_period(kpi: str) -> None:
    assert period_target(kpi, 5.0, 90, 89) == 5.0


MONTHS = [date(2026, month, 1) for month in range(1, 7)]


def test_a_monthly_reports_rows_stand_for_their_whole_months() -> None:
    # "1 May – 1 June" of a monthly report is May and June, not 32 days.
    assert covered_period(Period(date(2026, 5, 1), date(2026, 6, 1)), MONTHS) == Period(
        date(2026, 5, 1), date(2026, 6, 30)
    )
    assert covered_period(Period(date(2026, 3, 15), date(2026, 5, 20)), MONTHS) == Period(
        date(2026, 4, 1), date(2026, 5, 31)
    )


def test_a_weekly_reports_rows_stand_for_their_seven_days() -> None:
    mondays = [date(2026, 3, 2) + timedelta(days=7 * week) for week in range(8)]

    assert covered_period(Period(date(2026, 3, 2), date(2026, 3, 16)), mondays) == Period(
        date(2026, 3, 2), date(2026, 3, 22)
    )


def test_a_daily_period_is_the_period_itself() -> None:
    days = [date(2026, 3, day) for day in range(1, 11)]
    chosen = Period(date(2026, 3, 4), date(2026, 3, 6))

    assert covered_period(chosen, days) == chosen


def test_two_months_of_a_monthly_report_are_compared_with_the_two_before() -> None:
    rows: list[list[object]] = [["Дата", "Лайки"]] + [[day, 100 * day.month] for day in MONTHS]
    cube = build_cube(read_report(xlsx_bytes(rows), "r.xlsx").table)
    scope = scope_options(cube)[0]

    analysis = analyse(cube, scope, Period(date(2026, 5, 1), date(2026, 6, 1)))

    assert analysis.period == Period(date(2026, 5, 1), date(2026, 6, 30))
    assert analysis.comparison is not None
    assert analysis.comparison.previous_period == Period(date(2026, 3, 1), date(2026, 4, 30))
    change = analysis.comparison.changes["interactions"]
    assert (change.previous, change.current) == (300 + 400, 500 + 600)
