"""Child process that measures the peak memory of one case on one workbook.

Run by ``bench.run`` in a fresh interpreter, so nothing the parent allocated (other
sizes, other readers, pymalloc arenas never handed back) inflates the figure::

    python -m bench.memory PATH rss [c|b|d]          # peak RSS growth (Rust memory included)
    python -m bench.memory PATH tracemalloc [c|b|d]  # peak of Python allocations only

The case defaults to ``c`` (our full ingest, parsed in a worker process: the parse's own
peak is the worker's, not counted here); ``d`` parses in this process, so every
allocation of the engine counts (``make bench`` measures it); ``b`` (the bare calamine
read) gives the floor any calamine-based reader starts from. Prints one JSON object.
The two modes need separate processes: tracemalloc's own bookkeeping would inflate
the RSS figure.
"""

from __future__ import annotations

import gc
import json
import sys
import tracemalloc
from pathlib import Path
from typing import Any

# Everything the cases import, imported before the baseline: code is not the workload.
import python_calamine  # noqa: F401  (readers imports it lazily on the first file)

from bench.cases import CASES, FullResult, table_bytes
from bench.generate import generate

WARMUP_ROWS = 200
_KB = 1024


def _status_bytes(field: str) -> int:
    """A ``/proc/self/status`` figure (``VmRSS``, ``VmHWM``) in bytes."""
    with Path("/proc/self/status").open(encoding="ascii") as status:
        for line in status:
            if line.startswith(field + ":"):
                return int(line.split()[1]) * _KB
    raise RuntimeError(f"{field} is not in /proc/self/status")


def _reset_peak() -> bool:
    """Reset VmHWM to the current RSS (Linux ≥ 4.0); False where that is not allowed."""
    try:
        Path("/proc/self/clear_refs").write_text("5", encoding="ascii")
    except OSError:
        return False
    return True


def measure(path: Path, mode: str, case: str = "c") -> dict[str, Any]:
    """Peak memory of ``case`` on the workbook at ``path``, with the cleaned table's size."""
    if case not in CASES:
        raise SystemExit(f"unknown case {case!r}: use one of {', '.join(CASES)}")
    run = CASES[case]
    # A running app has ingested files before: a tiny one loads the catalogs, pandas'
    # lazily imported modules and pyarrow's string kernels (about 10 MB of one-off RSS
    # that is not the workload's).
    run(generate(WARMUP_ROWS).read_bytes())
    data = path.read_bytes()  # the upload: the app holds these bytes before ingest starts
    gc.collect()
    result: dict[str, Any] = {"mode": mode, "case": case, "file_bytes": len(data)}
    if mode == "rss":
        baseline = _status_bytes("VmRSS")
        reset = _reset_peak()
        # Without the reset VmHWM may still hold an earlier, higher peak: use the larger.
        baseline_peak = _status_bytes("VmHWM")
        outcome = run(data)
        peak = _status_bytes("VmHWM")
        result |= {
            "baseline_rss_bytes": baseline,
            "peak_rss_bytes": peak,
            "peak_growth_bytes": peak - (baseline if reset else max(baseline, baseline_peak)),
            "hwm_reset": reset,
        }
    elif mode == "tracemalloc":
        tracemalloc.start()
        outcome = run(data)
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        result["tracemalloc_peak_bytes"] = peak
    else:
        raise SystemExit(f"unknown mode {mode!r}: use rss or tracemalloc")
    # Measured after the peak is read: deep memory_usage allocates while it counts.
    if isinstance(outcome, FullResult):
        result["table_bytes"] = table_bytes(outcome.report)
        result["rows_used"] = outcome.report.rows_used
    return result


def main(argv: list[str] | None = None) -> None:
    args = sys.argv[1:] if argv is None else argv
    if len(args) not in (2, 3):
        raise SystemExit("usage: python -m bench.memory PATH rss|tracemalloc [c|b|d]")
    print(json.dumps(measure(Path(args[0]), *args[1:])))


if __name__ == "__main__":
    main()
