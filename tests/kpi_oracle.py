"""The slow, obviously-correct KPI computation, kept only as a test oracle.

Production code computes every KPI through the daily cube (``smm_logic.kpis.cube``) and
the array formulas of ``smm_logic.kpis.formulas``. This module does the same work the
plain way — pandas ``groupby`` one scope at a time, and every formula of kpi-spec §3
written out as scalar arithmetic — so that tests can assert that the two agree. It
shares nothing with the production formulas but the result types.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
import pandas as pd

from smm_logic.kpis.catalog import SUMMED, KpiValues, kpi_ids
from smm_logic.kpis.compare import KpiChange, PeriodComparison
from smm_logic.kpis.cube import GroupKpis, KpiResult
from smm_logic.kpis.formulas import AggregateArrays, AudienceSums
from smm_logic.kpis.periods import Period, default_periods, table_dates
from smm_logic.kpis.scope import ALL_GROUPS, Scope
from smm_logic.report.model import GROUP_KEYS, Report

INTERACTIONS = ("likes", "comments", "shares", "saves")
# The per-post rates by followers and the sum each divides by posts × avg_followers.
PER_POST = {
    "er_followers_pct": "interactions",
    "reach_rate_pct": "reach",
    "talk_rate_pct": "comments",
    "amplification_rate_pct": "shares",
}


@dataclass(frozen=True)
class Aggregates:
    """The sums and follower figures every KPI is derived from, for one scope."""

    sums: Mapping[str, float | None]
    rows: int
    followers_start: float | None
    followers_end: float | None
    followers_avg: float | None
    response_time_median: float | None
    # Only for the whole report: per numerator of PER_POST, (Σ numerator, Σ posts × avg)
    # over the groups that have both (kpi-spec §3); None when no group has them.
    per_post: Mapping[str, tuple[float, float] | None] | None = None


def _finite(value: float | None) -> float | None:
    return value if value is not None and math.isfinite(value) else None


def _ratio(numerator: float | None, denominator: float | None, scale: float = 1.0) -> float | None:
    if numerator is None or denominator is None or denominator == 0:
        return None
    return numerator / denominator * scale


def _minus(a: float | None, b: float | None) -> float | None:
    return None if a is None or b is None else a - b


def derive_kpis(agg: Aggregates) -> KpiValues:
    """Every KPI of kpi-spec §3 from one scope's aggregates, one formula at a time."""
    s = {c: agg.sums.get(c) for c in SUMMED}
    start, end = agg.followers_start, agg.followers_end
    if start is not None and end is not None:
        net: float | None = end - start
    elif s["net_followers"] is not None:
        net = s["net_followers"]
    else:
        net = _minus(s["new_followers"], s["unfollows"])
    interactions = _interactions(s)
    parts = _own_per_post(agg) if agg.per_post is None else agg.per_post
    rates = {
        kpi: None if (pair := parts[part]) is None else _ratio(*pair, 100)
        for kpi, part in PER_POST.items()
    }
    gained = net if s["new_followers"] is None else s["new_followers"]
    paid = s["paid_followers"]
    organic = None
    if paid is not None and gained is not None and gained > 0:
        organic = (gained - paid) / gained * 100
    exposure = s["views"] if s["impressions"] is None else s["impressions"]
    spend = s["spend"]
    if paid is not None:
        cpf = _ratio(spend, paid)
    else:
        cpf = _ratio(spend, net) if net is not None and net > 0 else None
    values: dict[str, float | None] = {
        "followers_start": start,
        "followers_end": end,
        "followers_net_change": net,
        "follower_growth_pct": _ratio(net, start, 100) if start is not None and start > 0 else None,
        "organic_share_pct": organic,
        "interactions": interactions,
        "er_followers_pct": rates["er_followers_pct"],
        "err_pct": _ratio(interactions, s["reach"], 100),
        "er_views_pct": _ratio(interactions, s["views"], 100),
        "er_impressions_pct": _ratio(interactions, s["impressions"], 100),
        "reach_rate_pct": rates["reach_rate_pct"],
        "talk_rate_pct": rates["talk_rate_pct"],
        "amplification_rate_pct": rates["amplification_rate_pct"],
        "negative_share_pct": _ratio(s["negative_comments"], s["comments"], 100),
        "negative_response_rate_pct": _ratio(s["negative_answered"], s["negative_comments"], 100),
        "response_time_median_h": agg.response_time_median,
        "ctr_pct": _ratio(s["clicks"], exposure, 100),
        "cpc": _ratio(spend, s["clicks"]),
        "cpm": _ratio(spend, exposure, 1000),
        "cpf": cpf,
        "cpl": _ratio(spend, s["leads"]),
        "conversion_pct": _ratio(s["leads"], s["clicks"], 100),
        "romi_pct": _ratio(_minus(s["revenue"], spend), spend, 100),
    }
    return {kpi: _finite(values[kpi]) for kpi in kpi_ids()}


def _interactions(s: Mapping[str, float | None]) -> float | None:
    known = [s[c] for c in INTERACTIONS if s.get(c) is not None]
    return sum(known) if known else None  # type: ignore[arg-type]


def _own_per_post(agg: Aggregates) -> dict[str, tuple[float, float] | None]:
    """One group's (numerator, posts × avg_followers) of each per-post rate, or None."""
    avg = agg.followers_avg
    numerators = {
        "interactions": _interactions(agg.sums),
        "reach": agg.sums.get("reach"),
        "comments": agg.sums.get("comments"),
        "shares": agg.sums.get("shares"),
    }
    if avg is None or not avg > 0:
        return dict.fromkeys(numerators)
    audience = _posts(agg) * avg
    return {c: None if v is None else (v, audience) for c, v in numerators.items()}


