"""The Workshop page's charts: valid Vega-Lite, the data they say, nothing invented."""

from __future__ import annotations

from typing import Any

from smm_logic.outputs.charts.workshop import (
    dimension_history_chart,
    kpi_history_chart,
    respondents_chart,
)


def datasets(spec: dict[str, Any]) -> list[dict[str, Any]]:
    return [row for rows in spec.get("datasets", {}).values() for row in rows]


def test_respondents_side_by_side_draw_no_bar_for_a_dimension_a_respondent_could_not_score() -> (
    None
):
    chart = respondents_chart(
        [
            ("Goals", "Olga (owner)", 80.0),
            ("Goals", "Sam (SMM)", 20.0),
            ("Traffic", "Sam (SMM)", None),
        ],
        "en",
    )
    assert chart is not None
    spec = chart.to_dict()  # validates the whole spec
    rows = datasets(spec)
    assert {(row["dimension"], row["respondent"], row["score"]) for row in rows} == {
        ("Goals", "Olga (owner)", 80.0),
        ("Goals", "Sam (SMM)", 20.0),
    }
    assert spec["title"]["text"] == "Scores by dimension: who answered what"


def test_charts_without_values_are_none() -> None:
    assert respondents_chart([("Goals", "Olga", None)], "en") is None
    assert dimension_history_chart([("Q1 2026", "Goals", None)], ["Q1 2026"], "en") is None
    assert kpi_history_chart([("Q1 2026", "ER", None, "—")], ["Q1 2026"], "en") is None


def test_history_charts_keep_the_quarters_in_order_and_speak_russian() -> None:
    quarters = ["4 кв. 2025", "1 кв. 2026"]
    dims = dimension_history_chart(
        [("4 кв. 2025", "Цели", 40.0), ("1 кв. 2026", "Цели", 65.0)], quarters, "ru"
    )
    assert dims is not None
    spec = dims.to_dict()
    assert spec["title"]["text"] == "Оценки по направлениям по кварталам"
    assert spec["layer"][0]["encoding"]["x"]["sort"] == quarters
    kpis = kpi_history_chart(
        [("4 кв. 2025", "ER", 2.0, "2 %"), ("1 кв. 2026", "ER", 3.0, "3 %")], quarters, "ru"
    )
    assert kpis is not None
    kpi_spec = kpis.to_dict()
    assert kpi_spec["resolve"]["scale"]["y"] == "independent"
    assert [row["value"] for row in datasets(kpi_spec)] == [2.0, 3.0]
