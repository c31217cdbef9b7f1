"""Untrusted report bytes are parsed in a separate process with limits on memory, CPU
time and result size, so a hostile file can cost at most one worker, never the server.

Workers come from a ``forkserver`` that has imported the engine once, so starting one
costs milliseconds; each worker parses one file and exits, so its memory goes back to
the system. A worker that dies (out of
memory: calamine aborts when an allocation fails), runs out of CPU time (SIGXCPU) or of
wall time (killed) becomes one ``ReportFormatError``; every other parse goes on.

At most ``WorkerLimits.parallel`` parses run at once; more wait their turn.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import pickle
import resource
import signal
import sys
import threading
import types
from collections.abc import Mapping
from dataclasses import dataclass
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

from smm_logic.errors import ReportFormatError
from smm_logic.report.ingest import read_report
from smm_logic.report.model import Report
from smm_logic.report.profiles import AUTO, validate_profile
from smm_logic.report.sources.limits import DEFAULT_LIMITS, IngestLimits

_GB = 1024**3


@dataclass(frozen=True)
class WorkerLimits:
    """What one parse may use: memory above the worker's own start (address space),
    CPU seconds, wall seconds, and the pickled result's size."""

    memory_bytes: int = 4 * _GB
    cpu_seconds: int = 120
    wall_seconds: float = 180.0
    result_bytes: int = 1 * _GB
    parallel: int = 2


DEFAULT_WORKER_LIMITS = WorkerLimits()
_MEMORY_SIGNALS = {signal.SIGABRT, signal.SIGKILL, signal.SIGSEGV, signal.SIGBUS}


def _address_space() -> int:
    """This process's virtual size in bytes (0 where /proc is not there)."""
    try:
        statm = Path("/proc/self/statm").read_text(encoding="ascii")
        return int(statm.split()[0]) * resource.getpagesize()
    except (OSError, ValueError, IndexError):
        return 0


def _serve(conn: Connection, limits: WorkerLimits) -> None:
    """The worker: wait for one request, parse it under the limits, send the outcome."""
    ceiling = _address_space() + limits.memory_bytes
    resource.setrlimit(resource.RLIMIT_AS, (ceiling, ceiling))
    try:
        request = conn.recv_bytes()
    except (EOFError, OSError):
        return
    usage = resource.getrusage(resource.RUSAGE_SELF)
    cpu = int(usage.ru_utime + usage.ru_stime) + limits.cpu_seconds
    resource.setrlimit(resource.RLIMIT_CPU, (cpu, resource.RLIM_INFINITY))
    data, name, sheet, overrides, ingest_limits, profile = pickle.loads(request)
    outcome: tuple[Any, ...]
    try:
        report = read_report(
            data, name, sheet=sheet, overrides=overrides, limits=ingest_limits, profile=profile
        )
        del data, request
        payload = pickle.dumps(("ok", report), protocol=pickle.HIGHEST_PROTOCOL)
        if len(payload) > limits.result_bytes:
            outcome = ("error", "needs_too_much_memory", _memory_params(name, limits))
            payload = pickle.dumps(outcome)
    except ReportFormatError as exc:
        if exc.code == "out_of_memory":
            payload = pickle.dumps(("error", "needs_too_much_memory", _memory_params(name, limits)))
        else:
            payload = pickle.dumps(("error", exc.code, dict(exc.message.params)))
    except MemoryError:
        payload = pickle.dumps(("error", "needs_too_much_memory", _memory_params(name, limits)))
    conn.send_bytes(payload)
    conn.close()


def _memory_params(name: str, limits: WorkerLimits) -> dict[str, object]:
    return {"name": name, "limit_gb": f"{limits.memory_bytes / _GB:g}"}


_MAIN_LOCK = threading.Lock()
_ROOT = str(Path(__file__).resolve().parents[2])


