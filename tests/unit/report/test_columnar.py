"""Sheets read as Arrow columns (fastexcel, Arrow's CSV reader) and cleaned column by
column give the report the cell-by-cell path gives: the same table, issues, skipped rows
and Excel row numbers (issue 12). Where the columns cannot tell a number cell from text
the sheet is read cell by cell, and the answer is still the cell-by-cell one.
"""

from __future__ import annotations

import math
import os
from collections.abc import Callable, Iterator, Sequence
from datetime import datetime
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa  # type: ignore[import-untyped]
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from smm_logic.errors import ReportFormatError
from smm_logic.report.cells import INVALID, parse_date, parse_number
from smm_logic.report.columnar_cells import fill_dates, fill_numbers
from smm_logic.report.columns import ColumnCleaner
from smm_logic.report.ingest import read_report
from smm_logic.report.layout import SheetLayout
from smm_logic.report.model import ColumnInfo, Report
from smm_logic.report.sources import delimited, workbook
from smm_logic.report.sources.sheet import RawSheet
from tests.builders import csv_bytes, xlsx_bytes

HEADER = ["Дата", "Платформа", "Аккаунт", "Подписчики", "Охват", "Расход", "Заметка", "Пусто"]
HUGE = "длинный текст " * 3000


def _row(day: object, reach: object, **cells: object) -> list[object]:
    followers = cells.get("followers", 1000.0)
    spend, note = cells.get("spend", 10.0), cells.get("note", "")
    return [day, cells.get("platform", "VK"), "shop", followers, reach, spend, note, None]


MIXED_ROWS: list[list[object]] = [
    HEADER,
    _row(datetime(2025, 1, 1, 8, 0), 1.234),  # a number cell: 1.234 as it is
    _row(datetime(2025, 1, 2), "1,234"),  # text: a comma before three digits groups
    _row("03.01.2025", "12,5", spend="1 200 ₽"),
    _row("2025-01-04 10:30", "—", spend="n/a", note=HUGE),
    _row(datetime(2025, 1, 5), -5.0, spend="12 345,67"),
    [None] * len(HEADER),
    _row("06.01.2025", "abc", followers="1\u00a0234"),
    _row("31.02.2025", 100.0),  # no such day
    ["Итого", None, None, None, 5000.0, None, None, None],
]


