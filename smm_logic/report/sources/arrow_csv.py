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
from smm_logic.report.sources.sheet import ColumnarSheet, RawSheet, no_rows

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


def _head(text: str, delimiter: str) -> tuple[list[list[str]], int, int] | None:
    """The first rows, where the rest begins, and how wide its first row is."""
    lines = _Lines(text)
    reader = csv.reader(iter(lines), delimiter=delimiter)
    try:
        head = [row for _, row in zip(range(HEAD_ROWS), reader, strict=False)]
        start = lines.end
        first = next(reader, None)
    except csv.Error:
        return None
    return head, start, 0 if first is None else len(first)


def arrow_csv_sheet(
    text: str, delimiter: str, name: str, limits: IngestLimits, exact: Callable[[], RawSheet]
) -> RawSheet | None:
    """The sheet as Arrow columns, or None where the csv module must read it."""
    found = _head(text, delimiter)
    if found is None:
        return None
    head, start, body_width = found
    body: list[pa.Array] = []
    if body_width:
        names = [str(index) for index in range(body_width)]
        try:
            table = pa_csv.read_csv(
                io.BytesIO(text[start:].encode("utf-8")),
                read_options=pa_csv.ReadOptions(column_names=names),
                parse_options=pa_csv.ParseOptions(
                    delimiter=delimiter, newlines_in_values=True, ignore_empty_lines=False
                ),
                convert_options=pa_csv.ConvertOptions(
                    column_types=dict.fromkeys(names, pa.string()),
                    strings_can_be_null=False,
                    quoted_strings_can_be_null=False,
                ),
            )
        except (pa.ArrowInvalid, ValueError):
            return None  # rows of other widths, an empty line: as the csv module reads them
        body = [column.combine_chunks() for column in table.columns]
        del table
    height = len(head) + (len(body[0]) if body else 0)
    width = max([body_width, *(len(row) for row in head)])
    check_shape(name, height, width, limits)
    cells: list[list[object]] = [[*row, *([""] * (width - len(row)))] for row in head]
    return RawSheet(
        name, 1, 0, height, width, no_rows, None, ColumnarSheet(cells, body, typed=False), exact
    )
