"""The frame every page shares: page config, seeded state, navigation, logo, language."""

from __future__ import annotations

import streamlit as st
from streamlit.navigation.page import StreamlitPage

from shell import drafts, session_file, state
from shell.pages import PAGES, invite_page, page
from shell.session import LANG, Session


def draw_frame() -> StreamlitPage:
    """Draw the shared frame and return the page chosen by the navigation."""
    # "auto": the sidebar starts closed on a phone; there Streamlit also closes it after
    # a page is chosen in its navigation, so the page chosen is not hidden behind it
    # (tests/e2e/test_numbers_flows.py checks this at 390 px).
    st.set_page_config(
        page_title="SMM Scorecard",
        page_icon="assets/icon.svg",
        layout="wide",
        initial_sidebar_state="auto",
    )
    drafts.open_draft()  # a new session of the owner starts where their work was left
    Session().seed(st.context.locale)
    if st.query_params.get("invite"):  # an invitation link opens its page and nothing else
        navigation = st.navigation([invite_page()], position="hidden")
    else:
        navigation = st.navigation([page(url_path) for url_path in PAGES])
    st.logo("assets/logo.svg", size="large", icon_image="assets/icon.svg")
    with st.sidebar:
        st.radio(
            state.t("app.language"),
            options=["ru", "en"],
            format_func=lambda code: {"ru": "Русский", "en": "English"}[code],
            key=LANG,
            horizontal=True,
        )
        st.caption(state.t("app.tagline"))
        session_file.sidebar()
        drafts.sidebar()
    return navigation


def ensure_frame() -> None:
    """Rerun through the entry script when a page runs without it.

    Until a script first calls ``st.navigation``, Streamlit serves a project that has a
    ``pages/`` folder in its legacy mode, which runs a requested page file alone: a deep
    link that is a freshly started server's first request. Drawing the frame registers
    the navigation, which ends that mode for the process; the rerun then runs the page
    through ``app.py``. Without it the rest of this run would give the page's widgets
    other ids than every later run (``st.navigation`` resets the active script hash the
    ids include), and the first interaction with them, e.g. an upload, would be lost.
    (AppTest also runs pages alone, on every run; its sessions are already seeded by the
    entry script, so nothing is drawn.)
    """
    if Session().seeded:  # the frame has run in this session: app.py routes
        drafts.keep()  # what the widgets' callbacks changed, before the page draws
        drafts.status_slot()
        return
    draw_frame()
    st.rerun()
