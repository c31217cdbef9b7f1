"""The KPI workbook: every sheet in the user's language, real numbers and dates, no formulas."""

from __future__ import annotations

import io
import math
from dataclasses import replace
from datetime import date, datetime

import pandas as pd
import pytest
from openpyxl import load_workbook
from openpyxl.workbook import Workbook

from smm_logic.format import format_day
from smm_logic.kpis.catalog import kpi_catalog
from smm_logic.kpis.periods import Period
from smm_logic.kpis.scope import rows_in_selection, scope_options
from smm_logic.outputs.excel import export_file_name, export_workbook
from smm_logic.outputs.excel_charts import daily_trends
from smm_logic.report.ingest import read_report
from smm_logic.report.model import Report
from smm_logic.text import Lang
from tests.builders import csv_bytes, xlsx_bytes
from tests.kpi_oracle import compare_periods, report_kpis

HEADER = ["Дата", "Платформа", "Аккаунт", "Подписчики", "Лайки", "Комментарии", "Репосты", "Охват"]
SHEETS: dict[Lang, list[str]] = {
    "ru": ["Показатели", "Графики", "По аккаунтам", "Периоды", "Данные"],
    "en": ["KPI", "Charts", "By account", "Periods", "Data"],
}
DATA_HEADERS: dict[Lang, list[str]] = {
    "ru": [*HEADER, "Лист в файле", "Строка в файле"],
    "en": ["Date", "Platform", "Account", "Followers", "Likes", "Comments", "Shares", "Reach",
           "Source sheet", "Source row"],
}  # fmt: skip
# Every sheet starts with a row saying what it covers; the table's header is under it.
HEADER_ROW = 2
INJECTIONS = ('=HYPERLINK("http://x")', "+7 999", "-minus", "@handle")


def two_accounts_rows() -> list[list[object]]:
    """Ten days of two accounts; no spend or clicks, so the money KPIs cannot be computed."""
    rows: list[list[object]] = [HEADER]
    for day in range(1, 11):
        rows.append([datetime(2026, 3, day), "VK", "brand", 1000 + 10 * day, 50 + day, 5, 2, 400])
        rows.append([datetime(2026, 3, day), "Telegram", "brand_tg", 2000 + 5 * day, 20, 1, 0, 300])
    return rows


def sample_report() -> Report:
    return read_report(xlsx_bytes(two_accounts_rows()), "report.xlsx")


def export(report: Report, lang: Lang, **options: object) -> Workbook:
    result = report_kpis(report)
    comparison = compare_periods(report.table)
    data = export_workbook(report, result, comparison, lang, **options)  # type: ignore[arg-type]
    return load_workbook(io.BytesIO(data))


def kpi_rows(workbook: Workbook, lang: Lang) -> dict[str, tuple[object, ...]]:
    """KPI name → its row on the KPI sheet."""
    sheet = workbook[SHEETS[lang][0]]
    names = {info.name.render(lang) for info in kpi_catalog().values()}
    return {
        row[0]: row
        for row in sheet.iter_rows(min_row=HEADER_ROW + 1, values_only=True)
        if row[0] in names
    }


@pytest.mark.parametrize("lang", ["ru", "en"])
def test_sheets_are_named_in_the_users_language(lang: Lang) -> None:
    report = sample_report()

    workbook = export(report, lang)

    assert workbook.sheetnames == SHEETS[lang]


def test_the_periods_sheet_is_left_out_without_a_comparison() -> None:
    report = sample_report()

    data = export_workbook(report, report_kpis(report), None, "en")

    assert load_workbook(io.BytesIO(data)).sheetnames == ["KPI", "Charts", "By account", "Data"]


@pytest.mark.parametrize("lang", ["ru", "en"])
def test_every_kpi_value_is_the_computed_number(lang: Lang) -> None:
    report = sample_report()
    expected = report_kpis(report).overall

    rows = kpi_rows(export(report, lang), lang)

    assert len(rows) == len(kpi_catalog())
    for kpi, info in kpi_catalog().items():
        value = rows[info.name.render(lang)][1]
        if expected[kpi] is None:
            assert value is None, kpi
        else:
            assert isinstance(value, int | float), kpi
            assert math.isclose(value, expected[kpi], rel_tol=1e-9), kpi


def test_a_kpi_without_its_columns_is_an_empty_cell_naming_the_missing_columns() -> None:
    report = sample_report()

    ru = kpi_rows(export(report, "ru"), "ru")
    en = kpi_rows(export(report, "en"), "en")

    cpc = kpi_catalog()["cpc"]
    assert ru[cpc.name.render("ru")][1] is None
    assert "Недостаточно данных" in ru[cpc.name.render("ru")][5]
    assert "«Расход»" in ru[cpc.name.render("ru")][5] and "«Клики»" in ru[cpc.name.render("ru")][5]
    assert "«Spend»" in en[cpc.name.render("en")][5] and "«Clicks»" in en[cpc.name.render("en")][5]


