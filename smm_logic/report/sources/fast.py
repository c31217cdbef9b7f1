"""A worksheet read by fastexcel (calamine straight into Arrow, ``prefetch.load_fast``)
for the vectorised cleaning.

Every cell comes as text, numbers and dates rendered ("392656", "2025-01-01 08:00:00"),
so the sheet is ``typed`` (see ``ColumnarSheet``): the cleaning asks for the sheet read
cell by cell when a rule's result would depend on a cell's type. Anything fastexcel
cannot read (a damaged or encrypted file, an error value calamine refuses) is left to
that exact reader too, which says what is wrong.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pyarrow as pa  # type: ignore[import-untyped]
import pyarrow.compute as pc  # type: ignore[import-untyped]

from smm_logic.report.sources import prefetch
from smm_logic.report.sources.extent import check_cells
from smm_logic.report.sources.limits import IngestLimits
from smm_logic.report.sources.prefetch import ColumnErrors
from smm_logic.report.sources.sheet import ColumnarSheet, RawSheet, no_rows

# The rows handed over as cells for the header search (layout.HEADER_SEARCH_ROWS).
HEAD_ROWS = 20


def _filled(column: pa.Array) -> np.ndarray:
    """Per row, whether the cell holds anything (calamine's empty cell is null or "")."""
    filled = pc.and_(pc.is_valid(column), pc.not_equal(column, ""))
    return np.asarray(pc.fill_null(filled, False), dtype=bool)


def _first_filled_row(batch: pa.RecordBatch) -> int | None:
    """The first row with a cell filled: the empty rows above it are not the sheet's
    (calamine's range starts there). Looked for in ever longer stretches from the top."""
    size = 1024
    while True:
        stretch = min(size, batch.num_rows)
        filled = np.zeros(stretch, dtype=bool)
        for column in batch.columns:
            filled |= _filled(column.slice(0, stretch))
        if filled.any():
            return int(np.argmax(filled))
        if stretch == batch.num_rows:
            return None
        size *= 16


def fast_sheet(
    data: bytes,
    sheet_name: str,
    limits: IngestLimits,
    exact: Callable[[], RawSheet],
    scanned_errors: Callable[[], ColumnErrors] | None,
) -> RawSheet | None:
    """The sheet as Arrow columns (None where fastexcel cannot read it). Its error cells,
    where the format's are told (``scanned_errors`` given: xlsx), as fastexcel named
    them, else as ``scanned_errors`` finds them."""
    prefetched, loaded = prefetch.take(data, sheet_name)
    if not prefetched:
        loaded = prefetch.load_fast(data, sheet_name)
    if loaded is None:
        return None
    batch, first_column, named_errors = loaded.batch, loaded.first_column, loaded.error_cells
    del loaded
    error_cells = scanned_errors
    if scanned_errors is not None and named_errors is not None:
        error_cells = lambda: named_errors  # noqa: E731
    top = _first_filled_row(batch)
    if top is None:
        return None
    height, width = batch.num_rows - top, batch.num_columns
    check_cells(sheet_name, height, width, limits)
    columns = [column.slice(top) for column in batch.columns]
    del batch
    head_cells = [column.slice(0, HEAD_ROWS).to_pylist() for column in columns]
    head: list[list[object]] = [
        ["" if cell is None else cell for cell in row] for row in zip(*head_cells, strict=True)
    ]

    def records(start: int) -> list[pa.Array]:
        # Handed over, not kept: the cleaning frees each column once it is cleaned.
        handed = [column.slice(start) for column in columns]
        columns.clear()
        return handed

    return RawSheet(
        name=sheet_name,
        first_row=top + 1,
        first_column=first_column,
        height=height,
        width=width,
        rows=no_rows,
        error_cells=error_cells,
        columnar=ColumnarSheet(head, records, typed=True),
        exact=exact,
    )
