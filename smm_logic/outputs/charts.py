"""Chart builders: the canonical table (or KPI values) in, an Altair chart out.

Pure functions without streamlit; pages call ``st.altair_chart`` on what they return.
Time series are bucketed by day, week or month before charting, so that no chart
carries more than ``MAX_POINTS`` data points whatever the report's size. Every value
per bucket comes from ``smm_logic.kpis`` (the same rules as the KPI table), and a
missing value stays missing — a gap in a line, never an invented zero.

Each builder returns ``None`` when its inputs are absent; the page shows a note instead.
The charts carry their own Vega locale (number and date formats of the language), so
they are final: render them, do not layer them into other charts.
"""

from __future__ import annotations

import copy
import math
from collections.abc import Callable, Mapping, Sequence
from datetime import date
from functools import cache, lru_cache, wraps
from typing import Any, Literal, ParamSpec, TypeAlias, TypeVar

import altair as alt
import numpy as np
import pandas as pd
from altair.utils.schemapi import debug_mode
from babel.dates import format_date, get_day_names, get_month_names
from babel.numbers import get_decimal_symbol, get_group_symbol

from smm_logic.format import LOCALES, format_day, format_kpi
from smm_logic.format import group_label as format_group_label
from smm_logic.kpis.catalog import INTERACTION_COLUMNS, kpi_catalog, kpi_ids
from smm_logic.kpis.cube import DailyCube, build_cube, group_key, run_aggregates, run_medians
from smm_logic.kpis.formulas import combine_arrays, derive_kpi_arrays
from smm_logic.kpis.targets import attainment_pct
from smm_logic.report.headers import metrics
from smm_logic.report.model import GROUP_KEYS
from smm_logic.text import Lang, text

AnyChart: TypeAlias = alt.Chart | alt.LayerChart
_P = ParamSpec("_P")
_R = TypeVar("_R")
Frequency = Literal["D", "W", "M"]

MAX_POINTS = 2_000
FREQUENCIES: tuple[Frequency, ...] = ("D", "W", "M")
FUNNEL_STAGES = ("reach", "clicks", "leads", "sales")
BUCKET, GROUP, SERIES, VALUE, VALUE_TEXT, PERIOD = (
    "bucket", "group", "series", "value", "value_text", "period",
)  # fmt: skip
TIME_CHART_HEIGHT = 320
# Attainment bars are drawn within these percents; the label keeps the true value.
ATTAINMENT_DRAWN_MIN, ATTAINMENT_DRAWN_MAX = -100.0, 200.0
MET_COLOR, NOT_MET_COLOR = "#2b8a3e", "#e03131"
# Height of one bar's band in the bar charts (dimensions, funnel, targets), in pixels.
BAR_STEP = 34
# Self-assessment bars: the score in the theme's colour over a grey track to 100.
SCORE_COLOR, TRACK_COLOR = "#2F6F73", "#DDE3E0"
# Axis date labels change with the tick's granularity: a year tick shows the year.
_AXIS_DATE_FORMATS: dict[Lang, dict[str, str]] = {
    "ru": {"year": "%Y", "quarter": "%b", "month": "%b", "week": "%d.%m", "date": "%d.%m",
           "day": "%d.%m", "hours": "%H:%M"},
    "en": {"year": "%Y", "quarter": "%b", "month": "%b", "week": "%b %d", "date": "%b %d",
           "day": "%b %d", "hours": "%H:%M"},
}  # fmt: skip
_TIME_PATTERNS: dict[Lang, dict[str, str]] = {
    "ru": {"dateTime": "%d.%m.%Y %H:%M:%S", "date": "%d.%m.%Y", "time": "%H:%M:%S"},
    "en": {"dateTime": "%a %b %e %X %Y", "date": "%m/%d/%Y", "time": "%I:%M:%S %p"},
}


def _validated_once(build: Callable[_P, _R]) -> Callable[_P, _R]:
    """Build without Altair's debug mode, which validates every schema object as it is
    made (about half of a builder's time). The finished spec is still validated as a
    whole when it is rendered or turned into a dict (``to_dict``)."""

    @wraps(build)
    def built(*args: _P.args, **kwargs: _P.kwargs) -> _R:
        with debug_mode(False):
            return build(*args, **kwargs)

    return built


# ---------------------------------------------------------------- aggregation


