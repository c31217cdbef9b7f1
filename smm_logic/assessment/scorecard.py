"""The Scorecard: the verdict in one sentence and everything behind it — dimension scores,
level, diagnosis, contradictions, signals, advice and what is missing.

Built from a respondent's answers, a report's KPIs, or both. Every threshold and rule is
data (``data/scoring.toml``, ``data/benchmarks.toml``, ``data/recommendations.toml``);
``build_scorecard`` only puts together what the modules beside it compute.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from smm_logic.assessment.advice import Recommendation, advise, load_recommendations
from smm_logic.assessment.bank import Answers, QuestionBank, load_bank
from smm_logic.assessment.contradictions import Contradiction, find_contradictions
from smm_logic.assessment.diagnosis import DIAGNOSIS_CODES, Finding, SuggestedTarget, diagnose
from smm_logic.assessment.missing import list_missing
from smm_logic.assessment.rules import Level, ScoringRules, scoring_rules
from smm_logic.assessment.scoring import DimensionScore, score_inputs
from smm_logic.assessment.signals import Signal, read_signals
from smm_logic.format import points
from smm_logic.kpis.benchmarks import Band, load_bands
from smm_logic.text import Lang, Message, Text


@dataclass(frozen=True)
class Scorecard:
    """The verdict and everything behind it."""

    overall: float | None
    level: Level | None
    dimensions: Mapping[str, DimensionScore]
    weakest: str | None
    diagnosis: tuple[Finding, ...]
    contradictions: tuple[Contradiction, ...]
    recommendations: tuple[Text, ...]
    questions_to_ask: tuple[Text, ...]
    signals: tuple[Signal, ...]
    missing: tuple[Message, ...]
    verdict_message: Message
    suggested_targets: tuple[SuggestedTarget, ...] = field(default=())

    @property
    def codes(self) -> tuple[str, ...]:
        return tuple(finding.code for finding in self.diagnosis)

    def verdict(self, lang: Lang) -> str:
        """The verdict in one sentence."""
        return self.verdict_message.render(lang)


def verdict_message(
    overall: float | None,
    level: Level | None,
    weakest: str | None,
    diagnosis: Sequence[Finding],
    names: Mapping[str, Text],
) -> Message:
    """The verdict: the diagnosis (or its combination) with the score and the level."""
    codes = {finding.code for finding in diagnosis}
    if overall is None and not codes:
        return Message("scorecard.verdict.nothing")
    score: Message
    if overall is not None and level is not None:
        overall_and_level = {"overall": points(overall), "level": level.name}
        score = Message("scorecard.verdict.score", overall_and_level)
    else:
        score = Message("scorecard.verdict.no_score")
    smm = next((f for f in diagnosis if f.code == "smm_problem"), None)
    params: dict[str, object] = {"score": score}
    if smm is not None and smm.dimensions:
        params["weakest_smm"] = names[smm.dimensions[0]]
    if weakest is not None:
        params["weakest"] = names[weakest]
    if "no_kpis" in codes and "smm_problem" in codes:
        key = "no_kpis_smm_problem"
    elif "no_kpis" in codes and "product_problem" in codes:
        key = "no_kpis_product_problem"
    elif codes:
        key = next(code for code in DIAGNOSIS_CODES if code in codes)
    else:
        key = "partial"
    return Message(f"scorecard.verdict.{key}", params)


def build_scorecard(
    answers: Answers | None,
    kpis: Mapping[str, float | None] | None = None,
    targets: Mapping[str, float] | None = None,
    bank: QuestionBank | None = None,
    *,
    period_days: float | None = None,
    rules: ScoringRules | None = None,
    bands: Mapping[str, Band] | None = None,
    recommendations: Sequence[Recommendation] | None = None,
) -> Scorecard:
    """The Scorecard from answers, a report's KPIs (``KpiResult.overall``), or both.

    ``targets`` are the company's own KPIs (KPI id → value); where one is set, the
    measured KPI is judged against it, elsewhere against its benchmark band.
    ``period_days`` is the report's length in days: per-month bands (follower growth)
    compare the report's value per month; without it the report is taken as one month.
    ``rules``, ``bands`` and ``recommendations`` default to the shipped data files.
    """
    bank = bank or load_bank()
    inputs = score_inputs(
        bank,
        answers.choices if answers is not None else {},
        kpis,
        targets,
        period_days=period_days,
        rules=scoring_rules() if rules is None else rules,
        bands=load_bands() if bands is None else bands,
    )
    overall = inputs.overall()
    level = inputs.rules.level_for(overall) if overall is not None else None
    weakest = inputs.weakest()
    findings, suggestions = diagnose(inputs)
    advice, questions_to_ask = advise(
        inputs, findings, load_recommendations() if recommendations is None else recommendations
    )
    return Scorecard(
        overall=overall,
        level=level,
        dimensions=inputs.dimensions,
        weakest=weakest,
        diagnosis=findings,
        contradictions=find_contradictions(inputs),
        recommendations=advice,
        questions_to_ask=questions_to_ask,
        signals=read_signals(inputs),
        missing=list_missing(inputs),
        verdict_message=verdict_message(overall, level, weakest, findings, inputs.dimension_names),
        suggested_targets=suggestions,
    )
