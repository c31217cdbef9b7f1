"""The KPIs of kpi-spec §3: per group, for the whole report, and period against period.

Inputs are the canonical table of ``ingest.Report``. A KPI whose inputs are missing
or whose denominator is zero is ``None`` — never NaN, infinity or an invented 0.
"""

from __future__ import annotations

import calendar
import itertools
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache
from typing import Literal, TypeAlias

import numpy as np
import numpy.typing as npt
import pandas as pd

from smm_logic.i18n import Lang, load_data_file
from smm_logic.ingest import GROUP_KEYS, Report

Direction = Literal["higher", "lower", "none"]
KpiValues = dict[str, float | None]
Floats: TypeAlias = npt.NDArray[np.float64]
Ints: TypeAlias = npt.NDArray[np.int64]
Bools: TypeAlias = npt.NDArray[np.bool_]

# Summed over rows; followers and response time are aggregated differently.
SUMMED = (
    "new_followers", "unfollows", "paid_followers", "posts", "reach", "views", "impressions",
    "likes", "comments", "shares", "saves", "clicks", "negative_comments", "negative_answered",
    "spend", "leads", "sales", "revenue",
)  # fmt: skip
INTERACTION_COLUMNS = ("likes", "comments", "shares", "saves")


@dataclass(frozen=True)
class KpiInfo:
    """What a KPI is: its names, plain-words formula, unit and better direction."""

    id: str
    section: str
    unit: str
    direction: Direction
    name_ru: str
    name_en: str
    formula_ru: str
    formula_en: str
    requires: tuple[tuple[str, ...], ...]

    def name(self, lang: Lang) -> str:
        return self.name_ru if lang == "ru" else self.name_en

    def formula(self, lang: Lang) -> str:
        return self.formula_ru if lang == "ru" else self.formula_en

    def missing_columns(self, present: frozenset[str]) -> tuple[tuple[str, ...], ...]:
        """The "any of" column sets not satisfied by the columns present."""
        return tuple(group for group in self.requires if not present.intersection(group))


@cache
def kpi_catalog() -> dict[str, KpiInfo]:
    """KPI metadata from ``data/kpis.toml`` by id, in display order."""
    return {
        record["id"]: KpiInfo(
            id=record["id"],
            section=record["section"],
            unit=record["unit"],
            direction=record["direction"],
            name_ru=record["name_ru"],
            name_en=record["name_en"],
            formula_ru=record["formula_ru"],
            formula_en=record["formula_en"],
            requires=tuple(tuple(group) for group in record["requires"]),
        )
        for record in load_data_file("kpis.toml")["kpi"]
    }


def kpi_ids() -> tuple[str, ...]:
    return tuple(kpi_catalog())


@dataclass(frozen=True)
class Aggregates:
    """The sums and follower figures every KPI is derived from, for one scope."""

    sums: Mapping[str, float | None]
    rows: int
    followers_start: float | None
    followers_end: float | None
    followers_avg: float | None
    response_time_median: float | None

    @property
    def posts(self) -> float:
        """Σposts when the column has values, else the number of rows (kpi-spec §3)."""
        posts = self.sums.get("posts")
        return float(self.rows) if posts is None else posts


def _clean(value: object) -> float | None:
    if value is None:
        return None
    number = float(value)  # type: ignore[arg-type]
    return number if math.isfinite(number) else None


def _nan(value: float | None) -> float:
    return math.nan if value is None else value


def _optional(value: object) -> float | None:
    """NaN → None; every other number as it is (inf stays for the rules that follow)."""
    number = float(value)  # type: ignore[arg-type]
    return None if math.isnan(number) else number


def _finite(values: Floats) -> Floats:
    return np.where(np.isfinite(values), values, np.nan)


