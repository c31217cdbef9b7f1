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
DIAGNOSIS_CODES = ("too_early", "no_kpis", "product_problem", "smm_problem", "effective")


@dataclass(frozen=True)
class Finding:
    """One diagnosis: a code, the dimensions it concerns, and its explanation."""

    code: str
    dimensions: tuple[str, ...]
    message: Message
    reason: str = ""  # no_kpis: missing | vague | not_asked | goals_weak


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


def kpis_state(inputs: ScoredInputs) -> str:
    """Do concrete KPIs exist? "present"; "missing" (answered no, or "don't know");
    "vague" (answered only partly, or reviewed too seldom); "not_asked" (nobody answered,
    and the report came without targets); "unknown" (nothing to tell by)."""
    rule = inputs.rules.no_kpis
    options = [inputs.option(q) for q in rule.questions]
    answered = [o for o in options if o is not None]
    if inputs.targets:
        return "present"
    if any(o.value is None or o.value < rule.answer_below for o in answered):
        return "missing"
    if any(condition.holds(inputs.choices) for condition in inputs.rules.verdict.vague_goals):
        return "vague"
    if answered:
        return "present"
    if inputs.report_loaded and rule.report_without_targets:
        return "not_asked"
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


def _round_target(value: float, direction: str) -> float:
    """Two significant digits, rounded toward "good" so that rounding never takes a target
    back past the weak bound it was held to (1.25 % a month stays at least 1.25: 1.3)."""
    if value == 0:
        return 0.0
    digits = max(0, 1 - math.floor(math.log10(abs(value))))
    scale = 10**digits
    rounded = math.floor(value * scale) if direction == "lower" else math.ceil(value * scale)
    nearest = round(value, digits)
    # Keep the plain rounding when it is already on the good side (no 1.80000001 → 1.9).
    if (nearest <= value) if direction == "lower" else (nearest >= value):
        return nearest
    return float(rounded / scale)


def _starting_target(
    inputs: ScoredInputs, kpi: str, current: float | None, direction: str
) -> float:
    """A starting target: the current value moved ``starting_step`` of the way to the
    band's good bound (kept when already good); never worse than the band's weak bound,
    so that no target asks for a decline (a negative growth target) or for a reply slower
    than the weak bound; for a standard (the reply time) the standard itself."""
    band = inputs.bands[kpi]
    good = band.good_from
    assert good is not None
    if current is None or kpi in inputs.rules.verdict.standard_kpis:
        return good
    lower = direction == "lower"
    if (current <= good) if lower else (current >= good):
        return current
    target = current + inputs.rules.no_kpis.starting_step * (good - current)
    weak = band.weak_below
    if weak is not None:
        target = min(target, weak) if lower else max(target, weak)
    return target


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
        target = _starting_target(inputs, kpi, current, direction)
        if current is None:
            basis = "benchmark"
        rank = ("measured", "answer", "benchmark").index(basis)
        suggestion = SuggestedTarget(
            kpi, _round_target(target, direction), direction, band.per_month, basis
        )
        candidates.append((rank, len(candidates), suggestion))
    candidates.sort(key=lambda item: item[:2])
    return tuple(suggestion for *_, suggestion in candidates[: rules.no_kpis.suggest])


def _no_kpis(inputs: ScoredInputs, suggestions: tuple[SuggestedTarget, ...], state: str) -> Finding:
    """No KPIs to judge by: why (``state``, or the goals dimension is weak), then the
    goals to start with."""
    start = (
        Message(
            "scorecard.diagnosis.start_with",
            {"suggestions": Listing(tuple(s.message() for s in suggestions), "; ")},
        )
        if suggestions
        else Message("scorecard.diagnosis.start_plain")
    )
    reason = state if state in ("missing", "vague", "not_asked") else "goals_weak"
    return Finding(
        "no_kpis",
        (inputs.rules.goals_dimension,),
        Message(f"scorecard.diagnosis.no_kpis_{reason}", {"start": start}),
        reason,
    )


def _smm_problem(inputs: ScoredInputs, scored: dict[str, float]) -> Finding:
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
    return Finding(
        "smm_problem",
        tuple(weak),
        Message("scorecard.diagnosis.smm_problem", {"dimensions": listing}),
    )


def _product_problem(
    inputs: ScoredInputs, product: float, smm: float | None, sound: bool
) -> Finding:
    """The product is weak: alone (the SMM work is sound), or besides weak SMM work."""
    if sound and smm is not None:
        message = Message(
            "scorecard.diagnosis.product_problem",
            {"smm_score": points(smm), "product_score": points(product)},
        )
    else:
        message = Message(
            "scorecard.diagnosis.product_problem_smm_weak", {"product_score": points(product)}
        )
    return Finding("product_problem", (inputs.rules.product_dimension,), message)


def _too_early(inputs: ScoredInputs) -> Finding | None:
    """The SMM has run too short a time to judge (``[diagnosis.too_early]``)."""
    rule = inputs.rules.verdict.too_early
    if rule is None or not any(condition.holds(inputs.choices) for condition in rule.answers):
        return None
    catalog = kpi_catalog()
    measure = Listing(tuple(catalog[kpi].name for kpi in rule.measure))
    return Finding("too_early", (), Message("scorecard.diagnosis.too_early", {"measure": measure}))


def diagnose(
    inputs: ScoredInputs, *, red_flagged: bool = False
) -> tuple[tuple[Finding, ...], tuple[SuggestedTarget, ...]]:
    """The findings that apply, in the order of ``DIAGNOSIS_CODES``, and the KPIs to set
    first when there are none. ``effective`` needs concrete KPIs, sound SMM work, a product
    that is not weak, long enough a run to judge, and no red flag (``red_flagged``)."""
    rules = inputs.rules
    findings: list[Finding] = []
    too_early = _too_early(inputs)
    if too_early is not None:
        findings.append(too_early)
    suggestions: tuple[SuggestedTarget, ...] = ()
    kpis = kpis_state(inputs)
    goals = inputs.score(rules.goals_dimension)
    goals_weak = rules.no_kpis.goals_weak and goals is not None and goals < rules.weak_below
    if kpis in ("missing", "vague", "not_asked") or goals_weak:
        suggestions = suggest_targets(inputs)
        findings.append(_no_kpis(inputs, suggestions, kpis))
    scored, average, sound = _smm_state(inputs)
    product = inputs.score(rules.product_dimension)
    if product is not None and product < rules.weak_below:
        findings.append(_product_problem(inputs, product, average, sound))
    if scored and not sound:
        findings.append(_smm_problem(inputs, scored))
    judged = not findings and kpis == "present" and not red_flagged
    if sound and judged and average is not None:
        findings.append(
            Finding(
                "effective",
                tuple(scored),
                Message("scorecard.diagnosis.effective", {"smm_score": points(average)}),
            )
        )
    return tuple(findings), suggestions
