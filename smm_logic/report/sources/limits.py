"""Caps applied to an untrusted file before and while it is parsed: size, unpacked size
and compression ratio of a zip container, rows and columns of a sheet.
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass

from smm_logic.errors import ReportFormatError

_MB = 1024 * 1024
# Members smaller than this are not judged by their compression ratio: tiny XML
# parts compress extremely well and are harmless.
_RATIO_CHECK_MIN_BYTES = 1 * _MB


@dataclass(frozen=True)
class IngestLimits:
    """Caps applied before and while parsing an untrusted file."""

    max_bytes: int = 50 * _MB
    max_unpacked_bytes: int = 1024 * _MB
    max_compression_ratio: float = 200.0
    # Files inside one zip (a workbook's parts, or the tables of a plain archive).
    max_members: int = 5000
    max_rows: int = 1_000_000
    max_columns: int = 300
    # calamine allocates every cell between a sheet's first and last (about 32 bytes
    # each) before a row is read: 20 million cells is some 640 MB.
    max_cells: int = 20_000_000


DEFAULT_LIMITS = IngestLimits()


def _size_mb(size: int) -> str:
    return f"{size / _MB:.1f}"


def check_size(data: bytes, limits: IngestLimits) -> None:
    check_byte_count(len(data), limits)


def check_byte_count(size: int, limits: IngestLimits) -> None:
    """A file of ``size`` bytes within ``limits.max_bytes`` (told before reading it)."""
    if size > limits.max_bytes:
        raise ReportFormatError(
            "too_large", size_mb=_size_mb(size), limit_mb=_size_mb(limits.max_bytes)
        )


def check_container(data: bytes, name: str, limits: IngestLimits) -> str:
    """Check a zip container against bombs and tell which format it holds: a workbook
    (``xlsx``, ``xlsb``, ``ods``) or a plain archive of files (``zip``)."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = archive.infolist()
            mimetype = archive.read("mimetype")[:100] if "mimetype" in archive.namelist() else b""
    except (zipfile.BadZipFile, zipfile.LargeZipFile, KeyError, EOFError, ValueError) as exc:
        raise ReportFormatError("damaged", name=name) from exc
    except NotImplementedError as exc:  # an unsupported compression method
        raise ReportFormatError("damaged", name=name) from exc
    if len(members) > limits.max_members:
        raise ReportFormatError(
            "too_many_members", name=name, count=len(members), limit=limits.max_members
        )
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
    return "zip"


def check_shape(sheet: str, height: int, width: int, limits: IngestLimits) -> None:
    if height > limits.max_rows:
        raise ReportFormatError("too_many_rows", sheet=sheet, rows=height, limit=limits.max_rows)
    if width > limits.max_columns:
        raise ReportFormatError(
            "too_many_columns", sheet=sheet, columns=width, limit=limits.max_columns
        )