@dataclass(frozen=True, eq=False)
class AggregateArrays:
    """``Aggregates`` of several scopes at once, NaN where a value is missing.

    ``sums`` has every id of ``SUMMED`` (all NaN for a column the table lacks).
    """

    sums: Mapping[str, Floats]
    rows: Ints
    followers_start: Floats
    followers_end: Floats
    followers_avg: Floats
    response_time_median: Floats

    def __len__(self) -> int:
        return len(self.rows)

    @classmethod
    def of(cls, aggs: Sequence[Aggregates]) -> AggregateArrays:
        def floats(values: Sequence[float | None]) -> Floats:
            return np.array([_nan(v) for v in values], dtype=np.float64)

        return cls(
            sums={c: floats([a.sums.get(c) for a in aggs]) for c in SUMMED},
            rows=np.array([a.rows for a in aggs], dtype=np.int64),
            followers_start=floats([a.followers_start for a in aggs]),
            followers_end=floats([a.followers_end for a in aggs]),
            followers_avg=floats([a.followers_avg for a in aggs]),
            response_time_median=floats([a.response_time_median for a in aggs]),
        )

    def aggregate(self, index: int) -> Aggregates:
        return Aggregates(
            sums={c: _optional(self.sums[c][index]) for c in SUMMED},
            rows=int(self.rows[index]),
            followers_start=_optional(self.followers_start[index]),
            followers_end=_optional(self.followers_end[index]),
            followers_avg=_optional(self.followers_avg[index]),
            response_time_median=_optional(self.response_time_median[index]),
        )

    def take(self, indices: npt.NDArray[np.intp]) -> AggregateArrays:
        return AggregateArrays(
            sums={c: values[indices] for c, values in self.sums.items()},
            rows=self.rows[indices],
            followers_start=self.followers_start[indices],
            followers_end=self.followers_end[indices],
            followers_avg=self.followers_avg[indices],
            response_time_median=self.response_time_median[indices],
        )


def _ratio(numerator: Floats, denominator: Floats, scale: float = 1.0) -> Floats:
    """numerator / denominator × scale; NaN (null) when an input is missing or the
    denominator is 0. Non-finite results are cleaned by the caller."""
    value: Floats = numerator / denominator * scale
    return np.where(denominator == 0, np.nan, value)


def derive_kpi_arrays(agg: AggregateArrays) -> dict[str, Floats]:
    """Every KPI of kpi-spec §3 for each scope of ``agg``: NaN where a KPI is null.

    The one place where the formulas live: ``derive_kpis`` is this for one scope.
    """
    s = agg.sums
    start, end, avg = agg.followers_start, agg.followers_end, agg.followers_avg
    with np.errstate(all="ignore"):
        net = end - start
        total = np.zeros(len(agg), dtype=np.float64)
        known = np.zeros(len(agg), dtype=np.bool_)
        for column in INTERACTION_COLUMNS:
            present = ~np.isnan(s[column])
            total = total + np.where(present, s[column], 0.0)
            known |= present
        interactions = np.where(known, total, np.nan)
        posts = np.where(np.isnan(s["posts"]), agg.rows.astype(np.float64), s["posts"])
        # NaN > 0 is false: a missing average gives no per-post denominator either.
        per_post_follower = np.where(avg > 0, posts * avg, np.nan)
        gained = np.where(np.isnan(s["new_followers"]), net, s["new_followers"])
        paid = s["paid_followers"]
        has_paid = ~np.isnan(paid)
        organic = np.where(has_paid & (gained > 0), (gained - paid) / gained * 100, np.nan)
        exposure = np.where(np.isnan(s["impressions"]), s["views"], s["impressions"])
        spend = s["spend"]
        by_net = np.where(net > 0, _ratio(spend, net), np.nan)
        cpf = np.where(has_paid, _ratio(spend, paid), by_net)
        values: dict[str, Floats] = {
            "followers_start": start,
            "followers_end": end,
            "followers_net_change": net,
            "follower_growth_pct": _ratio(net, start, 100),
            "organic_share_pct": organic,
            "interactions": interactions,
            "er_followers_pct": _ratio(interactions, per_post_follower, 100),
            "err_pct": _ratio(interactions, s["reach"], 100),
            "er_views_pct": _ratio(interactions, s["views"], 100),
            "reach_rate_pct": _ratio(s["reach"], per_post_follower, 100),
            "talk_rate_pct": _ratio(s["comments"], per_post_follower, 100),
            "amplification_rate_pct": _ratio(s["shares"], per_post_follower, 100),
            "negative_share_pct": _ratio(s["negative_comments"], s["comments"], 100),
            "negative_response_rate_pct": _ratio(
                s["negative_answered"], s["negative_comments"], 100
            ),
            "response_time_median_h": agg.response_time_median,
            "ctr_pct": _ratio(s["clicks"], exposure, 100),
            "cpc": _ratio(spend, s["clicks"]),
            "cpm": _ratio(spend, exposure, 1000),
            "cpf": cpf,
            "cpl": _ratio(spend, s["leads"]),
            "conversion_pct": _ratio(s["leads"], s["clicks"], 100),
            # ROMI needs a non-zero spend: _ratio gives null for a zero or missing one.
            "romi_pct": _ratio(s["revenue"] - spend, spend, 100),
        }
    return {kpi: _finite(values[kpi]) for kpi in kpi_ids()}


