"""kpi-spec §2, cell by cell: text numbers, durations, dates and total labels."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, date, datetime, time, timedelta

import pytest

from smm_logic.report.cells import (
    INVALID,
    is_total_label,
    parse_date,
    parse_number,
    slash_order_hint,
)
from smm_logic.report.ingest import read_report

MINUTES = 1 / 60
DAYS = 24.0


# ---------------------------------------------------------------- numbers


@pytest.mark.parametrize("cell", [12.5, 7, 0, -3.25, 1_234_567, 0.1 + 0.2])
def test_excel_numbers_are_taken_as_they_are(cell: float) -> None:
    value = parse_number(cell)

    assert type(value) is float
    assert value == float(cell)


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("1 234", 1234.0),
        ("1\u00a0234", 1234.0),  # no-break space, as Excel in Russian writes it
        ("1\u202f234", 1234.0),  # narrow no-break space
        ("1 234 567", 1_234_567.0),
        ("1\u00a0234\u00a0567", 1_234_567.0),
        ("  1 234  ", 1234.0),
    ],
)
def test_spaces_and_no_break_spaces_are_thousands_separators(cell: str, expected: float) -> None:
    value = parse_number(cell)

    assert value == expected


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("12,5", 12.5),
        ("0,5", 0.5),
        ("1,25", 1.25),
        ("1,2345", 1.2345),
        ("1 234,56", 1234.56),
        (",5", 0.5),
    ],
)
def test_a_lone_comma_not_followed_by_three_digits_is_the_decimal_separator(
    cell: str, expected: float
) -> None:
    value = parse_number(cell)

    assert value == pytest.approx(expected)


@pytest.mark.parametrize(
    ("cell", "expected"),
    [("1,234", 1234.0), ("12,345", 12_345.0), ("999,000", 999_000.0), ("1,234,567", 1_234_567.0)],
)
def test_a_comma_followed_by_exactly_three_digits_separates_thousands(
    cell: str, expected: float
) -> None:
    value = parse_number(cell)

    assert value == expected


@pytest.mark.parametrize(
    ("cell", "expected"),
    [("0,500", 0.5), ("1234,567", 1234.567), ("12 345,678", 12_345.678)],
)
def test_a_comma_that_cannot_group_thousands_is_a_decimal_comma(cell: str, expected: float) -> None:
    value = parse_number(cell)

    assert value == pytest.approx(expected)


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("1,234.5", 1234.5),
        ("1.234,5", 1234.5),
        ("1,234,567.89", 1_234_567.89),
        ("1.234.567,89", 1_234_567.89),
        ("1.234.567", 1_234_567.0),
    ],
)
def test_mixed_separators_take_the_last_one_as_decimal(cell: str, expected: float) -> None:
    value = parse_number(cell)

    assert value == pytest.approx(expected)


@pytest.mark.parametrize(
    ("cell", "expected"),
    [("12,5%", 12.5), ("12.5 %", 12.5), ("100%", 100.0), ("0,75 %", 0.75), ("-3%", -3.0)],
)
def test_a_trailing_percent_sign_keeps_the_number(cell: str, expected: float) -> None:
    value = parse_number(cell)

    assert value == pytest.approx(expected)


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("1 200 ₽", 1200.0),
        ("₽1 200", 1200.0),
        ("$1,200.50", 1200.5),
        ("1200 руб.", 1200.0),
        ("1 200 р.", 1200.0),
        ("1200р", 1200.0),
        ("USD 15", 15.0),
        ("15 USD", 15.0),
        ("RUB 1 200", 1200.0),
        ("€1.200,50", 1200.5),
        ("1 200,50 ₽", 1200.5),
    ],
)
def test_currency_signs_and_codes_are_dropped(cell: str, expected: float) -> None:
    value = parse_number(cell)

    assert value == pytest.approx(expected)


@pytest.mark.parametrize(
    "cell", [None, "", "   ", "—", "–", "-", "n/a", "N/A", "н/д", "нет данных"]
)
def test_dashes_na_and_empty_cells_are_missing_not_invalid(cell: object) -> None:
    value = parse_number(cell)

    assert value is None


@pytest.mark.parametrize(
    "cell",
    [
        "abc",
        "12abc",
        "см. комментарий",
        "12-15",
        "5-",
        True,
        date(2024, 2, 1),
        time(1, 30),  # a clock time is not a count outside a duration column
        timedelta(hours=2),
    ],
)
def test_anything_else_in_a_metric_cell_is_invalid(cell: object) -> None:
    value = parse_number(cell)

    assert value is INVALID


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("-5", -5.0),
        ("−5", -5.0),  # U+2212 minus sign
        ("-12,5", -12.5),
        ("+5", 5.0),
        ("(5)", -5.0),
        ("(1 200 ₽)", -1200.0),
        ("-$5", -5.0),
    ],
)
def test_negative_and_accounting_numbers_keep_their_sign(cell: str, expected: float) -> None:
    value = parse_number(cell)

    assert value == pytest.approx(expected)


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("1.2K", 1200.0),
        ("1,2K", 1200.0),
        ("3 тыс", 3000.0),
        ("3 тыс.", 3000.0),
        ("1,5 тыс.", 1500.0),
        ("1.5 млн", 1_500_000.0),
        ("120 чел.", 120.0),
    ],
)
def test_thousand_and_million_suffixes_multiply(cell: str, expected: float) -> None:
    value = parse_number(cell)

    assert value == pytest.approx(expected)


@pytest.mark.parametrize(
    ("cell", "hours_per_unit", "expected"),
    [
        (30, MINUTES, 0.5),  # plain number under a "мин" header
        (30.0, MINUTES, 0.5),
        ("30", MINUTES, 0.5),
        ("0,5", 1.0, 0.5),
        (2, DAYS, 48.0),
        ("15 мин", 1.0, 0.25),  # a unit in the cell wins over the header's
        ("15 мин", MINUTES, 0.25),
        ("15мин", DAYS, 0.25),
        ("90 min", 1.0, 1.5),
        ("2 h", MINUTES, 2.0),
        ("1,5 часа", MINUTES, 1.5),
        ("1 день", 1.0, 24.0),
        ("1:30", MINUTES, 1.5),
        ("1:30:00", 1.0, 1.5),
        (time(1, 30), MINUTES, 1.5),
        (time(0, 45), 1.0, 0.75),
        (timedelta(minutes=90), MINUTES, 1.5),
        (timedelta(days=1), 1.0, 24.0),
    ],
)
def test_duration_cells_are_converted_to_hours(
    cell: object, hours_per_unit: float, expected: float
) -> None:
    value = parse_number(cell, hours_per_unit=hours_per_unit)

    assert value == pytest.approx(expected)


@pytest.mark.parametrize("hours_per_unit", [None, 1.0, MINUTES])
@pytest.mark.parametrize("cell", [float("inf"), float("-inf"), float("nan"), "inf", "-inf"])
def test_infinity_and_nan_are_invalid(cell: object, hours_per_unit: float | None) -> None:
    value = parse_number(cell, hours_per_unit=hours_per_unit)

    assert value is INVALID


# ---------------------------------------------------------------- dates


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        (date(2024, 2, 1), datetime(2024, 2, 1)),
        (datetime(2024, 2, 1, 13, 5), datetime(2024, 2, 1, 13, 5)),
        (datetime(2024, 2, 1, 13, 5, tzinfo=UTC), datetime(2024, 2, 1, 13, 5)),
    ],
)
def test_excel_dates_are_taken_as_they_are(cell: object, expected: datetime) -> None:
    value = parse_date(cell)

    assert value == expected
    assert isinstance(value, datetime)
    assert value.tzinfo is None


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("2024-02-01", datetime(2024, 2, 1)),
        ("2024/02/01", datetime(2024, 2, 1)),
        ("2024-02-01 13:05", datetime(2024, 2, 1, 13, 5)),
        ("2024-02-01T13:05:10", datetime(2024, 2, 1, 13, 5, 10)),
        ("2024-02-01T13:05:10Z", datetime(2024, 2, 1, 13, 5, 10)),
        ("2024-02-01 23:30:00", datetime(2024, 2, 1, 23, 30)),
    ],
)
def test_iso_dates_with_and_without_time(cell: str, expected: datetime) -> None:
    value = parse_date(cell)

    assert value == expected


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("01.02.2024", datetime(2024, 2, 1)),
        ("1.2.2024", datetime(2024, 2, 1)),
        ("28.09.2026", datetime(2026, 9, 28)),
        ("01.02.24", datetime(2024, 2, 1)),
        ("01/02/24", datetime(2024, 2, 1)),
    ],
)
def test_dotted_dates_are_day_first_and_two_digit_years_are_this_century(
    cell: str, expected: datetime
) -> None:
    value = parse_date(cell)

    assert value == expected


@pytest.mark.parametrize(
    ("cell", "month_first", "expected"),
    [
        ("01/02/2024", False, datetime(2024, 2, 1)),
        ("28/09/2026", False, datetime(2026, 9, 28)),
        ("01/02/2024", True, datetime(2024, 1, 2)),
        ("09/28/2026", True, datetime(2026, 9, 28)),
    ],
)
def test_slash_dates_are_day_first_unless_told_month_first(
    cell: str, month_first: bool, expected: datetime
) -> None:
    value = parse_date(cell, month_first=month_first)

    assert value == expected


def test_a_month_first_slash_date_is_invalid_when_read_day_first() -> None:
    value = parse_date("09/28/2026")

    assert value is INVALID


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        (["01/02/2024", "09/28/2026"], (True, "09/28/2026")),
        (["01/02/2024", " 09/28/2026 11:30 PM "], (True, "09/28/2026 11:30 PM")),
        ([date(2024, 1, 1), None, 5, "09/28/26"], (True, "09/28/26")),
        (["01/02/2024", "03/04/2024"], (False, None)),
        (["28/09/2026", "01/02/2024"], (False, None)),
        (["2024-09-28", "28.09.2026"], (False, None)),
        ([], (False, None)),
    ],
)
def test_slash_order_hint_finds_the_value_that_proves_month_first(
    values: Sequence[object], expected: tuple[bool, str | None]
) -> None:
    hint = slash_order_hint(values)

    assert hint == expected


@pytest.mark.parametrize(
    ("cell", "month_first", "expected"),
    [
        ("01.02.2024 13:05", False, datetime(2024, 2, 1, 13, 5)),
        ("01.02.2024 13:05:59", False, datetime(2024, 2, 1, 13, 5, 59)),
        ("01/02/2024 11:30 PM", False, datetime(2024, 2, 1, 23, 30)),
        ("01/02/2024, 11:30 PM", False, datetime(2024, 2, 1, 23, 30)),
        ("01/02/2024 12:15 AM", False, datetime(2024, 2, 1, 0, 15)),
        ("09/28/2026 11:30 PM", True, datetime(2026, 9, 28, 23, 30)),
        ("Jan 5, 2024 11:30 PM", False, datetime(2024, 1, 5, 23, 30)),
        ("1 марта 2024 10:00", False, datetime(2024, 3, 1, 10, 0)),
    ],
)
def test_a_time_after_the_date_is_kept(cell: str, month_first: bool, expected: datetime) -> None:
    value = parse_date(cell, month_first=month_first)

    assert value == expected


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("Январь 2024", datetime(2024, 1, 1)),
        ("января 2024", datetime(2024, 1, 1)),
        ("янв. 2024", datetime(2024, 1, 1)),
        ("Май 2024", datetime(2024, 5, 1)),
        ("Сентябрь 2024", datetime(2024, 9, 1)),
        ("Март 2024 г.", datetime(2024, 3, 1)),
        ("5 января 2024", datetime(2024, 1, 5)),
        ("Jan 2024", datetime(2024, 1, 1)),
        ("January 2024", datetime(2024, 1, 1)),
        ("Sept 2024", datetime(2024, 9, 1)),
        ("Feb. 2024", datetime(2024, 2, 1)),
        ("5 Jan 2024", datetime(2024, 1, 5)),
        ("Jan 5, 2024", datetime(2024, 1, 5)),
        ("5 January 2024", datetime(2024, 1, 5)),
    ],
)
def test_month_names_in_russian_or_english_with_a_year(cell: str, expected: datetime) -> None:
    value = parse_date(cell)

    assert value == expected


@pytest.mark.parametrize(
    "cell",
    [
        "01.02.2024 – 07.02.2024",
        "01.02.2024 - 07.02.2024",
        "01.02.2024—07.02.2024",
        "2024-02-01 — 2024-02-07",
        "01.02.2024 по 07.02.2024",
        "с 01.02.2024 по 07.02.2024",
        "from 2024-02-01 to 2024-02-07",
        "01.02 – 07.02.2024",
        "Пн, 01.02.2024",
    ],
)
def test_a_period_is_dated_by_its_first_day(cell: str) -> None:
    value = parse_date(cell)

    assert value == datetime(2024, 2, 1)


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        (45323, datetime(2024, 2, 1)),
        (45323.0, datetime(2024, 2, 1)),
        (45323.5, datetime(2024, 2, 1, 12, 0)),
        (32874, datetime(1990, 1, 1)),
    ],
)
def test_excel_serial_numbers_in_range_are_dates(cell: float, expected: datetime) -> None:
    value = parse_date(cell)

    assert value == expected


@pytest.mark.parametrize(
    "cell",
    [
        100,  # a count, not a date
        1_000_000.0,
        "abc",
        "31.02.2024",
        "29.02.2023",
        "32.01.2024",
        "2024-13-01",
        "13/13/2024",
        "Q1 2024",
        "2024",
        "Итого",
        True,
    ],
)
def test_unreadable_dates_are_invalid(cell: object) -> None:
    value = parse_date(cell)

    assert value is INVALID


@pytest.mark.parametrize("cell", [None, "", "   ", "—", "-", "n/a"])
def test_empty_and_dash_dates_are_missing(cell: object) -> None:
    value = parse_date(cell)

    assert value is None


# ---------------------------------------------------------------- total rows


@pytest.mark.parametrize(
    "label",
    [
        "Итого",
        "ИТОГО",
        "Итого:",
        "  Итого  ",
        "Итого за март",
        "Всего",
        "Всего за период",
        "Total",
        "TOTAL",
        "Total:",
        "Total for March",
        "Sum",
        "Grand total",
        "Grand Total:",
    ],
)
def test_total_labels_mark_total_rows(label: str) -> None:
    found = is_total_label(label)

    assert found is True


@pytest.mark.parametrize(
    "label",
    [
        "Total Fitness",  # an account name, not a total
        "Totally Spies",
        "Summer sale",
        "Итоговый пост",
        "VK",
        "Кофейня «Зерно»",
        "Всего понемногу",  # a shop's name
    ],
)
def test_names_that_only_start_like_a_total_are_not_totals(label: str) -> None:
    found = is_total_label(label)

    assert found is False


def test_formula_errors_written_as_text_are_missing_values_noted_once_per_column() -> None:
    data = "Дата;Охват;Лайки\n01.03.2026;100;#DIV/0!\n02.03.2026;#N/A;4\n03.03.2026;50;#ДЕЛ/0!\n"

    report = read_report(data.encode(), "errors.csv")

    assert report.table["likes"].isna().tolist() == [True, False, True]
    assert report.table["reach"].isna().tolist() == [False, True, False]
    notes = [i for i in report.issues if i.message.key == "error.cells_with_errors"]
    assert [(i.column, i.message.params["count"]) for i in notes] == [
        ("B «Охват»", 1),
        ("C «Лайки»", 2),
    ]
    assert not [i for i in report.issues if i.message.key == "issue.invalid_number"]
