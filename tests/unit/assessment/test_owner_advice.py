"""Advice for an owner who runs the social networks alone: the owner's wording where the
usual one sends them to a specialist they do not have, the usual wording for everyone else."""

from __future__ import annotations

import copy

import pytest

from smm_logic.assessment.advice import load_recommendations, parse_recommendations
from smm_logic.assessment.bank import load_bank, parse_answers
from smm_logic.assessment.scorecard import build_scorecard
from smm_logic.datafile import DataFileError
from smm_logic.text import load_data_file

BANK = load_bank()


def advice_texts(runner: str) -> list[str]:
    answers = parse_answers(
        BANK,
        {"answers": {"context.smm_runner": runner, "analytics.regular_report": "never"}},
    )
    return [m.render("en") for m in build_scorecard(answers).recommendations]


def report_advice() -> tuple[str, str]:
    found = next(r for r in load_recommendations() if r.target == "analytics.regular_report")
    assert found.owner_advice is not None
    return found.advice.render("en"), found.owner_advice.render("en")


@pytest.mark.parametrize("runner", ["employee", "freelancer", "agency"])
def test_someone_else_running_the_smm_gets_the_usual_advice(runner: str) -> None:
    usual, owners = report_advice()

    shown = advice_texts(runner)

    assert usual in shown and owners not in shown


def test_an_owner_running_the_smm_gets_advice_about_their_own_work() -> None:
    usual, owners = report_advice()

    shown = advice_texts("owner")

    assert owners in shown and usual not in shown
    assert "specialist" not in owners


def test_an_owner_wording_needs_both_languages() -> None:
    data = copy.deepcopy(load_data_file("recommendations.toml"))
    record = next(r for r in data["recommendation"] if r.get("question") == "goals.plan_review")
    record.pop("owner_do_en")

    with pytest.raises(DataFileError, match="the translation owner_do_en is missing"):
        parse_recommendations(data, BANK)
