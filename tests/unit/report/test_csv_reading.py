"""CSV read by Arrow from the file's own UTF-8 bytes: the encoding is told from every
byte, the rows Arrow reads start at the byte the first rows end at (a BOM, a ``sep=``
line and multi-byte titles before it), and only the first lines are decoded."""

from __future__ import annotations

import codecs
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from smm_logic.errors import ReportFormatError
from smm_logic.report.ingest import read_report
from smm_logic.report.model import Report
from smm_logic.report.sources import arrow_csv, delimited
from smm_logic.report.sources.arrow_csv import Utf8Text, is_utf8
from smm_logic.report.sources.sheet import RawSheet
from tests.builders import csv_bytes

HEADER = ["Дата", "Аккаунт", "Охват", "Лайки"]
TITLES = [["Отчёт «Магазин» за март"], ["Период: 01.03.2026 – 03.03.2026"]]
ROWS = [
    ["01.03.2026", "магазин_ёлка", "1 234,5", "5"],
    ["02.03.2026", "магазин_ёлка", "100", "6"],
    ["03.03.2026", "кофейня", "200", "7"],
]


@pytest.fixture
def columns_only(monkeypatch: pytest.MonkeyPatch) -> None:
    """A CSV must be read by Arrow: falling back to the csv module fails the read."""

    def no_cells() -> RawSheet:
        raise AssertionError("the file was read by the csv module")

    read = delimited.arrow_csv_sheet

    def arrow_only(*args: Any) -> RawSheet | None:
        sheet = read(*args[:4], no_cells)
        assert sheet is not None, "Arrow did not read the file"
        return sheet

    monkeypatch.setattr(delimited, "arrow_csv_sheet", arrow_only)


def _read_by_cells(data: bytes) -> Report:
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(delimited, "arrow_csv_sheet", lambda *args: None)
        return read_report(data, "report.csv")


def _check(data: bytes) -> None:
    """Read as columns, the file is the three rows, the same as read cell by cell."""
    report = read_report(data, "report.csv")
    assert report.table["reach"].tolist() == [1234.5, 100.0, 200.0]
    assert report.table["account"].tolist() == ["магазин_ёлка", "магазин_ёлка", "кофейня"]
    assert report.table["row"].tolist() == [4, 5, 6]  # the file's lines, sep= not counted
    by_cells = _read_by_cells(data)
    assert report.table.equals(by_cells.table)
    assert report.issues == by_cells.issues


@pytest.mark.usefixtures("columns_only")
@pytest.mark.parametrize(
    ("before", "encoding"),
    [
        (b"", "utf-8"),
        (codecs.BOM_UTF8, "utf-8"),
        (b"sep=;\r\n", "utf-8"),
        (codecs.BOM_UTF8 + b"sep=;\n", "utf-8"),
        (b"", "cp1251"),
        ("sep=;\r\n".encode("cp1251"), "cp1251"),
        (codecs.BOM_UTF16_LE, "utf-16-le"),
        (codecs.BOM_UTF16_BE + "sep=;\r\n".encode("utf-16-be"), "utf-16-be"),
    ],
)
def test_the_rows_under_multibyte_titles_are_read_from_where_the_titles_end(
    before: bytes, encoding: str
) -> None:
    # Cyrillic titles: their characters are two bytes each in UTF-8, so a row counted
    # in characters would start Arrow in the middle of a title.
    _check(before + csv_bytes([*TITLES, HEADER, *ROWS], encoding=encoding))


@pytest.mark.usefixtures("columns_only")
def test_a_file_whose_first_lines_are_ascii_but_later_ones_windows_1251_is_windows_1251() -> None:
    # Far past the lines decoded for the header search: only the whole file tells.
    filler = [[f"{1 + n % 28:02d}.02.2026", "shop", "1", "1"] for n in range(8000)]
    rows = [["Date", "Account", "Reach", "Likes"], *filler, ["01.03.2026", "Магазин", "2", "2"]]
    data = csv_bytes(rows, encoding="cp1251")
    assert len(data) > 2 * arrow_csv.FIRST_LINES_BYTES

    report = read_report(data, "late.csv")

    assert report.table["account"].iloc[-1] == "Магазин"
    assert len(report.table) == 8001