def derive_kpis(agg: Aggregates) -> KpiValues:
    """Every KPI of kpi-spec §3 from one scope's aggregates."""
    arrays = derive_kpi_arrays(AggregateArrays.of([agg]))
    return {kpi: _clean(values[0]) for kpi, values in arrays.items()}


def _present_sums(frame: pd.DataFrame) -> dict[str, float | None]:
    columns = [c for c in SUMMED if c in frame.columns]
    totals = frame[columns].sum(min_count=1) if columns else pd.Series(dtype=float)
    return {c: _clean(totals[c]) if c in totals and pd.notna(totals[c]) else None for c in SUMMED}


def aggregate(frame: pd.DataFrame) -> Aggregates:
    """One scope's aggregates (rows must be date-sorted for start and end)."""
    followers = frame["followers"].dropna() if "followers" in frame.columns else pd.Series()
    response = frame["response_time"].dropna() if "response_time" in frame.columns else None
    return Aggregates(
        sums=_present_sums(frame),
        rows=len(frame),
        followers_start=_clean(followers.iloc[0]) if len(followers) else None,
        followers_end=_clean(followers.iloc[-1]) if len(followers) else None,
        followers_avg=_clean(followers.mean()) if len(followers) else None,
        response_time_median=_clean(response.median())
        if response is not None and len(response)
        else None,
    )


def _totals(values: Floats, into: npt.NDArray[np.intp], size: int) -> Floats:
    """Σ of the known values per scope (in input order); NaN for a scope without any."""
    known = ~np.isnan(values)
    totals = np.bincount(into, weights=np.where(known, values, 0.0), minlength=size)
    counts = np.bincount(into, weights=known, minlength=size)
    return np.where(counts > 0, totals, np.nan)


def combine_arrays(
    groups: AggregateArrays, into: npt.NDArray[np.intp], size: int, medians: Floats
) -> AggregateArrays:
    """Scopes made of groups (``into[i]`` is the scope of group ``i``, groups in order):
    sums add up, follower figures are sums of the groups' values, and ``medians`` are
    the response-time medians over all rows of each scope (kpi-spec §3)."""
    sums = {c: _totals(groups.sums[c], into, size) for c in SUMMED}
    rows = np.bincount(into, weights=groups.rows, minlength=size).astype(np.int64)
    # Σposts of each group (or its row count) must add up, not Σposts of the rows that have it.
    posts = groups.sums["posts"]
    with_posts = np.bincount(into, weights=~np.isnan(posts), minlength=size) > 0
    group_posts = np.where(np.isnan(posts), groups.rows.astype(np.float64), posts)
    posts_total = np.bincount(into, weights=group_posts, minlength=size)
    sums["posts"] = np.where(with_posts, posts_total, np.nan)
    return AggregateArrays(
        sums=sums,
        rows=rows,
        followers_start=_totals(groups.followers_start, into, size),
        followers_end=_totals(groups.followers_end, into, size),
        followers_avg=_totals(groups.followers_avg, into, size),
        response_time_median=medians,
    )


def combine(groups: Sequence[Aggregates], all_rows: pd.DataFrame) -> Aggregates:
    """The whole report: sums add up, follower figures are sums of the groups' values,
    and the response time is the median over all rows (kpi-spec §3)."""
    response = (
        all_rows["response_time"].dropna() if "response_time" in all_rows.columns else pd.Series()
    )
    median = _clean(response.median()) if len(response) else None
    into = np.zeros(len(groups), dtype=np.intp)
    median_array = np.array([_nan(median)], dtype=np.float64)
    return combine_arrays(AggregateArrays.of(groups), into, 1, median_array).aggregate(0)


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


