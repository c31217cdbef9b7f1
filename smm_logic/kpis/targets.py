"""The company's own KPIs (targets) and how far a measured value attains them."""

from __future__ import annotations

import math
from collections.abc import Mapping

from smm_logic.kpis.catalog import Direction, kpi_catalog


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
