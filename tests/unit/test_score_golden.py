"""The `score --json` output of every report fixture is pinned byte for byte.

Speed work rewrites how reports are read (issue 12); a user's numbers, notes and skipped
rows must not move by a digit. The expected files were written by the engine before that
work (`UPDATE_SCORE_GOLDEN=1 pytest tests/unit/test_score_golden.py` rewrites them after a
deliberate change; review the diff).
"""

from __future__ import annotations

import csv
import io
import os
from collections.abc import Callable
from contextlib import redirect_stdout
from pathlib import Path

import pytest

from smm_logic.cli import main
from smm_logic.report.sample import sample_report_bytes

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
GOLDEN = FIXTURES / "score_json"


def _sample_rows() -> list[list[object]]:
    from python_calamine import CalamineWorkbook

    workbook = CalamineWorkbook.from_filelike(io.BytesIO(sample_report_bytes()))
    return workbook.get_sheet_by_index(0).to_python()


def _delimited(delimiter: str, encoding: str, decimal: str) -> Callable[[], bytes]:
    """The bundled sample's first sheet as a delimited export (day-first dates aside)."""

    def make() -> bytes:
        buffer = io.StringIO()
        writer = csv.writer(buffer, delimiter=delimiter)
        for row in _sample_rows():
            writer.writerow(
                [
                    "" if cell is None
                    else str(cell).replace(".", decimal) if isinstance(cell, float)
                    else cell
                    for cell in row
                ]
            )  # fmt: skip
        return buffer.getvalue().encode(encoding)

    return make


def _bench_report(kind: str) -> Callable[[], bytes]:
    """The benchmark's synthetic export (title rows, ~12 % text cells, a total row)."""

    def make() -> bytes:
        from bench import generate

        rows = 300
        if kind == "csv":
            return generate.generate_csv(rows).read_bytes()
        return generate.generate(rows).read_bytes()

    return make


def _file(name: str) -> Callable[[], bytes]:
    return (FIXTURES / name).read_bytes


CASES: dict[str, tuple[str, Callable[[], bytes]]] = {
    "vk_report_xlsx": ("vk_report.xlsx", _file("vk_report.xlsx")),
    "vk_report_xls": ("vk_report.xls", _file("vk_report.xls")),
    "vk_report_xlsb": ("vk_report.xlsb", _file("vk_report.xlsb")),
    "vk_report_ods": ("vk_report.ods", _file("vk_report.ods")),
    "sample_xlsx": ("sample.xlsx", sample_report_bytes),
    "sample_semicolon_csv": ("sample.csv", _delimited(";", "utf-8-sig", ",")),
    "sample_comma_csv": ("sample.csv", _delimited(",", "utf-8", ".")),
    "sample_tab_utf16": ("sample.tsv", _delimited("\t", "utf-16", ",")),
    "bench_300_xlsx": ("bench.xlsx", _bench_report("xlsx")),
    "bench_300_csv": ("bench.csv", _bench_report("csv")),
}


def _score(paths: list[Path]) -> str:
    out = io.StringIO()
    with redirect_stdout(out):
        assert main(["score", *map(str, paths), "--json"]) == 0
    return out.getvalue()


def _check(case: str, output: str) -> None:
    expected = GOLDEN / f"{case}.json"
    if os.environ.get("UPDATE_SCORE_GOLDEN"):
        expected.write_text(output, encoding="utf-8")
    assert output == expected.read_text(encoding="utf-8")


@pytest.mark.parametrize("case", sorted(CASES))
def test_score_json_of_each_fixture_is_unchanged(case: str, tmp_path: Path) -> None:
    name, make = CASES[case]
    path = tmp_path / name
    path.write_bytes(make())
    _check(case, _score([path]))


def test_score_json_of_two_files_joined_is_unchanged(tmp_path: Path) -> None:
    xlsx, ods = tmp_path / "vk_report.xlsx", tmp_path / "vk_report.ods"
    xlsx.write_bytes((FIXTURES / "vk_report.xlsx").read_bytes())
    ods.write_bytes((FIXTURES / "vk_report.ods").read_bytes())
    _check("joined_xlsx_ods", _score([xlsx, ods]))
