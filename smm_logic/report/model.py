"""What reading a report produces: the cleaned ``Report`` and the located issues, skipped
rows, columns and sheets that explain it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Literal

import pandas as pd

from smm_logic.report.headers import (
    metrics,
)
from smm_logic.text import Lang, Message, Text, text

GROUP_KEYS = ("platform", "account")
# Columns of ``Report.table`` besides the metrics: where each row came from.
SOURCE_SHEET, SOURCE_ROW = "sheet", "row"
SheetStatus = Literal["used", "no_header", "no_metrics", "empty", "no_rows"]


def describe_location(sheet: str, row: int | None, column: str | None, lang: Lang) -> str:
    """ "лист «Отчёт», строка 7, столбец C «Охват»" — where to look in the file."""
    parts = [f"{text('common.sheet', lang)} «{sheet}»" if sheet else ""]
    parts.append(f"{text('common.row', lang)} {row}" if row else "")
    parts.append(f"{text('common.column', lang)} {column}" if column else "")
    return ", ".join(part for part in parts if part)


@dataclass(frozen=True)
class Issue:
    """A problem found in the file, located so the user can open the file and see it."""

    sheet: str
    row: int | None
    column: str | None
    message: Message

    def render(self, lang: Lang) -> str:
        return self.message.render(lang)

    def location(self, lang: Lang) -> str:
        return describe_location(self.sheet, self.row, self.column, lang)


@dataclass(frozen=True)
class SkippedRow:
    """A row left out of every KPI, and why (a column in a transposed table)."""

    sheet: str
    row: int | None
    reason: Message
    column: str | None = None

    def location(self, lang: Lang) -> str:
        return describe_location(self.sheet, self.row, self.column, lang)


@dataclass(frozen=True)
class ColumnInfo:
    """One header cell of a used sheet and what it became."""

    sheet: str
    letter: str
    header: str
    metric: str | None
    unit: str | None = None
    reason: Message | None = None
    by_user: bool = False
    # index of the field inside each record of the sheet as read
    position: int = field(default=-1, compare=False)


@dataclass(frozen=True)
class SheetInfo:
    name: str
    status: SheetStatus
    header_row: int | None = None
    rows_used: int = 0
    # metrics in rows and periods in columns, as agency reports often are
    transposed: bool = False
    # the export family recognised by the sheet's headers (profiles.toml id)
    profile: str | None = None


@dataclass(frozen=True)
class Report:
    """A cleaned report: one row per source row, canonical columns, and what happened."""

    name: str
    table: pd.DataFrame
    sheets: tuple[SheetInfo, ...]
    columns: tuple[ColumnInfo, ...]
    issues: tuple[Issue, ...]
    skipped: tuple[SkippedRow, ...]
    overrides: Mapping[str, str | None] = field(default_factory=dict)
    # the export recognised (or forced): its profiles.toml id and its name
    profile: str | None = None
    profile_name: Text | None = None

    @property
    def rows_used(self) -> int:
        return len(self.table)

    @property
    def mapping(self) -> dict[str, str]:
        """Canonical id → the source header it was read from (first sheet that has it)."""
        found: dict[str, str] = {}
        for column in self.columns:
            if column.metric is not None:
                found.setdefault(column.metric, column.header)
        return {metric: found[metric] for metric in metrics() if metric in found}

    @property
    def unused_columns(self) -> tuple[ColumnInfo, ...]:
        return tuple(column for column in self.columns if column.metric is None)

    @property
    def metrics_present(self) -> frozenset[str]:
        """Metric ids with at least one value in the table."""
        return frozenset(
            column
            for column in self.table.columns
            if column in metrics() and self.table[column].notna().any()
        )

    @property
    def period(self) -> tuple[date, date] | None:
        dates = self.table["date"].dropna()
        if dates.empty:
            return None
        return dates.min().date(), dates.max().date()


def column_letter(index: int) -> str:
    """0 → A, 25 → Z, 26 → AA."""
    letters = ""
    index += 1
    while index:
        index, remainder = divmod(index - 1, 26)
        letters = chr(65 + remainder) + letters
    return letters
