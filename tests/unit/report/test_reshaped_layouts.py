"""kpi-spec §4: one metric per file under a title row, and VK's long format pivoted.
Files built here; the sums are worked out by hand."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

from smm_logic.errors import ReportFormatError
from smm_logic.report.ingest import read_report
from smm_logic.usecases import score_report
from tests.builders import csv_bytes, xlsx_bytes


def test_one_metric_per_file_takes_the_metric_of_its_title() -> None:
    rows = [
        ["Facebook reach"],
        ["Date", "Primary"],
        ["2026-03-01T00:00:00", 120],
        ["2026-03-02T00:00:00", 80],
        ["2026-03-03T00:00:00", 100],
    ]

    report = read_report(csv_bytes(rows, delimiter=","), "Facebook reach.csv")

    assert report.mapping == {"date": "Date", "reach": "Primary"}
    # Σ reach = 120 + 80 + 100
    assert report.table["reach"].sum() == 300
    assert report.period == (date(2026, 3, 1), date(2026, 3, 3))
    assert "issue.metric_from_title" in [i.message.key for i in report.issues]


def test_a_title_that_names_no_metric_leaves_the_file_unread() -> None:
    rows = [["Content interactions"], ["Date", "Primary"], ["2026-03-01", 5]]

    with pytest.raises(ReportFormatError) as raised:
        read_report(csv_bytes(rows, delimiter=","), "x.csv")
    assert raised.value.code == "no_header"


VK_LONG = [
    ["Дата", "Критерий", "Парам. №1", "Парам. №2", "Значение"],
    ["01.03.2026", "reach", "", "", 1000],
    ["01.03.2026", "views", "", "", 3000],
    ["01.03.2026", "members", "Новые участники", "", 12],
    ["01.03.2026", "members", "Вышедшие участники", "", 2],
    ["01.03.2026", "feedback", "Нравится", "", 40],
    ["01.03.2026", "feedback", "Комментарии", "", 6],
    ["01.03.2026", "sex", "f", "", 700],
    ["02.03.2026", "reach", "", "", 800],
    ["02.03.2026", "feedback", "Рассказали друзьям", "", 3],
    ["02.03.2026", "age", "18-21", "", 90],
]


def test_vk_long_statistics_are_pivoted_to_one_row_per_date() -> None:
    report = read_report(xlsx_bytes(VK_LONG), "vk_stats.xlsx")

    table = report.table
    assert [d.date() for d in table["date"]] == [date(2026, 3, 1), date(2026, 3, 2)]
    assert table["reach"].tolist() == [1000.0, 800.0]
    # 2 March has no views, joins, leaves, likes or comments: 0 in such a sparse export
    assert table["views"].tolist() == [3000.0, 0.0]
    assert table["new_followers"].tolist() == [12.0, 0.0]
    assert table["unfollows"].tolist() == [2.0, 0.0]
    assert table["shares"].tolist() == [0.0, 3.0]
    assert not pd.isna(table["likes"]).any()
    # interactions = likes 40 + comments 6 + shares 3; demographics are not read
    assert score_report(report).overall["interactions"] == 49
    keys = [i.message.key for i in report.issues]
    assert "issue.long_pivoted" in keys
    (ignored,) = [i for i in report.issues if i.message.key == "issue.long_ignored"]
    assert "«sex»" in ignored.render("en") and "«age»" in ignored.render("en")
