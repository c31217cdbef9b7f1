"""Where the data is kept and whether it may be written: the storage's settings.

Three settings, each from an environment variable or else from the ``[storage]`` table
of Streamlit's secrets (the shell passes that table in as a plain mapping; the core
never reads Streamlit). The environment wins, so a container or a CI job can override a
committed secrets file without editing it.

- ``SMM_DATABASE_URL`` / ``database_url``: an SQLAlchemy URL, e.g.
  ``postgresql+psycopg://user:password@host:5432/smm``. Empty: the SQLite file below.
- ``SMM_SQLITE_PATH`` / ``sqlite_path``: the SQLite file when no URL is given;
  ``data/smm_scorecard.db`` (relative to the working directory) by default.
- ``SMM_READ_ONLY_DEMO`` / ``read_only_demo``: ``true`` turns every write off (public demos).
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy.engine import URL, make_url

DEFAULT_SQLITE_PATH = Path("data") / "smm_scorecard.db"
ENV_DATABASE_URL = "SMM_DATABASE_URL"
ENV_SQLITE_PATH = "SMM_SQLITE_PATH"
ENV_READ_ONLY_DEMO = "SMM_READ_ONLY_DEMO"
_TRUE = frozenset({"1", "true", "yes", "on"})
_FALSE = frozenset({"", "0", "false", "no", "off"})


@dataclass(frozen=True)
class Settings:
    """The storage's settings; ``url`` is what the engine connects to."""

    database_url: str | None = None
    sqlite_path: Path = DEFAULT_SQLITE_PATH
    read_only_demo: bool = False

    @property
    def url(self) -> URL:
        if self.database_url:
            return make_url(self.database_url)
        return URL.create("sqlite+pysqlite", database=str(self.sqlite_path))

    @classmethod
    def load(
        cls,
        environ: Mapping[str, str] | None = None,
        secrets: Mapping[str, object] | None = None,
    ) -> Settings:
        """The settings from the environment (``os.environ`` by default), falling back
        on the ``[storage]`` table of the secrets, then on the defaults."""
        env = os.environ if environ is None else environ
        table = secrets or {}

        def pick(env_name: str, secret_name: str) -> str | None:
            if env_name in env:
                return env[env_name]
            value = table.get(secret_name)
            return None if value is None else str(value)

        sqlite_path = pick(ENV_SQLITE_PATH, "sqlite_path")
        return cls(
            database_url=pick(ENV_DATABASE_URL, "database_url") or None,
            sqlite_path=Path(sqlite_path) if sqlite_path else DEFAULT_SQLITE_PATH,
            read_only_demo=_flag(pick(ENV_READ_ONLY_DEMO, "read_only_demo"), "read_only_demo"),
        )


def _flag(value: str | None, name: str) -> bool:
    """A yes/no setting; anything but the usual spellings is a mistake worth stopping on."""
    word = (value or "").strip().lower()
    if word in _TRUE:
        return True
    if word in _FALSE:
        return False
    raise ValueError(f"{name} must be true or false, not {value!r}")
