"""Start page (placeholder until the app issue lands): what the tool answers."""

import streamlit as st

st.title("SMM Scorecard")
st.write(
    "Is my SMM effective — and if not, is it the SMM work, the goals we set, or the product? "
    "The report engine is ready: `python -m smm_logic score REPORT.xlsx`."
)
