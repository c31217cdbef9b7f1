"""Where the data goes: the settings, the SQLite engine's safety pragmas, the tokens."""

from __future__ import annotations

import base64
import itertools
from pathlib import Path

import pytest
from sqlalchemy import text

from smm_logic.storage import Settings, is_browser_token, make_engine, new_browser_token
from smm_logic.storage.tokens import browser_owner, user_owner


def test_by_default_the_data_is_an_sqlite_file_in_the_data_folder() -> None:
    settings = Settings.load(environ={}, secrets={})

    assert settings.url.render_as_string() == "sqlite+pysqlite:///data/smm_scorecard.db"
    assert settings.read_only_demo is False


def test_the_environment_wins_over_the_secrets() -> None:
    secrets = {
        "database_url": "postgresql+psycopg://app@db/smm",
        "read_only_demo": True,
        "sqlite_path": "/srv/secret.db",
    }

    from_secrets = Settings.load(environ={}, secrets=secrets)
    from_env = Settings.load(
        environ={"SMM_DATABASE_URL": "", "SMM_SQLITE_PATH": "/srv/env.db"}, secrets=secrets
    )

    assert from_secrets.url.drivername == "postgresql+psycopg"
    assert from_secrets.read_only_demo is True
    assert from_env.url.render_as_string() == "sqlite+pysqlite:////srv/env.db"
    assert from_env.read_only_demo is True  # not in the environment: the secret's


@pytest.mark.parametrize(
    ("word", "flag"), [("1", True), ("Yes", True), ("off", False), ("", False)]
)
def test_read_only_demo_reads_the_usual_spellings(word: str, flag: bool) -> None:
    assert Settings.load(environ={"SMM_READ_ONLY_DEMO": word}).read_only_demo is flag


def test_a_misspelt_flag_stops_the_start_rather_than_guessing() -> None:
    with pytest.raises(ValueError, match="read_only_demo"):
        Settings.load(environ={"SMM_READ_ONLY_DEMO": "maybe"})


def test_the_sqlite_file_is_safe_for_several_sessions(tmp_path: Path) -> None:
    engine = make_engine(Settings(sqlite_path=tmp_path / "new folder" / "smm.db"))

    with engine.connect() as connection:
        pragmas = {
            name: connection.execute(text(f"PRAGMA {name}")).scalar()
            for name in ("journal_mode", "busy_timeout", "foreign_keys")
        }
    engine.dispose()

    assert pragmas == {"journal_mode": "wal", "busy_timeout": 15_000, "foreign_keys": 1}
    assert (tmp_path / "new folder" / "smm.db").is_file()


def test_a_browser_token_has_at_least_128_random_bits() -> None:
    tokens = [new_browser_token() for _ in range(1000)]

    raw = [base64.urlsafe_b64decode(token + "=") for token in tokens]
    assert all(len(value) * 8 >= 128 for value in raw)
    assert len(set(tokens)) == len(tokens)
    assert all(is_browser_token(token) for token in tokens)


def test_a_browser_token_is_not_a_counter() -> None:
    numbers = [
        int.from_bytes(base64.urlsafe_b64decode(new_browser_token() + "=")) for _ in range(50)
    ]

    steps = {later - earlier for earlier, later in itertools.pairwise(numbers)}
    # consecutive tokens are far apart, in both directions, never a fixed step
    assert len(steps) == len(numbers) - 1
    assert any(step < 0 for step in steps) and any(step > 2**128 for step in steps)


@pytest.mark.parametrize("value", ["", "1", "x" * 42, "x" * 44, "a" * 42 + "!", "../../etc"])
def test_what_is_not_a_token_is_never_an_owner(value: str) -> None:
    assert not is_browser_token(value)
    with pytest.raises(ValueError):
        browser_owner(value)


def test_user_and_browser_owners_never_collide() -> None:
    token = new_browser_token()

    assert browser_owner(token) != user_owner(token)
    with pytest.raises(ValueError):
        user_owner("  ")
