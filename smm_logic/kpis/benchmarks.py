"""Benchmark bands per KPI (``data/benchmarks.toml``), each tied to the formula it measures,
for every platform or for one, and for an account size where a public source gives one.

``load_bands()`` gives the bands for any platform; ``bands_for(platform, followers)`` the
most specific band of each KPI for one scope (an Instagram account of 20 000 followers is
judged by the Instagram band of its size, not by a cross-platform one); ``band_for`` one KPI.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from typing import Any

from smm_logic.datafile import Place, number, only_fields, texts
from smm_logic.kpis.catalog import kpi_catalog
from smm_logic.report.headers import metric_catalog, normalize
from smm_logic.text import Text, load_data_file

BENCHMARKS_FILE = "benchmarks.toml"
DAYS_PER_MONTH = 30.44
_FIELDS = (
    "kpi",
    "direction",
    "weak_below",
    "good_from",
    "per_month",
    "platform",
    "followers_from",
    "followers_below",
    *(f"{name}_{lang}" for name in ("source", "year", "method", "note") for lang in ("ru", "en")),
)


@dataclass(frozen=True)
class Band:
    """Where a KPI is weak and where it is good, by a public source.

    For "lower is better" KPIs the bounds read the other way: weak above ``weak_below``,
    good at or below ``good_from``. ``platform`` (a name of metrics.toml's [platforms]) and
    ``followers_from``/``followers_below`` narrow where the band applies; ``None``: anywhere.
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
    platform: str | None = None
    followers_from: float | None = None
    followers_below: float | None = None

    @property
    def sized(self) -> bool:
        return self.followers_from is not None or self.followers_below is not None

    def applies(self, platform: str | None, followers: float | None) -> bool:
        """Whether the band speaks to an account of this platform and size."""
        if self.platform is not None and self.platform != platform:
            return False
        if not self.sized:
            return True
        if followers is None:
            return False
        low, high = self.followers_from, self.followers_below
        return (low is None or followers >= low) and (high is None or followers < high)

    @property
    def specificity(self) -> int:
        """Platform and size beat platform alone, which beats a band for every platform."""
        return 2 * (self.platform is not None) + self.sized


def monthly(value: float | None, period_days: float | None) -> float | None:
    """A whole-period rate as a rate per month; unchanged when the period is unknown."""
    if value is None or period_days is None or period_days <= 0:
        return value
    return value / period_days * DAYS_PER_MONTH


def _bound(record: Mapping[str, Any], key: str, place: Place) -> float | None:
    value = record.get(key)
    return (
        None if value is None else number(value, place, key, low=0 if "followers" in key else None)
    )


def canonical_platform(name: str | None) -> str | None:
    """A report's platform as metrics.toml names it ("instagram", "инста" → "Instagram")."""
    if name is None:
        return None
    return metric_catalog().platforms.get(normalize(name), name)


def _place(record: Mapping[str, Any]) -> Place:
    where = [str(record[key]) for key in ("platform",) if record.get(key)]
    if record.get("followers_from") is not None or record.get("followers_below") is not None:
        where.append(f"{record.get('followers_from', 0)}–{record.get('followers_below', '')}")
    suffix = f" ({', '.join(where)})" if where else ""
    return Place(BENCHMARKS_FILE, f"band «{record.get('kpi')}»{suffix}")


def _parse_band(record: Mapping[str, Any]) -> Band:
    catalog = kpi_catalog()
    kpi = record.get("kpi")
    place = _place(record)
    only_fields(record, _FIELDS, place)
    if kpi not in catalog:
        raise place.fail("unknown KPI id")
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
    platform = record.get("platform")
    if platform is not None and platform not in set(metric_catalog().platforms.values()):
        raise place.fail(f"unknown platform «{platform}»; see [platforms] in metrics.toml")
    low, high = _bound(record, "followers_from", place), _bound(record, "followers_below", place)
    if low is not None and high is not None and low >= high:
        raise place.fail("followers_from must be below followers_below")
    described = {name: texts(record, name, place) for name in ("source", "year", "method", "note")}
    return Band(
        kpi=kpi,
        weak_below=weak,
        good_from=good,
        direction=direction,
        per_month=bool(record.get("per_month", False)),
        platform=platform,
        followers_from=low,
        followers_below=high,
        **described,
    )


def parse_all_bands(data: Mapping[str, Any]) -> tuple[Band, ...]:
    """Validate every band: known KPI ids and platforms, matching directions, ordered bounds
    and sizes, both languages, and no two bands for the same KPI, platform and size."""
    bands: list[Band] = []
    seen: set[tuple[object, ...]] = set()
    for record in data.get("band", []):
        band = _parse_band(record)
        key = (band.kpi, band.platform, band.followers_from, band.followers_below)
        if key in seen:
            raise _place(record).fail("a second band for the same KPI, platform and size")
        seen.add(key)
        bands.append(band)
    return tuple(bands)


def parse_bands(data: Mapping[str, Any]) -> dict[str, Band]:
    """The bands for every platform, by KPI id (all bands validated)."""
    return {band.kpi: band for band in parse_all_bands(data) if band.specificity == 0}


@cache
def all_bands() -> tuple[Band, ...]:
    """Every band of ``data/benchmarks.toml``, in the file's order."""
    return parse_all_bands(load_data_file(BENCHMARKS_FILE))


def load_bands() -> dict[str, Band]:
    """The bands for every platform by KPI id (read once; a fresh dict)."""
    return {band.kpi: band for band in all_bands() if band.specificity == 0}


def bands_for(platform: str | None = None, followers: float | None = None) -> dict[str, Band]:
    """The most specific band of each KPI for an account of this platform and size
    (``None``: unknown, or several platforms — the bands for every platform apply)."""
    platform = canonical_platform(platform)
    chosen: dict[str, Band] = {}
    for band in all_bands():
        if not band.applies(platform, followers):
            continue
        current = chosen.get(band.kpi)
        if current is None or band.specificity > current.specificity:
            chosen[band.kpi] = band
    return chosen


def band_for(kpi: str, platform: str | None = None, followers: float | None = None) -> Band | None:
    """The band a KPI is judged by for an account of this platform and size, if any."""
    return bands_for(platform, followers).get(kpi)
