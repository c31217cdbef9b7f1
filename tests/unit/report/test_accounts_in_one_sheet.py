"""kpi-spec §4: several accounts in one sheet without an account column, and summary
tables (one row per channel for a period). Files built here; KPIs worked out by hand."""

from __future__ import annotations

from smm_logic.report.ingest import read_report
from smm_logic.usecases import score_report
from tests.builders import csv_bytes, xlsx_bytes


def test_a_channel_link_column_tells_the_accounts_apart() -> None:
    rows = [
        ["Date", "Channel Link", "Followers", "Views", "Reactions"],
        ["2026-03-01", "https://t.me/beans", 1000, 500, 20],
        ["2026-03-01", "https://t.me/cups", 300, 100, 4],
        ["2026-03-02", "https://t.me/beans", 1010, 600, 30],
        ["2026-03-02", "https://t.me/cups", 290, 90, 2],
    ]

    report = read_report(csv_bytes(rows, delimiter=","), "channels.csv")

    assert report.mapping["account"] == "Channel Link"
    assert "issue.account_from_column" in [i.message.key for i in report.issues]
    groups = {g.account: g for g in score_report(report).groups}
    assert set(groups) == {"https://t.me/beans", "https://t.me/cups"}
    # followers are never mixed across channels: end − start per channel
    assert groups["https://t.me/beans"].kpis["followers_end"] == 1010
    assert groups["https://t.me/cups"].kpis["followers_end"] == 290
    # interactions per channel: 20 + 30 and 4 + 2
    assert groups["https://t.me/beans"].kpis["interactions"] == 50
    assert groups["https://t.me/cups"].kpis["interactions"] == 6


def test_a_summary_table_makes_each_row_its_own_group_and_never_sums_averages() -> None:
    rows = [
        ["Название", "Start date", "End date", "Subscribers", "Post count", "Average reach"],
        ["Beans", "2026-03-01", "2026-03-31", 12000, 40, 3100],
        ["Cups", "2026-03-01", "2026-03-31", 800, 12, 250],
    ]

    report = read_report(xlsx_bytes(rows), "summary.xlsx")

    assert report.mapping["account"] == "Название"
    assert report.mapping["date"] == "Start date"
    assert report.table["account"].tolist() == ["Beans", "Cups"]
    assert "reach" not in report.mapping
    unused = {c.header: c.reason.key if c.reason else None for c in report.unused_columns}
    assert unused["Average reach"] == "unused.profile_rate"
    result = score_report(report)
    assert len(result.groups) == 2
    # posts are summed over rows: 40 + 12; the average reach is not a reach
    assert report.table["posts"].sum() == 52
    assert {g.account: g.kpis["followers_end"] for g in result.groups} == {
        "Beans": 12000,
        "Cups": 800,
    }


def test_a_post_link_column_is_not_an_account() -> None:
    rows = [
        ["Дата", "Ссылка", "Охват", "Лайки"],
        ["01.03.2026", "https://vk.com/wall-1_1", 100, 5],
        ["02.03.2026", "https://vk.com/wall-1_2", 200, 6],
    ]

    report = read_report(xlsx_bytes(rows), "posts.xlsx")

    assert "account" not in report.mapping
    assert len(score_report(report).groups) == 1
