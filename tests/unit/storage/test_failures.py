"""A save that fails is one clear error and leaves nothing half-written; a read-only
demo writes nothing at all."""

from __future__ import annotations

import socket
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, event, func, select
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session

from smm_logic.storage import (
    ReadOnlyError,
    SaveError,
    StorageUnavailableError,
    Workspace,
    make_engine,
    upgrade,
)
from smm_logic.storage.models import Base
from tests.unit.storage.helpers import digest, file_report
from tests.unit.storage.test_isolation import OWN, REFUSED, Records, fill, snapshot

WRITES = {
    name: call
    for name, call in {**REFUSED, **OWN}.items()
    if not name.startswith(("get_", "list_", "open_", "history"))
}


def row_counts(engine: Engine) -> dict[str, int]:
    with Session(engine) as session:
        return {
            table.name: session.scalar(select(func.count()).select_from(table)) or 0
            for table in Base.metadata.sorted_tables
        }


@pytest.mark.parametrize("call", WRITES, ids=str)
def test_a_read_only_demo_refuses_every_write(alice: Workspace, engine: Engine, call: str) -> None:
    records = fill(alice)
    before, counts = snapshot(alice, records), row_counts(engine)
    demo = Workspace(engine, alice.owner, read_only=True)

    with pytest.raises(ReadOnlyError) as refused:
        WRITES[call](demo, records)

    assert snapshot(demo, records) == before  # reading still works
    assert row_counts(engine) == counts
    assert refused.value.render("en") == "This is a demo: saving is turned off."
    assert "демо" in refused.value.render("ru")


def fail_when(engine: Engine, words: str) -> Callable[..., None]:
    """Make the database fail on the statements that contain ``words``, as a full disk
    or a dropped connection would, in the middle of a transaction; the listener."""

    def fail(conn: Any, cursor: Any, statement: str, *args: Any) -> None:
        if words in statement:
            raise OperationalError(statement, {}, Exception("disk I/O error"))

    event.listen(engine, "before_cursor_execute", fail)
    return fail


@pytest.mark.parametrize(
    ("words", "save"),
    [
        (
            "INSERT INTO report_files",
            lambda w, r: w.save_report(r.client, file_report(data=b"new")),
        ),
        (
            "INSERT INTO draft_files",
            lambda w, r: w.save_draft({}, {digest(b"new"): b"new"}, revision=1),
        ),
        ("UPDATE clients", lambda w, r: w.set_targets(r.client, {"reach_growth": 5.0})),
        ("DELETE FROM blobs", lambda w, r: w.delete_client(r.client)),
    ],
    ids=["report", "draft", "targets", "delete"],
)
def test_a_save_that_fails_midway_leaves_nothing_half_written(
    alice: Workspace,
    engine: Engine,
    words: str,
    save: Callable[[Workspace, Records], object],
) -> None:
    records = fill(alice)
    before, counts = snapshot(alice, records), row_counts(engine)
    failing = fail_when(engine, words)

    with pytest.raises(SaveError) as failed:
        save(alice, records)

    event.remove(engine, "before_cursor_execute", failing)
    assert row_counts(engine) == counts
    assert snapshot(alice, records) == before
    assert "try again" in failed.value.render("en")


def test_a_full_sqlite_disk_is_a_failed_save(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite+pysqlite:///{tmp_path / 'smm.db'}")
    upgrade(engine)
    client = Workspace(engine, "user:alice").create_client("Bakery")

    @event.listens_for(engine, "connect")
    def _small_disk(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.execute("PRAGMA max_page_count = 40")

    engine.dispose()  # the next connections have the small disk
    big = file_report(data=b"x" * 1_000_000)

    with pytest.raises(SaveError) as failed:
        Workspace(engine, "user:alice").save_report(client.id, big)

    assert "full" in failed.value.detail
    assert Workspace(engine, "user:alice").list_reports(client.id) == []


def test_an_unwritable_sqlite_file_is_a_failed_save(tmp_path: Path) -> None:
    path = tmp_path / "smm.db"
    writable = make_engine(f"sqlite+pysqlite:///{path}")
    upgrade(writable)
    writable.dispose()
    read_only = make_engine(f"sqlite+pysqlite:///file:{path}?mode=ro&uri=true")

    with pytest.raises(SaveError):
        Workspace(read_only, "user:alice").create_client("Bakery")
    assert Workspace(read_only, "user:alice").list_clients() == []


def test_a_database_that_is_down_is_one_clear_error(backend: str, tmp_path: Path) -> None:
    with socket.socket() as probe:  # a port where nothing listens
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    url = {
        "postgresql": f"postgresql+psycopg://smm@127.0.0.1:{port}/smm?connect_timeout=2",
        # a folder where the file should be: SQLite cannot open it
        "sqlite": f"sqlite+pysqlite:///{tmp_path}",
    }[backend]
    down = make_engine(url)

    with pytest.raises(SaveError) as failed:
        Workspace(down, "user:alice").create_client("Bakery")
    with pytest.raises(StorageUnavailableError) as unreadable:
        Workspace(down, "user:alice").list_clients()
    with pytest.raises(StorageUnavailableError):
        upgrade(down)
    assert "unavailable" in failed.value.render("en")
    assert "недоступна" in unreadable.value.render("ru")
