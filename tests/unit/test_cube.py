"""The daily cube: KPIs, period comparisons and chart buckets from it equal those of the rows.

Tables are generated like ``Report.table``: several groups (a missing platform or account
included), several rows per day, missing values, undated rows, and any subset of the
metric columns. Values are multiples of 1/4, so every sum is exact whatever its order and
the results must be equal, not only close; ``test_floats_...`` covers arbitrary floats.
"""

from __future__ import annotations

import math
from datetime import date, timedelta

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from smm_logic.kpis.catalog import SUMMED
from smm_logic.kpis.compare import cube_compare_periods
from smm_logic.kpis.cube import DailyCube, KpiResult, build_cube, cube_kpis
from smm_logic.kpis.periods import Period, table_dates
from smm_logic.kpis.scope import cube_in_scope, report_range, scope_options
from smm_logic.outputs.charts import (
    CHART_BUILDERS,
    DRAWN_POINTS,
    ChartData,
    choose_frequency,
    engagement_chart,
    followers_chart,
    funnel_steps,
    negative_chart,
    resample,
)
from smm_logic.report.ingest import read_report
from smm_logic.report.model import GROUP_KEYS
from tests.builders import xlsx_bytes
from tests.kpi_oracle import aggregate, compare_periods, compute_kpis, in_scope, rows_in
from tests.unit.test_charts import generated_table

SETTINGS = settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
GROUPS = [("VK", "Кофейня"), ("VK", "Пекарня"), ("Telegram", None), (None, None), (None, "shop")]
METRICS = ["followers", *SUMMED, "response_time"]
START = date(2026, 3, 1)
QUARTERS = st.integers(min_value=0, max_value=4_000).map(lambda k: k / 4)


@st.composite
def tables(draw: st.DrawFn) -> pd.DataFrame:
    """A canonical table sorted as ``ingest`` sorts it (groups in order of appearance,
    dates ascending with undated rows last, ties in table order)."""
    groups = draw(st.lists(st.sampled_from(GROUPS), min_size=1, max_size=4, unique=True))
    columns = draw(st.lists(st.sampled_from(METRICS), min_size=1, max_size=9, unique=True))
    days = draw(st.integers(min_value=1, max_value=40))
    records = []
    for number, group in enumerate(groups):
        for _ in range(draw(st.integers(min_value=0 if number else 1, max_value=14))):
            day = draw(st.none() | st.integers(min_value=0, max_value=days - 1))
            hour = draw(st.integers(min_value=0, max_value=23))
            stamp = (
                None if day is None else pd.Timestamp(START) + pd.Timedelta(hours=24 * day + hour)
            )
            values = {c: draw(st.none() | QUARTERS) for c in columns}
            records.append({"date": stamp, "platform": group[0], "account": group[1], **values})
    frame = pd.DataFrame.from_records(records, columns=["date", *GROUP_KEYS, *columns])
    frame["date"] = pd.to_datetime(frame["date"])
    for key in GROUP_KEYS:
        frame[key] = pd.Series(list(frame[key]), dtype="str") if frame[key].notna().any() else None
    for column in columns:
        frame[column] = frame[column].astype(float)
    return _sorted(frame)


def _sorted(frame: pd.DataFrame) -> pd.DataFrame:
    keys = frame[list(GROUP_KEYS)].astype(object).where(frame[list(GROUP_KEYS)].notna(), "")
    codes, _ = pd.factorize(pd.MultiIndex.from_frame(keys))
    stamps = frame["date"].to_numpy(dtype="datetime64[ns]").astype(np.int64)
    stamps = np.where(frame["date"].isna().to_numpy(), np.iinfo(np.int64).max, stamps)
    # Stable: rows sharing a timestamp, and undated rows, keep table order (kpi-spec §3).
    ordered = frame.iloc[np.lexsort((stamps, codes))].reset_index(drop=True)
    ordered["sheet"] = "Sheet"
    ordered["row"] = range(2, len(ordered) + 2)
    return ordered


@st.composite
def selections(draw: st.DrawFn) -> tuple[pd.DataFrame, int, Period | None]:
    """A table, a scope (0: all groups, n: the n-th group) and a period or none."""
    table = draw(tables())
    scope = draw(st.integers(min_value=0, max_value=len(scope_options(table)) - 1))
    period = None
    if draw(st.booleans()):
        first = START + timedelta(days=draw(st.integers(min_value=-3, max_value=40)))
        period = Period(first, first + timedelta(days=draw(st.integers(min_value=0, max_value=30))))
    return table, scope, period


def select(
    table: pd.DataFrame, scope: int, period: Period | None
) -> tuple[pd.DataFrame, DailyCube]:
    """The rows of a selection, and the cube of the same selection made from the table's cube."""
    chosen = scope_options(table)[scope]
    rows, cube = in_scope(table, chosen), cube_in_scope(build_cube(table), chosen)
    if period is not None:
        rows, cube = rows_in(rows, period), cube.in_period(period)
    return rows, cube


