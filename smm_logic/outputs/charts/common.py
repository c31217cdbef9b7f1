"""Pieces every chart builder shares: the point budget, axes, legends, tooltips, titles."""

from __future__ import annotations

import textwrap
from collections.abc import Callable, Sequence
from functools import wraps
from typing import Literal, ParamSpec, TypeAlias, TypeVar

import altair as alt
import numpy as np
import pandas as pd
from altair.utils.schemapi import debug_mode

from smm_logic.kpis.catalog import kpi_catalog
from smm_logic.outputs.charts.data import BUCKET, MAX_POINTS, Frequency
from smm_logic.outputs.charts.labels import AXIS_DATE_FORMATS, day_label, value_text, vega_locale
from smm_logic.text import Lang, text

AnyChart: TypeAlias = alt.Chart | alt.LayerChart
_P = ParamSpec("_P")
_R = TypeVar("_R")

GROUP, SERIES, VALUE, VALUE_TEXT, PERIOD = "group", "series", "value", "value_text", "period"
# The whole chart: its title, the plot (about 240 px) and the legend under it.
TIME_CHART_HEIGHT = 440
# One more legend line under the plot beyond the two the height above leaves room for:
# a chart of twelve accounts keeps its plot instead of giving it to the legend.
LEGEND_LINE = 30
# Characters of a subtitle line: what a 390 px phone shows in full.
SUBTITLE_WIDTH = 48
# Height of one bar's band in the bar charts (dimensions, funnel, targets), in pixels.
BAR_STEP = 34


def validated_once(build: Callable[_P, _R]) -> Callable[_P, _R]:
    """Build without Altair's debug mode, which validates every schema object as it is
    made (about half of a builder's time). The finished spec is still validated as a
    whole when it is rendered or turned into a dict (``to_dict``)."""

    @wraps(build)
    def built(*args: _P.args, **kwargs: _P.kwargs) -> _R:
        with debug_mode(False):
            return build(*args, **kwargs)

    return built


def thin_points(
    points: pd.DataFrame, lang: Lang, *, drop_series: bool, max_points: int = MAX_POINTS
) -> tuple[pd.DataFrame, list[str]]:
    """Keep a chart within ``max_points`` when even monthly buckets are too many.

    First (with ``drop_series``) only the series with the largest latest values stay;
    then only the most recent buckets. Returns the notes saying what was left out.
    """
    notes: list[str] = []
    if len(points) <= max_points:
        return points, notes
    buckets = points[BUCKET].nunique()
    names = points[SERIES].unique()
    keep = max(1, max_points // buckets)
    if drop_series and len(names) > keep:
        latest = points.dropna(subset=[VALUE]).groupby(SERIES)[VALUE].last()
        ranked = latest.reindex(names).sort_values(ascending=False, na_position="last")
        kept = set(ranked.index[:keep])
        points = points.loc[points[SERIES].isin(kept)]
        notes.append(text("chart.shown_groups", lang, shown=len(kept), total=len(names)))
    if len(points) > max_points:
        per_bucket = points.groupby(BUCKET).size().sort_index(ascending=False)
        recent = per_bucket.index[per_bucket.cumsum().to_numpy() <= max_points]
        points = points.loc[points[BUCKET].isin(recent)]
        notes.append(text("chart.shown_recent", lang, shown=len(recent)))
    return points.reset_index(drop=True), notes


# Ticks on the buckets' own boundaries: a monthly chart is not ticked by weeks.
_TICKS: dict[Frequency, Literal["week", "month"] | None] = {"D": None, "W": "week", "M": "month"}


def time_axis(freq: Frequency, lang: Lang) -> alt.X:
    ticks = _TICKS[freq]
    axis = alt.Axis(
        title=text(f"chart.bucket.{freq}", lang),
        format=AXIS_DATE_FORMATS[lang],
        tickCount=alt.Undefined if ticks is None else ticks,
    )
    return alt.X(f"{BUCKET}:T", axis=axis)


def with_periods(points: pd.DataFrame, freq: Frequency, lang: Lang) -> pd.DataFrame:
    """``points`` with each bucket's name in the ``period`` column (for tooltips)."""
    codes, buckets = pd.factorize(points[BUCKET])
    days = pd.DatetimeIndex(buckets).date  # boxing each Timestamp is slow; days are not
    labels = np.array([day_label(day, freq, lang) for day in days], dtype=object)
    return points.assign(**{PERIOD: labels[codes]})


def finish(
    chart: AnyChart, lang: Lang, title: str, subtitle: Sequence[str], height: int | alt.Step
) -> AnyChart:
    """The chart with its title, subtitle lines, height and the language's Vega locale.

    Vega does not wrap titles, it cuts them at the chart's width: subtitle lines are
    wrapped here to what a phone's width holds."""
    lines = [line for part in subtitle for line in textwrap.wrap(part, SUBTITLE_WIDTH)]
    heading = alt.TitleParams(text=title, subtitle=lines, anchor="start")
    titled = chart.properties(title=heading, height=height)
    configured: AnyChart = titled.configure(locale=vega_locale(lang))
    return configured


def kpi_points(
    buckets: pd.DataFrame, kpis: Sequence[str], lang: Lang
) -> tuple[pd.DataFrame, list[str]]:
    """Long rows (bucket, KPI name, value) for the KPIs that have a value somewhere."""
    catalog = kpi_catalog()
    present = [kpi for kpi in kpis if buckets[kpi].notna().any()]
    frames = [
        pd.DataFrame(
            {
                BUCKET: buckets[BUCKET],
                SERIES: catalog[kpi].name.render(lang),
                "kpi_id": kpi,
                VALUE: buckets[kpi],
                VALUE_TEXT: [
                    value_text(None if pd.isna(v) else float(v), catalog[kpi].unit, lang)
                    for v in buckets[kpi]
                ],
            }
        )
        for kpi in present
    ]
    return (pd.concat(frames, ignore_index=True) if frames else pd.DataFrame()), present


def time_chart_height(series: int) -> int:
    """The whole height of a time chart with ``series`` lines (one legend line each)."""
    return TIME_CHART_HEIGHT + LEGEND_LINE * max(0, series - 2)


def legend(title: str) -> alt.Legend:
    # Group names ("Telegram / Кофейня на Садовой") are long; the default cuts them at 160 px.
    # Under the plot, one name a line: beside it, a legend takes half a phone's width.
    return alt.Legend(title=title, labelLimit=280, orient="bottom", direction="vertical")


def series_tooltips(lang: Lang, series_title: str) -> list[alt.Tooltip]:
    return [
        alt.Tooltip(f"{PERIOD}:N", title=text("chart.period", lang)),
        alt.Tooltip(f"{SERIES}:N", title=series_title),
        alt.Tooltip(f"{VALUE_TEXT}:N", title=text("chart.value", lang)),
    ]