def test_a_kpi_with_its_columns_but_a_zero_denominator_says_so() -> None:
    rows = [["Дата", "Подписчики", "Комментарии", "Негатив"]]
    rows += [[datetime(2026, 3, day), 100, 0, 0] for day in (1, 2)]
    report = read_report(xlsx_bytes(rows), "zero.xlsx")

    en = kpi_rows(export(report, "en"), "en")

    reason = en[kpi_catalog()["negative_share_pct"].name.render("en")][5]
    assert "denominator is zero" in reason


def test_a_computed_kpi_has_no_reason_text() -> None:
    report = sample_report()

    en = kpi_rows(export(report, "en"), "en")

    assert en[kpi_catalog()["err_pct"].name.render("en")][5] is None


@pytest.mark.parametrize("lang", ["ru", "en"])
def test_every_kpi_shows_its_formula_unit_and_direction(lang: Lang) -> None:
    report = sample_report()

    rows = kpi_rows(export(report, lang), lang)

    for info in kpi_catalog().values():
        row = rows[info.name.render(lang)]
        assert row[4] == info.formula.render(lang)
        assert row[2] and row[3]
    err = kpi_catalog()["err_pct"].name.render(lang)
    assert rows[err][3] == {"ru": "больше — лучше", "en": "higher is better"}[lang]


def test_values_carry_a_number_format_suited_to_their_unit() -> None:
    report = sample_report()

    sheet = export(report, "en")["KPI"]

    formats = {
        row[0].value: row[1].number_format
        for row in sheet.iter_rows(min_row=HEADER_ROW + 1, max_row=HEADER_ROW + 22)
    }
    assert formats[kpi_catalog()["followers_end"].name.render("en")] == "#,##0"
    assert "%" in formats[kpi_catalog()["err_pct"].name.render("en")]


def test_targets_add_the_target_and_its_attainment() -> None:
    report = sample_report()
    overall = report_kpis(report).overall
    targets = {"err_pct": 10.0, "cpc": 5.0}

    workbook = export(report, "en", targets=targets)

    sheet = workbook["KPI"]
    assert [c.value for c in sheet[HEADER_ROW]][6:] == ["Target", "Target attainment, %"]
    rows = kpi_rows(workbook, "en")
    err = rows[kpi_catalog()["err_pct"].name.render("en")]
    assert err[6] == 10
    assert math.isclose(err[7], overall["err_pct"] / 10 * 100)  # type: ignore[operator]
    cpc = rows[kpi_catalog()["cpc"].name.render("en")]
    assert cpc[6] == 5 and cpc[7] is None
    assert rows[kpi_catalog()["reach_rate_pct"].name.render("en")][6:] == (None, None)


def test_a_lower_is_better_kpi_attains_its_target_as_target_over_value() -> None:
    negative = kpi_catalog()["negative_share_pct"].name.render("en")
    rows = [[*r, "Негатив"] for r in two_accounts_rows()[:1]]
    rows += [[*r, 1] for r in two_accounts_rows()[1:]]
    report = read_report(xlsx_bytes(rows), "report.xlsx")
    value = report_kpis(report).overall["negative_share_pct"]

    row = kpi_rows(export(report, "en", targets={"negative_share_pct": 5.0}), "en")[negative]

    assert value is not None
    assert math.isclose(row[7], 5.0 / value * 100)  # type: ignore[arg-type]


def test_without_targets_there_are_no_target_columns() -> None:
    report = sample_report()

    sheet = export(report, "en")["KPI"]

    assert sheet.cell(row=HEADER_ROW, column=7).value is None


def test_the_report_name_scope_and_period_are_written_under_the_table() -> None:
    report = sample_report()

    sheet = export(report, "en", scope_label="VK / brand")["KPI"]

    below = {
        row[0]: row[1]
        for row in sheet.iter_rows(min_row=HEADER_ROW + 23, values_only=True)
        if row[0]
    }
    assert below["Report"] == "report.xlsx"
    assert below["Scope"] == "VK / brand"
    assert below["Period"] == f"{format_day(date(2026, 3, 1), 'en')} – " + format_day(
        date(2026, 3, 10), "en"
    )
    assert below["Rows used"] == 20


