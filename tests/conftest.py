"""Shared fixtures: paths to the committed fixtures and to ../shared/samples when present,
and a database of the test run's own for everything that runs the app."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import settings

# CI runs the property tests on a fixed set of examples so that a run is reproducible;
# locally they explore new examples every time.
settings.register_profile("ci", derandomize=True, print_blob=True)
if os.environ.get("CI"):
    settings.load_profile("ci")

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures"
SHARED_SAMPLES = ROOT.parent / "shared" / "samples"


@pytest.fixture(scope="session", autouse=True)
def test_database(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """Every test that runs the app (AppTest, a server started from here) saves into a
    temporary SQLite file, never the repository's ``data/`` folder. One file serves the
    run: each app session is its own owner (a fresh browser token), so tests do not see
    each other's drafts."""
    path = tmp_path_factory.mktemp("storage") / "smm_scorecard.db"
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SMM_SQLITE_PATH", str(path))
        patch.delenv("SMM_DATABASE_URL", raising=False)
        patch.delenv("SMM_READ_ONLY_DEMO", raising=False)
        yield path


@pytest.fixture
def fixtures_dir() -> Path:
    return FIXTURES


@pytest.fixture
def shared_samples() -> Path:
    """The team's shared sample workbooks; tests using them skip in a user's clone."""
    if not (SHARED_SAMPLES / "expected.json").is_file():
        pytest.skip("../shared/samples is not present (a user's clone)")
    return SHARED_SAMPLES
