"""Small in-memory report files for the tests: xlsx workbooks and CSV bytes.

Every builder returns the file's bytes, ready for ``read_report(data, name)``;
nothing touches the disk.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping, Sequence

from openpyxl import Workbook

Rows = Sequence[Sequence[object]]

DEFAULT_SHEET = "Отчёт"
DEFAULT_TITLE = "Отчёт по сообществу, март 2026"


def _fill(sheet: object, rows: Rows, title_rows: int) -> None:
    """Write ``title_rows`` title lines (a title, then blank rows), then ``rows``."""
    for index in range(title_rows):
        sheet.append([DEFAULT_TITLE] if index == 0 else [])  # type: ignore[attr-defined]
    for row in rows:
        sheet.append(list(row))  # type: ignore[attr-defined]


def _save(workbook: Workbook) -> bytes:
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def xlsx_bytes(rows: Rows, sheet: str = DEFAULT_SHEET, title_rows: int = 0) -> bytes:
    """One-sheet workbook: ``title_rows`` rows of title above ``rows``.

    With ``title_rows=n`` the first row of ``rows`` lands on Excel row ``n + 1``;
    the title text is in A1 and the other title rows are blank.
    """
    workbook = Workbook()
    worksheet = workbook.active
    assert worksheet is not None
    worksheet.title = sheet
    _fill(worksheet, rows, title_rows)
    return _save(workbook)


def multi_sheet_xlsx(sheets: Mapping[str, Rows]) -> bytes:
    """A workbook with one sheet per item, in the mapping's order."""
    workbook = Workbook()
    assert workbook.active is not None
    workbook.remove(workbook.active)
    for name, rows in sheets.items():
        _fill(workbook.create_sheet(name), rows, 0)
    return _save(workbook)


def csv_bytes(rows: Rows, delimiter: str = ";", encoding: str = "utf-8-sig") -> bytes:
    """CSV text of ``rows`` (``None`` → empty field) encoded as asked."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n")
    for row in rows:
        writer.writerow(["" if cell is None else cell for cell in row])
    return buffer.getvalue().encode(encoding)
