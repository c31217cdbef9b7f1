"""Cell cleaning rules of kpi-spec §2: text numbers, dates, missing markers, total rows.

The rules are here; the words they match (markers, months, units…) are data, in
``data/vocabulary.toml``.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from datetime import date, datetime, time, timedelta
from functools import cache
from typing import Final

from smm_logic.report.vocabulary import vocabulary

# A cell that parses to this is unreadable: missing, and the row gets an issue.
INVALID: Final = object()

_SPACES = re.compile(r"[\s\u00a0\u202f\u2009\u2007']")
_PLAIN_NUMBER = re.compile(r"^(?:\d+(?:\.\d+)?|\.\d+)$")
_SUFFIX = re.compile(r"(?i)^(?P<number>.*?\d)\s*(?P<suffix>[a-zа-я.]+)$")
_CLOCK = re.compile(r"^(?P<h>\d{1,3}):(?P<m>\d{2})(?::(?P<s>\d{2}))?$")


@cache
def _currency() -> re.Pattern[str]:
    return vocabulary().currency_pattern()


def _unsign(text: str) -> tuple[str, float]:
    """Strip a sign or accounting parentheses; return the rest and the sign."""
    if text.startswith(("-", "−", "–")):
        return text[1:].strip(), -1.0
    if text.startswith("+"):
        return text[1:].strip(), 1.0
    if text.startswith("(") and text.endswith(")"):
        return text[1:-1].strip(), -1.0
    return text, 1.0


def _separators(text: str) -> str | None:
    """Resolve thousands and decimal separators to a plain ``123.45`` or None."""
    spaced = _SPACES.search(text.strip()) is not None
    text = _SPACES.sub("", text)
    commas, dots = text.count(","), text.count(".")
    if commas and dots:
        decimal = "," if text.rfind(",") > text.rfind(".") else "."
        thousands = "." if decimal == "," else ","
        if text.count(decimal) > 1:
            return None
        text = text.replace(thousands, "").replace(decimal, ".")
    elif commas == 1:
        integer, fraction = text.split(",")
        # kpi-spec §2: a lone comma is decimal unless exactly three digits follow it —
        # and only where it could group thousands: not after a leading zero, not after
        # four digits, not when spaces already group them ("12 345,678").
        grouping = len(fraction) == 3 and 1 <= len(integer) <= 3 and integer != "0" and not spaced
        text = integer + fraction if grouping else integer + "." + fraction
    elif commas > 1:
        text = text.replace(",", "")
    elif dots > 1:
        text = text.replace(".", "")
    return text if _PLAIN_NUMBER.match(text) else None


def parse_number(value: object, *, hours_per_unit: float | None = None) -> float | object | None:
    """One metric cell → float, ``None`` (missing) or ``INVALID``.

    Excel numbers are kept as they are; text follows kpi-spec §2. For a duration
    column ``hours_per_unit`` is the header's unit in hours: plain numbers are scaled
    by it, while a unit inside the cell ("15 мин", "2 h", "1:30") takes precedence.
    """
    if value is None:
        return None
    duration = hours_per_unit is not None
    scale = hours_per_unit or 1.0
    kind = type(value)
    if kind is float or kind is int:
        number = float(value)  # type: ignore[arg-type]
        return number * scale if math.isfinite(number) else INVALID
    if kind is bool:
        return INVALID
    if isinstance(value, timedelta):
        return value.total_seconds() / 3600 if duration else INVALID
    if isinstance(value, time):
        if duration:
            return value.hour + value.minute / 60 + value.second / 3600
        return INVALID
    if not isinstance(value, str):
        return INVALID
    text = value.strip()
    if text.lower() in vocabulary().missing_markers:
        return None
    try:
        number = float(text)
    except ValueError:
        pass
    else:
        return number * scale if math.isfinite(number) else INVALID
    return _parse_text_number(text, duration, scale)


def _parse_text_number(text: str, duration: bool, scale: float) -> float | object:
    text, sign = _unsign(text)
    text = _currency().sub("", text).strip()
    text, sign2 = _unsign(text)
    factor = 1.0
    if text.endswith("%"):
        text = text[:-1].strip()
    if duration:
        clock = _CLOCK.match(text)
        if clock:
            hours = int(clock["h"]) + int(clock["m"]) / 60 + int(clock["s"] or 0) / 3600
            return sign * hours
    suffixed = _SUFFIX.match(text)
    if suffixed is None:
        factor = scale
    else:
        suffix = suffixed["suffix"].lower()
        words = vocabulary()
        table = words.durations if duration else words.multipliers
        if suffix not in table:
            return INVALID
        factor = table[suffix]
        text = suffixed["number"].strip()
    plain = _separators(text)
    if plain is None:
        return INVALID
    return sign * sign2 * float(plain) * factor


# ---------------------------------------------------------------- dates

_TIME = (
    r"(?:[ T]+(?P<H>\d{1,2}):(?P<M>\d{2})(?::(?P<S>\d{2})(?:\.\d+)?)?\s*(?P<ampm>[ap]\.?m\.?)?)?"
)
_TZ = r"\s*(?:z|utc|gmt|[+-]\d{2}:?\d{2})?"
_ISO = re.compile(rf"(?i)^(?P<y>\d{{4}})[-/.](?P<m>\d{{1,2}})[-/.](?P<d>\d{{1,2}}){_TIME}{_TZ}$")
_ISO_MONTH = re.compile(r"^(?P<y>\d{4})-(?P<m>\d{2})$")
_DOTTED = re.compile(
    rf"(?i)^(?P<a>\d{{1,2}})\.(?P<b>\d{{1,2}})\.(?P<y>\d{{2}}|\d{{4}}){_TIME}{_TZ}$"
)
# "16-04-2026": day first, as dotted dates are; only with a four-digit year.
_DASHED = re.compile(rf"(?i)^(?P<a>\d{{1,2}})-(?P<b>\d{{1,2}})-(?P<y>\d{{4}}){_TIME}{_TZ}$")
# "February 28", "28 февраля" (TikTok Studio): a day without a year.
_YEARLESS = re.compile(
    r"(?i)^(?:(?P<d1>\d{1,2})\s+(?P<mon1>[a-zа-я]+)\.?|(?P<mon2>[a-zа-я]+)\.?\s+(?P<d2>\d{1,2}))$"
)
_SLASHED = re.compile(
    rf"(?i)^(?P<a>\d{{1,2}})/(?P<b>\d{{1,2}})/(?P<y>\d{{2}}|\d{{4}}),?{_TIME}{_TZ}$"
)
_WORDY = re.compile(
    r"(?i)^(?:(?P<d1>\d{1,2})\s+)?(?P<mon>[a-zа-я]+)\.?\s+(?:(?P<d2>\d{1,2}),?\s+)?"
    r"(?P<y>\d{4})(?:\s*(?:г|года|год)\.?)?" + _TIME + "$"
)
_RANGE_SPLIT = re.compile(r"\s+[-–—]\s+|\s*[–—]\s*|\s+(?:по|to|until)\s+")
# "Пн, 01.02.2024", "Mon 1 Jan 2024": a weekday before a date says nothing more.
_WEEKDAY = re.compile(
    r"(?i)^(?:пн|вт|ср|чт|пт|сб|вс|пон\w*|вто\w*|сре\w*|чет\w*|пят\w*|суб\w*|вос\w*"
    r"|mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun|\w+day)\.?,?\s+(?=\d|[a-zа-я]+\s+\d)"
)
_RANGE_FROM = re.compile(r"(?i)^(?:с|from|период)\s+")
_DAY_MONTH = re.compile(r"^\d{1,2}\.\d{1,2}$")
_ISO_WEEK = re.compile(r"(?i)^(?P<y>\d{4})-?w(?P<w>\d{1,2})$")
# Excel serial day numbers between 1990 and 2100 are taken as dates in a date column.
_SERIAL_RANGE = (32874.0, 73051.0)
# A written year outside these is an invalid date ("01.01.0001"), never a guessed one.
YEAR_RANGE = (1990, 2100)
_EXCEL_EPOCH = datetime(1899, 12, 30)


def _year(text: str) -> int:
    """A two-digit year is this century's; a four-digit one is that year, checked."""
    year = int(text)
    if len(text) <= 2:
        return year + 2000
    if not YEAR_RANGE[0] <= year <= YEAR_RANGE[1]:
        raise ValueError(f"year {year} is out of range")
    return year


