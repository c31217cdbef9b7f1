"""The Scorecard: dimension scores, level, diagnosis, contradictions, signals and advice.

Built from a respondent's answers, a report's KPIs, or both. Every threshold and rule is
data (``data/scoring.toml``, ``data/benchmarks.toml``, ``data/recommendations.toml``); this
module only loads, validates and applies them.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache
from statistics import fmean
from typing import Any

from smm_logic.assessment.bank import (
    DIMENSIONS,
    Answers,
    Option,
    Question,
    QuestionBank,
    load_bank,
)
from smm_logic.format import format_kpi, format_number
from smm_logic.kpis.benchmarks import Band, load_bands, monthly
from smm_logic.kpis.catalog import kpi_catalog
from smm_logic.kpis.targets import attainment_pct
from smm_logic.text import LANGUAGES, Lang, Message, Renderable, Text, load_data_file, text

SCORING_FILE = "scoring.toml"
RECOMMENDATIONS_FILE = "recommendations.toml"
DIAGNOSIS_CODES = ("no_kpis", "product_problem", "smm_problem", "effective")
SIGNAL_IDS = ("organic_growth", "live_discussion", "negative_handling")


# ---------------------------------------------------------------- texts in either language


@dataclass(frozen=True)
class Quantity:
    """A KPI value, formatted for the reader's language by its unit."""

    value: float
    unit: str
    per_month: bool = False

    def render(self, lang: Lang) -> str:
        shown = format_kpi(self.value, self.unit, lang)
        return text("scorecard.unit.per_month", lang, value=shown) if self.per_month else shown


@dataclass(frozen=True)
class Number:
    """A plain number in the reader's language (``0,5`` in Russian, ``0.5`` in English)."""

    value: float

    def render(self, lang: Lang) -> str:
        return format_number(self.value, "#,##0.##", lang)


@dataclass(frozen=True)
class Listing:
    """Several texts joined into one."""

    items: tuple[Renderable, ...]
    separator: str = ", "

    def render(self, lang: Lang) -> str:
        return self.separator.join(item.render(lang) for item in self.items)


def _points(score: float) -> str:
    return str(round(score))


# ---------------------------------------------------------------- rules (data/scoring.toml)


@dataclass(frozen=True)
class Level:
    """A maturity level: it starts at ``min_score`` of the overall score."""

    id: str
    name: Text
    min_score: float


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

    def level_for(self, score: float) -> Level:
        """The highest level whose ``min_score`` the score reaches."""
        reached = [level for level in self.levels if score >= level.min_score]
        return reached[-1] if reached else self.levels[0]

    def explain(self, bank: QuestionBank | None = None) -> tuple[Message, ...]:
        """The rules in plain words, filled from this data (for the Method page)."""
        bank = bank or load_bank()
        catalog = kpi_catalog()

        def name(dimension: str) -> Text:
            return bank.dimension(dimension).name

        def kpi_names(kpis: Sequence[str]) -> Listing:
            return Listing(tuple(catalog[k].name for k in kpis))

        messages: list[Message] = [
            Message("scorecard.method.dimension_score"),
            Message(
                "scorecard.method.combine",
                {
                    "answers_weight": _points(self.answers_weight * 100),
                    "data_weight": _points(self.data_weight * 100),
                },
            ),
        ]
        messages += [
            Message("scorecard.method.evidence", {"dimension": name(d), "kpis": kpi_names(kpis)})
            for d, kpis in self.evidence.items()
        ]
        messages += [
            Message("scorecard.method.kpi_target", {"cap": _points(self.target_cap)}),
            Message(
                "scorecard.method.kpi_band",
                {"at_weak": _points(self.at_weak_bound), "at_good": _points(self.at_good_bound)},
            ),
            Message("scorecard.method.overall"),
        ]
        messages += [
            Message(
                "scorecard.method.level",
                {
                    "name": level.name,
                    "min_score": _points(level.min_score),
                },
            )
            for level in self.levels
        ]
        messages += [
            Message(
                "scorecard.method.weak",
                {
                    "weak_below": _points(self.weak_below),
                    "sound_from": _points(self.sound_from),
                    "smm_dimensions": Listing(tuple(name(d) for d in self.smm_dimensions)),
                },
            ),
            Message(
                "scorecard.method.no_kpis",
                {
                    "answer": _lowest_passing_option(bank, self.no_kpis),
                    "goals": name(self.goals_dimension),
                    "suggest": self.no_kpis.suggest,
                    "step": _points(self.no_kpis.starting_step * 100),
                },
            ),
            Message(
                "scorecard.method.product_problem",
                {"product": name(self.product_dimension), "weak_below": _points(self.weak_below)},
            ),
            Message("scorecard.method.smm_problem", {"sound_from": _points(self.sound_from)}),
            Message("scorecard.method.effective", {"product": name(self.product_dimension)}),
            Message("scorecard.method.contradiction", {"gap": _points(self.dimension_gap)}),
            Message("scorecard.method.signals", {"good_from": _points(self.signal_good_from)}),
            Message(
                "scorecard.method.recommendations",
                {
                    "weak_answer": Number(self.answer_weak_below),
                    "limit": self.max_recommendations,
                },
            ),
        ]
        return tuple(messages)


