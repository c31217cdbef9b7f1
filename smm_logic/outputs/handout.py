"""The take-away document: everything a handout shows, composed once in one language.

``build_handout`` turns a Scorecard (and the report's analysis, the respondents'
comparison, when there are any) into a ``Handout`` of plain, already rendered texts and
numbers. The PDF (``outputs.pdf``) and the Excel workbook (``outputs.workbook``) only lay
it out, so both documents say the same thing, and no renderer ever sees an id, a
``None`` or a ``nan`` it could print. Section titles are ``handout.*`` strings.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

import pandas as pd

from smm_logic.assessment.bank import OWNER, RUNNER_QUESTION, Answers, QuestionBank
from smm_logic.assessment.respondents import Comparison
from smm_logic.assessment.scorecard import Scorecard
from smm_logic.format import format_day, format_kpi, format_number, format_period
from smm_logic.kpis.catalog import kpi_catalog
from smm_logic.kpis.scope import Analysis
from smm_logic.outputs.charts import SELECTION_CHARTS, chart_data, dimension_chart
from smm_logic.outputs.charts.common import PERIOD, SERIES, VALUE, AnyChart
from smm_logic.outputs.charts.workshop import respondents_chart
from smm_logic.outputs.kpi_explain import formula_with_numbers
from smm_logic.outputs.numbers_view import card_context, kpi_cards, period_caption
from smm_logic.report.model import Report
from smm_logic.text import Lang, text

# The trend charts a handout carries, in the Numbers page's order (the funnel is not a trend).
TREND_CHARTS = ("followers", "engagement", "negative")


@dataclass(frozen=True)
class Cover:
    client: str | None
    consultant: str | None
    logo: bytes | None  # PNG or JPEG, as the consultant uploaded it
    date: str  # the day the handout was made, formatted
    period: str | None
    accounts: tuple[str, ...]
    basis: tuple[str, ...]  # "Answers of the owner: 20 of 24", "Report: march.xlsx"


@dataclass(frozen=True)
class Item:
    """A titled paragraph: a red flag, a finding, a contradiction."""

    title: str
    body: str
    action: str | None = None


@dataclass(frozen=True)
class DimensionRow:
    name: str
    score: float | None
    score_text: str
    answers_text: str
    data_text: str


@dataclass(frozen=True)
class SignalRow:
    name: str
    status: str  # good | weak | unknown (for a colour; status_text says it)
    status_text: str
    body: str
    details: tuple[str, ...]


@dataclass(frozen=True)
class KpiRow:
    id: str
    name: str
    value: float | None
    value_text: str
    unit: str
    formula: str
    with_numbers: str | None
    target: str | None
    rating: str  # met | missed | good | typical | weak | none
    rating_text: str | None  # "Typical. Benchmark for VK: 1–3 %"
    change: str | None


@dataclass(frozen=True)
class ChartPoint:
    period: str
    series: str
    value: float


@dataclass(frozen=True)
class HandoutChart:
    """A chart as the app shows it: its Vega-Lite spec (for vl-convert) and its points."""

    kind: str
    title: str
    spec: Mapping[str, Any]
    points: tuple[ChartPoint, ...] = ()


@dataclass(frozen=True)
class RespondentsView:
    """Respondents side by side: each dimension's score per respondent."""

    names: tuple[str, ...]
    rows: tuple[tuple[str, tuple[str, ...]], ...]  # dimension name, score text per respondent
    differences: tuple[str, ...]  # the questions answered far apart
    chart: HandoutChart | None


