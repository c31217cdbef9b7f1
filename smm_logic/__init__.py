"""SMM Scorecard core: pure Python, no Streamlit.

Reads report workbooks, computes the KPIs of kpi-spec, and (later) scores the
self-assessment. Everything a page shows is computed here.
"""
