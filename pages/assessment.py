"""Self-assessment page: who answers, the context of the SMM, one dimension at a time, then
a review of every answer.

The sections are not forms: an answer is kept as soon as it is picked, and a question that an
answer makes pointless (how many giveaway entrants stay, when there are no giveaways) leaves
the screen at once. Who runs the SMM, answered first, rewords or skips the questions about
"your specialist" (data in questions.toml: ``owner_text_*``, ``skip_when``).
"""

import streamlit as st

from shell.frame import ensure_frame
from shell.pages import page
from shell.session import RESPONDENT_WIDGET, Session, question_widget_key
from shell.state import lang as session_lang
from shell.state import t
from smm_logic.assessment.bank import (
    CONTEXT,
    RESPONDENTS,
    Question,
    QuestionBank,
    current_choices,
    load_bank,
)

ensure_frame()

session = Session()
lang = session_lang()


def keep_answers(bank: QuestionBank, section: str) -> None:
    """Keep the answers picked in ``section``; answers to questions they now skip are dropped."""
    answers = dict(session.answers)
    for question in bank.questions_of(section):
        choice = session.question_choice(question.id)
        if choice is not None:
            answers[question.id] = choice
    session.answers = current_choices(bank, answers)


def go_to(bank: QuestionBank, section: str | None, step: int, from_review: bool = False) -> None:
    """Keep the answers of ``section`` (if any), then show ``step``.

    A section opened from the review leads straight back to it.
    """
    if section is not None:
        keep_answers(bank, section)
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


def heading(bank: QuestionBank, section: str) -> tuple[str, str]:
    """A section's name and one line on what it asks about."""
    if section == CONTEXT:
        return t("pages.assessment.context_name"), t("pages.assessment.context_about")
    dimension = bank.dimension(section)
    return dimension.name.render(lang), dimension.about.render(lang)


def section_view(bank: QuestionBank, sections: list[str], step: int) -> None:
    section = sections[step]
    total = len(sections)
    name, about = heading(bank, section)
    st.progress(
        (step + 1) / total, text=t("pages.assessment.progress", k=step + 1, n=total, name=name)
    )
    answers = session.answers
    with st.container(border=True):
        st.subheader(name, anchor=False)
        st.caption(about)
        asked = bank.to_ask(section, answers)
        with st.container(gap="medium"):
            for question in asked:
                ask(bank, question, section)
        if not asked:
            st.caption(t("pages.assessment.nothing_to_ask"))
    with st.container(horizontal=True, horizontal_alignment="distribute"):
        st.button(
            t("pages.assessment.previous"),
            key="assessment_previous",
            icon=":material/arrow_back:",
            disabled=step == 0,
            on_click=go_to,
            args=(bank, section, step - 1),
        )
        to_review = step == total - 1 or session.from_review
        st.button(
            t("pages.assessment.to_review" if to_review else "pages.assessment.next"),
            key="assessment_next",
            type="primary",
            icon=":material/arrow_forward:",
            icon_position="right",
            on_click=go_to,
            args=(bank, section, total if to_review else step + 1),
        )


def ask(bank: QuestionBank, question: Question, section: str) -> None:
    """One question: its text (the owner's wording if the owner runs the SMM), why it
    matters, and its answer options; an answer is kept as soon as it is picked."""
    answers = session.answers
    if question.id in answers:
        session.offer_answer(question.id, answers[question.id])
    options = {option.id: option.text.render(lang) for option in bank.options(question.id)}
    wording = question.text_for(answers).render(lang)
    with st.container(gap="xsmall"):
        st.markdown(f"**{wording}**")
        st.caption(t("pages.assessment.why", why=question.why.render(lang)))
        st.radio(
            wording,
            list(options),
            index=None,
            format_func=options.__getitem__,
            key=question_widget_key(question.id),
            horizontal=True,
            label_visibility="collapsed",
            on_change=keep_answers,
            args=(bank, section),
        )


def answer_lines(bank: QuestionBank, section: str) -> list[str]:
    """One line per question asked in ``section``: the question and its answer."""
    answers = session.answers
    lines = []
    for question in bank.to_ask(section, answers):
        chosen = answers.get(question.id)
        option = None if chosen is None else bank.option(question.id, chosen)
        answer = (
            f"**{option.text.render(lang)}**"
            if option is not None
            else f"*{t('pages.assessment.not_answered')}*"
        )
        lines.append(f"- {question.text_for(answers).render(lang)} — {answer}")
    return lines


def review(bank: QuestionBank, sections: list[str]) -> None:
    st.progress(1.0, text=t("pages.assessment.review_progress", n=len(sections)))
    st.subheader(t("pages.assessment.review_title"), anchor=False)
    answered, total = bank.progress(session.answers)
    st.caption(t("pages.assessment.review_help", answered=answered, total=total))
    for number, section in enumerate(sections):
        with st.container(border=True):
            title, edit = st.columns([4, 1], vertical_alignment="center")
            with title:
                st.markdown(f"**{number + 1}. {heading(bank, section)[0]}**")
            with edit:
                st.button(
                    t("pages.assessment.change"),
                    key=f"assessment_edit_{section}",
                    icon=":material/edit:",
                    on_click=go_to,
                    args=(bank, None, number, True),
                )
            st.markdown("\n".join(answer_lines(bank, section)))
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
# Answers kept from an older version of the questions (a restored session) in today's ids.
session.answers = current_choices(bank, session.answers)
# The context comes first, then the dimensions in their order.
sections = [CONTEXT, *(d.id for d in sorted(bank.dimensions, key=lambda d: d.order))]
respondent()
step = min(max(session.step, 0), len(sections))
if step < len(sections):
    section_view(bank, sections, step)
else:
    review(bank, sections)
