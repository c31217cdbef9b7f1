"""``score`` loads only what reading a report and computing its KPIs needs: not the app,
the charts, the PDF and workbook writers, Babel, storage or the questionnaire."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bench.imports import UNUSED_BY_SCORE, modules_at_exit, unused
from tests.conftest import ROOT

CSV_REPORT = (
    "Отчёт за март\n\nДата;Платформа;Охват;Лайки\n01.03.2026;VK;1 200;3,5\n02.03.2026;VK;900;4\n"
)


@pytest.mark.parametrize("kind", ["xlsx", "csv"])
def test_score_json_loads_no_module_it_does_not_use(tmp_path: Path, kind: str) -> None:
    if kind == "xlsx":
        report = ROOT / "tests" / "fixtures" / "vk_report.xlsx"
    else:
        report = tmp_path / "march.csv"
        report.write_text(CSV_REPORT, encoding="utf-8")
    done, modules = modules_at_exit(["score", report, "--json"], tmp_path / "modules.json")
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["rows_used"] > 0
    # the check sees what a run loads: the engine it scored with is there
    assert "smm_logic.kpis.cube" in modules
    assert unused(modules) == []


def test_the_check_names_what_a_command_that_needs_more_loads(tmp_path: Path) -> None:
    """``questions`` needs the questionnaire: the same check lists it."""
    done, modules = modules_at_exit(["questions", "--json"], tmp_path / "modules.json")
    assert done.returncode == 0, done.stderr
    assert "smm_logic.assessment" in unused(modules, UNUSED_BY_SCORE)


def test_score_leaves_the_engine_to_its_parse_worker(tmp_path: Path) -> None:
    """The command's own process imports no pandas or readers: its worker, forked before
    they are imported, imports them while calamine reads the sheet (the read and the
    imports overlap on two cores), and works out the KPIs."""
    report = ROOT / "tests" / "fixtures" / "vk_report.xlsx"
    dump = tmp_path / "modules.json"
    done, everything = modules_at_exit(["score", report, "--json"], dump)
    assert done.returncode == 0, done.stderr
    own = set(json.loads(dump.read_text(encoding="utf-8")))
    engine = {"pandas", "numpy", "pyarrow", "fastexcel", "smm_logic.kpis.cube"}
    assert engine <= set(everything)
    assert not engine & own