def assert_same_result(actual: KpiResult, expected: KpiResult) -> None:
    assert actual.rows == expected.rows
    assert actual.overall == expected.overall
    assert actual.groups == expected.groups


@SETTINGS
@given(selection=selections())
def test_cube_kpis_equal_compute_kpis_on_the_selected_rows(
    selection: tuple[pd.DataFrame, int, Period | None],
) -> None:
    rows, cube = select(*selection)

    assert cube.row_count == len(rows)
    assert_same_result(cube_kpis(cube), compute_kpis(rows))


@SETTINGS
@given(selection=selections())
def test_cube_period_comparison_equals_compare_periods(
    selection: tuple[pd.DataFrame, int, Period | None],
) -> None:
    table, scope, period = selection
    rows, cube = select(table, scope, None)

    expected = compare_periods(rows)
    actual = cube_compare_periods(cube)
    assert (actual is None) == (expected is None)
    if actual is not None and expected is not None:
        assert (actual.previous_period, actual.current_period) == (
            expected.previous_period,
            expected.current_period,
        )
        assert_same_result(actual.previous, expected.previous)
        assert_same_result(actual.current, expected.current)
        assert actual.changes == expected.changes
    if period is not None:
        previous = Period(period.start - timedelta(days=period.days), period.start - timedelta(1))
        narrowed = cube_compare_periods(cube, previous, period)
        assert narrowed == compare_periods(rows, previous, period)


@SETTINGS
@given(
    selection=selections(),
    freq=st.sampled_from(["D", "W", "M"]),
    by_group=st.booleans(),
)
def test_cube_resample_equals_row_resample(
    selection: tuple[pd.DataFrame, int, Period | None], freq: str, by_group: bool
) -> None:
    rows, cube = select(*selection)

    expected = resample(rows, freq, by_group=by_group)  # type: ignore[arg-type]
    actual = resample(cube, freq, by_group=by_group)  # type: ignore[arg-type]

    pd.testing.assert_frame_equal(actual, expected, check_exact=True)


@SETTINGS
@given(selection=selections())
def test_scopes_dates_and_totals_of_the_cube_are_those_of_the_rows(
    selection: tuple[pd.DataFrame, int, Period | None],
) -> None:
    table = selection[0]
    rows, cube = select(*selection)

    assert scope_options(build_cube(table)) == scope_options(table)
    assert sorted(cube.dates()) == sorted(table_dates(rows))
    assert report_range(cube) == report_range(rows)
    assert cube.totals() == aggregate(rows).sums


@SETTINGS
@given(selection=selections(), seed=st.integers(min_value=0, max_value=2**16))
def test_cube_kpis_follow_table_order_even_when_rows_are_not_sorted(
    selection: tuple[pd.DataFrame, int, Period | None], seed: int
) -> None:
    """Start and end followers are the first and last in table order, as ``compute_kpis``
    takes them, and groups come in order of appearance, whatever the row order."""
    table = selection[0]
    shuffled = table.sample(frac=1, random_state=seed).reset_index(drop=True)

    assert_same_result(cube_kpis(build_cube(shuffled)), compute_kpis(shuffled))
    pd.testing.assert_frame_equal(
        resample(build_cube(shuffled), "D", by_group=True),
        resample(shuffled, "D", by_group=True),
        check_exact=True,
    )


def test_undated_rows_count_for_the_whole_range_and_in_no_period() -> None:
    table = _sorted(
        pd.DataFrame(
            {
                "date": pd.to_datetime(
                    ["2026-03-01 10:00", "2026-03-01 18:00", None, "2026-03-02 00:00"]
                ),
                "platform": ["VK"] * 4,
                "account": ["a"] * 4,
                "followers": [100.0, 110.0, 999.0, 120.0],
                "likes": [1.0, 2.0, 4.0, 8.0],
            }
        )
    )
    cube = build_cube(table)

    whole = cube_kpis(cube).overall
    march = cube_kpis(cube.in_period(Period(date(2026, 3, 1), date(2026, 3, 31)))).overall

    assert cube.cells == 3  # two days and the undated cell
    assert (whole["followers_start"], whole["followers_end"], whole["interactions"]) == (
        100,
        999,
        15,
    )
    assert (march["followers_end"], march["interactions"]) == (120, 11)


def test_a_day_keeps_its_first_and_last_followers_and_every_response_time() -> None:
    table = _sorted(
        pd.DataFrame(
            {
                "date": pd.to_datetime(
                    ["2026-03-01 09:00", "2026-03-01 12:00", "2026-03-01 20:00"]
                ),
                "platform": ["VK"] * 3,
                "account": ["a"] * 3,
                "followers": [None, 10.0, 12.0],
                "response_time": [1.0, 5.0, 2.0],
            }
        )
    )

    cube = build_cube(table)

    assert cube.cells == 1
    assert (cube.followers_first[0], cube.followers_last[0]) == (10, 12)
    assert (cube.followers_sum[0], cube.followers_count[0]) == (22, 2)
    assert sorted(cube.response_value) == [1.0, 2.0, 5.0]
    assert cube_kpis(cube).overall["response_time_median_h"] == 2.0