def _whole_per_post(groups: Sequence[Aggregates]) -> dict[str, tuple[float, float] | None]:
    """Σ numerator and Σ posts × avg over the groups with both and an audience above 0."""
    per_group = [_own_per_post(g) for g in groups]
    whole: dict[str, tuple[float, float] | None] = {}
    for part in PER_POST.values():
        pairs = [pair for p in per_group if (pair := p[part]) is not None and pair[1] > 0]
        whole[part] = (sum(n for n, _ in pairs), sum(a for _, a in pairs)) if pairs else None
    return whole


def _known(series: pd.Series) -> pd.Series:
    return series.dropna()


def aggregate(frame: pd.DataFrame) -> Aggregates:
    """One scope's aggregates (rows must be date-sorted for start and end)."""
    sums: dict[str, float | None] = {}
    for column in SUMMED:
        values = _known(frame[column]) if column in frame.columns else pd.Series(dtype=float)
        sums[column] = _finite(float(values.sum())) if len(values) else None
    followers = _known(frame["followers"]) if "followers" in frame.columns else pd.Series()
    response = _known(frame["response_time"]) if "response_time" in frame.columns else pd.Series()
    return Aggregates(
        sums=sums,
        rows=len(frame),
        followers_start=_finite(float(followers.iloc[0])) if len(followers) else None,
        followers_end=_finite(float(followers.iloc[-1])) if len(followers) else None,
        followers_avg=_finite(float(followers.mean())) if len(followers) else None,
        response_time_median=_finite(float(response.median())) if len(response) else None,
    )


def _total(values: Sequence[float | None]) -> float | None:
    known = [v for v in values if v is not None]
    return sum(known) if known else None


def combine(groups: Sequence[Aggregates], all_rows: pd.DataFrame) -> Aggregates:
    """The whole report: sums add up, follower figures are sums of the groups' values,
    each group's posts are Σposts or its row count, and the response time is the median
    over all rows (kpi-spec §3)."""
    sums = {c: _total([g.sums.get(c) for g in groups]) for c in SUMMED}
    if any(g.sums.get("posts") is not None for g in groups):
        sums["posts"] = sum(_posts(g) for g in groups)
    whole = aggregate(all_rows) if len(all_rows) else None
    return Aggregates(
        sums=sums,
        rows=sum(g.rows for g in groups),
        followers_start=_total([g.followers_start for g in groups]),
        followers_end=_total([g.followers_end for g in groups]),
        followers_avg=_total([g.followers_avg for g in groups]),
        response_time_median=None if whole is None else whole.response_time_median,
        per_post=_whole_per_post(groups),
    )


def _posts(agg: Aggregates) -> float:
    posts = agg.sums.get("posts")
    return float(agg.rows) if posts is None else posts


def arrays_of(aggs: Sequence[Aggregates]) -> AggregateArrays:
    """Several scopes' aggregates as the arrays production formulas take (NaN: missing)."""

    def floats(values: Sequence[float | None]) -> npt.NDArray[np.float64]:
        return np.array([math.nan if v is None else v for v in values], dtype=np.float64)

    audience = None
    if any(a.per_post is not None for a in aggs):
        parts = [a.per_post or _own_per_post(a) for a in aggs]

        def side(c: str, index: int) -> npt.NDArray[np.float64]:
            return floats([None if (pair := p[c]) is None else pair[index] for p in parts])

        audience = AudienceSums(
            numerators={c: side(c, 0) for c in PER_POST.values()},
            audiences={c: side(c, 1) for c in PER_POST.values()},
        )
    return AggregateArrays(
        sums={c: floats([a.sums.get(c) for a in aggs]) for c in SUMMED},
        rows=np.array([a.rows for a in aggs], dtype=np.int64),
        followers_start=floats([a.followers_start for a in aggs]),
        followers_end=floats([a.followers_end for a in aggs]),
        followers_avg=floats([a.followers_avg for a in aggs]),
        response_time_median=floats([a.response_time_median for a in aggs]),
        audience=audience,
    )


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


def in_scope(table: pd.DataFrame, scope: Scope) -> pd.DataFrame:
    if scope.key == ALL_GROUPS:
        return table
    platform = (
        table["platform"].isna() if scope.platform is None else table["platform"] == scope.platform
    )
    account = (
        table["account"].isna() if scope.account is None else table["account"] == scope.account
    )
    return table.loc[platform & account]


def rows_in(table: pd.DataFrame, period: Period) -> pd.DataFrame:
    """The rows dated inside a period (undated rows belong to no period)."""
    dates = table["date"]
    start = pd.Timestamp(period.start)
    end = pd.Timestamp(period.end) + pd.Timedelta(days=1)
    return table.loc[(dates >= start) & (dates < end)]


def _change(before: float | None, after: float | None) -> KpiChange:
    if before is None or after is None:
        return KpiChange(before, after, None, None)
    relative = None if before == 0 else (after - before) / abs(before) * 100
    return KpiChange(before, after, _finite(after - before), _finite(relative))


def compare_periods(
    table: pd.DataFrame, previous: Period | None = None, current: Period | None = None
) -> PeriodComparison | None:
    """KPIs of the current period against the previous one (the halves by default)."""
    if previous is None or current is None:
        periods = default_periods(table_dates(table))
        if periods is None:
            return None
        previous, current = periods
    before = compute_kpis(rows_in(table, previous))
    after = compute_kpis(rows_in(table, current))
    changes = {kpi: _change(before.overall[kpi], after.overall[kpi]) for kpi in kpi_ids()}
    return PeriodComparison(previous, current, before, after, changes)
