"""Red flags (``[[red_flag]]`` and ``[[inconsistency]]`` of scoring.toml): what a consultant
would stop at before any score — a bought audience, a negative crisis, negatives left
unanswered, growth bought with giveaways, answers the report does not bear out, answers
that contradict each other. A red flag comes first on the Scorecard, with what to do,
and the SMM is never called effective while one stands.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from smm_logic.assessment.contradictions import Contradiction
from smm_logic.assessment.scoring import ScoredInputs
from smm_logic.assessment.verdict_rules import RED_FLAG_CODES, RedFlagRule
from smm_logic.format import Counted, Listing, Quantity
from smm_logic.kpis.catalog import kpi_catalog
from smm_logic.text import Message, Text


@dataclass(frozen=True)
class Inconsistency:
    """Answers that cannot all be true: the questions, and why in plain words."""

    id: str
    questions: tuple[str, ...]
    explain: Text


@dataclass(frozen=True)
class RedFlag:
    """A red flag: what is wrong, in plain words, and what to do about it."""

    code: str
    message: Message
    action: Message

    @property
    def title(self) -> Message:
        """A few words naming the flag, as the verdict sentence names it."""
        return Message(f"scorecard.red_flag.{self.code}.title")


def find_inconsistencies(inputs: ScoredInputs) -> tuple[Inconsistency, ...]:
    """Every ``[[inconsistency]]`` whose answers were all given."""
    return tuple(
        Inconsistency(rule.id, tuple(a.question for a in rule.answers), rule.explain)
        for rule in inputs.rules.verdict.inconsistencies
        if all(condition.holds(inputs.choices) for condition in rule.answers)
    )


def _raised(rule: RedFlagRule, inputs: ScoredInputs) -> Message | None:
    """What the flag says when the rule holds: the report's value when a KPI raised it
    (the same flag reads differently when the report shows it and when an answer says it)."""
    if not all(condition.holds(inputs.choices) for condition in rule.answers):
        return None
    if rule.kpi is None:
        return Message(f"scorecard.red_flag.{rule.code}.answers")
    measured = inputs.kpi_scores.get(rule.kpi.kpi)
    if measured is None or not rule.kpi.holds(measured.value):
        return None
    value = Quantity(measured.value, kpi_catalog()[rule.kpi.kpi].unit)
    return Message(f"scorecard.red_flag.{rule.code}.data", {"value": value})


def find_red_flags(
    inputs: ScoredInputs,
    contradictions: Sequence[Contradiction],
    inconsistencies: Sequence[Inconsistency],
) -> tuple[RedFlag, ...]:
    """The red flags raised, one per code, in the order of ``RED_FLAG_CODES``."""
    rules = inputs.rules.verdict.red_flags
    # Where the report measures what a flag's KPI rule reads, the figures decide, not an answer.
    measured = {r.code for r in rules if r.kpi is not None and r.kpi.kpi in inputs.kpi_scores}
    raised: dict[str, Message] = {}
    for rule in rules:
        if rule.code in raised or (rule.kpi is None and rule.code in measured):
            continue
        message = _raised(rule, inputs)
        if message is not None:
            raised[rule.code] = message
    if contradictions:
        raised["answers_contradict_data"] = Message(
            "scorecard.red_flag.answers_contradict_data.data",
            {"count": Counted(len(contradictions), "scorecard.noun.contradiction")},
        )
    if inconsistencies:
        raised["answers_contradict_answers"] = Message(
            "scorecard.red_flag.answers_contradict_answers.answers",
            {"why": Listing(tuple(i.explain for i in inconsistencies), " ")},
        )
    return tuple(
        RedFlag(code, raised[code], Message(f"scorecard.red_flag.{code}.do"))
        for code in RED_FLAG_CODES
        if code in raised
    )
