"""Session state: seeded in one place, page keys prefixed, kept across page switches.

Widgets forget their value when their page is not rendered; ``keep_widget_values``
re-assigns the keys listed in ``KEPT`` on every run (Streamlit's documented way to
keep widget state across pages), and values a later page needs live in plain keys.
"""

from __future__ import annotations

from typing import Any

import streamlit as st

from smm_logic.text import Lang, normalize_lang, text

# Plain keys (not bound to widgets) and their defaults.
DEFAULTS: dict[str, Any] = {
    # the report the Numbers page shows: {"name", "digest", "data"} or {"name", "rows"}
    "numbers_source": None,
    # mapping overrides of the loaded report: metric id → header, or None to leave out
    "numbers_overrides": {},
    # the company's targets: KPI id → number
    "numbers_targets": {},
    # the last file that could not be read: {"name", "key", "params"}
    "numbers_error": None,
    # id of the last upload handled, so a rerun does not read it again
    "numbers_upload_seen": None,
    # the self-assessment: question id → option id, and who answered
    "assessment_answers": {},
    "assessment_respondent": "owner",
    # the section shown: 0…7 a dimension in order, 8 the review of every answer
    "assessment_step": 0,
    # whether the section shown was opened from the review (its Next goes back there)
    "assessment_from_review": False,
}
# Widget keys whose values must survive page switches.
KEPT = (
    "lang",
    "numbers_input_mode",
    "numbers_scope",
    "numbers_period",
    "numbers_compare",
)


def seed() -> None:
    """Defaults for every shared key, and the language from the browser the first time."""
    for key, value in DEFAULTS.items():
        st.session_state.setdefault(key, value.copy() if isinstance(value, dict) else value)
    if "lang" not in st.session_state:
        st.session_state["lang"] = normalize_lang(st.context.locale)
    for key in KEPT:
        if key in st.session_state:
            st.session_state[key] = st.session_state[key]


def lang() -> Lang:
    value = st.session_state.get("lang", "en")
    return "ru" if value == "ru" else "en"


def t(key: str, **params: object) -> str:
    """The UI text for ``key`` in the session's language."""
    return text(key, lang(), **params)
