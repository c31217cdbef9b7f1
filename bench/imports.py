"""Which modules a whole ``python -m smm_logic …`` process has loaded when it exits.

Shared by ``tests/unit/test_cli_imports.py`` (``score`` loads nothing it does not use)
and ``bench.run`` (which prints the list for the 10k-row report).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterable, Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# What ``score`` never needs: the app, the charts, the PDF and workbook writers (openpyxl
# too: reports are read with calamine, openpyxl only writes), Babel's number formats
# (``--json`` prints plain numbers), storage, the questionnaire and the Scorecard.
UNUSED_BY_SCORE = (
    "streamlit",
    "altair",
    "openpyxl",
    "fpdf",
    "vl_convert",
    "babel",
    "sqlalchemy",
    "alembic",
    "smm_logic.assessment",
    "smm_logic.outputs",
    "smm_logic.storage",
)

# Runs the command line as ``python -m smm_logic`` does and writes ``sys.modules`` to the
# file named by the first argument when the process exits (after ``sys.exit`` too). The
# parse worker, forked from it, leaves by ``os._exit`` (no atexit): what it has loaded is
# written to the same name + ".worker" after each request it serves.
_WRAPPER = """
import atexit, json, runpy, sys
from smm_logic.report import worker
out = sys.argv.pop(1)
def _dump(path):
    with open(path, "w", encoding="utf-8") as file:
        json.dump(sorted(sys.modules), file)
atexit.register(_dump, out)
_outcome = worker._outcome
def _recorded(job, limits):
    try:
        return _outcome(job, limits)
    finally:
        _dump(out + ".worker")
worker._outcome = _recorded
sys.argv[0] = "smm_logic"
runpy.run_module("smm_logic", run_name="__main__", alter_sys=True)
"""


def modules_at_exit(
    args: Sequence[str | os.PathLike[str]], dump: Path
) -> tuple[subprocess.CompletedProcess[str], list[str]]:
    """Run ``python -m smm_logic ARGS`` in a fresh interpreter; its outcome and the names
    of every module it or its parse worker had loaded (at exit, after its request)."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run(
        [sys.executable, "-c", _WRAPPER, str(dump), *(os.fspath(arg) for arg in args)],
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
        timeout=300,
        check=False,
    )
    modules: set[str] = set()
    for path in (dump, dump.with_name(dump.name + ".worker")):
        if path.exists():
            modules.update(json.loads(path.read_text(encoding="utf-8")))
    return done, sorted(modules)


def unused(modules: Iterable[str], forbidden: Sequence[str] = UNUSED_BY_SCORE) -> list[str]:
    """The top modules of ``forbidden`` (packages with their submodules) among ``modules``."""
    found = {
        prefix
        for name in modules
        for prefix in forbidden
        if name == prefix or name.startswith(prefix + ".")
    }
    return sorted(found)
