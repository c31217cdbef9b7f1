"""Rerun cost of the Numbers page after a 50k-row report is loaded (AppTest).

Measures, in one process: the run that loads the report (upload → parse → KPIs →
charts), then reruns after changing the scope, the period and a target. The goal:
no rerun parses again, and each costs at most 10 % of the first load.

    .venv/bin/python -m bench.app_rerun [--rows 50000] [--repeat 3]
"""

from __future__ import annotations

import argparse
import os
import statistics
import tempfile
import time
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

import streamlit as st
from streamlit.testing.v1 import AppTest

import shell.reports
from bench.generate import generate
from shell.session import PERIOD, SCOPE, TARGETS_EDITOR, UPLOAD_WIDGET, Session
from smm_logic.kpis.catalog import kpi_catalog

ROOT = Path(__file__).resolve().parent.parent
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
GOAL = 0.10


class ParseCounter:
    """Counts calls of the engine's file parser behind the page's cache."""

    def __init__(self) -> None:
        self.calls = 0
        self.original = shell.reports.load_report

    def __enter__(self) -> ParseCounter:
        def counting(*args: object, **kwargs: object) -> object:
            self.calls += 1
            return self.original(*args, **kwargs)  # type: ignore[arg-type]

        shell.reports.load_report = counting  # type: ignore[assignment]
        return self

    def __exit__(self, *exc: object) -> None:
        shell.reports.load_report = self.original


def timed(action: Callable[[], object]) -> float:
    start = time.perf_counter()
    action()
    return time.perf_counter() - start


def one_round(data: bytes) -> dict[str, float | int]:
    st.cache_resource.clear()
    app = AppTest.from_file(str(ROOT / "app.py"), default_timeout=300)
    app.session_state["lang"] = "en"
    app.run()
    app.switch_page("pages/numbers.py").run()
    with ParseCounter() as counter:
        first = timed(
            lambda: app.file_uploader(key=UPLOAD_WIDGET).set_value(("bench.xlsx", data, XLSX)).run()
        )
        parses_at_load = counter.calls
        assert not app.exception, app.exception
        session = Session(app.session_state)
        keys = [k for k in _scope_keys(session) if k != session.scope]
        scope = timed(lambda: app.selectbox(key=SCOPE).set_value(keys[0]).run())
        assert session.period is not None
        start, end = session.period
        period = timed(
            lambda: app.date_input(key=PERIOD).set_value((start + timedelta(days=7), end)).run()
        )
        row = list(kpi_catalog()).index("err_pct")
        app.session_state[TARGETS_EDITOR] = {
            "edited_rows": {row: {"target": 3.0}},
            "added_rows": [],
            "deleted_rows": [],
        }
        target = timed(app.run)
        assert not app.exception, app.exception
        reparses = counter.calls - parses_at_load
    return {
        "first": first,
        "scope": scope,
        "period": period,
        "target": target,
        "parses_at_load": parses_at_load,
        "reparses": reparses,
    }


def _scope_keys(session: Session) -> list[str]:
    """The scope selectbox's values (its options are shown labels)."""
    from smm_logic.kpis.scope import scope_options

    assert session.source is not None
    report = shell.reports.load(session.source, session.overrides)
    return [scope.key for scope in scope_options(report.table)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=50_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    data = generate(args.rows).path.read_bytes()
    # The page saves the session as a draft after each change, as in the app; into a
    # database of the benchmark's own, never the user's data/ folder.
    with tempfile.TemporaryDirectory() as scratch:
        os.environ["SMM_SQLITE_PATH"] = str(Path(scratch) / "bench.db")
        os.environ.pop("SMM_DATABASE_URL", None)
        rounds = [one_round(data) for _ in range(args.repeat)]
    first = statistics.median(r["first"] for r in rounds)
    print(f"Numbers page, {args.rows:,} rows, median of {args.repeat} (AppTest, one process):")
    print(f"- first load (upload, parse, KPIs, charts): {first:.3f} s")
    worst = 0.0
    for change in ("scope", "period", "target"):
        seconds = statistics.median(r[change] for r in rounds)
        worst = max(worst, seconds / first)
        print(
            f"- rerun after changing the {change}: {seconds:.3f} s"
            f" = {seconds / first:.1%} of the load"
        )
    reparses = sum(int(r["reparses"]) for r in rounds)
    print(f"- parses at load: {rounds[0]['parses_at_load']}; parses on reruns: {reparses}")
    verdict = "PASS" if worst <= GOAL and reparses == 0 else "FAIL"
    print(f"{verdict}: worst rerun {worst:.1%} of the first load (goal ≤ {GOAL:.0%}), no reparse")


if __name__ == "__main__":
    main()
