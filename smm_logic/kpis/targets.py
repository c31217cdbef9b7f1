"""The company's own KPIs (targets), set per month where a KPI adds up over time and
scaled to the period analysed, and how far a measured value attains them."""

from __future__ import annotations

import math
from collections.abc import Mapping

from smm_logic.kpis.benchmarks import DAYS_PER_MONTH
from smm_logic.kpis.catalog import Direction, kpi_catalog

# KPIs that add up over the days of a period: a target for them is a month's worth and
# is scaled to the period analysed. Sums over the period's days …
SUMMED_PER_MONTH = ("interactions",)
# … and changes from the first followers value to the last, over the days between them.
SPANNED_PER_MONTH = ("followers_net_change", "follower_growth_pct")
PER_MONTH = SUMMED_PER_MONTH + SPANNED_PER_MONTH


def period_target(
    kpi: str, per_month: float, summed_days: float | None, spanned_days: float | None
) -> float:
    """A target set per month, for a period: × ``summed_days`` / 30.44 for a KPI summed
    over the period's days, × ``spanned_days`` / 30.44 for a change from its first day
    with data to its last. Other targets (rates, costs, levels) hold for any period and
    come back as they are, as do targets where the days are unknown."""
    days = summed_days if kpi in SUMMED_PER_MONTH else spanned_days if kpi in PER_MONTH else None
    if days is None or days <= 0:
        return per_month
    return per_month * days / DAYS_PER_MONTH


def attainment_pct(value: float | None, target: float | None, direction: Direction) -> float | None:
    """How much of a target is attained, in %: 100 means exactly on target.

    "higher" KPIs: value / target × 100; "lower" KPIs (costs, reply time): target /
    value × 100. ``None`` when either is missing, a denominator is not positive, or the
    KPI has no better direction.
    """
    if value is None or target is None or direction == "none":
        return None
    if direction == "higher":
        return value / target * 100 if target > 0 else None
    return target / value * 100 if value > 0 else None


def clean_targets(raw: Mapping[str, object]) -> dict[str, float]:
    """Keep the finite numeric targets of known KPI ids; blanks and junk are dropped."""
    known = kpi_catalog()
    targets: dict[str, float] = {}
    for kpi, value in raw.items():
        if kpi not in known or value is None or isinstance(value, bool):
            continue
        try:
            number = float(value)  # type: ignore[arg-type]
        except (TypeError, ValueError):
            continue
        if math.isfinite(number):
            targets[kpi] = number
    return targets
