"""The words reports are written in (``data/vocabulary.toml``), validated when first used:
missing-value markers, total-row words, multipliers, duration units, currencies, months.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from smm_logic.datafile import Place, number_table, only_fields, strings, table
from smm_logic.text import load_data_file

VOCABULARY_FILE = "vocabulary.toml"
_TABLES = (
    "missing", "totals", "multipliers", "durations", "currencies", "months", "headers",
    "one_metric", "long_format",
)  # fmt: skip
SECONDS_PER_HOUR = 3600


@dataclass(frozen=True)
class Vocabulary:
    """Every spelling the cell and header rules match, in lower case."""

    missing_markers: frozenset[str]
    formula_errors: frozenset[str]
    total_words: frozenset[str]
    total_prefixes: tuple[str, ...]
    multipliers: dict[str, float]
    # hours per unit
    durations: dict[str, float]
    currencies_before: tuple[str, ...]
    currencies_after: tuple[str, ...]
    months: dict[str, int]
    unit_joiners: frozenset[str]
    # date headers that name a post's publish time, not the row's day (normalised)
    publish_times: frozenset[str] = frozenset()
    # headers of a column of account links, and of a summary table's period end
    account_links: frozenset[str] = frozenset()
    summary_markers: frozenset[str] = frozenset()
    # words and prefixes of headers of rates and averages an export computed
    rate_words: frozenset[str] = frozenset()
    rate_prefixes: tuple[str, ...] = ()
    # one metric per file: value headers, and titles → metric id
    value_headers: frozenset[str] = frozenset()
    metric_titles: Mapping[str, str] = field(default_factory=dict)
    # the long format's column headers (date, criterion, param, value) and criteria → metric
    long_columns: tuple[str, ...] = ()
    long_metrics: Mapping[str, str] = field(default_factory=dict)

    def currency_pattern(self) -> re.Pattern[str]:
        """A currency sign or code before or after an amount, with the spaces next to it."""

        def either(spellings: tuple[str, ...]) -> str:
            # Longest first, so that "руб." is taken whole rather than as "руб".
            ordered = sorted(spellings, key=len, reverse=True)
            return "|".join(re.escape(spelling) for spelling in ordered)

        before, after = either(self.currencies_before), either(self.currencies_after)
        return re.compile(rf"(?i)^(?:{before})\s*|\s*(?:{after})$")


def parse_vocabulary(data: dict[str, Any]) -> Vocabulary:
    """Validate the vocabulary; a ``DataFileError`` names the table and the entry."""
    only_fields(data, _TABLES, Place(VOCABULARY_FILE, "the file"))

    def part(name: str) -> dict[str, Any]:
        return dict(table(data, name, VOCABULARY_FILE))

    missing, totals, currencies = part("missing"), part("totals"), part("currencies")
    here = {name: Place(VOCABULARY_FILE, f"[{name}]") for name in _TABLES}
    months = number_table(part("months"), here["months"], low=1, high=12)
    for name, month in months.items():
        if not month.is_integer():
            raise here["months"].fail(f"«{name}» = {month} is not a month number")
    absent = sorted(set(range(1, 13)) - {int(month) for month in months.values()})
    if absent:
        raise here["months"].fail(f"no name for month {', '.join(map(str, absent))}")
    seconds = number_table(part("durations"), here["durations"], low=0.001)
    markers = strings(
        missing.get("markers"), here["missing"], "markers", allow_blank=True, lower=True
    )
    words = strings(totals.get("words"), here["totals"], "words", lower=True)
    prefixes = strings(totals.get("prefixes"), here["totals"], "prefixes", lower=True)
    before = strings(currencies.get("before"), here["currencies"], "before", lower=True)
    after = strings(currencies.get("after"), here["currencies"], "after", lower=True)
    headers = part("headers")
    joiners = strings(headers.get("unit_joiners"), here["headers"], "unit_joiners")
    publish = strings(headers.get("publish_times"), here["headers"], "publish_times", lower=True)
    links = strings(headers.get("account_links"), here["headers"], "account_links", lower=True)
    ends = strings(headers.get("summary_markers"), here["headers"], "summary_markers", lower=True)
    rates = strings(headers.get("rate_words"), here["headers"], "rate_words", lower=True)
    rate_starts = strings(
        headers.get("rate_prefixes"), here["headers"], "rate_prefixes", lower=True
    )

    def folded(spellings: tuple[str, ...]) -> frozenset[str]:
        return frozenset(" ".join(re.sub(r"[^\w%]+", " ", s).split()) for s in spellings)

    return Vocabulary(
        missing_markers=frozenset(markers),
        formula_errors=frozenset(
            strings(missing.get("formula_errors"), here["missing"], "formula_errors", lower=True)
        ),
        total_words=frozenset(words),
        total_prefixes=prefixes,
        multipliers=number_table(part("multipliers"), here["multipliers"], low=0.001),
        durations={unit: value / SECONDS_PER_HOUR for unit, value in seconds.items()},
        currencies_before=before,
        currencies_after=after,
        months={name: int(month) for name, month in months.items()},
        unit_joiners=frozenset(joiners),
        publish_times=folded(publish),
        **_reshaping(part("one_metric"), part("long_format"), here),
        account_links=folded(links),
        summary_markers=folded(ends),
        rate_words=frozenset(rates),
        rate_prefixes=rate_starts,
    )


def _text_table(value: object, place: Place) -> dict[str, str]:
    if not isinstance(value, Mapping) or not value:
        raise place.fail("must be a non-empty table of text = text")
    for key, target in value.items():
        if not isinstance(target, str) or key != key.lower() or not key.strip():
            raise place.fail(f"«{key}»: a lower-case spelling = a text")
    return dict(value)


def _reshaping(
    one: Mapping[str, Any], long: Mapping[str, Any], here: Mapping[str, Place]
) -> dict[str, Any]:
    """The words of the one-metric-per-file and the long layouts (kpi-spec §4)."""
    values = strings(one.get("value_headers"), here["one_metric"], "value_headers", lower=True)
    columns = []
    for key in ("date", "criterion", "param", "value"):
        spelling = long.get(key)
        if not isinstance(spelling, str) or not spelling.strip() or spelling != spelling.lower():
            raise here["long_format"].fail(f"{key} must be a lower-case header")
        columns.append(spelling)
    return {
        "value_headers": frozenset(values),
        "metric_titles": _text_table(one.get("titles"), here["one_metric"]),
        "long_columns": tuple(columns),
        "long_metrics": _text_table(long.get("metrics"), here["long_format"]),
    }


@cache
def vocabulary() -> Vocabulary:
    """The validated vocabulary from ``data/vocabulary.toml`` (read once)."""
    return parse_vocabulary(load_data_file(VOCABULARY_FILE))
