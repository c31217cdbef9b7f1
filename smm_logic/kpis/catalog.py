"""The KPI catalog of kpi-spec §3 (``data/kpis.toml``): names, formulas in words, units,
better direction and the columns each KPI needs.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from typing import Any, Literal

from smm_logic.datafile import (
    Place,
    choice,
    identifier,
    ids_known,
    only_fields,
    records,
    strings,
    texts,
)
from smm_logic.report.headers import metrics
from smm_logic.text import Lang, Message, Text, load_data_file, text

Direction = Literal["higher", "lower", "none"]
KpiValues = dict[str, float | None]

# Summed over rows; followers and response time are aggregated differently.
SUMMED = (
    "new_followers", "unfollows", "net_followers", "paid_followers", "posts", "reach", "views",
    "impressions", "likes", "comments", "shares", "saves", "clicks", "negative_comments",
    "negative_answered", "spend", "leads", "sales", "revenue",
)  # fmt: skip
INTERACTION_COLUMNS = ("likes", "comments", "shares", "saves")


@dataclass(frozen=True)
class KpiInfo:
    """What a KPI is: its names, plain-words formula, unit and better direction."""

    id: str
    section: str
    unit: str
    direction: Direction
    name: Text
    formula: Text
    requires: tuple[tuple[str, ...], ...]

    def missing_columns(self, present: frozenset[str]) -> tuple[tuple[str, ...], ...]:
        """The "any of" column sets not satisfied by the columns present."""
        return tuple(group for group in self.requires if not present.intersection(group))

    def missing_reason(self, present: frozenset[str]) -> Message:
        """Why the KPI has no value: the columns that would make it computable, or, with
        every column there, a zero denominator or too few values."""
        missing = self.missing_columns(present)
        if not missing:
            return Message("common.kpi_missing_zero")
        return Message("common.kpi_missing_columns", {"columns": ColumnSets(missing)})


@dataclass(frozen=True)
class ColumnSets:
    """Column sets named in the reader's language: «Spend» and the column «Clicks» or …"""

    groups: tuple[tuple[str, ...], ...]

    def render(self, lang: Lang) -> str:
        names = metrics()
        any_of = text("common.kpi_missing_any_of", lang)
        all_of = text("common.kpi_missing_all_of", lang)
        return all_of.join(
            any_of.join(f"«{names[column].name.render(lang)}»" for column in group)
            for group in self.groups
        )


KPIS_FILE = "kpis.toml"
SECTIONS = ("audience", "engagement", "communication", "traffic")
UNITS = ("count", "percent", "money", "hours")
DIRECTIONS: dict[str, Direction] = {"higher": "higher", "lower": "lower", "none": "none"}
_KPI_FIELDS = (
    "id", "section", "unit", "direction", "name_ru", "name_en", "formula_ru", "formula_en",
    "requires",
)  # fmt: skip


def _requires(value: object, place: Place) -> tuple[tuple[str, ...], ...]:
    """Lists of "any one of these" metric ids, all of them needed."""
    if not isinstance(value, list) or not value:
        raise place.fail("requires must be a non-empty list of lists of metric ids")
    groups = tuple(strings(group, place, "requires") for group in value)
    for group in groups:
        ids_known(group, metrics(), place, "metric")
    return groups


def parse_kpi_catalog(data: Mapping[str, Any]) -> dict[str, KpiInfo]:
    """Validate ``kpis.toml``; a ``DataFileError`` names the record and the field."""
    only_fields(data, ("kpi",), Place(KPIS_FILE, "the file"))
    catalog: dict[str, KpiInfo] = {}
    for number, record in enumerate(records(data, "kpi", KPIS_FILE), start=1):
        kpi = identifier(record, "id", Place(KPIS_FILE, f"kpi #{number}"))
        place = Place(KPIS_FILE, f"kpi «{kpi}»")
        if kpi in catalog:
            raise place.fail("the id is used twice")
        only_fields(record, _KPI_FIELDS, place)
        catalog[kpi] = KpiInfo(
            id=kpi,
            section=choice(record, "section", SECTIONS, place),
            unit=choice(record, "unit", UNITS, place),
            direction=DIRECTIONS[choice(record, "direction", DIRECTIONS, place)],
            name=texts(record, "name", place),
            formula=texts(record, "formula", place),
            requires=_requires(record.get("requires"), place),
        )
    return catalog


@cache
def kpi_catalog() -> dict[str, KpiInfo]:
    """KPI metadata from ``data/kpis.toml`` by id, in display order."""
    return parse_kpi_catalog(load_data_file(KPIS_FILE))


def kpi_ids() -> tuple[str, ...]:
    return tuple(kpi_catalog())
