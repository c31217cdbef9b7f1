"""A large worksheet read by fastexcel in bands of rows, so that calamine never holds the
grid of the whole sheet.

calamine builds a sheet's whole grid before any of it reaches Arrow, and while it does
it holds the cells twice (a list of the cells read, then the rectangle they fill): at
200,000 rows of 15 columns, 230 MB for a table of 34 MB. A sheet whose XML is larger
than ``BANDED_FROM`` is read here instead:

- its XML is inflated in pieces and cut between rows into bands of m·10^d rows (m 1,
  2 or 5; rows k·m·10^d + 1 … (k+1)·m·10^d of the sheet), so that the references in a
  band differ from the sheet's by their leading digits only;
- each band's references are renumbered in place, the leading digits replaced by
  smaller ones of the same width, so the band starts at row 1: calamine's grid starts
  at the sheet's first row, and a band left at row 190,001 would cost the grid of
  190,000 empty rows;
- the band is wrapped in a workbook of its own (stored, not compressed) with the
  workbook's other parts, styles and shared strings included, and read by fastexcel,
  all on a thread of a small pool (numpy, zlib and calamine let go of the GIL): two
  bands are read at once while this thread inflates and cuts the next;
- the bands' columns are joined in Arrow, each band where it lies in the sheet.

Cell by cell it is the same read as the whole sheet's. Anything this reading does not
expect (a cell or row written without its reference, or with the reference not as its
first attribute, rows out of order, a CDATA section or a comment, a large shared
strings table that every band would parse again) gives None: the sheet is read whole.
"""

from __future__ import annotations

import functools
import io
import re
import zipfile
from collections import deque
from collections.abc import Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from typing import IO, TYPE_CHECKING

from smm_logic.report.sources.extent import xlsx_sheet_parts
from smm_logic.report.sources.heap import give_back_freed_memory

if TYPE_CHECKING:
    import numpy as np
    import pyarrow as pa  # type: ignore[import-untyped]

    from smm_logic.report.sources.prefetch import CellError, FastSheet

# A sheet's XML from this size up is read in bands (its whole grid would be some
# 1.7 bytes per byte of XML at its peak).
BANDED_FROM = 48 << 20
# A band's XML is kept under this size: the rows per band are the largest of 1, 2 or 5
# times a power of ten that keep it so (1,000 at least, 500,000 at most).
_BAND_BYTES = 4 << 20
_BAND_SIZES: tuple[int, ...] = tuple(m * 10**d for d in range(3, 6) for m in (1, 2, 5))
# The sheet XML is inflated a piece at a time: a band takes a piece more at most.
_PIECE = 1 << 20
# Every band parses the workbook's shared strings again: beside a band of 4 MB, up to
# 1 MB of them costs the read a quarter more at most. A workbook with more (a text of
# its own in every row) is read whole.
_MAX_SHARED_STRINGS = 1 << 20
# Bands read at once; the next is cut meanwhile.
_READERS = 2
_IN_FLIGHT = 2

_ROW_TAG = b'<row r="'
_ROW_NUMBER = re.compile(rb'<row r="([0-9]+)"')
_SHEET_DATA = b"<sheetData>"
_SHEET_DATA_END = b"</sheetData>"
# The parts calamine reads to give a sheet's cells, which every band's workbook has.
_READ_PARTS = frozenset(
    ("[content_types].xml", "_rels/.rels", "xl/workbook.xml", "xl/_rels/workbook.xml.rels",
     "xl/styles.xml", "xl/sharedstrings.xml")
)  # fmt: skip
_SHARED_STRINGS = "xl/sharedstrings.xml"
# Other parts a band's workbook leaves out: the sheets, and anything large (a VBA
# project, a calculation chain, pictures) that calamine does not read for the cells.
_SHEETS = ("xl/worksheets/", "xl/chartsheets/", "xl/dialogsheets/", "xl/macrosheets/")
_LARGE_PART = 256 << 10


class CannotBandError(Exception):
    """The sheet is not as this reading expects: read it whole."""


def _rows_per_band(rows_seen: int, bytes_seen: int) -> int:
    """How many rows a band has, from the bytes per row of the sheet's first rows."""
    per_row = bytes_seen / max(rows_seen, 1)
    fitting = [size for size in _BAND_SIZES if size * per_row <= _BAND_BYTES]
    return fitting[-1] if fitting else _BAND_SIZES[0]