def _lowest_passing_option(bank: QuestionBank, rule: NoKpisRule) -> Text:
    """The lowest answer to the KPI question that still means "we have KPIs"."""
    for question_id in rule.questions:
        passing = [
            o
            for o in bank.options(question_id)
            if o.value is not None and o.value >= rule.answer_below
        ]
        if passing:
            lowest = min(passing, key=lambda o: o.value or 0.0)
            return lowest.text
    return Text("—", "—")


class ScoringRulesError(ValueError):
    """``scoring.toml`` or ``recommendations.toml`` is invalid; the message names the record."""


def _number(table: Mapping[str, Any], key: str, label: str, low: float, high: float) -> float:
    value = table.get(key)
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise ScoringRulesError(f"{SCORING_FILE}: {label}: {key} must be a number")
    if not low <= value <= high:
        raise ScoringRulesError(
            f"{SCORING_FILE}: {label}: {key} = {value} is outside [{low}, {high}]"
        )
    return float(value)


def _ids(value: object, label: str, known: Sequence[str] | set[str], what: str) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ScoringRulesError(f"{SCORING_FILE}: {label}: must be a list of {what} ids")
    for item in value:
        if item not in known:
            raise ScoringRulesError(f"{SCORING_FILE}: {label}: unknown {what} «{item}»")
    return tuple(value)


