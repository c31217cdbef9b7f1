"""Start page: what the tool answers, and three ways in."""

import streamlit as st

from shell.frame import ensure_frame
from shell.pages import page
from shell.reports import sample_source
from shell.session import Session
from shell.state import t

ensure_frame()

st.title(t("start.title"))
st.markdown(t("start.question"))
st.write(t("start.what"))

assess, numbers, sample = st.columns(3, border=True)
with assess:
    st.subheader(t("start.assess_title"), anchor=False)
    st.write(t("start.assess_text"))
    if st.button(t("start.assess_button"), key="start_assess"):
        st.switch_page(page("assessment"))
with numbers:
    st.subheader(t("start.numbers_title"), anchor=False)
    st.write(t("start.numbers_text"))
    if st.button(t("start.numbers_button"), key="start_numbers"):
        st.switch_page(page("numbers"))
with sample:
    st.subheader(t("start.sample_title"), anchor=False)
    st.write(t("start.sample_text"))
    if st.button(t("start.sample_button"), key="start_sample", type="primary"):
        Session().use_source(sample_source(), "sample")
        st.switch_page(page("numbers"))

st.caption(t("start.privacy"))
