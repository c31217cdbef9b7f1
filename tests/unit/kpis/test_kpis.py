"""Every KPI of kpi-spec §3, including zero and missing denominators."""

from __future__ import annotations

import math
from datetime import date, timedelta

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from smm_logic.kpis.catalog import SUMMED, kpi_catalog, kpi_ids
from smm_logic.kpis.compare import cube_compare_periods
from smm_logic.kpis.cube import KpiResult, build_cube, cube_kpis
from smm_logic.kpis.formulas import combine_arrays, derive_kpi_arrays
from smm_logic.kpis.periods import Period, default_periods, detect_granularity
from tests.kpi_oracle import Aggregates, arrays_of, derive_kpis


def make_table(rows: int = 2, **columns: list[float | None]) -> pd.DataFrame:
    """A canonical table like ``Report.table``: daily rows of one group."""
    length = len(next(iter(columns.values()))) if columns else rows
    frame = pd.DataFrame(
        {
            "date": pd.date_range("2026-03-01", periods=length, freq="D"),
            "platform": [None] * length,
            "account": [None] * length,
        }
    )
    for name, values in columns.items():
        frame[name] = pd.Series(values, dtype=float)
    frame["sheet"] = "Sheet"
    frame["row"] = range(2, length + 2)
    return frame


def kpis_of_table(table: pd.DataFrame) -> KpiResult:
    return cube_kpis(build_cube(table))


def kpis_of(**columns: list[float | None]) -> dict[str, float | None]:
    """The KPIs production computes (through the daily cube) for a one-group table."""
    return cube_kpis(build_cube(make_table(**columns))).overall


def approx(value: float | None, expected: float) -> bool:
    return value is not None and math.isclose(value, expected, rel_tol=1e-9)


def test_every_kpi_has_metadata_in_both_languages_naming_a_denominator() -> None:
    catalog = kpi_catalog()

    assert len(catalog) == 23
    for info in catalog.values():
        assert info.name.ru and info.name.en and info.formula.ru and info.formula.en
        assert info.direction in {"higher", "lower", "none"}
        assert info.unit in {"count", "percent", "money", "hours"}
        if "/" in info.formula.en:
            assert "Denominator" in info.formula.en or "denominator" in info.formula.en
            assert "Знаменатель" in info.formula.ru or "знаменатель" in info.formula.ru


def test_follower_figures_use_first_and_last_rows_that_have_followers() -> None:
    kpis = kpis_of(followers=[None, 1000, 1010, None, 1100, None])

    assert kpis["followers_start"] == 1000
    assert kpis["followers_end"] == 1100
    assert kpis["followers_net_change"] == 100
    assert approx(kpis["follower_growth_pct"], 10.0)


def test_follower_growth_is_null_when_start_is_zero() -> None:
    kpis = kpis_of(followers=[0, 50])

    assert kpis["followers_net_change"] == 50
    assert kpis["follower_growth_pct"] is None


def test_organic_share_uses_new_followers_as_denominator() -> None:
    kpis = kpis_of(followers=[100, 130], new_followers=[20, 20], paid_followers=[5, 5])

    assert approx(kpis["organic_share_pct"], 75.0)


def test_organic_share_falls_back_to_net_change_without_new_followers() -> None:
    kpis = kpis_of(followers=[100, 140], paid_followers=[10, 0])

    assert approx(kpis["organic_share_pct"], 75.0)


@pytest.mark.parametrize(
    "columns",
    [
        {"followers": [100, 90], "paid_followers": [1, 1]},  # net change ≤ 0
        {"new_followers": [0, 0], "paid_followers": [0, 0]},  # G = 0
        {"followers": [100, 140], "new_followers": [20, 20]},  # no paid column
    ],
)
def test_organic_share_is_null_without_positive_growth_or_paid_column(
    columns: dict[str, list[float | None]],
) -> None:
    assert kpis_of(**columns)["organic_share_pct"] is None


def test_interactions_sum_the_columns_present_and_skip_missing_cells() -> None:
    kpis = kpis_of(likes=[10, None], comments=[2, 3], shares=[1, 1])

    assert kpis["interactions"] == 17


def test_interactions_are_null_without_any_interaction_column() -> None:
    assert kpis_of(reach=[10, 20])["interactions"] is None


