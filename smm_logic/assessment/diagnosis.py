"""The diagnosis (``[diagnosis]`` of scoring.toml): no KPIs to judge by, a problem of the SMM
work, a problem of the product, or effective SMM — and, without KPIs, which goals to set
first with starting targets.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from statistics import fmean

from smm_logic.assessment.scoring import ScoredInputs
from smm_logic.format import Listing, Quantity, points
from smm_logic.kpis.catalog import kpi_catalog
from smm_logic.text import Message

# In the order the verdict names them when several apply.
DIAGNOSIS_CODES = ("no_kpis", "product_problem", "smm_problem", "effective")


@dataclass(frozen=True)
class Finding:
    """One diagnosis: a code, the dimensions it concerns, and its explanation."""

    code: str
    dimensions: tuple[str, ...]
    message: Message


@dataclass(frozen=True)
class SuggestedTarget:
    """A KPI to set as a goal, with a starting target (when there are no KPIs yet)."""

    kpi: str
    target: float
    direction: str
    per_month: bool
    basis: str  # "measured" | "answer" | "benchmark"

    def message(self) -> Message:
        info = kpi_catalog()[self.kpi]
        key = "at_most" if self.direction == "lower" else "at_least"
        return Message(
            f"scorecard.suggestion.{key}",
            {
                "kpi": info.name,
                "target": Quantity(self.target, info.unit, self.per_month),
            },
        )


def _smm_state(inputs: ScoredInputs) -> tuple[dict[str, float], float | None, bool]:
    """The scored SMM dimensions, their average, and whether the SMM work is sound."""
    rules = inputs.rules
    scored = {d: s for d in rules.smm_dimensions if (s := inputs.score(d)) is not None}
    average = fmean(scored.values()) if scored else None
    sound = (
        average is not None
        and average >= rules.sound_from
        and all(s >= rules.weak_below for s in scored.values())
    )
    return scored, average, sound


def _kpis_state(inputs: ScoredInputs) -> str:
    """ "missing", "present" or "unknown": do concrete KPIs exist?"""
    rule = inputs.rules.no_kpis
    options = [inputs.option(q) for q in rule.questions]
    answered = [o for o in options if o is not None]
    if inputs.targets:
        return "present"
    if any(o.value is None or o.value < rule.answer_below for o in answered):
        return "missing"
    if answered:
        return "present"
    if inputs.report_loaded and rule.report_without_targets:
        return "missing"
    return "unknown"


def _current_from_answers(inputs: ScoredInputs, kpi: str, direction: str) -> float | None:
    """The bound of a KPI that an answer implies (the side toward "good")."""
    for claim in inputs.rules.claims:
        if claim.kpi != kpi:
            continue
        option_id = inputs.choices.get(claim.question)
        if option_id is None or option_id not in claim.ranges:
            continue
        low, high = claim.ranges[option_id]
        if direction == "lower":
            return high if high is not None else low
        return low if low is not None else high
    return None


def _round_target(value: float) -> float:
    if value == 0:
        return 0.0
    digits = 1 - math.floor(math.log10(abs(value)))  # two significant digits
    return round(value, max(0, digits))


def suggest_targets(inputs: ScoredInputs) -> tuple[SuggestedTarget, ...]:
    """KPIs to set first, with starting targets: measured ones before those an answer
    implies, before those only a benchmark speaks to; within each, the evidence of the
    weakest SMM dimensions first."""
    catalog = kpi_catalog()
    rules = inputs.rules
    order = {d: i for i, d in enumerate(rules.smm_dimensions)}
    dimensions = sorted(
        rules.evidence,
        key=lambda d: (inputs.score(d) is None, inputs.score(d) or 0.0, order.get(d, len(order))),
    )
    candidates: list[tuple[int, int, SuggestedTarget]] = []
    for kpi in (k for d in dimensions for k in rules.evidence[d]):
        band = inputs.bands.get(kpi)
        if band is None or band.good_from is None:
            continue
        direction = catalog[kpi].direction
        measured = inputs.kpi_scores.get(kpi)
        current = measured.compared if measured is not None else None
        basis = "measured"
        if current is None:
            basis, current = "answer", _current_from_answers(inputs, kpi, direction)
        good = band.good_from
        if current is None:
            basis, target = "benchmark", good
        elif (current <= good) if direction == "lower" else (current >= good):
            target = current
        else:
            target = current + rules.no_kpis.starting_step * (good - current)
        rank = ("measured", "answer", "benchmark").index(basis)
        suggestion = SuggestedTarget(kpi, _round_target(target), direction, band.per_month, basis)
        candidates.append((rank, len(candidates), suggestion))
    candidates.sort(key=lambda item: item[:2])
    return tuple(suggestion for *_, suggestion in candidates[: rules.no_kpis.suggest])


def _no_kpis(
    inputs: ScoredInputs, suggestions: tuple[SuggestedTarget, ...], missing: bool
) -> Finding:
    """No KPIs to judge by: none are set (``missing``), or the goals are weak."""
    listing = Listing(tuple(s.message() for s in suggestions), "; ")
    if not suggestions:
        key = "no_kpis_plain"
    elif missing:
        key = "no_kpis"
    else:
        key = "no_kpis_goals_weak"
    return Finding(
        "no_kpis",
        (inputs.rules.goals_dimension,),
        Message(f"scorecard.diagnosis.{key}", {"suggestions": listing}),
    )


def _smm_problem(
    inputs: ScoredInputs, scored: dict[str, float], weak_product: float | None
) -> Finding:
    """The SMM work is not sound: its dimensions below the bar, weakest first."""
    names = inputs.dimension_names
    # Not sound means an average below sound_from or a dimension below weak_below, which
    # is not above sound_from (rules.py): at least one dimension is below sound_from.
    weak = sorted(
        (d for d, s in scored.items() if s < inputs.rules.sound_from), key=lambda d: scored[d]
    )
    listing = Listing(
        tuple(
            Message(
                "scorecard.diagnosis.dimension_score",
                {"name": names[d], "score": points(scored[d])},
            )
            for d in weak
        )
    )
    params: dict[str, object] = {"dimensions": listing}
    key = "smm_problem"
    if weak_product is not None:
        key = "smm_problem_product_weak"
        params["product_score"] = points(weak_product)
    return Finding("smm_problem", tuple(weak), Message(f"scorecard.diagnosis.{key}", params))


def diagnose(inputs: ScoredInputs) -> tuple[tuple[Finding, ...], tuple[SuggestedTarget, ...]]:
    """The findings that apply, in the order no_kpis, smm_problem, product_problem,
    effective; and the KPIs to set first when there are none."""
    rules = inputs.rules
    findings: list[Finding] = []
    suggestions: tuple[SuggestedTarget, ...] = ()
    kpis = _kpis_state(inputs)
    goals = inputs.score(rules.goals_dimension)
    goals_weak = rules.no_kpis.goals_weak and goals is not None and goals < rules.weak_below
    if kpis == "missing" or goals_weak:
        suggestions = suggest_targets(inputs)
        findings.append(_no_kpis(inputs, suggestions, missing=kpis == "missing"))
    scored, average, sound = _smm_state(inputs)
    product = inputs.score(rules.product_dimension)
    product_weak = product is not None and product < rules.weak_below
    if scored and not sound:
        findings.append(_smm_problem(inputs, scored, product if product_weak else None))
    if sound and product_weak and product is not None and average is not None:
        findings.append(
            Finding(
                "product_problem",
                (rules.product_dimension,),
                Message(
                    "scorecard.diagnosis.product_problem",
                    {"smm_score": points(average), "product_score": points(product)},
                ),
            )
        )
    no_kpis = any(f.code == "no_kpis" for f in findings)
    if sound and not product_weak and not no_kpis and kpis == "present" and average is not None:
        findings.append(
            Finding(
                "effective",
                tuple(scored),
                Message("scorecard.diagnosis.effective", {"smm_score": points(average)}),
            )
        )
    return tuple(findings), suggestions