@functools.cache
def _ends_a_name() -> np.ndarray:
    """Per byte, whether it may follow an element's name in its start tag."""
    import numpy as np

    table = np.zeros(256, dtype=bool)
    table[list(b" \t\n\r>/")] = True
    return table


def _references(band: bytearray) -> tuple[np.ndarray, np.ndarray]:
    """Where the numbers of the band's cell references and of its row references start.
    ``CannotBandError`` where a cell or a row is not written ``<c r="…`` / ``<row r="…``, or
    where there is markup a cut between rows could break (a CDATA section, a comment)."""
    import numpy as np

    area = np.frombuffer(band, dtype=np.uint8)
    ends_a_name = _ends_a_name()
    tags = np.flatnonzero(area[:-8] == ord("<"))  # a tag's first characters are looked at
    after = area[tags + 1]
    if (after == ord("!")).any():
        raise CannotBandError("CDATA or a comment")
    cells = tags[after == ord("c")]
    cells = cells[ends_a_name[area[cells + 2]]]
    rows = tags[after == ord("r")]
    rows = rows[(area[rows + 2] == ord("o")) & (area[rows + 3] == ord("w"))]
    rows = rows[ends_a_name[area[rows + 4]]]
    numbers = []
    for starts, name in ((cells, 2), (rows, 4)):
        ref = starts + name  # the character after the element's name
        written = (
            (area[ref] == ord(" "))
            & (area[ref + 1] == ord("r"))
            & (area[ref + 2] == ord("="))
            & (area[ref + 3] == ord('"'))
        )
        if not written.all():
            raise CannotBandError("a cell or a row without its reference first")
        numbers.append(ref + 4)
    cell_numbers = numbers[0]
    for _ in range(3):  # a cell's column letters: A … XFD
        cell_numbers += (area[cell_numbers] >= ord("A")) & (area[cell_numbers] <= ord("Z"))
    return cell_numbers, numbers[1]


def _renumber(band: bytearray, key: int, rows: int) -> None:
    """Renumber, in place, the references of band k (``key``) of ``rows`` = m·10^d rows,
    rows k·m·10^d + 1 … (k+1)·m·10^d, so that it starts at row 1. Its rows are L·10^d +
    x with L from k·m to (k+1)·m: the digits of L become those of L − k·m, zero-padded,
    and every reference keeps its width. ``CannotBandError`` where a reference is not as
    expected (``_references``) or not in the band."""
    import numpy as np

    cells, row_starts = _references(band)
    area = np.frombuffer(band, dtype=np.uint8)
    number = np.concatenate((cells, row_starts))
    digits = len(str(rows)) - 1
    per_digit = rows // 10**digits  # m: 1, 2 or 5
    first = key * per_digit
    matched = np.zeros(len(number), dtype=bool)
    renumbered = []
    for leading in range(first, first + per_digit + 1):
        old = str(leading).encode()
        these = _written(area, number, old, digits)
        # L·10^d itself: the band's last row for the largest L, the band before's for k·m
        at_zero = _written(area, number, old + b"0" * digits, 0)
        if leading == first:
            these &= ~at_zero
        elif leading == first + per_digit:
            these &= at_zero
        matched |= these
        renumbered.append((number[these], str(leading - first).rjust(len(old), "0").encode()))
    if not matched.all():
        raise CannotBandError("a reference outside its band")
    for places, new in renumbered:  # after every reference is matched against the old
        for place, digit in enumerate(new):
            area[places + place] = digit


def _written(area: np.ndarray, number: np.ndarray, digits: bytes, more: int) -> np.ndarray:
    """Which references (their numbers starting at ``number``) are ``digits`` followed by
    ``more`` digits and the closing quote."""
    import numpy as np

    end = number + len(digits) + more
    found: np.ndarray = area[np.minimum(end, len(area) - 1)] == ord('"')
    for place, digit in enumerate(digits):
        found &= area[number + place] == digit
    for place in range(len(digits), len(digits) + more):
        found &= (area[number + place] >= ord("0")) & (area[number + place] <= ord("9"))
    return found


def _check_head_band(band: bytearray, rows: int) -> None:
    """The first band (rows 1 … ``rows``) is read as it is: its rows must be in order and
    in it, each written with its reference first."""
    _references(band)
    numbers = [int(found[1]) for found in _ROW_NUMBER.finditer(band)]
    if numbers and (numbers[-1] > rows or numbers != sorted(numbers)):
        raise CannotBandError("rows out of order")


