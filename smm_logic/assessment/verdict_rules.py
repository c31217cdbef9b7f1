"""The verdict's own rules in ``data/scoring.toml``, validated against the question bank and
the KPI catalog: red flags, answers that contradict each other, confidence, "too early",
vague goals and the weakest-link cap on the level.

``rules.py`` reads these with the rest of the file; the modules beside it apply them.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from smm_logic.assessment.bank import QuestionBank
from smm_logic.datafile import DataFileError, Place, number, only_fields, texts
from smm_logic.kpis.catalog import kpi_catalog
from smm_logic.text import Text

SCORING_FILE = "scoring.toml"
# Red flags raised by [[red_flag]] records; the two contradiction flags are raised by the
# contradictions themselves (with the report, and between answers).
RULED_FLAGS = ("bought_followers", "negative_crisis", "giveaway_growth", "negative_ignored")
RED_FLAG_CODES = (
    "bought_followers",
    "negative_crisis",
    "negative_ignored",
    "giveaway_growth",
    "answers_contradict_data",
    "answers_contradict_answers",
)
CONFIDENCE_LEVELS = ("low", "medium", "high")


@dataclass(frozen=True)
class AnswerIs:
    """A question answered with one of ``options``."""

    question: str
    options: tuple[str, ...]

    def holds(self, choices: Mapping[str, str]) -> bool:
        return choices.get(self.question) in self.options


@dataclass(frozen=True)
class KpiIn:
    """A measured KPI at least ``at_least`` and below ``below`` (either may be open)."""

    kpi: str
    at_least: float | None
    below: float | None

    def holds(self, value: float) -> bool:
        return (self.at_least is None or value >= self.at_least) and (
            self.below is None or value < self.below
        )


@dataclass(frozen=True)
class RedFlagRule:
    """A red flag raised when every answer condition holds and the KPI (if any) is in range."""

    code: str
    answers: tuple[AnswerIs, ...]
    kpi: KpiIn | None


@dataclass(frozen=True)
class InconsistencyRule:
    """Two or more answers that cannot all be true, and why, in plain words."""

    id: str
    answers: tuple[AnswerIs, ...]
    explain: Text


@dataclass(frozen=True)
class ConfidenceRules:
    low_dont_know: float  # share of the answers given that are "don't know"
    medium_dont_know: float
    medium_contradictions: int
    low_contradictions: int
    one_source: str  # the most confidence answers alone or a report alone can give


@dataclass(frozen=True)
class TooEarlyRule:
    answers: tuple[AnswerIs, ...]  # any one of them
    measure: tuple[str, ...]  # the KPIs to measure meanwhile


@dataclass(frozen=True)
class VerdictRules:
    red_flags: tuple[RedFlagRule, ...]
    red_flag_level_at_most: str | None
    unjudged_level_at_most: str | None
    inconsistencies: tuple[InconsistencyRule, ...]
    confidence: ConfidenceRules
    too_early: TooEarlyRule | None
    vague_goals: tuple[AnswerIs, ...]  # any one of them makes the goals vague
    standard_kpis: tuple[str, ...]  # a suggested target is the band's good bound itself
    steps_above_weakest: int


def _fail(label: str, problem: str) -> DataFileError:
    return DataFileError(f"{SCORING_FILE}: {label}: {problem}")


def answer_conditions(value: object, label: str, bank: QuestionBank) -> tuple[AnswerIs, ...]:
    """A list of ``{question, options}`` tables, each question and option known."""
    if not isinstance(value, list) or not value:
        raise _fail(label, "answers must be a non-empty list of {question, options}")
    found: list[AnswerIs] = []
    for entry in value:
        if not isinstance(entry, Mapping):
            raise _fail(label, "each answer condition is a {question, options} table")
        question, options = entry.get("question"), entry.get("options")
        try:
            bank.question(str(question))
        except KeyError:
            raise _fail(label, f"unknown question «{question}»") from None
        if not isinstance(options, list) or not options:
            raise _fail(label, f"«{question}»: options must be a non-empty list")
        for option in options:
            if bank.option(str(question), str(option)) is None:
                raise _fail(label, f"«{question}»: unknown option «{option}»")
        found.append(AnswerIs(str(question), tuple(str(o) for o in options)))
    return tuple(found)


def _kpi_condition(record: Mapping[str, Any], label: str) -> KpiIn | None:
    kpi = record.get("kpi")
    if kpi is None:
        return None
    if kpi not in kpi_catalog():
        raise _fail(label, f"unknown KPI «{kpi}»")
    place = Place(SCORING_FILE, label)
    bounds = {
        key: None if record.get(key) is None else number(record[key], place, key)
        for key in ("at_least", "below")
    }
    if bounds["at_least"] is None and bounds["below"] is None:
        raise _fail(label, "a KPI condition needs at_least or below")
    return KpiIn(str(kpi), bounds["at_least"], bounds["below"])


def _red_flags(data: Mapping[str, Any], bank: QuestionBank) -> tuple[RedFlagRule, ...]:
    found: list[RedFlagRule] = []
    for number_, record in enumerate(data.get("red_flag", []), start=1):
        label = f"red_flag #{number_}"
        only_fields(
            record, ("code", "answers", "kpi", "at_least", "below"), Place(SCORING_FILE, label)
        )
        code = record.get("code")
        if code not in RULED_FLAGS:
            raise _fail(label, f"code must be one of {', '.join(RULED_FLAGS)}")
        answers = answer_conditions(record["answers"], label, bank) if "answers" in record else ()
        kpi = _kpi_condition(record, label)
        if not answers and kpi is None:
            raise _fail(label, "give answers, a kpi condition or both")
        found.append(RedFlagRule(str(code), answers, kpi))
    return tuple(found)


def _inconsistencies(data: Mapping[str, Any], bank: QuestionBank) -> tuple[InconsistencyRule, ...]:
    found: list[InconsistencyRule] = []
    for record in data.get("inconsistency", []):
        label = f"inconsistency «{record.get('id')}»"
        answers = answer_conditions(record.get("answers"), label, bank)
        if len(answers) < 2:
            raise _fail(label, "an inconsistency needs at least two answers")
        explain = texts(record, "explain", Place(SCORING_FILE, label))
        found.append(InconsistencyRule(str(record.get("id")), answers, explain))
    return tuple(found)


def _confidence(data: Mapping[str, Any]) -> ConfidenceRules:
    table = data.get("confidence", {})
    place = Place(SCORING_FILE, "[confidence]")
    low = number(table.get("low_dont_know"), place, "low_dont_know", low=0, high=1)
    medium = number(table.get("medium_dont_know"), place, "medium_dont_know", low=0, high=low)
    medium_c = number(table.get("medium_contradictions"), place, "medium_contradictions", low=1)
    low_c = number(table.get("low_contradictions"), place, "low_contradictions", low=medium_c)
    one_source = table.get("one_source")
    if one_source not in CONFIDENCE_LEVELS:
        raise place.fail(f"one_source must be one of {', '.join(CONFIDENCE_LEVELS)}")
    return ConfidenceRules(low, medium, int(medium_c), int(low_c), str(one_source))


def _kpi_ids(value: object, label: str) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise _fail(label, "must be a list of KPI ids")
    for kpi in value:
        if kpi not in kpi_catalog():
            raise _fail(label, f"unknown KPI «{kpi}»")
    return tuple(value)


def parse_verdict_rules(
    data: Mapping[str, Any], bank: QuestionBank, level_ids: Sequence[str]
) -> VerdictRules:
    """The verdict's rules of ``scoring.toml``; the optional ones may be absent."""
    diagnosis = data.get("diagnosis", {})
    no_kpis = diagnosis.get("no_kpis", {})
    too_early = diagnosis.get("too_early")
    flags = data.get("red_flags", {})
    cap = flags.get("level_at_most")
    if cap is not None and cap not in level_ids:
        raise _fail("[red_flags]", f"level_at_most: unknown level «{cap}»")
    unjudged_cap = data.get("levels", {}).get("unjudged_at_most")
    if unjudged_cap is not None and unjudged_cap not in level_ids:
        raise _fail("[levels]", f"unjudged_at_most: unknown level «{unjudged_cap}»")
    steps = number(
        data.get("levels", {}).get("steps_above_weakest"),
        Place(SCORING_FILE, "[levels]"),
        "steps_above_weakest",
        low=0,
        high=len(level_ids),
    )
    return VerdictRules(
        red_flags=_red_flags(data, bank),
        red_flag_level_at_most=None if cap is None else str(cap),
        unjudged_level_at_most=None if unjudged_cap is None else str(unjudged_cap),
        inconsistencies=_inconsistencies(data, bank),
        confidence=_confidence(data),
        too_early=None
        if too_early is None
        else TooEarlyRule(
            answer_conditions(too_early.get("answers"), "[diagnosis.too_early]", bank),
            _kpi_ids(too_early.get("measure"), "[diagnosis.too_early] measure"),
        ),
        vague_goals=answer_conditions(no_kpis["vague"], "[diagnosis.no_kpis] vague", bank)
        if "vague" in no_kpis
        else (),
        standard_kpis=_kpi_ids(
            no_kpis.get("standard_kpis", []), "[diagnosis.no_kpis] standard_kpis"
        ),
        steps_above_weakest=int(steps),
    )
