"""Numbers and dates formatted for the reader's language (Babel), and the small renderable
values (a KPI quantity, a plain number, a listing) that texts carry as parameters."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import cache

from babel import Locale
from babel.dates import format_date as babel_format_date
from babel.numbers import format_decimal

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


def format_number(value: float, pattern: str, lang: Lang) -> str:
    return format_decimal(value, format=pattern, locale=_locale(lang))


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


def points(score: float) -> str:
    """A 0–100 score in whole points, the same in either language: ``73``."""
    return str(round(score))


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
