"""kpi-spec §4 dates, duplicate headers and totals as real exports write them."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pandas as pd
import pytest

from smm_logic.report.cells import INVALID, infer_years, is_total_label, parse_date
from smm_logic.report.ingest import read_report
from smm_logic.report.model import Report
from tests.builders import csv_bytes, xlsx_bytes


def dates(report: Report) -> list[date | None]:
    return [None if pd.isna(value) else value.date() for value in report.table["date"]]


def keys(report: Report) -> list[str]:
    return [issue.message.key for issue in report.issues]


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("16-04-2026", datetime(2026, 4, 16)),
        ("01-02-2026", datetime(2026, 2, 1)),
        ("Apr 16, 2026", datetime(2026, 4, 16)),
        ("April 16, 2026", datetime(2026, 4, 16)),
        ("2019-10-14 8:30", datetime(2019, 10, 14, 8, 30)),
        ("2026-04-16T08:30:00+03:00", datetime(2026, 4, 16, 8, 30)),
        ("2026-04-16T08:30:00.000Z", datetime(2026, 4, 16, 8, 30)),
        ("2026-04-16T08:30:00-0700", datetime(2026, 4, 16, 8, 30)),
    ],
)
def test_export_date_spellings_are_read(cell: str, expected: datetime) -> None:
    assert parse_date(cell) == expected


@pytest.mark.parametrize(
    "cell", ["01.01.0001", "0001-01-01", "31.12.1899", "01.01.2101", "Jan 1989"]
)
def test_a_four_digit_year_outside_the_sane_range_is_invalid_not_invented(cell: str) -> None:
    assert parse_date(cell) is INVALID


def test_a_python_date_far_in_the_past_is_invalid() -> None:
    assert parse_date(date(1, 1, 1)) is INVALID


def test_years_of_a_consecutive_daily_sequence_end_no_later_than_today() -> None:
    days = ["February 27", "February 28", "March 1"]

    assert infer_years(days, date(2026, 12, 1)) == {
        (2, 27): date(2026, 2, 27),
        (2, 28): date(2026, 2, 28),
        (3, 1): date(2026, 3, 1),
    }
    # March 1 has not come yet in 2026: the sequence is last year's.
    assert infer_years(days, date(2026, 2, 28))[(3, 1)] == date(2025, 3, 1)  # type: ignore[index]


def test_a_sequence_across_new_year_and_newest_first_gets_two_years() -> None:
    days = ["January 2", "January 1", "December 31"]

    found = infer_years(days, date(2026, 1, 5))

    assert found == {
        (1, 2): date(2026, 1, 2),
        (1, 1): date(2026, 1, 1),
        (12, 31): date(2025, 12, 31),
    }


def test_days_that_are_not_a_daily_sequence_get_no_year() -> None:
    assert infer_years(["February 1", "February 5"], date(2026, 12, 1)) is None


def _tiktok_days(count: int) -> list[date]:
    last = date.today() - timedelta(days=3)
    return [last - timedelta(days=count - 1 - i) for i in range(count)]


def test_a_tiktok_overview_without_years_is_dated_and_the_inference_noted() -> None:
    days = _tiktok_days(5)
    rows: list[list[object]] = [["Date", "Video views", "Likes", "Comments"]]
    rows += [[f"{d:%B} {d.day}", 100 * (i + 1), 10, 1] for i, d in enumerate(days)]

    report = read_report(csv_bytes(rows, delimiter=","), "Overview.csv")

    assert dates(report) == days
    # Σ views = 100 + 200 + 300 + 400 + 500
    assert report.table["views"].sum() == 1500
    (note,) = [i for i in report.issues if i.message.key == "issue.year_inferred"]
    assert note.message.params["first"] == days[0].isoformat()
    assert note.message.params["last"] == days[-1].isoformat()
    assert "issue.invalid_date" not in keys(report)


def test_an_unreadable_date_column_gives_one_note_not_one_per_row() -> None:
    rows: list[list[object]] = [["Дата", "Охват", "Лайки"]]
    rows += [[f"неделя {n}", 100, 5] for n in range(1, 8)]

    report = read_report(xlsx_bytes(rows), "r.xlsx")

    assert keys(report).count("issue.date_column_unreadable") == 1
    assert "issue.invalid_date" not in keys(report)
    assert report.rows_used == 7
    assert report.period is None


def test_english_month_names_under_russian_headers() -> None:
    rows = [["Дата", "Охват", "Лайки"], ["Apr 16, 2026", 100, 5], ["Apr 17, 2026", 50, 1]]

    report = read_report(csv_bytes(rows), "r.csv")

    assert dates(report) == [date(2026, 4, 16), date(2026, 4, 17)]


def test_the_row_date_wins_over_a_publish_time_before_it() -> None:
    rows = [
        ["Video publish time", "Date", "Views", "Likes"],
        ["Jan 5, 2026", "2026-03-01", 10, 1],
        ["Jan 6, 2026", "2026-03-02", 20, 2],
    ]

    report = read_report(csv_bytes(rows, delimiter=","), "yt.csv")

    assert report.mapping["date"] == "Date"
    assert dates(report) == [date(2026, 3, 1), date(2026, 3, 2)]
    assert "issue.duplicate_column" not in keys(report)


def test_two_columns_with_the_same_header_read_the_first_and_note_the_second() -> None:
    rows = [["Дата", "Охват", "Лайки", "Охват"], ["01.03.2026", 100, 5, 7]]

    report = read_report(xlsx_bytes(rows), "r.xlsx")

    assert report.table["reach"].tolist() == [100.0]
    (note,) = [i for i in report.issues if i.message.key == "issue.duplicate_column"]
    assert note.column == "D «Охват»"
    assert note.message.params["first"] == "B «Охват»"
    assert "Охват" in note.render("ru")


@pytest.mark.parametrize(
    "label",
    ["Итоговое значение", "Итого и средние", "Grand total", "Total", "Итоговое значение:"],
)
def test_totals_rows_named_by_exports_are_totals(label: str) -> None:
    assert is_total_label(label)


def test_a_totals_row_of_an_export_is_skipped_wherever_it_sits() -> None:
    rows = [
        ["Дата", "Охват", "Лайки"],
        ["Итоговое значение", 300, 15],
        ["01.03.2026", 100, 5],
        ["02.03.2026", 200, 10],
        ["Итого и средние", 300, 15],
    ]

    report = read_report(xlsx_bytes(rows), "r.xlsx")

    # Σ reach = 100 + 200; both totals rows left out
    assert report.table["reach"].sum() == 300
    assert [s.row for s in report.skipped] == [2, 5]


@pytest.mark.parametrize(
    "header", ["Engagement rate", "CTR (%)", "Average reach", "Процент досмотров", "Средний охват"]
)
def test_a_rate_or_average_written_by_any_export_is_never_summed(header: str) -> None:
    rows = [["Дата", "Охват", header], ["01.03.2026", 100, 5], ["02.03.2026", 200, 7]]

    report = read_report(xlsx_bytes(rows), "r.xlsx")

    (column,) = report.unused_columns
    assert column.header == header
    assert column.reason is not None
    assert column.reason.key == "unused.profile_rate"
    assert report.table["reach"].sum() == 300
