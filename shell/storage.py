"""The app's side of storage: one engine per server process (migrated on start), and the
workspace of whoever uses this session.

Who owns the work: the signed-in user when Streamlit authentication is configured and
the user is signed in, otherwise this browser (an unguessable token, ``browser_token``,
kept in a cookie of the browser so that its next session finds it).
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
    is_browser_token,
    make_engine,
    new_browser_token,
    upgrade,
    user_owner,
)

# Where this session keeps the browser's token (read from the cookie, or made afresh).
BROWSER_TOKEN = "storage_browser_token"
# The browser's cookie that keeps the token between sessions.
BROWSER_COOKIE = "smm_browser"
# How long the browser keeps it: 400 days, the most Chromium honours.
COOKIE_MAX_AGE_S = 400 * 24 * 3600


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


def read_only_demo() -> bool:
    """Whether saving is turned off, from the settings alone (no database is reached)."""
    return Settings.load(secrets=_secrets()).read_only_demo


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


def request_cookies() -> Mapping[str, str]:
    """The cookies the browser sent when this session started."""
    return st.context.cookies


def browser_cookie() -> str | None:
    """The token the browser sent in its cookie, if it has the shape of one (a cookie is
    what the browser says: anything else is ignored, never trusted as an owner)."""
    value = request_cookies().get(BROWSER_COOKIE)
    return value if isinstance(value, str) and is_browser_token(value) else None


def browser_token() -> str:
    """This browser's token (at least 128 bits, never a counter): the cookie's, or a new
    one that ``remember_browser`` gives the browser to keep."""
    token = st.session_state.get(BROWSER_TOKEN)
    if not isinstance(token, str):
        token = browser_cookie() or new_browser_token()
        st.session_state[BROWSER_TOKEN] = token
    return token


def remember_browser() -> None:
    """Have the browser keep this session's token in its cookie (only when it does not
    already): SameSite=Lax, for 400 days, Secure over https. The token has the URL-safe
    shape ``is_browser_token`` checks, so it is safe inside the script."""
    token = browser_token()
    if browser_cookie() == token:
        return
    st.html(
        "<script>document.cookie = '"
        f"{BROWSER_COOKIE}={token}; Path=/; Max-Age={COOKIE_MAX_AGE_S}; SameSite=Lax'"
        " + (location.protocol === 'https:' ? '; Secure' : '');</script>",
        unsafe_allow_javascript=True,
        width="content",
    )


def auth_configured() -> bool:
    """Whether Streamlit authentication (``st.login``) is set up: an ``[auth]`` secret."""
    try:
        return "auth" in st.secrets
    except FileNotFoundError:
        return False


def user_name() -> str:
    """How the signed-in user is named to them (their name, else their e-mail)."""
    for claim in ("name", "email"):
        value = st.user.get(claim)
        if isinstance(value, str) and value.strip():
            return value
    return ""


def current_owner() -> str:
    """Whose records this session reads and writes."""
    user = signed_in_user()
    return user_owner(user) if user is not None else browser_owner(browser_token())


def current_workspace() -> Workspace:
    """The workspace of ``current_owner()`` (read-only in a ``read_only_demo``)."""
    kept = storage()
    return Workspace(kept.engine, current_owner(), read_only=kept.settings.read_only_demo)


def browser_workspace() -> Workspace:
    """The workspace of this browser's token, whoever is signed in (to move its work
    into the account)."""
    kept = storage()
    return Workspace(
        kept.engine, browser_owner(browser_token()), read_only=kept.settings.read_only_demo
    )
