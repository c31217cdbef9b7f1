"""Scorecard page: the verdict first, then why — from the answers, the report, or both."""

from collections.abc import Mapping

import pandas as pd
import streamlit as st

from shell.frame import ensure_frame
from shell.handout import (
    cover_fields,
    pdf_button,
    session_analysis,
    session_answers,
    session_report,
)
from shell.pages import page
from shell.safe import md_escape
from shell.session import Session
from shell.state import lang as session_lang
from shell.state import t
from shell.take_away import scorecard_workbook_button
from smm_logic.assessment.bank import OWNER, RUNNER_QUESTION, Answers, QuestionBank, load_bank
from smm_logic.assessment.scorecard import Scorecard
from smm_logic.format import Listing, format_kpi, format_number
from smm_logic.kpis.catalog import kpi_catalog
from smm_logic.outputs.charts import dimension_chart
from smm_logic.usecases import assess

ensure_frame()

session = Session()
lang = session_lang()
STATUS_COLORS = {"good": "green", "weak": "red", "unknown": "gray"}
STATUS_ICONS = {
    "good": ":material/check_circle:",
    "weak": ":material/error:",
    "unknown": ":material/help:",
}


def score_text(score: float | None) -> str:
    if score is None:
        return t("scorecard.label.not_scored")
    return t("pages.scorecard.score", score=format_number(score, "#,##0", lang))


def points(score: float | None) -> str:
    return "—" if score is None else format_number(score, "#,##0", lang)


def basis(
    card: Scorecard, answers: Answers | None, bank: QuestionBank, report_name: str | None
) -> None:
    if card.scope is not None:
        # Account names come from the user's file: never rendered as Markdown.
        st.markdown(
            f"**{md_escape(t('pages.scorecard.scope', scope=card.scope.label(lang)))}**",
            help=t("pages.scorecard.scope_help"),
        )
    parts = []
    if answers is not None:
        who = t(f"pages.assessment.respondent_{answers.respondent}")
        answered, total = bank.progress(answers.choices)
        parts.append(t("pages.scorecard.basis_answers", who=who, answered=answered, total=total))
    if report_name is not None:
        parts.append(t("pages.scorecard.basis_report", name=md_escape(report_name)))
    st.caption(" · ".join(parts))


def verdict(card: Scorecard) -> None:
    codes = set(card.codes)
    text = card.verdict(lang)
    if card.red_flags or card.unknown_own_smm is not None:
        st.error(f"### {text}", icon=":material/priority_high:")
    elif codes == {"effective"}:
        st.success(f"### {text}", icon=":material/verified:")
    elif not codes:
        st.info(f"### {text}", icon=":material/info:")
    else:
        st.warning(f"### {text}", icon=":material/priority_high:")


def red_flags_section(card: Scorecard) -> None:
    """Not knowing one's own SMM, then each red flag: what is wrong and what to do, first."""
    if card.unknown_own_smm is None and not card.red_flags:
        return
    st.subheader(t("pages.scorecard.red_flags_title"), anchor=False)
    if card.unknown_own_smm is not None:
        title = t("pages.scorecard.unknown_own_smm_title")
        st.error(f"**{title}**  \n{card.unknown_own_smm.render(lang)}", icon=":material/help:")
    for flag in card.red_flags:
        heading = flag.title.render(lang)
        action = t("pages.scorecard.what_to_do", action=flag.action.render(lang))
        st.error(
            f"**{heading[:1].upper()}{heading[1:]}**  \n{flag.message.render(lang)}  \n{action}",
            icon=":material/flag:",
        )


def facts_section(card: Scorecard, bank: QuestionBank) -> None:
    names = {dimension.id: dimension.name.render(lang) for dimension in bank.dimensions}
    confidence = card.confidence
    facts = (
        (t("scorecard.label.overall"), score_text(card.overall)),
        (t("pages.scorecard.level"), card.level.name.render(lang) if card.level else "—"),
        (t("scorecard.label.weakest"), names.get(card.weakest, "—") if card.weakest else "—"),
        (t("pages.scorecard.confidence"), t(f"pages.scorecard.confidence_{confidence.level}")),
    )
    # Cards rather than st.metric: a metric cuts a long dimension name short.
    for column, (label, value) in zip(st.columns(4, border=True), facts, strict=True):
        with column:
            st.caption(label)
            # A smaller heading than the page's sections: «Развивающийся» fits a quarter
            # of the width without breaking inside the word.
            st.markdown(f"#### {value}")
    notes = [confidence.message.render(lang)]
    if confidence.reasons:
        reasons = Listing(confidence.reasons, "; ").render(lang)
        notes.append(t("pages.scorecard.confidence_why", reasons=reasons))
    st.caption(" ".join(notes))
    if card.level_note is not None:
        with st.expander(t("pages.scorecard.level_help"), icon=":material/stairs:"):
            st.markdown(card.level_note.render(lang))


