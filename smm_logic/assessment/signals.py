"""The three signs of effective SMM (``[[signal]]`` of scoring.toml): organic growth, live
discussion and the handling of negative feedback — each good, weak or unknown from its
answers and its KPIs combined.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from statistics import fmean

from smm_logic.assessment.scoring import ScoredInputs, combine, weighted
from smm_logic.text import Message


@dataclass(frozen=True)
class Signal:
    """One of the three signs of effective SMM, from the answers and the data."""

    id: str
    status: str
    answer_score: float | None
    kpi: str | None
    kpi_value: float | None
    message: Message


def read_signals(inputs: ScoredInputs, red_flags: Collection[str] = ()) -> tuple[Signal, ...]:
    """Each signal's status, the answers' score behind it and the first KPI measured; a
    signal is weak while a red flag it names in ``weak_with`` stands (no "organic growth:
    good" beside followers bought this year)."""
    signals: list[Signal] = []
    for rule in inputs.rules.signals:
        pairs = []
        for question_id in rule.questions:
            option = inputs.option(question_id)
            if option is not None and option.value is not None:
                pairs.append((inputs.bank.question(question_id).weight, option.value))
        answer_score = weighted(pairs)
        if answer_score is not None:
            answer_score *= 100
        measured = [inputs.kpi_scores[k] for k in rule.kpis if k in inputs.kpi_scores]
        data_scores = [m.score for m in measured if m.score is not None]
        data_score = fmean(data_scores) if data_scores else None
        combined = combine(answer_score, data_score, inputs.rules)
        if any(code in red_flags for code in rule.weak_with):
            status = "weak"
        elif combined is None:
            status = "unknown"
        elif combined >= inputs.rules.signal_good_from:
            status = "good"
        else:
            status = "weak"
        shown = measured[0] if measured else None
        key = f"scorecard.signal.{rule.id}.{status}"
        if status == "unknown" and shown is not None and shown.value is not None:
            # Measured, but there is neither a band nor a target to judge it against.
            key = "scorecard.signal.unjudged"
        signals.append(
            Signal(
                id=rule.id,
                status=status,
                answer_score=answer_score,
                kpi=shown.kpi if shown else None,
                kpi_value=shown.value if shown else None,
                message=Message(key),
            )
        )
    return tuple(signals)
