"""Untrusted report bytes are parsed in a separate process with limits on memory, CPU
time and result size, so a hostile file can cost at most one worker, never the server.

In a server (threads) workers come from a ``forkserver`` that has imported the engine
once, so starting one costs milliseconds. A one-shot process (the command line, one
thread) forks its workers from itself instead (``fork_workers_while_single_threaded``):
a forkserver would be a second interpreter importing the engine again, on the critical
path of a command that parses one file. A worker that parsed well is kept for the next
file unless it holds more than ``WorkerLimits.idle_bytes`` (a forked one is not: its
process has no next file), so memory goes back to the system. A worker that dies (out
of memory: calamine aborts when an allocation fails), runs out of CPU time (SIGXCPU) or
of wall time (killed) becomes one ``ReportFormatError``; every other parse goes on.

At most ``WorkerLimits.parallel`` parses run at once; more wait their turn.
"""

from __future__ import annotations

import contextlib
import gc
import importlib
import multiprocessing
import os
import pickle
import resource
import signal
import sys
import threading
import traceback
import types
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from multiprocessing.connection import Connection
from pathlib import Path
from typing import TYPE_CHECKING, Any

from smm_logic.errors import ReportFormatError
from smm_logic.report.profiles import AUTO, validate_profile
from smm_logic.report.sources import heap, prefetch
from smm_logic.report.sources.archive import reports_name
from smm_logic.report.sources.limits import DEFAULT_LIMITS, IngestLimits, check_byte_count

# A file to parse: its name, and its bytes or the path the worker reads them from.
FileSource = tuple[str, bytes | Path]

# The engine (pandas, pyarrow, the readers) is imported by the worker when it parses: a
# worker forked from a process that has not imported it (the command line) starts
# calamine on the sheet first and imports the engine meanwhile (``prefetch``).
if TYPE_CHECKING:
    from smm_logic.report.model import Report

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
    # A worker is kept for the next parse while it holds no more than this.
    idle_bytes: int = 512 * 1024**2


DEFAULT_WORKER_LIMITS = WorkerLimits()
_MEMORY_SIGNALS = {signal.SIGABRT, signal.SIGKILL, signal.SIGSEGV, signal.SIGBUS}


def _address_space() -> int:
    """This process's virtual size in bytes (0 where /proc is not there)."""
    try:
        statm = Path("/proc/self/statm").read_text(encoding="ascii")
        return int(statm.split()[0]) * resource.getpagesize()
    except (OSError, ValueError, IndexError):
        return 0


def _import_all(modules: Sequence[str]) -> None:
    for module in modules:
        try:
            importlib.import_module(module)
        except Exception:  # the parse that needs the module imports it again, and says why
            return


def _serve(conn: Connection, limits: WorkerLimits, warm: Sequence[str] = ()) -> None:
    """The worker: parse each request under the limits and send the outcome, until the
    pool closes the pipe. ``warm``: modules imported in a thread meanwhile (a worker
    forked before they were imported, see ``WorkerPool.prefork``)."""
    # The worker's memory is counted by its limit and, for the command line, with the
    # command's: what a parse freed goes back to the system.
    heap.prepare_worker()
    ceiling = _address_space() + limits.memory_bytes
    resource.setrlimit(resource.RLIMIT_AS, (ceiling, ceiling))
    if warm:
        threading.Thread(target=_import_all, args=(warm,), daemon=True).start()
    while True:
        try:
            request = conn.recv_bytes()
        except (EOFError, OSError):
            return
        usage = resource.getrusage(resource.RUSAGE_SELF)
        cpu = int(usage.ru_utime + usage.ru_stime) + limits.cpu_seconds
        resource.setrlimit(resource.RLIMIT_CPU, (cpu, resource.RLIM_INFINITY))
        job = pickle.loads(request)
        del request  # the parse needs the files, not their pickled copy as well
        payload = _outcome(job, limits)
        conn.send_bytes(payload)
        del payload


def _contents(source: bytes | Path, limits: IngestLimits) -> bytes:
    """A file's bytes: given, or read here from its path (the command line's files, so
    that its own process never holds them), once its size is within ``limits``."""
    if isinstance(source, bytes):
        return source
    try:
        check_byte_count(source.stat().st_size, limits)
        return source.read_bytes()
    except OSError as exc:
        raise ReportFormatError("file_not_found", name=str(source)) from exc