def test_the_groups_sheet_has_one_row_per_account_and_every_kpi_as_a_column() -> None:
    report = sample_report()
    result = report_kpis(report)

    sheet = export(report, "en")["By account"]

    header = [c.value for c in sheet[HEADER_ROW]]
    assert header[:3] == ["Platform", "Account", "Rows"]
    assert header[3:] == [info.name.render("en") for info in kpi_catalog().values()]
    rows = list(sheet.iter_rows(min_row=HEADER_ROW + 1, values_only=True))
    assert [(r[0], r[1], r[2]) for r in rows] == [("VK", "brand", 10), ("Telegram", "brand_tg", 10)]
    for row, group in zip(rows, result.groups, strict=True):
        for kpi, cell in zip(kpi_catalog(), row[3:], strict=True):
            expected = group.kpis[kpi]
            assert cell is None if expected is None else math.isclose(cell, expected), kpi


@pytest.mark.parametrize("lang", ["ru", "en"])
def test_the_periods_sheet_compares_the_two_halves_with_their_dates_in_the_header(
    lang: Lang,
) -> None:
    report = sample_report()
    comparison = compare_periods(report.table)
    assert comparison is not None

    sheet = export(report, lang)[SHEETS[lang][3]]

    header = [c.value for c in sheet[HEADER_ROW]]
    assert format_day(comparison.previous_period.start, lang) in header[1]
    assert format_day(comparison.previous_period.end, lang) in header[1]
    assert format_day(comparison.current_period.start, lang) in header[2]
    assert format_day(comparison.current_period.end, lang) in header[2]
    rows = {row[0]: row for row in sheet.iter_rows(min_row=HEADER_ROW + 1, values_only=True)}
    for kpi, change in comparison.changes.items():
        row = rows[kpi_catalog()[kpi].name.render(lang)]
        for cell, expected in zip(
            row[1:5],
            (change.previous, change.current, change.absolute, change.relative_pct),
            strict=True,
        ):
            assert cell is None if expected is None else math.isclose(cell, expected), kpi


@pytest.mark.parametrize("lang", ["ru", "en"])
def test_the_data_sheet_has_localized_headers_real_dates_and_the_source_row(lang: Lang) -> None:
    report = sample_report()

    sheet = export(report, lang)[SHEETS[lang][4]]

    header = [c.value for c in sheet[HEADER_ROW]]
    expected = DATA_HEADERS[lang]
    assert sorted(header) == sorted(expected)
    assert sheet.max_row == HEADER_ROW + len(report.table)
    first = sheet[HEADER_ROW + 1]
    date_cell = first[header.index(expected[0])]
    assert date_cell.is_date and date_cell.value == datetime(2026, 3, 1)
    assert first[header.index(expected[-2])].value == "Отчёт"
    assert isinstance(first[header.index(expected[-1])].value, int)


def test_formula_injection_is_written_as_unchanged_text_on_every_sheet() -> None:
    rows = [["Дата", "Платформа", "Аккаунт", "Подписчики", "Лайки"]]
    for day in (1, 2, 3, 4):
        rows.append([f"2026-03-0{day}", INJECTIONS[0], INJECTIONS[1], 100 + day, 5])
        rows.append([f"2026-03-0{day}", INJECTIONS[2], INJECTIONS[3], 200 + day, 7])
    report = read_report(csv_bytes(rows), "report.csv")
    assert set(report.table["platform"]) == {INJECTIONS[0], INJECTIONS[2]}

    workbook = export(report, "en")

    for title in ("By account", "Data"):
        cells = [c for row in workbook[title].iter_rows() for c in row if c.value in INJECTIONS]
        assert {c.value for c in cells} == set(INJECTIONS), title
        for cell in cells:
            assert cell.data_type == "s", (title, cell.coordinate)
            assert cell.quotePrefix, (title, cell.coordinate)


def test_a_scope_label_that_looks_like_a_formula_stays_text() -> None:
    report = sample_report()

    sheet = export(report, "en", scope_label="=1+1")["KPI"]

    cell = next(c for row in sheet.iter_rows() for c in row if c.value == "=1+1")
    assert cell.data_type == "s"


def test_control_characters_are_dropped_instead_of_failing() -> None:
    report = sample_report()
    table = report.table.copy()
    table["account"] = table["account"].map(lambda name: f"bad\x07na\x00me{name[-3:]}")
    dirty = replace(report, table=table, name="re\x1bport.xlsx")

    workbook = export(dirty, "en")

    accounts = {
        row[2] for row in workbook["Data"].iter_rows(min_row=HEADER_ROW + 1, values_only=True)
    }
    assert accounts == {"badnameand", "badname_tg"}


