"""The records under a header cleaned column by column (kpi-spec §2), for sheets read as
Arrow columns: the blank and total rows found with numpy, each column by
``columnar_cells``. The rules, notes and row numbers are those of the cell-by-cell
path in ``ingest`` (``_clean_records``); only the way of applying them differs.
"""

from __future__ import annotations

from collections.abc import Mapping
from concurrent.futures import ThreadPoolExecutor
from functools import cache

import numpy as np
import pyarrow as pa  # type: ignore[import-untyped]
import pyarrow.compute as pc  # type: ignore[import-untyped]

from smm_logic.report.cells import is_total_label
from smm_logic.report.columnar_cells import (
    RENDERED_BOOL,
    RENDERED_DATETIME,
    RENDERED_NUMBER,
    distinct_cells,
    fill_dates,
    fill_numbers,
    fill_texts,
    matches,
    rendered,
    repeating,
)
from smm_logic.report.columns import ColumnCleaner, text_value
from smm_logic.report.layout import SheetLayout
from smm_logic.report.model import SkippedRow
from smm_logic.report.sources.sheet import ColumnarSheet, NeedsCellsError
from smm_logic.report.vocabulary import vocabulary
from smm_logic.text import Message

__all__ = ["check_head", "clean_columnar"]

# A cell whose first character is not one str.strip() removes holds text for sure.
_STARTS_VISIBLE = (
    r"^[^\t\n\x0b\x0c\r\x1c-\x1f \x{85}\x{a0}\x{1680}\x{2000}-\x{200a}"
    r"\x{2028}\x{2029}\x{202f}\x{205f}\x{3000}]"
)
_LETTER = r"\pL"
# Below this many cells to clean the columns are cleaned one after another: a thread
# costs more than it saves.
_THREADED_CELLS = 100_000
# First UTF-8 bytes of a cell that str.strip() may shorten: ASCII whitespace, and the lead
# bytes of U+0085 and U+00A0 (C2), U+1680 (E1), U+2000–U+205F (E2) and U+3000 (E3).
_MAY_BE_SPACE = np.isin(np.arange(256), list(b"\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f \xc2\xe1\xe2\xe3"))
# First bytes of the cells a typed sheet renders: "-12.5", "392656", "2025-…", "true", "false".
_MAY_BE_RENDERED = np.isin(np.arange(256), list(b"-0123456789tf"))


def check_head(columnar: ColumnarSheet, header_index: int) -> None:
    """The first rows of a typed sheet, which the layout rules read as cells: a header
    cell is named as Python writes it (a date cell "2025-01-01", a number 1e-05
    "1e-05"), and a boolean among the records would read as the word "true"."""
    if not columnar.typed:
        return
    header = pa.array([str(cell) for cell in columnar.head[header_index]], pa.string())
    dates = matches(header, RENDERED_DATETIME) | np.isin(header.to_numpy(False), RENDERED_BOOL)
    numbers = header.filter(matches(header, RENDERED_NUMBER)).to_pylist()
    if dates.any() or any(text_value(float(text)) != text for text in numbers):
        raise NeedsCellsError
    for row in columnar.head[header_index + 1 :]:
        if any(cell in RENDERED_BOOL for cell in row):
            raise NeedsCellsError


def _data_columns(columnar: ColumnarSheet, header_index: int) -> list[pa.Array]:
    """Every column of the records after the header, each one Arrow string array (the
    byte tests read its buffers)."""
    columns = [column.cast(pa.string()) for column in columnar.records(header_index + 1)]
    return [
        column.combine_chunks() if isinstance(column, pa.ChunkedArray) else column
        for column in columns
    ]


def _filled(column: pa.Array) -> np.ndarray:
    filled = pc.and_(pc.is_valid(column), pc.not_equal(column, ""))
    return np.asarray(pc.fill_null(filled, False), dtype=bool)


def _first_bytes(values: pa.Array) -> np.ndarray:
    """Each cell's first UTF-8 byte, read from the column's buffers (0: empty, missing)."""
    first = np.zeros(len(values), dtype=np.uint8)
    if not len(values) or values.null_count == len(values):
        return first
    _, offsets, data = values.buffers()
    if data is None or not data.size:
        return first
    ends = np.frombuffer(offsets, dtype=np.int32)[values.offset : values.offset + len(values) + 1]
    some = ends[1:] > ends[:-1]
    if values.null_count:
        some &= np.asarray(pc.is_valid(values), dtype=bool)
    first[some] = np.frombuffer(data, dtype=np.uint8)[ends[:-1][some]]
    return first


def _stripped_nonempty(cells: pa.Array) -> np.ndarray:
    """Of filled cells, those holding text once stripped (the cell-by-cell test: ``c.strip()``)."""
    texty: np.ndarray = matches(cells, _STARTS_VISIBLE)
    unsure = np.flatnonzero(~texty)
    if unsure.size:
        texty[unsure] = [bool(str(cell).strip()) for cell in cells.take(unsure).to_pylist()]
    return texty


