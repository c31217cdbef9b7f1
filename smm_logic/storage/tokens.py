"""Who owns a record: a signed-in user, or the browser that made the work.

Owners are plain strings with a prefix per kind, so that no user id can ever equal a
browser token. A browser token is 256 random bits from ``secrets`` (never a counter or
a clock): knowing one browser's token tells nothing about another's.
"""

from __future__ import annotations

import re
import secrets

TOKEN_BYTES = 32  # 256 bits; the issue asks for at least 128
_TOKEN = re.compile(r"[A-Za-z0-9_-]{43}")
BROWSER_PREFIX = "browser:"
USER_PREFIX = "user:"
MAX_OWNER_LENGTH = 255


def new_browser_token() -> str:
    """A fresh, unguessable token for a browser without sign-in (43 URL-safe characters)."""
    return secrets.token_urlsafe(TOKEN_BYTES)


def is_browser_token(value: str) -> bool:
    """Whether ``value`` has the shape ``new_browser_token`` gives (for a token read back
    from a cookie or an address, before it is trusted as an owner)."""
    return _TOKEN.fullmatch(value) is not None


def browser_owner(token: str) -> str:
    """The owner of a browser's work."""
    if not is_browser_token(token):
        raise ValueError("not a browser token")
    return BROWSER_PREFIX + token


def user_owner(user_id: str) -> str:
    """The owner of a signed-in user's work: the identity provider's stable id for the
    user (e.g. the issuer and the OIDC ``sub`` claim), never a display name."""
    owner = USER_PREFIX + user_id
    if not user_id.strip() or len(owner) > MAX_OWNER_LENGTH:
        raise ValueError("a user id must be non-empty and at most 250 characters")
    return owner
