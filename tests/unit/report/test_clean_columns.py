"""The short cuts of the column-by-column cleaning (issue 12) give what the rules give
cell by cell: a cell's kind told by its first byte, cells read once per distinct value
or each on its own, text columns handed over as Arrow strings, columns cleaned two at a
time, and the table's grouping and order.
"""

from __future__ import annotations

import math
import re
from datetime import datetime, timedelta

import numpy as np
import pandas as pd
import pyarrow as pa  # type: ignore[import-untyped]
import pyarrow.compute as pc  # type: ignore[import-untyped]
import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from smm_logic.report import columnar, columnar_cells
from smm_logic.report.cells import INVALID, parse_number
from smm_logic.report.columnar_cells import (
    RENDERED_BOOL,
    RENDERED_DATETIME,
    RENDERED_NUMBER,
    fill_numbers,
    fill_texts,
)
from smm_logic.report.columns import ColumnCleaner, text_value
from smm_logic.report.ingest import read_report
from smm_logic.report.layout import SheetLayout
from smm_logic.report.model import ColumnInfo, Report
from smm_logic.report.records import sorted_table
from smm_logic.report.sources import workbook
from tests.builders import xlsx_bytes

SETTINGS = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
# Every character str.strip() removes, and the characters whose UTF-8 starts as theirs do
_SPACES = "\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f \x85\xa0\u1680\u2000\u200a\u2028\u2029\u202f\u205f\u3000"
_NEIGHBOURS = "\xa9\xb0\u1681\u2014\u2030\u20bd\u3001"  # ©, °, ᚁ, —, ‰, ₽, 、
_CELL_TEXT = st.one_of(
    st.none(),
    st.sampled_from(["", "true", "false", "True", "12", "-3.5", "2025-01-01 08:00:00", "Итого"]),
    st.sampled_from(_SPACES + _NEIGHBOURS),  # a first byte that alone does not tell
    st.text(alphabet=_SPACES + _NEIGHBOURS + "-.0123456789tfVКx:", max_size=6),
)


def _rendered(cell: str) -> bool:
    return (
        re.fullmatch(RENDERED_NUMBER.strip("^$"), cell) is not None
        or re.fullmatch(RENDERED_DATETIME.strip("^$"), cell) is not None
        or cell in RENDERED_BOOL
    )


@SETTINGS
@given(st.lists(_CELL_TEXT, min_size=1, max_size=30), st.booleans())
def test_a_cells_kind_is_what_the_cell_by_cell_rules_tell(
    cells: list[str | None], typed: bool
) -> None:
    filled, texty, sure = columnar._kinds(pa.array(cells, pa.string()), typed)

    for cell, got in zip(cells, zip(filled, texty, sure, strict=True), strict=True):
        is_filled = cell not in (None, "")
        is_text = is_filled and bool(str(cell).strip())
        is_sure = is_text and not (typed and _rendered(str(cell)))
        assert (bool(got[0]), bool(got[1]), bool(got[2])) == (is_filled, is_text, is_sure), cell


