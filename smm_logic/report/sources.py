"""Bytes → sheets of raw cells, for every supported format, with the safety caps.

Nothing here knows about metrics: a ``RawSheet`` is a name, the sheet's position in
Excel terms (so issues can name real row numbers) and a lazy stream of rows.
"""

from __future__ import annotations

import codecs
import csv
import io
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import PurePath

from smm_logic.errors import ReportFormatError

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_MAGICS = (b"PK\x03\x04", b"PK\x05\x06")
# Encrypted OOXML files are OLE containers holding these streams (names are UTF-16).
_ENCRYPTION_STREAMS = ("EncryptedPackage".encode("utf-16-le"), "EncryptionInfo".encode("utf-16-le"))
_MB = 1024 * 1024
# Members smaller than this are not judged by their compression ratio: tiny XML
# parts compress extremely well and are harmless.
_RATIO_CHECK_MIN_BYTES = 1 * _MB
CSV_DELIMITERS = (";", ",", "\t")
SPREADSHEET_EXTENSIONS = (".xlsx", ".xlsm", ".xls", ".xlsb", ".ods", ".csv", ".tsv", ".txt")


@dataclass(frozen=True)
class IngestLimits:
    """Caps applied before and while parsing an untrusted file."""

    max_bytes: int = 50 * _MB
    max_unpacked_bytes: int = 1024 * _MB
    max_compression_ratio: float = 200.0
    max_rows: int = 1_000_000
    max_columns: int = 300


DEFAULT_LIMITS = IngestLimits()


# Called once per ingest; yields the sheet's rows top to bottom.
RowSource = Callable[[], Iterator[list[object]]]


@dataclass(frozen=True)
class RawSheet:
    """One sheet of cells as read, before any header is looked for."""

    name: str
    first_row: int  # Excel row number (1-based) of the first row the stream yields
    first_column: int  # 0-based column index of the first cell of every row
    height: int
    width: int
    rows: RowSource


@dataclass(frozen=True)
class SheetSource:
    """A sheet known by name whose cells are read when ``load`` is called."""

    name: str
    load: Callable[[], RawSheet]


def _ready(sheet: RawSheet) -> SheetSource:
    return SheetSource(sheet.name, lambda: sheet)


def _size_mb(size: int) -> str:
    return f"{size / _MB:.1f}"


def check_size(data: bytes, limits: IngestLimits) -> None:
    if len(data) > limits.max_bytes:
        raise ReportFormatError(
            "too_large", size_mb=_size_mb(len(data)), limit_mb=_size_mb(limits.max_bytes)
        )


