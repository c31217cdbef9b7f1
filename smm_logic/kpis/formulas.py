"""The formulas of kpi-spec §3, the only place they live: aggregates of scopes in, KPIs out.

A KPI whose inputs are missing or whose denominator is zero is NaN here and ``None``
for callers — never infinity or an invented 0.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TypeAlias

import numpy as np
import numpy.typing as npt

from smm_logic.kpis.catalog import INTERACTION_COLUMNS, SUMMED, kpi_ids

Floats: TypeAlias = npt.NDArray[np.float64]
Ints: TypeAlias = npt.NDArray[np.int64]
Bools: TypeAlias = npt.NDArray[np.bool_]


def optional_number(value: object) -> float | None:
    if value is None:
        return None
    number = float(value)  # type: ignore[arg-type]
    return number if math.isfinite(number) else None


def finite_or_nan(values: Floats) -> Floats:
    return np.where(np.isfinite(values), values, np.nan)


# The per-post rates by followers and their numerators (kpi-spec §3).
PER_POST_RATES = {
    "er_followers_pct": "interactions",
    "reach_rate_pct": "reach",
    "talk_rate_pct": "comments",
    "amplification_rate_pct": "shares",
}


@dataclass(frozen=True, eq=False)
class AudienceSums:
    """The parts of the per-post rates by followers of scopes made of groups: for each
    numerator of ``PER_POST_RATES``, its Σ over the groups that have it and a followers
    average above 0, and Σ posts × avg_followers of the same groups (NaN: no such group).
    """

    numerators: Mapping[str, Floats]
    audiences: Mapping[str, Floats]

    def take(self, indices: npt.NDArray[np.intp]) -> AudienceSums:
        return AudienceSums(
            numerators={c: v[indices] for c, v in self.numerators.items()},
            audiences={c: v[indices] for c, v in self.audiences.items()},
        )


@dataclass(frozen=True, eq=False)
class AggregateArrays:
    """``Aggregates`` of several scopes at once, NaN where a value is missing.

    ``sums`` has every id of ``SUMMED`` (all NaN for a column the table lacks).
    ``audience`` is ``None`` for scopes of one group each (their per-post rates come
    from their own sums and average) and set by ``combine_arrays`` for scopes of groups.
    """

    sums: Mapping[str, Floats]
    rows: Ints
    followers_start: Floats
    followers_end: Floats
    followers_avg: Floats
    response_time_median: Floats
    audience: AudienceSums | None = None

    def __len__(self) -> int:
        return len(self.rows)

    def take(self, indices: npt.NDArray[np.intp]) -> AggregateArrays:
        return AggregateArrays(
            sums={c: values[indices] for c, values in self.sums.items()},
            rows=self.rows[indices],
            followers_start=self.followers_start[indices],
            followers_end=self.followers_end[indices],
            followers_avg=self.followers_avg[indices],
            response_time_median=self.response_time_median[indices],
            audience=None if self.audience is None else self.audience.take(indices),
        )


def _ratio(numerator: Floats, denominator: Floats, scale: float = 1.0) -> Floats:
    """numerator / denominator × scale; NaN (null) when an input is missing or the
    denominator is 0. Non-finite results are cleaned by the caller."""
    value: Floats = numerator / denominator * scale
    return np.where(denominator == 0, np.nan, value)


def _interactions(sums: Mapping[str, Floats], size: int) -> Floats:
    """Σ(likes + comments + shares + saves) over the columns known in each scope."""
    total = np.zeros(size, dtype=np.float64)
    known = np.zeros(size, dtype=np.bool_)
    for column in INTERACTION_COLUMNS:
        present = ~np.isnan(sums[column])
        total = total + np.where(present, sums[column], 0.0)
        known |= present
    return np.where(known, total, np.nan)


def own_audience(agg: AggregateArrays) -> AudienceSums:
    """The per-post parts of scopes of one group each: the numerators and posts ×
    avg_followers, both NaN where the numerator is missing or the average is not above 0
    (``posts`` is Σposts, or the row count without a value of it)."""
    s = agg.sums
    posts = np.where(np.isnan(s["posts"]), agg.rows.astype(np.float64), s["posts"])
    with np.errstate(all="ignore"):
        # NaN > 0 is false: a missing average gives no per-post denominator either.
        audience = np.where(agg.followers_avg > 0, posts * agg.followers_avg, np.nan)
    numerators = {
        "interactions": _interactions(s, len(agg)),
        "reach": s["reach"],
        "comments": s["comments"],
        "shares": s["shares"],
    }
    known = {c: ~np.isnan(v) & ~np.isnan(audience) for c, v in numerators.items()}
    return AudienceSums(
        numerators={c: np.where(known[c], v, np.nan) for c, v in numerators.items()},
        audiences={c: np.where(known[c], audience, np.nan) for c in numerators},
    )


def _net_change(agg: AggregateArrays) -> Floats:
    """end − start; without a followers value Σnet_followers, else Σnew_followers −
    Σunfollows when both are known (NaN otherwise)."""
    s = agg.sums
    by_flows = s["new_followers"] - s["unfollows"]
    by_net = np.where(np.isnan(s["net_followers"]), by_flows, s["net_followers"])
    by_followers = agg.followers_end - agg.followers_start
    return np.where(np.isnan(by_followers), by_net, by_followers)


def derive_kpi_arrays(agg: AggregateArrays) -> dict[str, Floats]:
    """Every KPI of kpi-spec §3 for each scope of ``agg``: NaN where a KPI is null.

    The one place where the formulas live: ``derive_kpis`` is this for one scope.
    """
    s = agg.sums
    start = agg.followers_start
    with np.errstate(all="ignore"):
        net = _net_change(agg)
        interactions = _interactions(s, len(agg))
        audience = own_audience(agg) if agg.audience is None else agg.audience
        per_post = {
            kpi: _ratio(audience.numerators[part], audience.audiences[part], 100)
            for kpi, part in PER_POST_RATES.items()
        }
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
            "followers_end": agg.followers_end,
            "followers_net_change": net,
            # A start of 0 or below has no growth (kpi-spec §3).
            "follower_growth_pct": np.where(start > 0, net / start * 100, np.nan),
            "organic_share_pct": organic,
            "interactions": interactions,
            "err_pct": _ratio(interactions, s["reach"], 100),
            "er_views_pct": _ratio(interactions, s["views"], 100),
            "er_impressions_pct": _ratio(interactions, s["impressions"], 100),
            **per_post,
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
    return {kpi: finite_or_nan(values[kpi]) for kpi in kpi_ids()}


def pairwise_totals(values: Floats, into: npt.NDArray[np.intp], size: int) -> Floats:
    """Σ of ``values`` per scope, each scope's values added in input order by numpy's
    pairwise summation (what ``numpy.sum`` and pandas do over a column), not one after
    another: rounding errors grow with log n instead of n, and a group's total is the
    same whether it is summed from its rows or from its days."""
    totals = np.zeros(size, dtype=np.float64)
    if not len(values):
        return totals
    order = np.argsort(into, kind="stable")
    ordered = into[order]
    starts = np.flatnonzero(np.concatenate(([True], ordered[1:] != ordered[:-1])))
    lengths = np.diff(np.append(starts, len(ordered)))
    scopes, in_order = ordered[starts], values[order]
    # np.add.reduceat adds one after another; np.add.reduce is pairwise, and along the
    # rows of a 2-D block it sums each row exactly as it sums that row on its own. So
    # the scopes with as many values each are summed as one block: one step per
    # distinct length (a few), never one per scope (50,000 accounts).
    for length in np.unique(lengths):
        chosen = np.flatnonzero(lengths == length)
        block = in_order[starts[chosen, np.newaxis] + np.arange(length)]
        totals[scopes[chosen]] = np.add.reduce(block, axis=1)
    return totals


def sums_per_scope(values: Floats, into: npt.NDArray[np.intp], size: int) -> Floats:
    """Σ of the known values per scope (in input order); NaN for a scope without any."""
    known = ~np.isnan(values)
    totals = pairwise_totals(np.where(known, values, 0.0), into, size)
    counts = np.bincount(into, weights=known, minlength=size)
    return np.where(counts > 0, totals, np.nan)


def combine_arrays(
    groups: AggregateArrays, into: npt.NDArray[np.intp], size: int, medians: Floats
) -> AggregateArrays:
    """Scopes made of groups (``into[i]`` is the scope of group ``i``, groups in order):
    sums add up, follower figures are sums of the groups' values, and ``medians`` are
    the response-time medians over all rows of each scope, and the per-post rates by
    followers divide by Σ over groups of posts × avg_followers, over the groups with a
    followers average above 0 and the rate's numerator (kpi-spec §3)."""
    sums = {c: sums_per_scope(groups.sums[c], into, size) for c in SUMMED}
    rows = np.bincount(into, weights=groups.rows, minlength=size).astype(np.int64)
    # Σposts of each group (or its row count) must add up, not Σposts of the rows that have it.
    posts = groups.sums["posts"]
    with_posts = np.bincount(into, weights=~np.isnan(posts), minlength=size) > 0
    group_posts = np.where(np.isnan(posts), groups.rows.astype(np.float64), posts)
    posts_total = pairwise_totals(group_posts, into, size)
    sums["posts"] = np.where(with_posts, posts_total, np.nan)
    parts = own_audience(groups) if groups.audience is None else groups.audience
    # Only groups with an audience above 0 weigh in, so the scope's rate is a weighted
    # mean of theirs and lies between the smallest and the largest of them.
    counted = {c: parts.audiences[c] > 0 for c in PER_POST_RATES.values()}
    audience = AudienceSums(
        numerators={
            c: sums_per_scope(np.where(counted[c], v, np.nan), into, size)
            for c, v in parts.numerators.items()
        },
        audiences={
            c: sums_per_scope(np.where(counted[c], v, np.nan), into, size)
            for c, v in parts.audiences.items()
        },
    )
    return AggregateArrays(
        sums=sums,
        rows=rows,
        followers_start=sums_per_scope(groups.followers_start, into, size),
        followers_end=sums_per_scope(groups.followers_end, into, size),
        followers_avg=sums_per_scope(groups.followers_avg, into, size),
        response_time_median=medians,
        audience=audience,
    )
