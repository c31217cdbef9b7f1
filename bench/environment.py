"""What a benchmark's figures were measured on: the machine, the packages and the commit
(smm_logic changes often, and figures age with it)."""

from __future__ import annotations

import os
import platform
import subprocess
from collections.abc import Sequence
from datetime import UTC, datetime
from importlib.metadata import version
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent


def _git(*args: str) -> str:
    try:
        done = subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True, check=False)
    except OSError:  # no git on the machine: the figures are still worth keeping
        return "unknown"
    return done.stdout.strip() if done.returncode == 0 else "unknown"


def measured_on(repeat: int, packages: Sequence[str]) -> dict[str, Any]:
    found: dict[str, str] = {}
    for package in packages:
        try:
            found[package] = version(package)
        except Exception:  # an absent package is worth recording, not a failure
            found[package] = "absent"
    return {
        "when": datetime.now(UTC).isoformat(timespec="seconds"),
        "python": platform.python_version(),
        "machine": platform.machine(),
        "cpus": os.cpu_count(),
        "repeat": repeat,
        "packages": found,
        "commit": _git("rev-parse", "--short", "HEAD"),
        "smm_logic_modified": bool(_git("status", "--porcelain", "--", "smm_logic")),
    }
