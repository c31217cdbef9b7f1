"""The Scorecard: the verdict in one sentence and everything behind it — red flags,
confidence, dimension scores, level, diagnosis, contradictions, signals, advice and what
is missing, for the accounts and period the report's figures cover.

Built from a respondent's answers, a report's KPIs, or both. Every threshold and rule is
data (``data/scoring.toml``, ``data/benchmarks.toml``, ``data/recommendations.toml``);
``build_scorecard`` only puts together what the modules beside it compute.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date

from smm_logic.assessment.advice import Recommendation, advise, load_recommendations
from smm_logic.assessment.bank import Answers, QuestionBank, load_bank
from smm_logic.assessment.confidence import Confidence, assess_confidence, unknown_own_smm
from smm_logic.assessment.contradictions import Contradiction, find_contradictions
from smm_logic.assessment.diagnosis import Finding, SuggestedTarget, diagnose
from smm_logic.assessment.level import judge_level
from smm_logic.assessment.missing import list_missing
from smm_logic.assessment.red_flags import (
    Inconsistency,
    RedFlag,
    find_inconsistencies,
    find_red_flags,
)
from smm_logic.assessment.rules import Level, ScoringRules, scoring_rules
from smm_logic.assessment.scoring import DimensionScore, score_inputs
from smm_logic.assessment.signals import Signal, read_signals
from smm_logic.assessment.verdict import verdict_message
from smm_logic.format import format_kpi, format_period, group_label, whole_points
from smm_logic.kpis.benchmarks import Band, load_bands
from smm_logic.text import Lang, Message, Text, text

# A scope line or a cover names this many accounts, then says how many more there are.
NAMED_ACCOUNTS = 12


@dataclass(frozen=True)
class ReportScope:
    """The accounts ((platform, account) pairs) and the period the report's figures cover."""

    accounts: tuple[tuple[str | None, str | None], ...]
    start: date | None
    end: date | None

    def account_labels(self, lang: Lang) -> tuple[str, ...]:
        return tuple(group_label(platform, account, lang) for platform, account in self.accounts)

    def named_accounts(self, lang: Lang) -> tuple[str, ...]:
        """The first ``NAMED_ACCOUNTS`` accounts, then how many more there are: an agency's
        roll-up of 50,000 accounts must not become a 400-page cover or a page-long line."""
        named = tuple(label for label in self.account_labels(lang) if label)
        if len(named) <= NAMED_ACCOUNTS:
            return named
        more = format_kpi(len(named) - NAMED_ACCOUNTS, "count", lang)
        return (*named[:NAMED_ACCOUNTS], text("common.more_accounts", lang, count=more))

    def to_json(self, lang: Lang) -> dict[str, object]:
        """``{"accounts": [...], "period": {"start", "end"} | None}`` (ISO dates)."""
        period = None
        if self.start is not None and self.end is not None:
            period = {"start": self.start.isoformat(), "end": self.end.isoformat()}
        return {"accounts": list(self.account_labels(lang)), "period": period}

    def label(self, lang: Lang) -> str:
        """ "VK / Кофейня, 1–31 марта 2026" """
        parts = [", ".join(self.named_accounts(lang))]
        if self.start is not None and self.end is not None:
            parts.append(format_period(self.start, self.end, lang))
        return ", ".join(part for part in parts if part)


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
    red_flags: tuple[RedFlag, ...] = field(default=())
    inconsistencies: tuple[Inconsistency, ...] = field(default=())
    confidence: Confidence = field(default_factory=lambda: Confidence("low", ()))
    unknown_own_smm: Message | None = None
    level_note: Message | None = None
    scope: ReportScope | None = None

    @property
    def codes(self) -> tuple[str, ...]:
        return tuple(finding.code for finding in self.diagnosis)

    @property
    def red_flag_codes(self) -> tuple[str, ...]:
        return tuple(flag.code for flag in self.red_flags)

    @property
    def overall_points(self) -> int | None:
        """The overall score in whole points: the value shown and the level is read from."""
        return None if self.overall is None else whole_points(self.overall)

    def verdict(self, lang: Lang) -> str:
        """The verdict in one sentence."""
        return self.verdict_message.render(lang)


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
    scope: ReportScope | None = None,
) -> Scorecard:
    """The Scorecard from answers, a report's KPIs (``KpiResult.overall``), or both.

    ``targets`` are the company's own KPIs (KPI id → value); where one is set, the
    measured KPI is judged against it, elsewhere against its benchmark band.
    ``period_days`` is the report's length in days: per-month bands (follower growth)
    compare the report's value per month; without it the report is taken as one month.
    ``rules``, ``bands`` and ``recommendations`` default to the shipped data files;
    ``scope`` says which accounts and period the KPIs cover.
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
    contradictions = find_contradictions(inputs)
    inconsistencies = find_inconsistencies(inputs)
    red_flags = find_red_flags(inputs, contradictions, inconsistencies)
    findings, suggestions = diagnose(inputs, red_flagged=bool(red_flags))
    unjudged = any(finding.code in ("no_kpis", "too_early") for finding in findings)
    judged = (
        None
        if overall is None
        else judge_level(inputs, overall, red_flagged=bool(red_flags), unjudged=unjudged)
    )
    level = None if judged is None else judged.level
    weakest = inputs.weakest()
    unknown = unknown_own_smm(inputs)
    advice, questions_to_ask = advise(
        inputs, findings, load_recommendations() if recommendations is None else recommendations
    )
    return Scorecard(
        overall=overall,
        level=level,
        dimensions=inputs.dimensions,
        weakest=weakest,
        diagnosis=findings,
        contradictions=contradictions,
        recommendations=advice,
        questions_to_ask=questions_to_ask,
        signals=read_signals(inputs, {flag.code for flag in red_flags}),
        missing=list_missing(inputs),
        verdict_message=verdict_message(
            overall=overall,
            level=level,
            weakest=weakest,
            diagnosis=findings,
            red_flags=red_flags,
            unknown_own_smm=unknown,
            names=inputs.dimension_names,
        ),
        suggested_targets=suggestions,
        red_flags=red_flags,
        inconsistencies=inconsistencies,
        confidence=assess_confidence(inputs, len(contradictions) + len(inconsistencies)),
        unknown_own_smm=unknown,
        level_note=None if judged is None else judged.note,
        scope=scope,
    )
