"""The KPI catalog of kpi-spec §3 (``data/kpis.toml``): names, formulas in words, units,
better direction and the columns each KPI needs.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Literal

from smm_logic.text import Text, load_data_file

Direction = Literal["higher", "lower", "none"]
KpiValues = dict[str, float | None]

# Summed over rows; followers and response time are aggregated differently.
SUMMED = (
    "new_followers", "unfollows", "paid_followers", "posts", "reach", "views", "impressions",
    "likes", "comments", "shares", "saves", "clicks", "negative_comments", "negative_answered",
    "spend", "leads", "sales", "revenue",
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


@cache
def kpi_catalog() -> dict[str, KpiInfo]:
    """KPI metadata from ``data/kpis.toml`` by id, in display order."""
    return {
        record["id"]: KpiInfo(
            id=record["id"],
            section=record["section"],
            unit=record["unit"],
            direction=record["direction"],
            name=Text.of(record, "name"),
            formula=Text.of(record, "formula"),
            requires=tuple(tuple(group) for group in record["requires"]),
        )
        for record in load_data_file("kpis.toml")["kpi"]
    }


def kpi_ids() -> tuple[str, ...]:
    return tuple(kpi_catalog())
