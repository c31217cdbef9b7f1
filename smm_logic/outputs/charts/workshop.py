"""The Workshop page's charts: respondents' dimension scores side by side, and a client's
history per quarter (dimension scores, main KPIs). Rows in, an Altair chart out; ``None``
when there is nothing to draw."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Final

import altair as alt
import pandas as pd

from smm_logic.format import format_kpi
from smm_logic.outputs.charts.common import BAR_STEP, TIME_CHART_HEIGHT, AnyChart, validated_once
from smm_logic.outputs.charts.labels import vega_locale
from smm_logic.text import Lang, text

# One bar of a respondent within a dimension's band (a band holds every respondent).
RESPONDENT_BAR = 14
# Distinct colours for respondents and dimensions (the theme's default pairs look alike).
SERIES_SCHEME: Final = "tableau10"
SCORE_TICKS = [0, 25, 50, 75, 100]
KPI_PANEL_WIDTH, KPI_PANEL_HEIGHT = 260, 150


def _score_text(score: float, lang: Lang) -> str:
    return format_kpi(round(score), "count", lang)


@validated_once
def respondents_chart(rows: Sequence[tuple[str, str, float | None]], lang: Lang) -> AnyChart | None:
    """Each dimension's score (0–100) per respondent, as bars grouped by dimension:
    rows of (dimension name, respondent label, score or None). A respondent who could
    not score a dimension has no bar there (never a zero)."""
    scored = [(d, who, float(s)) for d, who, s in rows if s is not None]
    if not scored:
        return None
    data = pd.DataFrame(scored, columns=["dimension", "respondent", "score"])
    data["score_text"] = [_score_text(s, lang) for s in data["score"]]
    dimensions = list(dict.fromkeys(d for d, _, _ in rows))
    people = list(dict.fromkeys(who for _, who, _ in rows))
    who_title = text("workshop.chart.respondent", lang)
    axis_title = text("chart.dimension_axis", lang)
    x = alt.X(
        "score:Q",
        title=axis_title,
        scale=alt.Scale(domain=[0, 100], nice=False),
        axis=alt.Axis(values=SCORE_TICKS),
    )
    base = alt.Chart(data).encode(
        y=alt.Y("dimension:N", sort=dimensions, title=None, axis=alt.Axis(labelLimit=320)),
        yOffset=alt.YOffset("respondent:N", sort=people),
        color=alt.Color(
            "respondent:N",
            sort=people,
            title=who_title,
            scale=alt.Scale(scheme=SERIES_SCHEME),
            legend=alt.Legend(labelLimit=280),
        ),
        tooltip=[
            alt.Tooltip("dimension:N", title=text("chart.dimension", lang)),
            alt.Tooltip("respondent:N", title=who_title),
            alt.Tooltip("score_text:N", title=axis_title),
        ],
    )
    bars = base.mark_bar().encode(x=x)
    labels = base.mark_text(align="left", dx=3, fontSize=10).encode(
        x=x, text=alt.Text("score_text:N")
    )
    step = max(BAR_STEP, RESPONDENT_BAR * len(people) + 8)
    chart = alt.LayerChart(layer=[bars, labels]).properties(height=alt.Step(step))
    heading = alt.TitleParams(
        text=text("workshop.chart.respondents_title", lang),
        subtitle=[text("workshop.chart.respondents_subtitle", lang)],
        anchor="start",
    )
    configured: AnyChart = chart.properties(title=heading).configure(locale=vega_locale(lang))
    return configured


@validated_once
def dimension_history_chart(
    rows: Sequence[tuple[str, str, float | None]], quarters: Sequence[str], lang: Lang
) -> AnyChart | None:
    """Each dimension's score per quarter as lines with points: rows of (quarter label,
    dimension name, score or None), ``quarters`` the labels oldest first. A quarter
    without a score is a gap in its line."""
    if not any(score is not None for _, _, score in rows):
        return None
    # Only the dimensions scored at some point: the legend names what the lines show.
    scored = {dimension for _, dimension, score in rows if score is not None}
    order = [d for d in dict.fromkeys(d for _, d, _ in rows) if d in scored]
    data = pd.DataFrame(
        [row for row in rows if row[1] in scored], columns=["quarter", "dimension", "score"]
    )
    data["score_text"] = ["—" if pd.isna(s) else _score_text(float(s), lang) for s in data["score"]]
    quarter_title = text("workshop.chart.quarter", lang)
    axis_title = text("chart.dimension_axis", lang)
    base = alt.Chart(data).encode(
        x=alt.X("quarter:O", sort=list(quarters), title=quarter_title, axis=alt.Axis(labelAngle=0)),
        y=alt.Y(
            "score:Q",
            title=axis_title,
            scale=alt.Scale(domain=[0, 100], nice=False),
            axis=alt.Axis(values=SCORE_TICKS),
        ),
        color=alt.Color(
            "dimension:N",
            sort=order,
            title=text("chart.dimension", lang),
            scale=alt.Scale(scheme=SERIES_SCHEME),
            legend=alt.Legend(labelLimit=280),
        ),
        tooltip=[
            alt.Tooltip("quarter:N", title=quarter_title),
            alt.Tooltip("dimension:N", title=text("chart.dimension", lang)),
            alt.Tooltip("score_text:N", title=axis_title),
        ],
    )
    chart = alt.LayerChart(
        layer=[base.mark_line(), base.mark_point(filled=True, size=60)]
    ).properties(height=TIME_CHART_HEIGHT)
    heading = alt.TitleParams(
        text=text("workshop.chart.dimension_history_title", lang),
        subtitle=[text("workshop.chart.dimension_history_subtitle", lang)],
        anchor="start",
    )
    configured: AnyChart = chart.properties(title=heading).configure(locale=vega_locale(lang))
    return configured


@validated_once
def kpi_history_chart(
    rows: Sequence[tuple[str, str, float | None, str]], quarters: Sequence[str], lang: Lang
) -> alt.FacetChart | None:
    """The main KPIs per quarter, one small panel per KPI with its own scale: rows of
    (quarter label, KPI name, value or None, value as text)."""
    present = [row for row in rows if row[2] is not None]
    if not present:
        return None
    data = pd.DataFrame(present, columns=["quarter", "kpi", "value", "value_text"])
    kpis = list(dict.fromkeys(kpi for _, kpi, _, _ in present))
    quarter_title = text("workshop.chart.quarter", lang)
    base = alt.Chart().encode(
        x=alt.X("quarter:O", sort=list(quarters), title=None, axis=alt.Axis(labelAngle=0)),
        y=alt.Y("value:Q", title=None),
        tooltip=[
            alt.Tooltip("quarter:N", title=quarter_title),
            alt.Tooltip("kpi:N", title=text("chart.kpi", lang)),
            alt.Tooltip("value_text:N", title=text("chart.value", lang)),
        ],
    )
    panel = alt.LayerChart(
        layer=[base.mark_line(), base.mark_point(filled=True, size=60)]
    ).properties(width=KPI_PANEL_WIDTH, height=KPI_PANEL_HEIGHT)
    faceted = (
        panel.facet(
            data=data,
            facet=alt.Facet("kpi:N", sort=kpis, title=None, header=alt.Header(labelLimit=260)),
            columns=3,
        )
        .resolve_scale(y="independent")
        .properties(
            title=alt.TitleParams(
                text=text("workshop.chart.kpi_history_title", lang),
                subtitle=[text("workshop.chart.kpi_history_subtitle", lang)],
                anchor="start",
            )
        )
    )
    configured: alt.FacetChart = faceted.configure(locale=vega_locale(lang))
    return configured
