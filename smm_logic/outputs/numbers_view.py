"""Display models for the Numbers page: KPI cards, the per-account table, captions.

Pure functions from engine results to what a page renders, so that the page only
reads widgets and draws, and every rule stays testable without a browser.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal

import pandas as pd

from smm_logic.format import format_kpi, group_label
from smm_logic.kpis.catalog import kpi_catalog
from smm_logic.kpis.compare import PeriodComparison
from smm_logic.kpis.cube import KpiResult, whole_aggregates
from smm_logic.kpis.periods import Period, span_days
from smm_logic.kpis.scope import Analysis
from smm_logic.kpis.targets import PER_MONTH, SUMMED_PER_MONTH, attainment_pct, period_target
from smm_logic.outputs.kpi_explain import (
    RATING_MARKS,
    Delta,
    Inputs,
    Rating,
    band_text,
    benchmark_band,
    card_currency,
    change_delta,
    format_span,
    format_value,
    formula_with_numbers,
    rating,
)
from smm_logic.report.model import Report
from smm_logic.text import Lang, text

DeltaColor = Literal["normal", "inverse", "off"]


@dataclass(frozen=True)
class KpiCard:
    """One KPI as a card: formatted value, change, rating, and the formula as help."""

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
    delta_arrow: Literal["auto", "off"] = "auto"
    delta_description: str | None = None
    rating: Rating = "none"
    rating_label: str = ""
    rating_mark: str | None = None
    rating_basis: str | None = None
    # An error in the data the value shows (more negative comments than comments).
    issue: str | None = None


@dataclass(frozen=True)
class CardContext:
    """What the cards of one selection are explained with: the numbers the KPIs come
    from, the scope's platforms, the period's days, the currency and the columns."""

    inputs: Inputs
    platforms: frozenset[str]
    summed_days: float | None
    spanned_days: float | None
    currency: str | None
    present: frozenset[str]


def card_context(report: Report, analysis: Analysis, lang: Lang) -> CardContext:
    cube = analysis.cube
    dates = cube.dates()
    spanned = span_days(Period(dates[0], dates[-1])) if dates else None
    return CardContext(
        inputs=Inputs(
            whole_aggregates(cube), len(analysis.result.groups), len(cube.response_value)
        ),
        platforms=frozenset(p for p, _ in cube.group_keys if p is not None),
        summed_days=None if analysis.period is None else float(analysis.period.days),
        spanned_days=spanned,
        currency=card_currency(report, lang),
        present=report.metrics_present,
    )


def targets_for_period(targets: Mapping[str, float], context: CardContext) -> dict[str, float]:
    """The company's targets for the chosen period: those set per month scaled to it."""
    return {
        kpi: period_target(kpi, target, context.summed_days, context.spanned_days)
        for kpi, target in targets.items()
    }


def _target_text(
    kpi: str,
    *,
    per_month: float,
    target: float,
    attained: float | None,
    context: CardContext,
    lang: Lang,
) -> str:
    unit = kpi_catalog()[kpi].unit
    # A count target scaled to a period is shown whole; attainment uses the exact one.
    shown_target = round(target) if unit == "count" else target
    shown = format_value(shown_target, unit, lang, context.currency)
    attained_text = (
        format_kpi(attained, "percent", lang)
        if attained is not None
        else text("common.not_computable", lang)
    )
    if kpi in PER_MONTH and target != per_month:
        days = context.summed_days if kpi in SUMMED_PER_MONTH else context.spanned_days
        return text(
            "numbers.target_line_scaled",
            lang,
            per_month=format_value(per_month, unit, lang, context.currency),
            target=shown,
            days=format_kpi(days, "count", lang),
            attained=attained_text,
        )
    return text("numbers.target_line", lang, target=shown, attained=attained_text)


def _delta(
    kpi: str, comparison: PeriodComparison | None, previous: Period | None, lang: Lang
) -> tuple[Delta | None, str | None]:
    """The card's change and what it is against ("vs 1–28 Feb"), or "no data for
    1–28 Feb" when the earlier period has no value of this KPI. Without any earlier
    data the page says so once (``period_caption``) and the cards show no change."""
    if previous is None or comparison is None:
        return None, None
    delta = change_delta(comparison.changes[kpi], kpi_catalog()[kpi], lang)
    if delta is None:
        return None, None
    missing = comparison.changes[kpi].previous is None
    key = "numbers.delta_missing_for" if missing else "numbers.delta_vs"
    return delta, text(key, lang, period=format_span(previous, lang))


