"""The storage tests run once against SQLite and once against a real PostgreSQL
server; the test id names the database (``[sqlite]``, ``[postgresql]``).

- ``postgres_url`` (session): a throwaway cluster (``postgres.py``); the tests that need
  it are skipped, with the reason, when PostgreSQL is not installed.
- ``database_url``: an empty database of the test's backend (a new SQLite file, or a
  new PostgreSQL database).
- ``engine``: a new database at the newest schema: a copy of one that ``upgrade`` made
  once per run (a template database, or a copied file), which is much faster than
  migrating each test's own.
"""

from __future__ import annotations

import itertools
import shutil
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


def _new_postgres_database(server: str, template: str = "template0") -> str:
    name = f"test_{next(_database_numbers)}"
    admin = create_engine(server, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}" TEMPLATE "{template}"'))
    admin.dispose()
    return server.rsplit("/", 1)[0] + f"/{name}"


def _migrated(url: str) -> str:
    made = make_engine(url)
    upgrade(made)
    made.dispose()
    return url


@pytest.fixture(scope="session")
def postgres_template(postgres_url: str) -> str:
    """The name of a database at the newest schema, to copy."""
    url = _migrated(_new_postgres_database(postgres_url))
    return url.rsplit("/", 1)[1]


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An SQLite file at the newest schema, to copy (closed, so the WAL is folded in)."""
    path = tmp_path_factory.mktemp("template") / "smm.db"
    _migrated(f"sqlite+pysqlite:///{path}")
    return path


@pytest.fixture
def database_url(backend: str, tmp_path: Path, request: pytest.FixtureRequest) -> str:
    if backend == "sqlite":
        return f"sqlite+pysqlite:///{tmp_path / 'smm.db'}"
    return _new_postgres_database(request.getfixturevalue("postgres_url"))


@pytest.fixture
def engine(backend: str, tmp_path: Path, request: pytest.FixtureRequest) -> Iterator[Engine]:
    if backend == "sqlite":
        path = tmp_path / "migrated.db"
        shutil.copyfile(request.getfixturevalue("sqlite_template"), path)
        url = f"sqlite+pysqlite:///{path}"
    else:
        server: str = request.getfixturevalue("postgres_url")
        url = _new_postgres_database(server, request.getfixturevalue("postgres_template"))
    made = make_engine(url)
    yield made
    made.dispose()


@pytest.fixture
def alice(engine: Engine) -> Workspace:
    return Workspace(engine, "user:alice")


@pytest.fixture
def bob(engine: Engine) -> Workspace:
    return Workspace(engine, "user:bob")