def _kinds(values: pa.Array, typed: bool) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Per cell: whether it is filled, holds text once stripped, and (of a typed sheet)
    holds text no number, date or boolean cell renders as. The cells a first byte
    settles are not read further: "VK" is text, and no rendered cell starts with "V"."""
    filled = _filled(values)
    first = _first_bytes(values)
    texty = filled & ~_MAY_BE_SPACE[first]
    unsure = np.flatnonzero(filled & ~texty)
    if unsure.size:
        texty[unsure] = _stripped_nonempty(values.take(unsure))
    if not typed:
        return filled, texty, texty
    sure = texty.copy()
    maybe = np.flatnonzero(texty & _MAY_BE_RENDERED[first])
    if maybe.size:
        sure[maybe] = ~rendered(values if maybe.size == len(values) else values.take(maybe))
    return filled, texty, sure


@cache
def _labels_have_letters() -> bool:
    words = vocabulary()
    labels = [*words.total_words, *words.total_prefixes]
    return all(any(ch.isalpha() for ch in label) for label in labels)


def _total_labels(values: pa.Array) -> np.ndarray:
    """Which cells are total labels, each distinct cell judged once."""
    found = np.zeros(len(values), dtype=bool)
    candidates = np.arange(len(values))
    if _labels_have_letters():  # a label has a letter: "01.02.2025" never is one
        candidates = np.flatnonzero(matches(values, _LETTER))
    if not candidates.size:
        return found
    texts = values.take(candidates)
    totals = [text for text in pc.unique(texts).to_pylist() if is_total_label(text)]
    if totals:
        found[candidates] = np.asarray(pc.is_in(texts, pa.array(totals, pa.string())), dtype=bool)
    return found


class _Column:
    """What the row rules need of one column's cells (those of the rows still pending):
    read per distinct cell where cells repeat (a platform on every row), else per cell."""

    def __init__(self, values: pa.Array, typed: bool) -> None:
        self.values = values
        self.encoding = distinct_cells(values) if repeating(values) else None
        if self.encoding is None:
            self.filled, self.texty, self.sure = _kinds(values, typed)
        else:
            distinct, codes = self.encoding
            self.filled, self.texty, self.sure = (k[codes] for k in _kinds(distinct, typed))

    def totals(self, rows: np.ndarray) -> np.ndarray:
        """Of these cells (indices), which are total labels."""
        if self.encoding is not None:
            distinct, codes = self.encoding
            labels: np.ndarray = _total_labels(distinct)[codes[rows]]
            return labels
        values = self.values
        return _total_labels(values if rows.size == len(values) else values.take(rows))


def _row_kinds(columns: list[pa.Array], typed: bool) -> tuple[np.ndarray, np.ndarray]:
    """Per record: whether it has any cell filled, and whether it is a total row (its
    first text cell a total label).

    Columns are read left to right for the records without a text cell yet, so most
    records are settled by their first columns (a date, a platform).
    """
    height = len(columns[0]) if columns else 0
    any_filled = np.zeros(height, dtype=bool)
    first_text = np.full(height, -1)
    first_sure = np.full(height, -1)  # of a typed sheet: text that no other cell renders as
    pending = np.arange(height)
    read: dict[int, tuple[np.ndarray, _Column]] = {}  # per column, the rows read and what of them
    for index, column in enumerate(columns):
        if not pending.size:
            break
        cells = _Column(column if pending.size == height else column.take(pending), typed)
        read[index] = (pending, cells)
        any_filled[pending[cells.filled]] = True
        unset = first_text[pending] < 0
        first_text[pending[cells.texty & unset]] = index
        first_sure[pending[cells.sure]] = index
        pending = pending[~cells.sure]
    total = np.zeros(height, dtype=bool)
    for index, (rows, cells) in read.items():
        settled = np.flatnonzero(first_sure[rows] == index)  # of the rows read, by index
        if settled.size:
            total[rows[settled]] = cells.totals(settled)
    if typed and (total & (first_text != first_sure)).any():
        raise NeedsCellsError  # "Итого" after a cell that reads "12": a number, or text?
    return any_filled, total


def _fill(
    cleaner: ColumnCleaner, values: pa.Array, positions: np.ndarray, start: int, typed: bool
) -> None:
    kind = cleaner.metric.kind
    if kind == "number":
        fill_numbers(cleaner, values, positions, start, typed)
    elif kind == "text":
        fill_texts(cleaner, values, typed)
    else:
        fill_dates(cleaner, values, typed)


def clean_columnar(
    columnar: ColumnarSheet,
    *,
    header_index: int,
    layout: SheetLayout,
    cleaners: Mapping[int, ColumnCleaner],
    skipped: list[SkippedRow],
) -> list[int]:
    """Clean the records into the column cleaners, skipping blank and total rows (each
    total row noted in ``skipped``); the positions of the records kept."""
    columns = _data_columns(columnar, header_index)
    any_filled, total = _row_kinds(columns, columnar.typed)
    start = header_index + 1
    message = Message("issue.total_row")
    for at in np.flatnonzero(total):
        row, column = layout.record_place(start + int(at))
        skipped.append(SkippedRow(layout.sheet, row, message, column))
    kept = np.flatnonzero(any_filled & ~total)
    positions = kept + start
    # Most sheets drop only a total row at the end: a slice then shares the buffers
    # where a take would copy every column.
    contiguous = not kept.size or int(kept[-1]) - int(kept[0]) + 1 == kept.size

    def clean(index: int, cleaner: ColumnCleaner) -> None:
        if index < len(columns):
            column = columns[index]
            values = (
                column.slice(int(kept[0]), kept.size)
                if contiguous and kept.size
                else column.take(kept)
            )
            columns[index] = pa.nulls(0, pa.string())  # freed as soon as it is cleaned
        else:  # a header cell over a short table's last column
            values = pa.nulls(len(kept), pa.string())
        _fill(cleaner, values, positions, start, columnar.typed)

    jobs = list(cleaners.items())
    if kept.size * len(jobs) < _THREADED_CELLS:
        for index, cleaner in jobs:
            clean(index, cleaner)
    else:
        # Arrow's kernels and numpy's loops let go of the GIL: two columns at once.
        pool = ThreadPoolExecutor(2)
        try:
            for _ in pool.map(lambda job: clean(*job), jobs):
                pass  # an error (NeedsCellsError) is raised in column order, as in one thread
        finally:
            pool.shutdown(cancel_futures=True)  # after an error, the columns not begun are not
    return positions.tolist()