class _Worker:
    """One started worker process and the parent's end of its pipe."""

    def __init__(self, context: Any, limits: WorkerLimits) -> None:
        self.conn, child = context.Pipe()
        self.process = context.Process(target=_serve, args=(child, limits), daemon=True)
        # A forkserver child would run the parent's main script again (the Streamlit
        # server's, a test runner's) before serving: it is given a blank one instead,
        # the engine being imported by the forkserver already.
        # The forkserver (started with the first worker) must find the engine wherever
        # the process was started from: Python 3.11's forkserver ignores the parent's
        # sys.path, so the project's root goes on its PYTHONPATH.
        with _MAIN_LOCK:
            main, path = sys.modules["__main__"], os.environ.get("PYTHONPATH")
            sys.modules["__main__"] = types.ModuleType("__main__")
            os.environ["PYTHONPATH"] = os.pathsep.join(filter(None, (_ROOT, path)))
            try:
                self.process.start()
            finally:
                sys.modules["__main__"] = main
                if path is None:
                    del os.environ["PYTHONPATH"]
                else:
                    os.environ["PYTHONPATH"] = path
        child.close()

    def stop(self) -> None:
        if self.process.is_alive():
            self.process.kill()
        self.process.join(5)
        self.conn.close()


class WorkerPool:
    """Workers made by one forkserver, one per parse."""

    def __init__(self, limits: WorkerLimits = DEFAULT_WORKER_LIMITS) -> None:
        self.limits = limits
        self._context: Any = None
        self._lock = threading.Lock()
        self._slots = threading.BoundedSemaphore(limits.parallel)

    def _take(self) -> _Worker:
        with self._lock:
            if self._context is None:
                self._context = multiprocessing.get_context("forkserver")
                self._context.set_forkserver_preload([__name__])
            return _Worker(self._context, self.limits)

    def parse(
        self,
        data: bytes,
        name: str,
        *,
        sheet: str | None = None,
        overrides: Mapping[str, str | None] | None = None,
        limits: IngestLimits = DEFAULT_LIMITS,
        profile: str | None = AUTO,
    ) -> Report:
        """``read_report`` in a worker; the same result or ``ReportFormatError``."""
        validate_profile(profile)
        options = (sheet, dict(overrides or {}), limits, profile)
        request = pickle.dumps((data, name, *options), protocol=5)
        with self._slots:
            worker = self._take()
            try:
                outcome = self._exchange(worker, request, name)
            finally:
                worker.stop()
        if outcome[0] == "ok":
            report: Report = outcome[1]
            return report
        raise ReportFormatError(outcome[1], **outcome[2])

    def _exchange(self, worker: _Worker, request: bytes, name: str) -> tuple[Any, ...]:
        try:
            worker.conn.send_bytes(request)
            if not worker.conn.poll(self.limits.wall_seconds):
                worker.stop()
                raise ReportFormatError(
                    "took_too_long", name=name, limit_s=f"{self.limits.wall_seconds:g}"
                )
            payload = worker.conn.recv_bytes(self.limits.result_bytes + 1024)
        except (EOFError, OSError) as exc:
            worker.process.join(5)  # let a dying worker finish, to read how it ended
            worker.stop()
            raise self._death(worker, name) from exc
        outcome: tuple[Any, ...] = pickle.loads(payload)
        return outcome

    def _death(self, worker: _Worker, name: str) -> ReportFormatError:
        code = worker.process.exitcode
        if code is not None and -code == signal.SIGXCPU:
            return ReportFormatError(
                "took_too_long", name=name, limit_s=f"{self.limits.cpu_seconds:g}"
            )
        if code is not None and -code in _MEMORY_SIGNALS:
            return ReportFormatError("needs_too_much_memory", **_memory_params(name, self.limits))
        return ReportFormatError("damaged", name=name)

    def close(self) -> None:
        """Nothing outlives a parse; kept so a pool can be used as a resource."""


_POOL = WorkerPool()


def parse_isolated(
    data: bytes,
    name: str,
    *,
    sheet: str | None = None,
    overrides: Mapping[str, str | None] | None = None,
    limits: IngestLimits = DEFAULT_LIMITS,
    profile: str | None = AUTO,
) -> Report:
    """``read_report`` in the shared pool's worker process."""
    return _POOL.parse(data, name, sheet=sheet, overrides=overrides, limits=limits, profile=profile)


def _warm_up() -> None:
    """Load what every parse needs (the data files, calamine) once, in the forkserver,
    so each worker forked from it starts warm."""
    import python_calamine  # noqa: F401

    with contextlib.suppress(ReportFormatError):
        read_report("Дата;Охват;Лайки\n01.03.2026;1;2\n".encode(), "warm.csv")


if sys.argv[:1] == ["-c"] and "multiprocessing.forkserver" in sys.modules:
    _warm_up()  # this module is the forkserver's preload
