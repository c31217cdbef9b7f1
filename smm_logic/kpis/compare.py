"""A period against the one before it: every KPI of both and their changes."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from smm_logic.kpis.catalog import kpi_ids
from smm_logic.kpis.cube import DailyCube, KpiResult, cube_kpis
from smm_logic.kpis.formulas import optional_number
from smm_logic.kpis.periods import Period, default_periods, previous_period


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


def kpi_change(before: float | None, after: float | None) -> KpiChange:
    if before is None or after is None:
        return KpiChange(before, after, None, None)
    relative = None if before == 0 else (after - before) / abs(before) * 100
    return KpiChange(before, after, optional_number(after - before), optional_number(relative))


def cube_compare_periods(
    cube: DailyCube,
    previous: Period | None = None,
    current: Period | None = None,
) -> PeriodComparison | None:
    """KPIs of the current period against the previous one, with every change; without
    periods given, the range of the cube's dates is halved (``default_periods``).
    ``None`` when the cube has fewer than two distinct dates."""
    if previous is None or current is None:
        periods = default_periods(cube.dates())
        if periods is None:
            return None
        previous, current = periods
    before = cube_kpis(cube.in_period(previous))
    after = cube_kpis(cube.in_period(current))
    changes = {kpi: kpi_change(before.overall[kpi], after.overall[kpi]) for kpi in kpi_ids()}
    return PeriodComparison(previous, current, before, after, changes)


def compare_with_previous(
    cube: DailyCube, current: Period, first_day: date | None
) -> PeriodComparison | None:
    """``current`` against the period of the same length just before it
    (``previous_period``), or ``None`` when the data has no such earlier period: it
    starts before the data's first day (``first_day``), or none of its days has a row.

    A shorter stretch of data is never compared as if it were the whole earlier period.
    """
    previous = previous_period(current)
    if first_day is None or previous.start < first_day:
        return None
    if not cube.in_period(previous).row_count:
        return None
    return cube_compare_periods(cube, previous, current)
