"""Report periods: calendar spans, the report's step (day, week, month), the period a
chosen one is compared with, the default halves, and the rows inside a period.
"""

from __future__ import annotations

import calendar
import itertools
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Literal

import pandas as pd

# ---------------------------------------------------------------- periods


@dataclass(frozen=True)
class Period:
    """Calendar days from ``start`` to ``end``, both included."""

    start: date
    end: date

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    @property
    def whole_months(self) -> int | None:
        """How many calendar months the period is, when it is whole months (1 March –
        30 April is 2); ``None`` when it starts or ends inside a month."""
        last_day = calendar.monthrange(self.end.year, self.end.month)[1]
        if self.start.day != 1 or self.end.day != last_day:
            return None
        return (self.end.year - self.start.year) * 12 + self.end.month - self.start.month + 1


Granularity = Literal["day", "week", "month"]


def detect_granularity(dates: Sequence[date]) -> Granularity:
    """How far apart a report's rows are: daily (or per post), weekly or monthly."""
    unique = sorted(set(dates))
    if len(unique) < 2:
        return "day"
    gaps = [(b - a).days for a, b in itertools.pairwise(unique)]
    if all(d.day == 1 for d in unique) and min(gaps) >= 28:
        return "month"
    if all(gap % 7 == 0 for gap in gaps):
        return "week"
    return "day"


def _add_months(day: date, months: int) -> date:
    index = day.year * 12 + day.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


def covered_period(period: Period, dates: Sequence[date]) -> Period:
    """The days a chosen period's rows stand for, in a weekly or monthly report.

    A row of a monthly report dated 1 May stands for all of May, and a weekly one for
    its seven days: "1 May – 1 June" of a monthly report is May and June, whose
    earlier period is March and April, not the 32 days before 1 May. A daily report's
    period (or one without rows in it) is the period itself.
    """
    inside = [day for day in dates if period.start <= day <= period.end]
    kind = detect_granularity(dates)
    if not inside or kind == "day":
        return period
    first, last = min(inside), max(inside)
    if kind == "month":
        last_day = calendar.monthrange(last.year, last.month)[1]
        return Period(first.replace(day=1), max(period.end, last.replace(day=last_day)))
    return Period(first, max(period.end, last + timedelta(days=6)))


def previous_period(period: Period) -> Period:
    """The period of the same length just before ``period``, the one it is compared with.

    Whole calendar months are compared with as many whole months before them (March with
    1–28 February, a quarter with the quarter before); any other period with the same
    number of days just before it.
    """
    months = period.whole_months
    if months is not None:
        start = _add_months(period.start, -months)
        return Period(start, period.start - timedelta(days=1))
    return Period(period.start - timedelta(days=period.days), period.start - timedelta(days=1))


def default_periods(dates: Sequence[date]) -> tuple[Period, Period] | None:
    """(previous, current): the report's range cut into two halves of equal length.

    Lengths count whole report steps (days, weeks or months), so a six-month
    monthly report compares its last three months with the three before them.
    """
    if not dates:
        return None
    first, last = min(dates), max(dates)
    kind = detect_granularity(dates)
    if kind == "month":
        months = (last.year - first.year) * 12 + last.month - first.month + 1
        half = months // 2
        if half == 0:
            return None
        current_start = _add_months(last, -(half - 1))
        current_end = last.replace(day=calendar.monthrange(last.year, last.month)[1])
        previous_start = _add_months(current_start, -half)
        return Period(previous_start, current_start - timedelta(days=1)), Period(
            current_start, current_end
        )
    step = 7 if kind == "week" else 1
    steps = (last - first).days // step + 1
    half = steps // 2
    if half == 0:
        return None
    current_start = last - timedelta(days=(half - 1) * step)
    current = Period(current_start, last + timedelta(days=step - 1))
    previous = Period(
        current_start - timedelta(days=half * step), current_start - timedelta(days=1)
    )
    return previous, current


def table_dates(table: pd.DataFrame) -> list[date]:
    stamps = table["date"].dropna()
    return [d.date() for d in pd.to_datetime(stamps.dt.normalize().unique())]


def span_days(period: Period | None) -> float | None:
    """Days from a report's first date to its last: what its follower growth spans.

    The one day-count rule for rates per month (``benchmarks.monthly``): growth measured
    from the followers of 1 June to those of 31 August happened over 91 days, not 92.
    ``None`` for a single day or no dates, where no rate per month can be told.
    """
    if period is None:
        return None
    days = (period.end - period.start).days
    return float(days) if days > 0 else None
