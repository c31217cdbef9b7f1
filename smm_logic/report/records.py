"""Records fed to the column cleaners chunk by chunk, cell by cell: the path for sheets
read as Python cells (``RawSheet.rows``); ``columnar`` is the same for Arrow columns.
And the cleaned records put in the report's order (``sorted_table``)."""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence

import numpy as np
import pandas as pd
import pyarrow as pa  # type: ignore[import-untyped]
import pyarrow.compute as pc  # type: ignore[import-untyped]

from smm_logic.report.cells import is_total_label
from smm_logic.report.columnar import clean_columnar
from smm_logic.report.columnar_cells import CHUNK_ROWS
from smm_logic.report.columns import ColumnCleaner, chunks
from smm_logic.report.layout import SheetLayout, is_blank
from smm_logic.report.model import GROUP_KEYS, SkippedRow
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


def sorted_table(table: pd.DataFrame, columns: Sequence[str] | None = None) -> pd.DataFrame:
    """Groups in order of first appearance; rows by date within each (undated last);
    ``columns`` (all, as they are, by default) in their order.

    The sort is stable and by nothing else: rows sharing a timestamp, and undated rows,
    keep their sheet order, so followers at start and end are those of the first and
    last row in time order, then sheet order (kpi-spec §3), never a minimum or maximum.
    """
    dates = table["date"].to_numpy()
    if dates.dtype.kind != "M":
        dates = table["date"].to_numpy(dtype="datetime64[ns]")
    keys = np.where(np.isnat(dates), np.iinfo(np.int64).max, dates.view(np.int64))
    groups = _group_codes(table)
    step, later = np.diff(groups), np.diff(keys)
    in_order = ((step > 0) | ((step == 0) & (later >= 0))).all()  # what a stable sort leaves
    order = None if in_order else _stable_order(groups, keys)
    return _taken(table, list(table.columns) if columns is None else list(columns), order)


def _taken(table: pd.DataFrame, columns: list[str], order: np.ndarray | None) -> pd.DataFrame:
    """The table's ``columns`` with its rows in ``order`` (None: as they are), copied
    once, the float columns straight into the one block pandas keeps them in (the
    sheets' frames are not: ``ingest._sheet_frame``)."""
    floats = [column for column in columns if table[column].dtype == np.float64]
    block = np.empty((len(floats), len(table)))
    for row, column in zip(block, floats, strict=True):
        values = table[column].to_numpy()
        if order is None:
            row[:] = values
        else:
            np.take(values, order, out=row)
    frame = pd.DataFrame(block.T, columns=floats, copy=False)
    for at, column in enumerate(columns):
        if column not in floats:
            series = table[column] if order is None else table[column].take(order)
            frame.insert(at, column, series.reset_index(drop=True))
    return frame


def _stable_order(groups: np.ndarray, keys: np.ndarray) -> np.ndarray:
    """``np.lexsort((keys, groups))``, stable: by group, then key, then position. Most
    reports list each group's rows by date already, and then one stable sort of the
    group numbers (a radix sort for up to 65,536 groups) gives the same order."""
    small = groups.astype(np.uint16) if groups.max() < 2**16 else groups
    order = np.argsort(small, kind="stable")
    ordered_groups, ordered_keys = groups[order], keys[order]
    if ((np.diff(ordered_groups) > 0) | (np.diff(ordered_keys) >= 0)).all():
        return order
    return np.lexsort((keys, groups))


def _group_codes(table: pd.DataFrame) -> np.ndarray:
    """Each row's group, numbered in order of first appearance; a missing key is the
    same group as an empty one. One factorize per key column, then one of the combined
    codes: no tuple per row (50,000 accounts are 50,000 groups)."""
    combined = np.zeros(len(table), dtype=np.int64)
    for key in GROUP_KEYS:
        codes, count = _key_codes(table[key])
        combined = combined * (count + 1) + codes
    return pd.factorize(combined)[0]


def _key_codes(column: pd.Series) -> tuple[np.ndarray, int]:
    """A key column's codes in order of first appearance, a missing key as "", and how
    many there are: Arrow's dictionary of a column of Arrow strings (what the cleaning
    makes), as ``pd.factorize`` numbers them at twice the cost."""
    if isinstance(column.array, pd.arrays.ArrowStringArray):
        strings = pa.array(column.array)
        if isinstance(strings, pa.ChunkedArray):  # stacked sheets: numbered as one column
            strings = strings.combine_chunks()
        encoded = pc.fill_null(strings, "").dictionary_encode()
        return np.asarray(encoded.indices, dtype=np.int64), len(encoded.dictionary)
    codes, uniques = pd.factorize(column.where(column.notna(), ""))
    return codes, len(uniques)