def _check_zip(data: bytes, name: str, limits: IngestLimits) -> str:
    """Check a zip container against bombs and tell which format it holds."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = archive.infolist()
            mimetype = archive.read("mimetype")[:100] if "mimetype" in archive.namelist() else b""
    except (zipfile.BadZipFile, zipfile.LargeZipFile, KeyError, EOFError, ValueError) as exc:
        raise ReportFormatError("damaged", name=name) from exc
    except NotImplementedError as exc:  # an unsupported compression method
        raise ReportFormatError("damaged", name=name) from exc
    unpacked = sum(member.file_size for member in members)
    if unpacked > limits.max_unpacked_bytes:
        raise ReportFormatError(
            "unpacked_too_large",
            size_mb=_size_mb(unpacked),
            limit_mb=_size_mb(limits.max_unpacked_bytes),
        )
    for member in members:
        if member.file_size < _RATIO_CHECK_MIN_BYTES:
            continue
        ratio = member.file_size / max(member.compress_size, 1)
        if ratio > limits.max_compression_ratio:
            raise ReportFormatError(
                "compression_ratio",
                member=member.filename,
                ratio=f"{ratio:.0f}",
                limit=f"{limits.max_compression_ratio:.0f}",
            )
    names = {member.filename for member in members}
    if b"opendocument.spreadsheet" in mimetype:
        return "ods"
    if "xl/workbook.bin" in names:
        return "xlsb"
    if "xl/workbook.xml" in names:
        return "xlsx"
    raise ReportFormatError("not_spreadsheet", name=name)


def detect_format(data: bytes, name: str, limits: IngestLimits) -> str:
    """``xlsx`` | ``xlsb`` | ``ods`` | ``xls`` | ``html`` | ``csv`` from the content itself.

    The extension is only a hint: exports named ``.xls`` are often HTML or CSV inside.
    """
    if data.startswith(ZIP_MAGICS):
        return _check_zip(data, name, limits)
    if data.startswith(OLE_MAGIC):
        if any(stream in data for stream in _ENCRYPTION_STREAMS):
            raise ReportFormatError("encrypted", name=name)
        return "xls"
    if not data.strip():
        raise ReportFormatError("empty_workbook", name=name)
    head = data[:2048].lower()
    if b"<table" in head or b"<html" in head or b"<!doctype html" in head:
        return "html"
    if b"\x00" in data[:4096] and not data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise ReportFormatError("not_spreadsheet", name=name)
    return "csv"


def read_sheets(data: bytes, name: str, limits: IngestLimits = DEFAULT_LIMITS) -> list[SheetSource]:
    """Every sheet of a file, each read when loaded; ``ReportFormatError`` if unreadable."""
    check_size(data, limits)
    kind = detect_format(data, name, limits)
    if kind == "csv":
        text = _decode_text(data, name)
        return [_ready(_csv_sheet(text, PurePath(name).stem or "CSV", limits))]
    if kind == "html":
        return [_ready(sheet) for sheet in _html_sheets(_decode_text(data, name), limits)]
    return _calamine_sheets(data, name, limits)


def _check_shape(sheet: str, height: int, width: int, limits: IngestLimits) -> None:
    if height > limits.max_rows:
        raise ReportFormatError("too_many_rows", sheet=sheet, rows=height, limit=limits.max_rows)
    if width > limits.max_columns:
        raise ReportFormatError(
            "too_many_columns", sheet=sheet, columns=width, limit=limits.max_columns
        )


def _calamine_sheets(data: bytes, name: str, limits: IngestLimits) -> list[SheetSource]:
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
                return RawSheet(sheet_name, 1, 0, 0, 0, _no_rows)
            _check_shape(sheet_name, sheet.height, sheet.width, limits)
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


def _no_rows() -> Iterator[list[object]]:
    return iter(())


def _decode_text(data: bytes, name: str) -> str:
    """UTF-8 (with or without BOM), UTF-16 with BOM, else Windows-1251."""
    for bom, encoding in ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"),
                          (codecs.BOM_UTF16_BE, "utf-16")):  # fmt: skip
        if data.startswith(bom):
            try:
                return data.decode(encoding)
            except UnicodeDecodeError as exc:
                raise ReportFormatError("damaged", name=name) from exc
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("cp1251", errors="replace")


def _sniff_delimiter(text: str) -> str:
    """The delimiter that splits the first lines into the most equal, widest rows."""
    lines = [line for line in text.splitlines()[:50] if line.strip()]
    best, best_score = ",", (-1, -1)
    for delimiter in CSV_DELIMITERS:
        widths = [len(row) for row in csv.reader(lines, delimiter=delimiter)]
        if not widths:
            continue
        common = max(set(widths), key=widths.count)
        score = (widths.count(common) if common > 1 else 0, common)
        if score > best_score:
            best, best_score = delimiter, score
    return best


def _csv_sheet(text: str, name: str, limits: IngestLimits) -> RawSheet:
    if any(ch in text for ch in "\x00\x01\x02\x03\x04\x05\x06\x07\x08"):
        raise ReportFormatError("not_spreadsheet", name=name)
    # Excel writes "sep=;" as the first line of some CSV files to name the delimiter.
    first_line, _, rest = text.partition("\n")
    hint = first_line.strip().lower()
    if hint.startswith("sep=") and len(hint) == 5:
        delimiter, text = first_line.strip()[4], rest
    else:
        delimiter = _sniff_delimiter(text)
    try:
        rows: list[list[object]] = [
            list(row) for row in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
        ]
    except csv.Error as exc:
        raise ReportFormatError("damaged", name=name) from exc
    width = max((len(row) for row in rows), default=0)
    _check_shape(name, len(rows), width, limits)
    for row in rows:
        if len(row) < width:
            row.extend([""] * (width - len(row)))
    return RawSheet(name, 1, 0, len(rows), width, _list_rows(rows))


class _TableParser(HTMLParser):
    """Cells of every ``<table>`` of an HTML page (the "xls" some services export)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tables: list[list[list[object]]] = []
        self._row: list[object] | None = None
        self._cell: list[str] | None = None
        self._depth = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "table":
            self._depth += 1
            if self._depth == 1:
                self.tables.append([])
        elif tag == "tr" and self._depth == 1:
            self._row = []
        elif tag in ("td", "th") and self._row is not None:
            self._cell = []

    def handle_endtag(self, tag: str) -> None:
        if tag in ("td", "th") and self._row is not None and self._cell is not None:
            self._row.append(" ".join("".join(self._cell).split()))
            self._cell = None
        elif tag == "tr" and self._row is not None:
            self.tables[-1].append(self._row)
            self._row = None
        elif tag == "table":
            self._depth = max(self._depth - 1, 0)

    def handle_data(self, data: str) -> None:
        if self._cell is not None:
            self._cell.append(data)


def _html_sheets(text: str, limits: IngestLimits) -> list[RawSheet]:
    parser = _TableParser()
    parser.feed(text)
    parser.close()
    sheets: list[RawSheet] = []
    for number, table in enumerate(parser.tables, start=1):
        width = max((len(row) for row in table), default=0)
        name = f"Table {number}"
        _check_shape(name, len(table), width, limits)
        for row in table:
            row.extend([""] * (width - len(row)))
        sheets.append(RawSheet(name, 1, 0, len(table), width, _list_rows(table)))
    return sheets


def _list_rows(rows: list[list[object]]) -> RowSource:
    return lambda: iter(rows)
