"""Display models for the Numbers page: scopes, periods, KPI cards, the group table.

Pure functions from engine results to what a page renders, so that the page only
reads widgets and draws, and every rule stays testable without a browser.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import cached_property
from typing import Literal

import pandas as pd

from smm_logic.format import format_day, format_kpi, group_label
from smm_logic.i18n import Lang, text
from smm_logic.ingest import Report
from smm_logic.kpis import (
    DailyCube,
    KpiResult,
    Period,
    PeriodComparison,
    cube_compare_periods,
    cube_kpis,
    kpi_catalog,
    rows_in,
    table_dates,
)
from smm_logic.metrics import metrics
from smm_logic.targets import attainment_pct

ALL_GROUPS = "__all__"
SECTIONS = ("audience", "engagement", "communication", "traffic")
DeltaColor = Literal["normal", "inverse", "off"]


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


def cube_in_scope(cube: DailyCube, scope: Scope) -> DailyCube:
    """``in_scope`` on a daily cube: the cells of the scope's group."""
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
    than the scope's range); ``table`` gives the rows themselves when ``analyse`` had
    the table.
    """

    cube: DailyCube
    result: KpiResult
    period: Period | None
    comparison: PeriodComparison | None
    scope: Scope
    rows_period: Period | None = None
    source: pd.DataFrame | None = field(default=None, repr=False)

    @property
    def rows(self) -> int:
        return self.result.rows

    @cached_property
    def table(self) -> pd.DataFrame:
        """The selected rows of the table given to ``analyse``."""
        if self.source is None:
            raise ValueError("analyse() was not given the table")
        scoped = in_scope(self.source, self.scope)
        return scoped if self.rows_period is None else rows_in(scoped, self.rows_period)


def analyse(
    cube: DailyCube, scope: Scope, period: Period | None, table: pd.DataFrame | None = None
) -> Analysis:
    """KPIs of a scope over a period, and the change against the period before it.

    With the whole range selected, the change compares the range's second half with
    its first half (kpi.default_periods); with a narrower period, it compares that
    period with the one of the same length just before it.

    ``cube`` is ``build_cube`` of the report table, made once per report: nothing here
    touches the rows. Pass the ``table`` too for ``Analysis.table`` (the selected rows).
    """
    scoped = cube_in_scope(cube, scope)
    full = report_range(scoped)
    if period is None or full is None or (period.start <= full.start and period.end >= full.end):
        comparison = cube_compare_periods(scoped)
        return Analysis(scoped, cube_kpis(scoped), full, comparison, scope, None, table)
    selected = scoped.in_period(period)
    previous = Period(period.start - timedelta(days=period.days), period.start - timedelta(days=1))
    comparison = cube_compare_periods(scoped, previous, period)
    return Analysis(selected, cube_kpis(selected), period, comparison, scope, period, table)


@dataclass(frozen=True)
class KpiCard:
    """One KPI as a card: formatted value, change, target, and the formula as help."""

    id: str
    section: str
    label: str
    value: str
    computable: bool
    delta: str | None
    delta_color: DeltaColor
    help: str
    missing: str | None
    target: str | None
    attainment: float | None


def _missing_text(kpi: str, present: frozenset[str], lang: Lang) -> str:
    groups = kpi_catalog()[kpi].missing_columns(present)
    if not groups:
        return text("numbers.kpi_zero_denominator", lang)
    names = [
        text("numbers.or", lang).join(f"«{metrics()[m].name(lang)}»" for m in group)
        for group in groups
    ]
    return text("numbers.kpi_needs", lang, columns=", ".join(names))


def kpi_cards(
    values: Mapping[str, float | None],
    comparison: PeriodComparison | None,
    targets: Mapping[str, float],
    present: frozenset[str],
    lang: Lang,
) -> list[KpiCard]:
    cards: list[KpiCard] = []
    for kpi, info in kpi_catalog().items():
        value = values.get(kpi)
        delta = None
        if comparison is not None:
            change = comparison.changes[kpi].absolute
            if change is not None and value is not None:
                sign = "+" if change > 0 else ""
                delta = sign + format_kpi(change, info.unit, lang)
        color: DeltaColor = {"higher": "normal", "lower": "inverse"}.get(info.direction, "off")  # type: ignore[assignment]
        target = targets.get(kpi)
        attained = attainment_pct(value, target, info.direction)
        target_text = None
        if target is not None:
            target_text = text(
                "numbers.target_line",
                lang,
                target=format_kpi(target, info.unit, lang),
                attained=format_kpi(attained, "percent", lang)
                if attained is not None
                else text("cli.not_computable", lang),
            )
        cards.append(
            KpiCard(
                id=kpi,
                section=info.section,
                label=info.name(lang),
                value=format_kpi(value, info.unit, lang) if value is not None else "—",
                computable=value is not None,
                delta=delta,
                delta_color=color,
                help=info.formula(lang),
                missing=None if value is not None else _missing_text(kpi, present, lang),
                target=target_text,
                attainment=attained,
            )
        )
    return cards


def group_table(result: KpiResult, lang: Lang) -> pd.DataFrame:
    """Every KPI per platform/account, formatted, one row per group."""
    rows = []
    for group in result.groups:
        row = {text("numbers.group_column", lang): group_label(group.platform, group.account, lang)}
        for kpi, info in kpi_catalog().items():
            value = group.kpis[kpi]
            row[info.name(lang)] = format_kpi(value, info.unit, lang) if value is not None else "—"
        rows.append(row)
    return pd.DataFrame(rows)


def period_caption(analysis: Analysis, lang: Lang) -> str | None:
    """ "Change: 15 Feb 2026 – 28 Feb 2026 vs 1 Feb 2026 – 14 Feb 2026"."""
    comparison = analysis.comparison
    if comparison is None:
        return None

    def span(period: Period) -> str:
        return f"{format_day(period.start, lang)} – {format_day(period.end, lang)}"

    return text(
        "numbers.change_caption",
        lang,
        current=span(comparison.current_period),
        previous=span(comparison.previous_period),
    )


@dataclass(frozen=True)
class ColumnChoice:
    """A header of the file and the metric it is read as (None: not used)."""

    sheet: str
    letter: str
    header: str
    metric: str | None
    reason: str | None


def column_choices(report: Report, lang: Lang) -> list[ColumnChoice]:
    return [
        ColumnChoice(
            column.sheet,
            column.letter,
            column.header,
            column.metric,
            None if column.reason is None else column.reason.render(lang),
        )
        for column in report.columns
    ]


def change_mapping(
    overrides: Mapping[str, str | None], header: str, old: str | None, new: str | None
) -> dict[str, str | None]:
    """The mapping overrides after the user says that column ``header`` means ``new``
    (None: not used) instead of ``old``. The column now feeds ``new``; the metric it
    used to feed is left out rather than silently taken from another column."""
    changed = dict(overrides)
    if new == old:
        return changed
    if new is not None:
        changed[new] = header
    if old is not None:
        changed[old] = None
    return changed


def default_period(source: pd.DataFrame | DailyCube) -> tuple[date, date] | None:
    full = report_range(source)
    return None if full is None else (full.start, full.end)