@pytest.fixture
def cells_only(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every sheet read cell by cell (python-calamine, the csv module)."""
    monkeypatch.setattr(workbook, "fast_sheet", lambda *args: None)
    monkeypatch.setattr(delimited, "arrow_csv_sheet", lambda *args: None)


@pytest.fixture
def columns_only(monkeypatch: pytest.MonkeyPatch) -> None:
    """Sheets read as columns may not fall back to the cells: a fallback fails the read."""

    def no_cells() -> RawSheet:
        raise AssertionError("the sheet was read cell by cell")

    def without_exact(
        reader: Callable[..., RawSheet | None], at: int
    ) -> Callable[..., RawSheet | None]:
        def read(*args: Any) -> RawSheet | None:  # ``at``: where the reader takes ``exact``
            return reader(*args[:at], no_cells, *args[at + 1 :])

        return read

    monkeypatch.setattr(workbook, "fast_sheet", without_exact(workbook.fast_sheet, 3))
    monkeypatch.setattr(delimited, "arrow_csv_sheet", without_exact(delimited.arrow_csv_sheet, 4))


def _both(data: bytes, name: str, monkeypatch: pytest.MonkeyPatch) -> tuple[Report, Report]:
    """The report read as columns, and read cell by cell."""
    as_columns = read_report(data, name)
    with monkeypatch.context() as patch:
        patch.setattr(workbook, "fast_sheet", lambda *args: None)
        patch.setattr(delimited, "arrow_csv_sheet", lambda *args: None)
        as_cells = read_report(data, name)
    return as_columns, as_cells


def _assert_same(one: Report, other: Report) -> None:
    pd.testing.assert_frame_equal(one.table, other.table)
    assert one.issues == other.issues
    assert one.skipped == other.skipped
    assert one.sheets == other.sheets
    assert one.columns == other.columns


@pytest.mark.usefixtures("columns_only")
def test_a_number_cell_stays_as_it_is_while_text_follows_the_text_rules() -> None:
    report = read_report(xlsx_bytes(MIXED_ROWS, title_rows=2), "mixed.xlsx")

    table = report.table  # by date; the row dated 31.02 (no such day) last
    assert _values(table["reach"]) == [1.234, 1234.0, 12.5, None, -5.0, None, 100.0]
    assert _values(table["spend"]) == [10.0, 10.0, 1200.0, None, 12345.67, 10.0, 10.0]
    assert _values(table["followers"])[5] == 1234.0
    assert table["row"].tolist() == [4, 5, 6, 7, 8, 10, 11]


def _values(column: pd.Series) -> list[object]:
    return [None if math.isnan(value) else value for value in column.tolist()]


def test_a_mixed_workbook_reads_the_same_as_columns_and_as_cells(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    as_columns, as_cells = _both(xlsx_bytes(MIXED_ROWS, title_rows=2), "mixed.xlsx", monkeypatch)

    _assert_same(as_columns, as_cells)
    keys = {issue.message.key for issue in as_columns.issues}
    assert {"issue.invalid_number", "issue.negative_value", "issue.invalid_date"} <= keys
    # the total row on Excel row 12 (two title rows, the header on row 3)
    assert [(s.row, s.reason.key) for s in as_columns.skipped] == [(12, "issue.total_row")]


def test_a_mixed_csv_reads_the_same_through_arrow_and_the_csv_module(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    rows = [["Отчёт за январь"], [], *[[_csv(c) for c in row] for row in MIXED_ROWS]]

    as_columns, as_cells = _both(csv_bytes(rows), "mixed.csv", monkeypatch)

    _assert_same(as_columns, as_cells)
    assert as_columns.table["reach"].tolist()[1] == 1234.0  # text "1,234"


def _csv(cell: object) -> object:
    if isinstance(cell, datetime):
        return cell.strftime("%d.%m.%Y %H:%M")
    if isinstance(cell, float):
        return repr(cell).replace(".", ",")
    return cell


@pytest.mark.usefixtures("columns_only")
def test_a_csv_with_a_sep_line_and_decimal_commas_is_read_as_columns() -> None:
    rows = [["Дата", "Охват", "Лайки"], ["01.02.2025", "10,5", "3"], ["02.02.2025", "1,234", "4"]]
    data = b"sep=;\r\n" + csv_bytes(rows, encoding="utf-8")

    report = read_report(data, "report.csv")

    assert report.table["reach"].tolist() == [10.5, 1234.0]
    assert report.table["date"].tolist() == [datetime(2025, 2, 1), datetime(2025, 2, 2)]


def test_a_csv_with_an_empty_line_among_its_rows_keeps_its_row_numbers(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    rows = [["Дата", "Охват"], ["01.02.2025", "1"], [], ["02.02.2025", "2"], ["Итого", "3"]]

    as_columns, as_cells = _both(csv_bytes(rows), "gaps.csv", monkeypatch)

    _assert_same(as_columns, as_cells)
    assert as_columns.table["row"].tolist() == [2, 4]
    assert [(s.row, s.reason.key) for s in as_columns.skipped] == [(5, "issue.total_row")]


@pytest.mark.parametrize(
    "rows",
    [
        # a serial day number in the date column: a number cell is a date, text is not
        [["Дата", "Охват", "Лайки"], [45658.0, 10.0, 1.0], [45659.0, 20.0, 2.0]],
        # "Итого" after a number cell: the number is no text, so the row is a total row
        [["Охват", "Лайки", "Заметка"], [10.0, 1.0, ""], [30.0, 3.0, "Итого"]],
        # a boolean cell is named as Excel shows it, not as rendered
        [["Дата", "Охват", "Лайки"], ["01.02.2025", True, 1.0], ["02.02.2025", 2.0, 2.0]],
        # a date cell in the header row names its column as Python writes it
        [["Дата", "Охват", datetime(2025, 1, 1)], ["01.02.2025", 1.0, "x"]],
        # a tiny number in a text column reads as Python writes it
        [["Дата", "Аккаунт", "Охват"], ["01.02.2025", 0.00001, 1.0], ["02.02.2025", "a", 2.0]],
    ],
)
def test_what_the_columns_cannot_tell_is_read_cell_by_cell(
    rows: list[list[object]], monkeypatch: pytest.MonkeyPatch
) -> None:
    as_columns, as_cells = _both(xlsx_bytes(rows), "typed.xlsx", monkeypatch)

    _assert_same(as_columns, as_cells)


def test_a_serial_date_and_a_total_after_a_number_keep_their_cell_meaning() -> None:
    dated = read_report(xlsx_bytes([["Дата", "Охват"], [45658.0, 10.0]]), "serial.xlsx")
    total_rows = [["Охват", "Лайки", "Заметка"], [10.0, 1.0, ""], [30.0, 3.0, "Итого"]]
    totalled = read_report(xlsx_bytes(total_rows), "total.xlsx")

    assert dated.table["date"].tolist() == [datetime(2025, 1, 1)]
    assert [(s.row, s.reason.key) for s in totalled.skipped] == [(3, "issue.total_row")]


def test_error_cells_are_noted_once_per_column_as_columns_and_as_cells(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # openpyxl writes a cell holding an error code as an Excel error cell (t="e")
    rows = [["Дата", "Охват", "Лайки"], ["01.02.2025", "#DIV/0!", 1.0], ["02.02.2025", 5.0, 2.0]]

    as_columns, as_cells = _both(xlsx_bytes(rows), "errors.xlsx", monkeypatch)

    _assert_same(as_columns, as_cells)
    notes = [i for i in as_columns.issues if i.message.key == "error.cells_with_errors"]
    assert len(notes) == 1


@pytest.mark.usefixtures("cells_only")
def test_the_cell_by_cell_readers_stay_available() -> None:
    report = read_report(xlsx_bytes(MIXED_ROWS, title_rows=2), "mixed.xlsx")

    assert report.table["reach"].tolist()[1] == 1234.0


# ---------------------------------------------------------------- cells against the rules

_NUMBER_TEXT = st.text(alphabet="0123456789 ,.-+−()₽%\u00a0'ekKмлн", min_size=0, max_size=12)
_DATE_TEXT = st.one_of(
    st.text(alphabet="0123456789.-/: T", min_size=0, max_size=19),
    st.builds(
        "{:02d}.{:02d}.{} {:02d}:{:02d}".format,
        st.integers(0, 35),
        st.integers(0, 14),
        st.integers(1985, 2105),
        st.integers(0, 25),
        st.integers(0, 61),
    ),
)
SETTINGS = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _cleaner(metric: str, hours_per_unit: float | None = None) -> ColumnCleaner:
    info = ColumnInfo("S", "B", metric, metric, position=1)
    return ColumnCleaner(SheetLayout("S", 1, 0), info, hours_per_unit)


def _expected(value: object) -> object:
    return None if value is INVALID else value


@SETTINGS
@given(st.lists(_NUMBER_TEXT, min_size=1, max_size=20), st.sampled_from([None, 1 / 60]))
def test_a_column_of_text_numbers_reads_as_parse_number_reads_each(
    cells: list[str], hours_per_unit: float | None
) -> None:
    metric = "response_time" if hours_per_unit else "reach"
    cleaner = _cleaner(metric, hours_per_unit)

    fill_numbers(cleaner, pa.array(cells), np.arange(len(cells)) + 2, 2, typed=False)

    for cell, got in zip(cells, cleaner.parts[0].tolist(), strict=True):
        expected = _expected(parse_number(cell, hours_per_unit=hours_per_unit))
        assert (expected is None and math.isnan(got)) or expected == got, cell


@SETTINGS
@given(st.lists(_DATE_TEXT, min_size=1, max_size=20))
def test_a_column_of_text_dates_reads_as_parse_date_reads_each(cells: list[str]) -> None:
    cleaner = _cleaner("date")

    fill_dates(cleaner, pa.array(cells), typed=False)

    got = cleaner.finish(list(range(len(cells))))
    values = got.tolist() if isinstance(got, np.ndarray) else got
    if cleaner.finished is None:
        return  # an unreadable cell: the column went to the cell-by-cell cleaner itself
    expected = [_expected(parse_date(cell)) for cell in cells]
    assert [None if v is None or pd.isna(v) else v for v in _as_datetimes(values)] == expected


def _as_datetimes(values: Sequence[object]) -> Iterator[object]:
    for value in values:
        if isinstance(value, np.datetime64):
            yield None if np.isnat(value) else value.astype("datetime64[us]").item()
        else:
            yield value


# ---------------------------------------------------------------- whole tables, both ways

_WORDS = (
    "", " ", "—", "n/a", "Итого", "Всего по VK", "VK", "Telegram", "1 234", "12,5", "1,234",
    "1 200 ₽", "abc", "01.02.2025", "2025-02-03", "31.02.2025", "03/04/2025", "12", "-3",
    "true", "#DIV/0!", "0,5", "1.5k",
)  # fmt: skip
_CELLS = st.one_of(
    st.none(),
    st.sampled_from(_WORDS),
    st.floats(-1e6, 1e6, allow_nan=False).map(lambda x: round(x, 3)),
    st.integers(0, 10**6).map(float),
    st.datetimes(datetime(1995, 1, 1), datetime(2030, 1, 1)).map(
        lambda d: d.replace(microsecond=0)
    ),
    st.booleans(),
)
_TABLES = st.lists(st.lists(_CELLS, min_size=6, max_size=6), min_size=1, max_size=12)
TABLE_HEADER = ["Дата", "Платформа", "Охват", "Лайки", "Время ответа, мин", "Заметка"]
# COLUMNAR_EXAMPLES=500 searches harder for a table the two paths read differently.
TABLE_SETTINGS = settings(
    max_examples=int(os.environ.get("COLUMNAR_EXAMPLES", "40")),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)


@TABLE_SETTINGS
@given(_TABLES, st.integers(0, 3))
def test_any_table_reads_the_same_as_columns_and_as_cells(
    rows: list[list[object]], title_rows: int
) -> None:
    with pytest.MonkeyPatch.context() as monkeypatch:
        for data, name in (
            (xlsx_bytes([TABLE_HEADER, *rows], title_rows=title_rows), "table.xlsx"),
            (csv_bytes([TABLE_HEADER, *[[_csv(cell) for cell in row] for row in rows]]), "t.csv"),
        ):
            outcomes = []
            for readers in ("columns", "cells"):
                if readers == "cells":
                    monkeypatch.setattr(workbook, "fast_sheet", lambda *args: None)
                    monkeypatch.setattr(delimited, "arrow_csv_sheet", lambda *args: None)
                try:
                    outcomes.append(read_report(data, name))
                except ReportFormatError as error:
                    outcomes.append(error.code)  # type: ignore[arg-type]
            monkeypatch.undo()
            as_columns, as_cells = outcomes
            if isinstance(as_columns, Report) and isinstance(as_cells, Report):
                _assert_same(as_columns, as_cells)
            else:
                assert as_columns == as_cells


@settings(max_examples=100, deadline=None)
@given(st.text(alphabet="ab;\r\n\x0b\x1c\u2028", max_size=300), st.integers(1, 60))
def test_the_delimiter_is_sniffed_from_the_same_first_lines_as_before(
    text: str, count: int
) -> None:
    long_text = text * 400  # past the first stretch the lines are looked for in

    assert delimited._first_lines(long_text, count) == long_text.splitlines()[:count]
