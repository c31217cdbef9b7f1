"""The shell's caches: a report is parsed once, a selection bucketed once, and each
finished chart built once per selection and language; cached values are immutable."""

from __future__ import annotations

import dataclasses

import pandas as pd
import pytest

from shell import reports
from shell.session import FileSource, RowsSource
from smm_logic.kpis.cube import DailyCube
from smm_logic.kpis.periods import Period
from smm_logic.kpis.scope import analyse, default_period, scope_options
from smm_logic.outputs.charts import SELECTION_CHARTS, AnyChart, ChartData
from smm_logic.outputs.charts import data as chart_data_module
from smm_logic.text import Lang
from tests.conftest import ROOT

SAMPLE = ROOT / "assets" / "sample_coffee_chain.xlsx"


def charts_of(key: reports.SelectionKey, cube: DailyCube, lang: Lang) -> dict[str, AnyChart | None]:
    """Every chart of a selection, as the page's tabs ask for them one by one."""
    return {kind: reports.selection_chart(key, kind, cube, lang) for kind in SELECTION_CHARTS}


@pytest.fixture
def resamples(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    calls: list[str] = []
    original = chart_data_module.resample

    def counting(source: object, freq: str, *, by_group: bool = False) -> pd.DataFrame:
        calls.append(freq)
        return original(source, freq, by_group=by_group)  # type: ignore[arg-type]

    monkeypatch.setattr(chart_data_module, "resample", counting)
    return calls


def test_charts_are_built_once_per_selection_and_language(resamples: list[str]) -> None:
    source = FileSource.of(SAMPLE.name, SAMPLE.read_bytes())
    cube = reports.cube(source, {})
    scope = scope_options(cube)[0]
    analysis = analyse(cube, scope, None)
    key = reports.selection_key(source, {}, scope.key, analysis.rows_period)

    english = charts_of(key, analysis.cube, "en")
    again = charts_of(key, analysis.cube, "en")
    made = len(resamples)
    russian = charts_of(key, analysis.cube, "ru")

    assert list(english) == list(SELECTION_CHARTS)
    assert all(again[kind] is english[kind] for kind in english)
    assert all(russian[kind] is not english[kind] for kind in english if english[kind])
    assert made == 2 and len(resamples) == made, "another language does not resample"
    for kind, build in SELECTION_CHARTS.items():
        chart, expected = english[kind], build(analysis.cube, "en")
        assert (chart is None) == (expected is None), kind
        if chart is not None and expected is not None:
            assert chart.to_dict() == expected.to_dict(), kind


def test_another_period_is_another_selection(resamples: list[str]) -> None:
    source = RowsSource.of(
        "typed",
        [["Date", "Followers", "Reach", "Likes"]]
        + [[f"2026-03-{day:02d}", 100 + day, 50, day] for day in range(1, 21)],
    )
    cube = reports.cube(source, {})
    scope = scope_options(cube)[0]
    full = default_period(cube)
    assert full is not None
    whole = analyse(cube, scope, None)
    later = analyse(cube, scope, Period(full[0].replace(day=10), full[1]))
    whole_key = reports.selection_key(source, {}, scope.key, whole.rows_period)
    later_key = reports.selection_key(source, {}, scope.key, later.rows_period)

    first = charts_of(whole_key, whole.cube, "en")
    second = charts_of(later_key, later.cube, "en")

    assert whole_key != later_key
    assert first["followers"] is not None and second["followers"] is not None
    assert first["followers"].to_dict() != second["followers"].to_dict()
    assert len(resamples) == 4


def test_chart_data_is_frozen() -> None:
    data = ChartData.of(reports.cube(FileSource.of(SAMPLE.name, SAMPLE.read_bytes()), {}))

    with pytest.raises(dataclasses.FrozenInstanceError):
        data.cube = data.dated  # type: ignore[misc]
    assert all(not isinstance(value, dict | list | set) for value in vars(data).values())