def _parse_levels(data: Mapping[str, Any]) -> tuple[Level, ...]:
    levels: list[Level] = []
    for number, record in enumerate(data.get("level", []), start=1):
        label = f"level «{record.get('id', number)}»"
        for key in ("id", "name_ru", "name_en"):
            if not isinstance(record.get(key), str) or not record[key].strip():
                raise ScoringRulesError(f"{SCORING_FILE}: {label}: {key} is missing")
        levels.append(
            Level(
                record["id"],
                Text.of(record, "name"),
                _number(record, "min_score", label, 0, 100),
            )
        )
    if len(levels) != 5:
        raise ScoringRulesError(f"{SCORING_FILE}: [[level]]: five levels are needed")
    if levels[0].min_score != 0 or any(
        b.min_score <= a.min_score for a, b in itertools.pairwise(levels)
    ):
        raise ScoringRulesError(
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
            raise ScoringRulesError(f"{SCORING_FILE}: {label}: unknown question") from None
        kpi = record.get("kpi")
        if kpi not in catalog:
            raise ScoringRulesError(f"{SCORING_FILE}: {label}: unknown KPI «{kpi}»")
        ranges: dict[str, tuple[float | None, float | None]] = {}
        for entry in record.get("ranges", []):
            option = entry.get("option")
            if bank.option(str(question_id), str(option)) is None:
                raise ScoringRulesError(f"{SCORING_FILE}: {label}: unknown option «{option}»")
            low, high = entry.get("min"), entry.get("max")
            if low is None and high is None:
                raise ScoringRulesError(f"{SCORING_FILE}: {label}: «{option}» needs min or max")
            ranges[str(option)] = (
                None if low is None else float(low),
                None if high is None else float(high),
            )
        claims.append(Claim(str(question_id), str(kpi), ranges))
    return tuple(claims)


def parse_rules(data: Mapping[str, Any], bank: QuestionBank) -> ScoringRules:
    """Validate ``scoring.toml`` against the question bank and the KPI catalog."""
    catalog = kpi_catalog()
    question_ids = {q.id for q in bank.questions}
    answers, combine = data.get("answers", {}), data.get("combine", {})
    kpi_score, diagnosis = data.get("kpi_score", {}), data.get("diagnosis", {})
    no_kpis = diagnosis.get("no_kpis", {})
    weights = data.get("overall", {}).get("weights", {})
    if set(weights) != set(DIMENSIONS):
        raise ScoringRulesError(f"{SCORING_FILE}: [overall] weights: one per dimension is needed")
    evidence: dict[str, tuple[str, ...]] = {}
    for record in data.get("evidence", []):
        dimension = record.get("dimension")
        label = f"evidence «{dimension}»"
        if dimension not in DIMENSIONS:
            raise ScoringRulesError(f"{SCORING_FILE}: {label}: unknown dimension")
        evidence[dimension] = _ids(record.get("kpis"), label, set(catalog), "KPI")
    signals = tuple(
        SignalRule(
            record.get("id"),
            _ids(record.get("questions"), f"signal «{record.get('id')}»", question_ids, "question"),
            _ids(record.get("kpis"), f"signal «{record.get('id')}»", set(catalog), "KPI"),
        )
        for record in data.get("signal", [])
    )
    if tuple(s.id for s in signals) != SIGNAL_IDS:
        raise ScoringRulesError(f"{SCORING_FILE}: [[signal]]: exactly {', '.join(SIGNAL_IDS)}")
    for key in ("product_dimension", "goals_dimension"):
        if diagnosis.get(key) not in DIMENSIONS:
            raise ScoringRulesError(f"{SCORING_FILE}: [diagnosis]: {key} is not a dimension")
    limits = data.get("limits", {})
    return ScoringRules(
        levels=_parse_levels(data),
        answer_weak_below=_number(answers, "weak_below", "[answers]", 0, 1),
        dont_know_rank=_number(answers, "dont_know_rank", "[answers]", 0, 1),
        answers_weight=_number(combine, "answers_weight", "[combine]", 0, 1),
        data_weight=_number(combine, "data_weight", "[combine]", 0, 1),
        overall_weights={d: _number(weights, d, "[overall] weights", 0, 100) for d in DIMENSIONS},
        target_cap=_number(kpi_score, "target_cap", "[kpi_score]", 1, 1000),
        at_weak_bound=_number(kpi_score, "at_weak_bound", "[kpi_score]", 0, 100),
        at_good_bound=_number(kpi_score, "at_good_bound", "[kpi_score]", 0, 100),
        evidence=evidence,
        weak_below=_number(diagnosis, "weak_below", "[diagnosis]", 0, 100),
        sound_from=_number(diagnosis, "sound_from", "[diagnosis]", 0, 100),
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
    )


@cache
def scoring_rules() -> ScoringRules:
    """Thresholds, levels, diagnosis rules and the evidence mapping, from ``data/scoring.toml``."""
    return parse_rules(load_data_file(SCORING_FILE), load_bank())


# ---------------------------------------------------------------- recommendations


@dataclass(frozen=True)
class Recommendation:
    """Advice for the owner and a question for the SMM specialist, and what brings them."""

    trigger: str  # "diagnosis" | "question" | "kpi"
    target: str  # the diagnosis code, question id or KPI id
    advice: Text
    ask: Text | None


def parse_recommendations(
    data: Mapping[str, Any], bank: QuestionBank
) -> tuple[Recommendation, ...]:
    """Validate ``recommendations.toml``: one known trigger per record, both languages."""
    known = {
        "diagnosis": set(DIAGNOSIS_CODES),
        "question": {q.id for q in bank.questions},
        "kpi": set(kpi_catalog()),
    }
    found: list[Recommendation] = []
    seen: set[tuple[str, str]] = set()
    for number, record in enumerate(data.get("recommendation", []), start=1):
        triggers = [key for key in known if key in record]
        label = f"{RECOMMENDATIONS_FILE}: recommendation #{number}"
        if len(triggers) != 1:
            raise ScoringRulesError(f"{label}: give exactly one of diagnosis, question, kpi")
        trigger = triggers[0]
        target = record[trigger]
        label = f"{RECOMMENDATIONS_FILE}: recommendation «{trigger} {target}»"
        if target not in known[trigger]:
            raise ScoringRulesError(f"{label}: unknown {trigger}")
        if (trigger, target) in seen:
            raise ScoringRulesError(f"{label}: duplicate")
        seen.add((trigger, target))
        texts: dict[str, Text | None] = {}
        for name in ("do", "ask"):
            present = [lang for lang in LANGUAGES if str(record.get(f"{name}_{lang}", "")).strip()]
            if name == "ask" and not present:
                texts[name] = None
                continue
            for lang in LANGUAGES:
                if lang not in present:
                    raise ScoringRulesError(f"{label}: the translation {name}_{lang} is missing")
            texts[name] = Text.of(record, name)
        advice = texts["do"]
        assert advice is not None
        found.append(Recommendation(trigger, target, advice, texts["ask"]))
    return tuple(found)


@cache
def load_recommendations() -> tuple[Recommendation, ...]:
    """Every recommendation of ``data/recommendations.toml``, validated."""
    return parse_recommendations(load_data_file(RECOMMENDATIONS_FILE), load_bank())


# ---------------------------------------------------------------- results


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


@dataclass(frozen=True)
class Finding:
    """One diagnosis: a code, the dimensions it concerns, and its explanation."""

    code: str
    dimensions: tuple[str, ...]
    message: Message


@dataclass(frozen=True)
class Contradiction:
    """A place where the answers and the report's figures disagree."""

    dimension: str
    kpi: str
    message: Message


@dataclass(frozen=True)
class Signal:
    """One of the three signs of effective SMM, from the answers and the data."""

    id: str
    status: str
    answer_score: float | None
    kpi: str | None
    kpi_value: float | None
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
    suggested_targets: tuple[SuggestedTarget, ...] = field(default=())

    @property
    def codes(self) -> tuple[str, ...]:
        return tuple(finding.code for finding in self.diagnosis)

    def verdict(self, lang: Lang) -> str:
        """The verdict in one sentence."""
        return self._verdict_message().render(lang)

    def _verdict_message(self) -> Message:
        codes = set(self.codes)
        if self.overall is None and not codes:
            return Message("scorecard.verdict.nothing")
        score: Message
        if self.overall is not None and self.level is not None:
            score = Message(
                "scorecard.verdict.score",
                {
                    "overall": _points(self.overall),
                    "level": self.level.name,
                },
            )
        else:
            score = Message("scorecard.verdict.no_score")
        names = _dimension_names(load_bank())
        smm = next((f for f in self.diagnosis if f.code == "smm_problem"), None)
        params: dict[str, object] = {"score": score}
        if smm is not None and smm.dimensions:
            params["weakest_smm"] = names[smm.dimensions[0]]
        if self.weakest is not None:
            params["weakest"] = names[self.weakest]
        if "no_kpis" in codes and "smm_problem" in codes:
            key = "no_kpis_smm_problem"
        elif "no_kpis" in codes and "product_problem" in codes:
            key = "no_kpis_product_problem"
        elif codes:
            key = next(code for code in DIAGNOSIS_CODES if code in codes)
        else:
            key = "partial"
        return Message(f"scorecard.verdict.{key}", params)


# ---------------------------------------------------------------- scoring


@dataclass(frozen=True)
class _KpiScore:
    kpi: str
    value: float  # as measured
    compared: float  # as compared with the band and claims (per month where the band is)
    score: float | None  # 0–100 against the target or the band; None when neither exists
    per_month: bool


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


def _kpi_scores(
    kpis: Mapping[str, float | None],
    targets: Mapping[str, float],
    period_days: float | None,
    rules: ScoringRules,
    bands: Mapping[str, Band],
) -> dict[str, _KpiScore]:
    catalog = kpi_catalog()
    scores: dict[str, _KpiScore] = {}
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
        scores[kpi] = _KpiScore(kpi, value, compared, score, per_month)
    return scores


def _option(bank: QuestionBank, choices: Mapping[str, str], question: Question) -> Option | None:
    option_id = choices.get(question.id)
    return None if option_id is None else bank.option(question.id, option_id)


def _weighted(pairs: Sequence[tuple[float, float]]) -> float | None:
    """Σ(weight × value) / Σweight, or ``None`` with no weight."""
    total = sum(weight for weight, _ in pairs)
    return sum(weight * value for weight, value in pairs) / total if total > 0 else None


def _combine(answers: float | None, data: float | None, rules: ScoringRules) -> float | None:
    pairs = []
    if answers is not None:
        pairs.append((rules.answers_weight, answers))
    if data is not None:
        pairs.append((rules.data_weight, data))
    if len(pairs) == 1:
        return pairs[0][1]
    return _weighted(pairs)


def _dimension_scores(
    bank: QuestionBank,
    choices: Mapping[str, str],
    kpi_scores: Mapping[str, _KpiScore],
    rules: ScoringRules,
) -> dict[str, DimensionScore]:
    result: dict[str, DimensionScore] = {}
    for dimension in bank.dimensions:
        pairs: list[tuple[float, float]] = []
        dont_know = unanswered = 0
        for question in bank.questions_of(dimension.id):
            option = _option(bank, choices, question)
            if option is None:
                unanswered += 1
            elif option.value is None:
                dont_know += 1
            else:
                pairs.append((question.weight, option.value))
        answers_score = _weighted(pairs)
        if answers_score is not None:
            answers_score *= 100
        evidence = [
            kpi_scores[k].score
            for k in rules.evidence.get(dimension.id, ())
            if k in kpi_scores and kpi_scores[k].score is not None
        ]
        data_score = fmean(s for s in evidence if s is not None) if evidence else None
        result[dimension.id] = DimensionScore(
            id=dimension.id,
            score=_combine(answers_score, data_score, rules),
            answered=len(pairs),
            dont_know=dont_know,
            unanswered=unanswered,
            answers_score=answers_score,
            data_score=data_score,
        )
    return result


def _dimension_names(bank: QuestionBank) -> dict[str, Text]:
    return {d.id: d.name for d in bank.dimensions}


# ---------------------------------------------------------------- diagnosis


@dataclass(frozen=True)
class _Context:
    bank: QuestionBank
    rules: ScoringRules
    bands: Mapping[str, Band]
    choices: Mapping[str, str]
    dimensions: Mapping[str, DimensionScore]
    kpi_scores: Mapping[str, _KpiScore]
    targets: Mapping[str, float]
    report_loaded: bool

    def score(self, dimension: str) -> float | None:
        return self.dimensions[dimension].score

    def option(self, question_id: str) -> Option | None:
        return _option(self.bank, self.choices, self.bank.question(question_id))


def _smm_state(ctx: _Context) -> tuple[dict[str, float], float | None, bool]:
    """The scored SMM dimensions, their average, and whether the SMM work is sound."""
    scored = {d: s for d in ctx.rules.smm_dimensions if (s := ctx.score(d)) is not None}
    average = fmean(scored.values()) if scored else None
    sound = (
        average is not None
        and average >= ctx.rules.sound_from
        and all(s >= ctx.rules.weak_below for s in scored.values())
    )
    return scored, average, sound


def _kpis_state(ctx: _Context) -> str:
    """ "missing", "present" or "unknown": do concrete KPIs exist?"""
    rule = ctx.rules.no_kpis
    options = [ctx.option(q) for q in rule.questions]
    answered = [o for o in options if o is not None]
    if ctx.targets:
        return "present"
    if any(o.value is None or o.value < rule.answer_below for o in answered):
        return "missing"
    if answered:
        return "present"
    if ctx.report_loaded and rule.report_without_targets:
        return "missing"
    return "unknown"


def _current_from_answers(ctx: _Context, kpi: str, direction: str) -> float | None:
    """The bound of a KPI that an answer implies (the side toward "good")."""
    for claim in ctx.rules.claims:
        if claim.kpi != kpi:
            continue
        option_id = ctx.choices.get(claim.question)
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


def _suggest_targets(ctx: _Context) -> tuple[SuggestedTarget, ...]:
    """KPIs to set first, with starting targets: measured ones before those an answer
    implies, before those only a benchmark speaks to; within each, the evidence of the
    weakest SMM dimensions first."""
    catalog = kpi_catalog()
    rule = ctx.rules.no_kpis
    order = {d: i for i, d in enumerate(ctx.rules.smm_dimensions)}
    dimensions = sorted(
        ctx.rules.evidence,
        key=lambda d: (ctx.score(d) is None, ctx.score(d) or 0.0, order.get(d, len(order))),
    )
    candidates: list[tuple[int, int, SuggestedTarget]] = []
    for kpi in (k for d in dimensions for k in ctx.rules.evidence[d]):
        band = ctx.bands.get(kpi)
        if band is None or band.good_from is None:
            continue
        direction = catalog[kpi].direction
        measured = ctx.kpi_scores.get(kpi)
        current = measured.compared if measured is not None else None
        basis = "measured"
        if current is None:
            basis, current = "answer", _current_from_answers(ctx, kpi, direction)
        good = band.good_from
        if current is None:
            basis, target = "benchmark", good
        elif (current <= good) if direction == "lower" else (current >= good):
            target = current
        else:
            target = current + rule.starting_step * (good - current)
        rank = ("measured", "answer", "benchmark").index(basis)
        suggestion = SuggestedTarget(kpi, _round_target(target), direction, band.per_month, basis)
        candidates.append((rank, len(candidates), suggestion))
    candidates.sort(key=lambda item: item[:2])
    return tuple(suggestion for *_, suggestion in candidates[: rule.suggest])


def _diagnose(ctx: _Context) -> tuple[tuple[Finding, ...], tuple[SuggestedTarget, ...]]:
    rules = ctx.rules
    names = _dimension_names(ctx.bank)
    findings: list[Finding] = []
    suggestions: tuple[SuggestedTarget, ...] = ()
    kpis = _kpis_state(ctx)
    goals = ctx.score(rules.goals_dimension)
    goals_weak = rules.no_kpis.goals_weak and goals is not None and goals < rules.weak_below
    if kpis == "missing" or goals_weak:
        suggestions = _suggest_targets(ctx)
        listing = Listing(tuple(s.message() for s in suggestions), "; ")
        if not suggestions:
            key = "no_kpis_plain"
        elif kpis == "missing":
            key = "no_kpis"
        else:
            key = "no_kpis_goals_weak"
        findings.append(
            Finding(
                "no_kpis",
                (rules.goals_dimension,),
                Message(f"scorecard.diagnosis.{key}", {"suggestions": listing}),
            )
        )
    scored, average, sound = _smm_state(ctx)
    product = ctx.score(rules.product_dimension)
    product_weak = product is not None and product < rules.weak_below
    if scored and not sound:
        weak = sorted(
            (d for d, s in scored.items() if s < rules.sound_from), key=lambda d: scored[d]
        )
        if not weak:
            weak = [min(scored, key=lambda d: scored[d])]
        listing = Listing(
            tuple(
                Message(
                    "scorecard.diagnosis.dimension_score",
                    {"name": names[d], "score": _points(scored[d])},
                )
                for d in weak
            )
        )
        params: dict[str, object] = {"dimensions": listing}
        key = "smm_problem"
        if product_weak and product is not None:
            key = "smm_problem_product_weak"
            params["product_score"] = _points(product)
        findings.append(
            Finding("smm_problem", tuple(weak), Message(f"scorecard.diagnosis.{key}", params))
        )
    if sound and product_weak and product is not None and average is not None:
        findings.append(
            Finding(
                "product_problem",
                (rules.product_dimension,),
                Message(
                    "scorecard.diagnosis.product_problem",
                    {"smm_score": _points(average), "product_score": _points(product)},
                ),
            )
        )
    no_kpis = any(f.code == "no_kpis" for f in findings)
    if sound and not product_weak and not no_kpis and kpis == "present" and average is not None:
        findings.append(
            Finding(
                "effective",
                tuple(scored),
                Message("scorecard.diagnosis.effective", {"smm_score": _points(average)}),
            )
        )
    return tuple(findings), suggestions


# ---------------------------------------------------------------- contradictions


def _kpi_name(kpi: str) -> Text:
    return kpi_catalog()[kpi].name


def _quantity(score: _KpiScore) -> Quantity:
    return Quantity(
        score.compared if score.per_month else score.value,
        kpi_catalog()[score.kpi].unit,
        score.per_month,
    )


def _contradictions(ctx: _Context) -> tuple[Contradiction, ...]:
    found: list[Contradiction] = []
    for claim in ctx.rules.claims:
        measured = ctx.kpi_scores.get(claim.kpi)
        option_id = ctx.choices.get(claim.question)
        if measured is None or option_id is None or option_id not in claim.ranges:
            continue
        low, high = claim.ranges[option_id]
        if high is not None and measured.compared > high:
            key, bound = "above", high
        elif low is not None and measured.compared < low:
            key, bound = "below", low
        else:
            continue
        question = ctx.bank.question(claim.question)
        option = ctx.bank.option(claim.question, option_id)
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
    named = {c.dimension for c in found}
    names = _dimension_names(ctx.bank)
    for dimension, score in ctx.dimensions.items():
        if dimension in named or score.answers_score is None or score.data_score is None:
            continue
        gap = score.answers_score - score.data_score
        if abs(gap) < ctx.rules.dimension_gap:
            continue
        scored = [
            ctx.kpi_scores[k]
            for k in ctx.rules.evidence.get(dimension, ())
            if k in ctx.kpi_scores and ctx.kpi_scores[k].score is not None
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
                        "answers_score": _points(score.answers_score),
                        "data_score": _points(score.data_score),
                        "kpi": _kpi_name(telling.kpi),
                        "value": _quantity(telling),
                    },
                ),
            )
        )
    return tuple(found)


