"""A delimited text read by Arrow's CSV reader into string columns, the rows above and
at the header by the csv module (they are often shorter: a title, a period).

The cells are the csv module's: every cell text as written, an empty one "". Where the
rows below the first ones are not all as wide (an empty line, a ragged row), Arrow
cannot read them as the csv module does, and the file is read by it instead.

The text is held as UTF-8 bytes (``Utf8Text``): a UTF-8 file's own, which Arrow reads
as they are, so only the first lines are ever decoded on this path.
"""

from __future__ import annotations

import array
import csv
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass

import pyarrow as pa  # type: ignore[import-untyped]
import pyarrow.csv as pa_csv  # type: ignore[import-untyped]

from smm_logic.report.sources.fast import HEAD_ROWS
from smm_logic.report.sources.limits import IngestLimits, check_shape
from smm_logic.report.sources.sheet import ColumnarSheet, NeedsCellsError, RawSheet, no_rows

# A line with its ending, as io.StringIO(newline="") hands them to the csv module.
_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+$")
# The first lines are decoded this many bytes at a time, four times more while the
# rows looked at in them do not end in them.
FIRST_LINES_BYTES = 64 * 1024


def is_utf8(data: bytes, start: int = 0) -> bool:
    """Whether ``data[start:]`` is UTF-8, as ``bytes.decode`` tells, without decoding it:
    Arrow checks it as the one value of a string array (about six times faster)."""
    text = pa.py_buffer(data).slice(start)
    offsets = pa.py_buffer(array.array("q", [0, text.size]))
    try:
        pa.Array.from_buffers(pa.large_string(), 1, [None, offsets, text]).validate(full=True)
    except pa.ArrowInvalid:
        return False
    return True


@dataclass(frozen=True)
class Utf8Text:
    """A text as the valid UTF-8 bytes ``data[start:]``."""

    data: bytes
    start: int = 0

    def first_lines(self, size: int) -> tuple[str, bool]:
        """The text's first ``size`` bytes and on to the next line feed, decoded (so
        every line in them is whole, its ending too), and whether they are all of it."""
        feed = self.data.find(b"\n", self.start + size)
        end = len(self.data) if feed < 0 else feed + 1
        return str(memoryview(self.data)[self.start : end], "utf-8"), end == len(self.data)

    def after(self, prefix: str) -> Utf8Text:
        """The text after its first characters ``prefix``."""
        return Utf8Text(self.data, self.start + len(prefix.encode("utf-8")))

    def contains(self, part: bytes) -> bool:
        return self.data.find(part, self.start) >= 0

    def decoded(self) -> str:
        return str(memoryview(self.data)[self.start :], "utf-8")

    def buffer(self) -> pa.Buffer:
        """The bytes as Arrow reads them: not copied."""
        return pa.py_buffer(self.data).slice(self.start)


class _Lines:
    """The text's lines one by one, remembering where the last one handed over ends."""

    def __init__(self, text: str) -> None:
        self.found = _LINE.finditer(text)
        self.end = 0

    def __iter__(self) -> Iterator[str]:
        for line in self.found:
            self.end = line.end()
            yield line.group()


@dataclass(frozen=True)
class _Head:
    """The first rows, the text they were read from, where in it each of them and the
    next row begin, and how wide the next row is."""

    rows: list[list[str]]
    text: str
    starts: list[int]
    after_width: int


class _BeyondLinesError(Exception):
    """The rows looked for do not end within the lines decoded."""


def _head_in(lines: str, whole: bool, delimiter: str) -> _Head | None:
    """The head read from the text's first lines: ``_BeyondLinesError`` unless the rows
    end before the last of them (or they are the whole text), where more lines could
    change them; None if the csv module refuses them."""
    found = _Lines(lines)
    reader = csv.reader(iter(found), delimiter=delimiter)
    starts = [0]
    head: list[list[str]] = []
    try:
        for row in reader:
            head.append(row)
            starts.append(found.end)
            if len(head) == HEAD_ROWS:
                break
        after = next(reader, None)
    except csv.Error:
        if whole:
            return None
        raise _BeyondLinesError from None  # the last line may be cut short
    if not whole and (after is None or found.end >= len(lines)):
        raise _BeyondLinesError
    return _Head(head, lines, starts, 0 if after is None else len(after))


def _head(text: Utf8Text, delimiter: str) -> _Head | None:
    """The first rows, read from as many of the first lines as they need."""
    size = FIRST_LINES_BYTES
    while True:
        lines, whole = text.first_lines(size)
        try:
            return _head_in(lines, whole, delimiter)
        except _BeyondLinesError:
            size *= 4


def _read_columns(text: Utf8Text, delimiter: str, width: int, quoted: bool) -> list[pa.Array]:
    """Rows of ``width`` cells as string columns; ``NeedsCellsError`` for rows of other
    widths or an empty line, which the csv module reads row by row."""
    if not width:
        return []
    names = [str(index) for index in range(width)]
    try:
        table = pa_csv.read_csv(
            pa.BufferReader(text.buffer()),
            read_options=pa_csv.ReadOptions(column_names=names),
            parse_options=pa_csv.ParseOptions(
                delimiter=delimiter,
                # a quoted cell may hold a line break; without quotes none can
                newlines_in_values=quoted,
                ignore_empty_lines=False,
            ),
            convert_options=pa_csv.ConvertOptions(
                column_types=dict.fromkeys(names, pa.string()),
                strings_can_be_null=False,
                quoted_strings_can_be_null=False,
                # The text is valid UTF-8 (``Utf8Text``), and a cell is a piece of it cut
                # at ASCII bytes (delimiters, quotes, line ends), which no multi-byte
                # character holds: every cell is valid UTF-8 too.
                check_utf8=False,
            ),
        )
    except (pa.ArrowInvalid, ValueError) as exc:
        raise NeedsCellsError from exc
    return [column.combine_chunks() for column in table.columns]


def arrow_csv_sheet(
    text: Utf8Text, delimiter: str, name: str, limits: IngestLimits, exact: Callable[[], RawSheet]
) -> RawSheet | None:
    """The sheet as Arrow columns, or None where the csv module must read it."""
    found = _head(text, delimiter)
    if found is None or all(not any(row) for row in found.rows):
        return None
    head = found.rows
    width = max(len(row) for row in head)
    check_shape(name, len(head), width, limits)
    quoted = text.contains(b'"')

    def records(start: int) -> list[pa.Array]:
        """The rows from ``start`` (within the first rows or just after them) on."""
        row_width = len(head[start]) if start < len(head) else found.after_width
        rows = text.after(found.text[: found.starts[start]])
        columns = _read_columns(rows, delimiter, row_width, quoted)
        height = start + (len(columns[0]) if columns else 0)
        check_shape(name, height, max(width, row_width), limits)
        return columns

    cells: list[list[object]] = [[*row, *([""] * (width - len(row)))] for row in head]
    columnar = ColumnarSheet(cells, records, typed=False)
    # The height of the first rows: the rest are counted when read (records).
    return RawSheet(name, 1, 0, len(head), width, no_rows, None, columnar, exact)
