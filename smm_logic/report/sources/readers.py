"""The readers by kind of file, and ``read_sheets``: bytes → sheets of raw cells."""

from __future__ import annotations

from collections.abc import Callable

from smm_logic.report.sources.archive import read_archive, read_files
from smm_logic.report.sources.delimited import read_delimited
from smm_logic.report.sources.detect import detect_format
from smm_logic.report.sources.html import read_html
from smm_logic.report.sources.limits import DEFAULT_LIMITS, IngestLimits, check_size
from smm_logic.report.sources.sheet import SheetSource
from smm_logic.report.sources.workbook import read_ods, read_workbook, read_xlsx

Reader = Callable[[bytes, str, IngestLimits], list[SheetSource]]

READERS: dict[str, Reader] = {
    "xlsx": read_xlsx,
    "xlsb": read_workbook,
    "ods": read_ods,
    "xls": read_workbook,
    "csv": read_delimited,
    "html": read_html,
    "zip": read_archive,
}

__all__ = ["READERS", "Reader", "read_files", "read_sheets"]


def read_sheets(data: bytes, name: str, limits: IngestLimits = DEFAULT_LIMITS) -> list[SheetSource]:
    """Every sheet of a file, each read when loaded; ``ReportFormatError`` if unreadable."""
    check_size(data, limits)
    return READERS[detect_format(data, name, limits)](data, name, limits)
