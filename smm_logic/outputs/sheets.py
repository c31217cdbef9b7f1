"""Writing tables into workbook sheets safely: text from users' files never becomes a
formula, illegal characters are dropped, headers are frozen and columns sized.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from smm_logic.text import Lang

# Spreadsheet programs run a cell starting with these as a formula (CSV/DDE injection).
FORMULA_STARTS = ("=", "+", "-", "@")
# Dates as Excel shows them in each language.
DATE_FORMATS: dict[Lang, str] = {"ru": "DD.MM.YYYY", "en": "YYYY-MM-DD"}
_MIN_WIDTH, _MAX_WIDTH = 8.0, 60.0
_WIDTH_SAMPLE_ROWS = 500
_WRAPPED_HEADER = 16.0
# Characters XML 1.0 cannot carry (openpyxl raises on the control ones).
_ILLEGAL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


@dataclass(frozen=True)
class Styled:
    """A value with how to show it; plain values are written as they are."""

    value: object
    number_format: str | None = None
    bold: bool = False
    wrap: bool = False


def clean_text(value: str) -> str:
    """The text without the control characters Excel refuses (openpyxl raises on them)."""
    return _ILLEGAL_CHARACTERS.sub("", value)


class SheetWriter:
    """Turns plain values and ``Styled`` into cells of one write-only sheet."""

    def __init__(self, sheet: Any, header_row: int = 1) -> None:
        self.sheet = sheet
        # The row of the table's header: 2 when a caption row is above it.
        self.header_row = header_row
        self.bold = Font(bold=True)
        self.wrap = Alignment(wrap_text=True, vertical="top")

    def cell(self, item: object) -> object:
        style = item if isinstance(item, Styled) else None
        value = style.value if style is not None else item
        if isinstance(value, str):
            value = clean_text(value)
            if not value:
                value = None
        needs_cell = style is not None or (
            isinstance(value, str) and value.startswith(FORMULA_STARTS)
        )
        if not needs_cell:
            return value
        cell = WriteOnlyCell(self.sheet, value=value)
        if isinstance(value, str):
            # Text, never a formula; the quote prefix keeps Excel from reading it as
            # one even after the user edits the cell.
            cell.data_type = "s"
            if value.startswith(FORMULA_STARTS):
                cell.quotePrefix = True
        if style is not None:
            if style.number_format:
                cell.number_format = style.number_format
            if style.bold:
                cell.font = self.bold
            if style.wrap:
                cell.alignment = self.wrap
        return cell

    def row(self, items: Iterable[object]) -> None:
        self.sheet.append([self.cell(item) for item in items])


def _display_length(item: object) -> float:
    value = item.value if isinstance(item, Styled) else item
    if value is None:
        return 0.0
    if isinstance(value, float):
        return float(len(f"{value:,.2f}"))
    if isinstance(value, datetime | date):
        return 16.0 if isinstance(value, datetime) and value.time() != datetime.min.time() else 10.0
    return float(max((len(line) for line in str(value).splitlines()), default=0))


def prepare_sheet(
    workbook: Workbook,
    title: str,
    header: Sequence[str],
    rows: Sequence[Sequence[object]],
    *,
    wrap_columns: Sequence[int] = (),
    frozen_columns: int = 1,
    widths: Mapping[int, float] | None = None,
    caption: str | None = None,
) -> SheetWriter:
    """A new sheet with its column widths and frozen header set, and the header written,
    under a bold ``caption`` row when one is given (what the sheet covers).

    Write-only sheets need widths and panes before the first row, so they are
    measured from the header and the first rows given.
    """
    sheet = workbook.create_sheet(title)
    wrapped = set(wrap_columns)
    for index, name in enumerate(header):
        # A wrapped header takes two or three lines instead of widening its column.
        header_length = _display_length(name)
        lengths = [min(header_length, _WRAPPED_HEADER) if index in wrapped else header_length]
        lengths += [
            _display_length(row[index]) for row in rows[:_WIDTH_SAMPLE_ROWS] if index < len(row)
        ]
        width = min(max(max(lengths) + 2, _MIN_WIDTH), _MAX_WIDTH)
        if widths and index in widths:
            width = widths[index]
        sheet.column_dimensions[get_column_letter(index + 1)].width = width
    header_row = 1 if caption is None else 2
    sheet.freeze_panes = f"{get_column_letter(frozen_columns + 1)}{header_row + 1}"
    writer = SheetWriter(sheet, header_row)
    if caption is not None:
        writer.row([Styled(caption, bold=True)])
    writer.row(Styled(name, bold=True, wrap=index in wrapped) for index, name in enumerate(header))
    return writer


def write_table(
    workbook: Workbook,
    title: str,
    header: Sequence[str],
    rows: Sequence[Sequence[object]],
    **options: Any,
) -> SheetWriter:
    writer = prepare_sheet(workbook, title, header, rows, **options)
    for row in rows:
        writer.row(row)
    return writer
