"""Whole processes, timed and measured from outside: what a user waits for when they run
a command, imports, interpreter start and worker processes included."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
_KB = 1024


class CommandError(RuntimeError):
    """A measured command exited with an error: its figures would mean nothing."""


def python(*args: str | os.PathLike[str]) -> list[str]:
    """A command of this interpreter (the bench's own environment) with ``args``."""
    return [sys.executable, *(os.fspath(arg) for arg in args)]


def _env() -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": str(ROOT)}


@dataclass(frozen=True)
class Run:
    """One run of a command: wall seconds, and CPU seconds of it and of every process it
    waited for (its parse worker)."""

    wall: float
    cpu: float


def _check(process: subprocess.Popen[bytes], command: Sequence[str], status: int) -> None:
    process.returncode = os.waitstatus_to_exitcode(status)
    stderr = process.stderr.read() if process.stderr else b""
    if process.stderr:
        process.stderr.close()
    if process.returncode != 0:
        tail = stderr.decode(errors="replace")[-2000:]
        raise CommandError(f"{' '.join(command)} exited {process.returncode}:\n{tail}")


def _start(command: Sequence[str]) -> subprocess.Popen[bytes]:
    # stderr is kept for the error message; it must stay small (no progress output)
    return subprocess.Popen(
        command, cwd=ROOT, env=_env(), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )


def time_once(command: Sequence[str], timeout: float | None = None) -> Run:
    """Run ``command`` (its output thrown away) and time it from start to exit; a run
    over ``timeout`` seconds is killed and raises ``subprocess.TimeoutExpired``."""
    start = time.perf_counter()
    process = _start(command)
    # A timer kills a run that takes too long, so that wait4 can block (and be exact).
    killer = threading.Timer(timeout, process.kill) if timeout is not None else None
    if killer is not None:
        killer.start()
    try:
        _, status, usage = os.wait4(process.pid, 0)
    finally:
        if killer is not None:
            killer.cancel()
    wall = time.perf_counter() - start
    if timeout is not None and wall >= timeout and os.WIFSIGNALED(status):
        raise subprocess.TimeoutExpired(list(command), timeout)
    _check(process, command, status)
    return Run(wall, usage.ru_utime + usage.ru_stime)


def _children(pid: int) -> list[int]:
    found: list[int] = []
    try:
        for task in Path(f"/proc/{pid}/task").iterdir():
            found += [int(child) for child in (task / "children").read_text().split()]
    except (OSError, ValueError):
        pass
    return found


def _tree(pid: int) -> list[int]:
    tree, todo = [], [pid]
    while todo:
        current = todo.pop()
        tree.append(current)
        todo += _children(current)
    return tree


def _pss_bytes(pid: int) -> int:
    """The process's proportional set size: pages it shares with its parent (a forked
    worker's) counted once over the two, not twice as RSS would."""
    try:
        with Path(f"/proc/{pid}/smaps_rollup").open(encoding="ascii") as rollup:
            for line in rollup:
                if line.startswith("Pss:"):
                    return int(line.split()[1]) * _KB
    except (OSError, ValueError):
        pass
    return 0


@dataclass(frozen=True)
class TreeMemory:
    """Peak memory of a command and every process it started, sampled from outside."""

    peak_pss_bytes: int  # the highest sum of PSS over the process tree
    max_rss_bytes: int  # the largest one process's peak RSS (wait4: descendants included)
    samples: int


def tree_memory(command: Sequence[str], interval: float = 0.01) -> TreeMemory:
    """Run ``command``; sample its process tree's PSS every ``interval`` seconds."""
    process = _start(command)
    peak = samples = 0
    while True:
        # wait4 rather than poll: its rusage is the peak RSS of the process, or of the
        # largest descendant it waited for (its worker)
        pid, status, usage = os.wait4(process.pid, os.WNOHANG)
        if pid:
            break
        peak = max(peak, sum(_pss_bytes(pid) for pid in _tree(process.pid)))
        samples += 1
        time.sleep(interval)
    _check(process, command, status)
    return TreeMemory(peak, usage.ru_maxrss * _KB, samples)


def free_port() -> int:
    """A loopback port nothing listens on (for a server the bench or a test starts)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def healthy(url: str) -> bool:
    """Whether a Streamlit server answers its health check (``/_stcore/health``)."""
    try:
        with urllib.request.urlopen(url, timeout=2) as response:
            return bool(response.status == 200 and response.read().strip() == b"ok")
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return False
