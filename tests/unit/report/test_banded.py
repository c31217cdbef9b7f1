"""A large sheet read in bands of rows (``sources.banded``) is, cell by cell, the sheet
read whole; a sheet written in a way the bands cannot follow is read whole instead."""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from collections.abc import Callable, Iterator

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl import Workbook
from openpyxl.utils.datetime import CALENDAR_MAC_1904

from smm_logic.report.ingest import read_report
from smm_logic.report.sources import banded, prefetch
from smm_logic.report.sources.prefetch import FastSheet
from tests.conftest import ROOT

FIXTURES = ROOT / "tests" / "fixtures"
Cells = dict[str, object]  # "B12" → value


@pytest.fixture(params=[1000, 2000, 5000], ids=lambda rows: f"bands of {rows}")
def small_bands(monkeypatch: pytest.MonkeyPatch, request: pytest.FixtureRequest) -> Iterator[None]:
    """Every sheet read in bands of 1,000, 2,000 or 5,000 rows (a band is 4 MB of XML
    otherwise)."""
    monkeypatch.setattr(banded, "BANDED_FROM", 0)
    monkeypatch.setattr(banded, "_BAND_SIZES", (request.param,))
    yield


def _book(cells: Cells, *, title: str = "Отчёт", before: Cells | None = None,
          date1904: bool = False) -> bytes:  # fmt: skip
    book = Workbook()
    if date1904:
        book.epoch = CALENDAR_MAC_1904
    first = book.active
    if before is not None:  # another sheet ahead of the one read
        first.title = "Сначала"
        for ref, value in before.items():
            first[ref] = value
        sheet = book.create_sheet(title)
    else:
        sheet = first
        sheet.title = title
    for ref, value in cells.items():
        sheet[ref] = value
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _report(rows: range, *, column: str = "A", every: int = 1) -> Cells:
    """A report of a title, a header and a row per day from ``rows``' first + 1, with
    text, whole and decimal numbers, dates, a flag, error values and empty cells."""
    letters = [chr(ord(column) + i) for i in range(7)]
    first = rows.start
    cells: Cells = {f"{column}{first - 1}": "Сводный отчёт"}
    names = ("Дата", "Аккаунт", "Охват", "ER", "Время", "Флаг", "Итог")
    for letter, name in zip(letters, names, strict=True):
        cells[f"{letter}{first}"] = name
    for n, row in enumerate(rows[1::every]):
        date, account, reach, er, time, flag, total = letters
        cells[f"{date}{row}"] = dt.date(2025, 1, 1) + dt.timedelta(days=n % 365)
        cells[f"{account}{row}"] = f"Аккаунт {n % 7}" if n % 11 else "<b>&amp; «x»</b>"
        if n % 13:
            cells[f"{reach}{row}"] = 1000 + n * 37
        cells[f"{er}{row}"] = round(n / 7, 3) if n % 5 else f"{n},5 %"
        cells[f"{time}{row}"] = dt.datetime(2025, 3, 1, 8, 30) + dt.timedelta(minutes=n)
        cells[f"{flag}{row}"] = n % 3 == 0
        cells[f"{total}{row}"] = ("#N/A", "#DIV/0!", 5)[n % 3] if n % 97 == 0 else n
    return cells


def _whole(data: bytes, sheet: str) -> FastSheet:
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(banded, "BANDED_FROM", 1 << 60)
        whole = prefetch.load_fast(data, sheet)
    assert whole is not None
    return whole


def _assert_same_read(data: bytes, sheet: str = "Отчёт") -> None:
    read = banded.load_banded(data, sheet)
    assert read is not None, "read whole, not in bands"
    whole = _whole(data, sheet)
    assert read.batch.num_rows == whole.batch.num_rows
    assert read.batch.num_columns == whole.batch.num_columns
    for ours, theirs in zip(read.batch.columns, whole.batch.columns, strict=True):
        assert ours.equals(theirs)
    assert (read.first_column, read.error_cells) == (whole.first_column, whole.error_cells)


LAYOUTS: dict[str, Callable[[], bytes]] = {
    "4,500 rows under a title": lambda: _book(_report(range(3, 4503))),
    "from column C, rows over whole bands empty": lambda: _book(
        _report(range(4, 900), column="C") | _report(range(3500, 5200), column="C")
    ),
    "starting below the first band": lambda: _book(_report(range(2500, 4000))),
    "rows at a band's edges only": lambda: _book(
        {f"B{row}": row for row in (1, 998, 999, 1000, 1001, 1999, 2000, 2001, 3000)}
    ),
    "a row every 250": lambda: _book(_report(range(2, 9000), every=250)),
    "the second sheet of two": lambda: _book(
        _report(range(3, 2600)), before=_report(range(2, 1500))
    ),
    "a workbook dated from 1904": lambda: _book(_report(range(3, 2200)), date1904=True),
    "texts in shared strings": lambda: _with_shared_strings(_book(_report(range(3, 3003)))),
}


@pytest.mark.parametrize("layout", LAYOUTS.values(), ids=LAYOUTS.keys())
def test_a_sheet_read_in_bands_is_the_sheet_read_whole(
    small_bands: None, layout: Callable[[], bytes]
) -> None:
    _assert_same_read(layout())


