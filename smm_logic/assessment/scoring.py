"""Scores, 0–100: a measured KPI against its company target or benchmark band, a dimension
from its answers and its evidence KPIs, and the weighted averages that combine them.

``score_inputs`` scores the answers and the KPIs once; the diagnosis, contradictions,
signals, advice and the list of what is missing all read the ``ScoredInputs`` it returns.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from statistics import fmean

from smm_logic.assessment.bank import Option, Question, QuestionBank
from smm_logic.assessment.rules import ScoringRules
from smm_logic.kpis.benchmarks import Band, monthly
from smm_logic.kpis.catalog import kpi_catalog
from smm_logic.kpis.targets import attainment_pct
from smm_logic.text import Text


@dataclass(frozen=True)
class KpiScore:
    """A measured KPI and its score against the company's target or its benchmark band."""

    kpi: str
    value: float  # as measured
    compared: float  # as compared with the band and claims (per month where the band is)
    score: float | None  # 0–100 against the target or the band; None when neither exists
    per_month: bool


@dataclass(frozen=True)
class DimensionScore:
    """A dimension's score (answers and data combined) and how much of it was answered."""

    id: str
    score: float | None
    answered: int
    dont_know: int
    unanswered: int
    answers_score: float | None
    data_score: float | None
    # Critical answers given (question ids), which hold the score at [answers] critical_cap.
    critical: tuple[str, ...] = ()


def _clamp(value: float) -> float:
    return max(0.0, min(100.0, value))


def band_score(band: Band, value: float, rules: ScoringRules) -> float:
    """A value against a benchmark band, 0–100 (see ``[kpi_score]`` in scoring.toml)."""
    weak, good = band.weak_below, band.good_from
    at_weak, at_good = rules.at_weak_bound, rules.at_good_bound
    if band.direction == "lower":
        if good is not None and value <= good:
            return 100.0 if good <= 0 else _clamp(at_good + (100 - at_good) * (good - value) / good)
        if weak is None:
            return _clamp(at_good * (good or 0.0) / value) if value > 0 else 0.0
        if good is not None and value <= weak:
            return _clamp(at_weak + (at_good - at_weak) * (weak - value) / (weak - good))
        if value <= weak:
            return at_good
        return _clamp(at_weak * weak / value) if value > 0 else 0.0
    if good is not None and value >= good:
        if good <= 0:
            return 100.0
        return _clamp(at_good + (100 - at_good) * min(1.0, (value - good) / good))
    if weak is None:
        return _clamp(at_good * value / good) if good else 0.0
    if value >= weak:
        if good is None:
            return at_good
        return _clamp(at_weak + (at_good - at_weak) * (value - weak) / (good - weak))
    return _clamp(at_weak * value / weak) if weak > 0 else 0.0


def kpi_scores(
    kpis: Mapping[str, float | None],
    targets: Mapping[str, float],
    period_days: float | None,
    rules: ScoringRules,
    bands: Mapping[str, Band],
) -> dict[str, KpiScore]:
    """Each measured KPI of the catalog, scored against its target, else its band."""
    catalog = kpi_catalog()
    scores: dict[str, KpiScore] = {}
    for kpi, raw in kpis.items():
        if kpi not in catalog or raw is None or not math.isfinite(raw):
            continue
        value = float(raw)
        band = bands.get(kpi)
        per_month = band is not None and band.per_month and period_days is not None
        compared = monthly(value, period_days) if per_month else value
        assert compared is not None
        score: float | None = None
        if kpi in targets:
            attained = attainment_pct(value, targets[kpi], catalog[kpi].direction)
            if attained is not None:
                score = _clamp(min(attained, rules.target_cap))
        elif band is not None:
            score = band_score(band, compared, rules)
        scores[kpi] = KpiScore(kpi, value, compared, score, per_month)
    return scores


def chosen_option(
    bank: QuestionBank, choices: Mapping[str, str], question: Question
) -> Option | None:
    """The option chosen for a question, or ``None`` when it is unanswered."""
    option_id = choices.get(question.id)
    return None if option_id is None else bank.option(question.id, option_id)


def weighted(pairs: Sequence[tuple[float, float]]) -> float | None:
    """Σ(weight × value) / Σweight, or ``None`` with no weight."""
    total = sum(weight for weight, _ in pairs)
    return sum(weight * value for weight, value in pairs) / total if total > 0 else None


