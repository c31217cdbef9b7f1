"""Workbook layouts real exports have: tables on their side, one sheet per network."""

from __future__ import annotations

from datetime import date

from smm_logic.report.ingest import read_report
from tests.builders import multi_sheet_xlsx, xlsx_bytes
from tests.kpi_oracle import report_kpis

AGENCY_ROWS: list[list[object]] = [
    ["Отчёт агентства: ВКонтакте, I квартал 2026"],
    [],
    ["Показатель", "Январь 2026", "Февраль 2026", "Март 2026", "Итого"],
    ["Подписчики", 1000, 1100, 1250, None],
    ["Охват", 5000, "6 000", "abc", 11000],
    ["Лайки", 100, 120, 150, 370],
    ["ER, %", "2%", "2,1%", "2,5%", None],
]


def test_a_table_with_metrics_down_and_months_across_is_read_on_its_side() -> None:
    report = read_report(xlsx_bytes(AGENCY_ROWS), "agency.xlsx")

    assert report.sheets[0].transposed
    assert report.table["date"].dt.date.tolist() == [
        date(2026, 1, 1),
        date(2026, 2, 1),
        date(2026, 3, 1),
    ]
    assert report.table["followers"].tolist() == [1000, 1100, 1250]
    assert report_kpis(report).overall["follower_growth_pct"] == 25.0


def test_problems_in_a_transposed_table_name_the_real_cell() -> None:
    report = read_report(xlsx_bytes(AGENCY_ROWS), "agency.xlsx")

    bad = [issue for issue in report.issues if issue.message.key == "issue.invalid_number"]
    assert [(issue.row, issue.column) for issue in bad] == [(5, "D «Охват»")]
    assert [(s.row, s.column) for s in report.skipped] == [(None, "E")]
    assert "ER, %" in [column.header for column in report.unused_columns]


def test_sheets_named_after_networks_become_platforms_when_there_is_no_platform_column() -> None:
    header = ["Дата", "Подписчики", "Лайки"]
    data = multi_sheet_xlsx(
        {
            "VK": [header, [date(2026, 3, 1), 1000, 10], [date(2026, 3, 2), 1010, 10]],
            "Telegram": [header, [date(2026, 3, 1), 300, 5], [date(2026, 3, 2), 330, 5]],
        }
    )

    result = report_kpis(read_report(data, "channels.xlsx"))

    assert [(g.platform, g.account) for g in result.groups] == [("VK", None), ("Telegram", None)]
    assert result.overall["followers_start"] == 1300
    assert result.overall["followers_end"] == 1340


def test_sheets_with_generic_names_stay_one_group() -> None:
    header = ["Дата", "Подписчики", "Лайки"]
    data = multi_sheet_xlsx(
        {
            "Лист1": [header, [date(2026, 3, 1), 1000, 10]],
            "Лист2": [header, [date(2026, 3, 2), 1010, 10]],
        }
    )

    result = report_kpis(read_report(data, "split.xlsx"))

    assert len(result.groups) == 1
    assert result.overall["followers_net_change"] == 10


def test_an_html_table_saved_as_xls_is_read() -> None:
    html = (
        "<html><body><table><tr><th>Дата</th><th>Охват</th><th>Лайки</th></tr>"
        "<tr><td>01.03.2026</td><td>1&nbsp;000</td><td>10</td></tr>"
        "<tr><td>02.03.2026</td><td>500</td><td>5</td></tr></table></body></html>"
    ).encode("cp1251")

    report = read_report(html, "export.xls")

    assert report.table["reach"].tolist() == [1000, 500]
    assert report_kpis(report).overall["err_pct"] == 1.0
