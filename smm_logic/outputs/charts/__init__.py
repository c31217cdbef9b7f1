"""Chart builders: the canonical table (or KPI values) in, an Altair chart out.

Pure functions without streamlit; pages call ``st.altair_chart`` on what they return.
Time series are bucketed by day, week or month before charting (``charts.data``): the
finest bucket whose points fit ``DRAWN_POINTS`` (what a page-wide chart shows apart),
and never more than ``MAX_POINTS`` data points whatever the report's size.
Every value per bucket comes from ``smm_logic.kpis`` (the same rules as the KPI table),
and a missing value stays missing — a gap in a line, never an invented zero.

Each builder returns ``None`` when its inputs are absent; the page shows a note instead.
The charts carry their own Vega locale (number and date formats of the language,
``charts.labels``), so they are final: render them, do not layer them into other charts.
A builder makes a new chart on every call; a caller that keeps charts (the shell
caches them per selection and language) keeps them as they are.

- ``charts.data``: bucketing and ``ChartData``, a selection's immutable chart inputs;
- ``charts.timeseries``: followers, engagement, negative share over time;
- ``charts.bars``: funnel, target attainment, self-assessment dimensions.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from types import MappingProxyType

from smm_logic.outputs.charts.bars import (
    FUNNEL_STAGES,
    dimension_chart,
    funnel_chart,
    funnel_steps,
    kpi_vs_target_chart,
)
from smm_logic.outputs.charts.common import AnyChart
from smm_logic.outputs.charts.data import (
    DRAWN_POINTS,
    FREQUENCIES,
    MAX_POINTS,
    Buckets,
    ChartData,
    ChartInput,
    Frequency,
    bucket_starts,
    chart_data,
    choose_frequency,
    resample,
)
from smm_logic.outputs.charts.labels import group_label, vega_locale
from smm_logic.outputs.charts.timeseries import engagement_chart, followers_chart, negative_chart
from smm_logic.text import Lang

__all__ = [
    "CHART_BUILDERS",
    "DRAWN_POINTS",
    "FREQUENCIES",
    "FUNNEL_STAGES",
    "MAX_POINTS",
    "SELECTION_CHARTS",
    "AnyChart",
    "Buckets",
    "ChartData",
    "ChartInput",
    "Frequency",
    "bucket_starts",
    "chart_data",
    "choose_frequency",
    "dimension_chart",
    "engagement_chart",
    "followers_chart",
    "funnel_chart",
    "funnel_steps",
    "group_label",
    "kpi_vs_target_chart",
    "negative_chart",
    "resample",
    "vega_locale",
]

# The charts of a selection of a report (scope and period), in the page's order.
SELECTION_CHARTS: Mapping[str, Callable[[ChartInput, Lang], AnyChart | None]] = MappingProxyType(
    {
        "followers": followers_chart,
        "engagement": engagement_chart,
        "negative": negative_chart,
        "funnel": funnel_chart,
    }
)
# A chart kind → its builder; the page looks the kind up and renders what comes back.
CHART_BUILDERS: dict[str, Callable[..., AnyChart | None]] = {
    **SELECTION_CHARTS,
    "kpi_vs_target": kpi_vs_target_chart,
}