def _with_time(day: datetime, found: re.Match[str]) -> datetime:
    if not found["H"]:
        return day
    hour, minute, second = int(found["H"]), int(found["M"]), int(found["S"] or 0)
    ampm = (found["ampm"] or "").lower().replace(".", "")
    if ampm == "pm" and hour < 12:
        hour += 12
    elif ampm == "am" and hour == 12:
        hour = 0
    return day.replace(hour=hour, minute=minute, second=second)


def slash_order_hint(values: Sequence[object]) -> tuple[bool, str | None]:
    """Whether a column's slash dates are month first, and the value that proves it.

    kpi-spec §2: day first unless a value in the same column cannot be day first.
    """
    proof: str | None = None
    for value in values:
        if isinstance(value, str) and "/" in value:
            found = _SLASHED.match(value.strip())
            if found is None:
                continue
            first, second = int(found["a"]), int(found["b"])
            if first > 12:
                return False, None
            if second > 12 and proof is None:
                proof = value.strip()
    return proof is not None, proof


def parse_date(value: object, *, month_first: bool = False) -> datetime | object | None:
    """One date cell → datetime, ``None`` (missing) or ``INVALID``."""
    if value is None:
        return None
    if isinstance(value, date) and not YEAR_RANGE[0] <= value.year <= YEAR_RANGE[1]:
        return INVALID
    if isinstance(value, datetime):
        return value.replace(tzinfo=None)
    if isinstance(value, date):
        return datetime(value.year, value.month, value.day)
    if type(value) in (int, float):
        serial = float(value)  # type: ignore[arg-type]
        if _SERIAL_RANGE[0] <= serial <= _SERIAL_RANGE[1]:
            return _EXCEL_EPOCH + timedelta(days=serial)
        return INVALID
    if not isinstance(value, str):
        return INVALID
    text = _WEEKDAY.sub("", " ".join(value.split()))
    if text.lower() in vocabulary().missing_markers:
        return None
    parsed = _parse_date_text(text, month_first)
    if parsed is INVALID:
        # A period such as "01.02.2024 – 07.02.2024" is dated by its first day.
        parts = _RANGE_SPLIT.split(_RANGE_FROM.sub("", text), maxsplit=1)
        if len(parts) == 2:
            first, last = parts[0].strip(), parts[1].strip()
            parsed = _parse_date_text(first, month_first)
            if parsed is INVALID and _DAY_MONTH.match(first):
                # "01.02 – 07.02.2024": the first day borrows the last day's year
                year = _parse_date_text(last, month_first)
                if isinstance(year, datetime):
                    parsed = _parse_date_text(f"{first}.{year.year}", month_first)
    return parsed


