"""The core stays in pieces a reader can hold: no module over 500 lines, no function over
80, so that each later change touches one obvious place."""

from __future__ import annotations

import ast
from pathlib import Path

from tests.conftest import ROOT

MAX_MODULE_LINES = 500
MAX_FUNCTION_LINES = 80
CORE = ROOT / "smm_logic"


def core_modules() -> list[Path]:
    return sorted(CORE.rglob("*.py"))


def test_no_module_of_the_core_is_over_500_lines() -> None:
    long = {
        str(path.relative_to(ROOT)): lines
        for path in core_modules()
        if (lines := len(path.read_text(encoding="utf-8").splitlines())) > MAX_MODULE_LINES
    }

    assert not long


def test_no_function_of_the_core_is_over_80_lines() -> None:
    long: dict[str, int] = {}
    for path in core_modules():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                lines = (node.end_lineno or node.lineno) - node.lineno + 1
                if lines > MAX_FUNCTION_LINES:
                    long[f"{path.relative_to(ROOT)}::{node.name}"] = lines

    assert not long


def test_the_shape_check_sees_the_whole_core() -> None:
    names = {path.relative_to(CORE).as_posix() for path in core_modules()}

    assert {"usecases.py", "kpis/cube.py", "report/ingest.py"} <= names
