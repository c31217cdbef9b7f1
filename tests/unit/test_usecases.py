"""The use cases the pages and the CLI share: one way from a report and answers to KPIs
and a scorecard."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from smm_logic.assessment.bank import load_bank
from smm_logic.cli import main
from smm_logic.kpis.periods import Period, span_days
from smm_logic.report.model import Report
from smm_logic.usecases import (
    aggregate_report,
    analyse_report,
    assess,
    load_report,
    saved_answers,
    score_report,
)
from tests.conftest import ROOT
from tests.kpi_oracle import compute_kpis

SAMPLE = ROOT / "assets" / "sample_coffee_chain.xlsx"


@pytest.fixture(scope="module")
def sample_report() -> Report:
    return load_report(SAMPLE.read_bytes(), SAMPLE.name)


def test_score_report_agrees_with_the_slow_oracle_on_the_bundled_sample(
    sample_report: Report,
) -> None:
    fast = score_report(sample_report)
    slow = compute_kpis(sample_report.table)

    assert fast.rows == slow.rows == 252
    assert fast.overall == pytest.approx(slow.overall)
    assert [g.kpis for g in fast.groups] == [pytest.approx(g.kpis) for g in slow.groups]


def test_growth_per_month_counts_the_days_from_the_first_date_to_the_last(
    sample_report: Report,
) -> None:
    analysis = analyse_report(aggregate_report(sample_report))

    assert analysis.period == Period(date(2026, 6, 1), date(2026, 8, 23))
    assert span_days(analysis.period) == 83  # not 84: growth is measured between two days


def test_the_cli_and_the_pages_get_the_same_scorecard(
    sample_report: Report, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bank = load_bank()
    choices = {q.id: bank.options(q.id)[0].id for q in bank.questions}
    answers_file = tmp_path / "answers.json"
    answers_file.write_text(json.dumps({"respondent": "owner", "answers": choices}))

    assert main(["assess", str(answers_file), "--report", str(SAMPLE), "--json"]) == 0
    printed = json.loads(capsys.readouterr().out)
    answers = saved_answers(choices, "owner", bank)
    card = assess(answers, analyse_report(aggregate_report(sample_report)), None, bank)

    assert printed["dimensions"] == {
        d: None if s.score is None else round(s.score, 1) for d, s in card.dimensions.items()
    }
    assert printed["diagnosis"] == list(card.codes)


def test_saved_answers_drop_ids_the_question_bank_no_longer_knows() -> None:
    bank = load_bank()
    question = bank.questions[0]
    option = bank.options(question.id)[0].id

    kept = saved_answers(
        {question.id: option, "retired.question": "yes", bank.questions[1].id: "no_such_option"},
        "smm",
        bank,
    )

    assert kept is not None
    assert kept.respondent == "smm"
    assert dict(kept.choices) == {question.id: option}
    assert saved_answers({"retired.question": "yes"}, "owner", bank) is None
