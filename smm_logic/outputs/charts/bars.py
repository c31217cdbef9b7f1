"""Horizontal bar charts: the funnel, target attainment, self-assessment dimensions."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import Any

import altair as alt
import pandas as pd

from smm_logic.format import format_kpi
from smm_logic.kpis.catalog import kpi_catalog
from smm_logic.kpis.targets import attainment_pct
from smm_logic.outputs.charts.common import (
    BAR_STEP,
    VALUE,
    VALUE_TEXT,
    AnyChart,
    finish,
    validated_once,
)
from smm_logic.outputs.charts.data import ChartInput, cube_of
from smm_logic.report.headers import metrics
from smm_logic.text import Lang, text

FUNNEL_STAGES = ("reach", "clicks", "leads", "sales")
# Attainment bars are drawn within these percents; the label keeps the true value.
ATTAINMENT_DRAWN_MIN, ATTAINMENT_DRAWN_MAX = -100.0, 200.0
MET_COLOR, NOT_MET_COLOR = "#2b8a3e", "#e03131"
# Self-assessment bars: the score in the theme's colour over a grey track to 100.
SCORE_COLOR, TRACK_COLOR = "#2F6F73", "#DDE3E0"


def funnel_steps(source: ChartInput) -> list[tuple[str, float, float | None]]:
    """(stage, total, conversion % from the previous present stage) for the stages present."""
    sums = cube_of(source).totals()
    steps: list[tuple[str, float, float | None]] = []
    for stage in FUNNEL_STAGES:
        total = sums.get(stage)
        if total is None:
            continue
        previous = steps[-1][1] if steps else None
        conversion = total / previous * 100 if previous else None
        steps.append((stage, total, conversion))
    return steps


@validated_once
def funnel_chart(source: ChartInput, lang: Lang) -> AnyChart | None:
    """Reach → clicks → leads → sales totals as horizontal bars, each labelled with its
    conversion from the previous stage; only the stages present.

    ``None`` when fewer than two of the stages have values (no funnel to show).
    """
    steps = funnel_steps(source)
    if len(steps) < 2:
        return None
    rows = []
    for stage, total, conversion in steps:
        value_text = format_kpi(total, "count", lang)
        conversion_text = format_kpi(conversion, "percent", lang)
        label = value_text
        if stage != steps[0][0] and conversion is not None:
            label = text("chart.funnel_label", lang, value=value_text, conversion=conversion_text)
        rows.append(
            {
                "stage": metrics()[stage].name.render(lang),
                VALUE: total,
                VALUE_TEXT: value_text,
                "conversion_text": "" if stage == steps[0][0] else conversion_text,
                "label": label,
            }
        )
    data = pd.DataFrame(rows)
    order = list(data["stage"])
    stage_title = text("chart.stage", lang)
    base = alt.Chart().encode(
        y=alt.Y("stage:N", sort=order, title=stage_title),
        tooltip=[
            alt.Tooltip("stage:N", title=stage_title),
            alt.Tooltip(f"{VALUE_TEXT}:N", title=text("chart.total", lang)),
            alt.Tooltip("conversion_text:N", title=text("chart.conversion", lang)),
        ],
    )
    bars = base.mark_bar(opacity=0.35).encode(
        x=alt.X(f"{VALUE}:Q", title=text("chart.total", lang))
    )
    # Labels start at the axis so they stay inside the chart even for the longest bar.
    labels = base.mark_text(align="left", dx=6).encode(x=alt.XDatum(0), text=alt.Text("label:N"))
    chart = alt.LayerChart(layer=[bars, labels], data=data)
    subtitle = [text("chart.funnel_subtitle", lang)]
    return finish(chart, lang, text("chart.funnel_title", lang), subtitle, alt.Step(BAR_STEP))


def _attainment_rows(
    values: Mapping[str, float | None], targets: Mapping[str, float], lang: Lang
) -> list[dict[str, Any]]:
    """One row per KPI (catalog order) that has a target and a computable attainment."""
    rows = []
    for kpi, info in kpi_catalog().items():
        if kpi not in targets:
            continue
        value = values.get(kpi)
        target = float(targets[kpi])
        share = attainment_pct(value, target, info.direction) if math.isfinite(target) else None
        if share is None:
            continue
        rows.append(
            {
                "kpi": info.name.render(lang),
                "attainment": share,
                "drawn": min(max(share, ATTAINMENT_DRAWN_MIN), ATTAINMENT_DRAWN_MAX),
                "attainment_text": format_kpi(share, "percent", lang),
                VALUE_TEXT: format_kpi(value, info.unit, lang),
                "target_text": format_kpi(target, info.unit, lang),
                "status": text("chart.met" if share >= 100 else "chart.not_met", lang),
            }
        )
    return rows


@validated_once
def kpi_vs_target_chart(
    values: Mapping[str, float | None], targets: Mapping[str, float], lang: Lang
) -> AnyChart | None:
    """Target attainment % per KPI (catalog order) with a rule at 100 %.

    ``None`` when no KPI with a target has a computable attainment. Ids that are not
    in the KPI catalog are ignored.
    """
    rows = _attainment_rows(values, targets, lang)
    if not rows:
        return None
    data = pd.DataFrame(rows)
    order = list(data["kpi"])
    kpi_title = text("chart.kpi", lang)
    status_scale = alt.Scale(
        domain=[text("chart.met", lang), text("chart.not_met", lang)],
        range=[MET_COLOR, NOT_MET_COLOR],
    )
    high = max(float(data["drawn"].max()), 100.0) * 1.15
    low = min(float(data["drawn"].min()), 0.0)
    x = alt.X(
        "drawn:Q",
        title=text("chart.attainment", lang),
        scale=alt.Scale(domain=[low, high], nice=False),
    )
    base = alt.Chart(data).encode(
        y=alt.Y("kpi:N", sort=order, title=kpi_title),
        tooltip=[
            alt.Tooltip("kpi:N", title=kpi_title),
            alt.Tooltip(f"{VALUE_TEXT}:N", title=text("chart.actual", lang)),
            alt.Tooltip("target_text:N", title=text("chart.target", lang)),
            alt.Tooltip("attainment_text:N", title=text("chart.attainment", lang)),
        ],
    )
    bars = base.mark_bar().encode(
        x=x, color=alt.Color("status:N", title=text("chart.status", lang), scale=status_scale)
    )
    labels = base.mark_text(align="left", dx=4).encode(x=x, text=alt.Text("attainment_text:N"))
    rule = (
        alt.Chart(pd.DataFrame({"line": [100.0]}))
        .mark_rule(strokeDash=[4, 4])
        .encode(x=alt.X("line:Q", scale=alt.Scale(domain=[low, high], nice=False)))
    )
    subtitle = [text("chart.kpi_target_subtitle", lang)]
    return finish(
        alt.LayerChart(layer=[bars, labels, rule]),
        lang,
        text("chart.kpi_target_title", lang),
        subtitle,
        alt.Step(BAR_STEP),
    )


@validated_once
def dimension_chart(scores: Sequence[tuple[str, float]], lang: Lang) -> AnyChart | None:
    """Self-assessment scores (dimension name, 0–100) as horizontal bars on a fixed
    0–100 axis, each labelled with its score; ``None`` when nothing is scored."""
    if not scores:
        return None
    data = pd.DataFrame(
        {
            "dimension": [name for name, _ in scores],
            "score": [float(score) for _, score in scores],
            "score_text": [format_kpi(round(score), "count", lang) for _, score in scores],
            "full": [100.0] * len(scores),
        }
    )
    order = list(data["dimension"])
    title = text("chart.dimension_axis", lang)
    base = alt.Chart(data).encode(
        y=alt.Y("dimension:N", sort=order, title=None, axis=alt.Axis(labelLimit=320)),
        tooltip=[
            alt.Tooltip("dimension:N", title=text("chart.dimension", lang)),
            alt.Tooltip("score_text:N", title=title),
        ],
    )
    x = alt.X("score:Q", title=title, scale=alt.Scale(domain=[0, 100], nice=False))
    track = base.mark_bar(color=TRACK_COLOR).encode(
        x=alt.X("full:Q", scale=alt.Scale(domain=[0, 100], nice=False))
    )
    bars = base.mark_bar(color=SCORE_COLOR).encode(x=x)
    labels = base.mark_text(align="left", dx=4).encode(x=x, text=alt.Text("score_text:N"))
    return finish(
        alt.LayerChart(layer=[track, bars, labels]),
        lang,
        text("chart.dimension_title", lang),
        [text("chart.dimension_subtitle", lang)],
        alt.Step(BAR_STEP),
    )
