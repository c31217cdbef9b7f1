"""Applying the migrations: the app calls ``upgrade`` on start, and never makes or
alters a table any other way.

The migrations live inside the package (``smm_logic/storage/migrations``), so that they
ship with the code that needs them and are found wherever the app is started from;
``alembic.ini`` at the repository root points there for people who write new ones.
"""

from __future__ import annotations

import threading
from importlib import resources

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, text
from sqlalchemy.engine import URL
from sqlalchemy.exc import SQLAlchemyError

from smm_logic.storage.engine import WRITES, make_engine
from smm_logic.storage.errors import StorageUnavailableError
from smm_logic.storage.settings import Settings

HEAD = "head"
# Replicas started together migrate one after the other: the first takes this lock (a
# PostgreSQL advisory lock held until its transaction ends), the others wait and then
# find the schema up to date. On SQLite, BEGIN IMMEDIATE does the same.
MIGRATION_LOCK = 0x534D4D  # "SMM"
# Alembic keeps the running migration in module globals: one at a time per process.
_IN_PROCESS = threading.Lock()


def alembic_config() -> Config:
    config = Config()
    location = resources.files("smm_logic.storage").joinpath("migrations")
    config.set_main_option("script_location", str(location))
    return config


def upgrade(target: Engine | Settings | URL | str, revision: str = HEAD) -> None:
    """Bring the database's schema to ``revision`` (the newest by default) in one
    transaction: every migration applies or none does. An up-to-date database is left
    as it is, so every replica may call this on start."""
    engine = target if isinstance(target, Engine) else make_engine(target)
    config = alembic_config()
    try:
        with _IN_PROCESS, engine.execution_options(**{WRITES: True}).begin() as connection:
            if connection.dialect.name == "postgresql":
                connection.execute(
                    text("SELECT pg_advisory_xact_lock(:key)"), {"key": MIGRATION_LOCK}
                )
            config.attributes["connection"] = connection
            command.upgrade(config, revision)
    except SQLAlchemyError as error:
        raise StorageUnavailableError(f"{type(error).__name__}: {error}") from error
    finally:
        if engine is not target:
            engine.dispose()


def current_revision(engine: Engine) -> str | None:
    """The revision the database is at (None: no migration applied yet)."""
    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def head_revision() -> str:
    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    if head is None:
        raise RuntimeError("no migrations found")
    return head