_SECOND_CELL = st.one_of(
    st.none(),
    st.just(""),
    st.datetimes(datetime(1900, 1, 1), datetime(2100, 1, 1)).map(str),
    st.text(alphabet="0123456789-: T/.a\n", min_size=19, max_size=19),
    st.text(alphabet="0123456789-: ", min_size=1, max_size=25),
)
_RENDERED_SECOND = re.compile(r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d")


@SETTINGS
@given(st.lists(_SECOND_CELL, min_size=1, max_size=30), st.integers(0, 2))
@example(["2025-01-31 08:00:00", None, "", "2025-13-31 08:00:00", "2025-01-31 08:00:00"], 0)
def test_a_date_cell_as_fastexcel_renders_it_is_told_by_its_bytes_as_by_the_regex(
    cells: list[str | None], cut: int
) -> None:
    values = pa.array(cells, pa.string()).slice(min(cut, len(cells) - 1))
    masked = pc.if_else(pa.array([i % 3 > 0 for i in range(len(values))]), values, None)
    given_cells = values.to_pylist()

    for column in (values, masked):  # a missing cell may keep the bytes it had
        found = columnar_cells.second_shaped(column)
        if found is not None:  # else left to the regex
            assert found.tolist() == [
                cell is not None and _RENDERED_SECOND.fullmatch(cell) is not None
                for cell in column.to_pylist()
            ]
    lengths = {len(cell.encode()) for cell in given_cells if cell is not None}
    if lengths and lengths <= {0, 19}:  # a date column as fastexcel renders it
        assert columnar_cells.second_shaped(values) is not None


# "1…1" of 400 digits, alone, grouped or with a decimal comma: too large for a float,
# unreadable as parse_number says, on either path.
_ODD_NUMBERS = ["—", "n/a", "", " ", "1" * 400, "1 " * 200, "1" * 400 + ",5", "#DIV/0!", "1e999"]
_ODD_NUMBERS += ["+7", ".5", "1 200 ₽"]
_NUMBER_TEXT = st.one_of(
    st.none(),
    st.sampled_from(_ODD_NUMBERS),
    st.integers(-(10**6), 10**12).map(str),
    st.text(alphabet="0123456789 ,.-\u00a0₽", min_size=1, max_size=10),
)


def _cleaner(metric: str, hours_per_unit: float | None = None) -> ColumnCleaner:
    info = ColumnInfo("S", "B", metric, metric, position=1)
    return ColumnCleaner(SheetLayout("S", 1, 0), info, hours_per_unit)


@SETTINGS
@given(st.lists(_NUMBER_TEXT, min_size=1, max_size=40), st.booleans())
def test_numbers_read_per_distinct_cell_or_each_on_its_own_are_the_same(
    cells: list[str | None], per_distinct: bool
) -> None:
    cleaner = _cleaner("reach")
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(columnar_cells, "repeating", lambda values: per_distinct)
        fill_numbers(cleaner, pa.array(cells, pa.string()), np.arange(len(cells)) + 2, 2, False)

    expected = [parse_number("" if cell is None else cell) for cell in cells]
    for cell, want, got in zip(cells, expected, cleaner.parts[0].tolist(), strict=True):
        if want is None or want is INVALID:
            assert math.isnan(got), cell  # "1…1" of 400 digits too: unreadable, not inf
        else:
            assert got == want, cell
    unreadable = [cell for cell, value in zip(cells, expected, strict=True) if value is INVALID]
    noted = [issue for _, issue in cleaner.issues if issue.message.key == "issue.invalid_number"]
    assert len(noted) + cleaner.formula_errors[0] == len(unreadable)


def test_distinct_text_cells_cleaning_to_one_value_give_one_value() -> None:
    cleaner = _cleaner("platform")
    cells = ["VK", " VK", "VK  ", None, "", "Tele\u00a0 gram", "VK"]

    fill_texts(cleaner, pa.array(cells, pa.string()), typed=False)

    column = cleaner.finish(list(range(len(cells))))
    assert isinstance(column, pd.Series)
    assert column.dtype == pd.DataFrame({"x": ["a", None]})["x"].dtype  # pandas' own str
    assert [None if pd.isna(v) else v for v in column] == [text_value(c) for c in cells]


def test_a_text_column_of_empty_cells_is_a_column_of_nothing_as_cell_by_cell() -> None:
    cleaner = _cleaner("account")

    fill_texts(cleaner, pa.array([None, "", "  "], pa.string()), typed=False)

    assert cleaner.finish([0, 1, 2]) == [None, None, None]


# ---------------------------------------------------------------- whole reports, both ways

HEADER = ["Дата", "Платформа", "Аккаунт", "Подписчики", "Охват", "Расход"]
START = datetime(2025, 1, 1, 8, 0)


def _both(data: bytes, monkeypatch: pytest.MonkeyPatch) -> tuple[Report, Report]:
    as_columns = read_report(data, "t.xlsx")
    with monkeypatch.context() as patch:
        patch.setattr(workbook, "fast_sheet", lambda *args: None)
        as_cells = read_report(data, "t.xlsx")
    return as_columns, as_cells


def _assert_same(one: Report, other: Report) -> None:
    pd.testing.assert_frame_equal(one.table, other.table)
    assert one.issues == other.issues
    assert one.skipped == other.skipped


@pytest.fixture(params=["one column at a time", "two columns at a time"])
def threads(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> None:
    cells = 10**18 if request.param == "one column at a time" else 0
    monkeypatch.setattr(columnar, "_THREADED_CELLS", cells)


@pytest.mark.usefixtures("threads")
def test_names_written_differently_are_one_group_the_same_both_ways(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    rows = [
        HEADER,
        [START, "VK", "shop", 100.0, 5.0, 1.0],
        [START, " VK", "shop ", 101.0, 6.0, "—"],
        [START + timedelta(days=1), "Telegram", None, 50.0, 7.0, 2.0],
        [START + timedelta(days=1), "VK  ", "shop", 102.0, -8.0, "n/a"],
        [START, "Telegram", "", 49.0, 9.0, 3.0],
    ]

    as_columns, as_cells = _both(xlsx_bytes(rows), monkeypatch)

    _assert_same(as_columns, as_cells)
    table = as_columns.table
    assert table["platform"].tolist() == ["VK", "VK", "VK", "Telegram", "Telegram"]
    assert table["row"].tolist() == [2, 3, 5, 6, 4]  # a missing account is an empty one


@pytest.mark.usefixtures("threads")
@pytest.mark.parametrize("interleaved", [False, True])
def test_a_long_sheet_reads_the_same_both_ways_in_order_or_not(
    interleaved: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    # past the sample a column is judged on (repeating), with markers and negatives
    markers = ["—", "n/a", "1 234", "12,5", "-4", "#DIV/0!"]
    rows: list[list[object]] = [HEADER]
    for i in range(columnar_cells._SAMPLE + 500):
        platform = ("VK", "Telegram")[i % 2] if interleaved else "VK"
        day = START + timedelta(hours=i if not interleaved else (i * 7919) % 5000)
        spend: object = markers[i % len(markers)] if i % 3 else float(i % 17)
        rows.append([day, platform, f"shop{i % 3 if interleaved else 0}", float(i), spend, i])
    rows.append(["Итого", None, None, None, None, None])

    as_columns, as_cells = _both(xlsx_bytes(rows), monkeypatch)

    _assert_same(as_columns, as_cells)
    table = as_columns.table
    in_sheet_order = table["row"].tolist() == sorted(table["row"].tolist())
    assert in_sheet_order != interleaved


@pytest.mark.usefixtures("threads")
def test_what_a_column_cannot_tell_still_sends_the_sheet_to_the_cells(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    rows = [HEADER, *[[45658.0 + i, "VK", "a", 1.0, 2.0, 3.0] for i in range(30)]]
    rows.append(["2025-02-30 00:00:00", "VK", "a", 1.0, 2.0, 3.0])  # text as dates render

    as_columns, as_cells = _both(xlsx_bytes(rows), monkeypatch)

    _assert_same(as_columns, as_cells)
    assert as_columns.table["date"].iloc[0] == datetime(2025, 1, 1)  # serial day 45658


# ---------------------------------------------------------------- the table's order

_KEY = st.sampled_from([None, "", "VK", "Telegram", "shop"])
_ROW = st.tuples(_KEY, _KEY, st.one_of(st.none(), st.integers(0, 5)), st.floats(0, 9))


@SETTINGS
@given(st.lists(_ROW, max_size=25), st.booleans(), st.booleans(), st.booleans())
def test_the_table_is_grouped_by_first_appearance_and_by_date_within(
    rows: list[tuple[str | None, str | None, int | None, float]],
    by_date: bool,
    as_text: bool,
    stacked: bool,
) -> None:
    if by_date:  # each group's rows by date already (undated last), as most reports list them
        rows = sorted(rows, key=lambda row: 99 if row[2] is None else row[2])
    keys = {"platform": [r[0] for r in rows], "account": [r[1] for r in rows]}
    table = pd.DataFrame(
        {
            "date": pd.to_datetime(
                [None if r[2] is None else START + timedelta(r[2]) for r in rows]
            ),
            **{key: pd.Series(v, dtype="str" if as_text else object) for key, v in keys.items()},
            "reach": [r[3] for r in rows],
        }
    )
    if stacked:  # two sheets one after the other: Arrow columns of two chunks
        half = len(table) // 2
        table = pd.concat([table.iloc[:half], table.iloc[half:]], ignore_index=True)

    got = sorted_table(table, ["date", "platform", "account", "reach"])

    pairs = [(p or "", a or "") for p, a in zip(keys["platform"], keys["account"], strict=True)]
    first = {pair: n for n, pair in reversed(list(enumerate(pairs)))}
    group = sorted(first.values()).index
    undated = len(rows) + 10
    order = sorted(
        range(len(rows)),
        key=lambda i: (group(first[pairs[i]]), undated if rows[i][2] is None else rows[i][2]),
    )
    expected = table.iloc[order].reset_index(drop=True)
    pd.testing.assert_frame_equal(got, expected)
