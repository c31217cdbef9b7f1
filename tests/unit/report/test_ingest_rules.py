"""kpi-spec §1–§2 applied to whole files by ``read_report``."""

from __future__ import annotations

import io
import math
from datetime import date, datetime
from pathlib import Path

import pandas as pd
import pytest
from pandas.testing import assert_frame_equal

from smm_logic.errors import ReportFormatError
from smm_logic.report.ingest import read_report
from smm_logic.report.model import Report
from tests.builders import csv_bytes, multi_sheet_xlsx, xlsx_bytes

SHEET = "Отчёт"
HEADER = ["Дата", "Платформа", "Сообщество", "Подписчики", "Охват, чел.", "Лайки"]


def day(number: int) -> date:
    return date(2026, 3, number)


def row(
    number: int, reach: object = 100, *, platform: str = "VK", account: str = "A"
) -> list[object]:
    """One data row of HEADER for 2026-03-<number>."""
    return [day(number), platform, account, 1000 + number, reach, 10 + number]


def read_xlsx(
    rows: list[list[object]],
    *,
    title_rows: int = 0,
    overrides: dict[str, str | None] | None = None,
) -> Report:
    return read_report(xlsx_bytes(rows, title_rows=title_rows), "report.xlsx", overrides=overrides)


def dates(report: Report) -> list[date | None]:
    return [None if pd.isna(value) else value.date() for value in report.table["date"]]


def pairs(report: Report) -> list[tuple[str, str]]:
    table = report.table
    return list(zip(table["platform"], table["account"], strict=True))


# ---------------------------------------------------------------- header row


@pytest.mark.parametrize("title_rows", [0, 1, 2, 10, 19])
def test_title_rows_above_the_header_are_skipped(title_rows: int) -> None:
    rows = [HEADER, row(1), row(2)]

    report = read_xlsx(rows, title_rows=title_rows)

    assert report.sheets[0].status == "used"
    assert report.sheets[0].header_row == title_rows + 1
    assert list(report.table["row"]) == [title_rows + 2, title_rows + 3]
    assert report.mapping["reach"] == "Охват, чел."


def test_a_header_below_row_20_is_not_looked_for() -> None:
    rows = [HEADER, row(1), row(2)]

    with pytest.raises(ReportFormatError) as raised:
        read_xlsx(rows, title_rows=20)

    assert raised.value.code == "no_header"


def test_a_sheet_whose_header_is_on_row_21_is_listed_next_to_a_good_sheet() -> None:
    late = [["Отчёт"]] + [[f"строка {n}"] for n in range(2, 21)] + [HEADER, row(1)]
    data = multi_sheet_xlsx({"Поздно": late, "Данные": [HEADER, row(1), row(2)]})

    report = read_report(data, "two.xlsx")

    statuses = {sheet.name: sheet.status for sheet in report.sheets}
    assert statuses == {"Поздно": "no_header", "Данные": "used"}
    assert set(report.table["sheet"]) == {"Данные"}


def test_the_header_needs_two_metrics_so_a_title_with_one_is_passed_over() -> None:
    rows = [["Охват"], ["Дата", "Охват"], [day(1), 100]]

    report = read_xlsx(rows)

    assert report.sheets[0].header_row == 2
    assert list(report.table["reach"]) == [100.0]


# ---------------------------------------------------------------- rows


def test_blank_rows_are_ignored_and_not_listed() -> None:
    rows = [HEADER, row(1), [None] * 6, ["", "", "", "", "", ""], row(2), [], row(3)]

    report = read_xlsx(rows, title_rows=2)

    assert dates(report) == [day(1), day(2), day(3)]
    assert list(report.table["row"]) == [4, 7, 9]
    assert report.skipped == ()
    assert report.issues == ()


@pytest.mark.parametrize("label", ["Итого", "Всего", "Total", "Sum", "Grand total", "Итого:"])
def test_total_rows_are_skipped_and_reported(label: str) -> None:
    rows = [HEADER, row(1), row(2), [label, None, None, 2003, 200, 23]]

    report = read_xlsx(rows, title_rows=2)

    assert report.table["reach"].sum() == 200
    assert len(report.table) == 2
    assert [(s.sheet, s.row, s.reason.key) for s in report.skipped] == [
        (SHEET, 6, "issue.total_row")
    ]


def test_a_total_label_in_a_later_column_still_marks_the_row() -> None:
    rows = [HEADER, row(1), [None, "Итого", None, 1001, 100, 11]]

    report = read_xlsx(rows)

    assert len(report.table) == 1
    assert [s.row for s in report.skipped] == [3]