def _card(
    kpi: str,
    value: float | None,
    *,
    delta: tuple[Delta | None, str | None],
    targets: Mapping[str, float],
    context: CardContext,
    lang: Lang,
) -> KpiCard:
    info = kpi_catalog()[kpi]
    per_month = targets.get(kpi)
    target = None
    if per_month is not None:
        target = period_target(kpi, per_month, context.summed_days, context.spanned_days)
    attained = attainment_pct(value, target, info.direction)
    band = benchmark_band(kpi, context.platforms)
    impossible = kpi == "negative_share_pct" and value is not None and value > 100
    rated = "none" if impossible else rating(attained, value, band, context.spanned_days)
    target_text = None
    if per_month is not None and target is not None:
        target_text = _target_text(
            kpi, per_month=per_month, target=target, attained=attained, context=context, lang=lang
        )
    basis = target_text if attained is not None else None
    if basis is None and band is not None and rated != "none":
        basis = band_text(band, info, lang)
    with_numbers = formula_with_numbers(info, value, context.inputs, lang, context.currency)
    rating_label = text(f"numbers.rating_{rated}", lang)
    mark = RATING_MARKS[rated]
    judged = f"{mark} **{rating_label}.** {basis}" if mark and basis else None
    help_parts = [
        judged,
        f"**{with_numbers}**" if with_numbers else None,
        info.formula.render(lang),
    ]
    change, description = delta
    return KpiCard(
        id=kpi,
        section=info.section,
        label=info.name.render(lang),
        value=format_value(value, info.unit, lang, context.currency) if value is not None else "—",
        computable=value is not None,
        delta=None if change is None else change.text,
        delta_color=change.color if change is not None else "off",
        help="\n\n".join(part for part in help_parts if part),
        missing=None if value is not None else info.missing_reason(context.present).render(lang),
        target=target_text,
        attainment=attained,
        delta_arrow=change.arrow if change is not None else "auto",
        delta_description=description,
        rating=rated,
        rating_label=rating_label,
        rating_mark=mark,
        rating_basis=basis,
        issue=text("numbers.issue_negatives_exceed", lang) if impossible else None,
    )


def kpi_cards(
    values: Mapping[str, float | None],
    analysis: Analysis | None,
    targets: Mapping[str, float],
    context: CardContext,
    lang: Lang,
) -> list[KpiCard]:
    """Every KPI of the catalog as a card. With ``analysis`` the cards carry the change
    against the period of the same length before the chosen one ("no data" where the
    report has none); without it, no change."""
    previous = None if analysis is None else analysis.previous_period
    comparison = None if analysis is None else analysis.comparison
    return [
        _card(
            kpi,
            values.get(kpi),
            delta=_delta(kpi, comparison, previous, lang),
            targets=targets,
            context=context,
            lang=lang,
        )
        for kpi in kpi_catalog()
    ]


def group_table(
    result: KpiResult, lang: Lang, currency: str | None = None, limit: int | None = None
) -> pd.DataFrame:
    """Every KPI per platform/account, formatted (money in ``currency``), one row per
    group, in the report's order; only the first ``limit`` groups with a limit."""
    rows = []
    for group in result.groups[:limit]:
        row = {text("numbers.group_column", lang): group_label(group.platform, group.account, lang)}
        for kpi, info in kpi_catalog().items():
            value = group.kpis[kpi]
            row[info.name.render(lang)] = (
                format_value(value, info.unit, lang, currency) if value is not None else "—"
            )
        rows.append(row)
    return pd.DataFrame(rows)


def period_caption(analysis: Analysis, lang: Lang) -> str | None:
    """What the changes compare: "Changes: Mar 1 – 31 against Feb 1 – 28", or that the
    report has no earlier period of the same length to compare with."""
    previous, current = analysis.previous_period, analysis.period
    if previous is None or current is None:
        return None
    key = "numbers.change_caption" if analysis.comparison else "numbers.change_caption_none"
    return text(key, lang, current=format_span(current, lang), previous=format_span(previous, lang))
