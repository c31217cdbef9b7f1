"""Contradictions between the answers and a report's figures: an answer whose implied range
(a ``[[claim]]`` of scoring.toml) the measured KPI falls outside, and a dimension whose
answers score and data score lie ``dimension_gap`` points apart or more.
"""

from __future__ import annotations

from dataclasses import dataclass

from smm_logic.assessment.scoring import KpiScore, ScoredInputs
from smm_logic.format import Quantity, points
from smm_logic.kpis.catalog import kpi_catalog
from smm_logic.text import Message, Text


@dataclass(frozen=True)
class Contradiction:
    """A place where the answers and the report's figures disagree."""

    dimension: str
    kpi: str
    message: Message


def _kpi_name(kpi: str) -> Text:
    return kpi_catalog()[kpi].name


def _quantity(score: KpiScore) -> Quantity:
    return Quantity(
        score.compared if score.per_month else score.value,
        kpi_catalog()[score.kpi].unit,
        score.per_month,
    )


def _claims_contradicted(inputs: ScoredInputs) -> list[Contradiction]:
    """Answers whose implied range the measured KPI falls outside."""
    found: list[Contradiction] = []
    for claim in inputs.rules.claims:
        measured = inputs.kpi_scores.get(claim.kpi)
        option_id = inputs.choices.get(claim.question)
        if measured is None or option_id is None or option_id not in claim.ranges:
            continue
        low, high = claim.ranges[option_id]
        if high is not None and measured.compared > high:
            key, bound = "above", high
        elif low is not None and measured.compared < low:
            key, bound = "below", low
        else:
            continue
        question = inputs.bank.question(claim.question)
        option = inputs.bank.option(claim.question, option_id)
        assert option is not None
        unit = kpi_catalog()[claim.kpi].unit
        found.append(
            Contradiction(
                question.dimension,
                claim.kpi,
                Message(
                    f"scorecard.contradiction.{key}",
                    {
                        "question": question.text,
                        "answer": option.text,
                        "kpi": _kpi_name(claim.kpi),
                        "value": _quantity(measured),
                        "bound": Quantity(bound, unit, measured.per_month),
                    },
                ),
            )
        )
    return found


def _gaps(inputs: ScoredInputs, named: set[str]) -> list[Contradiction]:
    """Dimensions (other than ``named``) whose answers and figures score far apart."""
    found: list[Contradiction] = []
    names = inputs.dimension_names
    for dimension, score in inputs.dimensions.items():
        if dimension in named or score.answers_score is None or score.data_score is None:
            continue
        gap = score.answers_score - score.data_score
        if abs(gap) < inputs.rules.dimension_gap:
            continue
        scored = [
            inputs.kpi_scores[k]
            for k in inputs.rules.evidence.get(dimension, ())
            if k in inputs.kpi_scores and inputs.kpi_scores[k].score is not None
        ]
        scored.sort(key=lambda s: s.score or 0.0)
        telling = scored[0] if gap > 0 else scored[-1]
        found.append(
            Contradiction(
                dimension,
                telling.kpi,
                Message(
                    "scorecard.contradiction." + ("answers_higher" if gap > 0 else "data_higher"),
                    {
                        "dimension": names[dimension],
                        "answers_score": points(score.answers_score),
                        "data_score": points(score.data_score),
                        "kpi": _kpi_name(telling.kpi),
                        "value": _quantity(telling),
                    },
                ),
            )
        )
    return found


def find_contradictions(inputs: ScoredInputs) -> tuple[Contradiction, ...]:
    """Every contradiction: the contradicted claims, then the wide gaps elsewhere."""
    claims = _claims_contradicted(inputs)
    return tuple(claims + _gaps(inputs, {c.dimension for c in claims}))
