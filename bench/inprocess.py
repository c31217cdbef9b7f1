"""The engine against plain pandas readers, in one process (no interpreter start, no
imports): where the engine's own time goes. ``make bench`` (``bench.run``) judges the
goals on whole processes; this is the in-process view behind it.

Measured in one process run, for each size (``--rows``):

(a) ``pd.read_excel(engine="openpyxl")`` alone — skipped above 50k rows unless ``--full``,
    because it takes minutes there;
(b) ``pd.read_excel(engine="calamine")``: a bare calamine read into a DataFrame;
(c) our full path: ``load_report`` + the daily cube + every KPI + the period comparison;
(d) (c) with the report parsed in this process: c − d is what the worker costs.

Goals of an earlier issue, judged on ratios because the machine is shared and noisy:
at 50k rows (c) is at least 4× faster than (a) and at most 1.3× (b); at 200k rows the
peak memory of (c), measured in a fresh child process, stays under 10× the size of the
cleaned table.

Usage::

    .venv/bin/python -m bench.inprocess                          # 10k, 50k, 200k; 3 repeats
    .venv/bin/python -m bench.inprocess --rows 50000 --repeat 5  # a steadier 50k figure
    .venv/bin/python -m bench.inprocess --full                   # (a) at 200k too (minutes)

The Markdown report goes to stdout, progress to stderr, everything to
``bench/out/inprocess.json`` (``--json`` to change).
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import resource
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from bench.cases import CASES, LABELS
from bench.environment import measured_on
from bench.generate import OUT_DIR, generate

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_ROWS = (10_000, 50_000, 200_000)
GOAL_ROWS = 50_000
MEMORY_ROWS = 200_000
# Above this (a) takes minutes per read; it only runs there with --full.
OPENPYXL_MAX_ROWS = 50_000
MIN_SPEEDUP_VS_OPENPYXL = 4.0
MAX_SLOWDOWN_VS_CALAMINE = 1.3
MAX_MEMORY_VS_TABLE = 10.0
WARMUP_ROWS = 200
_MB = 1024 * 1024


@dataclass
class Timing:
    """Every repeat of one case at one size: wall clock, this process's CPU time, and the
    minor page faults taken (fresh memory from the kernel, a cost that depends on what
    ran before in the process)."""

    wall: list[float] = field(default_factory=list)
    cpu: list[float] = field(default_factory=list)
    page_faults: list[int] = field(default_factory=list)

    @property
    def wall_median(self) -> float:
        return statistics.median(self.wall)

    @property
    def cpu_median(self) -> float:
        return statistics.median(self.cpu)

    def as_json(self) -> dict[str, Any]:
        return {
            "wall_median_s": self.wall_median,
            "cpu_median_s": self.cpu_median,
            "wall_s": self.wall,
            "cpu_s": self.cpu,
            "minor_page_faults": self.page_faults,
        }


@dataclass
class SizeResult:
    """The timings of one workbook size and the ratios the goals are judged on."""

    rows: int
    file_bytes: int
    text_share: float
    timings: dict[str, Timing]

    def ratio(self, top: str, bottom: str, *, cpu: bool = False) -> float | None:
        if top not in self.timings or bottom not in self.timings:
            return None
        upper, lower = self.timings[top], self.timings[bottom]
        if cpu:
            return upper.cpu_median / lower.cpu_median
        return upper.wall_median / lower.wall_median


@dataclass(frozen=True)
class Goal:
    name: str
    measured: float | None
    limit: float
    # The wording: "at least 4×" is ≥, "no more than 1.3×" is ≤, "under 10×" is <.
    sign: Literal["≥", "≤", "<"]

    @property
    def verdict(self) -> str:
        if self.measured is None:
            return "NOT MEASURED"
        ok = {
            "≥": self.measured >= self.limit,
            "≤": self.measured <= self.limit,
            "<": self.measured < self.limit,
        }[self.sign]
        return "PASS" if ok else "FAIL"

    def line(self) -> str:
        shown = "—" if self.measured is None else f"{self.measured:.2f}×"
        return f"- {self.verdict}: {self.name} = {shown} (goal {self.sign} {self.limit:g}×)"


def _progress(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def _warm_up() -> None:
    """Run every case once on a tiny workbook: imports, catalogs and lazily loaded pandas
    modules would otherwise land in the first timed repeat."""
    data = generate(WARMUP_ROWS).read_bytes()
    for case in CASES.values():
        case(data)


def time_size(rows: int, repeat: int, cases: list[str]) -> SizeResult:
    made = generate(rows)
    data = made.read_bytes()
    timings = {name: Timing() for name in cases}
    # Round robin rather than case after case: a burst of noise on the shared machine
    # then hits every case of a repeat instead of all repeats of one case.
    for run in range(1, repeat + 1):
        for name in cases:
            gc.collect()  # don't bill a case for the previous case's garbage
            faults = resource.getrusage(resource.RUSAGE_SELF).ru_minflt
            wall, cpu = time.perf_counter(), time.process_time()
            result = CASES[name](data)
            cpu = time.process_time() - cpu
            wall = time.perf_counter() - wall
            faults = resource.getrusage(resource.RUSAGE_SELF).ru_minflt - faults
            del result  # freed outside the timed region, as in every case
            timings[name].wall.append(wall)
            timings[name].cpu.append(cpu)
            timings[name].page_faults.append(faults)
            _progress(
                f"  {rows:>7} rows  ({name}) run {run}/{repeat}: {wall:.3f} s, {faults} page faults"
            )
    return SizeResult(rows, len(data), made.text_share, timings)


def _child(path: Path, mode: str, case: str) -> dict[str, Any]:
    """``bench.memory`` in a fresh interpreter (same venv, project root on the path)."""
    done = subprocess.run(
        [sys.executable, "-m", "bench.memory", os.fspath(path), mode, case],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        raise RuntimeError(f"bench.memory {mode} {case} failed:\n{done.stderr}")
    result: dict[str, Any] = json.loads(done.stdout)
    return result


def measure_memory(rows: int) -> dict[str, Any]:
    path = generate(rows).path
    _progress(f"  {rows:>7} rows  memory: peak RSS of (c) in a child process")
    rss = _child(path, "rss", "c")
    _progress(f"  {rows:>7} rows  memory: tracemalloc peak of (c) in a child process")
    traced = _child(path, "tracemalloc", "c")
    # Context, not a goal: what a bare calamine read alone costs (the reader's floor).
    _progress(f"  {rows:>7} rows  memory: peak RSS of (b) in a child process")
    bare = _child(path, "rss", "b")
    table = rss["table_bytes"]
    return {
        "rows": rows,
        "file_bytes": rss["file_bytes"],
        "table_bytes": table,
        "peak_rss_growth_bytes": rss["peak_growth_bytes"],
        "baseline_rss_bytes": rss["baseline_rss_bytes"],
        "peak_rss_bytes": rss["peak_rss_bytes"],
        "hwm_reset": rss["hwm_reset"] and bare["hwm_reset"],
        "tracemalloc_peak_bytes": traced["tracemalloc_peak_bytes"],
        "rss_growth_vs_table": rss["peak_growth_bytes"] / table,
        "tracemalloc_vs_table": traced["tracemalloc_peak_bytes"] / table,
        "b_peak_rss_growth_bytes": bare["peak_growth_bytes"],
        "b_rss_growth_vs_table": bare["peak_growth_bytes"] / table,
    }


def _seconds(timings: dict[str, Timing], name: str) -> str:
    return f"{timings[name].wall_median:.3f}" if name in timings else "—"


def _times(value: float | None) -> str:
    return "—" if value is None else f"{value:.2f}×"


def markdown_table(results: list[SizeResult]) -> str:
    lines = [
        "| rows | (a) s | (b) s | (c) s | a/c | c/b |",
        "|---:|---:|---:|---:|---:|---:|",
    ]
    for size in results:
        cells = (
            f"{size.rows:,}".replace(",", " "),
            *(_seconds(size.timings, name) for name in ("a", "b", "c")),
            _times(size.ratio("a", "c")),
            _times(size.ratio("c", "b")),
        )
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def goals(results: list[SizeResult], memory: dict[str, Any] | None) -> list[Goal]:
    at_goal = next((size for size in results if size.rows == GOAL_ROWS), None)
    rows = f"{GOAL_ROWS // 1000}k"
    return [
        Goal(
            f"(a)/(c) at {rows} rows, (c) faster than openpyxl",
            at_goal.ratio("a", "c") if at_goal else None,
            MIN_SPEEDUP_VS_OPENPYXL,
            "≥",
        ),
        Goal(
            f"(c)/(b) at {rows} rows, (c) against a bare calamine read",
            at_goal.ratio("c", "b") if at_goal else None,
            MAX_SLOWDOWN_VS_CALAMINE,
            "≤",
        ),
        Goal(
            f"peak RSS growth of (c) / cleaned table at {MEMORY_ROWS // 1000}k rows",
            memory["rss_growth_vs_table"] if memory else None,
            MAX_MEMORY_VS_TABLE,
            "<",
        ),
    ]


def _memory_lines(memory: dict[str, Any]) -> list[str]:
    def mb(key: str) -> str:
        return f"{memory[key] / _MB:.1f} MB"

    rows = f"{memory['rows']:,}".replace(",", " ")
    return [
        f"Memory of (c) at {rows} rows (fresh child process; file {mb('file_bytes')}):",
        f"- cleaned table (`memory_usage(deep=True)`): {mb('table_bytes')}",
        f"- peak RSS growth (VmHWM − baseline VmRSS): {mb('peak_rss_growth_bytes')}"
        f" = {memory['rss_growth_vs_table']:.1f}× the table",
        f"- tracemalloc peak (Python allocations only): {mb('tracemalloc_peak_bytes')}"
        f" = {memory['tracemalloc_vs_table']:.1f}× the table",
        f"- for comparison, peak RSS growth of (b), the bare calamine read:"
        f" {mb('b_peak_rss_growth_bytes')} = {memory['b_rss_growth_vs_table']:.1f}× the table",
    ]


# The packages whose versions are kept with the figures.
_PACKAGES = ("pandas", "numpy", "openpyxl", "python-calamine", "pyarrow")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, nargs="+", default=list(DEFAULT_ROWS))
    parser.add_argument("--repeat", type=int, default=3, help="repeats per case; median kept")
    parser.add_argument("--full", action="store_true", help=f"(a) above {OPENPYXL_MAX_ROWS} rows")
    parser.add_argument(
        "--cases", nargs="+", choices=list(CASES), default=list(CASES), help="cases to time"
    )
    parser.add_argument("--no-memory", action="store_true", help="skip the memory child runs")
    parser.add_argument("--json", type=Path, default=OUT_DIR / "inprocess.json")
    args = parser.parse_args(argv)
    if args.repeat < 1:
        parser.error("--repeat must be at least 1")

    # Taken first: smm_logic was imported at start-up, so that is the code measured.
    environment = measured_on(args.repeat, _PACKAGES)
    _progress("generating workbooks (cached in bench/out/)…")
    for rows in sorted(set(args.rows)):
        generate(rows)
    _warm_up()
    results: list[SizeResult] = []
    for rows in sorted(set(args.rows)):
        cases = [
            name
            for name in CASES
            if name in args.cases and (name != "a" or args.full or rows <= OPENPYXL_MAX_ROWS)
        ]
        results.append(time_size(rows, args.repeat, cases))
    memory = None
    if not args.no_memory and MEMORY_ROWS in args.rows:
        memory = measure_memory(MEMORY_ROWS)

    checked = goals(results, memory)
    table = markdown_table(results)
    cpu_ratios = ", ".join(
        f"{size.rows}: a/c {_times(size.ratio('a', 'c', cpu=True))},"
        f" c/b {_times(size.ratio('c', 'b', cpu=True))}"
        for size in results
    )
    report = [
        f"Median of {args.repeat} run(s) per case, wall clock, all in one process"
        f" (commit {environment['commit']}"
        f"{', smm_logic modified' if environment['smm_logic_modified'] else ''}).",
        *(f"- ({name}) {label}" for name, label in LABELS.items()),
        "",
        table,
        "",
        f"CPU-time ratios (cross-check against machine noise): {cpu_ratios}",
        "",
        *(_memory_lines(memory) if memory else [f"Memory: not measured ({MEMORY_ROWS} rows)."]),
        "",
        "Goals:",
        *(goal.line() for goal in checked),
    ]
    print("\n".join(report))

    payload = {
        "environment": environment,
        "sizes": [
            {
                "rows": size.rows,
                "file_bytes": size.file_bytes,
                "text_share": size.text_share,
                "cases": {name: timing.as_json() for name, timing in size.timings.items()},
                "a_over_c": size.ratio("a", "c"),
                "c_over_b": size.ratio("c", "b"),
                "a_over_c_cpu": size.ratio("a", "c", cpu=True),
                "c_over_b_cpu": size.ratio("c", "b", cpu=True),
            }
            for size in results
        ],
        "memory": memory,
        "goals": [
            {"goal": g.name, "measured": g.measured, "limit": g.limit, "verdict": g.verdict}
            for g in checked
        ],
        "markdown": table,
    }
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps(payload, indent=2, ensure_ascii=False), encoding="utf-8")
    _progress(f"results written to {args.json}")
    # Not a failing exit status on FAIL: the benchmark reports, CI does not gate on timings.
    return 0


if __name__ == "__main__":
    sys.exit(main())