def _key(xml: bytearray | memoryview, at: int, rows: int) -> int:
    """The band of the row starting at ``at``: k for rows k·rows + 1 … (k+1)·rows."""
    found = _ROW_NUMBER.match(xml, at)
    if found is None:
        raise CannotBandError("a row without its reference first")
    return (int(found[1]) - 1) // rows


def _last_row(pending: bytearray) -> int:
    """Where the last row whose reference has come in whole starts (-1: none)."""
    last = len(pending)
    while (last := pending.rfind(_ROW_TAG, 0, last)) >= 0:
        if _ROW_NUMBER.match(pending, last):
            return last
    return -1


def _cut(pending: bytearray, key: int, rows: int) -> int | None:
    """Where in ``pending`` (which starts at a row of band ``key``) the first row of a
    later band starts; None if every row in it is of band ``key``. Rows are in order,
    so that row is found by halving."""
    last = _last_row(pending)
    if last <= 0 or _key(pending, last, rows) <= key:
        return None
    low, high = 0, last  # a row of band ``key`` starts at ``low``, of a later one at ``high``
    while True:
        middle = pending.find(_ROW_TAG, (low + high) // 2, high)
        if middle <= low:
            middle = pending.find(_ROW_TAG, low + 1, high)
            if middle < 0:
                return high
        if _key(pending, middle, rows) > key:
            high = middle
        else:
            low = middle


def _bands(stream: IO[bytes]) -> Iterator[tuple[bytes, bytearray, int, int]]:
    """The sheet's root tag, then each band with its key and its size, from the XML."""
    pending = bytearray()
    head: bytes | None = None
    key = rows = 0
    while True:
        piece = stream.read(_PIECE)
        pending += piece
        if head is None:
            data_at = pending.find(_SHEET_DATA)
            first_row = pending.find(_ROW_TAG, data_at)
            if data_at < 0 or first_row < 0:
                if piece and len(pending) < 8 * _PIECE:
                    continue
                raise CannotBandError("no sheetData written as such")
            root_at = pending.find(b"<worksheet")
            if root_at < 0 or root_at > data_at:
                raise CannotBandError("no worksheet written as such")
            root = bytes(pending[root_at : pending.index(b">", root_at) + 1])
            head = root + _SHEET_DATA
            rows_seen = pending.count(_ROW_TAG)
            rows = _rows_per_band(rows_seen, len(pending) - first_row)
            del pending[:first_row]
            key = _key(pending, 0, rows)
        while (cut := _cut(pending, key, rows)) is not None:
            band = pending[:cut]
            del pending[:cut]
            yield head, band, key, rows
            key = _key(pending, 0, rows)
        if not piece:
            break
    end = pending.rfind(_SHEET_DATA_END)
    if head is None or end < 0:
        raise CannotBandError("no end of sheetData")
    del pending[end:]
    yield head, pending, key, rows


def _band_workbook(
    others: list[tuple[str, bytes]], part: str, head: bytes, band: bytearray
) -> bytes:
    """A workbook of the band alone: stored, the other parts calamine reads as they are."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as out:
        for name, content in others:
            out.writestr(name, content)
        with out.open(part, "w") as sheet:
            sheet.write(head)
            sheet.write(band)
            sheet.write(b"</sheetData></worksheet>")
    return buffer.getvalue()


@dataclass
class _Band:
    """One band read: its first row in the sheet (0-based), its columns' 0-based sheet
    indices and cells, and its error cells in sheet positions (None: fastexcel named
    one ``prefetch`` does not know)."""

    start: int
    height: int
    indices: list[int]
    columns: list[pa.Array | None]
    errors: list[CellError] | None


def _read_band(
    held: list[bytearray], *, key: int, rows: int, head: bytes,
    others: list[tuple[str, bytes]], part: str, sheet_name: str,
) -> _Band:  # fmt: skip
    """One band checked, renumbered (see ``_renumber``) and read from a workbook of its
    own: on a reader's thread, as numpy, zlib's checksum and calamine let go of the GIL."""
    import fastexcel

    from smm_logic.report.sources.prefetch import named_errors

    band = held.pop()  # the only reference: freed once in the band's workbook
    if key:
        _renumber(band, key, rows)
    else:
        _check_head_band(band, rows)
    workbook = _band_workbook(others, part, head, band)
    del band
    # The band's first row, 0-based: row k·10^d + 1, renumbered 1.
    start = key * rows
    sheet = fastexcel.read_excel(workbook).load_sheet(
        sheet_name, header_row=None, skip_rows=0, dtypes="string"
    )
    del workbook
    indices = [column.absolute_index for column in sheet.available_columns()]
    batch, errors = sheet.to_arrow_with_errors()
    del sheet  # calamine's grid of the band
    return _Band(
        start, batch.num_rows, indices, list(batch.columns), named_errors(errors, indices, start)
    )


def _joined(bands: list[_Band]) -> tuple[list[pa.Array], int, list[CellError] | None]:
    """The bands' columns end to end, each band at its rows (nulls between), from the
    first column any band has to the last; the error cells of all."""
    import pyarrow as pa

    bands = [band for band in bands if band.indices and band.height]
    if not bands:
        return [], 0, []
    first = min(band.indices[0] for band in bands)
    last = max(band.indices[-1] for band in bands)
    errors: list[CellError] | None = []
    for band in bands:
        errors = None if errors is None or band.errors is None else errors + band.errors
    row = 0
    for band in bands:
        if band.start < row:  # a cell written outside its row's band
            raise CannotBandError("bands overlap")
        row = band.start + band.height
    joined: list[pa.Array] = []
    for column in range(first, last + 1):
        pieces: list[pa.Array] = []
        row = 0
        for band in bands:
            if band.start > row:
                pieces.append(pa.nulls(band.start - row, pa.string()))
            position = column - band.indices[0]
            cells = band.columns[position] if 0 <= position < len(band.columns) else None
            if cells is None:
                pieces.append(pa.nulls(band.height, pa.string()))
            else:
                pieces.append(cells.cast(pa.string()))
                band.columns[position] = None  # freed once joined
            row = band.start + band.height
        joined.append(pa.concat_arrays(pieces))
        del pieces
    return joined, first, errors


def _read_all_bands(
    archive: zipfile.ZipFile, part: str, others: list[tuple[str, bytes]], sheet_name: str
) -> list[_Band]:
    """Every band read, in the sheet's order."""
    read: list[_Band] = []
    waiting: deque[Future[_Band]] = deque()
    with ThreadPoolExecutor(_READERS, thread_name_prefix="band") as readers:
        try:
            with archive.open(part) as stream:
                last_key = -1
                for head, band, key, rows in _bands(stream):
                    if _ROW_TAG not in band:
                        continue
                    if key <= last_key:
                        raise CannotBandError("rows out of order")
                    last_key = key
                    read_one = functools.partial(
                        _read_band, key=key, rows=rows, head=head, others=others,
                        part=part, sheet_name=sheet_name,
                    )  # fmt: skip
                    waiting.append(readers.submit(read_one, [band]))
                    del band
                    while len(waiting) >= _IN_FLIGHT:
                        read.append(waiting.popleft().result())
            while waiting:
                read.append(waiting.popleft().result())
        except BaseException:
            for future in waiting:
                future.cancel()
            raise
    return read


def load_banded(data: bytes, sheet_name: str) -> FastSheet | None:
    """The sheet read in bands, or None where it is small or not as this reading expects
    (read it whole then)."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            if all(info.file_size < BANDED_FROM for info in archive.infolist()):
                return None  # most workbooks: no sheet is large, no need to find which
            parts = [part for part, name in xlsx_sheet_parts(archive).items() if name == sheet_name]
            if len(parts) != 1 or archive.getinfo(parts[0]).file_size < BANDED_FROM:
                return None
            part = parts[0]
            others = [
                (info.filename, archive.read(info))
                for info in archive.infolist()
                if info.filename.lower() in _READ_PARTS
                or not (info.is_dir() or info.filename.lower().startswith(_SHEETS)
                        or info.file_size > _LARGE_PART)
            ]  # fmt: skip
            shared = [content for name, content in others if name.lower() == _SHARED_STRINGS]
            if shared and len(shared[0]) > _MAX_SHARED_STRINGS:
                return None
            read = _read_all_bands(archive, part, others, sheet_name)
        columns, first_column, errors = _joined(read)
        del read
    except MemoryError:
        raise  # reading it whole would not fit either: the worker says so
    except BaseException as exc:
        # CannotBandError, a damaged file; fastexcel raises its own types, calamine panics
        if isinstance(exc, Exception) or type(exc).__name__ == "PanicException":
            return None
        raise
    give_back_freed_memory()  # the bands' pieces, before the cleaning allocates
    if not columns:
        return None
    import pyarrow as pa

    from smm_logic.report.sources.prefetch import FastSheet, column_errors

    batch = pa.RecordBatch.from_arrays(columns, names=[str(index) for index in range(len(columns))])
    return FastSheet(batch, first_column, None if errors is None else column_errors(errors))
