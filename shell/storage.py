"""The app's side of storage: one engine per server process (migrated on start), and the
workspace of whoever uses this session.

Who owns the work: the signed-in user when Streamlit authentication is configured and
the user is signed in, otherwise this browser (an unguessable token, ``browser_token``).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import streamlit as st
from sqlalchemy import Engine

from smm_logic.storage import (
    Settings,
    Workspace,
    browser_owner,
    make_engine,
    new_browser_token,
    upgrade,
    user_owner,
)

# Where this session keeps the browser's token until it is kept in the browser itself.
BROWSER_TOKEN = "storage_browser_token"


@dataclass(frozen=True)
class Storage:
    """The server's database: its engine (schema upgraded) and its settings."""

    engine: Engine
    settings: Settings


def _secrets() -> Mapping[str, object]:
    try:
        table = st.secrets.get("storage", {})
    except FileNotFoundError:  # no secrets.toml: the environment and defaults decide
        return {}
    return dict(table) if isinstance(table, Mapping) else {}


@st.cache_resource(show_spinner=False)
def storage() -> Storage:
    """The engine of the configured database, its schema brought to the newest
    migration once per server process (the app never edits the schema by hand)."""
    settings = Settings.load(secrets=_secrets())
    engine = make_engine(settings)
    upgrade(engine)
    return Storage(engine, settings)


def signed_in_user() -> str | None:
    """The signed-in user's stable id (issuer + subject), or None without sign-in."""
    try:
        user = st.user
        if not user.is_logged_in:
            return None
    except (AttributeError, KeyError):  # authentication is not configured
        return None
    issuer, subject = user.get("iss"), user.get("sub")
    if not subject:
        return None
    return f"{issuer or ''}|{subject}"


def browser_token() -> str:
    """This browser's token (at least 128 bits, never a counter)."""
    token = st.session_state.get(BROWSER_TOKEN)
    if not isinstance(token, str):
        token = new_browser_token()
        st.session_state[BROWSER_TOKEN] = token
    return token


def current_owner() -> str:
    """Whose records this session reads and writes."""
    user = signed_in_user()
    return user_owner(user) if user is not None else browser_owner(browser_token())


def current_workspace() -> Workspace:
    """The workspace of ``current_owner()`` (read-only in a ``read_only_demo``)."""
    kept = storage()
    return Workspace(kept.engine, current_owner(), read_only=kept.settings.read_only_demo)
