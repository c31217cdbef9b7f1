"""How big a workbook's sheets say they are, read from the zip before calamine builds any
grid: calamine allocates every cell between a sheet's first and last one, so one cell at
``XFD1048576`` would ask for hundreds of gigabytes.

xlsx/xlsm: the worksheet's ``<dimension ref>`` (or, when absent, its cell references,
scanned in a streaming pass). ods: the rows and columns ``number-rows-repeated`` and
``number-columns-repeated`` spread the content over. A sheet that lies about its extent
still cannot hurt the server: parsing runs in a worker with a memory limit
(``smm_logic.report.worker``).
"""

from __future__ import annotations

import io
import posixpath
import re
import zipfile
from collections.abc import Iterator
from xml.etree import ElementTree

from smm_logic.errors import ReportFormatError
from smm_logic.report.sources.limits import IngestLimits, check_shape

_CHUNK = 1 << 20
_HEAD = 64 * 1024
_SCAN_MAX = 8 << 20
_DIMENSION = re.compile(rb"<(?:\w+:)?dimension\b[^>]*?\bref=\"([^\"]+)\"")
_SHEET_DATA = re.compile(rb"<(?:\w+:)?sheetData\b")
# The fast forms writers use; a sheet written otherwise that lies about its extent
# still meets the worker's memory limit.
_ROW_REF = re.compile(rb'<row r="([0-9]+)"')
_WIDE_REF = re.compile(rb' r="[A-Z][A-Z]')
_CELL_REF = re.compile(rb"<(?:\w+:)?(?:c|row)\b[^>]*?\br=\"([A-Z]*)([0-9]+)\"")
_REF = re.compile(r"^\$?([A-Z]{1,4})\$?([0-9]{1,8})$")
_REL_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


def column_number(letters: str) -> int:
    """``A`` → 1, ``KN`` → 300, ``XFD`` → 16384."""
    number = 0
    for letter in letters:
        number = number * 26 + ord(letter) - 64
    return number


def _ref_extent(ref: str) -> tuple[int, int] | None:
    """Rows and columns a ``dimension`` ref spans ("A1:XFD1048576"), None if unreadable."""
    corners = [_REF.match(part.strip().upper()) for part in ref.split(":")]
    if not corners or any(corner is None for corner in corners):
        return None
    rows = [int(corner[2]) for corner in corners if corner is not None]
    columns = [column_number(corner[1]) for corner in corners if corner is not None]
    return max(rows) - min(rows) + 1, max(columns) - min(columns) + 1


def chunks(archive: zipfile.ZipFile, member: str, tail: bytes = b">") -> Iterator[bytes]:
    """The member's bytes in pieces, each ending at a ``tail`` (a tag's end)."""
    carry = b""
    with archive.open(member) as stream:
        while chunk := stream.read(_CHUNK):
            chunk = carry + chunk
            cut = chunk.rfind(tail) + len(tail) if tail in chunk else 0
            if not cut and len(chunk) > 16 * _CHUNK:  # no tag end for 16 MB: not XML
                cut = len(chunk)
            carry = chunk[cut:]
            yield chunk[:cut]
    if carry:
        yield carry


def _scanned_extent(archive: zipfile.ZipFile, member: str) -> tuple[int, int]:
    """Rows and columns spanned by the cell references of a sheet without a dimension.

    Rows come from the ``<row r>`` numbers; the columns of every cell are read only
    when some reference has two letters or more (a sheet wider than Z), so a narrow
    sheet costs about one inflate of its XML.
    """
    top, bottom, wide = 1 << 40, 0, False
    for chunk in chunks(archive, member):
        numbers = [int(number) for number in _ROW_REF.findall(chunk)]
        if numbers:
            top, bottom = min(top, *numbers), max(bottom, *numbers)
        wide = wide or _WIDE_REF.search(chunk) is not None
    if not bottom:
        return 0, 0
    if not wide:
        return bottom - top + 1, 26
    left, right = 1 << 40, 0
    for chunk in chunks(archive, member):
        for letters, _ in _CELL_REF.findall(chunk):
            if letters:
                column = column_number(letters.decode("ascii"))
                left, right = min(left, column), max(right, column)
    return bottom - top + 1, (right - left + 1) if right else 1


def _sheet_extent(archive: zipfile.ZipFile, member: str) -> tuple[int, int]:
    with archive.open(member) as stream:
        head = stream.read(_HEAD)
    data_at = _SHEET_DATA.search(head)
    found = _DIMENSION.search(head, 0, data_at.start() if data_at else len(head))
    extent = _ref_extent(found[1].decode("ascii", "replace")) if found else None
    # "A1" is what some writers put for any sheet: look at the cells then too. A large
    # sheet is not scanned (it would cost a tenth of its parse): its grid is checked
    # once calamine has read it, inside the worker's memory limit.
    if (extent is None or extent == (1, 1)) and archive.getinfo(member).file_size <= _SCAN_MAX:
        return _scanned_extent(archive, member)
    return extent or (0, 0)


def _part(target: str) -> str:
    """A relationship's target as a zip member: absolute from the package, else from xl/."""
    if target.startswith("/"):
        return posixpath.normpath(target.lstrip("/"))
    return posixpath.normpath(posixpath.join("xl", target))