def test_charts_of_followers_and_interactions_are_native_excel_charts() -> None:
    report = sample_report()

    sheet = export(report, "en")["Charts"]

    charts = sheet._charts
    assert len(charts) == 2
    assert {type(chart).__name__ for chart in charts} == {"LineChart", "BarChart"}
    assert [c.value for c in sheet[HEADER_ROW]] == ["Day", "Followers", "Interactions"]
    assert sheet.max_row == HEADER_ROW + 10
    day = sheet.cell(row=HEADER_ROW + 1, column=1)
    assert day.is_date and day.value == datetime(2026, 3, 1)
    assert sheet.cell(row=HEADER_ROW + 1, column=2).value == 1010 + 2005
    assert sheet.cell(row=HEADER_ROW + 1, column=3).value == (51 + 5 + 2) + (20 + 1 + 0)


def test_a_chart_whose_inputs_are_absent_is_skipped_with_a_note() -> None:
    rows = [["Дата", "Лайки", "Охват"]]
    rows += [[datetime(2026, 3, day), 10 * day, 100] for day in (1, 2, 3)]
    report = read_report(xlsx_bytes(rows), "likes.xlsx")

    sheet = export(report, "en")["Charts"]

    assert [type(chart).__name__ for chart in sheet._charts] == ["BarChart"]
    notes = [row[0] for row in sheet.iter_rows(min_row=HEADER_ROW + 4, values_only=True) if row[0]]
    assert len(notes) == 1 and "Followers by day" in notes[0] and "«Followers»" in notes[0]


def test_a_report_without_dates_still_exports_without_charts() -> None:
    rows = [["Подписчики", "Лайки"], [100, 5], [110, 7]]
    report = read_report(xlsx_bytes(rows), "undated.xlsx")

    workbook = export(report, "ru")

    assert workbook.sheetnames == ["Показатели", "Графики", "По аккаунтам", "Данные"]
    assert workbook["Графики"]._charts == []


def test_daily_followers_carry_each_accounts_last_value_between_its_known_days() -> None:
    table = pd.DataFrame(
        {
            "date": pd.to_datetime(["2026-03-01", "2026-03-02", "2026-03-03", "2026-03-01"]),
            "platform": ["VK", "VK", "VK", "TG"],
            "account": [None, None, None, None],
            "followers": [100.0, None, 120.0, 50.0],
            "likes": [1.0, 2.0, None, 3.0],
        }
    )

    trends = daily_trends(table)

    assert trends["followers"].tolist() == [150.0, 100.0, 120.0]
    assert trends["interactions"].tolist()[:2] == [4.0, 2.0]
    assert math.isnan(trends["interactions"].iloc[2])


@pytest.mark.parametrize("lang", ["ru", "en"])
def test_headers_are_bold_and_frozen_with_set_widths(lang: Lang) -> None:
    report = sample_report()

    workbook = export(report, lang)

    for sheet in workbook.worksheets:
        assert sheet.freeze_panes is not None and sheet.freeze_panes.endswith(
            str(HEADER_ROW + 1)
        ), sheet.title
        assert all(cell.font.bold for cell in sheet[HEADER_ROW] if cell.value is not None), (
            sheet.title
        )
        assert sheet.column_dimensions["A"].width > 8, sheet.title


def test_the_file_name_is_localized_dated_and_safe() -> None:
    today = date(2026, 11, 28)

    ru = export_file_name("report.xlsx", "ru", today)
    en = export_file_name("C:\\Users\\me\\Отчёт за март (v2).xlsx", "en", today)
    empty = export_file_name("../..", "en", today)

    assert ru == "smm-scorecard_показатели_report_2026-11-28.xlsx"
    assert en == "smm-scorecard_kpis_Отчёт-за-март-v2_2026-11-28.xlsx"
    assert empty == "smm-scorecard_kpis_report_2026-11-28.xlsx"


@pytest.mark.parametrize("lang", ["ru", "en"])
def test_every_sheet_says_which_accounts_and_period_it_covers(lang: Lang) -> None:
    report = sample_report()
    period = Period(date(2026, 3, 4), date(2026, 3, 8))
    vk = scope_options(report.table)[1]
    rows = rows_in_selection(report.table, vk, period)
    selected = replace(report, table=rows)

    workbook = load_workbook(
        io.BytesIO(
            export_workbook(
                selected,
                report_kpis(selected),
                None,
                lang,
                scope_label=vk.label(lang),
                period=period,
            )
        )
    )

    span = f"{format_day(period.start, lang)} – {format_day(period.end, lang)}"
    for sheet in workbook.worksheets:
        caption = str(sheet["A1"].value)
        assert "VK / brand" in caption and span in caption, sheet.title
    data = workbook[SHEETS[lang][4]]
    assert data.max_row == HEADER_ROW + 5  # VK's five days, not Telegram's nor other days
    accounts = {row[2] for row in data.iter_rows(min_row=HEADER_ROW + 1, values_only=True)}
    assert accounts == {"brand"}
