"""``python -m smm_logic report``: the handout files written, and bad input as one line."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from pypdf import PdfReader

from smm_logic.cli import main
from tests.builders import xlsx_bytes
from tests.unit.test_cli_assess import run, write_answers


@pytest.fixture
def report_file(tmp_path: Path) -> Path:
    rows: list[list[object]] = [
        ["Дата", "Площадка", "Подписчики", "Лайки", "Комментарии"],
        ["01.03.2026", "VK", 1000, 20, 5],
        ["31.03.2026", "VK", 1010, 25, 6],
    ]
    path = tmp_path / "march.xlsx"
    path.write_bytes(xlsx_bytes(rows))
    return path


def pdf_text(path: Path) -> str:
    return "".join(page.extract_text() for page in PdfReader(io.BytesIO(path.read_bytes())).pages)


def test_without_answers_or_report_it_exits_2_with_one_error_line(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    code, out, err = run(capsys, "report", "--pdf", tmp_path / "out.pdf", "--lang", "en")

    assert code == 2 and out == ""
    assert err.startswith("error: ") and err.count("\n") == 1
    assert not (tmp_path / "out.pdf").exists()


def test_without_an_output_file_it_exits_2_saying_where_to_write(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    answers = write_answers(tmp_path, {"growth.organic_followers": "almost_all"})

    code, _, err = run(capsys, "report", "--answers", answers, "--lang", "en")

    assert code == 2
    assert err.startswith("error: ") and "--pdf" in err and err.count("\n") == 1


def test_bad_answers_or_target_exit_2_and_write_nothing(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    answers = write_answers(tmp_path, {"no.such.question": "x"})
    out_pdf = tmp_path / "out.pdf"

    bad_answers = run(capsys, "report", "--answers", answers, "--pdf", out_pdf)
    bad_target = run(capsys, "report", "--answers", answers, "--target", "x", "--pdf", out_pdf)
    missing = run(capsys, "report", "--report", tmp_path / "none.xlsx", "--pdf", out_pdf)

    for code, _, err in (bad_answers, bad_target, missing):
        assert code == 2 and err.startswith("error: ") and err.count("\n") == 1
    assert not out_pdf.exists()


@pytest.mark.parametrize("lang", ["ru", "en"])
def test_answers_and_report_write_the_pdf_in_the_language_asked(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, report_file: Path, lang: str
) -> None:
    answers = write_answers(tmp_path, {"growth.organic_followers": "almost_all"})
    out_pdf = tmp_path / "handout.pdf"

    code, out, err = run(
        capsys, "report", "--answers", answers, "--report", report_file, "--lang", lang,
        "--client", "Кофейня", "--pdf", out_pdf,
    )  # fmt: skip

    assert (code, err) == (0, "")
    assert str(out_pdf) in out
    shown = pdf_text(out_pdf)
    assert "Кофейня" in shown
    assert ("Показатели" if lang == "ru" else "KPIs") in shown


def test_report_only_writes_a_pdf_too(tmp_path: Path, report_file: Path) -> None:
    out_pdf = tmp_path / "data.pdf"

    assert main(["report", "--report", str(report_file), "--pdf", str(out_pdf)]) == 0
    assert out_pdf.read_bytes().startswith(b"%PDF")


def test_an_unwritable_output_is_one_error_line(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    answers = write_answers(tmp_path, {"growth.organic_followers": "almost_all"})

    code, _, err = run(
        capsys, "report", "--answers", answers, "--pdf", tmp_path / "no" / "such" / "dir.pdf"
    )

    assert code == 2 and err.startswith("error: ") and err.count("\n") == 1
