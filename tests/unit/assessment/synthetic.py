"""Synthetic assessment data for the logic tests, unlike the shipped data files on purpose:
a small question bank, scoring rules and recommendations (``tests/fixtures/assessment``)
and a few benchmark bands. A test that passes with these applies the rules it is given,
whatever today's ``smm_logic/data`` says.

The bank: goals.kpis (weight 1) and goals.plan (2); product.repeat (3) and product.offer (1);
content.photos (1) and content.useful (3); communication.comments (2) and
communication.reply_speed (1, the speed scale); traffic.tracking (1); growth.organic (1).
Analytics and partnership have no questions. Scales: yes 1 · partly 0.5 · no 0, and
within_hour 1 · same_day 0.6 · days_later 0.2; both with dont_know.

The rules: levels Zero 0 · One 20 · Two 40 · Three 60 · Four 80; answers 25 % and data 75 %;
product weighs 2 in the overall score, the rest 1; a KPI scores 40 at a weak bound and 70 at
a good one, a met target at most 90; weak below 40, sound from 65, SMM = content,
communication, growth; no KPIs below 0.6 on goals.kpis, 2 suggestions, a quarter of the
gap; signals good from 55; a gap of 30 points is a contradiction; at most 3 recommendations
and 2 questions.
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from typing import Any

from smm_logic.assessment.advice import parse_recommendations
from smm_logic.assessment.bank import Answers, parse_bank
from smm_logic.assessment.rules import ScoringRules, parse_rules
from smm_logic.assessment.scorecard import Scorecard, build_scorecard
from smm_logic.assessment.scoring import ScoredInputs, score_inputs
from smm_logic.kpis.benchmarks import Band
from smm_logic.text import Text
from tests.conftest import FIXTURES

FOLDER = FIXTURES / "assessment"


def fixture_data(name: str) -> dict[str, Any]:
    """A fresh, mutable copy of one file of ``tests/fixtures/assessment``."""
    return tomllib.loads((FOLDER / name).read_text(encoding="utf-8"))


BANK = parse_bank(fixture_data("questions.toml"))
RULES = parse_rules(fixture_data("scoring.toml"), BANK)
RECOMMENDATIONS = parse_recommendations(fixture_data("recommendations.toml"), BANK)


def band(
    kpi: str, weak: float | None, good: float | None, direction: str = "higher", *, per_month=False
) -> Band:
    words = Text("test", "test")
    return Band(kpi, weak, good, direction, words, words, words, words, per_month)


BANDS = {
    "er_followers_pct": band("er_followers_pct", 2.0, 4.0),  # weak below 2 %, good from 4 %
    "response_time_median_h": band("response_time_median_h", 12.0, 3.0, "lower"),  # 3–12 h
    "follower_growth_pct": band("follower_growth_pct", 1.0, 3.0, per_month=True),  # a month
}  # talk_rate_pct has no band


def profile(default: float | None = 1.0, **levels: float | None) -> Answers:
    """Every question answered with the option nearest its dimension's level; None skips."""
    choices: dict[str, str] = {}
    for question in BANK.questions:
        level = levels.get(question.dimension, default)
        if level is None:
            continue
        scored = [o for o in BANK.options(question.id) if o.value is not None]
        choices[question.id] = min(scored, key=lambda o: abs((o.value or 0.0) - level)).id
    return Answers("owner", choices)


def only(choices: Mapping[str, str]) -> Answers:
    return Answers("owner", dict(choices))


def with_choices(answers: Answers, choices: Mapping[str, str]) -> Answers:
    return Answers(answers.respondent, {**answers.choices, **choices})


def scorecard(
    answers: Answers | None = None,
    kpis: Mapping[str, float | None] | None = None,
    targets: Mapping[str, float] | None = None,
    *,
    period_days: float | None = None,
    rules: ScoringRules = RULES,
    bands: Mapping[str, Band] = BANDS,
) -> Scorecard:
    """The scorecard built from the synthetic bank, rules, bands and recommendations."""
    return build_scorecard(
        answers,
        kpis,
        targets,
        BANK,
        period_days=period_days,
        rules=rules,
        bands=bands,
        recommendations=RECOMMENDATIONS,
    )


def scored(
    answers: Answers | None = None,
    kpis: Mapping[str, float | None] | None = None,
    targets: Mapping[str, float] | None = None,
    *,
    period_days: float | None = None,
    rules: ScoringRules = RULES,
) -> ScoredInputs:
    """The synthetic answers and KPIs, scored (what the findings read)."""
    return score_inputs(
        BANK,
        answers.choices if answers is not None else {},
        kpis,
        targets,
        period_days=period_days,
        rules=rules,
        bands=BANDS,
    )