def _parse_date_text(text: str, month_first: bool) -> datetime | object:
    try:
        found = _ISO.match(text)
        if found:
            day = datetime(_year(found["y"]), int(found["m"]), int(found["d"]))
            return _with_time(day, found)
        found = _DOTTED.match(text) or _DASHED.match(text)
        if found:
            day = datetime(_year(found["y"]), int(found["b"]), int(found["a"]))
            return _with_time(day, found)
        found = _SLASHED.match(text)
        if found:
            first, second = int(found["a"]), int(found["b"])
            month, dom = (first, second) if month_first else (second, first)
            return _with_time(datetime(_year(found["y"]), month, dom), found)
        found = _ISO_MONTH.match(text)
        if found:
            return datetime(_year(found["y"]), int(found["m"]), 1)
        found = _WORDY.match(text)
        if found:
            named_month = vocabulary().months.get(found["mon"].lower().rstrip("."))
            if named_month is None:
                return INVALID
            dom = int(found["d1"] or found["d2"] or 1)
            return _with_time(datetime(_year(found["y"]), named_month, dom), found)
        found = _ISO_WEEK.match(text)
        if found:
            return datetime.fromisocalendar(_year(found["y"]), int(found["w"]), 1)
    except ValueError:
        return INVALID
    return INVALID


def month_day(value: object) -> tuple[int, int] | None:
    """(month, day) of a date written without a year ("February 28"), else None."""
    if not isinstance(value, str):
        return None
    found = _YEARLESS.match(" ".join(value.split()))
    if found is None:
        return None
    month = vocabulary().months.get((found["mon1"] or found["mon2"]).lower())
    day = int(found["d1"] or found["d2"])
    if month is None or not 1 <= day <= 31:
        return None
    return month, day


def _walk_back(days: Sequence[tuple[int, int]], last: date) -> dict[tuple[int, int], date] | None:
    """Dates of ``days`` (oldest first, one a day) ending on ``last``, or None if they
    are not a consecutive daily sequence."""
    found: dict[tuple[int, int], date] = {}
    current = last
    for month_and_day in reversed(days):
        if (current.month, current.day) != month_and_day:
            return None
        found[month_and_day] = current
        current -= timedelta(days=1)
    return found


def infer_years(values: Sequence[object], today: date) -> dict[tuple[int, int], date] | None:
    """Years for a column of dates written without one (kpi-spec §4, TikTok Studio).

    The distinct days, in the order they first appear (oldest or newest first), must
    be a consecutive daily sequence; it is placed so that it ends no later than
    ``today``. None when the days are not such a sequence.
    """
    days = list(dict.fromkeys(md for md in map(month_day, values) if md is not None))
    if not days:
        return None
    for ordered in (days, days[::-1]):
        end_month, end_day = ordered[-1]
        for year in range(today.year, today.year - 9, -1):
            try:
                last = date(year, end_month, end_day)
            except ValueError:
                continue
            if last > today:
                continue
            found = _walk_back(ordered, last)
            if found is not None:
                return found
            break
    return None


def is_total_label(text: str) -> bool:
    """Whether a row's first text cell marks a total row (``Итого``, ``Grand total``…)."""
    folded = " ".join(text.lower().replace(":", " ").split())
    words = vocabulary()
    return folded in words.total_words or folded.startswith(words.total_prefixes)