def test_error_cells_in_several_bands_are_counted_as_in_the_whole_sheet(
    small_bands: None,
) -> None:
    data = _book(_report(range(3, 4503)))
    read = banded.load_banded(data, "Отчёт")
    assert read is not None and read.error_cells
    # column G: an error every 97 rows, the topmost (#N/A) in the first band
    assert read.error_cells[6][1] == "#N/A" and read.error_cells[6][0] > 20


def test_the_fixture_export_reads_the_same_in_bands(small_bands: None) -> None:
    _assert_same_read((FIXTURES / "vk_report.xlsx").read_bytes())


def test_a_report_read_in_bands_is_the_report_read_whole(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    data = _book(_report(range(3, 4503)))
    whole = read_report(data, "report.xlsx")
    monkeypatch.setattr(banded, "BANDED_FROM", 0)
    monkeypatch.setattr(banded, "_BAND_SIZES", (1000,))
    reads: list[FastSheet | None] = []
    load = banded.load_banded
    monkeypatch.setattr(banded, "load_banded", lambda *args: reads.append(load(*args)) or reads[-1])
    in_bands = read_report(data, "report.xlsx")
    assert reads and reads[0] is not None
    assert in_bands.table.equals(whole.table)
    assert (in_bands.columns, in_bands.issues, in_bands.skipped, in_bands.sheets) == (
        whole.columns,
        whole.issues,
        whole.skipped,
        whole.sheets,
    )
    assert in_bands.rows_used == whole.rows_used > 4000


def _rewritten(
    data: bytes, change: Callable[[bytes], bytes], added: dict[str, bytes] | None = None
) -> bytes:
    """The workbook with its first worksheet's XML changed, and parts added."""
    source = zipfile.ZipFile(io.BytesIO(data))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as out:
        for info in source.infolist():
            content = source.read(info)
            if info.filename == "xl/worksheets/sheet1.xml":
                changed = change(content)
                assert changed != content
                content = changed
            out.writestr(info.filename, content)
        for name, content in (added or {}).items():
            out.writestr(name, content)
    return buffer.getvalue()


_INLINE = re.compile(
    rb'<c r="([A-Z]+[0-9]+)"( s="[0-9]+")? t="inlineStr"><is><t>([^<]*)</t></is></c>'
)
_MAIN_NS = b"http://schemas.openxmlformats.org/spreadsheetml/2006/main"


def _with_shared_strings(data: bytes) -> bytes:
    """The workbook (openpyxl writes its texts inline) with its texts in a shared strings
    part, as Excel writes them."""
    texts: dict[bytes, int] = {}

    def shared(found: re.Match[bytes]) -> bytes:
        index = texts.setdefault(found[3], len(texts))
        return b'<c r="%s"%s t="s"><v>%d</v></c>' % (found[1], found[2] or b"", index)

    xml = zipfile.ZipFile(io.BytesIO(data)).read("xl/worksheets/sheet1.xml")
    sheet = _INLINE.sub(shared, xml)
    items = b"".join(b"<si><t>%s</t></si>" % text for text in texts)
    table = b'<sst xmlns="%s" count="%d" uniqueCount="%d">%s</sst>' % (
        _MAIN_NS,
        len(texts),
        len(texts),
        items,
    )
    return _rewritten(data, lambda _: sheet, {"xl/sharedStrings.xml": table})


def _swap_rows(xml: bytes) -> bytes:
    """Rows 1500 and 2500 written in each other's place."""
    rows = re.findall(rb'<row r="(?:1500|2500)".*?</row>', xml)
    return xml.replace(rows[0], b"\0").replace(rows[1], rows[0]).replace(b"\0", rows[1])


UNFOLLOWED: dict[str, Callable[[bytes], bytes]] = {
    "a cell without its reference": lambda xml: xml.replace(b'<c r="B1700"', b"<c", 1),
    "a reference not first": lambda xml: re.sub(
        rb'<c r="(B1800)" t="(\w+)"', rb'<c t="\2" r="\1"', xml, count=1
    ),
    "a row without its reference": lambda xml: xml.replace(b'<row r="2200"', b"<row", 1),
    "a CDATA section": lambda xml: xml.replace(
        b"<v>1234</v>", b'<is><t><![CDATA[<row r="9">]]></t></is>', 1
    ),
    "a comment": lambda xml: xml.replace(b'<row r="2300"', b'<!-- x --><row r="2300"', 1),
    "rows out of order": _swap_rows,
    "prefixed names": lambda xml: xml.replace(b"<sheetData>", b"<x:sheetData>", 1).replace(
        b"</sheetData>", b"</x:sheetData>", 1
    ),
}


@pytest.mark.parametrize("change", UNFOLLOWED.values(), ids=UNFOLLOWED.keys())
def test_a_sheet_written_otherwise_is_read_whole(
    small_bands: None, change: Callable[[bytes], bytes]
) -> None:
    cells = {f"A{row}": f"день {row}" for row in range(1, 3001)}
    cells |= {f"B{row}": row for row in range(1, 3001)} | {"C1300": 1234}
    data = _rewritten(_book(cells), change)
    assert banded.load_banded(data, "Отчёт") is None


def test_a_cell_written_outside_its_row_is_read_as_the_whole_sheet_reads_it(
    small_bands: None,
) -> None:
    cells = {f"A{row}": f"день {row}" for row in range(1, 3001)}
    data = _rewritten(
        _book(cells | {f"B{row}": row for row in range(1, 3001)}),
        lambda xml: xml.replace(b'<c r="B900"', b'<c r="B2500"', 1),
    )
    read = banded.load_banded(data, "Отчёт")
    if read is not None:  # the cell lands in no other band's rows: the bands can read it
        whole = _whole(data, "Отчёт")
        assert [c.to_pylist() for c in read.batch.columns] == [
            c.to_pylist() for c in whole.batch.columns
        ]


def test_a_small_sheet_or_one_with_many_shared_strings_is_read_whole(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    data = _with_shared_strings(
        _book({f"A{row}": f"уникальный текст {row}" for row in range(1, 3001)})
    )
    assert banded.load_banded(data, "Отчёт") is None  # far below BANDED_FROM
    monkeypatch.setattr(banded, "BANDED_FROM", 0)
    assert banded.load_banded(data, "Отчёт") is not None
    # every cell's text its own shared string: each band would parse them all again
    monkeypatch.setattr(banded, "_MAX_SHARED_STRINGS", 50_000)
    assert banded.load_banded(data, "Отчёт") is None


def test_a_band_is_renumbered_to_start_at_the_top() -> None:
    band = bytearray(
        b'<row r="19001" spans="1:2"><c r="A19001" t="s"><v>0</v></c>'
        b'<c r="XFD19001"><v>2</v></c></row><row r="19999"><c r="AB19999"><v>1</v></c></row>'
        b'<row r="20000"><c r="C20000"><v>1</v></c></row>'
    )
    banded._renumber(band, key=19, rows=1000)
    assert band == (
        b'<row r="00001" spans="1:2"><c r="A00001" t="s"><v>0</v></c>'
        b'<c r="XFD00001"><v>2</v></c></row><row r="00999"><c r="AB00999"><v>1</v></c></row>'
        b'<row r="01000"><c r="C01000"><v>1</v></c></row>'
    )
    # where the band's last row has a digit more: rows 9,001 … 10,000
    band = bytearray(b'<row r="9001"><c r="A9001"><v>1</v></c></row>'
                     b'<row r="10000"><c r="A10000"><v>1</v></c></row>')  # fmt: skip
    banded._renumber(band, key=9, rows=1000)
    assert band == (b'<row r="0001"><c r="A0001"><v>1</v></c></row>'
                    b'<row r="01000"><c r="A01000"><v>1</v></c></row>')  # fmt: skip
    for outside in (b'<row r="20001"><c r="A20001"><v>1</v></c></row>',
                    b'<row r="19000"><c r="A19000"><v>1</v></c></row>',
                    b'<row r="19001"><c r="A190010"><v>1</v></c></row>'):  # fmt: skip
        with pytest.raises(banded.CannotBandError):
            banded._renumber(bytearray(outside + b"</row>"), key=19, rows=1000)


def _rows_xml(numbers: list[int]) -> bytearray:
    return bytearray(
        b"".join(b'<row r="%d"><c r="A%d"><v>1</v></c></row>' % (n, n) for n in numbers)
    )


BAND_SIZES = st.sampled_from([100, 200, 500, 1000, 2000, 5000, 10_000])


@settings(max_examples=200, deadline=None)
@given(
    st.lists(st.integers(1, 60_000), min_size=1, max_size=80, unique=True).map(sorted),
    BAND_SIZES,
)
def test_a_band_ends_where_the_first_row_of_a_later_band_starts(
    numbers: list[int], rows: int
) -> None:
    xml = _rows_xml(numbers)
    key = (numbers[0] - 1) // rows
    later = [n for n in numbers if (n - 1) // rows > key]
    expected = xml.find(b'<row r="%d"' % later[0]) if later else None
    assert banded._cut(xml, key, rows) == expected
    # a piece that ends inside the last row's reference cuts at the rows before it
    partial = xml + b'<row r="1'
    assert banded._cut(partial, key, rows) == expected


@settings(max_examples=300, deadline=None)
@given(BAND_SIZES, st.integers(1, 200), st.data())
def test_every_band_is_renumbered_from_row_1(rows: int, key: int, data: st.DataObject) -> None:
    numbers = data.draw(
        st.lists(st.integers(key * rows + 1, (key + 1) * rows), min_size=1, max_size=30,
                 unique=True).map(sorted)
    )  # fmt: skip
    xml = _rows_xml(numbers)
    banded._renumber(xml, key, rows)
    found = [int(n) for n in re.findall(rb'<row r="([0-9]+)"', xml)]
    assert found == [n - key * rows for n in numbers]
    assert [int(n) for n in re.findall(rb'<c r="A([0-9]+)"', xml)] == found
    assert len(xml) == len(_rows_xml(numbers))  # every reference kept its width
