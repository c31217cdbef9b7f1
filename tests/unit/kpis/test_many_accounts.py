"""An agency's roll-up of hundreds of accounts in one file: every KPI, per account and for
the whole report, is what the slow oracle computes account by account (kpi-spec §3).

The report is read from a real workbook: accounts interleaved by date, one to five
monthly rows each (many with one row), values missing here and there, an account without
any followers value, one without a platform. Values are multiples of 1/4, so every sum is
exact in any order and the results must be equal, not only close.
"""

from __future__ import annotations

import random
from datetime import datetime

import numpy as np
import pytest

from smm_logic.kpis.cube import build_cube, cube_kpis
from smm_logic.kpis.formulas import pairwise_totals
from smm_logic.kpis.periods import Period
from smm_logic.kpis.scope import ALL_GROUPS, Scope, scope_options
from smm_logic.report.ingest import read_report
from smm_logic.report.model import Report
from smm_logic.usecases import aggregate_report, analyse_report
from tests.builders import xlsx_bytes
from tests.kpi_oracle import compare_periods, compute_kpis, in_scope, rows_in

ACCOUNTS = 300
HEADER = ["Дата", "Платформа", "Аккаунт", "Подписчики", "Охват", "Лайки", "Комментарии",
          "Расход", "Время ответа"]  # fmt: skip
PLATFORMS = ("VK", "Telegram", "Instagram", "Одноклассники")
MONTHS = [datetime(2026, month, 1) for month in range(1, 6)]


def _maybe(rng: random.Random, value: float, missing: float = 0.15) -> float | None:
    return None if rng.random() < missing else value


def _quarter(rng: random.Random, low: int, high: int) -> float:
    return rng.randint(low * 4, high * 4) / 4


def many_accounts_rows(accounts: int = ACCOUNTS, seed: int = 12) -> list[list[object]]:
    rng = random.Random(seed)
    rows: list[list[object]] = []
    for number in range(accounts):
        months = 1 if number % 3 == 0 else rng.randint(1, len(MONTHS))
        platform = None if number == 7 else PLATFORMS[number % len(PLATFORMS)]
        for month in sorted(rng.sample(MONTHS, months)):
            followers = None if number == 5 else _maybe(rng, rng.randint(0, 50_000))
            rows.append([
                month, platform, f"client_{number:04d}", followers,
                _maybe(rng, _quarter(rng, 0, 9_000)), _maybe(rng, _quarter(rng, 0, 600)),
                _maybe(rng, rng.randint(0, 40), 0.4), _maybe(rng, _quarter(rng, 0, 3_000), 0.5),
                _maybe(rng, _quarter(rng, 0, 48), 0.6),
            ])  # fmt: skip
    rng.shuffle(rows)  # a roll-up lists accounts in no particular order
    return [HEADER, *rows]


@pytest.fixture(scope="module")
def report() -> Report:
    return read_report(xlsx_bytes(many_accounts_rows()), "agency.xlsx")


def test_every_account_and_the_whole_report_get_the_oracles_kpis(report: Report) -> None:
    result = cube_kpis(aggregate_report(report))
    expected = compute_kpis(report.table)

    assert len(result.groups) == ACCOUNTS
    assert result.rows == expected.rows == len(report.table)
    assert result.groups == expected.groups
    assert result.overall == expected.overall


def test_one_row_accounts_have_their_row_as_start_end_and_average(report: Report) -> None:
    groups = {group.account: group for group in cube_kpis(aggregate_report(report)).groups}
    table = report.table
    one_row = table.groupby("account").filter(lambda rows: len(rows) == 1)
    assert len(one_row) >= ACCOUNTS // 3
    for row in one_row.itertuples():
        kpis = groups[row.account].kpis
        if row.followers == row.followers:  # known
            assert kpis["followers_start"] == kpis["followers_end"] == row.followers
            assert kpis["followers_net_change"] == 0
        else:
            assert kpis["followers_start"] is None and kpis["followers_end"] is None


def test_an_account_analysed_alone_gets_the_kpis_of_its_own_rows(report: Report) -> None:
    cube = aggregate_report(report)
    scopes = scope_options(cube)
    assert len(scopes) == ACCOUNTS + 1
    for scope in (scopes[1], scopes[8], scopes[len(scopes) // 2], scopes[-1]):
        analysis = analyse_report(cube, scope)
        assert analysis.result.overall == compute_kpis(in_scope(report.table, scope)).overall


def test_a_month_of_many_accounts_is_compared_with_the_month_before(report: Report) -> None:
    cube = aggregate_report(report)
    april = Period(MONTHS[3].date(), datetime(2026, 4, 30).date())

    analysis = analyse_report(cube, Scope(ALL_GROUPS), april)

    expected = compare_periods(
        report.table, Period(MONTHS[2].date(), datetime(2026, 3, 31).date()), april
    )
    assert analysis.comparison is not None and expected is not None
    assert analysis.comparison.changes == expected.changes
    assert analysis.result.overall == compute_kpis(rows_in(report.table, april)).overall


def test_the_whole_reports_per_post_rates_lie_between_its_accounts(report: Report) -> None:
    result = cube_kpis(build_cube(report.table))
    for kpi in ("er_followers_pct", "reach_rate_pct", "talk_rate_pct"):
        values = [g.kpis[kpi] for g in result.groups if g.kpis[kpi] is not None]
        whole = result.overall[kpi]
        assert values and whole is not None
        assert min(values) <= whole <= max(values)


def test_each_accounts_total_of_any_floats_is_its_own_sum_to_the_last_bit() -> None:
    """Money such as 1 234.56 is not exact in binary: an account's total must be what
    summing that account's values alone gives, however many accounts share the array."""
    rng = np.random.default_rng(4)
    lengths = rng.choice([1, 1, 1, 2, 3, 5, 9, 130, 700], size=2_000)
    account = np.repeat(np.arange(len(lengths)), lengths)
    rng.shuffle(account)
    values = np.round(rng.uniform(0, 10_000, len(account)) * 10 ** rng.integers(-2, 6), 2)

    totals = pairwise_totals(values, account, len(lengths) + 1)

    expected = [np.add.reduce(values[account == number]) for number in range(len(lengths))]
    assert totals[:-1].tolist() == expected
    assert totals[-1] == 0  # a scope without any value