def test_an_account_named_like_a_total_is_kept() -> None:
    rows = [HEADER, row(1, account="Total Fitness"), row(2, account="Total Fitness")]

    report = read_xlsx(rows)

    assert len(report.table) == 2
    assert report.skipped == ()


def test_a_text_cell_that_is_not_a_number_becomes_missing_and_is_located() -> None:
    rows = [HEADER, row(1), row(2, reach="см. примечание"), row(3)]

    report = read_xlsx(rows, title_rows=3)

    assert len(report.table) == 3
    assert math.isnan(report.table["reach"][1])
    assert report.table["likes"][1] == 12
    assert len(report.issues) == 1
    issue = report.issues[0]
    assert (issue.sheet, issue.row) == (SHEET, 6)
    assert issue.column is not None
    assert issue.column.split()[0] == "E"
    assert "Охват, чел." in issue.column
    assert issue.message.key == "issue.invalid_number"
    assert "см. примечание" in issue.render("en")


def test_column_letters_and_row_numbers_are_excel_ones_when_the_table_does_not_start_at_a1() -> (
    None
):
    rows = [[None] * 4] * 3 + [[None, None, "Дата", "Охват", "Лайки"]]
    rows += [[None, None, day(1), "??", 5]]

    report = read_xlsx(rows)

    issue = report.issues[0]
    assert (issue.row, issue.column) == (5, "D «Охват»")
    assert list(report.table["row"]) == [5]


@pytest.mark.parametrize("dash", ["—", "-", "n/a", ""])
def test_a_dash_is_missing_without_an_issue(dash: str) -> None:
    rows = [HEADER, row(1), row(2, reach=dash)]

    report = read_xlsx(rows)

    assert report.table["reach"].isna().tolist() == [False, True]
    assert report.issues == ()


def test_rows_are_sorted_by_date_within_each_group() -> None:
    rows = [HEADER, row(3), row(1), row(5), [None, "VK", "A", 1, 1, 1], row(2)]

    report = read_xlsx(rows)

    assert dates(report) == [day(1), day(2), day(3), day(5), None]
    assert list(report.table["row"]) == [3, 6, 2, 4, 5]


def test_rows_keep_sheet_order_without_a_date_column() -> None:
    rows = [["Сообщество", "Охват", "Лайки"], ["A", 3, 1], ["A", 1, 2], ["A", 2, 3]]

    report = read_xlsx(rows)

    assert list(report.table["reach"]) == [3.0, 1.0, 2.0]
    assert report.table["date"].isna().all()


def test_groups_are_platform_and_account_pairs() -> None:
    rows = [
        HEADER,
        row(2, platform="VK", account="Кофейня"),
        row(3, platform="Telegram", account="Кофейня"),
        row(1, platform="VK", account="Пекарня"),
        row(1, platform="VK", account="Кофейня"),
        row(1, platform="Telegram", account="Кофейня"),
    ]

    report = read_xlsx(rows)

    assert pairs(report) == [
        ("VK", "Кофейня"),
        ("VK", "Кофейня"),
        ("Telegram", "Кофейня"),
        ("Telegram", "Кофейня"),
        ("VK", "Пекарня"),
    ]
    assert dates(report) == [day(1), day(2), day(1), day(3), day(1)]


# ---------------------------------------------------------------- sheets


def test_a_sheet_without_a_header_is_listed_and_not_fatal() -> None:
    data = multi_sheet_xlsx(
        {
            "Notes": [["Источник: VK Статистика"], ["Выгружено вручную"]],
            "Данные": [HEADER, row(1), row(2)],
        }
    )

    report = read_report(data, "book.xlsx")

    assert [(s.name, s.status) for s in report.sheets] == [
        ("Notes", "no_header"),
        ("Данные", "used"),
    ]
    assert len(report.table) == 2
    assert [(i.sheet, i.message.key) for i in report.issues] == [("Notes", "issue.sheet_no_header")]


# ---------------------------------------------------------------- response time


@pytest.mark.parametrize(
    ("header", "cells", "hours"),
    [
        ("Время ответа, мин", [30, 90, "15 мин", "1:30"], [0.5, 1.5, 0.25, 1.5]),
        ("Response time (min)", [45, "2 h", 6], [0.75, 2.0, 0.1]),
        ("Время ответа, дн", [1, 0.5, "3 ч"], [24.0, 12.0, 3.0]),
        ("Response time (days)", [2], [48.0]),
        ("Время ответа, ч", [1.5, "30 мин"], [1.5, 0.5]),
        ("Время ответа", [3, "0,5"], [3.0, 0.5]),
    ],
)
def test_response_time_is_converted_to_hours(
    header: str, cells: list[object], hours: list[float]
) -> None:
    rows = [["Дата", "Охват", header]]
    rows += [[day(n + 1), 100, cell] for n, cell in enumerate(cells)]

    report = read_xlsx(rows)

    assert report.table["response_time"].tolist() == pytest.approx(hours)