def dimensions_section(
    card: Scorecard, bank: QuestionBank, answers_given: Mapping[str, str]
) -> None:
    st.subheader(t("pages.scorecard.dimensions_title"), anchor=False)
    ordered = sorted(bank.dimensions, key=lambda dimension: dimension.order)
    name_column = t("pages.scorecard.dimension")
    score_column = t("pages.scorecard.score_column")
    scored = [d for d in ordered if card.dimensions[d.id].score is not None]
    chart = dimension_chart(
        [(d.name.render(lang), card.dimensions[d.id].score or 0.0) for d in scored], lang
    )
    if chart is not None:
        st.altair_chart(chart, width="stretch")
    rows = []
    for dimension in ordered:
        score = card.dimensions[dimension.id]
        rows.append(
            {
                name_column: dimension.name.render(lang),
                score_column: points(score.score),
                t("pages.scorecard.from_answers"): points(score.answers_score),
                t("pages.scorecard.from_data"): points(score.data_score),
                t("pages.scorecard.answered"): score.answered,
                t("pages.scorecard.dont_know"): score.dont_know,
                t("pages.scorecard.unanswered"): score.unanswered,
            }
        )
    st.table(pd.DataFrame(rows), hide_index=True)
    for dimension in ordered:
        score = card.dimensions[dimension.id]
        for question_id in score.critical:
            option = bank.option(question_id, answers_given.get(question_id, ""))
            st.caption(
                t(
                    "pages.scorecard.critical",
                    dimension=dimension.name.render(lang),
                    score=points(score.score),
                    question=bank.question(question_id).text.render(lang),
                    answer=option.text.render(lang) if option else "—",
                )
            )
    st.caption(t("scorecard.method.dimension_score"))


def signals_section(card: Scorecard) -> None:
    st.subheader(t("pages.scorecard.signals_title"), anchor=False)
    st.caption(t("pages.scorecard.signals_help"))
    catalog = kpi_catalog()
    for column, signal in zip(
        st.columns(len(card.signals), border=True), card.signals, strict=True
    ):
        with column:
            st.markdown(f"**{t(f'pages.scorecard.signal_{signal.id}')}**")
            st.badge(
                t(f"pages.scorecard.status_{signal.status}"),
                color=STATUS_COLORS.get(signal.status, "gray"),
                icon=STATUS_ICONS.get(signal.status),
            )
            st.write(signal.message.render(lang))
            if signal.kpi is not None and signal.kpi in catalog:
                info = catalog[signal.kpi]
                st.caption(
                    t(
                        "pages.scorecard.signal_data",
                        kpi=info.name.render(lang),
                        value=format_kpi(signal.kpi_value, info.unit, lang),
                    )
                )
            if signal.answer_score is not None:
                st.caption(
                    t("pages.scorecard.signal_answers", score=score_text(signal.answer_score))
                )


def diagnosis_section(card: Scorecard) -> None:
    st.subheader(t("scorecard.label.diagnosis"), anchor=False)
    for finding in card.diagnosis:
        title = t(f"pages.scorecard.finding_{finding.code}")
        body = f"**{title}**  \n{finding.message.render(lang)}"
        if finding.code == "effective":
            st.success(body, icon=":material/verified:")
        else:
            st.warning(body, icon=":material/report:")
    if not card.diagnosis and card.red_flags:
        # Otherwise "effective": the red flags above are what stands in the way.
        st.warning(t("pages.scorecard.held_by_red_flags"), icon=":material/flag:")
    elif not card.diagnosis:
        st.caption(t("pages.scorecard.no_diagnosis"))


def inconsistencies_section(card: Scorecard, bank: QuestionBank) -> None:
    if not card.inconsistencies:
        return
    st.subheader(t("pages.scorecard.inconsistencies_title"), anchor=False)
    for inconsistency in card.inconsistencies:
        asked = " · ".join(bank.question(q).text.render(lang) for q in inconsistency.questions)
        st.info(
            f"**{asked}**  \n{inconsistency.explain.render(lang)}", icon=":material/sync_problem:"
        )


