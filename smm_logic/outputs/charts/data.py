"""What the charts are drawn from: a selection's daily cube, bucketed by day, week or month.

Time series are bucketed before charting, so that no chart carries more than
``MAX_POINTS`` data points whatever the report's size. Every value per bucket comes
from ``smm_logic.kpis`` (the same rules as the KPI table), and a missing value stays
missing — a gap in a line, never an invented zero.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal, TypeAlias

import numpy as np
import pandas as pd

from smm_logic.kpis.catalog import kpi_ids
from smm_logic.kpis.cube import DailyCube, build_cube, run_aggregates, run_medians
from smm_logic.kpis.formulas import combine_arrays, derive_kpi_arrays
from smm_logic.kpis.periods import detect_granularity
from smm_logic.report.model import GROUP_KEYS

Frequency = Literal["D", "W", "M"]

MAX_POINTS = 2_000
# The points a time chart aims at when it picks its bucket: a year by day is 366 points
# a line, more than a chart a page wide can show apart; by week it reads as well and the
# browser draws a seventh of the marks. ``MAX_POINTS`` stays the hard cap (see
# ``thin_points``) when even months are more.
DRAWN_POINTS = 400
FREQUENCIES: tuple[Frequency, ...] = ("D", "W", "M")
# The column of a bucket's first day in resampled frames and in the charts' data.
BUCKET = "bucket"
# The KPI trend charts (engagement, negative) draw this many KPIs each.
TREND_SERIES = 2


def bucket_starts(dates: pd.Series, freq: Frequency) -> pd.Series:
    """The first day of each date's bucket: the day, the week's Monday or the month's 1st."""
    days = pd.to_datetime(dates).dt.normalize()
    if freq == "D":
        return days
    offset = days.dt.day_of_week if freq == "W" else days.dt.day - 1
    return days - pd.to_timedelta(offset, unit="D")


_STEPS: dict[str, Frequency] = {"day": "D", "week": "W", "month": "M"}


def choose_frequency(dates: pd.Series, series: int = 1, max_points: int = MAX_POINTS) -> Frequency:
    """The finest of day, week and month whose buckets × series stay within ``max_points``,
    and never finer than the report's own step: a report with one row a month is drawn
    by month, not as single days with nothing between them.

    Month when even months do not fit; the builders then thin the series (see
    ``thin_points``) so that the promise of ``max_points`` still holds.
    """
    known = pd.to_datetime(dates).dropna()
    step = _STEPS[detect_granularity(pd.DatetimeIndex(known.unique()).date.tolist())]
    for freq in FREQUENCIES[FREQUENCIES.index(step) : -1]:
        if bucket_starts(known, freq).nunique() * max(series, 1) <= max_points:
            return freq
    return FREQUENCIES[-1]


def resample(
    source: pd.DataFrame | DailyCube, freq: Frequency, *, by_group: bool = False
) -> pd.DataFrame:
    """Every KPI per time bucket (and per group with ``by_group``), as the KPI table
    would give on that bucket's rows.

    Columns: ``bucket`` (the bucket's first day), ``platform`` and ``account`` when
    ``by_group``, then one float column per KPI id (NaN where the KPI is null).
    Undated rows belong to no bucket. Buckets are runs of a group's days in the daily
    cube (a table is aggregated into one first), and ``smm_logic.kpis.formulas`` turns
    them into KPIs, so the formulas live in one place only.
    """
    cube = source if isinstance(source, DailyCube) else build_cube(source)
    return _resample_cube(cube, freq, by_group=by_group)


