"""Text from users' files shown through Markdown must stay plain text."""

from __future__ import annotations

import re

_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|~<>$:])")


def md_escape(text: str) -> str:
    """Escape Markdown so a header like ``[click](http://x)`` or ``**bold**`` shows as typed."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", text)