def contradictions_section(card: Scorecard, bank: QuestionBank) -> None:
    if not card.contradictions:
        return
    st.subheader(t("pages.scorecard.contradictions_title"), anchor=False)
    st.caption(t("pages.scorecard.contradictions_help"))
    names = {dimension.id: dimension.name.render(lang) for dimension in bank.dimensions}
    catalog = kpi_catalog()
    for contradiction in card.contradictions:
        kpi = catalog[contradiction.kpi].name.render(lang) if contradiction.kpi in catalog else ""
        where = " · ".join(x for x in (names.get(contradiction.dimension, ""), kpi) if x)
        st.info(f"**{where}**  \n{contradiction.message.render(lang)}", icon=":material/compare:")


def advice_section(card: Scorecard, answers: Answers | None) -> None:
    recommendations, questions = st.columns(2)
    # An owner who runs the social networks alone has no specialist to ask: the same
    # questions are theirs to check.
    runs_it = answers is not None and answers.choices.get(RUNNER_QUESTION) == OWNER
    asks_title = t("pages.scorecard.questions_for_yourself") if runs_it else None
    with recommendations:
        st.subheader(t("scorecard.label.recommendations"), anchor=False)
        if card.recommendations:
            st.markdown(
                "\n".join(f"{n}. {m.render(lang)}" for n, m in enumerate(card.recommendations, 1))
            )
        else:
            st.caption(t("pages.scorecard.none_yet"))
    with questions:
        st.subheader(asks_title or t("scorecard.label.questions_to_ask"), anchor=False)
        if card.questions_to_ask:
            st.markdown("\n".join(f"- {m.render(lang)}" for m in card.questions_to_ask))
        else:
            st.caption(t("pages.scorecard.none_yet"))


# What each "missing" finding asks for, by its text key: the page that fills it.
FILLED_ON = {
    "scorecard.missing.no_answers": "assessment",
    "scorecard.missing.dimensions": "assessment",
    "scorecard.missing.dont_know": "assessment",
    "scorecard.missing.no_report": "numbers",
    "scorecard.missing.no_targets": "numbers",
    "scorecard.missing.no_evidence": "numbers",
}


def missing_section(
    card: Scorecard, bank: QuestionBank, answers: Answers | None, has_report: bool
) -> None:
    needed = {FILLED_ON[m.key] for m in card.missing if m.key in FILLED_ON}
    if answers is None or not bank.complete(answers.choices):
        needed.add("assessment")
    if not has_report:
        needed.add("numbers")
    if not card.missing and not needed:
        return
    st.subheader(t("scorecard.label.missing"), anchor=False)
    if card.missing:
        st.markdown("\n".join(f"- {m.render(lang)}" for m in card.missing))
    if "assessment" in needed:
        label = "link_assessment" if answers is None else "link_assessment_more"
        st.page_link(
            page("assessment"), label=t(f"pages.scorecard.{label}"), icon=":material/checklist:"
        )
    if "numbers" in needed:
        label = "link_numbers" if not has_report else "link_targets"
        st.page_link(
            page("numbers"), label=t(f"pages.scorecard.{label}"), icon=":material/calculate:"
        )


# ------------------------------------------------------------------- page

st.title(t("pages.scorecard.title"))
bank = load_bank()
answers = session_answers(session, bank)
report = session_report(session)
if answers is None and report is None:
    st.info(t("scorecard.verdict.nothing"), icon=":material/info:")
    st.page_link(
        page("assessment"), label=t("pages.scorecard.link_assessment"), icon=":material/checklist:"
    )
    st.page_link(
        page("numbers"), label=t("pages.scorecard.link_numbers"), icon=":material/calculate:"
    )
    st.stop()

analysis = None
source = session.source
if report is not None and source is not None:
    analysis = session_analysis(session, report, source)
card = assess(answers, analysis, session.targets, bank)
basis(card, answers, bank, None if report is None else report.name)
verdict(card)
red_flags_section(card)
facts_section(card, bank)
dimensions_section(card, bank, answers.choices if answers is not None else {})
signals_section(card)
diagnosis_section(card)
contradictions_section(card, bank)
inconsistencies_section(card, bank)
advice_section(card, answers)
missing_section(card, bank, answers, report is not None)
consultant, logo = cover_fields()
pdf_button(card, bank, key="scorecard_pdf", answers=answers, report=report, analysis=analysis,
           targets=session.targets, consultant=consultant, logo=logo)  # fmt: skip
scorecard_workbook_button(answers, report, analysis, bank)
st.caption(t("pages.scorecard.er_gloss"))
st.divider()
st.page_link(page("method"), label=t("pages.scorecard.link_method"), icon=":material/menu_book:")
