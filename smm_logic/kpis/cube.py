"""The daily cube: a report table aggregated once per (group, day), and every KPI of any
selection of it (groups, period) computed from its cells without touching the rows.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import NamedTuple

import numpy as np
import numpy.typing as npt
import pandas as pd

from smm_logic.kpis.catalog import SUMMED, KpiValues
from smm_logic.kpis.formulas import (
    AggregateArrays,
    Bools,
    Floats,
    Ints,
    combine_arrays,
    derive_kpi_arrays,
    finite_or_nan,
    optional_number,
    pairwise_totals,
    sums_per_scope,
)
from smm_logic.kpis.periods import Period
from smm_logic.report.model import GROUP_KEYS


@dataclass(frozen=True)
class GroupKpis:
    """KPIs of one (platform, account) group."""

    platform: str | None
    account: str | None
    rows: int
    kpis: KpiValues


@dataclass(frozen=True)
class KpiResult:
    """KPIs of a scope: the whole of it and each group in it."""

    overall: KpiValues
    groups: tuple[GroupKpis, ...]
    rows: int


def group_key(value: object) -> str | None:
    return None if value is None or (isinstance(value, float) and math.isnan(value)) else str(value)


# ---------------------------------------------------------------- the daily cube

NO_ROW = np.iinfo(np.int64).max


@dataclass(frozen=True, eq=False)
class DailyCube:
    """A report table aggregated once: one cell per (group, day), for cheap reruns.

    Cells are ordered by group (in order of first appearance) and then by day, with a
    group's undated rows in one cell of their own (day NaT) after its dated ones. A
    cell holds, for each summed metric present, the sum of its known values (NaN when
    none is known), its row count, the first and last known followers value in table
    order with their row positions, and the sum and count of the known followers.
    Response times are kept as raw values (one per row that has one) with their cell,
    sorted by group and value, so that every median is over rows, never of medians.

    ``cube_kpis`` of a cube (or of a ``select``-ion by groups and period) gives the KPIs
    of kpi-spec §3 of the same rows (``tests/kpi_oracle.py`` computes them from the rows,
    and the tests hold the two equal). Treat a cube as read-only.
    """

    columns: frozenset[str]
    # Per group: the (platform, account) values as read (None when empty) and as keys.
    group_values: tuple[tuple[object, object], ...]
    group_keys: tuple[tuple[str | None, str | None], ...]
    # Per cell.
    group: Ints
    day: npt.NDArray[np.datetime64]
    rows: Ints
    first_row: Ints
    sums: Mapping[str, Floats]
    followers_first: Floats
    followers_last: Floats
    followers_first_row: Ints
    followers_last_row: Ints
    followers_sum: Floats
    followers_count: Ints
    # Per known response time.
    response_cell: Ints
    response_value: Floats

    @property
    def cells(self) -> int:
        return len(self.group)

    @property
    def row_count(self) -> int:
        return int(self.rows.sum())

    def select(self, cells: Bools) -> DailyCube:
        """The cube of the rows in the chosen cells (a boolean per cell)."""
        renumbered = np.cumsum(cells) - 1
        response = cells[self.response_cell]
        return DailyCube(
            columns=self.columns,
            group_values=self.group_values,
            group_keys=self.group_keys,
            group=self.group[cells],
            day=self.day[cells],
            rows=self.rows[cells],
            first_row=self.first_row[cells],
            sums={c: values[cells] for c, values in self.sums.items()},
            followers_first=self.followers_first[cells],
            followers_last=self.followers_last[cells],
            followers_first_row=self.followers_first_row[cells],
            followers_last_row=self.followers_last_row[cells],
            followers_sum=self.followers_sum[cells],
            followers_count=self.followers_count[cells],
            response_cell=renumbered[self.response_cell[response]],
            response_value=self.response_value[response],
        )

    def group_mask(self, platform: object, account: object) -> Bools:
        """The groups of one (platform, account) pair; ``None`` matches an empty key."""

        def matches(value: object, wanted: object) -> bool:
            return value is None if wanted is None else bool(value == wanted)

        return np.array(
            [matches(p, platform) and matches(a, account) for p, a in self.group_values],
            dtype=np.bool_,
        )

    def for_groups(self, groups: Bools) -> DailyCube:
        """The rows of the chosen groups (a boolean per group)."""
        return self.select(groups[self.group])

    def dated(self) -> DailyCube:
        return self.select(~np.isnat(self.day))

    def in_period(self, period: Period) -> DailyCube:
        """The rows dated inside a period (undated rows belong to no period), as ``rows_in``."""
        start = np.datetime64(period.start, "D")
        end = np.datetime64(period.end, "D")
        return self.select((self.day >= start) & (self.day <= end))

    def dates(self) -> list[date]:
        """The distinct days that have rows, as ``table_dates`` gives them."""
        days = np.unique(self.day[~np.isnat(self.day)])
        return [pd.Timestamp(day).date() for day in days]

    def totals(self) -> dict[str, float | None]:
        """Σ of each summed metric over all rows, as ``aggregate(rows).sums``."""
        into = np.zeros(self.cells, dtype=np.intp)
        return {
            c: optional_number(sums_per_scope(self.sums[c], into, 1)[0]) if c in self.sums else None
            for c in SUMMED
        }


def _groups(table: pd.DataFrame) -> tuple[Ints, tuple[tuple[object, object], ...]]:
    """Each row's group code (groups in order of first appearance) and each group's
    (platform, account) values as read, ``None`` where empty."""
    n = len(table)
    keys = list(GROUP_KEYS)
    codes: Ints = np.zeros(n, dtype=np.int64)
    if n:
        codes[:] = table.groupby(keys, dropna=False, sort=False).ngroup().to_numpy()
    _, first_of_group = np.unique(codes, return_index=True)
    values = [table[key].iloc[first_of_group].astype(object).tolist() if n else [] for key in keys]
    group_values = tuple(
        (None if pd.isna(p) else p, None if pd.isna(a) else a) for p, a in zip(*values, strict=True)
    )
    return codes, group_values


@dataclass(frozen=True, eq=False)
class _Cells:
    """The rows sorted into cells: ``order`` sorts the table by group, then day (stable,
    so a cell's rows stay in table order); ``starts`` are the cells' first sorted rows."""

    table: pd.DataFrame
    codes: Ints
    days: npt.NDArray[np.datetime64]
    order: npt.NDArray[np.intp]
    starts: npt.NDArray[np.intp]

    @classmethod
    def of(cls, table: pd.DataFrame, codes: Ints) -> _Cells:
        n = len(table)
        if "date" in table.columns:
            days = pd.to_datetime(table["date"]).dt.normalize().to_numpy()
        else:
            days = np.full(n, np.datetime64("NaT", "ns"))
        day_order = np.where(np.isnat(days), NO_ROW, days.view(np.int64))
        order = np.lexsort((day_order, codes))
        sorted_codes, sorted_days = codes[order], day_order[order]
        if n:
            change = (sorted_codes[1:] != sorted_codes[:-1]) | (sorted_days[1:] != sorted_days[:-1])
            starts = np.flatnonzero(np.concatenate(([True], change)))
        else:
            starts = np.zeros(0, dtype=np.intp)
        return cls(table, codes, days, order, starts)

    @property
    def rows(self) -> int:
        return len(self.table)

    def column(self, name: str) -> Floats:
        """A metric column in sorted order (all NaN when the table lacks it)."""
        if name not in self.table.columns:
            return np.full(self.rows, np.nan)
        return self.table[name].to_numpy(dtype=np.float64, na_value=np.nan)[self.order]

    def per_cell(self, values: Floats) -> tuple[Floats, Ints]:
        """Σ and count of the known values of each cell."""
        if not self.rows:
            return np.zeros(0), np.zeros(0, dtype=np.int64)
        known = ~np.isnan(values)
        sums = np.add.reduceat(np.where(known, values, 0.0), self.starts)
        counts = np.add.reduceat(known.astype(np.int64), self.starts)
        return sums, counts

    def cell_of_sorted_row(self) -> Ints:
        first = np.zeros(self.rows, dtype=np.bool_)
        first[self.starts] = True
        return (np.cumsum(first) - 1).astype(np.int64)


class _Followers(NamedTuple):
    first: Floats
    last: Floats
    first_row: Ints
    last_row: Ints
    total: Floats
    known: Ints


def _followers(cells: _Cells) -> _Followers:
    """Per cell: the first and last known followers (in table order) with their row
    positions, and the sum and count of the known ones."""
    followers = cells.column("followers")
    in_table_order = np.empty(cells.rows)
    in_table_order[cells.order] = followers
    followers_sum, followers_count = cells.per_cell(followers)
    positions = cells.order.astype(np.int64)
    if cells.rows:
        known = ~np.isnan(followers)
        # Rows of a cell are in table order, so its first known value has the least position.
        first_row = np.minimum.reduceat(np.where(known, positions, NO_ROW), cells.starts)
        last_row = np.maximum.reduceat(np.where(known, positions, -1), cells.starts)
    else:
        first_row = last_row = np.zeros(0, dtype=np.int64)
    has = followers_count > 0
    first_value = in_table_order[np.where(has, first_row, 0)] if cells.rows else followers
    last_value = in_table_order[np.where(has, last_row, 0)] if cells.rows else followers
    return _Followers(
        first=np.where(has, first_value, np.nan),
        last=np.where(has, last_value, np.nan),
        first_row=np.where(has, first_row, NO_ROW),
        last_row=np.where(has, last_row, -1),
        total=np.where(has, followers_sum, np.nan),
        known=followers_count,
    )


def _responses(cells: _Cells, cell_group: Ints) -> tuple[Ints, Floats]:
    """Every known response time with its cell, sorted by group and value."""
    if "response_time" in cells.table.columns:
        response = cells.column("response_time")
        answered = ~np.isnan(response)
        response_cell = cells.cell_of_sorted_row()[answered]
        response_value = response[answered]
    else:
        response_cell = np.zeros(0, dtype=np.int64)
        response_value = np.zeros(0, dtype=np.float64)
    by_value = np.lexsort((response_value, cell_group[response_cell]))
    return response_cell[by_value], response_value[by_value]


def build_cube(table: pd.DataFrame) -> DailyCube:
    """The daily cube of a canonical table (see ``DailyCube``)."""
    codes, group_values = _groups(table)
    cells = _Cells.of(table, codes)
    sums: dict[str, Floats] = {}
    for name in SUMMED:
        if name in table.columns:
            total, count = cells.per_cell(cells.column(name))
            sums[name] = np.where(count > 0, total, np.nan)
    cell_group: Ints = codes[cells.order][cells.starts].astype(np.int64)
    response_cell, response_value = _responses(cells, cell_group)
    followers = _followers(cells)
    return DailyCube(
        columns=frozenset(table.columns),
        group_values=group_values,
        group_keys=tuple((group_key(p), group_key(a)) for p, a in group_values),
        group=cell_group,
        day=cells.days[cells.order][cells.starts],
        rows=np.diff(np.append(cells.starts, cells.rows)).astype(np.int64),
        first_row=cells.order.astype(np.int64)[cells.starts],
        sums=sums,
        followers_first=followers.first,
        followers_last=followers.last,
        followers_first_row=followers.first_row,
        followers_last_row=followers.last_row,
        followers_sum=followers.total,
        followers_count=followers.known,
        response_cell=response_cell,
        response_value=response_value,
    )


def _first_per_run(run: npt.NDArray[np.intp], key: Ints, runs: int) -> npt.NDArray[np.intp]:
    """The index of the element with the smallest key in each run (-1 for an empty run)."""
    chosen = np.full(runs, -1, dtype=np.intp)
    if not len(run):
        return chosen
    order = np.lexsort((key, run))
    ordered = run[order]
    first = np.concatenate(([True], ordered[1:] != ordered[:-1]))
    chosen[ordered[first]] = order[first]
    return chosen


def run_medians(run: npt.NDArray[np.intp], values: Floats, runs: int) -> Floats:
    """The median of ``values`` in each run (NaN for a run without values)."""
    order = np.lexsort((values, run))
    ordered = values[order]
    counts = np.bincount(run, minlength=runs)
    starts = np.concatenate(([0], np.cumsum(counts)[:-1])).astype(np.intp)
    low = starts + np.maximum(counts - 1, 0) // 2
    high = starts + counts // 2
    medians = np.full(runs, np.nan)
    has = counts > 0
    medians[has] = (ordered[low[has]] + ordered[high[has]]) / 2
    return medians


def run_aggregates(cube: DailyCube, run: npt.NDArray[np.intp], runs: int) -> AggregateArrays:
    """Per run of cells (``run[i]`` for cell ``i``; each run within one group): what
    ``aggregate`` gives on the run's rows, including the response-time median."""
    known_sums = {c: finite_or_nan(sums_per_scope(v, run, runs)) for c, v in cube.sums.items()}
    missing = np.full(runs, np.nan)
    rows = np.bincount(run, weights=cube.rows, minlength=runs).astype(np.int64)
    counts = np.bincount(run, weights=cube.followers_count, minlength=runs)
    start = _first_per_run(run, cube.followers_first_row, runs)
    end = _first_per_run(run, -cube.followers_last_row, runs)
    has = counts > 0
    with np.errstate(all="ignore"):
        total = pairwise_totals(np.nan_to_num(cube.followers_sum, nan=0.0), run, runs)
        average = np.where(has, total / counts, np.nan)
    return AggregateArrays(
        sums={c: known_sums.get(c, missing) for c in SUMMED},
        rows=rows,
        followers_start=finite_or_nan(np.where(has, cube.followers_first[start], np.nan)),
        followers_end=finite_or_nan(np.where(has, cube.followers_last[end], np.nan)),
        followers_avg=finite_or_nan(average),
        response_time_median=finite_or_nan(
            run_medians(run[cube.response_cell], cube.response_value, runs)
        ),
    )


def _group_runs(cube: DailyCube) -> tuple[npt.NDArray[np.intp], npt.NDArray[np.intp]]:
    """The groups present, in order of their first row (as groupby(sort=False) meets
    them), and each cell's rank among them."""
    groups = len(cube.group_keys)
    first = np.full(groups, NO_ROW, dtype=np.int64)
    np.minimum.at(first, cube.group, cube.first_row)
    present = np.flatnonzero(first < NO_ROW)
    ordered = present[np.argsort(first[present], kind="stable")]
    rank = np.full(groups, -1, dtype=np.intp)
    rank[ordered] = np.arange(len(ordered))
    return ordered, rank[cube.group]


def _whole(cube: DailyCube, groups: AggregateArrays) -> AggregateArrays:
    median = run_medians(np.zeros(len(cube.response_value), dtype=np.intp), cube.response_value, 1)
    return combine_arrays(groups, np.zeros(len(groups), dtype=np.intp), 1, finite_or_nan(median))


def whole_aggregates(cube: DailyCube) -> AggregateArrays:
    """The aggregates every overall KPI of ``cube_kpis`` is derived from (one scope):
    the sums, posts, followers and per-post denominators of the whole cube, so that a
    KPI can be shown with the numbers it was computed from."""
    ordered, run = _group_runs(cube)
    return _whole(cube, run_aggregates(cube, run, len(ordered)))


def _optional_numbers(values: Floats) -> list[float | None]:
    """``optional_number`` of each value, a whole column at a time."""
    numbers = values.astype(object)
    numbers[~np.isfinite(values)] = None
    return numbers.tolist()  # type: ignore[no-any-return]


def _group_results(
    cube: DailyCube, ordered: npt.NDArray[np.intp], rows: Ints, kpis: Mapping[str, Floats]
) -> tuple[GroupKpis, ...]:
    """Each group's ``GroupKpis``, made column by column: one numpy step per KPI, then
    only the dicts are built per group (50,000 accounts are 1.2 million values)."""
    ids = list(kpis)
    columns = [_optional_numbers(kpis[kpi]) for kpi in ids]
    keys = [cube.group_keys[group] for group in ordered.tolist()]
    return tuple(
        GroupKpis(platform, account, count, dict(zip(ids, values, strict=True)))
        for (platform, account), count, values in zip(
            keys, rows.tolist(), zip(*columns, strict=True), strict=True
        )
    )


def cube_kpis(cube: DailyCube) -> KpiResult:
    """KPIs per group and for the whole cube (its rows, as kpi-spec §3 defines them)."""
    ordered, run = _group_runs(cube)
    aggs = run_aggregates(cube, run, len(ordered))
    results = _group_results(cube, ordered, aggs.rows, derive_kpi_arrays(aggs))
    whole = _whole(cube, aggs)
    overall = {kpi: optional_number(values[0]) for kpi, values in derive_kpi_arrays(whole).items()}
    return KpiResult(overall=overall, groups=results, rows=cube.row_count)
