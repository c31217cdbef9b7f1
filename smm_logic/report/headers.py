"""The canonical input metrics and how report headers are matched to them (kpi-spec §1)."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from typing import Literal

from smm_logic.errors import ReportFormatError
from smm_logic.text import Message, Text, load_data_file

MetricKind = Literal["date", "text", "number"]

_PUNCTUATION = re.compile(r"[^\w%$€£¥₽₸₴₺₹]+")
_PAREN_UNIT = re.compile(r"^(?P<base>.*?)\s*[(\[](?P<unit>[^()\[\]]*)[)\]]\s*$")
_COMMA_UNIT = re.compile(r"^(?P<base>.*),(?P<unit>[^,]*)$")
_CURRENCY_CODE = re.compile(r"^[a-z]{3}$")
# Words that join a base name and its unit: "Время ответа в минутах", "Spend in USD".
_UNIT_JOINERS = frozenset({"в", "in"})


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


@cache
def metrics() -> dict[str, Metric]:
    """The metric catalog from ``data/metrics.toml``, by id, in the file's order."""
    data = load_data_file("metrics.toml")
    catalog: dict[str, Metric] = {}
    for record in data["metric"]:
        catalog[record["id"]] = Metric(
            id=record["id"],
            kind=record["kind"],
            unit_families=tuple(record["units"]),
            name=Text.of(record, "name"),
            help=Text.of(record, "help"),
            synonyms=tuple(record["synonyms"]),
            signed=bool(record.get("signed", False)),
        )
    return catalog


@cache
def _synonym_index() -> dict[str, str]:
    index: dict[str, str] = {}
    for metric in metrics().values():
        for synonym in (*metric.synonyms, metric.id, metric.name.ru, metric.name.en):
            key = normalize(synonym)
            owner = index.setdefault(key, metric.id)
            if owner != metric.id:
                raise ValueError(f"metrics.toml: «{synonym}» names both {owner} and {metric.id}")
    return index


@cache
def _unit_index() -> dict[str, Unit]:
    data = load_data_file("metrics.toml")["units"]
    index: dict[str, Unit] = {}
    for family, table in data.items():
        if "spellings" in table:
            for spelling in table["spellings"]:
                index[normalize(spelling) or spelling] = Unit(family, 1.0, spelling)
        else:
            for sub in table.values():
                for spelling in sub["spellings"]:
                    index[normalize(spelling) or spelling] = Unit(family, sub["factor"], spelling)
    return index


def _parse_unit(raw: str, metric: Metric) -> Unit | None:
    """The unit a header's suffix names, if it is one; currency codes count as money."""
    key = normalize(raw) or raw.strip()
    first, _, rest = key.partition(" ")
    if first in _UNIT_JOINERS and rest:  # "(в минутах)", "(in hours)"
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
        if len(base) >= 2 and base[-1] in _UNIT_JOINERS:
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


@cache
def _platform_aliases() -> dict[str, str]:
    table = load_data_file("metrics.toml")["platforms"]
    return {normalize(alias): name for name, aliases in table.items() for alias in aliases}


def platform_from_name(name: str) -> str | None:
    """The network a sheet's name names ("VK март" → "VK"), if exactly one."""
    aliases = _platform_aliases()
    folded = normalize(name)
    found = {aliases[folded]} if folded in aliases else set()
    found |= {aliases[token] for token in folded.split() if token in aliases}
    return found.pop() if len(found) == 1 else None