def combine(answers: float | None, data: float | None, rules: ScoringRules) -> float | None:
    """An answers score and a data score in one, by ``[combine]``; either alone stands."""
    pairs = []
    if answers is not None:
        pairs.append((rules.answers_weight, answers))
    if data is not None:
        pairs.append((rules.data_weight, data))
    if len(pairs) == 1:
        return pairs[0][1]
    return weighted(pairs)


def _weak_critical(
    bank: QuestionBank, choices: Mapping[str, str], dimension: str, rules: ScoringRules
) -> tuple[str, ...]:
    """The dimension's critical answers given: irregular posting or no reports are not
    averaged away by good answers elsewhere."""
    asked = {question.id for question in bank.to_ask(dimension, choices)}
    return tuple(
        condition.question
        for condition in rules.critical_answers
        if condition.question in asked and condition.holds(choices)
    )


def dimension_scores(
    bank: QuestionBank,
    choices: Mapping[str, str],
    scores: Mapping[str, KpiScore],
    rules: ScoringRules,
) -> dict[str, DimensionScore]:
    """Every dimension: its answers' weighted average × 100 with its evidence KPIs' mean."""
    result: dict[str, DimensionScore] = {}
    for dimension in bank.dimensions:
        pairs: list[tuple[float, float]] = []
        dont_know = unanswered = 0
        # A question the other answers skip is not asked: neither unanswered nor "don't know".
        for question in bank.to_ask(dimension.id, choices):
            option = chosen_option(bank, choices, question)
            if option is None:
                unanswered += 1
            elif option.value is None:
                dont_know += 1
            else:
                pairs.append((question.weight, option.value))
        answers_score = weighted(pairs)
        if answers_score is not None:
            answers_score *= 100
        evidence = [
            scores[k].score
            for k in rules.evidence.get(dimension.id, ())
            if k in scores and scores[k].score is not None
        ]
        data_score = fmean(s for s in evidence if s is not None) if evidence else None
        score = combine(answers_score, data_score, rules)
        critical = _weak_critical(bank, choices, dimension.id, rules)
        if critical and score is not None:
            score = min(score, rules.critical_cap)
        result[dimension.id] = DimensionScore(
            id=dimension.id,
            score=score,
            critical=critical,
            answered=len(pairs),
            dont_know=dont_know,
            unanswered=unanswered,
            answers_score=answers_score,
            data_score=data_score,
        )
    return result


@dataclass(frozen=True)
class ScoredInputs:
    """The answers and a report's KPIs, scored: what every finding of the scorecard reads."""

    bank: QuestionBank
    rules: ScoringRules
    bands: Mapping[str, Band]
    choices: Mapping[str, str]
    dimensions: Mapping[str, DimensionScore]
    kpi_scores: Mapping[str, KpiScore]
    targets: Mapping[str, float]
    report_loaded: bool

    def score(self, dimension: str) -> float | None:
        return self.dimensions[dimension].score

    def option(self, question_id: str) -> Option | None:
        return chosen_option(self.bank, self.choices, self.bank.question(question_id))

    @property
    def dimension_names(self) -> dict[str, Text]:
        return {d.id: d.name for d in self.bank.dimensions}

    def overall(self) -> float | None:
        """The weighted average of the scored dimensions (``[overall] weights``)."""
        weights = self.rules.overall_weights
        return weighted(
            [(weights[d], s.score) for d, s in self.dimensions.items() if s.score is not None]
        )

    def weakest(self) -> str | None:
        """The lowest-scoring dimension (the first in the bank's order on a tie)."""
        ranked = [d.id for d in self.bank.dimensions if self.dimensions[d.id].score is not None]
        return min(ranked, key=lambda d: self.dimensions[d].score or 0.0) if ranked else None


def score_inputs(
    bank: QuestionBank,
    choices: Mapping[str, str],
    kpis: Mapping[str, float | None] | None,
    targets: Mapping[str, float | None] | None,
    *,
    period_days: float | None,
    rules: ScoringRules,
    bands: Mapping[str, Band],
) -> ScoredInputs:
    """Score the answers (question id → option id) and the KPIs (``None``: no report)."""
    clean_targets = {k: float(v) for k, v in (targets or {}).items() if v is not None}
    scores = kpi_scores(kpis or {}, clean_targets, period_days, rules, bands)
    return ScoredInputs(
        bank=bank,
        rules=rules,
        bands=bands,
        choices=dict(choices),
        dimensions=dimension_scores(bank, choices, scores, rules),
        kpi_scores=scores,
        targets=clean_targets,
        report_loaded=kpis is not None,
    )
