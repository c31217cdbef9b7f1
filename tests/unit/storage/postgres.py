"""A throwaway PostgreSQL cluster for the storage tests: Debian's binaries, a temporary
folder, a free loopback port, stopped and removed at the end.

``initdb`` refuses to run as root, and CI runs as root: there every command runs as
the ``postgres`` system user (``runuser``), in a folder given to that user.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path

NO_POSTGRES = (
    "PostgreSQL's initdb and pg_ctl are missing, so the PostgreSQL storage tests are "
    "skipped: install Debian's postgresql (sudo apt-get install -y postgresql, or "
    "`make postgresql` as root)"
)
USER = "smm"
START_TIMEOUT_S = 60


def find_bindir() -> Path | None:
    """The folder of ``initdb`` and ``pg_ctl``: Debian keeps them out of PATH, per version."""
    candidates = sorted(
        Path("/usr/lib/postgresql").glob("*/bin"),
        key=lambda path: int(path.parent.name) if path.parent.name.isdigit() else 0,
        reverse=True,
    )
    on_path = shutil.which("initdb")
    if on_path:
        candidates.append(Path(on_path).parent)
    for folder in candidates:
        if (folder / "initdb").is_file() and (folder / "pg_ctl").is_file():
            return folder
    return None


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def _as_postgres_user(command: list[str]) -> list[str]:
    if os.geteuid() != 0:
        return command
    return ["runuser", "-u", "postgres", "--", *command]


@contextlib.contextmanager
def cluster(bindir: Path) -> Iterator[str]:
    """Start a cluster; yield the URL of its ``postgres`` database; stop and remove it."""
    folder = Path(tempfile.mkdtemp(prefix="smm-pg-"))
    data, log = folder / "data", folder / "server.log"
    if os.geteuid() == 0:
        shutil.chown(folder, "postgres", "postgres")
    port = _free_port()

    def run(*args: str) -> None:
        subprocess.run(
            _as_postgres_user([str(arg) for arg in args]),
            cwd=folder,
            check=True,
            capture_output=True,
            timeout=START_TIMEOUT_S,
        )

    # trust on loopback only: a cluster of a test run, reachable by this machine alone
    run(str(bindir / "initdb"), "-D", str(data), "-U", USER, "--auth=trust", "-E", "UTF8")
    options = (
        f"-p {port} -h 127.0.0.1 -k {folder} -c fsync=off -c synchronous_commit=off "
        "-c full_page_writes=off -c max_connections=100"
    )
    try:
        run(str(bindir / "pg_ctl"), "-D", str(data), "-l", str(log), "-o", options, "-w", "start")
        yield f"postgresql+psycopg://{USER}@127.0.0.1:{port}/postgres"
    finally:
        with contextlib.suppress(subprocess.SubprocessError):
            run(str(bindir / "pg_ctl"), "-D", str(data), "-m", "immediate", "-w", "stop")
        shutil.rmtree(folder, ignore_errors=True)
