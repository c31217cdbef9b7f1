"""Which kind of file a report is, told from its bytes; the name is only a hint."""

from __future__ import annotations

import codecs

from smm_logic.errors import ReportFormatError
from smm_logic.report.sources.limits import IngestLimits, check_container

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_MAGICS = (b"PK\x03\x04", b"PK\x05\x06")
# Encrypted OOXML files are OLE containers holding these streams (names are UTF-16).
_ENCRYPTION_STREAMS = ("EncryptedPackage".encode("utf-16-le"), "EncryptionInfo".encode("utf-16-le"))
# What an upload may be called: the spreadsheets and text tables, and the ZIP archives the
# services hand them out in.
UPLOAD_EXTENSIONS = (".xlsx", ".xlsm", ".xls", ".xlsb", ".ods", ".csv", ".tsv", ".txt", ".zip")


def detect_format(data: bytes, name: str, limits: IngestLimits) -> str:
    """``xlsx`` | ``xlsb`` | ``ods`` | ``xls`` | ``html`` | ``csv`` | ``zip`` (a plain
    archive of files) from the content itself.

    The extension is only a hint: exports named ``.xls`` are often HTML or CSV inside.
    """
    if data.startswith(ZIP_MAGICS):
        return check_container(data, name, limits)
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
