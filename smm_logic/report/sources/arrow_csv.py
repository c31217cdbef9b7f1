"""A delimited text read by Arrow's CSV reader into string columns, the rows above and
at the header by the csv module (they are often shorter: a title, a period).

The cells are the csv module's: every cell text as written, an empty one "". Where the
rows below the first ones are not all as wide (an empty line, a ragged row), Arrow
cannot read them as the csv module does, and the file is read by it instead.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable, Iterator

import pyarrow as pa  # type: ignore[import-untyped]
import pyarrow.csv as pa_csv  # type: ignore[import-untyped]

from smm_logic.report.sources.fast import HEAD_ROWS
from smm_logic.report.sources.limits import IngestLimits, check_shape
from smm_logic.report.sources.sheet import ColumnarSheet, NeedsCellsError, RawSheet, no_rows

# A line with its ending, as io.StringIO(newline="") hands them to the csv module.
_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+$")


class _Lines:
    """The text's lines one by one, remembering where the last one handed over ends."""

    def __init__(self, text: str) -> None:
        self.found = _LINE.finditer(text)
        self.end = 0

    def __iter__(self) -> Iterator[str]:
        for line in self.found:
            self.end = line.end()
            yield line.group()


def _head(text: str, delimiter: str) -> tuple[list[list[str]], list[int], int] | None:
    """The first rows, where each of them and the next row begin, and how wide the next
    row is."""
    lines = _Lines(text)
    reader = csv.reader(iter(lines), delimiter=delimiter)
    starts = [0]
    head: list[list[str]] = []
    try:
        for row in reader:
            head.append(row)
            starts.append(lines.end)
            if len(head) == HEAD_ROWS:
                break
        after = next(reader, None)
    except csv.Error:
        return None
    return head, starts, 0 if after is None else len(after)


def _read_columns(text: str, delimiter: str, width: int) -> list[pa.Array]:
    """Rows of ``width`` cells as string columns; ``NeedsCellsError`` for rows of other
    widths or an empty line, which the csv module reads row by row."""
    if not width:
        return []
    names = [str(index) for index in range(width)]
    try:
        table = pa_csv.read_csv(
            io.BytesIO(text.encode("utf-8")),
            read_options=pa_csv.ReadOptions(column_names=names),
            parse_options=pa_csv.ParseOptions(
                delimiter=delimiter,
                # a quoted cell may hold a line break; without quotes none can
                newlines_in_values='"' in text,
                ignore_empty_lines=False,
            ),
            convert_options=pa_csv.ConvertOptions(
                column_types=dict.fromkeys(names, pa.string()),
                strings_can_be_null=False,
                quoted_strings_can_be_null=False,
            ),
        )
    except (pa.ArrowInvalid, ValueError) as exc:
        raise NeedsCellsError from exc
    return [column.combine_chunks() for column in table.columns]


def arrow_csv_sheet(
    text: str, delimiter: str, name: str, limits: IngestLimits, exact: Callable[[], RawSheet]
) -> RawSheet | None:
    """The sheet as Arrow columns, or None where the csv module must read it."""
    found = _head(text, delimiter)
    if found is None or all(not any(row) for row in found[0]):
        return None
    head, starts, after_width = found
    width = max(len(row) for row in head)
    check_shape(name, len(head), width, limits)

    def records(start: int) -> list[pa.Array]:
        """The rows from ``start`` (within the first rows or just after them) on."""
        row_width = len(head[start]) if start < len(head) else after_width
        columns = _read_columns(text[starts[start] :], delimiter, row_width)
        height = start + (len(columns[0]) if columns else 0)
        check_shape(name, height, max(width, row_width), limits)
        return columns

    cells: list[list[object]] = [[*row, *([""] * (width - len(row)))] for row in head]
    columnar = ColumnarSheet(cells, records, typed=False)
    # The height of the first rows: the rest are counted when read (records).
    return RawSheet(name, 1, 0, len(head), width, no_rows, None, columnar, exact)
