"""Alembic's environment: run the migrations on the connection ``upgrade`` gives, or,
from the ``alembic`` command line, on the database of the settings (environment)."""

from __future__ import annotations

from alembic import context
from sqlalchemy import Connection

from smm_logic.storage.engine import WRITES, make_engine
from smm_logic.storage.models import Base
from smm_logic.storage.settings import Settings


def run(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=Base.metadata,
        # SQLite alters a table by copying it; batch mode does that for the migrations
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


given = context.config.attributes.get("connection")
if given is not None:
    run(given)
else:
    engine = make_engine(Settings.load())
    with engine.execution_options(**{WRITES: True}).connect() as connection:
        run(connection)
    engine.dispose()
