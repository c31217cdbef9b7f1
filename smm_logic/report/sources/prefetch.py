"""A worksheet read by fastexcel (calamine straight into Arrow), and that read started in
a thread as soon as the parse worker has an xlsx, before the engine is imported.

The command line forks its worker before importing pandas (``report.worker``): the
worker then imports the engine while calamine, which releases the GIL, reads the sheet
on the other core. This module imports nothing heavy, so that the read starts first.
The prefetched sheet is used only by the read of the same bytes and sheet
(``take``); it is the same read ``load_fast`` would make then, checked by the same
extent limits first.
"""

from __future__ import annotations

import io
import re
import threading
import zipfile
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from smm_logic.errors import ReportFormatError
from smm_logic.report.sources.extent import check_xlsx_extent, xlsx_worksheet_names
from smm_logic.report.sources.limits import IngestLimits, check_size

if TYPE_CHECKING:
    import pyarrow as pa  # type: ignore[import-untyped]

# Per 0-based column of the sheet: how many Excel error cells, and the first one's text.
ColumnErrors = Mapping[int, tuple[int, str]]
# One error cell: its 0-based sheet row and column, and Excel's text for it ("#N/A").
CellError = tuple[int, int, str]
# calamine's names for Excel's error values (its CellErrorType), as fastexcel reports a
# cell it could not give as text: "Expected string but got 'Error(Div0)'".
_ERROR_TEXTS = {
    "Div0": "#DIV/0!",
    "NA": "#N/A",
    "Name": "#NAME?",
    "Null": "#NULL!",
    "Num": "#NUM!",
    "Ref": "#REF!",
    "Value": "#VALUE!",
    "GettingData": "#GETTING_DATA",
}
_ERROR_DETAIL = re.compile(r"'Error\((\w+)\)'$")


@dataclass(frozen=True)
class FastSheet:
    """The sheet's cells from its first row as text columns (null: empty), the 0-based
    column they start at, and its error cells (None where fastexcel named a cell this
    module does not know: the sheet XML is scanned for them instead)."""

    batch: pa.RecordBatch
    first_column: int
    error_cells: ColumnErrors | None


def named_errors(errors: Any, absolute: list[int], first_row: int = 0) -> list[CellError] | None:
    """fastexcel's cell errors of a read from 0-based sheet row ``first_row`` whose
    columns are the sheet's ``absolute``, as (sheet row, sheet column, Excel's text);
    None where fastexcel named an error this module does not know."""
    found: list[CellError] = []
    for error in errors.errors if errors is not None else ():
        named = _ERROR_DETAIL.search(error.detail)
        text = _ERROR_TEXTS.get(named[1]) if named else None
        if text is None:
            return None
        row, column = error.position
        found.append((first_row + row, absolute[column], text))
    return found


def column_errors(errors: list[CellError]) -> ColumnErrors:
    """Error cells by sheet column: their count and the topmost one's text."""
    by_column: dict[int, tuple[int, int, str]] = {}
    for row, column, text in errors:
        count, top, first = by_column.get(column, (0, row, text))
        by_column[column] = (count + 1, *((row, text) if row < top else (top, first)))
    return {column: (count, first) for column, (count, _, first) in by_column.items()}


def load_fast(data: bytes, sheet_name: str) -> FastSheet | None:
    """The sheet read by fastexcel (a large one in bands of rows, ``banded``); None where
    it cannot read it (a damaged or encrypted file, an error value calamine refuses):
    the cell-by-cell reader says what is wrong."""
    import fastexcel

    from smm_logic.report.sources.banded import load_banded

    banded = load_banded(data, sheet_name)
    if banded is not None:
        return banded
    try:
        # skip_rows=0: from the sheet's first row, so Excel row numbers can be counted.
        sheet = fastexcel.read_excel(data).load_sheet(
            sheet_name, header_row=None, skip_rows=0, dtypes="string"
        )
        columns = [column.absolute_index for column in sheet.available_columns()]
        batch, errors = sheet.to_arrow_with_errors()
    except BaseException as exc:  # fastexcel raises its own types, and calamine panics
        if isinstance(exc, Exception) or type(exc).__name__ == "PanicException":
            return None
        raise
    if not columns or batch.num_rows == 0:
        return None
    found = named_errors(errors, columns)
    return FastSheet(batch, columns[0], None if found is None else column_errors(found))


@dataclass
class _Prefetch:
    data: bytes
    limits: IngestLimits  # the extent limits the workbook was checked against
    sheet_name: str
    thread: threading.Thread
    result: FastSheet | None = None


_PREFETCHED: list[_Prefetch] = []


def _first_sheet(data: bytes, name: str, sheet: str | None, limits: IngestLimits) -> str | None:
    """The sheet a read of this xlsx starts with, once its extent is within the limits;
    None for anything else (another kind of file, a file over a limit: the read itself
    says so)."""
    try:
        check_size(data, limits)
        check_xlsx_extent(data, name, limits)
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = xlsx_worksheet_names(archive)
    # SyntaxError: ElementTree's ParseError, a workbook part that is not XML
    except (ReportFormatError, zipfile.BadZipFile, KeyError, EOFError, ValueError, OSError,
            SyntaxError):  # fmt: skip
        return None
    if sheet is not None:
        return sheet if names and sheet in names else None
    return names[0] if names else None


def start(data: bytes, name: str, sheet: str | None, limits: IngestLimits) -> None:
    """Start reading the first sheet (or ``sheet``) of an xlsx in a thread."""
    if not data.startswith(b"PK\x03\x04"):
        return
    sheet_name = _first_sheet(data, name, sheet, limits)
    if sheet_name is None:
        return

    def read() -> None:
        prefetch.result = load_fast(data, sheet_name)

    prefetch = _Prefetch(data, limits, sheet_name, threading.Thread(target=read, daemon=True))
    _PREFETCHED[:] = [prefetch]
    prefetch.thread.start()


def extent_checked(data: bytes, limits: IngestLimits) -> bool:
    """Whether these bytes are being read ahead, so their extent is within ``limits``
    already (the read need not scan the sheets' XML for it again)."""
    return any(p.data is data and p.limits == limits for p in _PREFETCHED)


def take(data: bytes, sheet_name: str) -> tuple[bool, FastSheet | None]:
    """Whether this sheet of these bytes was prefetched, and what the read gave."""
    for prefetch in _PREFETCHED:
        if prefetch.data is data and prefetch.sheet_name == sheet_name:
            _PREFETCHED.clear()
            prefetch.thread.join()
            return True, prefetch.result
    return False, None


def forget() -> None:
    """Drop a prefetched sheet nobody took (the read chose another sheet, or failed)."""
    for prefetch in _PREFETCHED:
        prefetch.thread.join()
    _PREFETCHED.clear()