def _key(value: object) -> str | None:
    return None if value is None or (isinstance(value, float) and math.isnan(value)) else str(value)


def compute_kpis(table: pd.DataFrame) -> KpiResult:
    """KPIs per group and for the whole table (rows already sorted by date per group)."""
    group_aggs: list[Aggregates] = []
    groups: list[GroupKpis] = []
    if len(table):
        grouped = table.groupby(list(GROUP_KEYS), dropna=False, sort=False)
        for (platform, account), frame in grouped:
            agg = aggregate(frame)
            group_aggs.append(agg)
            groups.append(GroupKpis(_key(platform), _key(account), agg.rows, derive_kpis(agg)))
    overall = derive_kpis(combine(group_aggs, table))
    return KpiResult(overall=overall, groups=tuple(groups), rows=len(table))


def report_kpis(report: Report) -> KpiResult:
    return compute_kpis(report.table)


# ---------------------------------------------------------------- periods


@dataclass(frozen=True)
class Period:
    """Calendar days from ``start`` to ``end``, both included."""

    start: date
    end: date

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1


Granularity = Literal["day", "week", "month"]


def detect_granularity(dates: Sequence[date]) -> Granularity:
    """How far apart a report's rows are: daily (or per post), weekly or monthly."""
    unique = sorted(set(dates))
    if len(unique) < 2:
        return "day"
    gaps = [(b - a).days for a, b in itertools.pairwise(unique)]
    if all(d.day == 1 for d in unique) and min(gaps) >= 28:
        return "month"
    if all(gap % 7 == 0 for gap in gaps):
        return "week"
    return "day"


def _add_months(day: date, months: int) -> date:
    index = day.year * 12 + day.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


def default_periods(dates: Sequence[date]) -> tuple[Period, Period] | None:
    """(previous, current): the report's range cut into two halves of equal length.

    Lengths count whole report steps (days, weeks or months), so a six-month
    monthly report compares its last three months with the three before them.
    """
    if not dates:
        return None
    first, last = min(dates), max(dates)
    kind = detect_granularity(dates)
    if kind == "month":
        months = (last.year - first.year) * 12 + last.month - first.month + 1
        half = months // 2
        if half == 0:
            return None
        current_start = _add_months(last, -(half - 1))
        current_end = last.replace(day=calendar.monthrange(last.year, last.month)[1])
        previous_start = _add_months(current_start, -half)
        return Period(previous_start, current_start - timedelta(days=1)), Period(
            current_start, current_end
        )
    step = 7 if kind == "week" else 1
    steps = (last - first).days // step + 1
    half = steps // 2
    if half == 0:
        return None
    current_start = last - timedelta(days=(half - 1) * step)
    current = Period(current_start, last + timedelta(days=step - 1))
    previous = Period(
        current_start - timedelta(days=half * step), current_start - timedelta(days=1)
    )
    return previous, current


def rows_in(table: pd.DataFrame, period: Period) -> pd.DataFrame:
    """The rows dated inside a period (undated rows belong to no period)."""
    dates = table["date"]
    start = pd.Timestamp(period.start)
    end = pd.Timestamp(period.end) + pd.Timedelta(days=1)
    return table.loc[(dates >= start) & (dates < end)]


@dataclass(frozen=True)
class KpiChange:
    previous: float | None
    current: float | None
    absolute: float | None
    relative_pct: float | None


@dataclass(frozen=True)
class PeriodComparison:
    previous_period: Period
    current_period: Period
    previous: KpiResult
    current: KpiResult
    changes: dict[str, KpiChange]


def _change(before: float | None, after: float | None) -> KpiChange:
    if before is None or after is None:
        return KpiChange(before, after, None, None)
    relative = None if before == 0 else (after - before) / abs(before) * 100
    return KpiChange(before, after, _clean(after - before), _clean(relative))


def table_dates(table: pd.DataFrame) -> list[date]:
    stamps = table["date"].dropna()
    return [d.date() for d in pd.to_datetime(stamps.dt.normalize().unique())]


