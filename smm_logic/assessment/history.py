"""A client's history per quarter: each dimension's score and the main KPIs, one point per
quarter (the workshops are repeated every quarter), with the change since the previous
session (the quarter before the latest one that has a value).

- Dimensions: in a quarter, each respondent's latest assessment counts once; a
  dimension's score is the mean of their answers scores (respondents who could not
  score it are left out, and with none it has no value, never a zero).
- KPIs: in a quarter, the latest report (by the end of its period) gives the values.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from math import isfinite
from statistics import fmean

from smm_logic.assessment.bank import QuestionBank
from smm_logic.assessment.rules import ScoringRules
from smm_logic.assessment.scoring import dimension_scores
from smm_logic.text import Lang, text

# The KPIs a workshop follows from quarter to quarter: growth, live discussion, negative
# handling (the seed article's three signs) and what the SMM brings in.
MAIN_KPIS = (
    "follower_growth_pct",
    "organic_share_pct",
    "er_followers_pct",
    "talk_rate_pct",
    "negative_share_pct",
    "response_time_median_h",
    "conversion_pct",
)


@dataclass(frozen=True, order=True)
class Quarter:
    year: int
    number: int  # 1–4

    @classmethod
    def of(cls, day: date) -> Quarter:
        return cls(day.year, (day.month - 1) // 3 + 1)

    @property
    def start(self) -> date:
        return date(self.year, 3 * self.number - 2, 1)

    def label(self, lang: Lang) -> str:
        return text("workshop.quarter", lang, number=self.number, year=self.year)


@dataclass(frozen=True)
class DatedAnswers:
    """One saved assessment: when, whose (a key unique per respondent), the answers."""

    taken_on: date
    respondent: str
    choices: Mapping[str, str]
    order: int = 0  # breaks a tie of dates: the later saved is larger


@dataclass(frozen=True)
class DatedKpis:
    """One saved report's KPI values and the day they stand for (its period's end)."""

    day: date
    values: Mapping[str, float | None]
    order: int = 0


@dataclass(frozen=True)
class QuarterPoint:
    quarter: Quarter
    values: Mapping[str, float | None]  # dimension or KPI id → value (None: no value)
    sources: int  # how many assessments or reports it stands on


@dataclass(frozen=True)
class Change:
    """A value in the latest session and the change since the previous one."""

    latest: float | None
    previous: float | None

    @property
    def delta(self) -> float | None:
        if self.latest is None or self.previous is None:
            return None
        return self.latest - self.previous


def dimension_history(
    bank: QuestionBank, rules: ScoringRules, assessments: Iterable[DatedAnswers]
) -> tuple[QuarterPoint, ...]:
    """Each quarter with assessments, oldest first: every dimension's mean answers score."""
    latest: dict[Quarter, dict[str, DatedAnswers]] = {}
    for item in sorted(assessments, key=lambda a: (a.taken_on, a.order)):
        latest.setdefault(Quarter.of(item.taken_on), {})[item.respondent] = item
    points = []
    for quarter in sorted(latest):
        per_dimension: dict[str, list[float]] = {d.id: [] for d in bank.dimensions}
        for item in latest[quarter].values():
            for dimension, score in dimension_scores(bank, item.choices, {}, rules).items():
                if score.answers_score is not None:
                    per_dimension[dimension].append(score.answers_score)
        values = {d: (fmean(s) if s else None) for d, s in per_dimension.items()}
        points.append(QuarterPoint(quarter, values, len(latest[quarter])))
    return tuple(points)


def kpi_history(
    reports: Iterable[DatedKpis], kpis: Sequence[str] = MAIN_KPIS
) -> tuple[QuarterPoint, ...]:
    """Each quarter with reports, oldest first: the ``kpis`` of its latest report."""
    latest: dict[Quarter, DatedKpis] = {}
    counts: dict[Quarter, int] = {}
    for item in sorted(reports, key=lambda r: (r.day, r.order)):
        quarter = Quarter.of(item.day)
        latest[quarter] = item
        counts[quarter] = counts.get(quarter, 0) + 1
    return tuple(
        QuarterPoint(q, {k: _number(latest[q].values.get(k)) for k in kpis}, counts[q])
        for q in sorted(latest)
    )


def _number(value: object) -> float | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    number = float(value)
    return number if isfinite(number) else None


def changes(points: Sequence[QuarterPoint]) -> dict[str, Change]:
    """For every key of the points: its value in the latest session and in the one before
    (``previous`` is None with a single session, or when that session had no value)."""
    if not points:
        return {}
    latest = points[-1].values
    before = points[-2].values if len(points) >= 2 else {}
    keys = dict.fromkeys([*latest, *before])
    return {key: Change(latest.get(key), before.get(key)) for key in keys}