# ---------------------------------------------------------------- signals


def _signals(ctx: _Context) -> tuple[Signal, ...]:
    signals: list[Signal] = []
    for rule in ctx.rules.signals:
        pairs = []
        for question_id in rule.questions:
            option = ctx.option(question_id)
            if option is not None and option.value is not None:
                pairs.append((ctx.bank.question(question_id).weight, option.value))
        answer_score = _weighted(pairs)
        if answer_score is not None:
            answer_score *= 100
        measured = [ctx.kpi_scores[k] for k in rule.kpis if k in ctx.kpi_scores]
        data_scores = [m.score for m in measured if m.score is not None]
        data_score = fmean(data_scores) if data_scores else None
        combined = _combine(answer_score, data_score, ctx.rules)
        if combined is None:
            status = "unknown"
        elif combined >= ctx.rules.signal_good_from:
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


# ---------------------------------------------------------------- advice


def _advice(
    ctx: _Context, findings: Sequence[Finding]
) -> tuple[tuple[Text, ...], tuple[Text, ...]]:
    """Recommendations and questions to ask: diagnosis first, then the weakest answers and KPIs."""
    rules = ctx.rules
    catalog = {(r.trigger, r.target): r for r in load_recommendations()}
    ranked: list[tuple[float, float, int, Recommendation, bool]] = []
    sequence = 0
    for finding in findings:
        found = catalog.get(("diagnosis", finding.code))
        if found is not None:
            ranked.append((-1.0, 0.0, sequence, found, True))
            sequence += 1
    for question in ctx.bank.questions:
        option = _option(ctx.bank, ctx.choices, question)
        found = catalog.get(("question", question.id))
        if option is None or found is None:
            continue
        if option.value is None:
            ranked.append((rules.dont_know_rank, -question.weight, sequence, found, False))
        elif option.value < rules.answer_weak_below:
            ranked.append((option.value, -question.weight, sequence, found, True))
        sequence += 1
    for kpi, measured in ctx.kpi_scores.items():
        found = catalog.get(("kpi", kpi))
        if found is not None and measured.score is not None and measured.score < rules.weak_below:
            ranked.append((measured.score / 100, -1.0, sequence, found, True))
            sequence += 1
    ranked.sort(key=lambda item: item[:3])
    advice: list[Text] = []
    asks: list[Text] = []
    for *_, recommendation, with_advice in ranked:
        if with_advice and recommendation.advice not in advice:
            advice.append(recommendation.advice)
        if recommendation.ask is not None and recommendation.ask not in asks:
            asks.append(recommendation.ask)
    return (
        tuple(advice[: rules.max_recommendations]),
        tuple(asks[: rules.max_questions_to_ask]),
    )


