"""The Streamlit shell's shared pieces: session state, language, cached parsing.

Everything here is about Streamlit; every rule and number lives in ``smm_logic``.
"""
