"""CSV and other delimited text: the encoding (UTF-8, UTF-16, Windows-1251), Excel's
``sep=`` line, and the delimiter that splits the first lines most evenly.
"""

from __future__ import annotations

import codecs
import csv
import io
from pathlib import PurePath

from smm_logic.errors import ReportFormatError
from smm_logic.report.sources.arrow_csv import (
    FIRST_LINES_BYTES,
    Utf8Text,
    arrow_csv_sheet,
    is_utf8,
)
from smm_logic.report.sources.limits import IngestLimits, check_shape
from smm_logic.report.sources.sheet import RawSheet, SheetSource, list_rows, ready

CSV_DELIMITERS = (";", ",", "\t")
# The lines the delimiter is told from.
_SNIFF_LINES = 50
# Characters no text table holds: a file with one is not a table.
_CONTROLS = tuple(bytes([code]) for code in range(9))


def _utf8_start(data: bytes, name: str) -> int | None:
    """Where the text of a UTF-8 file (with or without BOM) starts; None for another
    encoding. Every byte is checked, none decoded."""
    if data.startswith(codecs.BOM_UTF8):
        if not is_utf8(data, len(codecs.BOM_UTF8)):
            raise ReportFormatError("damaged", name=name)
        return len(codecs.BOM_UTF8)
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) or not is_utf8(data):
        return None
    return 0


def _not_utf8_text(data: bytes, name: str) -> str:
    """UTF-16 with BOM, else Windows-1251."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise ReportFormatError("damaged", name=name) from exc
    return data.decode("cp1251", errors="replace")


def utf8_text(data: bytes, name: str) -> Utf8Text:
    """The file's text as UTF-8 bytes: a UTF-8 file's own, another encoding's decoded
    and encoded once."""
    start = _utf8_start(data, name)
    if start is None:
        return Utf8Text(_not_utf8_text(data, name).encode("utf-8"))
    return Utf8Text(data, start)


def decode_text(data: bytes, name: str) -> str:
    """UTF-8 (with or without BOM), UTF-16 with BOM, else Windows-1251."""
    start = _utf8_start(data, name)
    return _not_utf8_text(data, name) if start is None else Utf8Text(data, start).decoded()


def _first_lines(text: str, count: int) -> list[str]:
    """``text.splitlines()[:count]`` without splitting the whole text: a prefix holding
    more than ``count`` lines holds the first ``count`` whole."""
    size = 64 * 1024
    while size < len(text):
        lines = text[:size].splitlines()
        if len(lines) > count:
            return lines[:count]
        size *= 4
    return text.splitlines()[:count]


def _sniff_delimiter(text: Utf8Text) -> str:
    """The delimiter that splits the first lines into the most equal, widest rows."""
    size = FIRST_LINES_BYTES
    while True:
        first, whole = text.first_lines(size)
        lines = _first_lines(first, _SNIFF_LINES)
        if whole or len(lines) == _SNIFF_LINES:  # the text's first lines, all of them
            break
        size *= 4
    lines = [line for line in lines if line.strip()]
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


def _prepared(text: Utf8Text, name: str, limits: IngestLimits) -> tuple[Utf8Text, str]:
    """The text without Excel's ``sep=`` line, and its delimiter."""
    # csv refuses fields over 131,072 characters; one field can never be longer than
    # the whole file, which the size cap bounds.
    if csv.field_size_limit() < limits.max_bytes:
        csv.field_size_limit(limits.max_bytes)
    # In UTF-8 these characters are these bytes, and no other character holds them.
    if any(text.contains(control) for control in _CONTROLS):
        raise ReportFormatError("not_spreadsheet", name=name)
    # Excel writes "sep=;" as the first line of some CSV files to name the delimiter.
    first_line, feed, _ = text.first_lines(0)[0].partition("\n")
    # Only the line break is stripped: the delimiter named may be a tab ("sep=\t").
    hint = first_line.rstrip("\r").lstrip(" ").lower()
    if hint.startswith("sep=") and len(hint.rstrip(" ")) == 5:
        return text.after(first_line + feed), hint[4]
    try:
        return text, _sniff_delimiter(text)
    except csv.Error as exc:
        raise ReportFormatError("damaged", name=name) from exc


def _csv_sheet(text: str, delimiter: str, name: str, limits: IngestLimits) -> RawSheet:
    """Every row read by the csv module, as cells."""
    try:
        rows: list[list[object]] = [
            list(row) for row in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
        ]
    except csv.Error as exc:
        raise ReportFormatError("damaged", name=name) from exc
    width = max((len(row) for row in rows), default=0)
    check_shape(name, len(rows), width, limits)
    for row in rows:
        if len(row) < width:
            row.extend([""] * (width - len(row)))
    return RawSheet(name, 1, 0, len(rows), width, list_rows(rows))


def read_delimited(data: bytes, name: str, limits: IngestLimits) -> list[SheetSource]:
    """A delimited text file as one sheet named after the file: read by Arrow, or cell by
    cell by the csv module where Arrow cannot read it as the csv module does."""
    sheet_name = PurePath(name).stem or "CSV"
    text, delimiter = _prepared(utf8_text(data, name), name, limits)

    def exact() -> RawSheet:
        return _csv_sheet(text.decoded(), delimiter, sheet_name, limits)

    fast = arrow_csv_sheet(text, delimiter, sheet_name, limits, exact)
    return [ready(exact() if fast is None else fast)]
