"""A handout of an agency's roll-up: the cover names a few accounts and says how many
more there are, instead of a list of thousands; the workbook still has every account."""

from __future__ import annotations

import io
from datetime import datetime

import pytest
from openpyxl import load_workbook

from smm_logic.assessment.scorecard import NAMED_ACCOUNTS as COVER_ACCOUNTS
from smm_logic.outputs.workbook import WorkbookSources, handout_workbook
from smm_logic.report.ingest import read_report
from smm_logic.report.model import Report
from smm_logic.text import Lang
from smm_logic.usecases import aggregate_report, analyse_report, make_handout
from tests.builders import csv_bytes

# Excel refuses a cell longer than this (and "repairs" the file by emptying it).
EXCEL_CELL_LIMIT = 32_767


def roll_up(accounts: int) -> Report:
    rows: list[list[object]] = [["Дата", "Платформа", "Аккаунт", "Подписчики", "Лайки"]]
    rows += [
        [datetime(2026, 3, 1), "VK", f"client_{number:05d}", 1_000 + number, 10 + number % 7]
        for number in range(accounts)
    ]
    return read_report(csv_bytes(rows), "agency.csv")


@pytest.mark.parametrize(("lang", "more"), [("en", "…and 2,988 more"), ("ru", "…и ещё 2\u00a0988")])
def test_the_cover_names_the_first_accounts_and_counts_the_rest(lang: Lang, more: str) -> None:
    handout = make_handout(None, roll_up(3_000), lang)

    accounts = handout.cover.accounts
    assert accounts[:COVER_ACCOUNTS] == tuple(
        f"VK / client_{number:05d}" for number in range(COVER_ACCOUNTS)
    )
    assert accounts[COVER_ACCOUNTS:] == (more,)


def test_a_cover_with_few_accounts_names_them_all() -> None:
    handout = make_handout(None, roll_up(COVER_ACCOUNTS), "en")

    assert len(handout.cover.accounts) == COVER_ACCOUNTS
    assert all(label.startswith("VK / client_") for label in handout.cover.accounts)


def test_the_workbooks_captions_fit_in_a_cell_and_every_account_has_its_row() -> None:
    report = roll_up(3_000)
    analysis = analyse_report(aggregate_report(report))
    handout = make_handout(None, report, "en", analysis=analysis)

    data = handout_workbook(handout, "en", WorkbookSources(report=report, analysis=analysis))

    book = load_workbook(io.BytesIO(data), read_only=True)
    for sheet in book.worksheets:
        caption = str(next(sheet.iter_rows(max_row=1, values_only=True))[0])
        assert len(caption) < EXCEL_CELL_LIMIT and "2,988 more" in caption, sheet.title
    by_account = book["By account"]
    accounts = [row[1] for row in by_account.iter_rows(min_row=3, values_only=True)]
    assert accounts == [f"client_{number:05d}" for number in range(3_000)]
