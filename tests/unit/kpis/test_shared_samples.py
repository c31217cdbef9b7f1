"""The shared sample workbooks reproduce the KPI values kpi-spec gives for them."""

from __future__ import annotations

import json
import math
from pathlib import Path

import pytest

from smm_logic.kpis.catalog import kpi_ids
from smm_logic.report.ingest import read_report
from tests.kpi_oracle import report_kpis

SAMPLE_NAMES = ("telegram_channel_ru.xlsx", "facebook_page_weekly_en.xlsx")


@pytest.mark.parametrize("name", SAMPLE_NAMES)
def test_sample_reproduces_expected_kpis(shared_samples: Path, name: str) -> None:
    expected = json.loads((shared_samples / "expected.json").read_text(encoding="utf-8"))[name]

    report = read_report((shared_samples / name).read_bytes(), name)
    kpis = report_kpis(report).overall

    assert report.rows_used == expected["rows_used"]
    assert set(expected["kpis"]) <= set(kpi_ids())
    for kpi, want in expected["kpis"].items():
        got = kpis[kpi]
        if want is None:
            assert got is None, kpi
        else:
            assert got is not None and math.isclose(got, want, rel_tol=1e-6), (kpi, got, want)