@pytest.mark.parametrize(
    "data",
    [
        csv_bytes([HEADER, *ROWS * 400, ["04.03.2026", "a\x01b", "1", "1"]], encoding="utf-8"),
        csv_bytes([HEADER, ["01.03.2026", "a\x08", "1", "1"]], encoding="utf-8-sig"),
        csv_bytes([HEADER, ["01.03.2026", "a\x02", "1", "1"]], encoding="utf-16"),
        csv_bytes([HEADER, ["01.03.2026", "a\x05", "1", "1"]], encoding="cp1251"),
        b"sep=\x03\n" + csv_bytes([HEADER, *ROWS], encoding="utf-8"),
    ],
    ids=["utf-8, far down", "utf-8 with BOM", "utf-16", "windows-1251", "in the sep line"],
)
def test_a_control_character_anywhere_means_not_a_spreadsheet(data: bytes) -> None:
    with pytest.raises(ReportFormatError) as error:
        read_report(data, "binary.csv")
    assert error.value.code == "not_spreadsheet"


@pytest.mark.usefixtures("columns_only")
def test_utf16_bytes_that_look_like_control_characters_are_not_refused() -> None:
    # "Д" is 14 04 in UTF-16-LE, "\u0801" is 01 08: bytes a check on the file's own
    # bytes would take for control characters.
    rows = [*TITLES, HEADER, *ROWS[:2], ["03.03.2026", "кофейня\u0801", "200", "7"]]
    data = csv_bytes(rows, encoding="utf-16")

    report = read_report(data, "utf16.csv")

    assert report.table["account"].tolist()[-1] == "кофейня\u0801"


@pytest.mark.parametrize(
    "data",
    [
        codecs.BOM_UTF8 + "Дата;Охват\n".encode() + b"01.03.2026;\xff\n",
        codecs.BOM_UTF16_LE + "Дата;Охват\n".encode("utf-16-le") + b"\x00\xd8;\x00",
    ],
    ids=["utf-8 with BOM", "utf-16 lone surrogate"],
)
def test_a_file_not_in_the_encoding_its_bom_names_is_damaged(data: bytes) -> None:
    with pytest.raises(ReportFormatError) as error:
        read_report(data, "bom.csv")
    assert error.value.code == "damaged"


@pytest.mark.parametrize("data", [b"sep=;", b"sep=;\r\n", codecs.BOM_UTF8 + b" SEP=; \n"])
def test_a_sep_line_alone_is_an_empty_file(data: bytes) -> None:
    with pytest.raises(ReportFormatError) as error:
        read_report(data, "sep.csv")
    assert error.value.code == "empty_workbook"


@pytest.mark.usefixtures("columns_only")
def test_first_rows_longer_than_the_lines_decoded_at_first_are_read_whole() -> None:
    # A title cell with line breaks, quoted, longer than the first stretch decoded.
    long_title = "Примечание:\n" + "ё" * arrow_csv.FIRST_LINES_BYTES + "\nконец"
    notes = [[f"Заметка {n}: " + "я" * 3000] for n in range(2)]
    data = csv_bytes([[long_title], *notes, HEADER, *ROWS], encoding="utf-8")

    report = read_report(data, "long.csv")

    assert report.table["reach"].tolist() == [1234.5, 100.0, 200.0]
    assert report.table["row"].tolist() == [5, 6, 7]  # rows, not lines


# Text made of what moves a row's or a line's end: quotes, each line ending, delimiters,
# multi-byte letters, and line breaks only splitlines knows.
_PIECES = st.sampled_from(
    ["a", "ё", "€", ";", ",", "\t", "\n", "\r", "\r\n", '"', '""', " ", "\x0b", "\u2028", "𝄞"]
)
_TEXTS = st.lists(_PIECES, max_size=200).map("".join)
_SMALL_SETTINGS = settings(
    max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)


