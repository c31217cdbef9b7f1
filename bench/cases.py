"""The in-process workloads of ``bench.inprocess``, ``bench.hotspots`` and ``bench.memory``.

Each takes the workbook's bytes, exactly what the app receives from an upload, so file
system caching never enters the comparison.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass

import pandas as pd

from smm_logic.kpis.compare import PeriodComparison, cube_compare_periods
from smm_logic.kpis.cube import KpiResult, cube_kpis
from smm_logic.report.model import Report
from smm_logic.usecases import aggregate_report, load_report

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


def full_ingest(data: bytes, *, isolated: bool = True) -> FullResult:
    """(c) Our full path: ingest with cleaning (in the worker process, as the app and the
    CLI parse untrusted bytes), the daily cube, every KPI and the period comparison."""
    report = load_report(data, "bench.xlsx", isolated=isolated)
    cube = aggregate_report(report)
    return FullResult(report, cube_kpis(cube), cube_compare_periods(cube))


def full_ingest_in_process(data: bytes) -> FullResult:
    """(d) (c) parsed in this process: (c) − (d) is what the worker process costs."""
    return full_ingest(data, isolated=False)


CASES: dict[str, Case] = {
    "a": read_openpyxl,
    "b": read_calamine,
    "c": full_ingest,
    "d": full_ingest_in_process,
}
LABELS = {
    "a": 'pd.read_excel(engine="openpyxl")',
    "b": 'pd.read_excel(engine="calamine")',
    "c": "load_report (in the worker process) + daily cube + every KPI + period comparison",
    "d": "(c) with the report parsed in this process (what the worker costs: c − d)",
}


def table_bytes(report: Report) -> int:
    """The cleaned table's size, deep (string cells included): the memory goal's yardstick."""
    return int(report.table.memory_usage(deep=True).sum())
