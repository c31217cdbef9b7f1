"""The throwaway cluster's commands: as root (CI) through the postgres system user,
since initdb refuses root; as anyone else, as that user."""

from __future__ import annotations

import pytest

from tests.unit.storage import postgres


def test_as_root_the_cluster_runs_as_the_postgres_user(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(postgres.os, "geteuid", lambda: 0)

    assert postgres._as_postgres_user(["initdb", "-D", "x"]) == [
        "runuser",
        "-u",
        "postgres",
        "--",
        "initdb",
        "-D",
        "x",
    ]


def test_as_another_user_the_cluster_runs_as_that_user(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(postgres.os, "geteuid", lambda: 1000)

    assert postgres._as_postgres_user(["initdb", "-D", "x"]) == ["initdb", "-D", "x"]


def test_without_postgresql_the_tests_are_skipped_with_how_to_install_it(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(postgres.Path, "glob", lambda self, pattern: iter(()))
    monkeypatch.setattr(postgres.shutil, "which", lambda name: None)

    assert postgres.find_bindir() is None
    assert "apt-get install -y postgresql" in postgres.NO_POSTGRES
