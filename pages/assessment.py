"""Self-assessment page: who answers, one dimension at a time, then a review of every answer."""

from collections.abc import Mapping

import streamlit as st

from shell.frame import ensure_frame
from shell.pages import page
from shell.session import RESPONDENT_WIDGET, Session, question_widget_key
from shell.state import lang as session_lang
from shell.state import t
from smm_logic.assessment.bank import RESPONDENTS, Dimension, Question, QuestionBank, load_bank

ensure_frame()

session = Session()
lang = session_lang()


def go_to(bank: QuestionBank, dimension: str | None, step: int, from_review: bool = False) -> None:
    """Keep the submitted answers of ``dimension`` (if any), then show ``step``.

    A section opened from the review leads straight back to it.
    """
    if dimension is not None:
        answers = dict(session.answers)
        for question in bank.questions_of(dimension):
            choice = session.question_choice(question.id)
            if choice is not None:
                answers[question.id] = choice
        session.answers = answers
    session.step = step
    session.from_review = from_review


def respondent() -> None:
    session.offer_respondent()
    chosen = st.radio(
        t("pages.assessment.respondent"),
        RESPONDENTS,
        format_func=lambda code: t(f"pages.assessment.respondent_{code}"),
        key=RESPONDENT_WIDGET,
        horizontal=True,
    )
    session.respondent = chosen


def section(bank: QuestionBank, dimensions: list[Dimension], step: int) -> None:
    dimension = dimensions[step]
    total = len(dimensions)
    st.progress(
        (step + 1) / total,
        text=t("pages.assessment.progress", k=step + 1, n=total, name=dimension.name.render(lang)),
    )
    answers = session.answers
    with st.form(f"assessment_form_{dimension.id}"):
        st.subheader(dimension.name.render(lang), anchor=False)
        st.caption(dimension.about.render(lang))
        with st.container(gap="medium"):
            for question in bank.questions_of(dimension.id):
                ask(bank, question, answers)
        with st.container(horizontal=True, horizontal_alignment="distribute"):
            st.form_submit_button(
                t("pages.assessment.previous"),
                key="assessment_previous",
                icon=":material/arrow_back:",
                disabled=step == 0,
                on_click=go_to,
                args=(bank, dimension.id, step - 1),
            )
            to_review = step == total - 1 or session.from_review
            st.form_submit_button(
                t("pages.assessment.to_review" if to_review else "pages.assessment.next"),
                key="assessment_next",
                type="primary",
                icon=":material/arrow_forward:",
                icon_position="right",
                on_click=go_to,
                args=(bank, dimension.id, total if to_review else step + 1),
            )


def ask(bank: QuestionBank, question: Question, answers: Mapping[str, str]) -> None:
    """One question: its text, why it matters, and its answer options."""
    if question.id in answers:
        session.offer_answer(question.id, answers[question.id])
    options = {option.id: option.text.render(lang) for option in bank.options(question.id)}
    with st.container(gap="xsmall"):
        st.markdown(f"**{question.text.render(lang)}**")
        st.caption(t("pages.assessment.why", why=question.why.render(lang)))
        st.radio(
            question.text.render(lang),
            list(options),
            index=None,
            format_func=options.__getitem__,
            key=question_widget_key(question.id),
            horizontal=True,
            label_visibility="collapsed",
        )


def review(bank: QuestionBank, dimensions: list[Dimension]) -> None:
    total = len(dimensions)
    st.progress(1.0, text=t("pages.assessment.review_progress", n=total))
    st.subheader(t("pages.assessment.review_title"), anchor=False)
    answers = session.answers
    st.caption(t("pages.assessment.review_help", answered=len(answers), total=len(bank.questions)))
    for number, dimension in enumerate(dimensions):
        with st.container(border=True):
            heading, edit = st.columns([4, 1], vertical_alignment="center")
            with heading:
                st.markdown(f"**{number + 1}. {dimension.name.render(lang)}**")
            with edit:
                st.button(
                    t("pages.assessment.change"),
                    key=f"assessment_edit_{dimension.id}",
                    icon=":material/edit:",
                    on_click=go_to,
                    args=(bank, None, number, True),
                )
            lines = []
            for question in bank.questions_of(dimension.id):
                chosen = answers.get(question.id)
                options = {
                    option.id: option.text.render(lang) for option in bank.options(question.id)
                }
                answer = (
                    f"**{options[chosen]}**"
                    if chosen in options
                    else f"*{t('pages.assessment.not_answered')}*"
                )
                lines.append(f"- {question.text.render(lang)} — {answer}")
            st.markdown("\n".join(lines))
    if st.button(
        t("pages.assessment.to_scorecard"),
        key="assessment_to_scorecard",
        type="primary",
        icon=":material/verified:",
    ):
        st.switch_page(page("scorecard"))


# ------------------------------------------------------------------- page

st.title(t("pages.assessment.title"))
st.caption(t("pages.assessment.subtitle"))
bank = load_bank()
dimensions = sorted(bank.dimensions, key=lambda dimension: dimension.order)
respondent()
step = min(max(session.step, 0), len(dimensions))
if step < len(dimensions):
    section(bank, dimensions, step)
else:
    review(bank, dimensions)