def bucket_starts(dates: pd.Series, freq: Frequency) -> pd.Series:
    """The first day of each date's bucket: the day, the week's Monday or the month's 1st."""
    days = pd.to_datetime(dates).dt.normalize()
    if freq == "D":
        return days
    offset = days.dt.day_of_week if freq == "W" else days.dt.day - 1
    return days - pd.to_timedelta(offset, unit="D")


def choose_frequency(dates: pd.Series, series: int = 1, max_points: int = MAX_POINTS) -> Frequency:
    """The finest of day, week and month whose buckets × series stay within ``max_points``.

    Month when even months do not fit; the builders then thin the series (see
    ``_thin_points``) so that the promise of ``max_points`` still holds.
    """
    known = pd.to_datetime(dates).dropna()
    for freq in FREQUENCIES[:-1]:
        if bucket_starts(known, freq).nunique() * max(series, 1) <= max_points:
            return freq
    return FREQUENCIES[-1]


def resample(
    source: pd.DataFrame | DailyCube, freq: Frequency, *, by_group: bool = False
) -> pd.DataFrame:
    """Every KPI per time bucket (and per group with ``by_group``), as the KPI table
    would give on that bucket's rows.

    Columns: ``bucket`` (the bucket's first day), ``platform`` and ``account`` when
    ``by_group``, then one float column per KPI id (NaN where the KPI is null).
    Undated rows belong to no bucket. Buckets are runs of a group's days in the daily
    cube (a table is aggregated into one first), and ``smm_logic.kpis.formulas`` turns
    them into KPIs, so the formulas live in one place only.
    """
    cube = source if isinstance(source, DailyCube) else build_cube(source)
    return _resample_cube(cube, freq, by_group=by_group)


def _resample_cube(cube: DailyCube, freq: Frequency, *, by_group: bool) -> pd.DataFrame:
    """``resample`` from a daily cube: buckets are runs of a group's days."""
    keys = [BUCKET, *GROUP_KEYS] if by_group else [BUCKET]
    dated = cube.dated()
    if not dated.cells:
        return pd.DataFrame(columns=[*keys, *kpi_ids()])
    buckets = bucket_starts(pd.Series(dated.day), freq).to_numpy()
    # Cells run by group, then by day: each (group, bucket) is one run of cells.
    change = (dated.group[1:] != dated.group[:-1]) | (buckets[1:] != buckets[:-1])
    starts = np.flatnonzero(np.concatenate(([True], change)))
    first_of_run = np.zeros(dated.cells, dtype=np.bool_)
    first_of_run[starts] = True
    run = np.cumsum(first_of_run) - 1
    runs = len(starts)
    aggs = run_aggregates(dated, run, runs)
    run_bucket = buckets[starts]
    run_first_row = np.minimum.reduceat(dated.first_row, starts)
    # Within a bucket, groups in order of their first row there (as groupby(sort=False)).
    order = np.lexsort((run_first_row, run_bucket))
    if by_group:
        kpis = derive_kpi_arrays(aggs)
        group_keys = [dated.group_keys[group] for group in dated.group[starts][order]]
        columns: dict[str, Any] = {
            BUCKET: pd.Series(run_bucket[order]),
            "platform": pd.Series([p for p, _ in group_keys]),
            "account": pd.Series([a for _, a in group_keys]),
        }
    else:
        unique, bucket_of_run = np.unique(run_bucket, return_inverse=True)
        bucket_of_cell = bucket_of_run[run]
        medians = run_medians(
            bucket_of_cell[dated.response_cell], dated.response_value, len(unique)
        )
        whole = combine_arrays(
            aggs.take(order),
            bucket_of_run[order],
            len(unique),
            np.where(np.isfinite(medians), medians, np.nan),
        )
        kpis = derive_kpi_arrays(whole)
        order = np.arange(len(unique))
        columns = {BUCKET: pd.Series(unique)}
    columns.update({kpi: kpis[kpi][order] for kpi in kpi_ids()})
    return pd.DataFrame(columns)