def test_er_by_followers_is_per_post_over_average_followers() -> None:
    kpis = kpis_of(followers=[1000, 1000], posts=[2, 3], likes=[40, 60])

    # 100 interactions / 5 posts / 1000 followers × 100
    assert approx(kpis["er_followers_pct"], 2.0)


def test_posts_default_to_the_number_of_rows_without_a_posts_column() -> None:
    kpis = kpis_of(followers=[1000, 1000], likes=[40, 60])

    assert approx(kpis["er_followers_pct"], 5.0)


@pytest.mark.parametrize(
    "kpi", ["er_followers_pct", "reach_rate_pct", "talk_rate_pct", "amplification_rate_pct"]
)
def test_per_follower_kpis_are_null_when_posts_or_followers_are_zero(kpi: str) -> None:
    zero_posts = kpis_of(
        followers=[10, 10], posts=[0, 0], reach=[5, 5], comments=[1, 1], shares=[1, 1]
    )
    zero_followers = kpis_of(followers=[0, 0], reach=[5, 5], comments=[1, 1], shares=[1, 1])
    no_followers = kpis_of(reach=[5, 5], comments=[1, 1], shares=[1, 1])

    assert zero_posts[kpi] is None
    assert zero_followers[kpi] is None
    assert no_followers[kpi] is None


def test_reach_talk_and_amplification_rates_per_post() -> None:
    kpis = kpis_of(
        followers=[500, 500], posts=[1, 1], reach=[300, 200], comments=[5, 5], shares=[2, 3]
    )

    assert approx(kpis["reach_rate_pct"], 50.0)
    assert approx(kpis["talk_rate_pct"], 1.0)
    assert approx(kpis["amplification_rate_pct"], 0.5)


def test_err_and_er_by_views_divide_totals() -> None:
    kpis = kpis_of(likes=[10, 30], reach=[100, 300], views=[200, 600])

    assert approx(kpis["err_pct"], 10.0)
    assert approx(kpis["er_views_pct"], 5.0)


@pytest.mark.parametrize(("kpi", "denominator"), [("err_pct", "reach"), ("er_views_pct", "views")])
def test_engagement_by_reach_or_views_is_null_for_zero_or_missing_denominator(
    kpi: str, denominator: str
) -> None:
    assert kpis_of(likes=[1, 2], **{denominator: [0, 0]})[kpi] is None
    assert kpis_of(likes=[1, 2], **{denominator: [None, None]})[kpi] is None


def test_negative_share_and_response_rate() -> None:
    kpis = kpis_of(comments=[40, 60], negative_comments=[5, 5], negative_answered=[4, 4])

    assert approx(kpis["negative_share_pct"], 10.0)
    assert approx(kpis["negative_response_rate_pct"], 80.0)


def test_negative_kpis_are_null_for_zero_denominators() -> None:
    kpis = kpis_of(comments=[0, 0], negative_comments=[0, 0], negative_answered=[0, 0])

    assert kpis["negative_share_pct"] is None
    assert kpis["negative_response_rate_pct"] is None


def test_response_time_is_the_median_not_the_mean() -> None:
    kpis = kpis_of(response_time=[1, 2, 100])

    assert kpis["response_time_median_h"] == 2


def test_ctr_and_cpm_use_impressions_and_fall_back_to_views() -> None:
    with_impressions = kpis_of(
        clicks=[5, 5], impressions=[500, 500], views=[100, 100], spend=[5, 5]
    )
    views_only = kpis_of(clicks=[5, 5], views=[100, 100], spend=[5, 5])

    assert approx(with_impressions["ctr_pct"], 1.0)
    assert approx(with_impressions["cpm"], 10.0)
    assert approx(views_only["ctr_pct"], 5.0)
    assert approx(views_only["cpm"], 50.0)


def test_money_kpis() -> None:
    kpis = kpis_of(
        spend=[50, 50], clicks=[100, 100], leads=[5, 5], revenue=[150, 150], paid_followers=[10, 10]
    )

    assert approx(kpis["cpc"], 0.5)
    assert approx(kpis["cpl"], 10.0)
    assert approx(kpis["cpf"], 5.0)
    assert approx(kpis["conversion_pct"], 5.0)
    assert approx(kpis["romi_pct"], 200.0)