# ---------------------------------------------------------------- what is missing


def _missing(
    ctx: _Context, answers: Answers | None, kpis: Mapping[str, float | None] | None
) -> tuple[Message, ...]:
    missing: list[Message] = []
    names = _dimension_names(ctx.bank)
    if answers is None or not ctx.choices:
        missing.append(Message("scorecard.missing.no_answers"))
    else:
        silent = [d for d, s in ctx.dimensions.items() if s.answered == 0 and s.dont_know == 0]
        if silent:
            missing.append(
                Message(
                    "scorecard.missing.dimensions",
                    {"dimensions": Listing(tuple(names[d] for d in silent))},
                )
            )
        dont_know = sum(s.dont_know for s in ctx.dimensions.values())
        if dont_know:
            missing.append(Message("scorecard.missing.dont_know", {"count": dont_know}))
    if kpis is None:
        missing.append(Message("scorecard.missing.no_report"))
    else:
        evidence = {k for kpis_ in ctx.rules.evidence.values() for k in kpis_}
        if not evidence & set(ctx.kpi_scores):
            missing.append(Message("scorecard.missing.no_evidence"))
        if not ctx.targets:
            missing.append(Message("scorecard.missing.no_targets"))
    return tuple(missing)


# ---------------------------------------------------------------- the scorecard