def _thin_points(
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


class ChartData:
    """The rows of a chart selection as a daily cube, with its resampled buckets and
    its finished charts kept: the builders share the buckets instead of each
    resampling, and a page that keeps the object for the same selection (scope and
    period) gets the same charts back without building them again.

    Builders accept it in place of a table. Treat it, and the charts, as read-only.
    """

    def __init__(self, source: pd.DataFrame | DailyCube) -> None:
        self.cube = source if isinstance(source, DailyCube) else build_cube(source)
        self._buckets: dict[tuple[Frequency, bool, bool], pd.DataFrame] = {}
        self._views: dict[bool, DailyCube] = {}
        self._charts: dict[tuple[str, Lang], AnyChart | None] = {}

    def chart(
        self, kind: str, lang: Lang, build: Callable[[ChartData, Lang], AnyChart | None]
    ) -> AnyChart | None:
        """``build(self, lang)``, made once per chart kind and language."""
        key = (kind, lang)
        if key not in self._charts:
            self._charts[key] = build(self, lang)
        return self._charts[key]

    @property
    def columns(self) -> frozenset[str]:
        return self.cube.columns

    def dated(self, *, with_followers: bool = False) -> DailyCube:
        """Dated cells (only those with a followers value with ``with_followers``)."""
        if with_followers not in self._views:
            cube = self.cube.dated()
            if with_followers:
                cube = cube.select(cube.followers_count > 0)
            self._views[with_followers] = cube
        return self._views[with_followers]

    def buckets(
        self, freq: Frequency, *, by_group: bool = False, with_followers: bool = False
    ) -> pd.DataFrame:
        """``resample`` of the dated rows (those with followers with ``with_followers``)."""
        key = (freq, by_group, with_followers)
        if key not in self._buckets:
            self._buckets[key] = resample(
                self.dated(with_followers=with_followers), freq, by_group=by_group
            )
        return self._buckets[key]


ChartInput: TypeAlias = pd.DataFrame | DailyCube | ChartData


def chart_data(source: ChartInput) -> ChartData:
    return source if isinstance(source, ChartData) else ChartData(source)


def _cube_days(cube: DailyCube) -> pd.Series:
    return pd.Series(cube.day)


# ---------------------------------------------------------------- language


def vega_locale(lang: Lang) -> dict[str, Any]:
    """Number and time formatting of ``lang`` for Vega (axis labels), taken from Babel."""
    return copy.deepcopy(_vega_locale(lang))


@cache
def _vega_locale(lang: Lang) -> dict[str, Any]:
    locale = LOCALES[lang]
    months = get_month_names("wide", context="stand-alone", locale=locale)
    short_months = get_month_names("abbreviated", context="stand-alone", locale=locale)
    days = get_day_names("wide", context="stand-alone", locale=locale)
    short_days = get_day_names("abbreviated", context="stand-alone", locale=locale)
    sunday_first = (6, 0, 1, 2, 3, 4, 5)  # Babel counts from Monday, Vega from Sunday
    return {
        "number": {
            "decimal": get_decimal_symbol(locale),
            "thousands": get_group_symbol(locale),
            "grouping": [3],
            "currency": ["", ""],
        },
        "time": {
            **_TIME_PATTERNS[lang],
            "periods": ["AM", "PM"],
            "days": [str(days[d]) for d in sunday_first],
            "shortDays": [str(short_days[d]) for d in sunday_first],
            "months": [str(months[m]) for m in range(1, 13)],
            "shortMonths": [str(short_months[m]) for m in range(1, 13)],
        },
    }


# Labels and value texts are pure functions of their arguments; a rerun of the page
# (another scope, period or target) meets the same days and often the same values.
@lru_cache(maxsize=16_384)
def _day_label(day: date, freq: Frequency, lang: Lang) -> str:
    if freq == "D":
        return format_day(day, lang)
    if freq == "W":
        return text("chart.week_of", lang, day=format_day(day, lang))
    month = format_date(day, "LLLL y", locale=LOCALES[lang])
    return month[:1].upper() + month[1:]


@lru_cache(maxsize=65_536)
def _value_text(value: float | None, unit: str, lang: Lang) -> str:
    return format_kpi(value, unit, lang)


def group_label(platform: object, account: object, lang: Lang) -> str:
    """A series name: "VK / brand", or "Whole report" for the one group without keys."""
    return format_group_label(
        group_key(platform), group_key(account), lang, unnamed="chart.whole_report"
    )


def _time_axis(freq: Frequency, lang: Lang) -> alt.X:
    axis = alt.Axis(title=text(f"chart.bucket.{freq}", lang), format=_AXIS_DATE_FORMATS[lang])
    return alt.X(f"{BUCKET}:T", axis=axis)


def _with_periods(points: pd.DataFrame, freq: Frequency, lang: Lang) -> pd.DataFrame:
    codes, buckets = pd.factorize(points[BUCKET])
    days = pd.DatetimeIndex(buckets).date  # boxing each Timestamp is slow; days are not
    labels = np.array([_day_label(day, freq, lang) for day in days], dtype=object)
    return points.assign(**{PERIOD: labels[codes]})


def _finish(
    chart: AnyChart, lang: Lang, title: str, subtitle: Sequence[str], height: int | alt.Step
) -> AnyChart:
    heading = alt.TitleParams(text=title, subtitle=list(subtitle), anchor="start")
    titled = chart.properties(title=heading, height=height)
    configured: AnyChart = titled.configure(locale=vega_locale(lang))
    return configured


def _kpi_points(
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
                    _value_text(None if pd.isna(v) else float(v), catalog[kpi].unit, lang)
                    for v in buckets[kpi]
                ],
            }
        )
        for kpi in present
    ]
    return (pd.concat(frames, ignore_index=True) if frames else pd.DataFrame()), present