def test_cpf_falls_back_to_positive_net_change() -> None:
    growing = kpis_of(spend=[30, 30], followers=[100, 130])
    shrinking = kpis_of(spend=[30, 30], followers=[100, 90])

    assert approx(growing["cpf"], 2.0)
    assert shrinking["cpf"] is None


@pytest.mark.parametrize(
    ("kpi", "columns"),
    [
        ("cpc", {"spend": [1, 1], "clicks": [0, 0]}),
        ("cpl", {"spend": [1, 1], "leads": [0, 0]}),
        ("cpf", {"spend": [1, 1], "paid_followers": [0, 0]}),
        ("conversion_pct", {"leads": [1, 1], "clicks": [0, 0]}),
        ("romi_pct", {"revenue": [1, 1], "spend": [0, 0]}),
        ("ctr_pct", {"clicks": [1, 1], "impressions": [0, 0]}),
        ("cpm", {"spend": [1, 1], "impressions": [0, 0]}),
    ],
)
def test_money_and_traffic_kpis_are_null_for_zero_denominators(
    kpi: str, columns: dict[str, list[float | None]]
) -> None:
    assert kpis_of(**columns)[kpi] is None


def test_a_report_without_inputs_gives_null_for_every_kpi_but_never_nan() -> None:
    kpis = kpis_of(unfollows=[1, 2])

    assert set(kpis) == set(kpi_ids())
    assert all(value is None for value in kpis.values())


def test_groups_are_platform_account_pairs_and_the_whole_report_adds_them_up() -> None:
    vk = make_table(followers=[100, 110], likes=[10, 10], posts=[1, 1], response_time=[1, 3])
    vk["platform"], vk["account"] = "VK", "Кофейня"
    tg = make_table(followers=[300, 330], likes=[30, 30], posts=[1, 1], response_time=[10, 20])
    tg["platform"], tg["account"] = "Telegram", "Кофейня"

    result = kpis_of_table(pd.concat([vk, tg], ignore_index=True))

    assert [(g.platform, g.account) for g in result.groups] == [
        ("VK", "Кофейня"),
        ("Telegram", "Кофейня"),
    ]
    assert result.groups[0].kpis["followers_end"] == 110
    assert result.overall["followers_start"] == 400
    assert result.overall["followers_end"] == 440
    assert approx(result.overall["follower_growth_pct"], 10.0)
    assert result.overall["interactions"] == 80
    # median over all rows, not the median of the groups' medians
    assert result.overall["response_time_median_h"] == 6.5
    # 80 interactions / (2 posts × 105 + 2 posts × 315 avg followers) × 100: the groups'
    # 20 / 210 and 60 / 630 are both 9.52 %, and so is the whole report (kpi-spec §3)
    assert approx(result.overall["er_followers_pct"], 80 / (2 * 105 + 2 * 315) * 100)
    assert approx(result.groups[0].kpis["er_followers_pct"], 20 / 210 * 100)


def test_whole_report_posts_add_row_counts_of_groups_without_posts_column() -> None:
    with_posts = make_table(followers=[100, 100], likes=[10, 10], posts=[3, 3])
    with_posts["account"] = "A"
    without_posts = make_table(followers=[100, 100], likes=[10, 10])
    without_posts["account"] = "B"
    without_posts["posts"] = float("nan")

    result = kpis_of_table(pd.concat([with_posts, without_posts], ignore_index=True))

    # audience = 6 posts × 100 (group A) + 2 rows × 100 (group B)
    assert approx(result.overall["er_followers_pct"], 40 / (6 * 100 + 2 * 100) * 100)


@pytest.mark.parametrize(
    ("dates", "kind"),
    [
        ([date(2026, 3, d) for d in range(1, 11)], "day"),
        ([date(2026, 3, 2), date(2026, 3, 9), date(2026, 3, 23)], "week"),
        ([date(2026, m, 1) for m in range(1, 7)], "month"),
    ],
)
def test_granularity_is_detected_from_row_spacing(dates: list[date], kind: str) -> None:
    assert detect_granularity(dates) == kind


def test_default_periods_halve_a_daily_report() -> None:
    dates = [date(2026, 2, d) for d in range(1, 29)]

    previous, current = default_periods(dates) or (None, None)

    assert previous == Period(date(2026, 2, 1), date(2026, 2, 14))
    assert current == Period(date(2026, 2, 15), date(2026, 2, 28))