def _resample_cube(cube: DailyCube, freq: Frequency, *, by_group: bool) -> pd.DataFrame:
    """``resample`` from a daily cube: buckets are runs of a group's days."""
    keys = [BUCKET, *GROUP_KEYS] if by_group else [BUCKET]
    dated = cube.dated()
    if not dated.cells:
        return pd.DataFrame(columns=[*keys, *kpi_ids()])
    buckets = bucket_starts(pd.Series(dated.day), freq).to_numpy()
    # Cells run by group, then by day: each (group, bucket) is one run of cells.
    change = (dated.group[1:] != dated.group[:-1]) | (buckets[1:] != buckets[:-1])
    starts = np.flatnonzero(np.concatenate(([True], change)))
    first_of_run = np.zeros(dated.cells, dtype=np.bool_)
    first_of_run[starts] = True
    run = np.cumsum(first_of_run) - 1
    runs = len(starts)
    aggs = run_aggregates(dated, run, runs)
    run_bucket = buckets[starts]
    run_first_row = np.minimum.reduceat(dated.first_row, starts)
    # Within a bucket, groups in order of their first row there (as groupby(sort=False)).
    order = np.lexsort((run_first_row, run_bucket))
    if by_group:
        kpis = derive_kpi_arrays(aggs)
        group_keys = [dated.group_keys[group] for group in dated.group[starts][order]]
        columns: dict[str, Any] = {
            BUCKET: pd.Series(run_bucket[order]),
            "platform": pd.Series([p for p, _ in group_keys]),
            "account": pd.Series([a for _, a in group_keys]),
        }
    else:
        unique, bucket_of_run = np.unique(run_bucket, return_inverse=True)
        bucket_of_cell = bucket_of_run[run]
        medians = run_medians(
            bucket_of_cell[dated.response_cell], dated.response_value, len(unique)
        )
        whole = combine_arrays(
            aggs.take(order),
            bucket_of_run[order],
            len(unique),
            np.where(np.isfinite(medians), medians, np.nan),
        )
        kpis = derive_kpi_arrays(whole)
        order = np.arange(len(unique))
        columns = {BUCKET: pd.Series(unique)}
    columns.update({kpi: kpis[kpi][order] for kpi in kpi_ids()})
    return pd.DataFrame(columns)


def cube_days(cube: DailyCube) -> pd.Series:
    return pd.Series(cube.day)


@dataclass(frozen=True, eq=False)
class Buckets:
    """One resampling of a selection: the bucket size chosen and its KPIs per bucket."""

    freq: Frequency
    frame: pd.DataFrame


@dataclass(frozen=True, eq=False)
class ChartData:
    """The rows of a chart selection as a daily cube, with its views and resampled
    buckets computed once, when it is made (``ChartData.of``): the builders share the
    buckets instead of each resampling. Nothing is filled in later, so one object may
    be shared across threads; its frames and cubes must not be modified.

    - ``dated``: the dated cells; ``with_followers``: those with a followers value;
    - ``trend``: every KPI per bucket of ``dated``, sized for ``TREND_SERIES`` lines
      (``None`` without dated cells);
    - ``followers``: every KPI per bucket and group of ``with_followers``, sized for
      one line per group (``None`` without a followers column or such cells).

    Builders accept it in place of a table or a cube.
    """

    cube: DailyCube
    dated: DailyCube
    with_followers: DailyCube
    trend: Buckets | None
    followers: Buckets | None

    @classmethod
    def of(cls, source: pd.DataFrame | DailyCube) -> ChartData:
        cube = source if isinstance(source, DailyCube) else build_cube(source)
        dated = cube.dated()
        with_followers = dated.select(dated.followers_count > 0)
        trend = None
        if dated.cells:
            freq = choose_frequency(cube_days(dated), TREND_SERIES, DRAWN_POINTS)
            trend = Buckets(freq, resample(dated, freq))
        followers = None
        if "followers" in cube.columns and with_followers.cells:
            series = len(np.unique(with_followers.group))
            freq = choose_frequency(cube_days(with_followers), series, DRAWN_POINTS)
            followers = Buckets(freq, resample(with_followers, freq, by_group=True))
        return cls(cube, dated, with_followers, trend, followers)

    @property
    def columns(self) -> frozenset[str]:
        return self.cube.columns


ChartInput: TypeAlias = pd.DataFrame | DailyCube | ChartData


def chart_data(source: ChartInput) -> ChartData:
    return source if isinstance(source, ChartData) else ChartData.of(source)


def cube_of(source: ChartInput) -> DailyCube:
    """The daily cube of a chart input, without resampling it."""
    if isinstance(source, ChartData):
        return source.cube
    return source if isinstance(source, DailyCube) else build_cube(source)
