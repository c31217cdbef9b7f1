"""kpi-spec §4: title and metadata rows, a ``sep=`` first line, UTF-16 with a BOM."""

from __future__ import annotations

from datetime import date

import pytest

from smm_logic.report.ingest import read_report
from tests.builders import csv_bytes

# Ten days: reach 1 234 on the first, 100 on each of the others; likes 5, then 6 a day.
ROWS = [
    ["Date", "Reach", "Likes"],
    ["2026-03-01", "1,234", "5"],
    *[[f"2026-03-{n:02d}", "100", "6"] for n in range(2, 11)],
]
METADATA = [["Page insights"], ["Reporting period: 2026-03-01 – 2026-03-02"], ["Page: Coffee"], []]


def _check(data: bytes) -> None:
    report = read_report(data, "export.csv")
    # Σ reach = 1 234 + 9 × 100, Σ likes = 5 + 9 × 6
    assert report.table["reach"].sum() == 2134
    assert report.table["likes"].sum() == 59
    assert report.period == (date(2026, 3, 1), date(2026, 3, 10))
    assert report.mapping["date"] == "Date"


@pytest.mark.parametrize("delimiter", [",", ";", "\t"])
def test_a_sep_line_before_the_header_is_read_as_the_delimiter(delimiter: str) -> None:
    _check(f"sep={delimiter}\r\n".encode() + csv_bytes(ROWS, delimiter=delimiter, encoding="utf-8"))


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be"])
def test_utf16_with_a_bom_and_metadata_rows_above_the_header(encoding: str) -> None:
    bom = {"utf-16": b"", "utf-16-le": b"\xff\xfe", "utf-16-be": b"\xfe\xff"}[encoding]
    _check(bom + csv_bytes([*METADATA, *ROWS], delimiter="\t", encoding=encoding))


def test_utf16_with_a_bom_and_a_sep_line() -> None:
    body = "sep=\t\r\n".encode("utf-16-le") + csv_bytes(ROWS, delimiter="\t", encoding="utf-16-le")
    _check(b"\xff\xfe" + body)


def test_a_sep_line_naming_a_tab_is_read_as_the_delimiter_not_as_a_row() -> None:
    data = "sep=\t\r\nДата\tОхват\tЛайки\r\n01.03.2026\t100\t5\r\n".encode()

    report = read_report(data, "tabs.csv")

    assert report.rows_used == 1
    assert list(report.mapping) == ["date", "reach", "likes"]
    assert not report.issues and not report.unused_columns
