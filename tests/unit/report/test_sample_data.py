"""The bundled sample report: the asset is what the generator makes, and it reads cleanly."""

from __future__ import annotations

import io
import math
import subprocess
import sys
import zipfile
from datetime import date
from pathlib import Path

import pandas as pd
import pytest
from openpyxl import load_workbook

from smm_logic.kpis.catalog import kpi_ids
from smm_logic.report.headers import metrics
from smm_logic.report.ingest import read_report
from smm_logic.report.model import SOURCE_ROW, Report
from smm_logic.report.sample import FILE_TIME, HEADERS, SAMPLE_NAME, sample_report_bytes
from tests.conftest import ROOT
from tests.kpi_oracle import report_kpis

ASSET = ROOT / "assets" / SAMPLE_NAME
HEADER_ROW = 3
DATA_ROWS = 3 * 84
REGENERATE = f"python -m smm_logic.report.sample assets/{SAMPLE_NAME}"


def _cells(data: bytes) -> list[list[object]]:
    workbook = load_workbook(io.BytesIO(data))
    return [[cell.value for cell in row] for row in workbook["Отчёт"].iter_rows()]


@pytest.fixture(scope="module")
def report() -> Report:
    return read_report(ASSET.read_bytes(), SAMPLE_NAME)


def test_the_asset_is_what_the_generator_makes() -> None:
    assert _cells(ASSET.read_bytes()) == _cells(sample_report_bytes()), f"run: {REGENERATE}"


def test_the_generator_does_not_depend_on_the_clock() -> None:
    data = sample_report_bytes()
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert {item.date_time for item in archive.infolist()} == {FILE_TIME.timetuple()[:6]}
        core = archive.read("docProps/core.xml").decode()
    stamp = FILE_TIME.strftime("%Y-%m-%dT%H:%M:%SZ")
    assert f">{stamp}</dcterms:created>" in core
    assert f">{stamp}</dcterms:modified>" in core  # openpyxl stamps it when saving
    assert sample_report_bytes() == data


def test_the_command_line_writes_the_file(tmp_path: Path) -> None:
    out = tmp_path / SAMPLE_NAME
    subprocess.run(
        [sys.executable, "-m", "smm_logic.report.sample", str(out)], cwd=ROOT, check=True
    )
    assert out.read_bytes() == sample_report_bytes()


def test_the_layout_looks_like_an_agency_export() -> None:
    rows = _cells(ASSET.read_bytes())
    assert isinstance(rows[0][0], str) and "Зерно" in rows[0][0]  # a title row
    assert all(cell is None for cell in rows[1])  # an empty row
    assert tuple(rows[HEADER_ROW - 1]) == HEADERS
    assert rows[-1][0] == "Итого"
    assert len(rows) == HEADER_ROW + DATA_ROWS + 1


def test_three_groups_over_twelve_weeks(report: Report) -> None:
    table = report.table
    groups = table.groupby(["platform", "account"], sort=False).size()
    assert groups.to_dict() == {
        ("VK", "Кофейня Зерно"): 84,
        ("Telegram", "Зерно | новости"): 84,
        ("Instagram", "zerno.coffee"): 84,
    }
    assert report.rows_used == DATA_ROWS
    assert report.period == (date(2026, 6, 1), date(2026, 8, 23))
    assert set(report.mapping) == set(metrics()) - {"unfollows", "net_followers"}  # not in it
    assert not report.unused_columns


def test_no_issues_and_only_the_total_row_skipped(report: Report) -> None:
    assert report.issues == ()
    assert [(s.row, s.reason.key) for s in report.skipped] == [
        (HEADER_ROW + DATA_ROWS + 1, "issue.total_row")
    ]


def test_the_text_cells_are_parsed(report: Report) -> None:
    rows = _cells(ASSET.read_bytes())
    columns = {header: metric for metric, header in report.mapping.items()}
    text_cells = [
        (number, HEADERS[index], value)
        for number, row in enumerate(rows[HEADER_ROW:-1], start=HEADER_ROW + 1)
        for index, value in enumerate(row)
        if index >= 3 and isinstance(value, str)
    ]
    assert 5 <= len(text_cells) <= 12
    written = {value for _, _, value in text_cells}
    assert "—" in written
    assert any(" " in value or "\u00a0" in value for value in written)  # "1 234"
    assert any("," in value and " " not in value for value in written)  # "12,5"
    table = report.table.set_index(SOURCE_ROW)
    for number, header, value in text_cells:
        parsed = table.at[number, columns[header]]
        if value == "—":
            assert pd.isna(parsed), (number, header)
            continue
        expected = float(value.replace("\u00a0", "").replace(" ", "").replace(",", "."))
        if header == "Время ответа, мин":
            expected /= 60  # minutes → hours
        assert math.isclose(parsed, expected), (number, header, value, parsed)


def test_telegram_leaves_saves_and_impressions_empty(report: Report) -> None:
    rows = _cells(ASSET.read_bytes())[HEADER_ROW:-1]
    saves, impressions = HEADERS.index("Сохранения"), HEADERS.index("Показы")
    telegram = [row for row in rows if row[1] == "Telegram"]
    others = [row for row in rows if row[1] != "Telegram"]
    assert all(row[saves] is None and row[impressions] is None for row in telegram)
    assert all(row[saves] is not None and row[impressions] is not None for row in others)
    table = report.table[report.table["platform"] == "Telegram"]
    assert table["saves"].isna().all() and table["impressions"].isna().all()


def test_the_dynamics_are_there(report: Report) -> None:
    table = report.table.assign(week=lambda t: (t["date"] - t["date"].min()).dt.days // 7 + 1)
    weekly = table.groupby("week").agg(
        paid=("paid_followers", "sum"),
        spend=("spend", "sum"),
        negative=("negative_comments", "sum"),
        response=("response_time", "median"),
    )
    burst, bad = weekly.loc[[5, 6]], weekly.loc[8]
    calm = weekly.drop([5, 6, 8])
    assert (calm["paid"] == 0).all() and (burst["paid"] > 300).all()
    assert burst["spend"].min() > 10 * calm["spend"].max()
    assert bad["negative"] > 5 * calm["negative"].max()
    assert bad["response"] > 4 * calm["response"].max()
    weekend = table[table["date"].dt.day_of_week >= 5]["likes"].mean()
    weekdays = table[table["date"].dt.day_of_week < 5]["likes"].mean()
    assert weekend > weekdays


def test_every_kpi_is_computable(report: Report) -> None:
    # Every input column is present, so nothing is missing overall or for any account;
    # Telegram's CTR and CPM fall back to views, its lack of saves only narrows interactions;
    # without impressions it has no ER by impressions (the whole report has one).
    result = report_kpis(report)
    assert [kpi for kpi in kpi_ids() if result.overall[kpi] is None] == []
    for group in result.groups:
        expected = ["er_impressions_pct"] if group.platform == "Telegram" else []
        assert [kpi for kpi in kpi_ids() if group.kpis[kpi] is None] == expected, group.platform
    assert result.overall["organic_share_pct"] is not None
    assert 50 < result.overall["organic_share_pct"] < 95
    assert result.overall["romi_pct"] is not None and result.overall["romi_pct"] > 0
