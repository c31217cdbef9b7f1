"""The session's language and the UI texts in it (the state itself: ``shell.session``)."""

from __future__ import annotations

from shell.session import Session
from smm_logic.text import Lang, text


def lang() -> Lang:
    return Session().lang


def t(key: str, **params: object) -> str:
    """The UI text for ``key`` in the session's language."""
    return text(key, lang(), **params)
