"""The numbers of kpi-spec §3 as issue 8 settled them: per-post rates of the whole report
weigh each group's audience, the net change without a followers column, growth from a
start above 0, ER by impressions, and start/end in sheet order."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from smm_logic.kpis.cube import build_cube, cube_kpis
from smm_logic.kpis.formulas import derive_kpi_arrays
from smm_logic.report.ingest import read_rows
from tests.kpi_oracle import Aggregates, arrays_of, compute_kpis, derive_kpis
from tests.unit.kpis.test_kpis import approx, kpis_of, kpis_of_table, make_table

PER_POST_RATES = ("er_followers_pct", "reach_rate_pct", "talk_rate_pct", "amplification_rate_pct")


def account(name: str, **columns: list[float | None]) -> pd.DataFrame:
    table = make_table(**columns)
    table["account"] = name
    return table


def test_three_accounts_at_two_percent_make_a_report_at_two_percent() -> None:
    # A: 40 / (2 posts × 1000) = 2 %; B: 600 / (6 posts × 5000) = 2 %; C: 8 / (2 × 200) = 2 %.
    table = pd.concat(
        [
            account("A", followers=[1000, 1000], posts=[1, 1], likes=[20, 20], reach=[500, 500]),
            account(
                "B", followers=[5000, 5000], posts=[3, 3], likes=[300, 300], reach=[7500, 7500]
            ),
            account("C", followers=[200, 200], posts=[1, 1], likes=[4, 4], reach=[100, 100]),
        ],
        ignore_index=True,
    )

    result = kpis_of_table(table)

    assert [approx(g.kpis["er_followers_pct"], 2.0) for g in result.groups] == [True] * 3
    # (40 + 600 + 8) / (2 × 1000 + 6 × 5000 + 2 × 200) × 100 = 648 / 32 400 × 100 = 2 %,
    # where Σposts × Σavg_followers would give 648 / (10 × 6200) × 100 = 1.05 %.
    assert approx(result.overall["er_followers_pct"], 2.0)
    # every account reaches 50 % of its audience per post: (1000 + 15000 + 200) / 32 400
    assert approx(result.overall["reach_rate_pct"], 50.0)
    assert compute_kpis(table).overall["er_followers_pct"] == pytest.approx(2.0)


def test_a_group_without_followers_is_left_out_of_both_sides_of_per_post_rates() -> None:
    table = pd.concat(
        [
            account("A", followers=[1000, 1000], likes=[10, 10], comments=[1, 3], shares=[2, 2]),
            account(
                "B", followers=[None, None], likes=[500, 500], comments=[50, 50], shares=[9, 9]
            ),
        ],
        ignore_index=True,
    )

    result = kpis_of_table(table)

    # A alone: 2 rows × 1000 followers is the audience; B's interactions do not count.
    assert result.overall["interactions"] == 20 + 4 + 4 + 1000 + 100 + 18
    assert approx(result.overall["er_followers_pct"], (20 + 4 + 4) / 2000 * 100)
    assert approx(result.overall["talk_rate_pct"], 4 / 2000 * 100)
    assert approx(result.overall["amplification_rate_pct"], 4 / 2000 * 100)
    assert result.overall["reach_rate_pct"] is None  # no reach column at all
    assert result.groups[1].kpis["er_followers_pct"] is None


def test_no_group_with_followers_gives_no_per_post_rate() -> None:
    table = pd.concat([account("A", likes=[1, 2]), account("B", likes=[3, 4])], ignore_index=True)

    assert all(kpis_of_table(table).overall[kpi] is None for kpi in PER_POST_RATES)


@st.composite
def several_accounts(draw: st.DrawFn) -> pd.DataFrame:
    frames = []
    for index in range(draw(st.integers(min_value=1, max_value=4))):
        rows = draw(st.integers(min_value=1, max_value=5))

        def values(low: int, high: int, rows: int = rows) -> list[float | None]:
            value = st.none() | st.integers(min_value=low, max_value=high).map(float)
            return draw(st.lists(value, min_size=rows, max_size=rows))

        frames.append(
            account(
                f"account {index}",
                followers=values(0, 100_000),
                posts=values(0, 5),
                likes=values(0, 5_000),
                comments=values(0, 500),
                shares=values(0, 500),
                reach=values(0, 100_000),
            )
        )
    return pd.concat(frames, ignore_index=True)


@settings(max_examples=150, deadline=None)
@given(table=several_accounts())
def test_a_whole_report_per_post_rate_lies_between_its_groups_rates(table: pd.DataFrame) -> None:
    result = kpis_of_table(table)
    oracle = compute_kpis(table)

    for kpi in PER_POST_RATES:
        values = [g.kpis[kpi] for g in result.groups if g.kpis[kpi] is not None]
        whole = result.overall[kpi]
        if not values:
            assert whole is None, kpi
            continue
        assert whole is not None, kpi
        slack = 1e-9 * max(values)
        assert min(values) - slack <= whole <= max(values) + slack, (kpi, whole, values)
        expected = oracle.overall[kpi]
        assert expected is not None and math.isclose(whole, expected, rel_tol=1e-9), kpi


def test_net_change_without_a_followers_column_is_the_sum_of_net_followers() -> None:
    kpis = kpis_of(net_followers=[5, -2, 7], new_followers=[9, 9, 9], unfollows=[1, 1, 1])

    assert kpis["followers_net_change"] == 5 - 2 + 7  # net_followers first, then flows
    assert kpis["followers_start"] is None
    assert kpis["follower_growth_pct"] is None  # no start, no growth


def test_net_change_without_followers_or_net_followers_is_joins_minus_leaves() -> None:
    assert kpis_of(new_followers=[10, 10], unfollows=[3, 2])["followers_net_change"] == 15
    assert kpis_of(new_followers=[10, 10])["followers_net_change"] is None


def test_a_followers_column_decides_the_net_change() -> None:
    kpis = kpis_of(followers=[100, 120], net_followers=[50, 50])

    assert kpis["followers_net_change"] == 20


def test_organic_share_and_cpf_use_the_net_change_of_net_followers() -> None:
    # G = Σnet_followers = 40 (no new_followers column): (40 − 10) / 40 = 75 %
    organic = kpis_of(net_followers=[20, 20], paid_followers=[10, 0])
    # without paid_followers: spend 60 / net change 30 = 2
    cpf = kpis_of(net_followers=[20, 10], spend=[30, 30])
    shrinking = kpis_of(net_followers=[-20, 10], spend=[30, 30])

    assert approx(organic["organic_share_pct"], 75.0)
    assert approx(cpf["cpf"], 2.0)
    assert shrinking["cpf"] is None


@pytest.mark.parametrize("followers", [[0.0, 50.0], [0.0, 0.0]])
def test_growth_from_a_start_of_zero_is_null(followers: list[float | None]) -> None:
    kpis = kpis_of(followers=followers)

    assert kpis["followers_net_change"] == followers[-1]
    assert kpis["follower_growth_pct"] is None


def test_growth_needs_a_start_above_zero_in_the_formulas_too() -> None:
    aggs = [Aggregates({}, 2, start, 10.0, 5.0, None) for start in (-5.0, 0.0, 5.0)]

    growth = derive_kpi_arrays(arrays_of(aggs))["follower_growth_pct"]

    assert [derive_kpis(a)["follower_growth_pct"] for a in aggs] == [None, None, 100.0]
    assert np.isnan(growth[:2]).all() and growth[2] == 100.0


def test_er_by_impressions_divides_interactions_by_total_impressions() -> None:
    kpis = kpis_of(likes=[10, 30], comments=[0, 8], impressions=[400, 800], views=[10, 10])

    assert approx(kpis["er_impressions_pct"], 48 / 1200 * 100)  # 4 %
    assert kpis_of(likes=[1, 2], impressions=[0, 0])["er_impressions_pct"] is None
    assert kpis_of(likes=[1, 2], views=[10, 10])["er_impressions_pct"] is None


def test_undated_rows_keep_sheet_order_for_start_and_end() -> None:
    report = read_rows([["Подписчики", "Лайки"], [500, 1], [300, 1], [400, 1]], "typed")

    kpis = cube_kpis(build_cube(report.table)).overall

    # the first and last rows of the sheet, not the smallest and the largest value
    assert (kpis["followers_start"], kpis["followers_end"]) == (500, 400)
    assert kpis["followers_net_change"] == -100


def test_rows_sharing_a_date_keep_sheet_order() -> None:
    rows = [
        ["Дата", "Подписчики", "Лайки"],
        ["02.03.2026", 900, 1],
        ["01.03.2026", 700, 1],
        ["02.03.2026", 800, 1],
        ["01.03.2026", 600, 1],
    ]
    report = read_rows(rows, "typed")

    kpis = cube_kpis(build_cube(report.table)).overall

    assert list(report.table["followers"]) == [700, 600, 900, 800]
    assert (kpis["followers_start"], kpis["followers_end"]) == (700, 800)
