"""The scoring rules (``data/scoring.toml``), validated against the question bank and the
KPI catalog: maturity levels, thresholds, weights, the evidence KPIs of each dimension, the
diagnosis, signal and contradiction rules, and the limits of the advice.

This module only reads and checks the rules; the modules beside it apply them.
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any

from smm_logic.assessment.bank import DIMENSIONS, QuestionBank, load_bank
from smm_logic.assessment.verdict_rules import (
    RED_FLAG_CODES,
    AnswerIs,
    VerdictRules,
    answer_conditions,
    parse_verdict_rules,
)
from smm_logic.datafile import DataFileError, Place, number
from smm_logic.kpis.catalog import kpi_catalog
from smm_logic.text import Text, load_data_file

SCORING_FILE = "scoring.toml"
SIGNAL_IDS = ("organic_growth", "live_discussion", "negative_handling")


@dataclass(frozen=True)
class Level:
    """A maturity level: it starts at ``min_score`` of the overall score."""

    id: str
    name: Text
    min_score: float
    means: Text  # what the level means, in plain words


@dataclass(frozen=True)
class Claim:
    """What the options of one question imply about a measured KPI: option → (min, max)."""

    question: str
    kpi: str
    ranges: Mapping[str, tuple[float | None, float | None]]


@dataclass(frozen=True)
class SignalRule:
    id: str
    questions: tuple[str, ...]
    kpis: tuple[str, ...]
    weak_with: tuple[str, ...] = ()  # red flags that make the signal weak whatever it scores


@dataclass(frozen=True)
class NoKpisRule:
    questions: tuple[str, ...]
    answer_below: float
    report_without_targets: bool
    goals_weak: bool
    suggest: int
    starting_step: float


@dataclass(frozen=True)
class ScoringRules:
    """Every threshold and rule of the scorecard, as loaded from ``data/scoring.toml``."""

    levels: tuple[Level, ...]
    answer_weak_below: float
    dont_know_rank: float
    critical_answers: tuple[AnswerIs, ...]  # any one holds its question's dimension down
    critical_cap: float
    answers_weight: float
    data_weight: float
    overall_weights: Mapping[str, float]
    target_cap: float
    at_weak_bound: float
    at_good_bound: float
    evidence: Mapping[str, tuple[str, ...]]
    weak_below: float
    sound_from: float
    smm_dimensions: tuple[str, ...]
    product_dimension: str
    goals_dimension: str
    no_kpis: NoKpisRule
    signal_good_from: float
    signals: tuple[SignalRule, ...]
    dimension_gap: float
    claims: tuple[Claim, ...]
    max_recommendations: int
    max_questions_to_ask: int
    verdict: VerdictRules

    def level_for(self, score: float) -> Level:
        """The highest level whose ``min_score`` the score reaches."""
        reached = [level for level in self.levels if score >= level.min_score]
        return reached[-1] if reached else self.levels[0]

    def level_index(self, level_id: str) -> int:
        return [level.id for level in self.levels].index(level_id)


def _number(table: Mapping[str, Any], key: str, label: str, low: float, high: float) -> float:
    return number(table.get(key), Place(SCORING_FILE, label), key, low=low, high=high)


def _ids(value: object, label: str, known: Sequence[str] | set[str], what: str) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise DataFileError(f"{SCORING_FILE}: {label}: must be a list of {what} ids")
    for item in value:
        if item not in known:
            raise DataFileError(f"{SCORING_FILE}: {label}: unknown {what} «{item}»")
    return tuple(value)


def _parse_levels(data: Mapping[str, Any]) -> tuple[Level, ...]:
    levels: list[Level] = []
    for position, record in enumerate(data.get("level", []), start=1):
        label = f"level «{record.get('id', position)}»"
        for key in ("id", "name_ru", "name_en", "means_ru", "means_en"):
            if not isinstance(record.get(key), str) or not record[key].strip():
                raise DataFileError(f"{SCORING_FILE}: {label}: {key} is missing")
        levels.append(
            Level(
                record["id"],
                Text.of(record, "name"),
                _number(record, "min_score", label, 0, 100),
                Text.of(record, "means"),
            )
        )
    if len(levels) != 5:
        raise DataFileError(f"{SCORING_FILE}: [[level]]: five levels are needed")
    if levels[0].min_score != 0 or any(
        b.min_score <= a.min_score for a, b in itertools.pairwise(levels)
    ):
        raise DataFileError(
            f"{SCORING_FILE}: [[level]]: the first level starts at 0 and each next one higher"
        )
    return tuple(levels)


def _parse_claims(data: Mapping[str, Any], bank: QuestionBank) -> tuple[Claim, ...]:
    catalog = kpi_catalog()
    claims: list[Claim] = []
    for record in data.get("claim", []):
        question_id = record.get("question")
        label = f"claim «{question_id}»"
        try:
            bank.question(str(question_id))
        except KeyError:
            raise DataFileError(f"{SCORING_FILE}: {label}: unknown question") from None
        kpi = record.get("kpi")
        if kpi not in catalog:
            raise DataFileError(f"{SCORING_FILE}: {label}: unknown KPI «{kpi}»")
        ranges: dict[str, tuple[float | None, float | None]] = {}
        for entry in record.get("ranges", []):
            option = entry.get("option")
            if bank.option(str(question_id), str(option)) is None:
                raise DataFileError(f"{SCORING_FILE}: {label}: unknown option «{option}»")
            low, high = entry.get("min"), entry.get("max")
            if low is None and high is None:
                raise DataFileError(f"{SCORING_FILE}: {label}: «{option}» needs min or max")
            ranges[str(option)] = (
                None if low is None else float(low),
                None if high is None else float(high),
            )
        claims.append(Claim(str(question_id), str(kpi), ranges))
    return tuple(claims)


def _critical(answers: Mapping[str, Any], bank: QuestionBank) -> tuple[AnswerIs, ...]:
    if "critical" not in answers:
        return ()
    return answer_conditions(answers["critical"], "[answers] critical", bank)


def parse_rules(data: Mapping[str, Any], bank: QuestionBank) -> ScoringRules:
    """Validate ``scoring.toml`` against the question bank and the KPI catalog."""
    catalog = kpi_catalog()
    question_ids = {q.id for q in bank.questions}
    answers, combine = data.get("answers", {}), data.get("combine", {})
    kpi_score, diagnosis = data.get("kpi_score", {}), data.get("diagnosis", {})
    no_kpis = diagnosis.get("no_kpis", {})
    weights = data.get("overall", {}).get("weights", {})
    if set(weights) != set(DIMENSIONS):
        raise DataFileError(f"{SCORING_FILE}: [overall] weights: one per dimension is needed")
    evidence: dict[str, tuple[str, ...]] = {}
    for record in data.get("evidence", []):
        dimension = record.get("dimension")
        label = f"evidence «{dimension}»"
        if dimension not in DIMENSIONS:
            raise DataFileError(f"{SCORING_FILE}: {label}: unknown dimension")
        evidence[dimension] = _ids(record.get("kpis"), label, set(catalog), "KPI")
    signals = tuple(
        SignalRule(
            record.get("id"),
            _ids(record.get("questions"), f"signal «{record.get('id')}»", question_ids, "question"),
            _ids(record.get("kpis"), f"signal «{record.get('id')}»", set(catalog), "KPI"),
            _ids(record.get("weak_with", []), "[[signal]] weak_with", RED_FLAG_CODES, "red flag"),
        )
        for record in data.get("signal", [])
    )
    if tuple(s.id for s in signals) != SIGNAL_IDS:
        raise DataFileError(f"{SCORING_FILE}: [[signal]]: exactly {', '.join(SIGNAL_IDS)}")
    for key in ("product_dimension", "goals_dimension"):
        if diagnosis.get(key) not in DIMENSIONS:
            raise DataFileError(f"{SCORING_FILE}: [diagnosis]: {key} is not a dimension")
    limits = data.get("limits", {})
    weak_below = _number(diagnosis, "weak_below", "[diagnosis]", 0, 100)
    sound_from = _number(diagnosis, "sound_from", "[diagnosis]", 0, 100)
    if weak_below > sound_from:
        # Sound SMM has no dimension below weak_below and an average from sound_from:
        # with the bounds the other way round, SMM could be weak with no dimension to name.
        raise DataFileError(f"{SCORING_FILE}: [diagnosis]: weak_below is above sound_from")
    levels = _parse_levels(data)
    return ScoringRules(
        levels=levels,
        answer_weak_below=_number(answers, "weak_below", "[answers]", 0, 1),
        dont_know_rank=_number(answers, "dont_know_rank", "[answers]", 0, 1),
        critical_answers=_critical(answers, bank),
        critical_cap=_number({"critical_cap": 100, **answers}, "critical_cap", "[answers]", 0, 100),
        answers_weight=_number(combine, "answers_weight", "[combine]", 0, 1),
        data_weight=_number(combine, "data_weight", "[combine]", 0, 1),
        overall_weights={d: _number(weights, d, "[overall] weights", 0, 100) for d in DIMENSIONS},
        target_cap=_number(kpi_score, "target_cap", "[kpi_score]", 1, 1000),
        at_weak_bound=_number(kpi_score, "at_weak_bound", "[kpi_score]", 0, 100),
        at_good_bound=_number(kpi_score, "at_good_bound", "[kpi_score]", 0, 100),
        evidence=evidence,
        weak_below=weak_below,
        sound_from=sound_from,
        smm_dimensions=_ids(
            diagnosis.get("smm_dimensions"), "[diagnosis] smm_dimensions", DIMENSIONS, "dimension"
        ),
        product_dimension=diagnosis["product_dimension"],
        goals_dimension=diagnosis["goals_dimension"],
        no_kpis=NoKpisRule(
            questions=_ids(
                no_kpis.get("questions"), "[diagnosis.no_kpis]", question_ids, "question"
            ),
            answer_below=_number(no_kpis, "answer_below", "[diagnosis.no_kpis]", 0, 1),
            report_without_targets=bool(no_kpis.get("report_without_targets", True)),
            goals_weak=bool(no_kpis.get("goals_weak", True)),
            suggest=int(_number(no_kpis, "suggest", "[diagnosis.no_kpis]", 1, 20)),
            starting_step=_number(no_kpis, "starting_step", "[diagnosis.no_kpis]", 0, 1),
        ),
        signal_good_from=_number(data.get("signals", {}), "good_from", "[signals]", 0, 100),
        signals=signals,
        dimension_gap=_number(
            data.get("contradictions", {}), "dimension_gap", "[contradictions]", 0, 100
        ),
        claims=_parse_claims(data, bank),
        max_recommendations=int(_number(limits, "recommendations", "[limits]", 1, 50)),
        max_questions_to_ask=int(_number(limits, "questions_to_ask", "[limits]", 1, 50)),
        verdict=parse_verdict_rules(data, bank, [level.id for level in levels]),
    )


@cache
def scoring_rules() -> ScoringRules:
    """Thresholds, levels, diagnosis rules and the evidence mapping, from ``data/scoring.toml``."""
    return parse_rules(load_data_file(SCORING_FILE), load_bank())
