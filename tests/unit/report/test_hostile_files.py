"""Hostile files, each read through the worker process: one clear ReportFormatError (or a
report), never a crash of the process that asked, never gigabytes allocated."""

from __future__ import annotations

import io
import pickle
import zipfile
from collections.abc import Iterator

import pytest

from smm_logic.errors import ReportFormatError
from smm_logic.report.worker import WorkerLimits, WorkerPool
from smm_logic.usecases import load_report
from tests.unit.report.test_bad_input import GOOD_ROWS, assert_helpful, workbook_bytes

_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
_DOC = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_HEADER = (
    '<row r="1"><c r="A1" t="inlineStr"><is><t>Дата</t></is></c>'
    '<c r="B1" t="inlineStr"><is><t>Охват</t></is></c></row>'
)


def xlsx(cells: str, dimension: str | None = None) -> bytes:
    """A minimal xlsx of one sheet «S» whose sheetData is ``cells``."""
    dim = f'<dimension ref="{dimension}"/>' if dimension else ""
    sheet = (
        f'<?xml version="1.0"?><worksheet xmlns="{_MAIN}">{dim}'
        f"<sheetData>{cells}</sheetData></worksheet>"
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(
            "[Content_Types].xml",
            '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
            'content-types"><Default Extension="rels" ContentType="application/'
            'vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" '
            'ContentType="application/xml"/></Types>',
        )
        archive.writestr(
            "_rels/.rels",
            f'<Relationships xmlns="{_RELS}"><Relationship Id="rId1" '
            f'Type="{_DOC}/officeDocument" Target="xl/workbook.xml"/></Relationships>',
        )
        archive.writestr(
            "xl/workbook.xml",
            f'<workbook xmlns="{_MAIN}" xmlns:r="{_DOC}"><sheets>'
            '<sheet name="S" sheetId="1" r:id="rId1"/></sheets></workbook>',
        )
        archive.writestr(
            "xl/_rels/workbook.xml.rels",
            f'<Relationships xmlns="{_RELS}"><Relationship Id="rId1" '
            f'Type="{_DOC}/worksheet" Target="worksheets/sheet1.xml"/></Relationships>',
        )
        archive.writestr("xl/worksheets/sheet1.xml", sheet)
    return buffer.getvalue()


def ods(rows_repeated: int, columns_repeated: int) -> bytes:
    """An ods whose one data row (a number cell repeated) is repeated ``rows_repeated`` times."""
    ns = (
        'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
        'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
        'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"'
    )
    content = (
        f'<?xml version="1.0"?><office:document-content {ns}><office:body><office:spreadsheet>'
        '<table:table table:name="S"><table:table-row>'
        '<table:table-cell office:value-type="string"><text:p>Дата</text:p></table:table-cell>'
        '<table:table-cell office:value-type="string"><text:p>Охват</text:p></table:table-cell>'
        f'</table:table-row><table:table-row table:number-rows-repeated="{rows_repeated}">'
        f'<table:table-cell table:number-columns-repeated="{columns_repeated}" '
        'office:value-type="float" office:value="1"><text:p>1</text:p></table:table-cell>'
        "</table:table-row></table:table></office:spreadsheet></office:body>"
        "</office:document-content>"
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(
            "mimetype", "application/vnd.oasis.opendocument.spreadsheet", zipfile.ZIP_STORED
        )
        archive.writestr(
            "META-INF/manifest.xml",
            '<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:'
            'manifest:1.0">'
            '<manifest:file-entry manifest:full-path="/" manifest:media-type="application/'
            'vnd.oasis.opendocument.spreadsheet"/><manifest:file-entry manifest:full-path='
            '"content.xml" manifest:media-type="text/xml"/></manifest:manifest>',
        )
        archive.writestr("content.xml", content)
    return buffer.getvalue()


def error_of(data: bytes, name: str = "hostile.xlsx", pool: WorkerPool | None = None) -> str:
    with pytest.raises(ReportFormatError) as caught:
        if pool is None:
            load_report(data, name)
        else:
            pool.parse(data, name)
    assert_helpful(caught.value)
    return caught.value.code


@pytest.fixture
def small_pool() -> Iterator[WorkerPool]:
    """A pool whose workers may use 1 GB: the limit the lying files run into."""
    pool = WorkerPool(WorkerLimits(memory_bytes=1024**3, cpu_seconds=20, wall_seconds=60))
    yield pool
    pool.close()


def test_a_cell_at_the_last_cell_of_a_sheet_is_refused_by_the_dimension() -> None:
    data = xlsx(_HEADER + '<row r="1048576"><c r="XFD1048576"><v>1</v></c></row>', "A1:XFD1048576")

    assert len(data) < 2000
    assert error_of(data) == "too_many_rows"


def test_a_sheet_of_three_hundred_million_cells_is_refused_by_its_cell_count() -> None:
    data = xlsx(_HEADER + '<row r="1000000"><c r="KN1000000"><v>1</v></c></row>', "A1:KN1000000")

    assert error_of(data) == "too_many_cells"


def test_a_far_cell_without_a_dimension_is_found_by_scanning_the_cells() -> None:
    data = xlsx(_HEADER + '<row r="1048576"><c r="XFD1048576"><v>1</v></c></row>')

    assert error_of(data) == "too_many_rows"


def test_a_sheet_lying_about_its_dimension_costs_one_worker_not_the_server(
    small_pool: WorkerPool,
) -> None:
    data = xlsx(_HEADER + '<row r="1048576"><c r="XFD1048576"><v>1</v></c></row>', "A1:B2")

    assert error_of(data, pool=small_pool) == "needs_too_much_memory"
    assert small_pool.parse(workbook_bytes(("Отчёт", GOOD_ROWS)), "ok.xlsx").rows_used == 2


def test_an_ods_row_repeated_three_hundred_thousand_times_is_refused() -> None:
    data = ods(300_000, 200)

    assert len(data) < 16_000
    assert error_of(data, "hostile.ods") == "too_many_cells"


def test_an_ods_with_a_few_repeated_rows_is_read() -> None:
    report = load_report(ods(3, 2), "fine.ods")

    assert report.rows_used == 3


def test_a_truncated_xls_is_damaged_not_a_panic() -> None:
    from tests.conftest import ROOT

    data = (ROOT / "tests/fixtures/vk_report.xls").read_bytes()

    assert error_of(data[: len(data) // 2], "cut.xls") == "damaged"


def test_a_date_cell_far_before_any_calendar_is_damaged_not_a_panic() -> None:
    data = io.BytesIO(xlsx(_HEADER + '<row r="2"><c r="A2" s="1"><v>-1e12</v></c>'
                              '<c r="B2"><v>5</v></c></row>'))  # fmt: skip
    out = io.BytesIO()
    with zipfile.ZipFile(data) as source, zipfile.ZipFile(out, "w") as target:
        for member in source.infolist():
            target.writestr(member, source.read(member))
        target.writestr(
            "xl/styles.xml",
            f'<styleSheet xmlns="{_MAIN}"><cellXfs count="2"><xf numFmtId="0"/>'
            '<xf numFmtId="14" applyNumberFormat="1"/></cellXfs></styleSheet>',
        )

    assert error_of(out.getvalue()) == "damaged"


@pytest.mark.parametrize("error", ["#SPILL!", "#CALC!", "#DIV/0!", "#N/A", "#GETTING_DATA"])
def test_an_excel_error_cell_is_a_missing_value_not_a_rejected_workbook(error: str) -> None:
    rows = _HEADER + "".join(
        f'<row r="{r}"><c r="A{r}" t="inlineStr"><is><t>0{r}.03.2026</t></is></c>'
        f'<c r="B{r}"><v>{r * 10}</v></c></row>'
        for r in (2, 3)
    )
    rows += (
        '<row r="4"><c r="A4" t="inlineStr"><is><t>04.03.2026</t></is></c>'
        f'<c r="B4" t="e"><f>A1#</f><v>{error}</v></c></row>'
    )

    report = load_report(xlsx(rows, "A1:B4"), "errors.xlsx")

    assert report.rows_used >= 2
    notes = [issue for issue in report.issues if issue.message.key == "error.cells_with_errors"]
    assert [(n.column, n.message.params["count"], n.message.params["value"]) for n in notes] == [
        ("B «Охват»", 1, error)
    ]
    assert not any("not a number" in issue.render("en") for issue in report.issues)


def test_many_error_cells_in_a_column_are_one_note() -> None:
    rows = _HEADER + "".join(
        f'<row r="{r}"><c r="A{r}" t="inlineStr"><is><t>{r - 1:02d}.03.2026</t></is></c>'
        f'<c r="B{r}" t="e"><f>1/0</f><v>#DIV/0!</v></c></row>'
        if r % 2
        else f'<row r="{r}"><c r="A{r}" t="inlineStr"><is><t>{r - 1:02d}.03.2026</t></is></c>'
        f'<c r="B{r}"><v>{r}</v></c></row>'
        for r in range(2, 22)
    )

    report = load_report(xlsx(rows, "A1:B21"), "errors.xlsx")

    notes = [issue for issue in report.issues if issue.message.key == "error.cells_with_errors"]
    assert len(notes) == 1 and notes[0].message.params["count"] == 10
    assert report.table["reach"].notna().sum() == 10


def test_a_csv_field_over_the_csv_modules_default_limit_is_read() -> None:
    text = "Дата;Охват;Комментарий\n01.03.2026;100;" + "x" * 200_000 + "\n02.03.2026;120;y\n"

    report = load_report(text.encode("utf-8"), "long.csv")

    assert report.rows_used == 2


def test_a_worker_over_its_wall_time_is_stopped() -> None:
    pool = WorkerPool(WorkerLimits(wall_seconds=0.001))
    try:
        assert error_of(workbook_bytes(("Отчёт", GOOD_ROWS)), pool=pool) == "took_too_long"
    finally:
        pool.close()


def test_a_report_round_trips_through_pickle_as_the_worker_sends_it() -> None:
    report = load_report(workbook_bytes(("Отчёт", GOOD_ROWS)), "r.xlsx", isolated=False)

    copy = pickle.loads(pickle.dumps(report, protocol=pickle.HIGHEST_PROTOCOL))

    assert copy.table.equals(report.table)
    assert (copy.sheets, copy.columns, copy.issues, copy.skipped) == (
        report.sheets, report.columns, report.issues, report.skipped
    )  # fmt: skip


def test_the_worker_reads_what_the_process_reads() -> None:
    data = workbook_bytes(("Отчёт", GOOD_ROWS))

    isolated, local = load_report(data, "r.xlsx"), load_report(data, "r.xlsx", isolated=False)

    assert isolated.table.equals(local.table)
    assert isolated.issues == local.issues
