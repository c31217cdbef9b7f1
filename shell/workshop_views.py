"""The Workshop page's read-only views: respondents side by side and a client's history.

Names typed by users (respondents) go to Markdown escaped and to tables as plain cells
(``shell.safe``); every number is formatted in the reader's language.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

import pandas as pd
import streamlit as st

from shell.safe import md_escape, table_safe
from shell.state import lang as session_lang
from shell.state import t
from shell.workshop import dated_answers, dated_kpis, latest_answers
from smm_logic.assessment.bank import DONT_KNOW, QuestionBank
from smm_logic.assessment.history import (
    MAIN_KPIS,
    Change,
    QuarterPoint,
    changes,
    dimension_history,
    kpi_history,
)
from smm_logic.assessment.respondents import (
    Agreement,
    Comparison,
    QuestionComparison,
    RespondentAnswers,
    compare_respondents,
)
from smm_logic.assessment.rules import scoring_rules
from smm_logic.format import format_kpi, format_number
from smm_logic.kpis.catalog import kpi_catalog
from smm_logic.outputs.charts.workshop import (
    dimension_history_chart,
    kpi_history_chart,
    respondents_chart,
)
from smm_logic.storage import ClientHistory, RespondentInfo
from smm_logic.text import Lang, text


def role_label(role: str, lang: Lang | None = None) -> str:
    """A role's name (in ``lang``, else the session's: a widget's ``format_func`` passes
    the language, since it may be called outside the page's run)."""
    return text(f"workshop.role.{role}", lang or session_lang())


def who(respondent: RespondentAnswers | RespondentInfo, lang: Lang | None = None) -> str:
    """A respondent as the page names them: "Olga (owner)" (plain text, not Markdown)."""
    lang = lang or session_lang()
    return text("workshop.who", lang, name=respondent.name, role=role_label(respondent.role, lang))


def _points(score: float | None) -> str:
    return "—" if score is None else format_number(score, "#,##0", session_lang())


# ---------------------------------------------------------------- side by side


def side_by_side(history: ClientHistory, bank: QuestionBank) -> None:
    answered = latest_answers(history, bank)
    waiting = [r for r in history.respondents if str(r.id) not in {a.key for a in answered}]
    if waiting:
        names = ", ".join(md_escape(who(r)) for r in waiting)
        st.caption(t("workshop.compare.waiting", names=names))
    if len(answered) < 2:
        st.info(t("workshop.compare.need_two"), icon=":material/group_add:")
        return
    comparison = compare_respondents(bank, scoring_rules(), answered)
    st.caption(t("workshop.compare.help"))
    _scores(comparison, bank)
    _differences(comparison, bank)


def _scores(comparison: Comparison, bank: QuestionBank) -> None:
    lang = session_lang()
    people = comparison.respondents
    ordered = sorted(bank.dimensions, key=lambda d: d.order)
    rows = [
        (d.name.render(lang), who(r), comparison.scores[d.id].get(r.key))
        for d in ordered
        for r in people
    ]
    chart = respondents_chart(rows, lang)
    if chart is not None:
        st.altair_chart(chart, width="stretch")
    table = pd.DataFrame(
        [
            {
                t("pages.scorecard.dimension"): d.name.render(lang),
                **{who(r): _points(comparison.scores[d.id].get(r.key)) for r in people},
            }
            for d in ordered
        ]
    )
    st.dataframe(table_safe(table), hide_index=True, key="workshop_compare_scores")


def _answer_text(bank: QuestionBank, compared: QuestionComparison, index: int) -> str:
    given = compared.answers[index]
    if not given.asked:
        return t("workshop.compare.not_asked")
    if given.option is None:
        return t("workshop.compare.no_answer")
    option = bank.option(compared.question, given.option)
    return "—" if option is None else option.text.render(session_lang())


