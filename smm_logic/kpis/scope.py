"""What is analysed: all accounts or one, over a period, compared with the period before."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

import pandas as pd

from smm_logic.format import group_label
from smm_logic.kpis.compare import PeriodComparison, cube_compare_periods
from smm_logic.kpis.cube import DailyCube, KpiResult, cube_kpis
from smm_logic.kpis.periods import Period, table_dates
from smm_logic.text import Lang, text

ALL_GROUPS = "__all__"


@dataclass(frozen=True)
class Scope:
    """All groups together, or one (platform, account) group."""

    key: str
    platform: str | None = None
    account: str | None = None

    def label(self, lang: Lang) -> str:
        if self.key == ALL_GROUPS:
            return text("numbers.scope_all", lang)
        return group_label(self.platform, self.account, lang)


def scope_options(source: pd.DataFrame | DailyCube) -> list[Scope]:
    """The whole report first, then each group in order of appearance."""
    scopes = [Scope(ALL_GROUPS)]
    if isinstance(source, DailyCube):
        pairs: Iterable[tuple[object, object]] = source.group_values
    else:
        keys = source[["platform", "account"]]
        pairs = map(tuple, keys.astype(object).where(keys.notna(), None).to_numpy().tolist())
    for platform, account in dict.fromkeys(pairs):
        scopes.append(Scope(f"{platform}\u241f{account}", platform, account))  # type: ignore[arg-type]
    return scopes if len(scopes) > 2 else scopes[:1]


def cube_in_scope(cube: DailyCube, scope: Scope) -> DailyCube:
    """The cells of the scope's group (every cell for the whole report)."""
    if scope.key == ALL_GROUPS:
        return cube
    return cube.for_groups(cube.group_mask(scope.platform, scope.account))


def report_range(source: pd.DataFrame | DailyCube) -> Period | None:
    dates = source.dates() if isinstance(source, DailyCube) else table_dates(source)
    return Period(min(dates), max(dates)) if dates else None


@dataclass(frozen=True)
class Analysis:
    """What the page shows for one scope and period.

    ``cube`` holds the selected rows (the scope, and the period when it is narrower
    than the scope's range, which is then ``rows_period``).
    """

    cube: DailyCube
    result: KpiResult
    period: Period | None
    comparison: PeriodComparison | None
    scope: Scope
    rows_period: Period | None = None

    @property
    def rows(self) -> int:
        return self.result.rows


def analyse(cube: DailyCube, scope: Scope, period: Period | None) -> Analysis:
    """KPIs of a scope over a period, and the change against the period before it.

    With the whole range selected, the change compares the range's second half with
    its first half (kpi.default_periods); with a narrower period, it compares that
    period with the one of the same length just before it.

    ``cube`` is ``build_cube`` of the report table, made once per report: nothing here
    touches the rows.
    """
    scoped = cube_in_scope(cube, scope)
    full = report_range(scoped)
    if period is None or full is None or (period.start <= full.start and period.end >= full.end):
        comparison = cube_compare_periods(scoped)
        return Analysis(scoped, cube_kpis(scoped), full, comparison, scope, None)
    selected = scoped.in_period(period)
    previous = Period(period.start - timedelta(days=period.days), period.start - timedelta(days=1))
    comparison = cube_compare_periods(scoped, previous, period)
    return Analysis(selected, cube_kpis(selected), period, comparison, scope, period)


def default_period(source: pd.DataFrame | DailyCube) -> tuple[date, date] | None:
    full = report_range(source)
    return None if full is None else (full.start, full.end)
