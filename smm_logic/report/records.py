"""Records fed to the column cleaners chunk by chunk, cell by cell: the path for sheets
read as Python cells (``RawSheet.rows``); ``columnar`` is the same for Arrow columns."""

from __future__ import annotations

from collections.abc import Iterator, Mapping

from smm_logic.report.cells import is_total_label
from smm_logic.report.columnar import clean_columnar
from smm_logic.report.columnar_cells import CHUNK_ROWS
from smm_logic.report.columns import ColumnCleaner, chunks
from smm_logic.report.layout import SheetLayout, is_blank
from smm_logic.report.model import SkippedRow
from smm_logic.report.sources.sheet import ColumnarSheet
from smm_logic.text import Message


def clean_records(
    records: Iterator[list[object]],
    *,
    header_index: int,
    width: int,
    layout: SheetLayout,
    cleaners: Mapping[int, ColumnCleaner],
    skipped: list[SkippedRow],
) -> list[int]:
    """Feed the data records to the column cleaners chunk by chunk, skipping blank and
    total rows (each total row noted as skipped); the positions of the records kept."""
    kept_positions: list[int] = []
    position = header_index
    # First text cells repeat (a platform name on every row): judge each once.
    totals: dict[str, bool] = {}
    for chunk in chunks(records, CHUNK_ROWS):
        kept: list[list[object]] = []
        chunk_positions: list[int] = []
        for record in chunk:
            position += 1
            if not record or (record[0] in ("", None) and is_blank(record)):
                continue
            first_text = next((c for c in record if type(c) is str and c.strip()), None)
            if first_text is not None:
                is_total = totals.get(first_text)
                if is_total is None:
                    is_total = totals[first_text] = is_total_label(first_text)
                if is_total:
                    row, column = layout.record_place(position)
                    message = Message("issue.total_row")
                    skipped.append(SkippedRow(layout.sheet, row, message, column))
                    continue
            short = len(record) < width
            kept.append([*record, *([""] * (width - len(record)))] if short else record)
            chunk_positions.append(position)
        # One transpose per chunk beats one pass over the rows per column.
        fields = list(zip(*kept, strict=False)) if kept else []
        for index, cleaner in cleaners.items():
            cleaner.add(fields[index] if fields else (), chunk_positions)
        kept_positions.extend(chunk_positions)
    return kept_positions


def clean_sheet(
    records: Iterator[list[object]],
    columnar: ColumnarSheet | None,
    header_index: int,
    width: int,
    *,
    layout: SheetLayout,
    cleaners: Mapping[int, ColumnCleaner],
    skipped: list[SkippedRow],
) -> list[int]:
    """The records cleaned into the column cleaners: cell by cell, or column by column
    for a sheet read as columns; the positions of the records kept."""
    if columnar is None:
        return clean_records(
            records,
            header_index=header_index,
            width=width,
            layout=layout,
            cleaners=cleaners,
            skipped=skipped,
        )
    return clean_columnar(
        columnar, header_index=header_index, layout=layout, cleaners=cleaners, skipped=skipped
    )