def test_a_column_mapped_by_hand_to_response_time_keeps_its_header_unit() -> None:
    rows = [["Дата", "Охват", "Скорость реакции, мин"], [day(1), 100, 30]]

    report = read_xlsx(rows, overrides={"response_time": "Скорость реакции, мин"})

    assert report.table["response_time"].tolist() == pytest.approx([0.5])


# ---------------------------------------------------------------- mapping


OVERRIDE_ROWS = [["Дата", "Охват", "Охват подписчиков", "Лайки"], [day(1), 100, 60, 5]]


def test_a_mapping_override_reads_the_metric_from_the_named_column() -> None:
    report = read_xlsx(OVERRIDE_ROWS, overrides={"reach": "Охват подписчиков"})

    assert report.table["reach"].tolist() == [60.0]
    assert report.mapping["reach"] == "Охват подписчиков"
    assert [c.header for c in report.columns if c.by_user] == ["Охват подписчиков"]
    assert "Охват" in [c.header for c in report.unused_columns]


def test_a_mapping_override_to_none_leaves_the_metric_out() -> None:
    report = read_xlsx(OVERRIDE_ROWS, overrides={"reach": None})

    assert "reach" not in report.table.columns
    assert "reach" not in report.mapping
    unused = {c.header: c.reason.key for c in report.unused_columns if c.reason}
    assert unused["Охват"] == "unused.unmapped_by_user"
    assert report.table["likes"].tolist() == [5.0]


def test_a_mapping_override_naming_a_missing_column_is_an_error() -> None:
    with pytest.raises(ReportFormatError) as raised:
        read_xlsx(OVERRIDE_ROWS, overrides={"reach": "Охват рекламы"})

    assert raised.value.code == "mapping_header_not_found"


def test_a_duplicate_metric_column_is_unused_and_the_first_wins() -> None:
    rows = [["Дата", "Охват", "Лайки", "Reach"], [day(1), 100, 5, 7]]

    report = read_xlsx(rows)

    assert report.table["reach"].tolist() == [100.0]
    assert report.mapping["reach"] == "Охват"
    (unused,) = report.unused_columns
    assert (unused.letter, unused.header) == ("D", "Reach")
    assert unused.reason is not None
    assert unused.reason.key == "unused.duplicate"
    assert unused.reason.params == {"metric": "reach", "other": "Охват"}


# ---------------------------------------------------------------- CSV

CSV_ROWS = [
    ["Отчёт за март 2026"],
    [],
    ["Дата", "Платформа", "Сообщество", "Подписчики", "Охват, чел.", "Лайки", "Расход, руб."],
    ["02.03.2026", "VK", "Кофейня «Зерно»", "1 240", "—", "15", "99,9"],
    ["01.03.2026", "VK", "Кофейня «Зерно»", "1 234", "1 000", "12", "1 200,50"],
    ["Итого", "", "", "", "1 000", "27", "1 300,40"],
]


def test_a_csv_report_is_read_by_the_spec_rules() -> None:
    report = read_report(csv_bytes(CSV_ROWS), "march.csv")

    table = report.table
    assert dates(report) == [day(1), day(2)]
    assert table["account"].tolist() == ["Кофейня «Зерно»"] * 2
    assert table["followers"].tolist() == [1234.0, 1240.0]
    assert table["reach"].isna().tolist() == [False, True]
    assert table["spend"].tolist() == pytest.approx([1200.5, 99.9])
    assert table["row"].tolist() == [5, 4]
    assert [s.row for s in report.skipped] == [6]


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp1251"])
@pytest.mark.parametrize("delimiter", [";", ",", "\t"])
def test_csv_encodings_and_delimiters_give_the_same_table(encoding: str, delimiter: str) -> None:
    expected = read_report(csv_bytes(CSV_ROWS), "march.csv").table

    report = read_report(csv_bytes(CSV_ROWS, delimiter, encoding), "march.csv")

    assert_frame_equal(report.table, expected)
    assert report.mapping["spend"] == "Расход, руб."