def xlsx_sheet_parts(archive: zipfile.ZipFile) -> dict[str, str]:
    """Worksheet part → sheet name, from the workbook and its relationships."""
    names = set(archive.namelist())
    parts = {
        name: posixpath.basename(name)
        for name in names
        if name.startswith("xl/worksheets/") and name.endswith(".xml")
    }
    try:
        book = ElementTree.fromstring(archive.read("xl/workbook.xml"))
        rels = ElementTree.fromstring(archive.read("xl/_rels/workbook.xml.rels"))
    except (KeyError, ElementTree.ParseError):
        return parts
    targets = {rel.get("Id"): _part(rel.get("Target", "")) for rel in rels}
    for sheet in book.iter():
        if sheet.tag.endswith("}sheet") or sheet.tag == "sheet":
            target = targets.get(sheet.get(f"{{{_REL_NS}}}id"))
            if target is not None and target in parts:
                parts[target] = sheet.get("name") or parts[target]
    return parts


def xlsx_worksheet_names(archive: zipfile.ZipFile) -> list[str]:
    """The worksheets' names in the workbook's order (chart and dialog sheets left out),
    as calamine lists them; ``KeyError`` or ``ParseError`` where the workbook part or its
    relationships are missing or broken."""
    book = ElementTree.fromstring(archive.read("xl/workbook.xml"))
    rels = ElementTree.fromstring(archive.read("xl/_rels/workbook.xml.rels"))
    worksheets = {
        rel.get("Id") for rel in rels if rel.get("Type", "").endswith("/relationships/worksheet")
    }
    return [
        sheet.get("name") or ""
        for sheet in book.iter()
        if (sheet.tag.endswith("}sheet") or sheet.tag == "sheet")
        and sheet.get(f"{{{_REL_NS}}}id") in worksheets
    ]


def check_cells(sheet: str, height: int, width: int, limits: IngestLimits) -> None:
    check_shape(sheet, height, width, limits)
    if height * width > limits.max_cells:
        raise ReportFormatError(
            "too_many_cells", sheet=sheet, cells=height * width, limit=limits.max_cells
        )


def check_xlsx_extent(data: bytes, name: str, limits: IngestLimits) -> None:
    """Refuse an xlsx/xlsm whose sheets span more rows, columns or cells than allowed."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            for member, sheet in sorted(xlsx_sheet_parts(archive).items()):
                check_cells(sheet, *_sheet_extent(archive, member), limits)
    except (zipfile.BadZipFile, KeyError, EOFError, ValueError, OSError) as exc:
        raise ReportFormatError("damaged", name=name) from exc


_ODS_TOKEN = re.compile(
    rb"<table:table(?=[\s>/])([^>]*)>|</table:table>|<table:table-row\b([^>]*?)(/?)>|</table:table-row>"
    rb"|<table:(?:covered-)?table-cell\b([^>]*?)(/?)>"
)
_REPEAT_ROWS = re.compile(rb'number-rows-repeated="([0-9]+)"')
_REPEAT_COLUMNS = re.compile(rb'number-columns-repeated="([0-9]+)"')
_TABLE_NAME = re.compile(rb'table:name="([^"]*)"')


class _OdsTable:
    """Counts one ODS table's rows and columns up to its last non-empty cell, repeats
    included (trailing empty repeats are what LibreOffice writes and cost nothing)."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.rows = self.height = self.width = 0
        self._repeat = 1
        self._column = self._row_width = 0

    def start_row(self, attributes: bytes) -> None:
        found = _REPEAT_ROWS.search(attributes)
        self._repeat = int(found[1]) if found else 1
        self._column = self._row_width = 0

    def cell(self, attributes: bytes, self_closing: bool) -> None:
        found = _REPEAT_COLUMNS.search(attributes)
        self._column += int(found[1]) if found else 1
        if not self_closing or b"value-type" in attributes:
            self._row_width = self._column

    def end_row(self) -> None:
        self.rows += self._repeat
        if self._row_width:
            self.height = self.rows
            self.width = max(self.width, self._row_width)


def check_ods_extent(data: bytes, name: str, limits: IngestLimits) -> None:
    """Refuse an ods whose repeated rows and columns spread over too many cells."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            table: _OdsTable | None = None
            for chunk in chunks(archive, "content.xml"):
                for match in _ODS_TOKEN.finditer(chunk):
                    token = match[0]
                    if match[1] is not None:
                        title = _TABLE_NAME.search(match[1] or b"")
                        table = _OdsTable(title[1].decode("utf-8", "replace") if title else "")
                    elif table is None:
                        continue
                    elif token == b"</table:table>":
                        check_cells(table.name, table.height, table.width, limits)
                        table = None
                    elif token.startswith(b"<table:table-row"):
                        table.start_row(match[2])
                        if match[3]:
                            table.end_row()
                    elif token == b"</table:table-row>":
                        table.end_row()
                        check_cells(table.name, table.height, table.width, limits)
                    else:
                        table.cell(match[4], bool(match[5]))
    except (zipfile.BadZipFile, KeyError, EOFError, ValueError, OSError) as exc:
        raise ReportFormatError("damaged", name=name) from exc
