"""Bad and hostile files: each class raises one ReportFormatError with a useful message."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from openpyxl import Workbook

from smm_logic.errors import ReportFormatError
from smm_logic.report.ingest import read_report
from smm_logic.report.sources.limits import IngestLimits


def workbook_bytes(*sheets: tuple[str, list[list[object]]]) -> bytes:
    book = Workbook()
    book.remove(book.active)
    for name, rows in sheets:
        sheet = book.create_sheet(name)
        for row in rows:
            sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


GOOD_ROWS: list[list[object]] = [
    ["Дата", "Охват", "Лайки"],
    ["01.03.2026", 100, 5],
    ["02.03.2026", 120, 7],
]


def error_of(data: bytes, name: str = "report.xlsx", **kwargs: object) -> ReportFormatError:
    with pytest.raises(ReportFormatError) as caught:
        read_report(data, name, **kwargs)  # type: ignore[arg-type]
    return caught.value


def assert_helpful(error: ReportFormatError) -> None:
    """One sentence (or two short ones) in each language, no Python internals."""
    for lang in ("ru", "en"):
        message = error.render(lang)  # type: ignore[arg-type]
        assert message.endswith(".")
        assert "Traceback" not in message and "Error" not in message
        assert "{" not in message


def test_a_file_over_the_size_cap_is_refused_before_parsing() -> None:
    error = error_of(workbook_bytes(("Отчёт", GOOD_ROWS)), limits=IngestLimits(max_bytes=1000))

    assert error.code == "too_large"
    assert "1000" not in error.render("en")  # sizes are given in MB
    assert_helpful(error)


def _zip_with(member: str, payload: bytes, extra: dict[str, bytes] | None = None) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", "<workbook/>")
        archive.writestr(member, payload)
        for name, data in (extra or {}).items():
            archive.writestr(name, data)
    return buffer.getvalue()


def test_a_zip_bomb_is_refused_by_its_compression_ratio() -> None:
    bomb = _zip_with("xl/worksheets/sheet1.xml", b"0" * (30 * 1024 * 1024))

    error = error_of(bomb)

    assert len(bomb) < 200_000
    assert error.code == "compression_ratio"
    assert_helpful(error)


def test_a_zip_whose_unpacked_total_exceeds_the_cap_is_refused() -> None:
    data = _zip_with("xl/worksheets/sheet1.xml", bytes(range(256)) * 8000)

    error = error_of(data, limits=IngestLimits(max_unpacked_bytes=1_000_000))

    assert error.code == "unpacked_too_large"
    assert_helpful(error)


def test_too_many_rows_are_refused() -> None:
    rows = [GOOD_ROWS[0]] + [["01.03.2026", i, i] for i in range(50)]

    error = error_of(workbook_bytes(("Отчёт", rows)), limits=IngestLimits(max_rows=20))

    assert error.code == "too_many_rows"
    assert "«Отчёт»" in error.render("ru")
    assert_helpful(error)


def test_too_many_columns_are_refused() -> None:
    header = ["Дата", "Охват", *[f"Col {i}" for i in range(40)]]

    error = error_of(
        workbook_bytes(("Отчёт", [header, ["01.03.2026", 5]])), limits=IngestLimits(max_columns=10)
    )

    assert error.code == "too_many_columns"
    assert_helpful(error)


def test_a_csv_over_the_row_cap_is_refused() -> None:
    data = ("Дата;Охват\n" + "01.03.2026;5\n" * 30).encode()

    error = error_of(data, "report.csv", limits=IngestLimits(max_rows=10))

    assert error.code == "too_many_rows"


@pytest.mark.parametrize(
    ("fixture", "code"),
    [
        ("not_a_spreadsheet.xlsx", "not_spreadsheet"),
        ("truncated.xlsx", "damaged"),
        ("encrypted.xlsx", "encrypted"),
    ],
)
def test_broken_and_protected_fixture_files_get_their_own_message(
    fixtures_dir: Path, fixture: str, code: str
) -> None:
    error = error_of((fixtures_dir / fixture).read_bytes(), fixture)

    assert error.code == code
    assert fixture in error.render("en")
    assert_helpful(error)


def test_a_zip_that_is_not_a_workbook_is_not_a_spreadsheet() -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("word/document.xml", "<document/>")

    assert error_of(buffer.getvalue(), "letter.docx").code == "not_spreadsheet"


def test_a_zip_named_xlsx_with_broken_parts_is_damaged() -> None:
    data = _zip_with("xl/worksheets/sheet1.xml", b"<worksheet><sheetData><row>")

    assert error_of(data).code == "damaged"


def test_an_empty_file_is_an_empty_workbook() -> None:
    assert error_of(b"").code == "empty_workbook"
    assert error_of(b"  \n\n ", "report.csv").code == "empty_workbook"


def test_a_workbook_whose_sheets_are_all_empty_is_refused() -> None:
    error = error_of(workbook_bytes(("Лист1", []), ("Лист2", [])))

    assert error.code == "empty_workbook"
    assert_helpful(error)


def test_a_sheet_with_headers_but_no_data_rows_is_refused() -> None:
    error = error_of(workbook_bytes(("Отчёт", [["Отчёт за март"], GOOD_ROWS[0]])))

    assert error.code == "no_data_rows"
    assert "«Отчёт»" in error.render("en")
    assert_helpful(error)


def test_a_sheet_without_any_recognisable_header_is_refused() -> None:
    error = error_of(workbook_bytes(("Данные", [["Имя", "Город"], ["Анна", "Тверь"]])))

    assert error.code == "no_header"
    assert_helpful(error)


def test_a_header_with_no_numeric_metric_is_refused() -> None:
    rows: list[list[object]] = [["Дата", "Платформа", "Комментарий"], ["01.03.2026", "VK", "ok"]]

    error = error_of(workbook_bytes(("Отчёт", rows)))

    assert error.code == "no_metrics"
    assert_helpful(error)


def test_binary_garbage_named_csv_is_not_a_spreadsheet() -> None:
    assert error_of(b"\x00\x01\x02\xff" * 100, "report.csv").code == "not_spreadsheet"


def test_an_unknown_sheet_name_lists_the_sheets_there_are() -> None:
    error = error_of(workbook_bytes(("Отчёт", GOOD_ROWS)), sheet="Март")

    assert error.code == "sheet_not_found"
    assert "«Отчёт»" in error.render("ru")


def test_an_override_for_an_unknown_metric_or_absent_header_is_refused() -> None:
    data = workbook_bytes(("Отчёт", GOOD_ROWS))

    assert error_of(data, overrides={"ER": "Лайки"}).code == "unknown_metric"
    assert (
        error_of(data, overrides={"reach": "Охват подписчиков"}).code == "mapping_header_not_found"
    )


def test_an_error_message_is_english_by_default_and_russian_on_request() -> None:
    error = error_of(b"")

    assert str(error) == error.render("en")
    assert error.render("ru") != error.render("en")
