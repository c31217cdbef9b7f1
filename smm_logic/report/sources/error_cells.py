"""Excel's error cells (``#DIV/0!``, ``#N/A``…) of an xlsx, and their notes.

fastexcel names them (``prefetch.load_fast``); python-calamine, which reads a sheet
cell by cell, gives an error cell as an empty one, so for that read the cells are
found in the sheet XML by a scan in a thread of its own (inflating releases the GIL,
so it runs beside the read). Each column with errors gets one note; its cells are
missing values.
"""

from __future__ import annotations

import io
import re
import threading
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field

from smm_logic.report.model import ColumnInfo, Issue
from smm_logic.report.sources.extent import chunks, column_number, xlsx_sheet_parts
from smm_logic.report.sources.prefetch import ColumnErrors
from smm_logic.text import Message

_ERROR_CELL = re.compile(
    rb'<(?:\w+:)?c\b(?=[^>]*\bt="e")[^>]*?\br="([A-Z]+)[0-9]+"[^>]*>(?:(?!</(?:\w+:)?c>).)*?'
    rb"<(?:\w+:)?v>([^<]{1,20})</(?:\w+:)?v>",
    re.DOTALL,
)


@dataclass
class ErrorScan:
    """The error cells of every worksheet of one xlsx, scanned in a daemon thread."""

    data: bytes
    found: dict[str, dict[int, tuple[int, str]]] = field(default_factory=dict)
    _thread: threading.Thread | None = None

    def start(self) -> threading.Thread:
        """Scan in a thread (once), beside the read of the cells."""
        if self._thread is None:
            self._thread = threading.Thread(target=self._scan, daemon=True)
            self._thread.start()
        return self._thread

    def _scan(self) -> None:
        try:
            with zipfile.ZipFile(io.BytesIO(self.data)) as archive:
                for member, sheet in xlsx_sheet_parts(archive).items():
                    self.found[sheet] = _member_errors(archive, member)
        except (zipfile.BadZipFile, KeyError, EOFError, ValueError, OSError):
            return  # the parse itself says what is wrong with the file

    def of(self, sheet: str) -> Callable[[], ColumnErrors]:
        def errors() -> ColumnErrors:
            self.start().join()
            return self.found.get(sheet, {})

        return errors


def _member_errors(archive: zipfile.ZipFile, member: str) -> dict[int, tuple[int, str]]:
    columns: dict[int, tuple[int, str]] = {}
    for chunk in chunks(archive, member, tail=b"</c>"):
        if b't="e"' not in chunk:
            continue
        for letters, value in _ERROR_CELL.findall(chunk):
            column = column_number(letters.decode("ascii")) - 1
            count, first = columns.get(column, (0, value.decode("utf-8", "replace")))
            columns[column] = (count + 1, first)
    return columns


def error_cell_issues(
    sheet: str, first_column: int, infos: list[ColumnInfo], errors: ColumnErrors
) -> list[Issue]:
    """One note per read column that had error cells."""
    issues = []
    for info in infos:
        found = errors.get(first_column + info.position) if info.position >= 0 else None
        if found is None or info.metric is None:
            continue
        count, value = found
        params = {"column": info.header, "count": count, "value": value}
        column = f"{info.letter} «{info.header}»"
        issues.append(Issue(sheet, None, column, Message("error.cells_with_errors", params)))
    return issues