@dataclass(frozen=True)
class Handout:
    lang: Lang
    cover: Cover
    verdict: str
    tone: str  # alarm | good | neutral | warning: how the verdict is coloured
    facts: tuple[tuple[str, str], ...]  # (label, value): overall, level, weakest, confidence
    red_flags: tuple[Item, ...]
    dimensions: tuple[DimensionRow, ...]
    dimension_chart: HandoutChart | None
    signals: tuple[SignalRow, ...]
    diagnosis: tuple[Item, ...]
    kpis: tuple[KpiRow, ...]
    kpi_note: str | None  # what the changes compare with
    trends: tuple[HandoutChart, ...]
    contradictions: tuple[Item, ...]
    respondents: RespondentsView | None
    recommendations: tuple[str, ...]
    questions_title: str
    questions: tuple[str, ...]
    missing: tuple[str, ...]
    method: tuple[str, ...]

    @property
    def has_answers(self) -> bool:
        return any(row.answers_text != "—" for row in self.dimensions)


def _points(score: float | None, lang: Lang) -> str:
    return "—" if score is None else format_number(score, "#,##0", lang)


def _chart(kind: str, chart: AnyChart | None) -> HandoutChart | None:
    if chart is None:
        return None
    spec = chart.to_dict()
    title = spec.get("title", {})
    heading = title.get("text", "") if isinstance(title, dict) else str(title)
    data = getattr(chart, "data", None)
    points: list[ChartPoint] = []
    if isinstance(data, pd.DataFrame) and {PERIOD, SERIES, VALUE} <= set(data.columns):
        for period, series, value in zip(data[PERIOD], data[SERIES], data[VALUE], strict=True):
            if isinstance(value, int | float) and math.isfinite(value):
                points.append(ChartPoint(str(period), str(series), float(value)))
    return HandoutChart(kind, str(heading), spec, tuple(points))


def _cover(
    card: Scorecard,
    answers: Answers | None,
    bank: QuestionBank,
    report: Report | None,
    *,
    client: str | None,
    consultant: str | None,
    logo: bytes | None,
    today: date,
    lang: Lang,
) -> Cover:
    scope = card.scope
    period = None
    if scope is not None and scope.start is not None and scope.end is not None:
        period = format_period(scope.start, scope.end, lang)
    basis = []
    if answers is not None:
        who = text(f"pages.assessment.respondent_{answers.respondent}", lang)
        answered, total = bank.progress(answers.choices)
        basis.append(
            text("pages.scorecard.basis_answers", lang, who=who, answered=answered, total=total)
        )
    if report is not None:
        basis.append(text("handout.basis_report", lang, name=report.name))
    return Cover(
        client=(client or "").strip() or None,
        consultant=(consultant or "").strip() or None,
        logo=logo or None,
        date=format_day(today, lang),
        period=period,
        accounts=() if scope is None else scope.named_accounts(lang),
        basis=tuple(basis),
    )


# The accounts a cover names: an agency's roll-up of 50,000 would fill pages of the PDF
# (and overflow a spreadsheet cell's 32,767 characters in the workbook's captions).
def _tone(card: Scorecard) -> str:
    codes = set(card.codes)
    if card.red_flags or card.unknown_own_smm is not None:
        return "alarm"
    if codes == {"effective"}:
        return "good"
    return "neutral" if not codes else "warning"


def _facts(card: Scorecard, names: Mapping[str, str], lang: Lang) -> tuple[tuple[str, str], ...]:
    overall = (
        text("scorecard.label.not_scored", lang)
        if card.overall is None
        else text("pages.scorecard.score", lang, score=_points(card.overall, lang))
    )
    return (
        (text("scorecard.label.overall", lang), overall),
        (text("pages.scorecard.level", lang), card.level.name.render(lang) if card.level else "—"),
        (text("scorecard.label.weakest", lang), names.get(card.weakest or "", "—")),
        (
            text("pages.scorecard.confidence", lang),
            text(f"pages.scorecard.confidence_{card.confidence.level}", lang),
        ),
    )


def _red_flags(card: Scorecard, lang: Lang) -> tuple[Item, ...]:
    items = []
    if card.unknown_own_smm is not None:
        items.append(
            Item(
                text("pages.scorecard.unknown_own_smm_title", lang),
                card.unknown_own_smm.render(lang),
            )
        )
    for flag in card.red_flags:
        heading = flag.title.render(lang)
        items.append(
            Item(
                heading[:1].upper() + heading[1:],
                flag.message.render(lang),
                text("pages.scorecard.what_to_do", lang, action=flag.action.render(lang)),
            )
        )
    return tuple(items)


