"""Numbers and dates formatted for the reader's language (Babel), and the small renderable
values (a KPI quantity, a plain number, a listing) that texts carry as parameters."""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date
from functools import cache

from babel import Locale
from babel.dates import format_date as babel_format_date
from babel.numbers import NumberPattern, parse_pattern

from smm_logic.text import Lang, Renderable, text

LOCALES: dict[Lang, str] = {"ru": "ru_RU", "en": "en_US"}
_PATTERNS = {
    "count": "#,##0",
    "percent": "#,##0.0#",
    "money": "#,##0.00",
    "hours": "#,##0.0",
}
_SUFFIXES: dict[str, dict[Lang, str]] = {
    "percent": {"ru": "\u00a0%", "en": "%"},
    "hours": {"ru": "\u00a0ч", "en": "\u00a0h"},
}


@cache
def _locale(lang: Lang) -> Locale:
    # Locale.parse costs more than the formatting itself; charts format thousands of values.
    return Locale.parse(LOCALES[lang])


@cache
def _pattern(pattern: str) -> NumberPattern:
    # What babel's format_decimal does on every call; a table of 50,000 accounts formats
    # a million values with a handful of patterns.
    return parse_pattern(pattern)


def format_number(value: float, pattern: str, lang: Lang) -> str:
    return str(_pattern(pattern).apply(value, _locale(lang)))


def format_kpi(value: float | None, unit: str, lang: Lang) -> str:
    """A KPI value as a reader expects it: ``1 234,5 %`` in Russian, ``1,234.5%`` in English."""
    if value is None:
        return text("common.not_computable", lang)
    pattern = _PATTERNS.get(unit, "#,##0.##")
    if unit == "count" and not float(value).is_integer():
        pattern = "#,##0.#"
    elif 0 < abs(value) < 0.01:
        # A tiny rate must not read as zero: show up to four decimals.
        pattern = "#,##0.0###"
    return format_number(value, pattern, lang) + _SUFFIXES.get(unit, {}).get(lang, "")


def format_day(value: date, lang: Lang) -> str:
    return babel_format_date(value, format="medium", locale=_locale(lang))


def group_label(
    platform: str | None, account: str | None, lang: Lang, *, unnamed: str = "numbers.scope_unnamed"
) -> str:
    """ "VK / Кофейня" — a (platform, account) group as people name it; a lone key stands
    alone, and a group with neither is named by the ``unnamed`` text key."""
    parts = [part for part in (platform, account) if part]
    return " / ".join(parts) if parts else text(unnamed, lang)


def whole_points(score: float) -> int:
    """A 0–100 score in whole points, halves up (79.5 → 80): the one value the verdict
    shows and the level is read from."""
    return math.floor(score + 0.5)


def points(score: float) -> str:
    """A 0–100 score in whole points, the same in either language: ``73``."""
    return str(whole_points(score))


@dataclass(frozen=True)
class Quantity:
    """A KPI value, formatted for the reader's language by its unit."""

    value: float
    unit: str
    per_month: bool = False

    def render(self, lang: Lang) -> str:
        shown = format_kpi(self.value, self.unit, lang)
        return text("scorecard.unit.per_month", lang, value=shown) if self.per_month else shown


@dataclass(frozen=True)
class Number:
    """A plain number in the reader's language (``0,5`` in Russian, ``0.5`` in English)."""

    value: float

    def render(self, lang: Lang) -> str:
        return format_number(self.value, "#,##0.##", lang)


@dataclass(frozen=True)
class Listing:
    """Several texts joined into one."""

    items: tuple[Renderable, ...]
    separator: str = ", "

    def render(self, lang: Lang) -> str:
        return self.separator.join(item.render(lang) for item in self.items)


def plural_form(count: int, forms: tuple[str, ...], lang: Lang) -> str:
    """The word form for ``count``: Russian has three (1 показатель, 3 показателя,
    5 показателей; 21 показатель, 12 показателей), English two (1 KPI, 2 KPIs)."""
    if lang == "en":
        return forms[0] if count == 1 else forms[-1]
    last, last_two = abs(count) % 10, abs(count) % 100
    if last == 1 and last_two != 11:
        return forms[0]
    if 2 <= last <= 4 and not 12 <= last_two <= 14:
        return forms[1]
    return forms[2]


@dataclass(frozen=True)
class Counted:
    """A count with its noun in the right form: ``3 показателя``, ``5 показателей``.

    ``noun`` is a text key whose texts list the forms separated by ``|`` (Russian: one,
    few, many; English: one, other).
    """

    count: int
    noun: str

    def render(self, lang: Lang) -> str:
        forms = tuple(text(self.noun, lang).split("|"))
        return f"{self.count} {plural_form(self.count, forms, lang)}"


# Day, month and year patterns of a period's ends, by what the two ends share.
_PERIOD_PATTERNS: dict[Lang, dict[str, tuple[str, str, str]]] = {
    # (start, end, joiner) — the joiner is an en dash, spaced when the ends have spaces
    "ru": {
        "day": ("d MMMM y", "", ""),
        "month": ("d", "d MMMM y", "–"),
        "year": ("d MMMM", "d MMMM y", " – "),
        "other": ("d MMMM y", "d MMMM y", " – "),
    },
    "en": {
        "day": ("MMMM d, y", "", ""),
        "month": ("MMMM d", "d, y", "–"),
        "year": ("MMMM d", "MMMM d, y", " – "),
        "other": ("MMMM d, y", "MMMM d, y", " – "),
    },
}


def format_period(start: date, end: date, lang: Lang) -> str:
    """A period as people write it: «1–31 марта 2026», "March 1–31, 2026",
    "March 1 – April 30, 2026"."""
    if start == end:
        shared = "day"
    elif (start.year, start.month) == (end.year, end.month):
        shared = "month"
    elif start.year == end.year:
        shared = "year"
    else:
        shared = "other"
    first, last, joiner = _PERIOD_PATTERNS[lang][shared]
    shown = babel_format_date(start, format=first, locale=_locale(lang))
    if last:
        shown += joiner + babel_format_date(end, format=last, locale=_locale(lang))
    return shown
