"""The three measured workloads, shared by the timing run and the memory child process.

Each takes the workbook's bytes, exactly what the app receives from an upload, so file
system caching never enters the comparison.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass

import pandas as pd

from smm_logic.kpis.compare import PeriodComparison
from smm_logic.kpis.cube import KpiResult
from smm_logic.report.ingest import read_report
from smm_logic.report.model import Report
from tests.kpi_oracle import compare_periods, report_kpis

Case = Callable[[bytes], object]


def read_openpyxl(data: bytes) -> dict[str, pd.DataFrame]:
    """(a) The pandas default reader: what a naive implementation would use."""
    return pd.read_excel(io.BytesIO(data), engine="openpyxl", sheet_name=None)


def read_calamine(data: bytes) -> dict[str, pd.DataFrame]:
    """(b) A bare calamine read into a DataFrame: the floor any calamine-based ingest has."""
    return pd.read_excel(io.BytesIO(data), engine="calamine", sheet_name=None)


@dataclass(frozen=True)
class FullResult:
    """Everything (c) produces, kept alive together as the app keeps it."""

    report: Report
    kpis: KpiResult
    comparison: PeriodComparison | None


def full_ingest(data: bytes) -> FullResult:
    """(c) Our full path: ingest with cleaning, then every KPI and the period comparison."""
    report = read_report(data, "bench.xlsx")
    return FullResult(report, report_kpis(report), compare_periods(report.table))


CASES: dict[str, Case] = {"a": read_openpyxl, "b": read_calamine, "c": full_ingest}
LABELS = {
    "a": 'pd.read_excel(engine="openpyxl")',
    "b": 'pd.read_excel(engine="calamine")',
    "c": "read_report + report_kpis + compare_periods",
}


def table_bytes(report: Report) -> int:
    """The cleaned table's size, deep (string cells included): the memory goal's yardstick."""
    return int(report.table.memory_usage(deep=True).sum())
