"""Hostile uploads cost one worker process, never the server or another session; what
the pages show in downloadable tables is never a formula."""

from __future__ import annotations

import threading

from streamlit.testing.v1 import AppTest

from smm_logic.errors import ReportFormatError
from smm_logic.usecases import load_report
from tests.app.test_numbers_page import numbers_page, upload
from tests.builders import xlsx_bytes
from tests.unit.report.test_hostile_files import _HEADER, xlsx

# One cell at the last cell of a sheet whose dimension lies: only the worker's memory
# limit stops calamine from allocating some 512 GB for it.
LAST_CELL = '<row r="1048576"><c r="XFD1048576"><v>1</v></c></row>'


def _sample(app: AppTest) -> AppTest:
    app.radio(key="numbers_input_mode").set_value("sample").run()
    app.button(key="numbers_sample_load").click().run()
    return app


def test_a_second_session_keeps_working_while_the_first_uploads_a_bomb() -> None:
    bomb = xlsx(_HEADER + LAST_CELL, "A1:B2")
    codes: list[str] = []

    def other_session_uploads() -> None:
        # What the first session's upload runs (AppTest cannot run two scripts at once).
        for _ in range(3):
            try:
                load_report(bomb, "bomb.xlsx")
            except ReportFormatError as error:
                codes.append(error.code)

    bombing = threading.Thread(target=other_session_uploads)
    bombing.start()
    second = _sample(numbers_page())
    bombing.join(120)

    assert codes == ["needs_too_much_memory"] * 3
    assert second.metric and not second.error
    first = upload(numbers_page(), "bomb.xlsx", bomb)
    assert any("GB of memory" in error.value for error in first.error)
    # The server goes on: the first session reads a good file next.
    good = [["Дата", "Охват"], ["01.03.2026", 100], ["02.03.2026", 120]]
    upload(first, "good.xlsx", xlsx_bytes(good))
    assert first.metric and not first.error


def test_an_extent_bomb_is_refused_with_its_rows_and_the_page_goes_on() -> None:
    app = upload(numbers_page(), "far.xlsx", xlsx(_HEADER + LAST_CELL, "A1:XFD1048576"))

    assert any("1048576 rows" in error.value for error in app.error)


def test_text_a_spreadsheet_would_run_is_shown_as_text_in_the_tables() -> None:
    csv = (
        'Дата;Платформа;Аккаунт;Охват;=HYPERLINK("http://x")\n'
        "01.03.2026;VK;=cmd|' /C calc'!A0;100;@SUM(1)\n"
        "02.03.2026;VK;=cmd|' /C calc'!A0;120;+1\n"
        "01.03.2026;Telegram;main;50;x\n"
        "02.03.2026;Telegram;main;70;y\n"
    )

    app = upload(numbers_page(), "formulas.csv", csv.encode("utf-8"))

    cells = [
        str(value)
        for frame in app.dataframe
        for value in [*frame.value.columns, *frame.value.to_numpy().ravel().tolist()]
    ]
    assert not [cell for cell in cells if cell.startswith(("=", "+", "@", "\t", "\r"))]
    assert any(cell.startswith("'=HYPERLINK") for cell in cells)
    assert any("=cmd" in cell for cell in cells)  # shown, behind its platform


def test_the_report_store_is_bounded_by_bytes_and_keeps_the_newest() -> None:
    from shell.cache import ByteBudgetCache, estimate_bytes

    store = ByteBudgetCache(budget_bytes=3_000_000)
    made: list[int] = []

    def make(number: int) -> bytes:
        made.append(number)
        return bytes(1_000_000)

    for number in range(5):
        store.get_or_make(number, lambda number=number: make(number))  # type: ignore[misc]
    store.get_or_make(4, lambda: make(99))

    assert len(store) == 2 and store.used_bytes <= 3_000_000
    assert made == [0, 1, 2, 3, 4], "a kept value is not made again"
    assert store.get_or_make("huge", lambda: bytes(10_000_000)) is not None
    assert len(store) == 1  # the newest is kept however large
    report = load_report(xlsx_bytes([["Дата", "Охват"], ["01.03.2026", 1]]), "r.xlsx")
    assert estimate_bytes(report) >= report.table.memory_usage(deep=True).sum()
