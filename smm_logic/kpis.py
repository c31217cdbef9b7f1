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
from typing import Literal

import pandas as pd

from smm_logic.i18n import Lang, load_data_file
from smm_logic.ingest import GROUP_KEYS, Report

Direction = Literal["higher", "lower", "none"]
KpiValues = dict[str, float | None]

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


def _ratio(numerator: float | None, denominator: float | None, scale: float = 1.0) -> float | None:
    if numerator is None or denominator is None or denominator == 0:
        return None
    value = numerator / denominator * scale
    return value if math.isfinite(value) else None


def _clean(value: object) -> float | None:
    if value is None:
        return None
    number = float(value)  # type: ignore[arg-type]
    return number if math.isfinite(number) else None


def derive_kpis(agg: Aggregates) -> KpiValues:
    """Every KPI of kpi-spec §3 from one scope's aggregates."""
    s = agg.sums
    start, end, avg = agg.followers_start, agg.followers_end, agg.followers_avg
    net = None if start is None or end is None else end - start
    present = [s[c] for c in INTERACTION_COLUMNS if s.get(c) is not None]
    interactions = float(sum(present)) if present else None  # type: ignore[arg-type]
    posts = agg.posts
    per_post_follower = None if avg is None or avg <= 0 else posts * avg
    gained = s.get("new_followers") if s.get("new_followers") is not None else net
    paid = s.get("paid_followers")
    organic = None
    if paid is not None and gained is not None and gained > 0:
        organic = (gained - paid) / gained * 100
    exposure = s.get("impressions") if s.get("impressions") is not None else s.get("views")
    spend = s.get("spend")
    if paid is not None:
        cpf = _ratio(spend, paid)
    else:
        cpf = _ratio(spend, net) if net is not None and net > 0 else None
    romi = None
    if s.get("revenue") is not None and spend:
        romi = _ratio(s["revenue"] - spend, spend, 100)  # type: ignore[operator]
    values: KpiValues = {
        "followers_start": start,
        "followers_end": end,
        "followers_net_change": net,
        "follower_growth_pct": _ratio(net, start, 100),
        "organic_share_pct": organic,
        "interactions": interactions,
        "er_followers_pct": _ratio(interactions, per_post_follower, 100),
        "err_pct": _ratio(interactions, s.get("reach"), 100),
        "er_views_pct": _ratio(interactions, s.get("views"), 100),
        "reach_rate_pct": _ratio(s.get("reach"), per_post_follower, 100),
        "talk_rate_pct": _ratio(s.get("comments"), per_post_follower, 100),
        "amplification_rate_pct": _ratio(s.get("shares"), per_post_follower, 100),
        "negative_share_pct": _ratio(s.get("negative_comments"), s.get("comments"), 100),
        "negative_response_rate_pct": _ratio(
            s.get("negative_answered"), s.get("negative_comments"), 100
        ),
        "response_time_median_h": agg.response_time_median,
        "ctr_pct": _ratio(s.get("clicks"), exposure, 100),
        "cpc": _ratio(spend, s.get("clicks")),
        "cpm": _ratio(spend, exposure, 1000),
        "cpf": cpf,
        "cpl": _ratio(spend, s.get("leads")),
        "conversion_pct": _ratio(s.get("leads"), s.get("clicks"), 100),
        "romi_pct": romi,
    }
    return {kpi: _clean(values[kpi]) for kpi in kpi_ids()}


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


def _sum_optional(values: Sequence[float | None]) -> float | None:
    known = [v for v in values if v is not None]
    return float(sum(known)) if known else None


def combine(groups: Sequence[Aggregates], all_rows: pd.DataFrame) -> Aggregates:
    """The whole report: sums add up, follower figures are sums of the groups' values,
    and the response time is the median over all rows (kpi-spec §3)."""
    sums = {c: _sum_optional([g.sums.get(c) for g in groups]) for c in SUMMED}
    # Σposts of each group (or its row count) must add up, not Σposts of the rows that have it.
    if any(g.sums.get("posts") is not None for g in groups):
        sums["posts"] = float(sum(g.posts for g in groups))
    response = (
        all_rows["response_time"].dropna() if "response_time" in all_rows.columns else pd.Series()
    )
    return Aggregates(
        sums=sums,
        rows=sum(g.rows for g in groups),
        followers_start=_sum_optional([g.followers_start for g in groups]),
        followers_end=_sum_optional([g.followers_end for g in groups]),
        followers_avg=_sum_optional([g.followers_avg for g in groups]),
        response_time_median=_clean(response.median()) if len(response) else None,
    )


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
