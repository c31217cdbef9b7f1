"""The scoring rules in plain words, filled from the rules in use (for the Method page):
how scores are computed and combined, the levels, and the diagnosis, contradiction,
signal and advice rules.
"""

from __future__ import annotations

from collections.abc import Sequence

from smm_logic.assessment.bank import QuestionBank, load_bank
from smm_logic.assessment.rules import NoKpisRule, ScoringRules
from smm_logic.format import Listing, Number, points
from smm_logic.kpis.catalog import kpi_catalog
from smm_logic.text import Message, Text


def _lowest_passing_option(bank: QuestionBank, rule: NoKpisRule) -> Text:
    """The lowest answer to the KPI question that still means "we have KPIs"."""
    for question_id in rule.questions:
        passing = [
            o
            for o in bank.options(question_id)
            if o.value is not None and o.value >= rule.answer_below
        ]
        if passing:
            lowest = min(passing, key=lambda o: o.value or 0.0)
            return lowest.text
    return Text("—", "—")


def _scoring(rules: ScoringRules, bank: QuestionBank) -> list[Message]:
    """How dimensions, KPIs and the overall score are scored, and the levels."""
    catalog = kpi_catalog()
    messages: list[Message] = [
        Message("scorecard.method.dimension_score"),
        Message(
            "scorecard.method.combine",
            {
                "answers_weight": points(rules.answers_weight * 100),
                "data_weight": points(rules.data_weight * 100),
            },
        ),
    ]
    messages += [
        Message(
            "scorecard.method.evidence",
            {
                "dimension": bank.dimension(d).name,
                "kpis": Listing(tuple(catalog[k].name for k in kpis)),
            },
        )
        for d, kpis in rules.evidence.items()
    ]
    messages += [
        Message("scorecard.method.kpi_target", {"cap": points(rules.target_cap)}),
        Message(
            "scorecard.method.kpi_band",
            {"at_weak": points(rules.at_weak_bound), "at_good": points(rules.at_good_bound)},
        ),
        Message("scorecard.method.overall"),
    ]
    messages += [
        Message(
            "scorecard.method.level",
            {"name": level.name, "min_score": points(level.min_score)},
        )
        for level in rules.levels
    ]
    return messages


def _findings(rules: ScoringRules, bank: QuestionBank) -> list[Message]:
    """The diagnosis, contradiction, signal and recommendation rules."""

    def name(dimension: str) -> Text:
        return bank.dimension(dimension).name

    def names(dimensions: Sequence[str]) -> Listing:
        return Listing(tuple(name(d) for d in dimensions))

    return [
        Message(
            "scorecard.method.weak",
            {
                "weak_below": points(rules.weak_below),
                "sound_from": points(rules.sound_from),
                "smm_dimensions": names(rules.smm_dimensions),
            },
        ),
        Message(
            "scorecard.method.no_kpis",
            {
                "answer": _lowest_passing_option(bank, rules.no_kpis),
                "goals": name(rules.goals_dimension),
                "suggest": rules.no_kpis.suggest,
                "step": points(rules.no_kpis.starting_step * 100),
            },
        ),
        Message(
            "scorecard.method.product_problem",
            {"product": name(rules.product_dimension), "weak_below": points(rules.weak_below)},
        ),
        Message("scorecard.method.smm_problem", {"sound_from": points(rules.sound_from)}),
        Message("scorecard.method.effective", {"product": name(rules.product_dimension)}),
        Message("scorecard.method.contradiction", {"gap": points(rules.dimension_gap)}),
        Message("scorecard.method.signals", {"good_from": points(rules.signal_good_from)}),
        Message(
            "scorecard.method.recommendations",
            {"weak_answer": Number(rules.answer_weak_below), "limit": rules.max_recommendations},
        ),
    ]


def explain_rules(rules: ScoringRules, bank: QuestionBank | None = None) -> tuple[Message, ...]:
    """The rules in plain words, in the order the Method page states them."""
    bank = bank or load_bank()
    return (*_scoring(rules, bank), *_findings(rules, bank))