def build_scorecard(
    answers: Answers | None,
    kpis: Mapping[str, float | None] | None = None,
    targets: Mapping[str, float] | None = None,
    bank: QuestionBank | None = None,
    *,
    period_days: float | None = None,
) -> Scorecard:
    """The Scorecard from answers, a report's KPIs (``KpiResult.overall``), or both.

    ``targets`` are the company's own KPIs (KPI id → value); where one is set, the
    measured KPI is judged against it, elsewhere against its benchmark band.
    ``period_days`` is the report's length in days: per-month bands (follower growth)
    compare the report's value per month; without it the report is taken as one month.
    """
    bank = bank or load_bank()
    rules = scoring_rules()
    bands = load_bands()
    clean_targets = {k: float(v) for k, v in (targets or {}).items() if v is not None}
    kpi_scores = _kpi_scores(kpis or {}, clean_targets, period_days, rules, bands)
    choices = dict(answers.choices) if answers is not None else {}
    dimensions = _dimension_scores(bank, choices, kpi_scores, rules)
    ctx = _Context(
        bank=bank,
        rules=rules,
        bands=bands,
        choices=choices,
        dimensions=dimensions,
        kpi_scores=kpi_scores,
        targets=clean_targets,
        report_loaded=kpis is not None,
    )
    weights = rules.overall_weights
    scored = [(weights[d], s.score) for d, s in dimensions.items() if s.score is not None]
    overall = _weighted(scored)
    ranked = [d.id for d in bank.dimensions if dimensions[d.id].score is not None]
    weakest = min(ranked, key=lambda d: dimensions[d].score or 0.0) if ranked else None
    findings, suggestions = _diagnose(ctx)
    recommendations, questions_to_ask = _advice(ctx, findings)
    return Scorecard(
        overall=overall,
        level=rules.level_for(overall) if overall is not None else None,
        dimensions=dimensions,
        weakest=weakest,
        diagnosis=findings,
        contradictions=_contradictions(ctx),
        recommendations=recommendations,
        questions_to_ask=questions_to_ask,
        signals=_signals(ctx),
        missing=_missing(ctx, answers, kpis),
        suggested_targets=suggestions,
    )
