"""Charts over time: followers per group, engagement, negative share and response time."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal

import altair as alt
import pandas as pd

from smm_logic.kpis.catalog import INTERACTION_COLUMNS, kpi_catalog
from smm_logic.outputs.charts.common import (
    SERIES,
    TIME_CHART_HEIGHT,
    VALUE,
    VALUE_TEXT,
    AnyChart,
    finish,
    kpi_points,
    legend,
    series_tooltips,
    thin_points,
    time_axis,
    time_chart_height,
    validated_once,
    with_periods,
)
from smm_logic.outputs.charts.data import (
    BUCKET,
    TREND_SERIES,
    ChartData,
    ChartInput,
    Frequency,
    chart_data,
)
from smm_logic.outputs.charts.labels import group_label, value_text
from smm_logic.report.headers import metrics
from smm_logic.text import Lang, text


def followers_chart(source: ChartInput, lang: Lang) -> AnyChart | None:
    """Followers over time, one line per platform / account: the last value per bucket.

    ``None`` without a followers column or without a row that has both a date and followers.
    """
    return _followers_chart(chart_data(source), lang)


@validated_once
def _followers_chart(data: ChartData, lang: Lang) -> AnyChart | None:
    if "followers" not in data.columns or data.followers is None:
        return None
    freq, buckets = data.followers.freq, data.followers.frame
    labels = [
        group_label(platform, account, lang)
        for platform, account in zip(buckets["platform"], buckets["account"], strict=True)
    ]
    points = pd.DataFrame(
        {
            BUCKET: buckets[BUCKET],
            SERIES: labels,
            VALUE: buckets["followers_end"],
            VALUE_TEXT: [value_text(float(v), "count", lang) for v in buckets["followers_end"]],
        }
    )
    points, notes = thin_points(points, lang, drop_series=True)
    followers_name = metrics()["followers"].name.render(lang)
    group_title = text("chart.group", lang)
    chart = (
        alt.Chart(with_periods(points, freq, lang))
        .mark_line(point=alt.OverlayMarkDef(size=18))
        .encode(
            x=time_axis(freq, lang),
            y=alt.Y(f"{VALUE}:Q", title=followers_name, scale=alt.Scale(zero=False)),
            color=alt.Color(f"{SERIES}:N", legend=legend(group_title)),
            tooltip=series_tooltips(lang, group_title),
        )
    )
    per_bucket = text(f"chart.per_bucket.{freq}", lang)
    subtitle = [text("chart.followers_subtitle", lang, per_bucket=per_bucket), *notes]
    height = time_chart_height(points[SERIES].nunique())
    return finish(chart, lang, text("chart.followers_title", lang), subtitle, height)


def _kpi_trend(
    data: ChartData, kpis: Sequence[str], inputs: Sequence[str], lang: Lang
) -> tuple[pd.DataFrame, list[str], Frequency, list[str]] | None:
    """KPIs per bucket as long rows, or ``None`` when none of them has a value.

    The KPIs charted depend on ``inputs`` only, so the buckets of all columns serve.
    """
    if data.trend is None or not any(column in data.columns for column in inputs):
        return None
    assert len(kpis) <= TREND_SERIES, "the trend buckets are sized for TREND_SERIES lines"
    freq = data.trend.freq
    points, present = kpi_points(data.trend.frame, kpis, lang)
    if not present:
        return None
    points, notes = thin_points(points, lang, drop_series=False)
    return with_periods(points, freq, lang), present, freq, notes


def engagement_chart(source: ChartInput, lang: Lang) -> AnyChart | None:
    """ER by followers and ERR by reach over time, each bucket's KPIs from the cube.

    ``None`` without dated rows, or when neither KPI can be computed in any bucket
    (no interactions, or no followers and no reach).
    """
    return _engagement_chart(chart_data(source), lang)


@validated_once
def _engagement_chart(data: ChartData, lang: Lang) -> AnyChart | None:
    kpis = ("er_followers_pct", "err_pct")
    inputs = ("followers", "posts", "reach", *INTERACTION_COLUMNS)
    if not any(column in data.columns for column in INTERACTION_COLUMNS):
        return None
    trend = _kpi_trend(data, kpis, inputs, lang)
    if trend is None:
        return None
    points, present, freq, notes = trend
    names = [kpi_catalog()[kpi].name.render(lang) for kpi in present]
    kpi_title = text("chart.kpi", lang)
    chart = (
        alt.Chart(points)
        .mark_line(point=alt.OverlayMarkDef(size=18))
        .encode(
            x=time_axis(freq, lang),
            y=alt.Y(f"{VALUE}:Q", title=text("chart.engagement_axis", lang)),
            color=alt.Color(f"{SERIES}:N", legend=legend(kpi_title), scale=alt.Scale(domain=names)),
            tooltip=series_tooltips(lang, kpi_title),
        )
    )
    per_bucket = text(f"chart.per_bucket.{freq}", lang)
    drawn = text("chart.and", lang).join(names)
    subtitle = [text("chart.engagement_subtitle", lang, kpis=drawn, per_bucket=per_bucket), *notes]
    return finish(chart, lang, text("chart.engagement_title", lang), subtitle, TIME_CHART_HEIGHT)


def _without_impossible_shares(points: pd.DataFrame) -> tuple[pd.DataFrame, int]:
    """The points with negative shares above 100 % left blank (a gap in the line): more
    negative comments than comments is an error in the data, not a point to draw.
    Returns how many were left out."""
    impossible = (points["kpi_id"] == "negative_share_pct") & (points[VALUE] > 100)
    count = int(impossible.sum())
    if not count:
        return points, 0
    blank = points[VALUE].where(~impossible)
    text_blank = points[VALUE_TEXT].where(~impossible, "—")
    return points.assign(**{VALUE: blank, VALUE_TEXT: text_blank}), count


def negative_chart(source: ChartInput, lang: Lang) -> AnyChart | None:
    """Negative share, % (left axis) and median response time, hours (right axis) over time.

    ``None`` without dated rows, or when neither can be computed in any bucket
    (no comments and negative comments, and no response time).
    """
    return _negative_chart(chart_data(source), lang)


@validated_once
def _negative_chart(data: ChartData, lang: Lang) -> AnyChart | None:
    kpis = ("negative_share_pct", "response_time_median_h")
    inputs = ("comments", "negative_comments", "response_time")
    trend = _kpi_trend(data, kpis, inputs, lang)
    if trend is None:
        return None
    points, present, freq, notes = trend
    points, impossible = _without_impossible_shares(points)
    if impossible:
        notes = [*notes, text("chart.negatives_exceed", lang, count=impossible)]
        drawn_ids = set(points["kpi_id"][points[VALUE].notna()])
        present = [kpi for kpi in present if kpi in drawn_ids]
        if not present:
            return None
    catalog = kpi_catalog()
    names = [catalog[kpi].name.render(lang) for kpi in present]
    kpi_title = text("chart.kpi", lang)
    layers = []
    sides: tuple[Literal["left", "right"], ...] = ("left", "right")
    for side, kpi in zip(sides, present, strict=False):
        unit_key = "chart.axis_hours" if catalog[kpi].unit == "hours" else "chart.axis_percent"
        axis = alt.Axis(
            title=text(unit_key, lang, name=catalog[kpi].name.render(lang)), orient=side
        )
        layers.append(
            alt.Chart()
            .mark_line(point=alt.OverlayMarkDef(size=18))
            .encode(
                x=time_axis(freq, lang),
                y=alt.Y(f"{VALUE}:Q", axis=axis),
                color=alt.Color(
                    f"{SERIES}:N", legend=legend(kpi_title), scale=alt.Scale(domain=names)
                ),
                tooltip=series_tooltips(lang, kpi_title),
            )
            .transform_filter(alt.datum.kpi_id == kpi)
        )
    chart = alt.LayerChart(layer=layers, data=points).resolve_scale(y="independent")
    per_bucket = text(f"chart.per_bucket.{freq}", lang)
    drawn = text("chart.and", lang).join(names)
    subtitle = [text("chart.negative_subtitle", lang, kpis=drawn, per_bucket=per_bucket), *notes]
    return finish(chart, lang, text("chart.negative_title", lang), subtitle, TIME_CHART_HEIGHT)
