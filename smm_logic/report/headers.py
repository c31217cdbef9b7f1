"""The canonical input metrics and how report headers are matched to them (kpi-spec §1)."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any, Literal

from smm_logic.datafile import (
    Place,
    choice,
    identifier,
    ids_known,
    number,
    only_fields,
    records,
    strings,
    table,
    texts,
)
from smm_logic.errors import ReportFormatError
from smm_logic.report.vocabulary import vocabulary
from smm_logic.text import Message, Text, load_data_file

MetricKind = Literal["date", "text", "number"]

_PUNCTUATION = re.compile(r"[^\w%$€£¥₽₸₴₺₹]+")
_PAREN_UNIT = re.compile(r"^(?P<base>.*?)\s*[(\[](?P<unit>[^()\[\]]*)[)\]]\s*$")
_COMMA_UNIT = re.compile(r"^(?P<base>.*),(?P<unit>[^,]*)$")
_CURRENCY_CODE = re.compile(r"^[a-z]{3}$")


@dataclass(frozen=True)
class Metric:
    """One canonical column of a report."""

    id: str
    kind: MetricKind
    unit_families: tuple[str, ...]
    name: Text
    help: Text
    synonyms: tuple[str, ...]
    # A count that may fall below zero (a net change); other counts are checked for it.
    signed: bool = False


@dataclass(frozen=True)
class Unit:
    """A unit spelled in a header: its family and the factor to the canonical unit."""

    family: str
    factor: float
    spelling: str


@dataclass(frozen=True)
class HeaderMatch:
    """What one header cell means: a metric (or none), its unit, and why not if not."""

    metric: str | None
    unit: Unit | None = None
    reason: Message | None = None


def normalize(text: str) -> str:
    """Lower case, ``ё`` = ``е``, punctuation folded to single spaces."""
    folded = text.replace("\u00a0", " ").lower().replace("ё", "е")
    return " ".join(_PUNCTUATION.sub(" ", folded).split())


METRICS_FILE = "metrics.toml"
KINDS: dict[str, MetricKind] = {"date": "date", "text": "text", "number": "number"}
_METRIC_FIELDS = (
    "id", "kind", "units", "name_ru", "name_en", "help_ru", "help_en", "synonyms", "signed",
)  # fmt: skip


@dataclass(frozen=True)
class MetricCatalog:
    """``metrics.toml`` as loaded: the metrics in order, header units, network names."""

    metrics: dict[str, Metric]
    units: dict[str, Unit]
    platforms: dict[str, str]


def _parse_units(data: Mapping[str, Any]) -> dict[str, Unit]:
    """Spelling (normalised) → unit, from ``[units.FAMILY]`` or ``[units.FAMILY.UNIT]``."""
    index: dict[str, Unit] = {}
    for family, spec in table(data, "units", METRICS_FILE).items():
        place = Place(METRICS_FILE, f"[units.{family}]")
        if not isinstance(spec, Mapping):
            raise place.fail("must be a table")
        scaled = {"": spec} if "spellings" in spec else dict(spec)
        for name, sub in scaled.items():
            where = Place(METRICS_FILE, f"[units.{family}.{name}]") if name else place
            if not isinstance(sub, Mapping):
                raise where.fail("must be a table of spellings (and a factor)")
            only_fields(sub, ("spellings", "factor") if name else ("spellings",), where)
            factor = number(sub.get("factor"), where, "factor", low=1e-9) if name else 1.0
            for spelling in strings(sub.get("spellings"), where, "spellings", lower=True):
                index[normalize(spelling) or spelling] = Unit(family, factor, spelling)
    return index


def _parse_metric(record: Mapping[str, Any], number_: int, families: set[str]) -> Metric:
    place = Place(METRICS_FILE, f"metric #{number_}")
    metric_id = identifier(record, "id", place)
    place = Place(METRICS_FILE, f"metric «{metric_id}»")
    only_fields(record, _METRIC_FIELDS, place)
    kind = choice(record, "kind", KINDS, place)
    units = record.get("units")
    if not isinstance(units, list) or not all(isinstance(u, str) for u in units):
        raise place.fail("units must be a list of unit families")
    ids_known(units, families, place, "unit family")
    signed = record.get("signed", False)
    if not isinstance(signed, bool) or (signed and kind != "number"):
        raise place.fail("signed is true or false, and only for a number")
    return Metric(
        id=metric_id,
        kind=KINDS[kind],
        unit_families=tuple(units),
        name=texts(record, "name", place),
        help=texts(record, "help", place),
        synonyms=strings(record.get("synonyms"), place, "synonyms"),
        signed=signed,
    )


def parse_metric_catalog(data: Mapping[str, Any]) -> MetricCatalog:
    """Validate ``metrics.toml``; a ``DataFileError`` names the record and the field."""
    only_fields(data, ("metric", "units", "platforms"), Place(METRICS_FILE, "the file"))
    units = _parse_units(data)
    families = {unit.family for unit in units.values()}
    catalog: dict[str, Metric] = {}
    for index, record in enumerate(records(data, "metric", METRICS_FILE), start=1):
        metric = _parse_metric(record, index, families)
        if metric.id in catalog:
            raise Place(METRICS_FILE, f"metric «{metric.id}»").fail("the id is used twice")
        catalog[metric.id] = metric
    platforms: dict[str, str] = {}
    for name, aliases in table(data, "platforms", METRICS_FILE).items():
        place = Place(METRICS_FILE, f"[platforms] {name}")
        for alias in strings(aliases, place, "aliases", lower=True):
            platforms[normalize(alias)] = name
    return MetricCatalog(catalog, units, platforms)


@cache
def metric_catalog() -> MetricCatalog:
    return parse_metric_catalog(load_data_file(METRICS_FILE))


def metrics() -> dict[str, Metric]:
    """The metric catalog from ``data/metrics.toml``, by id, in the file's order."""
    return metric_catalog().metrics


