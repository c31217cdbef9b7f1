"""HTML tables, which some services save with an ``.xls`` name."""

from __future__ import annotations

from html.parser import HTMLParser

from smm_logic.report.sources.delimited import decode_text
from smm_logic.report.sources.limits import IngestLimits, check_shape
from smm_logic.report.sources.sheet import RawSheet, SheetSource, list_rows, ready


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
        check_shape(name, len(table), width, limits)
        for row in table:
            row.extend([""] * (width - len(row)))
        sheets.append(RawSheet(name, 1, 0, len(table), width, list_rows(table)))
    return sheets


def read_html(data: bytes, name: str, limits: IngestLimits) -> list[SheetSource]:
    """Every table of an HTML page, one sheet each."""
    return [ready(sheet) for sheet in _html_sheets(decode_text(data, name), limits)]
