"""``python -m smm_logic questions`` and ``assess``: the JSON contracts, languages and bad input."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from smm_logic.assessment.bank import DIMENSIONS, load_bank
from smm_logic.cli import main
from tests.builders import xlsx_bytes
from tests.conftest import ROOT

ASSESS_KEYS = {
    "overall", "level", "dimensions", "weakest", "diagnosis", "contradictions", "recommendations",
    "red_flags", "confidence", "scope",
}  # fmt: skip
DIAGNOSIS_CODES = {"no_kpis", "product_problem", "smm_problem", "effective", "too_early"}


def run(capsys: pytest.CaptureFixture[str], *args: str | Path) -> tuple[int, str, str]:
    code = main([str(a) for a in args])
    out, err = capsys.readouterr()
    return code, out, err


def write_answers(folder: Path, answers: dict[str, str], respondent: str = "owner") -> Path:
    path = folder / "answers.json"
    path.write_text(
        json.dumps({"respondent": respondent, "answers": answers}, ensure_ascii=False),
        encoding="utf-8",
    )
    return path


@pytest.fixture
def english(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LANG", "en_US.UTF-8")


@pytest.fixture
def slow_replies_report(tmp_path: Path) -> Path:
    rows: list[list[object]] = [
        ["Дата", "Подписчики", "Лайки", "Комментарии", "Время ответа"],
        ["01.03.2026", 1000, 20, 5, 8],
        ["02.03.2026", 1010, 25, 6, 9],
        ["03.03.2026", 1020, 30, 4, 11],
    ]
    path = tmp_path / "march.xlsx"
    path.write_bytes(xlsx_bytes(rows))
    return path


@pytest.mark.usefixtures("english")
def test_questions_json_lists_every_dimension_and_question_with_options(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, out, _ = run(capsys, "questions", "--json")

    document = json.loads(out)
    assert code == 0
    assert set(document) == {"version", "dimensions", "context", "questions"}
    assert document["version"] == 2
    assert [q["id"] for q in document["context"]] == ["context.smm_duration", "context.smm_runner"]
    assert all(o["value"] is None for q in document["context"] for o in q["options"])
    assert [d["id"] for d in document["dimensions"]] == list(DIMENSIONS)
    assert set(document["dimensions"][0]) == {"id", "name"}
    assert len(document["questions"]) == len(load_bank().questions)
    first = document["questions"][0]
    assert set(first) == {"id", "dimension", "text", "options"}
    assert set(first["options"][0]) == {"id", "value", "text"}
    assert first["options"][-1] == {"id": "dont_know", "value": None, "text": "I don't know"}


def test_questions_follow_lang_and_the_flag_overrides_it(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("LANG", "ru_RU.UTF-8")

    _, russian, _ = run(capsys, "questions", "--json")
    _, english, _ = run(capsys, "questions", "--lang", "en", "--json")

    assert json.loads(russian)["dimensions"][0]["name"] == "Цели и стратегия"
    assert json.loads(english)["dimensions"][0]["name"] == "Goals and strategy"


@pytest.mark.usefixtures("english")
def test_assess_json_has_exactly_the_contract_shape(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    answers = write_answers(
        tmp_path,
        {"goals.numeric_kpis": "no", "product.repeat_buyers": "most", "content.own_photos": "few"},
    )

    code, out, err = run(capsys, "assess", answers, "--json")

    document = json.loads(out)
    assert (code, err) == (0, "")
    assert set(document) == ASSESS_KEYS
    assert set(document["dimensions"]) == set(DIMENSIONS)
    assert document["dimensions"]["goals"] == 0
    assert document["dimensions"]["traffic"] is None
    assert document["level"] is not None and set(document["level"]) == {"id", "name"}
    assert document["weakest"] == "goals"
    assert "no_kpis" in document["diagnosis"]
    assert set(document["diagnosis"]) <= DIAGNOSIS_CODES
    assert all(isinstance(text, str) for text in document["recommendations"])
    assert document["red_flags"] == []
    assert document["confidence"] == "medium"  # answers only, no report
    assert document["scope"] is None  # no report: no accounts, no period
    assert isinstance(document["overall"], int)  # whole points: the value the level is read from


@pytest.mark.usefixtures("english")
def test_assess_json_names_the_report_scope_and_the_red_flags(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    rows: list[list[object]] = [
        ["Дата", "Площадка", "Подписчики", "Комментарии", "Негативные комментарии"],
        ["01.03.2026", "VK", 1000, 10, 4],
        ["31.03.2026", "VK", 1010, 10, 5],
    ]
    report = tmp_path / "march.xlsx"
    report.write_bytes(xlsx_bytes(rows))
    answers = write_answers(tmp_path, {"growth.organic_followers": "almost_all"})

    code, out, err = run(capsys, "assess", answers, "--report", report, "--json")

    document = json.loads(out)
    assert (code, err) == (0, "")
    assert document["scope"] == {
        "accounts": ["VK"],
        "period": {"start": "2026-03-01", "end": "2026-03-31"},
    }
    assert "negative_crisis" in document["red_flags"]  # 9 of 20 comments negative: 45 %
    assert "effective" not in document["diagnosis"]
    assert document["confidence"] in {"high", "medium", "low"}


@pytest.mark.usefixtures("english")
def test_a_target_is_a_company_kpi_so_there_is_no_no_kpis_finding(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, slow_replies_report: Path
) -> None:
    answers = write_answers(tmp_path, {"communication.reply_speed": "same_day"})
    args = ("assess", answers, "--report", slow_replies_report, "--json")

    _, without, _ = run(capsys, *args)
    code, with_target, err = run(
        capsys, *args, "--target", "response_time_median_h=12", "--target", "er_followers_pct=2,5"
    )

    assert (code, err) == (0, "")
    assert "no_kpis" in json.loads(without)["diagnosis"]
    document = json.loads(with_target)
    assert "no_kpis" not in document["diagnosis"]
    # Replies in 9 h against a 12 h target: attained, so communication scores higher.
    assert (
        document["dimensions"]["communication"] > json.loads(without)["dimensions"]["communication"]
    )


@pytest.mark.usefixtures("english")
@pytest.mark.parametrize(
    ("target", "says"),
    [
        ("er_followers_pct", "give kpi=number"),
        ("er_followers_pct=", "give kpi=number"),
        ("er_followers_pct=lots", "must be a number"),
        ("er_followers_pct=nan", "must be a number"),
        ("likes_per_day=5", "unknown KPI “likes_per_day”"),
    ],
)
def test_a_bad_target_exits_2_with_one_error_line(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, target: str, says: str
) -> None:
    answers = write_answers(tmp_path, {"goals.numeric_kpis": "yes"})

    code, out, err = run(capsys, "assess", answers, "--target", target)

    assert (code, out) == (2, "")
    assert err.count("\n") == 1 and err.startswith("error: --target") and says in err


@pytest.mark.usefixtures("english")
def test_assess_with_a_report_finds_the_reply_speed_contradiction(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, slow_replies_report: Path
) -> None:
    answers = write_answers(tmp_path, {"communication.reply_speed": "within_hour"})

    code, out, _ = run(capsys, "assess", answers, "--report", slow_replies_report, "--json")

    document = json.loads(out)
    assert code == 0
    assert document["contradictions"][0]["dimension"] == "communication"
    assert document["contradictions"][0]["kpi"] == "response_time_median_h"
    assert "9.0\u00a0h" in document["contradictions"][0]["message"]
    assert document["dimensions"]["content"] is not None  # the report's ER feeds content


@pytest.mark.usefixtures("english")
def test_the_readable_card_has_the_verdict_then_its_labelled_sections(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, slow_replies_report: Path
) -> None:
    answers = write_answers(tmp_path, {"communication.reply_speed": "within_hour"})

    code, out, _ = run(capsys, "assess", answers, "--report", slow_replies_report)

    lines = out.splitlines()
    assert code == 0
    assert lines[0].endswith(".") and lines[1] == ""  # the verdict, then the facts
    assert [line.partition(":")[0] for line in lines[2:5]] == [
        "Overall score",
        "Level",
        "Weakest link",
    ]
    for heading in ("Dimensions:", "Diagnosis:", "Contradictions:", "What to do:"):
        assert heading in lines, heading
    assert "What to ask the SMM specialist:" in lines
    assert "For a fuller picture:" in lines


def test_assess_speaks_russian_with_lang_ru(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, slow_replies_report: Path
) -> None:
    answers = write_answers(tmp_path, {"communication.reply_speed": "within_hour"})

    _, out, _ = run(capsys, "assess", answers, "--report", slow_replies_report, "--lang", "ru")

    assert "9,0\u00a0ч" in out
    assert "Общая оценка" in out


@pytest.mark.usefixtures("english")
def test_unknown_question_and_option_ids_exit_2_with_one_error_line_naming_them(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    answers = write_answers(
        tmp_path,
        {"goals.numeric_kpis": "sometimes", "sales.calls": "yes", "content.own_photos": "most"},
    )

    code, out, err = run(capsys, "assess", answers, "--json")

    assert code == 2
    assert out == ""
    assert err.count("\n") == 1 and err.startswith("error: ")
    assert "sales.calls" in err and "goals.numeric_kpis=sometimes" in err


@pytest.mark.usefixtures("english")
@pytest.mark.parametrize("content", ["{not json", "[1, 2]", ""])
def test_an_unreadable_answers_file_exits_2_with_one_error_line(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, content: str
) -> None:
    path = tmp_path / "answers.json"
    path.write_text(content, encoding="utf-8")

    code, _, err = run(capsys, "assess", path)

    assert code == 2
    assert err.count("\n") == 1 and err.startswith("error: The answers file “answers.json”")


@pytest.mark.usefixtures("english")
def test_a_missing_answers_file_exits_2(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, _, err = run(capsys, "assess", tmp_path / "nowhere.json")

    assert code == 2
    assert err.startswith("error: The file") and "nowhere.json" in err


def test_the_module_entry_point_runs_questions_and_assess(tmp_path: Path) -> None:
    answers = write_answers(tmp_path, {"growth.bought_followers": "within_a_year"})
    env = {**os.environ, "LANG": "en_US.UTF-8", "PYTHONPATH": str(ROOT)}

    result = subprocess.run(
        [sys.executable, "-m", "smm_logic", "assess", str(answers), "--json"],
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
        timeout=120,
        check=False,
    )

    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["dimensions"]["growth"] == 0


@pytest.mark.usefixtures("english")
@pytest.mark.parametrize(
    "content",
    [
        "[" * 100_000 + "]" * 100_000,
        '{"respondent": "owner", "answers": ' + '{"a": ' * 50 + "1" + "}" * 50 + "}",
        '{"respondent": "owner", "answers": {"q": ' + "9" * 100_000 + "}}",
        '{"respondent": "owner", "answers": {"q": NaN}}',
        '{"respondent": "owner", "answers": {"q": 1e999999}}',
    ],
    ids=["deep-array", "deep-object", "huge-int", "nan", "huge-float"],
)
def test_hostile_json_is_one_error_line(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, content: str
) -> None:
    path = tmp_path / "answers.json"
    path.write_text(content, encoding="utf-8")

    code, out, err = run(capsys, "assess", path)

    assert (code, out) == (2, "")
    assert err.startswith("error: ") and err.count("\n") == 1
    assert "Traceback" not in err


@pytest.mark.usefixtures("english")
def test_a_huge_answers_file_is_refused_by_its_size(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path = tmp_path / "answers.json"
    path.write_text('{"respondent": "owner", "answers": {}, "pad": "' + "x" * 2_000_000 + '"}')

    code, _, err = run(capsys, "assess", path)

    assert code == 2 and err.count("\n") == 1
    assert "KB" in err and len(err) < 400


@pytest.mark.usefixtures("english")
@pytest.mark.parametrize("respondent", ["x\nerror: forged", "\x1b[2J\x1b[31mred", "a\u202eevil"])
def test_text_echoed_from_the_answers_cannot_forge_a_line_or_hide_itself(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, respondent: str
) -> None:
    path = write_answers(tmp_path, {respondent: "yes", "q\r\nerror: x": "no"}, respondent)

    code, _, err = run(capsys, "assess", path)

    assert code == 2 and err.startswith("error: ") and err.count("\n") == 1
    assert not set(err[:-1]) & {"\r", "\x1b", "\u202e", "\n"}


@pytest.mark.usefixtures("english")
def test_unknown_ids_echoed_are_printed_on_one_line(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path = write_answers(tmp_path, {"nope\nerror: forged": "yes"})

    code, _, err = run(capsys, "assess", path)

    assert code == 2 and err.count("\n") == 1
    assert "nope\\nerror: forged" in err
