"""What a reader hands on: sheets of raw cells, each a name, its place in Excel terms (so
issues can name real row numbers) and a lazy stream of rows. Nothing here knows metrics.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import pyarrow as pa  # type: ignore[import-untyped]

# Called once per ingest; yields the sheet's rows top to bottom.
RowSource = Callable[[], Iterator[list[object]]]


@dataclass(frozen=True)
class RawSheet:
    """One sheet of cells as read, before any header is looked for."""

    name: str
    first_row: int  # Excel row number (1-based) of the first row the stream yields
    first_column: int  # 0-based column index of the first cell of every row
    height: int
    width: int
    rows: RowSource
    # Per 0-based column of the sheet, its Excel error cells (count, first value), known
    # once the rows are read; None where the reader cannot tell them from empty cells.
    error_cells: Callable[[], Mapping[int, tuple[int, str]]] | None = None
    # The same cells as Arrow columns, for the vectorised cleaning; with ``exact``, the
    # sheet read cell by cell for what the columns cannot tell (``ColumnarSheet.typed``).
    columnar: ColumnarSheet | None = None
    exact: Callable[[], RawSheet] | None = None


class NeedsCellsError(Exception):
    """A sheet read as columns where a rule needs what only its cells tell (a cell's
    type, a row of another width): read it cell by cell (``RawSheet.exact``)."""


@dataclass(frozen=True)
class ColumnarSheet:
    """A sheet's first rows as cells (to find the header in), and its rows from any one
    on as one Arrow string column per sheet column (null: an empty cell).

    ``typed``: the reader renders number and date cells as text ("392656", "2025-01-01
    08:00:00"), so a cell looking like one may have been either; a rule whose result
    depends on which sends the sheet to ``RawSheet.exact``. Untyped (CSV): every cell
    is text as written.
    """

    head: list[list[object]]
    # the columns of the rows from this one (0-based, counted from ``RawSheet.first_row``);
    # called once: the columns are handed over so they can be freed as they are cleaned
    records: Callable[[int], Sequence[pa.Array]]
    typed: bool


@dataclass(frozen=True)
class SheetSource:
    """A sheet known by name whose cells are read when ``load`` is called."""

    name: str
    load: Callable[[], RawSheet]


def no_rows() -> Iterator[list[object]]:
    return iter(())


def list_rows(rows: list[list[object]]) -> RowSource:
    return lambda: iter(rows)


def ready(sheet: RawSheet) -> SheetSource:
    """A sheet already read, as a source."""
    return SheetSource(sheet.name, lambda: sheet)
