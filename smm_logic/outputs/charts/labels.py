"""The charts' language: Vega's number and date formats, axis date labels, point labels."""

from __future__ import annotations

import copy
from datetime import date
from functools import cache, lru_cache
from typing import Any

from babel.dates import format_date, get_day_names, get_month_names
from babel.numbers import get_decimal_symbol, get_group_symbol

from smm_logic.format import LOCALES, format_day, format_kpi
from smm_logic.format import group_label as format_group_label
from smm_logic.kpis.cube import group_key
from smm_logic.outputs.charts.data import Frequency
from smm_logic.text import Lang, text

# Axis date labels change with the tick's granularity: a year tick shows the year.
AXIS_DATE_FORMATS: dict[Lang, dict[str, str]] = {
    "ru": {"year": "%Y", "quarter": "%b", "month": "%b", "week": "%d.%m", "date": "%d.%m",
           "day": "%d.%m", "hours": "%H:%M"},
    "en": {"year": "%Y", "quarter": "%b", "month": "%b", "week": "%b %d", "date": "%b %d",
           "day": "%b %d", "hours": "%H:%M"},
}  # fmt: skip
_TIME_PATTERNS: dict[Lang, dict[str, str]] = {
    "ru": {"dateTime": "%d.%m.%Y %H:%M:%S", "date": "%d.%m.%Y", "time": "%H:%M:%S"},
    "en": {"dateTime": "%a %b %e %X %Y", "date": "%m/%d/%Y", "time": "%I:%M:%S %p"},
}


def vega_locale(lang: Lang) -> dict[str, Any]:
    """Number and time formatting of ``lang`` for Vega (axis labels), taken from Babel."""
    return copy.deepcopy(_vega_locale(lang))


@cache
def _vega_locale(lang: Lang) -> dict[str, Any]:
    locale = LOCALES[lang]
    months = get_month_names("wide", context="stand-alone", locale=locale)
    short_months = get_month_names("abbreviated", context="stand-alone", locale=locale)
    days = get_day_names("wide", context="stand-alone", locale=locale)
    short_days = get_day_names("abbreviated", context="stand-alone", locale=locale)
    sunday_first = (6, 0, 1, 2, 3, 4, 5)  # Babel counts from Monday, Vega from Sunday
    return {
        "number": {
            "decimal": get_decimal_symbol(locale),
            "thousands": get_group_symbol(locale),
            "grouping": [3],
            "currency": ["", ""],
        },
        "time": {
            **_TIME_PATTERNS[lang],
            "periods": ["AM", "PM"],
            "days": [str(days[d]) for d in sunday_first],
            "shortDays": [str(short_days[d]) for d in sunday_first],
            "months": [str(months[m]) for m in range(1, 13)],
            "shortMonths": [str(short_months[m]) for m in range(1, 13)],
        },
    }


# Labels and value texts are pure functions of their arguments; a rerun of the page
# (another scope, period or target) meets the same days and often the same values.
@lru_cache(maxsize=16_384)
def day_label(day: date, freq: Frequency, lang: Lang) -> str:
    """A bucket's name: the day, "week of <Monday>" or the month and year."""
    if freq == "D":
        return format_day(day, lang)
    if freq == "W":
        return text("chart.week_of", lang, day=format_day(day, lang))
    month = format_date(day, "LLLL y", locale=LOCALES[lang])
    return month[:1].upper() + month[1:]


@lru_cache(maxsize=65_536)
def value_text(value: float | None, unit: str, lang: Lang) -> str:
    return format_kpi(value, unit, lang)


def group_label(platform: object, account: object, lang: Lang) -> str:
    """A series name: "VK / brand", or "Whole report" for the one group without keys."""
    return format_group_label(
        group_key(platform), group_key(account), lang, unnamed="chart.whole_report"
    )
