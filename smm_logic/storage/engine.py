"""The engine for a database URL: SQLite in WAL mode by default, PostgreSQL by URL.

SQLite needs three things to be a safe store for several sessions of one server:
- WAL journal mode, so readers never wait for the writer and a crash never leaves half
  a transaction;
- a busy timeout, so a second writer waits for the first instead of failing at once;
- ``BEGIN IMMEDIATE`` for transactions that write: a deferred transaction that reads
  first and writes later can deadlock with another one doing the same, and SQLite then
  fails one of them without waiting. SQLAlchemy emits the BEGIN itself (the driver's own
  transaction handling is turned off), so the DDL of migrations is transactional too.
Foreign keys are enforced on SQLite only when asked, on every connection.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import URL, make_url

from smm_logic.storage.settings import Settings

BUSY_TIMEOUT_MS = 15_000
# The execution option that marks a transaction as one that writes (see the module doc).
WRITES = "smm_writes"


def make_engine(target: Settings | URL | str) -> Engine:
    """An engine for the settings' database or for a URL."""
    url = target.url if isinstance(target, Settings) else make_url(target)
    if url.get_backend_name() == "sqlite":
        return _sqlite_engine(url)
    # pre-ping: a replica notices a restarted PostgreSQL instead of failing one request.
    return create_engine(url, pool_pre_ping=True)


def _sqlite_engine(url: URL) -> Engine:
    database = url.database or ""
    if database and database != ":memory:" and not database.startswith("file:"):
        Path(database).parent.mkdir(parents=True, exist_ok=True)
    engine = create_engine(url, connect_args={"timeout": BUSY_TIMEOUT_MS / 1000})

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None  # SQLAlchemy emits BEGIN (below)
        cursor = dbapi_connection.cursor()
        try:
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
            cursor.execute("PRAGMA foreign_keys=ON")
        finally:
            cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Any) -> None:
        writes = connection.get_execution_options().get(WRITES, False)
        connection.exec_driver_sql("BEGIN IMMEDIATE" if writes else "BEGIN")

    return engine


def is_sqlite(engine: Engine) -> bool:
    return engine.dialect.name == "sqlite"
