"""SMM Scorecard — the entry point: page config, the shared frame, routing. Nothing else."""

import streamlit as st

from shell import state
from shell.pages import PAGES, page

st.set_page_config(page_title="SMM Scorecard", page_icon="assets/icon.svg", layout="wide")
state.seed()

navigation = st.navigation([page(url_path) for url_path in PAGES])
st.logo("assets/logo.svg", size="large", icon_image="assets/icon.svg")
with st.sidebar:
    st.radio(
        state.t("app.language"),
        options=["ru", "en"],
        format_func=lambda code: {"ru": "Русский", "en": "English"}[code],
        key="lang",
        horizontal=True,
    )
    st.caption(state.t("app.tagline"))
navigation.run()