def test_us_month_first_dates_in_a_csv_are_read_month_first() -> None:
    rows = [
        ["Date", "Reach", "Likes"],
        ["09/05/2026", "90", "1"],
        ["10/01/2026", "130", "4"],
        ["09/28/2026", "120", "3"],
        ["09/27/2026 11:30 PM", "100", "2"],
    ]

    report = read_report(csv_bytes(rows, delimiter=","), "us.csv")

    assert report.table["date"].tolist() == [
        datetime(2026, 9, 5),
        datetime(2026, 9, 27, 23, 30),
        datetime(2026, 9, 28),
        datetime(2026, 10, 1),
    ]
    notes = [i for i in report.issues if i.message.key == "issue.month_first_dates"]
    assert len(notes) == 1
    assert "09/28/2026" in notes[0].render("en")


def test_slash_dates_in_a_csv_are_day_first_without_proof() -> None:
    rows = [["Дата", "Охват", "Лайки"], ["01/02/2026", "90", "1"], ["12/02/2026", "100", "2"]]

    report = read_report(csv_bytes(rows), "ru.csv")

    assert dates(report) == [date(2026, 2, 1), date(2026, 2, 12)]
    assert report.issues == ()


# ---------------------------------------------------------------- committed fixtures


def _fixture(fixtures_dir: Path, extension: str) -> Report:
    name = f"vk_report.{extension}"
    return read_report((fixtures_dir / name).read_bytes(), name)


def test_the_vk_fixture_reads_as_its_readme_describes(fixtures_dir: Path) -> None:
    report = _fixture(fixtures_dir, "xlsx")

    assert [(s.name, s.status, s.header_row) for s in report.sheets] == [
        ("Отчёт", "used", 3),
        ("Notes", "no_header", None),
    ]
    assert dates(report) == [day(n) for n in range(1, 11)]
    assert report.table["row"].tolist() == list(range(4, 14))
    assert report.table["comments"].isna().tolist() == [n == 4 for n in range(1, 11)]
    assert report.table["followers"].sum() == 50540
    assert [(s.row, s.reason.key) for s in report.skipped] == [(14, "issue.total_row")]
    assert [c.header for c in report.unused_columns] == ["Ссылка"]


@pytest.mark.parametrize("extension", ["xls", "xlsb", "ods"])
def test_every_fixture_format_gives_the_same_table(fixtures_dir: Path, extension: str) -> None:
    expected = _fixture(fixtures_dir, "xlsx")

    report = _fixture(fixtures_dir, extension)

    assert_frame_equal(report.table, expected.table)
    assert report.mapping == expected.mapping
    assert [(s.sheet, s.row) for s in report.skipped] == [
        (s.sheet, s.row) for s in expected.skipped
    ]


def test_a_note_row_is_reported_once_as_skipped_not_also_as_a_bad_date() -> None:
    rows = [HEADER, row(1), ["Источник: VK Статистика", None, None, None, None, None]]

    report = read_xlsx(rows)

    assert [(s.row, s.reason.key) for s in report.skipped] == [(3, "issue.no_values")]
    assert report.issues == ()


@pytest.mark.parametrize("header", ["Date (UTC)", "Дата (МСК)", "Дата, мск"])
def test_a_time_zone_after_the_date_header_keeps_the_date_column(header: str) -> None:
    report = read_xlsx([[header, "Охват"], [day(1), 5]])

    assert report.mapping["date"] == header
    assert report.table["date"].dt.date.tolist() == [day(1)]


def test_issues_name_real_excel_cells_when_the_table_does_not_start_at_a1() -> None:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = SHEET
    sheet["C5"], sheet["D5"], sheet["E5"] = "Дата", "Охват", "Лайки"
    sheet["C6"], sheet["D6"], sheet["E6"] = day(1), 100, 5
    sheet["C7"], sheet["D7"], sheet["E7"] = day(2), "много", 6
    buffer = io.BytesIO()
    book.save(buffer)

    report = read_report(buffer.getvalue(), "offset.xlsx")

    assert report.sheets[0].header_row == 5
    assert report.table["row"].tolist() == [6, 7]
    assert [(i.row, i.column) for i in report.issues] == [(7, "D «Охват»")]


def test_a_macro_enabled_workbook_is_read_like_xlsx() -> None:
    data = xlsx_bytes([HEADER, row(1), row(2)])

    report = read_report(data, "report.xlsm")

    assert report.rows_used == 2


def test_no_header_row_names_the_first_row_it_saw_and_how_to_map_by_hand() -> None:
    data = csv_bytes([["День недели", "Показ рекламы", "Что-то"], ["пн", 5, 6]])

    with pytest.raises(ReportFormatError) as raised:
        read_report(data, "odd.csv")

    message = raised.value.render("en")
    assert "«День недели», «Показ рекламы», «Что-то»" in message
    assert '--map reach="Header"' in message
