"""Workbooks read by calamine: xlsx, xlsm, xlsb, ods and the old binary xls, a sheet
loaded only when it is parsed.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Iterator

from smm_logic.errors import ReportFormatError
from smm_logic.report.sources.limits import IngestLimits, check_shape
from smm_logic.report.sources.sheet import RawSheet, RowSource, SheetSource, no_rows


def _calamine_rows(sheet: object, empty_rows_above: int) -> RowSource:
    """Rows streamed one by one (to_python would hold every row as Python lists at once).

    iter_rows starts at the sheet's first row while its columns start at the data's
    first column; the empty rows above the data are dropped so the stream starts where
    ``RawSheet.first_row`` says.
    """

    def rows() -> Iterator[list[object]]:
        to_skip = empty_rows_above
        for row in sheet.iter_rows():  # type: ignore[attr-defined]
            if to_skip:
                to_skip -= 1
                if row.count("") + row.count(None) == len(row):
                    continue
                to_skip = 0
            yield row

    return rows


def read_workbook(data: bytes, name: str, limits: IngestLimits) -> list[SheetSource]:
    """Every worksheet of a workbook, each loaded when parsed and freed right after."""
    from python_calamine import CalamineWorkbook, PasswordError, SheetTypeEnum

    try:
        workbook = CalamineWorkbook.from_filelike(io.BytesIO(data))
        metadata = workbook.sheets_metadata
    except PasswordError as exc:
        raise ReportFormatError("encrypted", name=name) from exc
    except Exception as exc:  # calamine raises several unrelated types for broken files
        raise ReportFormatError("damaged", name=name) from exc

    def loader(sheet_name: str) -> Callable[[], RawSheet]:
        # A sheet's cells are loaded only when it is parsed and freed right after, so a
        # many-sheet workbook never holds every sheet in memory at once.
        def load() -> RawSheet:
            try:
                sheet = workbook.get_sheet_by_name(sheet_name)
            except PasswordError as exc:
                raise ReportFormatError("encrypted", name=name) from exc
            except Exception as exc:
                raise ReportFormatError("damaged", name=name) from exc
            start = sheet.start
            if start is None:
                return RawSheet(sheet_name, 1, 0, 0, 0, no_rows)
            check_shape(sheet_name, sheet.height, sheet.width, limits)
            return RawSheet(
                name=sheet_name,
                first_row=start[0] + 1,
                first_column=start[1],
                height=sheet.height,
                width=sheet.width,
                rows=_calamine_rows(sheet, start[0]),
            )

        return load

    return [
        SheetSource(meta.name, loader(meta.name))
        for meta in metadata
        if meta.typ == SheetTypeEnum.WorkSheet
    ]
