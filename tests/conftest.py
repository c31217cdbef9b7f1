"""Shared fixtures: paths to the committed fixtures and to ../shared/samples when present."""

from __future__ import annotations

import os
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


@pytest.fixture
def fixtures_dir() -> Path:
    return FIXTURES


@pytest.fixture
def shared_samples() -> Path:
    """The team's shared sample workbooks; tests using them skip in a user's clone."""
    if not (SHARED_SAMPLES / "expected.json").is_file():
        pytest.skip("../shared/samples is not present (a user's clone)")
    return SHARED_SAMPLES