def _dimensions(
    card: Scorecard, bank: QuestionBank, lang: Lang
) -> tuple[tuple[DimensionRow, ...], HandoutChart | None]:
    ordered = sorted(bank.dimensions, key=lambda dimension: dimension.order)
    rows = tuple(
        DimensionRow(
            name=d.name.render(lang),
            score=card.dimensions[d.id].score,
            score_text=_points(card.dimensions[d.id].score, lang),
            answers_text=_points(card.dimensions[d.id].answers_score, lang),
            data_text=_points(card.dimensions[d.id].data_score, lang),
        )
        for d in ordered
        if d.id in card.dimensions
    )
    scored = [(row.name, row.score) for row in rows if row.score is not None]
    return rows, _chart("dimensions", dimension_chart(scored, lang))


def _signals(card: Scorecard, lang: Lang) -> tuple[SignalRow, ...]:
    catalog = kpi_catalog()
    rows = []
    for signal in card.signals:
        details = []
        if signal.kpi is not None and signal.kpi in catalog and signal.kpi_value is not None:
            info = catalog[signal.kpi]
            value = format_kpi(signal.kpi_value, info.unit, lang)
            details.append(
                text("pages.scorecard.signal_data", lang, kpi=info.name.render(lang), value=value)
            )
        if signal.answer_score is not None:
            score = text("pages.scorecard.score", lang, score=_points(signal.answer_score, lang))
            details.append(text("pages.scorecard.signal_answers", lang, score=score))
        rows.append(
            SignalRow(
                name=text(f"pages.scorecard.signal_{signal.id}", lang),
                status=signal.status,
                status_text=text(f"pages.scorecard.status_{signal.status}", lang),
                body=signal.message.render(lang),
                details=tuple(details),
            )
        )
    return tuple(rows)


def _diagnosis(card: Scorecard, lang: Lang) -> tuple[Item, ...]:
    items = [
        Item(text(f"pages.scorecard.finding_{f.code}", lang), f.message.render(lang))
        for f in card.diagnosis
    ]
    if not items and card.red_flags:
        items.append(
            Item(text("handout.held_title", lang), text("pages.scorecard.held_by_red_flags", lang))
        )
    return tuple(items)


def _contradictions(card: Scorecard, names: Mapping[str, str], lang: Lang) -> tuple[Item, ...]:
    catalog = kpi_catalog()
    items = []
    for contradiction in card.contradictions:
        kpi = catalog[contradiction.kpi].name.render(lang) if contradiction.kpi in catalog else ""
        where = " · ".join(x for x in (names.get(contradiction.dimension, ""), kpi) if x)
        items.append(Item(where, contradiction.message.render(lang)))
    for inconsistency in card.inconsistencies:
        items.append(Item(text("handout.inconsistency", lang), inconsistency.explain.render(lang)))
    return tuple(items)


def _kpis(
    report: Report, analysis: Analysis, targets: Mapping[str, float], lang: Lang
) -> tuple[KpiRow, ...]:
    """The KPIs the report could compute, as the Numbers page's cards say them."""
    context = card_context(report, analysis, lang)
    catalog = kpi_catalog()
    values = analysis.result.overall
    rows = []
    for card in kpi_cards(values, analysis, targets, context, lang):
        if not card.computable:
            continue
        info = catalog[card.id]
        judged = None
        if card.rating != "none":
            judged = (
                f"{card.rating_label}. {card.rating_basis}"
                if card.rating_basis
                else card.rating_label
            )
        rows.append(
            KpiRow(
                id=card.id,
                name=card.label,
                value=values.get(card.id),
                value_text=card.value,
                unit=info.unit,
                formula=info.formula.render(lang),
                with_numbers=formula_with_numbers(
                    info, values.get(card.id), context.inputs, lang, context.currency
                ),
                target=card.target,
                rating=card.rating,
                rating_text=judged,
                change=card.delta,
            )
        )
    return tuple(rows)


