"""Text from users' files stays plain text: shown through Markdown, and in the tables
the app shows (which can be downloaded as CSV and opened in a spreadsheet)."""

from __future__ import annotations

import re

import pandas as pd

_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|~<>$:])")


def md_escape(text: str) -> str:
    """Escape Markdown so a header like ``[click](http://x)`` or ``**bold**`` shows as typed."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", text)


# A cell a spreadsheet would run as a formula when a shown table is downloaded as CSV
# (Streamlit's dataframe toolbar offers that): text starting with one of these.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def formula_safe(value: object) -> object:
    """Text that a spreadsheet would take for a formula, with ``'`` put in front (the
    way Excel itself marks text); plain numbers written as text ("-5") stay as they are."""
    if not isinstance(value, str) or not value.startswith(_FORMULA_START):
        return value
    try:
        float(value)
    except ValueError:
        return "'" + value
    return value


def table_safe(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy of a table to show with every text cell and header ``formula_safe``."""
    safe = frame.copy()
    for position in range(safe.shape[1]):
        column = safe.iloc[:, position]
        if not pd.api.types.is_numeric_dtype(column):
            safe.isetitem(position, column.map(formula_safe).to_list())
    safe.columns = pd.Index([formula_safe(name) for name in safe.columns])
    return safe
