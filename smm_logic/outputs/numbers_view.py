"""Display models for the Numbers page: KPI cards, the per-account table, captions.

Pure functions from engine results to what a page renders, so that the page only
reads widgets and draws, and every rule stays testable without a browser.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal

import pandas as pd

from smm_logic.format import format_day, format_kpi, group_label
from smm_logic.kpis.catalog import kpi_catalog
from smm_logic.kpis.compare import PeriodComparison
from smm_logic.kpis.cube import KpiResult
from smm_logic.kpis.periods import Period
from smm_logic.kpis.scope import Analysis
from smm_logic.kpis.targets import attainment_pct
from smm_logic.text import Lang, text

DeltaColor = Literal["normal", "inverse", "off"]


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
                else text("common.not_computable", lang),
            )
        cards.append(
            KpiCard(
                id=kpi,
                section=info.section,
                label=info.name.render(lang),
                value=format_kpi(value, info.unit, lang) if value is not None else "—",
                computable=value is not None,
                delta=delta,
                delta_color=color,
                help=info.formula.render(lang),
                missing=None if value is not None else info.missing_reason(present).render(lang),
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
            row[info.name.render(lang)] = (
                format_kpi(value, info.unit, lang) if value is not None else "—"
            )
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