def _legend(title: str) -> alt.Legend:
    # Group names ("Telegram / Кофейня на Садовой") are long; the default cuts them at 160 px.
    return alt.Legend(title=title, labelLimit=280)


def _series_tooltips(lang: Lang, series_title: str) -> list[alt.Tooltip]:
    return [
        alt.Tooltip(f"{PERIOD}:N", title=text("chart.period", lang)),
        alt.Tooltip(f"{SERIES}:N", title=series_title),
        alt.Tooltip(f"{VALUE_TEXT}:N", title=text("chart.value", lang)),
    ]


# ---------------------------------------------------------------- builders


def followers_chart(source: ChartInput, lang: Lang) -> AnyChart | None:
    """Followers over time, one line per platform / account: the last value per bucket.

    ``None`` without a followers column or without a row that has both a date and followers.
    """
    return chart_data(source).chart("followers", lang, _followers_chart)


@_validated_once
def _followers_chart(data: ChartData, lang: Lang) -> AnyChart | None:
    if "followers" not in data.columns:
        return None
    cells = data.dated(with_followers=True)
    if not cells.cells:
        return None
    series = len(np.unique(cells.group))
    freq = choose_frequency(_cube_days(cells), series=series)
    buckets = data.buckets(freq, by_group=True, with_followers=True)
    labels = [
        group_label(platform, account, lang)
        for platform, account in zip(buckets["platform"], buckets["account"], strict=True)
    ]
    points = pd.DataFrame(
        {
            BUCKET: buckets[BUCKET],
            SERIES: labels,
            VALUE: buckets["followers_end"],
            VALUE_TEXT: [_value_text(float(v), "count", lang) for v in buckets["followers_end"]],
        }
    )
    points, notes = _thin_points(points, lang, drop_series=True)
    followers_name = metrics()["followers"].name.render(lang)
    group_title = text("chart.group", lang)
    chart = (
        alt.Chart(_with_periods(points, freq, lang))
        .mark_line(point=alt.OverlayMarkDef(size=18))
        .encode(
            x=_time_axis(freq, lang),
            y=alt.Y(f"{VALUE}:Q", title=followers_name, scale=alt.Scale(zero=False)),
            color=alt.Color(f"{SERIES}:N", legend=_legend(group_title)),
            tooltip=_series_tooltips(lang, group_title),
        )
    )
    per_bucket = text(f"chart.per_bucket.{freq}", lang)
    subtitle = [text("chart.followers_subtitle", lang, per_bucket=per_bucket), *notes]
    return _finish(chart, lang, text("chart.followers_title", lang), subtitle, TIME_CHART_HEIGHT)


def _kpi_trend(
    data: ChartData, kpis: Sequence[str], inputs: Sequence[str], lang: Lang
) -> tuple[pd.DataFrame, list[str], Frequency, list[str]] | None:
    """KPIs per bucket as long rows, or ``None`` when none of them has a value.

    The KPIs charted depend on ``inputs`` only, so the buckets of all columns serve.
    """
    cells = data.dated()
    if not cells.cells or not any(column in data.columns for column in inputs):
        return None
    freq = choose_frequency(_cube_days(cells), series=len(kpis))
    points, present = _kpi_points(data.buckets(freq), kpis, lang)
    if not present:
        return None
    points, notes = _thin_points(points, lang, drop_series=False)
    return _with_periods(points, freq, lang), present, freq, notes


def engagement_chart(source: ChartInput, lang: Lang) -> AnyChart | None:
    """ER by followers and ERR by reach over time, each bucket as ``compute_kpis`` gives it.

    ``None`` without dated rows, or when neither KPI can be computed in any bucket
    (no interactions, or no followers and no reach).
    """
    return chart_data(source).chart("engagement", lang, _engagement_chart)