def test_an_empty_table_gives_an_empty_cube_with_the_kpis_of_no_rows() -> None:
    table = _sorted(pd.DataFrame({"date": pd.to_datetime([]), "platform": [], "account": []}))

    cube = build_cube(table)

    assert cube.cells == 0
    assert_same_result(cube_kpis(cube), compute_kpis(table))
    assert cube_compare_periods(cube) is None


# ------------------------------------------------------------- arbitrary floats


def same(a: float | None, b: float | None) -> bool:
    if a is None or b is None:
        return a is None and b is None
    return math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-12)


@pytest.fixture(scope="module")
def float_table() -> pd.DataFrame:
    table = generated_table(rows=6_000, days=200, groups=5)
    table["spend"] = np.random.default_rng(3).uniform(0, 100, len(table))
    return table


def test_floats_give_the_same_kpis_up_to_the_order_of_summation(float_table: pd.DataFrame) -> None:
    """Sums of arbitrary floats may differ in the last bits with the order they are added in."""
    expected = compute_kpis(float_table)

    actual = cube_kpis(build_cube(float_table))

    assert [(g.platform, g.account, g.rows) for g in actual.groups] == [
        (g.platform, g.account, g.rows) for g in expected.groups
    ]
    pairs = [(actual.overall, expected.overall)]
    pairs += [(a.kpis, e.kpis) for a, e in zip(actual.groups, expected.groups, strict=True)]
    for got, want in pairs:
        assert all(same(got[kpi], want[kpi]) for kpi in want), (got, want)
    # Medians are taken over the rows, never of daily medians: exactly equal.
    assert actual.overall["response_time_median_h"] == expected.overall["response_time_median_h"]


@pytest.mark.parametrize("by_group", [False, True])
def test_floats_resample_the_same_up_to_the_order_of_summation(
    float_table: pd.DataFrame, by_group: bool
) -> None:
    expected = resample(float_table, "W", by_group=by_group)

    actual = resample(build_cube(float_table), "W", by_group=by_group)

    pd.testing.assert_frame_equal(actual, expected, rtol=1e-12)


# ------------------------------------------------------------- charts from the cube


def test_charts_from_a_table_a_cube_or_shared_chart_data_are_the_same(
    float_table: pd.DataFrame,
) -> None:
    shared = ChartData.of(float_table)
    for kind, build in CHART_BUILDERS.items():
        if kind == "kpi_vs_target":
            continue
        from_table = build(float_table, "ru")
        from_cube = build(build_cube(float_table), "ru")
        from_shared = build(shared, "ru")
        assert from_table is not None and from_cube is not None and from_shared is not None
        assert from_table.to_dict() == from_cube.to_dict() == from_shared.to_dict(), kind


def test_chart_data_resamples_once_when_made_and_the_charts_share_it(
    float_table: pd.DataFrame, monkeypatch: pytest.MonkeyPatch
) -> None:
    from smm_logic.outputs.charts import data as chart_data_module

    calls: list[tuple[str, bool]] = []
    original = chart_data_module.resample

    def counting(source: object, freq: str, *, by_group: bool = False) -> pd.DataFrame:
        calls.append((freq, by_group))
        return original(source, freq, by_group=by_group)  # type: ignore[arg-type]

    monkeypatch.setattr(chart_data_module, "resample", counting)
    data = ChartData.of(float_table)
    made = list(calls)

    first = [engagement_chart(data, "en"), negative_chart(data, "en"), followers_chart(data, "en")]
    again = [engagement_chart(data, "en"), negative_chart(data, "en"), followers_chart(data, "en")]
    russian = engagement_chart(data, "ru")

    with_followers = float_table.loc[float_table["followers"].notna(), "date"]
    assert made == [
        (choose_frequency(float_table["date"], 2, DRAWN_POINTS), False),
        (choose_frequency(with_followers, 5, DRAWN_POINTS), True),
    ]
    assert calls == made, "building charts never resamples again"
    assert all(
        a is not None and b is not None and a.to_dict() == b.to_dict()
        for a, b in zip(first, again, strict=True)
    )
    english = first[0]
    assert russian is not None and english is not None
    assert russian.to_dict() != english.to_dict()


def test_chart_data_is_frozen_and_keeps_no_mutable_state(float_table: pd.DataFrame) -> None:
    import dataclasses

    data = ChartData.of(float_table)

    with pytest.raises(dataclasses.FrozenInstanceError):
        data.trend = None  # type: ignore[misc]
    assert not any(isinstance(value, dict | list | set) for value in vars(data).values())
    assert data.trend is not None and data.followers is not None


def test_funnel_totals_of_the_cube_are_those_of_the_rows() -> None:
    header = ["Дата", "Охват", "Клики", "Лиды", "Продажи"]
    rows = [header, [date(2026, 3, 1), 1000, 50, 5, 1], [date(2026, 3, 1), 500, None, 3, 1]]
    table = read_report(xlsx_bytes(rows), "funnel.xlsx").table

    assert (
        funnel_steps(build_cube(table)) == funnel_steps(table) == funnel_steps(ChartData.of(table))
    )