def _outcome(job: list[Any], limits: WorkerLimits) -> bytes:
    """One request (one file or several read together) parsed: the pickled
    ("ok", Report or what ``then`` made of it), ("error", code, params) or ("failed",
    traceback) where ``then`` raised."""
    files, sheet, overrides, ingest_limits, profile, then = job
    job.clear()  # ``files`` is then the files' only reference: freed before pickling
    name = reports_name(files)
    try:
        files = [(file_name, _contents(source, ingest_limits)) for file_name, source in files]
        if len(files) == 1:
            prefetch.start(files[0][1], name, sheet, ingest_limits)
        from smm_logic.report.ingest import read_reports

        report = read_reports(
            files, sheet=sheet, overrides=overrides, limits=ingest_limits, profile=profile
        )
        del files
        prefetch.forget()
        heap.give_back_freed_memory()
        try:
            result = report if then is None else then(report)
        except Exception:
            return pickle.dumps(("failed", traceback.format_exc()))
        del report
        payload = pickle.dumps(("ok", result), protocol=pickle.HIGHEST_PROTOCOL)
        if len(payload) > limits.result_bytes:
            payload = pickle.dumps(("error", "needs_too_much_memory", _memory_params(name, limits)))
    except ReportFormatError as exc:
        if exc.code == "out_of_memory":
            payload = pickle.dumps(("error", "needs_too_much_memory", _memory_params(name, limits)))
        else:
            payload = pickle.dumps(("error", exc.code, dict(exc.message.params)))
    except MemoryError:
        payload = pickle.dumps(("error", "needs_too_much_memory", _memory_params(name, limits)))
    finally:
        prefetch.forget()
    return payload


def _memory_params(name: str, limits: WorkerLimits) -> dict[str, object]:
    return {"name": name, "limit_gb": f"{limits.memory_bytes / _GB:g}"}


_MAIN_LOCK = threading.Lock()
_ROOT = str(Path(__file__).resolve().parents[2])


class _Worker:
    """One started worker process and the parent's end of its pipe."""

    def __init__(self, context: Any, limits: WorkerLimits, warm: Sequence[str] = ()) -> None:
        self.conn, child = context.Pipe()
        self.process = context.Process(
            target=_serve, args=(child, limits, tuple(warm)), daemon=True
        )
        self.forked = context.get_start_method() == "fork"
        if self.forked:
            # a copy of this process: no main script to hide from it, no path to give.
            # Frozen first: the objects already made are moved out of the collector's
            # reach, so the worker's collections do not write to every inherited page
            # (copy-on-write would copy the parent's heap: 40-50 ms at 50k rows).
            gc.freeze()
            self.process.start()
            child.close()
            return
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

    def resident_bytes(self) -> int:
        """The worker's resident memory (a large value where /proc cannot tell)."""
        try:
            statm = Path(f"/proc/{self.process.pid}/statm").read_text(encoding="ascii")
            return int(statm.split()[1]) * resource.getpagesize()
        except (OSError, ValueError, IndexError):
            return 1 << 62

    def stop(self) -> None:
        if self.process.is_alive():
            self.process.kill()
        self.process.join(5)
        self.conn.close()


