"""Invitation page: a respondent opened the link a consultant sent (``?invite=TOKEN``) and
answers on their own device, into the client's workspace. Nothing else of that workspace
is shown: only the client's and the respondent's names, the questions, and a button
that saves the answers. Every question is on one page; an answer that makes a later
question pointless removes it at once (as on the Self-assessment page).
"""

import streamlit as st

from shell.frame import ensure_frame
from shell.safe import md_escape
from shell.state import lang as session_lang
from shell.state import t
from shell.storage import storage
from shell.workshop import WorkshopState, invite_question_key, invite_token
from smm_logic.assessment.bank import CONTEXT, Question, QuestionBank, current_choices, load_bank
from smm_logic.storage import Invitee, StorageError

ensure_frame()

lang = session_lang()
state = WorkshopState()


def picked(bank: QuestionBank) -> dict[str, str]:
    """The answers picked so far, without those to questions the others skip."""
    raw = {}
    for question in bank.every_question():
        choice = state.invite_choice(question.id)
        if choice is not None:
            raw[question.id] = choice
    return current_choices(bank, raw)


def ask(bank: QuestionBank, question: Question, choices: dict[str, str]) -> None:
    options = {option.id: option.text.render(lang) for option in bank.options(question.id)}
    wording = question.text_for(choices).render(lang)
    with st.container(gap="xsmall"):
        st.markdown(f"**{wording}**")
        st.caption(question.why.render(lang))
        st.radio(
            wording,
            list(options),
            index=None,
            format_func=options.__getitem__,
            key=invite_question_key(question.id),
            horizontal=True,
            label_visibility="collapsed",
        )


def section_name(bank: QuestionBank, section: str) -> str:
    if section == CONTEXT:
        return t("pages.assessment.context_name")
    return bank.dimension(section).name.render(lang)


def questionnaire(bank: QuestionBank, invitee: Invitee) -> None:
    choices = picked(bank)
    answered, total = bank.progress(choices)
    st.progress(answered / total if total else 0.0, text=t("invite.progress", k=answered, n=total))
    sections = [CONTEXT, *(d.id for d in sorted(bank.dimensions, key=lambda d: d.order))]
    for section in sections:
        asked = bank.to_ask(section, choices)
        if not asked:
            continue
        with st.container(border=True):
            st.subheader(section_name(bank, section), anchor=False)
            for question in asked:
                ask(bank, question, choices)
    if st.button(t("invite.send"), key="invite_send", type="primary", icon=":material/send:"):
        if not choices:
            st.warning(t("invite.nothing_to_send"))
            return
        try:
            invitee.save_assessment(choices, bank.version)
        except StorageError as error:
            st.error(error.render(lang), icon=":material/error:")  # the answers stay picked
            return
        state.invite_sent = True
        st.rerun()


# ------------------------------------------------------------------- page

token = invite_token()
if token is None:
    st.info(t("invite.no_token"))
    st.stop()
try:
    kept = storage()
    invitee = Invitee.open(kept.engine, token, read_only=kept.settings.read_only_demo)
except StorageError as error:
    st.title(t("invite.title_unknown"))
    st.error(error.render(lang), icon=":material/link_off:")
    st.caption(t("invite.ask_again"))
    st.stop()

st.title(t("invite.title", client=md_escape(invitee.client_name)))
st.caption(t("invite.greeting", name=md_escape(invitee.respondent.name)))
if kept.settings.read_only_demo:
    st.info(t("workshop.read_only"), icon=":material/lock:")
if state.invite_sent:
    st.success(t("invite.sent"), icon=":material/check_circle:")
    if st.button(t("invite.again"), key="invite_again"):
        state.invite_sent = False
        st.rerun()
    st.stop()
questionnaire(load_bank(), invitee)