def compare_periods(
    table: pd.DataFrame,
    previous: Period | None = None,
    current: Period | None = None,
) -> PeriodComparison | None:
    """KPIs of the current period against the previous one, with every change.

    Without periods given, the report's range is halved (``default_periods``);
    ``None`` when the report has fewer than two distinct dates.
    """
    if previous is None or current is None:
        periods = default_periods(table_dates(table))
        if periods is None:
            return None
        previous, current = periods
    before = compute_kpis(rows_in(table, previous))
    after = compute_kpis(rows_in(table, current))
    changes = {kpi: _change(before.overall[kpi], after.overall[kpi]) for kpi in kpi_ids()}
    return PeriodComparison(previous, current, before, after, changes)


# ---------------------------------------------------------------- the daily cube

_NO_ROW = np.iinfo(np.int64).max


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

    ``cube_kpis`` of a cube (or of a ``select``-ion by groups and period) equals
    ``compute_kpis`` of the same rows. Treat a cube as read-only.
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
            c: _clean(_totals(self.sums[c], into, 1)[0]) if c in self.sums else None for c in SUMMED
        }


def build_cube(table: pd.DataFrame) -> DailyCube:
    """The daily cube of a canonical table (see ``DailyCube``)."""
    n = len(table)
    keys = list(GROUP_KEYS)
    if n:
        codes = table.groupby(keys, dropna=False, sort=False).ngroup().to_numpy(dtype=np.int64)
    else:
        codes = np.zeros(0, dtype=np.int64)
    _, first_of_group = np.unique(codes, return_index=True)
    values = [table[key].iloc[first_of_group].astype(object).tolist() if n else [] for key in keys]
    group_values = tuple(
        (None if pd.isna(p) else p, None if pd.isna(a) else a) for p, a in zip(*values, strict=True)
    )
    group_keys = tuple((_key(p), _key(a)) for p, a in group_values)

    if "date" in table.columns:
        days = pd.to_datetime(table["date"]).dt.normalize().to_numpy()
    else:
        days = np.full(n, np.datetime64("NaT", "ns"))
    undated = np.isnat(days)
    day_order = np.where(undated, _NO_ROW, days.view(np.int64))
    # Stable: the rows of a cell stay in table order.
    order = np.lexsort((day_order, codes))
    sorted_codes, sorted_days = codes[order], day_order[order]
    if n:
        change = (sorted_codes[1:] != sorted_codes[:-1]) | (sorted_days[1:] != sorted_days[:-1])
        starts = np.flatnonzero(np.concatenate(([True], change)))
    else:
        starts = np.zeros(0, dtype=np.intp)
    rows = np.diff(np.append(starts, n)).astype(np.int64)
    positions = order.astype(np.int64)

    def column(name: str) -> Floats:
        return table[name].to_numpy(dtype=np.float64, na_value=np.nan)[order]

    def per_cell(values: Floats) -> tuple[Floats, Ints]:
        known = ~np.isnan(values)
        if not n:
            return np.zeros(0), np.zeros(0, dtype=np.int64)
        sums = np.add.reduceat(np.where(known, values, 0.0), starts)
        counts = np.add.reduceat(known.astype(np.int64), starts)
        return sums, counts

    sums: dict[str, Floats] = {}
    for name in SUMMED:
        if name in table.columns:
            total, count = per_cell(column(name))
            sums[name] = np.where(count > 0, total, np.nan)

    cells = len(starts)
    if "followers" in table.columns:
        in_table_order = table["followers"].to_numpy(dtype=np.float64, na_value=np.nan)
    else:
        in_table_order = np.full(n, np.nan)
    followers = in_table_order[order]
    followers_sum, followers_count = per_cell(followers)
    known = ~np.isnan(followers)
    if n:
        # Rows of a cell are in table order, so its first known value has the least position.
        first_row = np.minimum.reduceat(np.where(known, positions, _NO_ROW), starts)
        last_row = np.maximum.reduceat(np.where(known, positions, -1), starts)
    else:
        first_row = last_row = np.zeros(0, dtype=np.int64)
    has_followers = followers_count > 0
    first_value = in_table_order[np.where(has_followers, first_row, 0)] if n else followers
    last_value = in_table_order[np.where(has_followers, last_row, 0)] if n else followers

    cell_starts = np.zeros(n, dtype=np.bool_)
    cell_starts[starts] = True
    cell_of_sorted = np.cumsum(cell_starts) - 1
    if "response_time" in table.columns:
        response = column("response_time")
        answered = ~np.isnan(response)
        response_cell = cell_of_sorted[answered].astype(np.int64)
        response_value = response[answered]
    else:
        response_cell = np.zeros(0, dtype=np.int64)
        response_value = np.zeros(0, dtype=np.float64)
    cell_group: Ints = sorted_codes[starts].astype(np.int64)
    by_value = np.lexsort((response_value, cell_group[response_cell]))
    return DailyCube(
        columns=frozenset(table.columns),
        group_values=group_values,
        group_keys=group_keys,
        group=cell_group,
        day=days[order][starts] if cells else days[:0],
        rows=rows,
        first_row=positions[starts],
        sums=sums,
        followers_first=np.where(has_followers, first_value, np.nan),
        followers_last=np.where(has_followers, last_value, np.nan),
        followers_first_row=np.where(has_followers, first_row, _NO_ROW),
        followers_last_row=np.where(has_followers, last_row, -1),
        followers_sum=np.where(has_followers, followers_sum, np.nan),
        followers_count=followers_count,
        response_cell=response_cell[by_value],
        response_value=response_value[by_value],
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
    known_sums = {c: _finite(_totals(v, run, runs)) for c, v in cube.sums.items()}
    missing = np.full(runs, np.nan)
    rows = np.bincount(run, weights=cube.rows, minlength=runs).astype(np.int64)
    counts = np.bincount(run, weights=cube.followers_count, minlength=runs)
    start = _first_per_run(run, cube.followers_first_row, runs)
    end = _first_per_run(run, -cube.followers_last_row, runs)
    has = counts > 0
    with np.errstate(all="ignore"):
        total = np.bincount(run, weights=np.nan_to_num(cube.followers_sum, nan=0.0), minlength=runs)
        average = np.where(has, total / counts, np.nan)
    return AggregateArrays(
        sums={c: known_sums.get(c, missing) for c in SUMMED},
        rows=rows,
        followers_start=_finite(np.where(has, cube.followers_first[start], np.nan)),
        followers_end=_finite(np.where(has, cube.followers_last[end], np.nan)),
        followers_avg=_finite(average),
        response_time_median=_finite(
            run_medians(run[cube.response_cell], cube.response_value, runs)
        ),
    )


def cube_kpis(cube: DailyCube) -> KpiResult:
    """KPIs per group and for the whole cube: ``compute_kpis`` of the cube's rows."""
    groups = len(cube.group_keys)
    first = np.full(groups, _NO_ROW, dtype=np.int64)
    np.minimum.at(first, cube.group, cube.first_row)
    present = np.flatnonzero(first < _NO_ROW)
    # Groups in order of their first row, as groupby(sort=False) meets them.
    ordered = present[np.argsort(first[present], kind="stable")]
    rank = np.full(groups, -1, dtype=np.intp)
    rank[ordered] = np.arange(len(ordered))
    run = rank[cube.group]
    aggs = run_aggregates(cube, run, len(ordered))
    kpis = derive_kpi_arrays(aggs)
    results = tuple(
        GroupKpis(
            cube.group_keys[group][0],
            cube.group_keys[group][1],
            int(aggs.rows[index]),
            {kpi: _clean(values[index]) for kpi, values in kpis.items()},
        )
        for index, group in enumerate(ordered)
    )
    median = run_medians(np.zeros(len(cube.response_value), dtype=np.intp), cube.response_value, 1)
    whole = combine_arrays(aggs, np.zeros(len(ordered), dtype=np.intp), 1, _finite(median))
    overall = {kpi: _clean(values[0]) for kpi, values in derive_kpi_arrays(whole).items()}
    return KpiResult(overall=overall, groups=results, rows=cube.row_count)


def cube_compare_periods(
    cube: DailyCube,
    previous: Period | None = None,
    current: Period | None = None,
) -> PeriodComparison | None:
    """``compare_periods`` of the cube's rows."""
    if previous is None or current is None:
        periods = default_periods(cube.dates())
        if periods is None:
            return None
        previous, current = periods
    before = cube_kpis(cube.in_period(previous))
    after = cube_kpis(cube.in_period(current))
    changes = {kpi: _change(before.overall[kpi], after.overall[kpi]) for kpi in kpi_ids()}
    return PeriodComparison(previous, current, before, after, changes)
