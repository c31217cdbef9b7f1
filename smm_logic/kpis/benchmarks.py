"""Benchmark bands per KPI (``data/benchmarks.toml``), each tied to the formula it measures."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from typing import Any

from smm_logic.datafile import Place, number, texts
from smm_logic.kpis.catalog import kpi_catalog
from smm_logic.text import Text, load_data_file

BENCHMARKS_FILE = "benchmarks.toml"
DAYS_PER_MONTH = 30.44


@dataclass(frozen=True)
class Band:
    """Where a KPI is weak and where it is good, by a public source.

    For "lower is better" KPIs the bounds read the other way: weak above ``weak_below``,
    good at or below ``good_from``.
    """

    kpi: str
    weak_below: float | None
    good_from: float | None
    direction: str
    source: Text
    year: Text
    method: Text
    note: Text
    per_month: bool = False


def monthly(value: float | None, period_days: float | None) -> float | None:
    """A whole-period rate as a rate per month; unchanged when the period is unknown."""
    if value is None or period_days is None or period_days <= 0:
        return value
    return value / period_days * DAYS_PER_MONTH


def _bound(record: Mapping[str, Any], key: str, place: Place) -> float | None:
    value = record.get(key)
    return None if value is None else number(value, place, key)


def parse_bands(data: Mapping[str, Any]) -> dict[str, Band]:
    """Validate the bands: known KPI ids, matching directions, ordered bounds, both languages."""
    catalog = kpi_catalog()
    bands: dict[str, Band] = {}
    for record in data.get("band", []):
        kpi = record.get("kpi")
        place = Place(BENCHMARKS_FILE, f"band «{kpi}»")
        if kpi not in catalog:
            raise place.fail("unknown KPI id")
        if kpi in bands:
            raise place.fail("a second band for the same KPI")
        direction = record.get("direction")
        if direction != catalog[kpi].direction:
            raise place.fail(f"direction must be «{catalog[kpi].direction}»")
        weak, good = _bound(record, "weak_below", place), _bound(record, "good_from", place)
        if weak is None and good is None:
            raise place.fail("give weak_below, good_from or both")
        if weak is not None and good is not None:
            ordered = weak < good if direction == "higher" else good < weak
            if not ordered:
                raise place.fail("weak_below and good_from are in the wrong order")
        described = {
            name: texts(record, name, place) for name in ("source", "year", "method", "note")
        }
        bands[kpi] = Band(
            kpi=kpi,
            weak_below=weak,
            good_from=good,
            direction=direction,
            per_month=bool(record.get("per_month", False)),
            **described,
        )
    return bands


@cache
def _bands() -> dict[str, Band]:
    return parse_bands(load_data_file(BENCHMARKS_FILE))


def load_bands() -> dict[str, Band]:
    """Benchmark bands by KPI id, from ``data/benchmarks.toml`` (read once; a fresh dict)."""
    return dict(_bands())
