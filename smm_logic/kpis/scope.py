"""What is analysed: all accounts or one, over a period, compared with the period before."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

import pandas as pd

from smm_logic.format import group_label
from smm_logic.kpis.compare import PeriodComparison, compare_with_previous
from smm_logic.kpis.cube import DailyCube, KpiResult, cube_kpis
from smm_logic.kpis.periods import Period, covered_period, previous_period, table_dates
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


def rows_in_selection(table: pd.DataFrame, scope: Scope, period: Period | None) -> pd.DataFrame:
    """The rows of a report table a selection counts: the scope's group (every row for
    the whole report) and, with ``period`` (``Analysis.rows_period``, set only when it is
    narrower than the range), only the rows dated inside it; without one, the scope's
    undated rows too, as in its KPIs."""
    keep = pd.Series(True, index=table.index)
    if scope.key != ALL_GROUPS:
        for column, wanted in (("platform", scope.platform), ("account", scope.account)):
            values = table[column] if column in table.columns else pd.Series(None, table.index)
            keep &= values.isna() if wanted is None else values.astype(object).eq(wanted)
    if period is not None and "date" in table.columns:
        days = pd.to_datetime(table["date"]).dt.normalize()
        if days.dt.tz is not None:
            days = days.dt.tz_localize(None)
        start, end = pd.Timestamp(period.start), pd.Timestamp(period.end)
        keep &= (days >= start) & (days <= end)
    return table.loc[keep]


def report_range(source: pd.DataFrame | DailyCube) -> Period | None:
    dates = source.dates() if isinstance(source, DailyCube) else table_dates(source)
    return Period(min(dates), max(dates)) if dates else None


@dataclass(frozen=True)
class Analysis:
    """What the page shows for one scope and period.

    ``cube`` holds the selected rows (the scope, and the period when it is narrower
    than the scope's range, which is then ``rows_period``). ``previous_period`` is the
    period of the same length just before ``period``, the one the changes compare
    with; ``comparison`` is ``None`` when the data does not cover it.
    """

    cube: DailyCube
    result: KpiResult
    period: Period | None
    comparison: PeriodComparison | None
    scope: Scope
    rows_period: Period | None = None
    previous_period: Period | None = None

    @property
    def rows(self) -> int:
        return self.result.rows


def analyse(cube: DailyCube, scope: Scope, period: Period | None) -> Analysis:
    """KPIs of a scope over a period (the scope's whole range when ``None``), and the
    change against the period of the same length just before it
    (``kpis.periods.previous_period``), when the data covers that earlier period.

    ``cube`` is ``build_cube`` of the report table, made once per report: nothing here
    touches the rows.
    """
    scoped = cube_in_scope(cube, scope)
    full = report_range(scoped)
    if full is None:
        return Analysis(scoped, cube_kpis(scoped), None, None, scope)
    picked = full if period is None else period
    whole = picked.start <= full.start and picked.end >= full.end
    # The whole range keeps the scope's undated rows in its KPIs.
    selected = scoped if whole else scoped.in_period(picked)
    # A weekly or monthly report's rows stand for whole weeks or months.
    chosen = covered_period(picked, scoped.dates())
    comparison = compare_with_previous(scoped, chosen, full.start)
    return Analysis(
        selected,
        cube_kpis(selected),
        chosen,
        comparison,
        scope,
        None if whole else chosen,
        previous_period(chosen),
    )


def default_period(source: pd.DataFrame | DailyCube) -> tuple[date, date] | None:
    full = report_range(source)
    return None if full is None else (full.start, full.end)
