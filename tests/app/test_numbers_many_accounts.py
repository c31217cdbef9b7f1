"""AppTest of the Numbers page with a roll-up of more accounts than it lists at once: the
scope list and the table per account stay bounded, a search finds any account, and
the chosen one stays in the list."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest

from shell.session import SCOPE, SCOPE_SEARCH, Session
from smm_logic.kpis.scope import ALL_GROUPS
from smm_logic.text import text
from tests.app.test_numbers_page import numbers_page, upload
from tests.builders import xlsx_bytes
from tests.conftest import ROOT

ACCOUNTS = 260


def _limits() -> tuple[int, int]:
    """The page's own bounds (read from its script, which is not an importable module)."""
    source = (ROOT / "pages" / "numbers.py").read_text(encoding="utf-8")
    values = {}
    for line in source.splitlines():
        for name in ("SCOPE_CHOICES", "GROUP_ROWS"):
            if line.startswith(f"{name} = "):
                values[name] = int(line.split("=")[1])
    return values["SCOPE_CHOICES"], values["GROUP_ROWS"]


def roll_up() -> bytes:
    rows: list[list[object]] = [["Дата", "Платформа", "Аккаунт", "Подписчики", "Охват", "Лайки"]]
    for number in range(ACCOUNTS):
        for day in ("01.03.2026", "02.03.2026"):
            rows.append([day, "VK", f"shop {number:03d}", 1000 + number, 500 + number, 20])
    return xlsx_bytes(rows)


def loaded() -> AppTest:
    app = upload(numbers_page(), "rollup.xlsx", roll_up())
    assert not app.exception
    return app


def test_the_scope_list_offers_a_bounded_number_of_accounts_and_says_so() -> None:
    choices, _ = _limits()
    app = loaded()

    options = app.selectbox(key=SCOPE).options

    assert len(options) == choices + 1  # the whole report and the first accounts
    assert options[0] == "All together"
    assert any(f"{choices} of {ACCOUNTS} accounts" in c.value for c in app.caption)


def test_a_search_finds_an_account_beyond_the_list_and_keeps_it_chosen() -> None:
    app = loaded()

    app.text_input(key=SCOPE_SEARCH).input("shop 25").run()
    options = app.selectbox(key=SCOPE).options
    assert options == ["All together", *(f"VK / shop {n}" for n in range(250, 260))]
    app.selectbox(key=SCOPE).select_index(3).run()  # VK / shop 252
    app.text_input(key=SCOPE_SEARCH).input("").run()

    assert not app.exception
    session = Session(app.session_state)
    assert session.scope is not None and session.scope.endswith("shop 252")
    assert "VK / shop 252" in app.selectbox(key=SCOPE).options, "the chosen one stays listed"
    assert app.selectbox(key=SCOPE).value != ALL_GROUPS


def test_the_table_per_account_shows_the_first_rows_and_says_the_export_has_all() -> None:
    _, rows = _limits()
    app = loaded()

    column = text("numbers.group_column", "en")
    tables = [frame.value for frame in app.dataframe if column in frame.value.columns]

    assert len(tables) == 1 and len(tables[0]) == rows
    assert any(f"first {rows} of {ACCOUNTS} accounts" in c.value for c in app.caption)
