"""The handout model: what a take-away document says, from answers, a report, or both."""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterator
from datetime import date

import pytest

from smm_logic.assessment.bank import Answers, load_bank
from smm_logic.assessment.respondents import RespondentAnswers, compare_respondents
from smm_logic.assessment.rules import scoring_rules
from smm_logic.kpis.catalog import kpi_catalog
from smm_logic.kpis.periods import Period
from smm_logic.outputs.handout import Handout
from smm_logic.text import Lang
from smm_logic.usecases import aggregate_report, analyse_report, load_report, make_handout
from tests.builders import xlsx_bytes

REPORT_ROWS: list[list[object]] = [
    ["Дата", "Площадка", "Аккаунт", "Подписчики", "Лайки", "Комментарии", "Охват", "Публикации"],
    *[
        [f"{day:02d}.03.2026", "VK", "Кофейня", 1000 + 5 * day, 20 + day, 4, 900 + day, 1]
        for day in range(1, 32)
    ],
    *[
        [f"{day:02d}.02.2026", "VK", "Кофейня", 900 + 3 * day, 15, 3, 800, 1]
        for day in range(1, 29)
    ],
]


def some_answers(pick: int = 0) -> Answers:
    bank = load_bank()
    choices = {}
    for question in bank.every_question():
        options = bank.options(question.id)
        choices[question.id] = options[min(pick, len(options) - 1)].id
    return Answers("owner", choices)


@pytest.fixture(scope="module")
def report():  # type: ignore[no-untyped-def]
    return load_report(xlsx_bytes(REPORT_ROWS), "march.xlsx", isolated=False)


def texts(value: object) -> Iterator[str]:
    """Every string the handout holds, however deep (chart specs aside: Vega's own)."""
    if isinstance(value, str):
        yield value
    elif dataclasses.is_dataclass(value) and not isinstance(value, type):
        for item in dataclasses.fields(value):
            if item.name != "spec":
                yield from texts(getattr(value, item.name))
    elif isinstance(value, tuple | list):
        for item in value:
            yield from texts(item)


RAW = re.compile(r"\b(None|nan|NaN)\b|\{\w+\}|\b[a-z]+_[a-z_]+\b|\b\w+\.\w+\.\w+\b")


def assert_plain(handout: Handout) -> None:
    for shown in texts(handout):
        if shown in {h.id for h in handout.kpis} or shown in {
            "alarm",
            "good",
            "neutral",
            "warning",
            "weak",
            "unknown",
            "met",
            "missed",
            "typical",
            "none",
            "ru",
            "en",
            "dimensions",
            "followers",
            "engagement",
            "negative",
            "respondents",
        }:
            continue  # ids kept for renderers, never printed
        assert not RAW.search(shown), shown


@pytest.mark.parametrize("lang", ["ru", "en"])
def test_answers_only_has_the_verdict_dimensions_and_advice_but_no_kpis(lang: Lang) -> None:
    handout = make_handout(some_answers(), None, lang, client="ООО Ромашка")

    assert handout.verdict
    assert handout.cover.client == "ООО Ромашка"
    assert handout.kpis == () and handout.trends == ()
    assert len(handout.dimensions) == len(load_bank().dimensions)
    assert handout.dimension_chart is not None and handout.dimension_chart.spec
    assert len(handout.signals) == 3
    assert handout.recommendations
    assert_plain(handout)


@pytest.mark.parametrize("lang", ["ru", "en"])
def test_data_only_has_kpi_rows_with_formulas_changes_and_trends(report, lang: Lang) -> None:  # type: ignore[no-untyped-def]
    march = Period(date(2026, 3, 1), date(2026, 3, 31))
    analysis = analyse_report(aggregate_report(report), period=march)
    handout = make_handout(None, report, lang, analysis=analysis, targets={"er_followers_pct": 5.0})

    by_id = {row.id: row for row in handout.kpis}
    catalog = kpi_catalog()
    assert "er_followers_pct" in by_id
    er = by_id["er_followers_pct"]
    assert er.formula == catalog["er_followers_pct"].formula.render(lang)
    assert er.target is not None and er.value is not None
    assert all(row.value is not None for row in handout.kpis)
    assert any(row.change for row in handout.kpis)  # March against February
    assert handout.cover.period and handout.cover.accounts == ("VK / Кофейня",)
    kinds = [chart.kind for chart in handout.trends]
    assert "followers" in kinds and "engagement" in kinds
    assert all(chart.points for chart in handout.trends)
    assert handout.respondents is None
    assert_plain(handout)


@pytest.mark.parametrize("lang", ["ru", "en"])
def test_both_combine_answers_and_figures(report, lang: Lang) -> None:  # type: ignore[no-untyped-def]
    handout = make_handout(some_answers(1), report, lang)

    assert handout.kpis and handout.has_answers
    assert any(row.data_text != "—" for row in handout.dimensions)
    assert len(handout.cover.basis) == 2
    assert_plain(handout)


def test_respondents_side_by_side_only_with_two_or_more() -> None:
    bank = load_bank()
    people = [
        RespondentAnswers("1", "Анна", "owner", some_answers(0).choices),
        RespondentAnswers("2", "Борис", "smm", some_answers(3).choices),
    ]
    both = compare_respondents(bank, scoring_rules(), people)
    one = compare_respondents(bank, scoring_rules(), people[:1])

    handout = make_handout(some_answers(), None, "ru", comparison=both)
    alone = make_handout(some_answers(), None, "ru", comparison=one)

    assert handout.respondents is not None
    assert handout.respondents.names[0].startswith("Анна")
    assert all(len(scores) == 2 for _, scores in handout.respondents.rows)
    assert handout.respondents.chart is not None
    assert alone.respondents is None
    assert_plain(handout)


def test_a_blank_client_or_consultant_is_left_out() -> None:
    handout = make_handout(some_answers(), None, "en", client="  ", consultant="")

    assert handout.cover.client is None and handout.cover.consultant is None
