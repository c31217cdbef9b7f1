"""Workbooks read by calamine: xlsx, xlsm, xlsb, ods and the old binary xls, a sheet
loaded only when it is parsed.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Callable, Iterator
from typing import Any

from smm_logic.errors import ReportFormatError
from smm_logic.report.sources import prefetch
from smm_logic.report.sources.error_cells import ErrorScan
from smm_logic.report.sources.extent import (
    check_cells,
    check_ods_extent,
    check_xlsx_extent,
    xlsx_worksheet_names,
)
from smm_logic.report.sources.fast import fast_sheet
from smm_logic.report.sources.limits import IngestLimits
from smm_logic.report.sources.sheet import RawSheet, RowSource, SheetSource, no_rows

# Excel's error values: a formula that failed is a missing value, not a broken file.
_ERROR_TEXTS = frozenset(
    ("#DIV/0!", "#N/A", "#SPILL!", "#CALC!", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#NULL!",
     "#GETTING_DATA", "#BLOCKED!", "#FIELD!", "#CONNECT!", "#BUSY!", "#UNKNOWN!", "#PYTHON!")
)  # fmt: skip
# calamine refuses a whole sheet over one error value it does not know ("#SPILL!").
_UNKNOWN_ERROR = "Unsupported cell error value"
_ERROR_CELL = re.compile(rb'(<(?:\w+:)?c\b[^>]*?\bt=")e(")')


def is_panic(exc: BaseException) -> bool:
    """A Rust panic inside calamine (pyo3's PanicException derives from BaseException)."""
    return type(exc).__name__ == "PanicException" and not isinstance(
        exc, KeyboardInterrupt | SystemExit | GeneratorExit
    )


def _errors_as_text(data: bytes) -> bytes:
    """The xlsx with every error cell (``t="e"``) turned into a formula's text result, so
    calamine reads ``#SPILL!`` as text instead of refusing the sheet."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w") as target:
        for member in source.infolist():
            payload = source.read(member)
            if member.filename.startswith("xl/worksheets/"):
                payload = _ERROR_CELL.sub(rb"\1str\2", payload)
            target.writestr(member, payload, zipfile.ZIP_DEFLATED)
    return out.getvalue()


def _calamine_rows(
    sheet: object, empty_rows_above: int, name: str, errors_as_text: bool
) -> RowSource:
    """Rows streamed one by one (to_python would hold every row as Python lists at once).

    iter_rows starts at the sheet's first row while its columns start at the data's
    first column; the empty rows above the data are dropped so the stream starts where
    ``RawSheet.first_row`` says.
    """

    def rows() -> Iterator[list[object]]:
        to_skip = empty_rows_above
        try:
            for row in sheet.iter_rows():  # type: ignore[attr-defined]
                if to_skip:
                    to_skip -= 1
                    if row.count("") + row.count(None) == len(row):
                        continue
                    to_skip = 0
                if errors_as_text and _ERROR_TEXTS.intersection(row):
                    yield [None if cell in _ERROR_TEXTS else cell for cell in row]
                else:
                    yield row
        except BaseException as exc:
            if not is_panic(exc):
                raise
            raise ReportFormatError("damaged", name=name) from exc

    return rows


def _open(data: bytes, name: str) -> tuple[object, list[object]]:
    from python_calamine import CalamineWorkbook, PasswordError

    try:
        workbook = CalamineWorkbook.from_filelike(io.BytesIO(data))
        return workbook, list(workbook.sheets_metadata)
    except PasswordError as exc:
        raise ReportFormatError("encrypted", name=name) from exc
    except BaseException as exc:  # calamine raises unrelated types, and panics
        if isinstance(exc, Exception) or is_panic(exc):
            raise ReportFormatError("damaged", name=name) from exc
        raise


def _get_sheet(data: bytes, workbook: object, sheet_name: str, name: str) -> tuple[Any, bool]:
    """The sheet, and whether its error cells had to be read as text."""
    from python_calamine import PasswordError

    try:
        return workbook.get_sheet_by_name(sheet_name), False  # type: ignore[attr-defined]
    except PasswordError as exc:
        raise ReportFormatError("encrypted", name=name) from exc
    except BaseException as exc:
        if _UNKNOWN_ERROR in str(exc) and data.startswith(b"PK"):
            try:
                rewritten, _ = _open(_errors_as_text(data), name)
            except (zipfile.BadZipFile, OSError, ValueError) as bad:
                raise ReportFormatError("damaged", name=name) from bad
            return _get_sheet(b"", rewritten, sheet_name, name)[0], True
        if isinstance(exc, Exception) or is_panic(exc):
            raise ReportFormatError("damaged", name=name) from exc
        raise


def _worksheet_names(data: bytes, name: str, listed: bool) -> tuple[list[str], object | None]:
    """The worksheets' names in order, and the python-calamine workbook when it was
    opened to list them: an xlsx's are read from its workbook part (``listed``), which
    costs a tenth of opening it (calamine reads every shared string first)."""
    from python_calamine import SheetTypeEnum

    if listed:
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                return xlsx_worksheet_names(archive), None
        except (zipfile.BadZipFile, KeyError, EOFError, ValueError, OSError, SyntaxError):
            pass  # calamine says what is wrong with the file
    workbook, metadata = _open(data, name)
    return [
        meta.name  # type: ignore[attr-defined]
        for meta in metadata
        if meta.typ == SheetTypeEnum.WorkSheet  # type: ignore[attr-defined]
    ], workbook


def read_workbook(
    data: bytes, name: str, limits: IngestLimits, errors: ErrorScan | None = None
) -> list[SheetSource]:
    """Every worksheet of a workbook, each loaded when parsed and freed right after.

    ``errors``: an xlsx's error cells, scanned from its XML for a sheet read cell by cell.
    """
    sheet_names, workbook = _worksheet_names(data, name, listed=errors is not None)
    # Opened again only for a sheet read cell by cell: the common, columnar read does not
    # hold calamine's copy of the file and its shared strings while fastexcel parses.
    opened: list[object] = []
    del workbook

    def cell_reader() -> object:
        if not opened:
            opened.append(_open(data, name)[0])
        return opened[0]

    def loader(sheet_name: str) -> Callable[[], RawSheet]:
        # A sheet's cells are loaded only when it is parsed and freed right after, so a
        # many-sheet workbook never holds every sheet in memory at once.
        def load() -> RawSheet:
            found = None if errors is None else errors.of(sheet_name)
            fast = fast_sheet(data, sheet_name, limits, load_cells, found)
            return load_cells() if fast is None else fast

        def load_cells() -> RawSheet:
            if errors is not None:
                errors.start()  # beside calamine's read of the cells
            sheet, errors_as_text = _get_sheet(data, cell_reader(), sheet_name, name)
            start = sheet.start
            if start is None:
                return RawSheet(sheet_name, 1, 0, 0, 0, no_rows)
            check_cells(sheet_name, sheet.height, sheet.width, limits)
            return RawSheet(
                name=sheet_name,
                first_row=start[0] + 1,
                first_column=start[1],
                height=sheet.height,
                width=sheet.width,
                rows=_calamine_rows(sheet, start[0], name, errors_as_text),
                error_cells=None if errors is None else errors.of(sheet_name),
            )

        return load

    return [SheetSource(sheet_name, loader(sheet_name)) for sheet_name in sheet_names]


def read_xlsx(data: bytes, name: str, limits: IngestLimits) -> list[SheetSource]:
    """An xlsx/xlsm, its sheets' extents checked before calamine sees it (by the read
    ahead, ``prefetch``, when it has these bytes)."""
    if not prefetch.extent_checked(data, limits):
        check_xlsx_extent(data, name, limits)
    return read_workbook(data, name, limits, ErrorScan(data))


def read_ods(data: bytes, name: str, limits: IngestLimits) -> list[SheetSource]:
    """An ods, its repeated rows and columns counted before calamine expands them."""
    check_ods_extent(data, name, limits)
    return read_workbook(data, name, limits)
