"""An xlsx's first sheet read ahead in the parse worker (``sources.prefetch``), its error
cells as fastexcel names them, and its worksheets listed without calamine: each the
same as the read it stands in for."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path
from types import SimpleNamespace

import pytest
from openpyxl import Workbook
from python_calamine import CalamineWorkbook, SheetTypeEnum

from smm_logic.errors import ReportFormatError
from smm_logic.report.ingest import read_report
from smm_logic.report.model import Report
from smm_logic.report.sources import prefetch, workbook
from smm_logic.report.sources.error_cells import ErrorScan
from smm_logic.report.sources.extent import xlsx_worksheet_names
from smm_logic.report.sources.limits import DEFAULT_LIMITS, IngestLimits
from smm_logic.report.worker import WorkerPool
from tests.conftest import ROOT
from tests.unit.report.test_bad_input import GOOD_ROWS, workbook_bytes

FIXTURES = ROOT / "tests" / "fixtures"


def _with_errors() -> bytes:
    """A sheet starting at column C, with error cells in two columns, the topmost of
    column D below another of its errors in the XML's column-by-column listing."""
    book = Workbook()
    sheet = book.active
    sheet.title = "Отчёт"
    sheet["C3"], sheet["D3"], sheet["E3"] = "Дата", "Охват", "Лайки"
    rows = [("01.03.2026", 100, 5), ("02.03.2026", "#N/A", 7), ("03.03.2026", "#DIV/0!", "#REF!")]
    for number, row in enumerate(rows, start=4):
        for letter, value in zip("CDE", row, strict=True):
            sheet[f"{letter}{number}"] = value
    sheet["D9"] = "#NAME?"
    book.create_chartsheet("Диаграмма")
    book.create_sheet("Second & <more>")["A1"] = 1
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def test_a_prefetched_sheet_is_the_read_it_stands_in_for() -> None:
    data = (FIXTURES / "vk_report.xlsx").read_bytes()
    direct = prefetch.load_fast(data, "Отчёт")
    prefetch.start(data, "vk_report.xlsx", None, DEFAULT_LIMITS)
    taken, ahead = prefetch.take(data, "Отчёт")
    assert taken and ahead is not None and direct is not None
    assert ahead.batch.equals(direct.batch)
    assert (ahead.first_column, ahead.error_cells) == (direct.first_column, direct.error_cells)
    # taken once: a second read of the sheet reads it again
    assert prefetch.take(data, "Отчёт") == (False, None)


def test_only_the_same_bytes_and_sheet_take_the_prefetched_read() -> None:
    data = (FIXTURES / "vk_report.xlsx").read_bytes()
    prefetch.start(data, "vk_report.xlsx", None, DEFAULT_LIMITS)
    assert prefetch.take(bytes(bytearray(data)), "Отчёт") == (False, None)  # equal, not same
    assert prefetch.take(data, "Другой") == (False, None)
    prefetch.forget()
    assert prefetch.take(data, "Отчёт") == (False, None)


def test_a_file_over_the_limits_or_not_an_xlsx_is_not_read_ahead() -> None:
    data = (FIXTURES / "vk_report.xlsx").read_bytes()
    tight = IngestLimits(max_cells=10)
    prefetch.start(data, "vk_report.xlsx", None, tight)
    assert prefetch.take(data, "Отчёт") == (False, None)
    with pytest.raises(ReportFormatError) as refused:
        read_report(data, "vk_report.xlsx", limits=tight)
    assert refused.value.code == "too_many_cells"  # the read itself says so, as before
    for name in ("vk_report.xls", "vk_report.ods"):
        other = (FIXTURES / name).read_bytes()
        prefetch.start(other, name, None, DEFAULT_LIMITS)
        assert prefetch.take(other, "Отчёт") == (False, None)


def test_a_sheet_asked_for_by_name_is_the_one_read_ahead() -> None:
    data = workbook_bytes(("Первый", GOOD_ROWS), ("Второй", GOOD_ROWS))
    prefetch.start(data, "two.xlsx", "Второй", DEFAULT_LIMITS)
    assert prefetch.take(data, "Первый") == (False, None)
    taken, ahead = prefetch.take(data, "Второй")
    assert taken and ahead is not None
    prefetch.start(data, "two.xlsx", "Нет такого", DEFAULT_LIMITS)
    assert prefetch.take(data, "Нет такого") == (False, None)


def test_error_cells_named_by_fastexcel_are_those_the_xml_scan_finds() -> None:
    data = _with_errors()
    read = prefetch.load_fast(data, "Отчёт")
    assert read is not None
    scan = ErrorScan(data)
    scanned = scan.of("Отчёт")()
    # columns D and E of the sheet (0-based 3 and 4): the count and the topmost error
    assert scanned == {3: (3, "#N/A"), 4: (1, "#REF!")}
    assert read.error_cells == scanned


def test_an_error_fastexcel_names_in_a_way_not_known_is_left_to_the_scan() -> None:
    unknown = SimpleNamespace(
        errors=[SimpleNamespace(position=(1, 0), detail="Expected string but got 'Odd(1)'")]
    )
    assert prefetch.named_errors(unknown, [2]) is None
    assert prefetch.named_errors(None, [2]) == []