class WorkerPool:
    """Workers made by one forkserver (or forked from this process, see
    ``fork_while_single``): at most ``parallel`` at work, the idle ones kept for the next
    parse; one that failed, died or grew large is stopped."""

    def __init__(
        self, limits: WorkerLimits = DEFAULT_WORKER_LIMITS, *, fork_while_single: bool = False
    ) -> None:
        self.limits = limits
        self.fork_while_single = fork_while_single
        self._context: Any = None
        self._lock = threading.Lock()
        self._slots = threading.BoundedSemaphore(limits.parallel)
        self._idle: list[_Worker] = []

    def _take(self) -> _Worker:
        with self._lock:
            while self._idle:
                worker = self._idle.pop()
                if worker.process.is_alive():
                    return worker
                worker.stop()
            return _Worker(self._start_context(), self.limits)

    def prefork(self, warm: Sequence[str]) -> None:
        """Fork a worker now, while this process has one thread, that imports ``warm``
        (module names) while this process goes on: for a one-shot process that will
        parse soon (the command line parsing its arguments and reading its files)."""
        with self._lock:
            context = self._start_context()
            if context.get_start_method() == "fork":
                self._idle.append(_Worker(context, self.limits, warm))

    def start_method(self) -> str:
        """How the next worker will be started: ``"fork"`` or ``"forkserver"``."""
        with self._lock:
            method: str = self._start_context().get_start_method()
        return method

    def _start_context(self) -> Any:
        # Forking copies this process as it is, so the worker has the engine imported
        # already; it is only safe with no other thread, which could hold a lock (the
        # logging module's, the import lock) that stays locked forever in the child.
        # The native threads pandas' imports start (OpenBLAS's pool, Arrow's jemalloc
        # background thread) are made fork-safe by their libraries (at-fork handlers).
        if self.fork_while_single and threading.active_count() == 1:
            return multiprocessing.get_context("fork")
        if self._context is None:
            self._context = multiprocessing.get_context("forkserver")
            self._context.set_forkserver_preload([__name__])
        return self._context

    def _give_back(self, worker: _Worker) -> None:
        """Keep a worker that parsed well for the next parse (its heap is warm), unless
        it holds more memory than an idle worker may, or was forked: a one-shot process
        has parsed what it came for, and the worker's heap goes back to the system while
        the KPIs are computed."""
        if worker.forked or worker.resident_bytes() > self.limits.idle_bytes:
            worker.stop()
            return
        with self._lock:
            self._idle.append(worker)

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
        return self.parse_files(
            [(name, data)], sheet=sheet, overrides=overrides, limits=limits, profile=profile
        )

    def parse_files(
        self,
        files: Sequence[tuple[str, bytes]],
        *,
        sheet: str | None = None,
        overrides: Mapping[str, str | None] | None = None,
        limits: IngestLimits = DEFAULT_LIMITS,
        profile: str | None = AUTO,
    ) -> Report:
        """``read_reports`` in one worker: the files of one report are one request, so
        the worker's limits hold for all of them together."""
        report: Report = self.parse_files_then(
            files, None, sheet=sheet, overrides=overrides, limits=limits, profile=profile
        )
        return report

    def parse_files_then(
        self,
        files: Sequence[FileSource],
        then: Callable[[Report], Any] | None,
        *,
        sheet: str | None = None,
        overrides: Mapping[str, str | None] | None = None,
        limits: IngestLimits = DEFAULT_LIMITS,
        profile: str | None = AUTO,
    ) -> Any:
        """``then(report)`` worked out in the worker from the report these files make
        (the report itself for None), under the worker's limits; a file given by its
        path is read by the worker. ``then`` is pickled by
        name: a module-level function (or a ``functools.partial`` of one)."""
        validate_profile(profile)
        name = reports_name(files)
        options = (sheet, dict(overrides or {}), limits, profile, then)
        with self._slots:
            worker = self._take()
            try:
                # pickled into a temporary: ``_exchange`` holds the only reference to the
                # bytes and drops it once they are sent
                job = [list(files), *options]
                outcome = self._exchange(worker, pickle.dumps(job, protocol=5), name)
            except BaseException:
                worker.stop()
                raise
            self._give_back(worker)
        if outcome[0] == "ok":
            return outcome[1]
        if outcome[0] == "failed":
            raise RuntimeError(f"the parse worker's {then!r} failed:\n{outcome[1]}")
        raise ReportFormatError(outcome[1], **outcome[2])

    def _exchange(self, worker: _Worker, request: bytes, name: str) -> tuple[Any, ...]:
        try:
            worker.conn.send_bytes(request)
            del request  # the file's pickled copy, not needed while the worker parses
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
        if worker.forked:
            return outcome  # a one-shot process: no next click to keep the collection from
        # Unpickling makes the report's objects at once, without the garbage a parse in
        # this process would have collected on the way: the next full collection, which
        # scans them all, would land on the user's next click (measured: a scope change
        # took 0.18 s instead of 0.09 s). Collect now, inside the upload's own run.
        gc.collect()
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
        """Stop the idle workers."""
        with self._lock:
            idle, self._idle = self._idle, []
        for worker in idle:
            worker.stop()


_POOL = WorkerPool()


def fork_workers_while_single_threaded(warm: Sequence[str] = ()) -> None:
    """Have the shared pool fork its workers from this process while it runs one thread:
    for a process that parses a file or a few and exits (the command line), where a
    forkserver would import the engine a second time before the first parse. With
    ``warm``, one worker is forked at once and imports those modules meanwhile."""
    _POOL.fork_while_single = True
    if warm:
        _POOL.prefork(warm)


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


def parse_files_isolated_then(
    files: Sequence[FileSource],
    then: Callable[[Report], Any],
    *,
    sheet: str | None = None,
    overrides: Mapping[str, str | None] | None = None,
    limits: IngestLimits = DEFAULT_LIMITS,
    profile: str | None = AUTO,
) -> Any:
    """``then(report)`` for these files' report, worked out in the shared pool's worker."""
    return _POOL.parse_files_then(
        files, then, sheet=sheet, overrides=overrides, limits=limits, profile=profile
    )


def parse_files_isolated(
    files: Sequence[tuple[str, bytes]],
    *,
    sheet: str | None = None,
    overrides: Mapping[str, str | None] | None = None,
    limits: IngestLimits = DEFAULT_LIMITS,
    profile: str | None = AUTO,
) -> Report:
    """``read_reports`` in the shared pool's worker process."""
    return _POOL.parse_files(
        files, sheet=sheet, overrides=overrides, limits=limits, profile=profile
    )


def _warm_up() -> None:
    """Load what every parse needs (the data files, calamine) once, in the forkserver,
    so each worker forked from it starts warm."""
    import python_calamine  # noqa: F401

    from smm_logic.report.ingest import read_report

    with contextlib.suppress(ReportFormatError):
        read_report("Дата;Охват;Лайки\n01.03.2026;1;2\n".encode(), "warm.csv")


if sys.argv[:1] == ["-c"] and "multiprocessing.forkserver" in sys.modules:
    _warm_up()  # this module is the forkserver's preload