def test_default_periods_compare_whole_months_of_a_monthly_report() -> None:
    dates = [date(2026, m, 1) for m in range(1, 7)]

    previous, current = default_periods(dates) or (None, None)

    assert previous == Period(date(2026, 1, 1), date(2026, 3, 31))
    assert current == Period(date(2026, 4, 1), date(2026, 6, 30))


def test_default_periods_compare_whole_weeks_of_a_weekly_report() -> None:
    dates = [date(2026, 6, 1) + timedelta(weeks=w) for w in range(12)]

    previous, current = default_periods(dates) or (None, None)

    assert previous == Period(date(2026, 6, 1), date(2026, 7, 12))
    assert current == Period(date(2026, 7, 13), date(2026, 8, 23))


def test_a_single_date_has_no_comparison() -> None:
    assert default_periods([date(2026, 1, 1)]) is None
    assert cube_compare_periods(build_cube(make_table(likes=[1]))) is None


def test_period_comparison_gives_each_kpi_before_after_and_change() -> None:
    table = make_table(likes=[10, 10, 30, 30], reach=[100, 100, 100, 100])

    comparison = cube_compare_periods(build_cube(table))

    assert comparison is not None
    change = comparison.changes["err_pct"]
    assert approx(change.previous, 10.0)
    assert approx(change.current, 30.0)
    assert approx(change.absolute, 20.0)
    assert approx(change.relative_pct, 200.0)
    assert comparison.changes["cpc"].absolute is None


def test_period_comparison_accepts_ranges_from_the_caller() -> None:
    table = make_table(likes=[1, 2, 3, 4, 5, 6])

    comparison = cube_compare_periods(
        build_cube(table),
        previous=Period(date(2026, 3, 1), date(2026, 3, 1)),
        current=Period(date(2026, 3, 6), date(2026, 3, 6)),
    )

    assert comparison is not None
    assert comparison.changes["interactions"].previous == 1
    assert comparison.changes["interactions"].current == 6


# ------------------------------------------------------------- one formula, scalar or arrays


NUMBERS = (
    st.none()
    | st.sampled_from([0.0, -0.0, 1.0, -3.0, 0.5, 1e308])
    | st.floats(min_value=-1e6, max_value=1e6, allow_nan=False)
)


@st.composite
def aggregates(draw: st.DrawFn) -> Aggregates:
    return Aggregates(
        sums={column: draw(NUMBERS) for column in SUMMED},
        rows=draw(st.integers(min_value=0, max_value=1_000)),
        followers_start=draw(NUMBERS),
        followers_end=draw(NUMBERS),
        followers_avg=draw(NUMBERS),
        response_time_median=draw(NUMBERS),
    )


@settings(max_examples=300, deadline=None)
@given(aggs=st.lists(aggregates(), min_size=1, max_size=5))
def test_kpis_of_scopes_at_once_are_those_of_each_scope_by_the_spec(
    aggs: list[Aggregates],
) -> None:
    arrays = derive_kpi_arrays(arrays_of(aggs))

    for index, agg in enumerate(aggs):
        expected = derive_kpis(agg)
        at_once = {kpi: values[index] for kpi, values in arrays.items()}
        assert {k: None if math.isnan(v) else v for k, v in at_once.items()} == expected


def test_combining_groups_adds_sums_and_follower_figures_and_posts_or_rows() -> None:
    first = Aggregates({"posts": 3.0, "likes": 10.0}, 5, 100.0, 110.0, 105.0, 1.0)
    second = Aggregates({"likes": None}, 4, None, 50.0, 50.0, 9.0)
    median = np.array([2.0])

    whole = combine_arrays(arrays_of([first, second]), np.zeros(2, dtype=np.intp), 1, median)

    assert whole.sums["posts"][0] == 3 + 4  # Σposts of one group, rows of the other
    assert whole.sums["likes"][0] == 10
    assert math.isnan(whole.sums["reach"][0])
    assert whole.rows[0] == 9
    assert whole.followers_start[0] == 100
    assert (whole.followers_end[0], whole.followers_avg[0]) == (160, 155)
    assert whole.response_time_median[0] == 2.0