@_SMALL_SETTINGS
@given(_TEXTS, st.integers(1, 40), st.integers(1, 4), st.sampled_from([";", ",", "\t"]))
def test_the_first_rows_read_in_stretches_are_those_of_the_whole_text(
    text: str, stretch: int, rows: int, delimiter: str
) -> None:
    data = text.encode("utf-8")
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(arrow_csv, "HEAD_ROWS", rows)  # few, so that short texts have more
        whole = arrow_csv._head_in(text, True, delimiter)
        patch.setattr(arrow_csv, "FIRST_LINES_BYTES", stretch)
        found = arrow_csv._head(Utf8Text(data), delimiter)

    if whole is None or found is None:
        assert whole is found
        return
    assert found.rows == whole.rows
    assert found.after_width == whole.after_width
    # where each row begins, as a byte of the file: where Arrow is started
    in_bytes = [len(found.text[:start].encode()) for start in found.starts]
    assert in_bytes == [len(text[:start].encode()) for start in whole.starts]


@_SMALL_SETTINGS
@given(_TEXTS, st.integers(1, 40), st.integers(1, 6))
def test_the_delimiter_told_from_stretches_is_the_one_the_whole_text_tells(
    text: str, stretch: int, lines: int
) -> None:
    data = text.encode("utf-8")
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(delimited, "_SNIFF_LINES", lines)  # few, so that short texts have more
        whole = delimited._sniff_delimiter(Utf8Text(data))
        patch.setattr(delimited, "FIRST_LINES_BYTES", stretch)
        assert delimited._sniff_delimiter(Utf8Text(data)) == whole


def test_a_quoted_line_break_at_the_end_of_a_stretch_reads_on_into_the_next(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # The row after the first ones opens a quote on the stretch's last line: read
    # there alone it would seem to be two cells wide, not three.
    text = 'h;h\na;"b\nc;d";e\n'
    monkeypatch.setattr(arrow_csv, "HEAD_ROWS", 1)
    monkeypatch.setattr(arrow_csv, "FIRST_LINES_BYTES", text.index("b\n"))

    found = arrow_csv._head(Utf8Text(text.encode()), ";")

    assert found is not None
    assert found.rows == [["h", "h"]]
    assert found.after_width == 3


# Bytes around UTF-8's edges: leads of every length, continuation bytes, the lead
# bytes never used (C0, C1, F5–FF), surrogates (ED A0–BF) and beyond U+10FFFF (F4 90).
_BYTES = st.lists(
    st.sampled_from([0x41, 0x80, 0x8F, 0x90, 0x9F, 0xA0, 0xBF, 0xC0, 0xC1, 0xC2, 0xDF,
                     0xE0, 0xED, 0xEF, 0xF0, 0xF4, 0xF5, 0xFF]) | st.integers(0, 255),
    max_size=12,
).map(bytes)  # fmt: skip


@settings(max_examples=500, deadline=None)
@given(_BYTES, st.integers(0, 3))
def test_utf8_is_told_as_python_decodes_it(data: bytes, start: int) -> None:
    start = min(start, len(data))
    try:
        data[start:].decode("utf-8")
        decodes = True
    except UnicodeDecodeError:
        decodes = False
    assert is_utf8(data, start) is decodes


@settings(max_examples=300, deadline=None)
@given(
    st.sampled_from([b"", codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE]),
    _BYTES | st.text(max_size=20).map(lambda text: text.encode("utf-8")),
)
def test_the_text_is_decoded_as_its_bom_or_its_bytes_say(bom: bytes, body: bytes) -> None:
    data = bom + body
    encoding = {codecs.BOM_UTF8: "utf-8-sig", b"": "utf-8"}.get(bom, "utf-16")
    try:
        expected: str | None = data.decode(encoding)
    except UnicodeDecodeError:
        expected = None if bom else data.decode("cp1251", errors="replace")
    for decoded in (
        lambda: delimited.decode_text(data, "t.csv"),  # an HTML table's text
        lambda: delimited.utf8_text(data, "t.csv").decoded(),  # a CSV's, as Arrow reads it
    ):
        try:
            assert decoded() == expected
        except ReportFormatError as error:
            assert expected is None
            assert error.code == "damaged"