@cache
def _synonym_index() -> dict[str, str]:
    index: dict[str, str] = {}
    for metric in metrics().values():
        for synonym in (*metric.synonyms, metric.id, metric.name.ru, metric.name.en):
            key = normalize(synonym)
            owner = index.setdefault(key, metric.id)
            if owner != metric.id:
                place = Place(METRICS_FILE, f"metric «{metric.id}»")
                raise place.fail(f"«{synonym}» also names {owner}")
    return index


def _unit_index() -> dict[str, Unit]:
    return metric_catalog().units


def _parse_unit(raw: str, metric: Metric) -> Unit | None:
    """The unit a header's suffix names, if it is one; currency codes count as money."""
    key = normalize(raw) or raw.strip()
    first, _, rest = key.partition(" ")
    if first in vocabulary().unit_joiners and rest:  # "(в минутах)", "(in hours)"
        key = rest
    unit = _unit_index().get(key)
    if unit is None and "money" in metric.unit_families and _CURRENCY_CODE.match(key):
        unit = Unit("money", 1.0, raw.strip())
    return unit


def _candidates(header: str) -> list[tuple[str, str | None]]:
    """(base, unit suffix) readings of a header, the whole header first."""
    readings: list[tuple[str, str | None]] = [(header, None)]
    for pattern in (_PAREN_UNIT, _COMMA_UNIT):
        found = pattern.match(header)
        if found and found["base"].strip():
            readings.append((found["base"], found["unit"]))
    tokens = normalize(header).split()
    # "Время ответа мин": a bare trailing word counts only when it is a known unit.
    if len(tokens) >= 2 and tokens[-1] in _unit_index():
        base = tokens[:-1]
        if len(base) >= 2 and base[-1] in vocabulary().unit_joiners:
            base = base[:-1]
        readings.append((" ".join(base), tokens[-1]))
    return readings


def header_unit(header: str, metric_id: str) -> Unit | None:
    """The unit a header's suffix names for a metric, whatever the header's base name.

    Used for columns mapped by hand: «Скорость реакции, мин» mapped to response_time
    is still in minutes.
    """
    metric = metrics()[metric_id]
    for _base, raw_unit in _candidates(header)[1:]:
        if raw_unit is None:
            continue
        unit = _parse_unit(raw_unit, metric)
        if unit is not None and unit.family in metric.unit_families:
            return unit
    return None


def match_header(header: str) -> HeaderMatch:
    """Match one header cell to a canonical metric, exactly (never by prefix)."""
    index = _synonym_index()
    rejected: HeaderMatch | None = None
    for base, raw_unit in _candidates(header):
        metric_id = index.get(normalize(base))
        if metric_id is None:
            continue
        metric = metrics()[metric_id]
        if raw_unit is None:
            return HeaderMatch(metric_id)
        if not raw_unit.strip():
            return HeaderMatch(metric_id)
        unit = _parse_unit(raw_unit, metric)
        if unit is not None and unit.family in metric.unit_families:
            return HeaderMatch(metric_id, unit)
        rejected = rejected or HeaderMatch(
            None,
            None,
            Message("unused.wrong_unit", {"unit": raw_unit.strip(), "metric": metric_id}),
        )
    return rejected or HeaderMatch(None, None, Message("unused.not_metric"))


def count_metric_cells(cells: Sequence[object], extra_headers: frozenset[str] = frozenset()) -> int:
    """How many distinct metrics a row's cells name: the header-row test of kpi-spec §2."""
    found: set[str] = set()
    for cell in cells:
        if not isinstance(cell, str) or not cell.strip():
            continue
        if normalize(cell) in extra_headers:
            found.add("override:" + normalize(cell))
            continue
        metric_id = match_header(cell).metric
        if metric_id is not None:
            found.add(metric_id)
    return len(found)


def validate_overrides(overrides: Mapping[str, str | None]) -> None:
    """Reject mapping overrides that name an unknown metric id."""
    known = metrics()
    for metric_id in overrides:
        if metric_id not in known:
            raise ReportFormatError("unknown_metric", metric=metric_id, known=", ".join(known))


def platform_from_name(name: str) -> str | None:
    """The network a sheet's name names ("VK март" → "VK"), if exactly one."""
    aliases = metric_catalog().platforms
    folded = normalize(name)
    found = {aliases[folded]} if folded in aliases else set()
    found |= {aliases[token] for token in folded.split() if token in aliases}
    return found.pop() if len(found) == 1 else None