def test_error_cells_are_counted_by_column_with_the_topmost_first() -> None:
    known = SimpleNamespace(
        errors=[
            SimpleNamespace(position=(5, 0), detail="Expected string but got 'Error(NA)'"),
            SimpleNamespace(position=(2, 0), detail="Expected string but got 'Error(Div0)'"),
            SimpleNamespace(position=(4, 1), detail="Expected string but got 'Error(Ref)'"),
        ]
    )
    # a read from sheet row 100 of the sheet's columns C and D
    found = prefetch.named_errors(known, [2, 3], first_row=100)
    assert found == [(105, 2, "#N/A"), (102, 2, "#DIV/0!"), (104, 3, "#REF!")]
    assert prefetch.column_errors(found) == {2: (2, "#DIV/0!"), 3: (1, "#REF!")}


def _calamine_worksheets(data: bytes) -> list[str]:
    book = CalamineWorkbook.from_filelike(io.BytesIO(data))
    return [meta.name for meta in book.sheets_metadata if meta.typ == SheetTypeEnum.WorkSheet]


@pytest.mark.parametrize(
    "data",
    [
        (FIXTURES / "vk_report.xlsx").read_bytes(),
        _with_errors(),
        workbook_bytes(("Б", GOOD_ROWS), ("А", GOOD_ROWS), ("В", GOOD_ROWS)),
    ],
    ids=["fixture", "chartsheet-and-escaped-name", "three-sheets-out-of-order"],
)
def test_worksheets_are_listed_in_the_order_and_names_calamine_gives(data: bytes) -> None:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert xlsx_worksheet_names(archive) == _calamine_worksheets(data)


def rows_used(report: Report) -> int:
    """A ``then`` for the worker: module-level, so it is pickled by name."""
    return report.rows_used


def broken(report: Report) -> int:
    raise ValueError(f"broken on {report.rows_used} rows")


def test_the_worker_works_out_what_is_asked_of_the_report() -> None:
    pool = WorkerPool()
    try:
        data = workbook_bytes(("Отчёт", GOOD_ROWS))
        assert pool.parse_files_then([("ok.xlsx", data)], rows_used) == len(GOOD_ROWS) - 1
        with pytest.raises(RuntimeError, match="broken on 2 rows"):
            pool.parse_files_then([("ok.xlsx", data)], broken)
        with pytest.raises(ReportFormatError):
            pool.parse_files_then([("bad.xlsx", b"PK\x03\x04 not a zip")], rows_used)
    finally:
        pool.close()


def test_a_workbook_read_ahead_is_checked_against_the_limits_once(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    data = (FIXTURES / "vk_report.xlsx").read_bytes()
    checks: list[bytes] = []
    real = workbook.check_xlsx_extent
    monkeypatch.setattr(prefetch, "check_xlsx_extent", lambda d, n, lim: checks.append(d))
    monkeypatch.setattr(workbook, "check_xlsx_extent", lambda d, n, lim: checks.append(d))
    prefetch.start(data, "vk_report.xlsx", None, DEFAULT_LIMITS)
    read_report(data, "vk_report.xlsx")
    assert len(checks) == 1  # by the read ahead, not again by the read
    read_report(data, "vk_report.xlsx", limits=IngestLimits(max_rows=1_000))
    assert len(checks) == 2  # nothing read ahead: the read checks itself
    monkeypatch.setattr(workbook, "check_xlsx_extent", real)
    prefetch.start(data, "vk_report.xlsx", None, DEFAULT_LIMITS)
    with pytest.raises(ReportFormatError):  # other limits than the read ahead's: checked
        read_report(data, "vk_report.xlsx", limits=IngestLimits(max_cells=10))
    prefetch.forget()


def arrow_allocator(report: Report) -> str:
    import pyarrow as pa

    return str(pa.default_memory_pool().backend_name)


def test_the_worker_reads_a_file_given_by_its_path(tmp_path: Path) -> None:
    path = tmp_path / "ok.xlsx"
    path.write_bytes(workbook_bytes(("Отчёт", GOOD_ROWS)))
    pool = WorkerPool()
    try:
        assert pool.parse_files_then([("ok.xlsx", path)], rows_used) == len(GOOD_ROWS) - 1
        path.unlink()
        with pytest.raises(ReportFormatError) as gone:
            pool.parse_files_then([("ok.xlsx", path)], rows_used)
        assert gone.value.code == "file_not_found"
        # a file over the size limit is refused before it is read
        path.write_bytes(b"x" * 2000)
        with pytest.raises(ReportFormatError) as large:
            pool.parse_files_then(
                [("big.csv", path)], rows_used, limits=IngestLimits(max_bytes=1000)
            )
        assert large.value.code == "too_large"
    finally:
        pool.close()


def test_the_worker_takes_arrow_memory_from_the_allocator_that_gives_it_back() -> None:
    # mimalloc, Arrow's default, keeps freed pages: the worker would stay at its peak
    pool = WorkerPool()
    try:
        data = workbook_bytes(("Отчёт", GOOD_ROWS))
        assert pool.parse_files_then([("ok.xlsx", data)], arrow_allocator) == "system"
    finally:
        pool.close()
