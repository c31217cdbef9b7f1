"""Workers forked from a one-shot process (``python -m smm_logic``) keep every limit of
those a forkserver makes: a hostile file is one clear error, the next file is read."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading

from smm_logic.report.worker import WorkerPool
from tests.conftest import ROOT

# Run in a fresh interpreter: a fork is only taken while the process has one thread, and
# the test runner may have others (Streamlit's AppTest leaves some).
_SCRIPT = """
import json, sys
from pathlib import Path
from smm_logic.errors import ReportFormatError
from smm_logic.report.worker import WorkerLimits, WorkerPool
from tests.unit.report.test_bad_input import GOOD_ROWS, workbook_bytes
from tests.unit.report.test_hostile_files import _HEADER, xlsx

def code(pool, data, name):
    try:
        pool.parse(data, name)
    except ReportFormatError as exc:
        return exc.code
    return "read"

limits = WorkerLimits(memory_bytes=1024**3, cpu_seconds=20, wall_seconds=60)
pool = WorkerPool(limits, fork_while_single=True)
good = workbook_bytes(("Отчёт", GOOD_ROWS))
lying = xlsx(_HEADER + '<row r="1048576"><c r="XFD1048576"><v>1</v></c></row>', "A1:B2")
truncated = Path("tests/fixtures/truncated.xlsx").read_bytes()
slow = WorkerPool(WorkerLimits(wall_seconds=0.001), fork_while_single=True)
# forked at once, importing the engine (and a module that is not there) meanwhile
warm = WorkerPool(limits, fork_while_single=True)
warm.prefork(["no_such_module_here", "smm_logic.report.ingest"])
preforked = len(warm._idle)
warm_rows = warm.parse(good, "ok.xlsx").rows_used
outcome = {
    "preforked": preforked,
    "warm_rows": warm_rows,
    "warm_left_idle": len(warm._idle),
    "start": pool.start_method(),
    "lying": code(pool, lying, "lying.xlsx"),
    "truncated": code(pool, truncated, "truncated.xlsx"),
    "good_rows": pool.parse(good, "ok.xlsx").rows_used,
    "slow": code(slow, good, "ok.xlsx"),
}
print(json.dumps(outcome))
"""


def test_forked_workers_keep_the_limits_and_the_errors() -> None:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run(
        [sys.executable, "-c", _SCRIPT], capture_output=True, text=True, env=env, cwd=ROOT,
        timeout=300, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    outcome = json.loads(done.stdout)

    assert outcome == {
        "preforked": 1,
        "warm_rows": 2,
        "warm_left_idle": 0,  # the parse took the worker forked before it, none other
        "start": "fork",
        "lying": "needs_too_much_memory",
        "truncated": "damaged",
        "good_rows": 2,
        "slow": "took_too_long",
    }


def test_a_process_with_threads_does_not_fork_its_workers() -> None:
    """A server's threads could hold a lock at the fork that no one would ever release."""
    pool = WorkerPool(fork_while_single=True)
    stop = threading.Event()
    thread = threading.Thread(target=stop.wait)
    thread.start()
    try:
        assert pool.start_method() == "forkserver"
    finally:
        stop.set()
        thread.join()


def test_the_command_line_forks_its_workers() -> None:
    """``python -m smm_logic`` asks for forked workers; the app's pool never does."""
    probe = (
        "import runpy, sys; sys.argv = ['smm_logic', 'questions', '--json'];\n"
        "from smm_logic.report import worker\n"
        "try:\n    runpy.run_module('smm_logic', run_name='__main__')\n"
        "except SystemExit:\n    pass\n"
        "print(worker._POOL.start_method())"
    )
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, env=env, cwd=ROOT,
        timeout=120, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines()[-1] == "fork"
    assert WorkerPool().start_method() == "forkserver"
