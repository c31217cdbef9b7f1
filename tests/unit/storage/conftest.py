"""The storage tests run once against SQLite and once against a real PostgreSQL
server; the test id names the database (``[sqlite]``, ``[postgresql]``).

- ``postgres_url`` (session): a throwaway cluster (``postgres.py``); the tests that need
  it are skipped, with the reason, when PostgreSQL is not installed.
- ``database_url``: an empty database of the test's backend (a new SQLite file, or a
  new PostgreSQL database).
- ``engine``: that database brought to the newest schema by ``upgrade``.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine, create_engine, text

from smm_logic.storage import Workspace, make_engine, upgrade
from tests.unit.storage import postgres

BACKENDS = ("sqlite", "postgresql")
_database_numbers = itertools.count()


@pytest.fixture(scope="session")
def postgres_url() -> Iterator[str]:
    bindir = postgres.find_bindir()
    if bindir is None:
        pytest.skip(postgres.NO_POSTGRES)
    with postgres.cluster(bindir) as url:
        yield url


@pytest.fixture(params=BACKENDS)
def backend(request: pytest.FixtureRequest) -> str:
    name: str = request.param
    return name


@pytest.fixture
def database_url(backend: str, tmp_path: Path, request: pytest.FixtureRequest) -> str:
    if backend == "sqlite":
        return f"sqlite+pysqlite:///{tmp_path / 'smm.db'}"
    server: str = request.getfixturevalue("postgres_url")
    name = f"test_{next(_database_numbers)}"
    admin = create_engine(server, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    return server.rsplit("/", 1)[0] + f"/{name}"


@pytest.fixture
def engine(database_url: str) -> Iterator[Engine]:
    made = make_engine(database_url)
    upgrade(made)
    yield made
    made.dispose()


@pytest.fixture
def alice(engine: Engine) -> Workspace:
    return Workspace(engine, "user:alice")


@pytest.fixture
def bob(engine: Engine) -> Workspace:
    return Workspace(engine, "user:bob")