@_validated_once
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
            x=_time_axis(freq, lang),
            y=alt.Y(f"{VALUE}:Q", title=text("chart.engagement_axis", lang)),
            color=alt.Color(
                f"{SERIES}:N", legend=_legend(kpi_title), scale=alt.Scale(domain=names)
            ),
            tooltip=_series_tooltips(lang, kpi_title),
        )
    )
    per_bucket = text(f"chart.per_bucket.{freq}", lang)
    subtitle = [text("chart.engagement_subtitle", lang, per_bucket=per_bucket), *notes]
    return _finish(chart, lang, text("chart.engagement_title", lang), subtitle, TIME_CHART_HEIGHT)


def negative_chart(source: ChartInput, lang: Lang) -> AnyChart | None:
    """Negative share, % (left axis) and median response time, hours (right axis) over time.

    ``None`` without dated rows, or when neither can be computed in any bucket
    (no comments and negative comments, and no response time).
    """
    return chart_data(source).chart("negative", lang, _negative_chart)


@_validated_once
def _negative_chart(data: ChartData, lang: Lang) -> AnyChart | None:
    kpis = ("negative_share_pct", "response_time_median_h")
    inputs = ("comments", "negative_comments", "response_time")
    trend = _kpi_trend(data, kpis, inputs, lang)
    if trend is None:
        return None
    points, present, freq, notes = trend
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
                x=_time_axis(freq, lang),
                y=alt.Y(f"{VALUE}:Q", axis=axis),
                color=alt.Color(
                    f"{SERIES}:N", legend=_legend(kpi_title), scale=alt.Scale(domain=names)
                ),
                tooltip=_series_tooltips(lang, kpi_title),
            )
            .transform_filter(alt.datum.kpi_id == kpi)
        )
    chart = alt.LayerChart(layer=layers, data=points).resolve_scale(y="independent")
    per_bucket = text(f"chart.per_bucket.{freq}", lang)
    subtitle = [text("chart.negative_subtitle", lang, per_bucket=per_bucket), *notes]
    return _finish(chart, lang, text("chart.negative_title", lang), subtitle, TIME_CHART_HEIGHT)


def funnel_steps(source: ChartInput) -> list[tuple[str, float, float | None]]:
    """(stage, total, conversion % from the previous present stage) for the stages present."""
    sums = chart_data(source).cube.totals()
    steps: list[tuple[str, float, float | None]] = []
    for stage in FUNNEL_STAGES:
        total = sums.get(stage)
        if total is None:
            continue
        previous = steps[-1][1] if steps else None
        conversion = total / previous * 100 if previous else None
        steps.append((stage, total, conversion))
    return steps


def funnel_chart(source: ChartInput, lang: Lang) -> AnyChart | None:
    """Reach → clicks → leads → sales totals as horizontal bars, each labelled with its
    conversion from the previous stage; only the stages present.

    ``None`` when fewer than two of the stages have values (no funnel to show).
    """
    return chart_data(source).chart("funnel", lang, _funnel_chart)


@_validated_once
def _funnel_chart(selection: ChartData, lang: Lang) -> AnyChart | None:
    steps = funnel_steps(selection)
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
    return _finish(chart, lang, text("chart.funnel_title", lang), subtitle, alt.Step(BAR_STEP))


@_validated_once
def kpi_vs_target_chart(
    values: Mapping[str, float | None], targets: Mapping[str, float], lang: Lang
) -> AnyChart | None:
    """Target attainment % per KPI (catalog order) with a rule at 100 %.

    ``None`` when no KPI with a target has a computable attainment. Ids that are not
    in the KPI catalog are ignored.
    """
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
    return _finish(
        alt.LayerChart(layer=[bars, labels, rule]),
        lang,
        text("chart.kpi_target_title", lang),
        subtitle,
        alt.Step(BAR_STEP),
    )


@_validated_once
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
    return _finish(
        alt.LayerChart(layer=[track, bars, labels]),
        lang,
        text("chart.dimension_title", lang),
        [text("chart.dimension_subtitle", lang)],
        alt.Step(BAR_STEP),
    )


# A chart kind → its builder; the page looks the kind up and renders what comes back.
CHART_BUILDERS: dict[str, Callable[..., AnyChart | None]] = {
    "followers": followers_chart,
    "engagement": engagement_chart,
    "negative": negative_chart,
    "funnel": funnel_chart,
    "kpi_vs_target": kpi_vs_target_chart,
}
