"""``python -m smm_logic score``: the JSON contract, the readable table, and bad input."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from smm_logic.kpis.catalog import SUMMED, kpi_ids
from tests.builders import multi_sheet_xlsx, xlsx_bytes
from tests.conftest import ROOT


def run_cli(*args: str | Path, lang: str = "en_US.UTF-8") -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "LANG": lang, "PYTHONPATH": str(ROOT)}
    return subprocess.run(
        [sys.executable, "-m", "smm_logic", *map(str, args)],
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
        timeout=120,
        check=False,
    )


@pytest.fixture
def two_accounts(tmp_path: Path) -> Path:
    rows: list[list[object]] = [
        ["Отчёт агентства за март"],
        [],
        ["Дата", "Платформа", "Аккаунт", "Подписчики", "Лайки", "Охват", "ER, %"],
        ["01.03.2026", "VK", "Кофейня", 1000, 10, 500, "2%"],
        ["02.03.2026", "VK", "Кофейня", 1010, "n/a", 400, "1%"],
        ["01.03.2026", "Telegram", "Кофейня", 300, 30, 900, "3%"],
        ["02.03.2026", "Telegram", "Кофейня", 330, 20, 100, "2%"],
        ["Итого", None, None, None, 60, 1900, None],
    ]
    path = tmp_path / "agency.xlsx"
    path.write_bytes(xlsx_bytes(rows))
    return path


def test_json_output_is_one_object_with_every_kpi_and_group(two_accounts: Path) -> None:
    result = run_cli("score", two_accounts, "--json")

    assert result.returncode == 0, result.stderr
    document = json.loads(result.stdout)
    assert document["rows_used"] == 4
    assert document["rows_skipped"] == [
        {
            "sheet": "Отчёт",
            "row": 8,
            "reason": "Total row skipped so that nothing is counted twice.",
        }
    ]
    assert document["columns"]["likes"] == "Лайки"
    assert "ER, %" not in document["columns"].values()
    assert document["period"] == {"start": "2026-03-01", "end": "2026-03-02"}
    assert set(document["kpis"]) == set(kpi_ids())
    assert document["kpis"]["interactions"] == 60
    assert document["kpis"]["followers_start"] == 1300
    assert [(g["platform"], g["account"]) for g in document["groups"]] == [
        ("VK", "Кофейня"),
        ("Telegram", "Кофейня"),
    ]
    assert document["groups"][0]["kpis"]["interactions"] == 10
    assert document["kpis"]["cpc"] is None
    # ER by followers divides by each account's posts × average followers: 60 interactions
    # / (2 rows × 1005 + 2 rows × 315) × 100 = 60 / 2640 × 100, between VK's 10 / 2010 and
    # Telegram's 50 / 630 (kpi-spec §3)
    assert document["kpis"]["er_followers_pct"] == pytest.approx(60 / 2640 * 100)


def test_json_totals_sum_each_summable_metric_over_the_report(two_accounts: Path) -> None:
    document = json.loads(run_cli("score", two_accounts, "--json").stdout)

    assert set(document["totals"]) == set(SUMMED)
    assert document["totals"]["likes"] == 10 + 30 + 20  # the "n/a" cell is no value
    assert document["totals"]["reach"] == 500 + 400 + 900 + 100
    assert isinstance(document["totals"]["likes"], int)
    assert document["totals"]["posts"] is None  # no such column
    assert document["totals"]["spend"] is None


def test_json_totals_keep_fractions_and_signs(tmp_path: Path) -> None:
    path = tmp_path / "money.xlsx"
    rows: list[list[object]] = [
        ["Дата", "Расход", "Прирост подписчиков"],
        ["01.03.2026", 12.25, 5],
        ["02.03.2026", "10,5", -8],
    ]
    path.write_bytes(xlsx_bytes(rows))

    document = json.loads(run_cli("score", path, "--json").stdout)

    assert document["totals"]["spend"] == 22.75
    assert document["totals"]["net_followers"] == -3
    # no followers column: the net change is Σnet_followers
    assert document["kpis"]["followers_net_change"] == -3


def test_json_uses_null_for_absent_group_keys(tmp_path: Path) -> None:
    path = tmp_path / "plain.xlsx"
    path.write_bytes(xlsx_bytes([["Дата", "Охват", "Лайки"], ["01.03.2026", 10, 1]]))

    document = json.loads(run_cli("score", path, "--json").stdout)

    assert document["groups"] == [
        {"platform": None, "account": None, "rows": 1, "kpis": document["kpis"]}
    ]


def test_map_overrides_a_column_and_sheet_selects_a_sheet(tmp_path: Path) -> None:
    path = tmp_path / "two.xlsx"
    path.write_bytes(
        multi_sheet_xlsx(
            {
                "Март": [
                    ["Дата", "Охват", "Охват подписчиков", "Лайки"],
                    ["01.03.2026", 100, 40, 4],
                ],
                "Апрель": [["Дата", "Охват", "Лайки"], ["01.04.2026", 300, 9]],
            }
        )
    )

    document = json.loads(
        run_cli(
            "score", path, "--sheet", "Март", "--map", "reach=Охват подписчиков", "--json"
        ).stdout
    )

    assert document["rows_used"] == 1
    assert document["columns"]["reach"] == "Охват подписчиков"
    assert document["kpis"]["err_pct"] == 10


def test_readable_table_speaks_russian_when_lang_is_russian(two_accounts: Path) -> None:
    russian = run_cli("score", two_accounts, lang="ru_RU.UTF-8")
    english = run_cli("score", two_accounts, lang="C.UTF-8")

    assert russian.returncode == 0 and english.returncode == 0
    assert "Взаимодействия" in russian.stdout and "60" in russian.stdout
    assert "Interactions" in english.stdout
    assert "Строка итогов пропущена" in russian.stdout
    assert "VK / Кофейня" in english.stdout


@pytest.mark.parametrize(
    "args",
    [
        ("score", "tests/fixtures/encrypted.xlsx"),
        ("score", "tests/fixtures/truncated.xlsx", "--json"),
        ("score", "no/such/file.xlsx"),
        ("score", "tests/fixtures/vk_report.xlsx", "--map", "reach"),
        ("score", "tests/fixtures/vk_report.xlsx", "--map", "bogus=Охват"),
        ("score",),
        ("score", "tests/fixtures/vk_report.xlsx", "--unknown-flag"),
    ],
)
def test_bad_input_exits_2_with_one_error_line_and_no_traceback(args: tuple[str, ...]) -> None:
    result = run_cli(*args)

    assert result.returncode == 2
    assert result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: ")
    assert "Traceback" not in result.stderr


def test_error_line_is_russian_under_a_russian_locale() -> None:
    result = run_cli("score", "tests/fixtures/encrypted.xlsx", lang="ru_RU.UTF-8")

    assert result.stderr.startswith("error: Файл «encrypted.xlsx» защищён паролем")


def test_several_files_make_one_report_in_json(tmp_path: Path) -> None:
    reach = tmp_path / "reach.csv"
    reach.write_text("Facebook reach\nDate,Primary\n2026-03-01,120\n2026-03-02,80\n")
    likes = tmp_path / "likes.csv"
    likes.write_text("Likes\nDate,Primary\n2026-03-01,6\n2026-03-02,4\n")

    result = run_cli("score", reach, likes, "--json")

    assert result.returncode == 0, result.stderr
    document = json.loads(result.stdout)
    assert document["rows_used"] == 2
    assert document["totals"]["reach"] == 200
    assert document["totals"]["likes"] == 10
    # ERR = (6 + 4) / (120 + 80) × 100
    assert document["kpis"]["err_pct"] == 5
    assert {i["sheet"] for i in document["issues"]} >= {"reach.csv", "likes.csv"}


def test_a_missing_one_of_several_files_exits_2(tmp_path: Path) -> None:
    reach = tmp_path / "reach.csv"
    reach.write_text("Facebook reach\nDate,Primary\n2026-03-01,120\n")

    result = run_cli("score", reach, tmp_path / "nope.csv")

    assert result.returncode == 2
    assert result.stderr.startswith("error: ") and "nope.csv" in result.stderr


def test_a_zip_archive_is_scored_and_its_notes_read_plainly(tmp_path: Path) -> None:
    import zipfile

    archive = tmp_path / "meta.zip"
    with zipfile.ZipFile(archive, "w") as members:
        members.writestr("reach.csv", "Facebook reach\nDate,Primary\n2026-03-01,120\n")
        members.writestr("likes.csv", "Likes\nDate,Primary\n2026-03-01,6\n")
        members.writestr("README.txt", "exported")

    result = run_cli("score", archive)

    assert result.returncode == 0, result.stderr
    assert "- Files of the archive «meta.zip» that are not tables are not read" in result.stdout
    assert "- : " not in result.stdout