def _trends(analysis: Analysis, lang: Lang) -> tuple[HandoutChart, ...]:
    data = chart_data(analysis.cube)
    charts = (_chart(kind, SELECTION_CHARTS[kind](data, lang)) for kind in TREND_CHARTS)
    return tuple(chart for chart in charts if chart is not None)


def _respondents(
    comparison: Comparison | None, bank: QuestionBank, lang: Lang
) -> RespondentsView | None:
    if comparison is None or len(comparison.respondents) < 2:
        return None
    people = comparison.respondents
    names = tuple(
        text("workshop.who", lang, name=r.name, role=text(f"workshop.role.{r.role}", lang))
        for r in people
    )
    ordered = sorted(bank.dimensions, key=lambda d: d.order)
    rows = tuple(
        (
            d.name.render(lang),
            tuple(_points(comparison.scores[d.id].get(r.key), lang) for r in people),
        )
        for d in ordered
        if d.id in comparison.scores
    )
    chart_rows = [
        (d.name.render(lang), name, comparison.scores[d.id].get(r.key))
        for d in ordered
        if d.id in comparison.scores
        for r, name in zip(people, names, strict=True)
    ]
    differences = tuple(
        bank.question(q.question).text.render(lang) for q in comparison.differences()
    )
    return RespondentsView(
        names, rows, differences, _chart("respondents", respondents_chart(chart_rows, lang))
    )


def build_handout(
    card: Scorecard,
    lang: Lang,
    bank: QuestionBank,
    *,
    answers: Answers | None = None,
    report: Report | None = None,
    analysis: Analysis | None = None,
    targets: Mapping[str, float] | None = None,
    comparison: Comparison | None = None,
    client: str | None = None,
    consultant: str | None = None,
    logo: bytes | None = None,
    today: date | None = None,
) -> Handout:
    """The handout of a Scorecard in ``lang``: from answers only (no KPIs, no trends),
    a report only (no respondents), or both; ``comparison`` adds the respondents side by
    side when it holds two or more."""
    names = {d.id: d.name.render(lang) for d in bank.dimensions}
    dimensions, chart = _dimensions(card, bank, lang)
    with_data = report is not None and analysis is not None
    runs_it = answers is not None and answers.choices.get(RUNNER_QUESTION) == OWNER
    return Handout(
        lang=lang,
        cover=_cover(
            card,
            answers,
            bank,
            report,
            client=client,
            consultant=consultant,
            logo=logo,
            today=today or date.today(),
            lang=lang,
        ),
        verdict=card.verdict(lang),
        tone=_tone(card),
        facts=_facts(card, names, lang),
        red_flags=_red_flags(card, lang),
        dimensions=dimensions,
        dimension_chart=chart,
        signals=_signals(card, lang),
        diagnosis=_diagnosis(card, lang),
        kpis=_kpis(report, analysis, targets or {}, lang) if report and analysis else (),
        kpi_note=period_caption(analysis, lang) if analysis is not None and with_data else None,
        trends=_trends(analysis, lang) if analysis is not None and with_data else (),
        contradictions=_contradictions(card, names, lang),
        respondents=_respondents(comparison, bank, lang),
        recommendations=tuple(m.render(lang) for m in card.recommendations),
        questions_title=text(
            "pages.scorecard.questions_for_yourself"
            if runs_it
            else "scorecard.label.questions_to_ask",
            lang,
        ),
        questions=tuple(m.render(lang) for m in card.questions_to_ask),
        missing=tuple(m.render(lang) for m in card.missing),
        method=tuple(text(f"handout.method.{key}", lang) for key in METHOD_LINES),
    )


METHOD_LINES = ("scores", "combine", "level", "diagnosis", "kpis", "charts")