def _differences(comparison: Comparison, bank: QuestionBank) -> None:
    lang = session_lang()
    people = comparison.respondents
    gaps = comparison.differences()
    st.subheader(t("workshop.compare.differences_title", n=len(gaps)), anchor=False)
    st.caption(t("workshop.compare.differences_help"))
    if not gaps:
        st.success(t("workshop.compare.no_differences"), icon=":material/handshake:")
    for compared in gaps:
        question = bank.question(compared.question)
        lines = [
            f"- {md_escape(who(person))}: **{_answer_text(bank, compared, index)}**"
            for index, person in enumerate(people)
        ]
        dimension = bank.dimension(compared.dimension).name.render(lang)
        st.warning(
            f"**{question.text.render(lang)}**  \n*{dimension}*\n\n" + "\n".join(lines),
            icon=":material/forum:",
        )
    unknown = [q for q in comparison.questions if q.agreement == Agreement.KNOWN_BY_SOME]
    if unknown:
        st.markdown(f"**{t('workshop.compare.unknown_title')}**")
        for compared in unknown:
            dont_know = [
                md_escape(who(p))
                for p, a in zip(people, compared.answers, strict=True)
                if a.option == DONT_KNOW
            ]
            text = bank.question(compared.question).text.render(lang)
            st.markdown(
                f"- {text} — {t('workshop.compare.unknown_by', names=', '.join(dont_know))}"
            )
    with st.expander(t("workshop.compare.all_questions")):
        rows = []
        for compared in comparison.questions:
            row = {
                t("workshop.compare.question"): bank.question(compared.question).text.render(lang)
            }
            for index, person in enumerate(people):
                row[who(person)] = _answer_text(bank, compared, index)
            row[t("workshop.compare.agreement")] = t(
                f"workshop.compare.agreement_{compared.agreement.name.lower()}"
            )
            rows.append(row)
        st.dataframe(table_safe(pd.DataFrame(rows)), hide_index=True, key="workshop_compare_all")


# ---------------------------------------------------------------- history


def history_view(history: ClientHistory, bank: QuestionBank, respondent_id: int | None) -> None:
    lang = session_lang()
    dims = dimension_history(bank, scoring_rules(), dated_answers(history, bank, respondent_id))
    names = {d.id: d.name.render(lang) for d in sorted(bank.dimensions, key=lambda d: d.order)}
    if not dims:
        st.info(t("workshop.history.no_assessments"), icon=":material/history:")
    else:
        quarters = [point.quarter.label(lang) for point in dims]
        rows = [
            (point.quarter.label(lang), names[d], point.values.get(d))
            for point in dims
            for d in names
        ]
        chart = dimension_history_chart(rows, quarters, lang)
        if chart is not None:
            st.altair_chart(chart, width="stretch")
        _change_table(
            dims, names, lambda _item, value: _points(value), "workshop_history_dimensions"
        )
    kpis = kpi_history(dated_kpis(history))
    if not kpis:
        st.info(t("workshop.history.no_reports"), icon=":material/history:")
        return
    catalog = kpi_catalog()
    kpi_names = {k: catalog[k].name.render(lang) for k in MAIN_KPIS if k in catalog}
    quarters = [point.quarter.label(lang) for point in kpis]
    kpi_rows = [
        (
            point.quarter.label(lang),
            kpi_names[k],
            point.values.get(k),
            format_kpi(point.values.get(k), catalog[k].unit, lang),
        )
        for point in kpis
        for k in kpi_names
    ]
    kpi_chart = kpi_history_chart(kpi_rows, quarters, lang)
    if kpi_chart is not None:
        st.altair_chart(kpi_chart, width="stretch")
    units = {k: catalog[k].unit for k in kpi_names}
    _change_table(
        kpis,
        kpi_names,
        lambda item, value: format_kpi(value, units[item], lang),
        "workshop_history_kpis",
    )


def _change_table(
    points: Sequence[QuarterPoint],
    names: Mapping[str, str],
    shown: Callable[[str, float | None], str],
    key: str,
) -> None:
    """Each row's value in the latest session, in the one before it, and the change."""
    lang = session_lang()
    found = changes(points)
    latest = points[-1].quarter.label(lang)
    before = points[-2].quarter.label(lang) if len(points) >= 2 else None
    rows = []
    for item, name in names.items():
        change = found.get(item, Change(None, None))
        row = {t("workshop.history.item"): name, latest: shown(item, change.latest)}
        if before is not None:
            row[before] = shown(item, change.previous)
            delta = change.delta
            row[t("workshop.history.change")] = (
                "—" if delta is None else _sign(delta) + shown(item, abs(delta))
            )
        rows.append(row)
    if before is None:
        st.caption(t("workshop.history.one_session", latest=latest))
    else:
        st.caption(t("workshop.history.change_help", latest=latest, previous=before))
    st.dataframe(pd.DataFrame(rows), hide_index=True, key=key)


def _sign(delta: float) -> str:
    return "+" if delta > 0 else ("−" if delta < 0 else "±")
