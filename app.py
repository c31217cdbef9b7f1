"""SMM Scorecard — entry point: page config and routing only."""

import streamlit as st

st.set_page_config(page_title="SMM Scorecard", layout="wide")
navigation = st.navigation(
    [st.Page("pages/start.py", title="SMM Scorecard", url_path="start", default=True)]
)
navigation.run()
