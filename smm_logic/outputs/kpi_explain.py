"""What a KPI card says beyond its value: the formula with the user's own numbers, money
in the report's currency, the period's change and how the value rates against the
company's target or a benchmark band.

Pure functions over engine results (the scope's ``whole_aggregates``, a
``PeriodComparison``), so every rule is testable without a browser.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import partial
from typing import Literal

from babel.dates import format_interval

from smm_logic.format import LOCALES, format_kpi, format_number
from smm_logic.kpis.benchmarks import Band, band_for, monthly
from smm_logic.kpis.catalog import INTERACTION_COLUMNS, KpiInfo
from smm_logic.kpis.compare import KpiChange
from smm_logic.kpis.formulas import PER_POST_RATES, AggregateArrays
from smm_logic.kpis.periods import Period
from smm_logic.report.headers import metrics
from smm_logic.report.model import Report
from smm_logic.text import Lang, text

# ---------------------------------------------------------------- money

# A money unit as headers spell it (``ColumnInfo.unit``, lower case) → the sign shown.
_CURRENCY_SIGNS = {
    "₽": ("₽", "руб", "руб.", "рубли", "рублей", "р", "р.", "rub", "rur"),
    "$": ("$", "usd"),
    "€": ("€", "eur"),
    "£": ("£", "gbp"),
    "₸": ("₸", "kzt", "тенге"),
    "₴": ("₴", "uah", "грн"),
    "Br": ("byn", "бел руб", "бел. руб."),
    "¥": ("¥", "cny", "юань"),
}
_SIGN_OF = {spelling: sign for sign, spellings in _CURRENCY_SIGNS.items() for spelling in spellings}
# Without a currency in the report: Russian readers' reports are in roubles; an English
# reader's report may be in any currency, so none is claimed.
DEFAULT_CURRENCY: dict[Lang, str | None] = {"ru": "₽", "en": None}


def report_currency(report: Report) -> str | None:
    """The currency a report's money columns name in their headers ("Расход, USD" →
    ``$``; an unknown code stays a code), or ``None`` when none names one (or two
    columns name different ones)."""
    money = {metric.id for metric in metrics().values() if "money" in metric.unit_families}
    named: set[str] = set()
    for column in report.columns:
        if column.metric in money and column.unit:
            spelling = column.unit.strip().lower()
            named.add(_SIGN_OF.get(spelling, spelling.upper()))
    return named.pop() if len(named) == 1 else None


def card_currency(report: Report, lang: Lang) -> str | None:
    return report_currency(report) or DEFAULT_CURRENCY[lang]


def format_value(value: float | None, unit: str, lang: Lang, currency: str | None) -> str:
    """``format_kpi``, with money in ``currency``: ``12,50 ₽`` / ``$12.50`` / ``12.50 AMD``."""
    shown = format_kpi(value, unit, lang)
    if value is None or unit != "money" or not currency:
        return shown
    if lang == "en" and len(currency) == 1:
        return f"−{currency}{shown[1:]}" if shown.startswith("-") else f"{currency}{shown}"
    return f"{shown}\u00a0{currency}"


def unit_label(unit: str, lang: Lang, currency: str | None) -> str:
    """The unit a value is in, for the targets editor: ``%``, ``₽``, ``ч``, ``шт.``."""
    if unit == "money" and currency:
        return currency
    return text(f"numbers.unit_{unit}", lang)


# ---------------------------------------------------------------- periods and changes


def format_span(period: Period, lang: Lang) -> str:
    """``1–28 февр.`` / ``Feb 1 – 28``; the year is named when the period spans two."""
    skeleton = "MMMd" if period.start.year == period.end.year else "yMMMd"
    return format_interval(period.start, period.end, skeleton, locale=LOCALES[lang])


@dataclass(frozen=True)
class Delta:
    """A card's change: its text, colour rule and arrow, as ``st.metric`` takes them."""

    text: str
    color: Literal["normal", "inverse", "off"]
    arrow: Literal["auto", "off"]


def change_delta(change: KpiChange, info: KpiInfo, lang: Lang) -> Delta | None:
    """The change of a KPI against the earlier period: rates in percentage points, counts,
    money and hours in % of the earlier value (as a signed amount when that was 0).
    Coloured by the KPI's better direction; a KPI without one, or no change, is grey.
    ``None`` without a current value; "no earlier value" without an earlier one."""
    if change.current is None:
        return None
    if change.previous is None or change.absolute is None:
        return Delta(text("numbers.delta_no_previous", lang), "off", "off")
    if info.unit == "percent":
        # Percentage points to two decimals at most: 0.04 pp must not read "0 pp".
        amount = round(change.absolute, 2)
        shown = text("numbers.delta_pp", lang, value=format_number(amount, "#,##0.##", lang))
    elif change.relative_pct is not None:
        # One decimal: the chip must fit a card a quarter of the page wide.
        amount = round(change.relative_pct, 1)
        shown = format_kpi(amount, "percent", lang)
    else:
        amount = change.absolute
        shown = format_kpi(amount, info.unit, lang)
    if amount > 0:
        shown = "+" + shown
    if amount == 0 or info.direction == "none":
        return Delta(shown, "off", "auto" if amount else "off")
    return Delta(shown, "normal" if info.direction == "higher" else "inverse", "auto")


# ---------------------------------------------------------------- rating


Rating = Literal["met", "missed", "good", "typical", "weak", "none"]
# The card's sign, Markdown put before its label: a coloured mark that also differs in
# shape (✓, half, !) for readers who do not tell the colours apart. Streamlit's own icon
# font draws it, so it shows on every system (emoji do not). None: no target or band.
RATING_MARKS: dict[Rating, str | None] = {
    "met": ":green-badge[:material/check_circle:]",
    "good": ":green-badge[:material/check_circle:]",
    "typical": ":orange-badge[:material/radio_button_partial:]",
    "missed": ":red-badge[:material/error:]",
    "weak": ":red-badge[:material/error:]",
    "none": None,
}


def benchmark_band(kpi: str, platforms: frozenset[str]) -> Band | None:
    """The benchmark band the Numbers page rates a KPI against, for the scope's
    platforms: the one place this page reads ``kpis.benchmarks``. One platform has its
    own band where benchmarks.toml gives one (the band for every platform otherwise), as
    on the Scorecard; several platforms together are judged by the band for every one."""
    platform = next(iter(platforms)) if len(platforms) == 1 else None
    return band_for(kpi, platform)


def band_rating(value: float, band: Band, period_days: float | None) -> Rating:
    """Where a value falls in a band: weak, typical (between the bounds) or good. A band
    per month reads the value as a rate per month of the period (``benchmarks.monthly``)."""
    measured = monthly(value, period_days) if band.per_month else value
    assert measured is not None
    higher = band.direction == "higher"
    if band.good_from is not None and (
        measured >= band.good_from if higher else measured <= band.good_from
    ):
        return "good"
    if band.weak_below is not None and (
        measured < band.weak_below if higher else measured > band.weak_below
    ):
        return "weak"
    return "typical"


def rating(
    attained: float | None, value: float | None, band: Band | None, days: float | None
) -> Rating:
    """The company's target first (met at 100 % attained), else the benchmark band, else none."""
    if attained is not None:
        return "met" if attained >= 100 else "missed"
    if value is not None and band is not None:
        return band_rating(value, band, days)
    return "none"


def band_text(band: Band, info: KpiInfo, lang: Lang) -> str:
    """ "Benchmark: weak below 1 %, good from 2 % (source, year)"."""
    bounds = []
    if band.weak_below is not None:
        key = "numbers.band_weak_below" if band.direction == "higher" else "numbers.band_weak_above"
        bounds.append(text(key, lang, value=format_kpi(band.weak_below, info.unit, lang)))
    if band.good_from is not None:
        key = "numbers.band_good_from" if band.direction == "higher" else "numbers.band_good_to"
        bounds.append(text(key, lang, value=format_kpi(band.good_from, info.unit, lang)))
    key = "numbers.band_line_monthly" if band.per_month else "numbers.band_line"
    return text(
        key,
        lang,
        bounds=", ".join(bounds),
        source=band.source.render(lang),
        year=band.year.render(lang),
    )


# ---------------------------------------------------------------- formula with numbers


@dataclass(frozen=True)
class Inputs:
    """The numbers of one scope a KPI is computed from (``whole_aggregates``), by name."""

    agg: AggregateArrays
    groups: int
    responses: int

    def get(self, name: str) -> float | None:
        agg = self.agg
        fields = {
            "followers_start": agg.followers_start,
            "followers_end": agg.followers_end,
            "followers_avg": agg.followers_avg,
        }
        values = fields.get(name, agg.sums.get(name))
        if values is None:
            return None
        number = float(values[0])
        return number if math.isfinite(number) else None

    @property
    def rows(self) -> int:
        return int(self.agg.rows[0])


class _Terms:
    """Formats the named numbers of a formula in the reader's language."""

    def __init__(self, inputs: Inputs, lang: Lang, currency: str | None) -> None:
        self.inputs, self.lang, self.currency = inputs, lang, currency

    def label(self, name: str) -> str:
        known = metrics()
        if name in known:
            label = known[name].name.render(self.lang)
            return label[:1].lower() + label[1:]
        return text(f"numbers.term_{name}", self.lang)

    def number(self, value: float, unit: str = "count") -> str:
        return format_value(value, unit, self.lang, self.currency)

    def term(self, name: str, unit: str = "count") -> str | None:
        value = self.inputs.get(name)
        return None if value is None else f"{self.label(name)} {self.number(value, unit)}"

    def interaction_parts(self) -> list[str]:
        return [t for t in (self.term(c) for c in INTERACTION_COLUMNS) if t is not None]

    def interactions(self) -> str | None:
        parts = self.interaction_parts()
        if not parts:
            return None
        return parts[0] if len(parts) == 1 else "(" + " + ".join(parts) + ")"

    def numerator(self, part: str) -> str | None:
        return self.interactions() if part == "interactions" else self.term(part)

    def per_post(self, part: str) -> str | None:
        """``numerator / posts / average followers`` (one account) or ``numerator /
        Σ posts × average followers`` (several)."""
        audience = self.inputs.agg.audience
        if self.inputs.groups > 1 and audience is not None:
            numerator = float(audience.numerators[part][0])
            denominator = float(audience.audiences[part][0])
            if not (math.isfinite(numerator) and math.isfinite(denominator)):
                return None
            shown = f"{self.label(part)} {self.number(numerator)}"
            return f"{shown} / {self.label('audience')} {self.number(denominator)} × 100"
        top = self.numerator(part)
        average = self.term("followers_avg")
        posts = self.term("posts")
        if posts is None:
            posts = f"{self.label('rows')} {self.number(float(self.inputs.rows))}"
        if top is None or average is None:
            return None
        return f"{top} / {posts} / {average} × 100"

    def exposure(self) -> str | None:
        return self.term("impressions") or self.term("views")


def _net_change(terms: _Terms) -> str | None:
    end, start = terms.term("followers_end"), terms.term("followers_start")
    if end and start:
        return f"{end} − {start}"
    if terms.inputs.get("net_followers") is not None:
        return terms.term("net_followers")
    new, lost = terms.term("new_followers"), terms.term("unfollows")
    return f"{new} − {lost}" if new and lost else None


def _growth(terms: _Terms) -> str | None:
    end, start = terms.term("followers_end"), terms.term("followers_start")
    return f"({end} − {start}) / {start} × 100" if end and start else None


def _interactions(terms: _Terms) -> str | None:
    return " + ".join(terms.interaction_parts()) or None


def _romi(terms: _Terms) -> str | None:
    revenue, spend = terms.term("revenue", "money"), terms.term("spend", "money")
    return f"({revenue} − {spend}) / {spend} × 100" if revenue and spend else None


def _organic(terms: _Terms) -> str | None:
    paid = terms.term("paid_followers")
    gained = terms.term("new_followers") or _net_change(terms)
    if paid is None or gained is None:
        return None
    whole = f"({gained})" if " − " in gained else gained
    return f"({whole} − {paid}) / {whole} × 100"


def _cpf(terms: _Terms) -> str | None:
    spend = terms.term("spend", "money")
    paid = terms.term("paid_followers")
    if spend is None:
        return None
    if paid is not None:
        return f"{spend} / {paid}"
    net = _net_change(terms)
    return None if net is None else f"{spend} / ({net})"


def _per_post(terms: _Terms, part: str) -> str | None:
    return terms.per_post(part)


def _ratio(top: str | None, bottom: str | None, scale: str = "") -> str | None:
    return None if top is None or bottom is None else f"{top} / {bottom}{scale}"


_Builder = Callable[[_Terms], "str | None"]
_HUNDRED = " × 100"
_EXPRESSIONS: Mapping[str, _Builder] = {
    "followers_net_change": _net_change,
    "follower_growth_pct": _growth,
    "organic_share_pct": _organic,
    "interactions": _interactions,
    **{kpi: partial(_per_post, part=part) for kpi, part in PER_POST_RATES.items()},
    "err_pct": lambda t: _ratio(t.interactions(), t.term("reach"), _HUNDRED),
    "er_views_pct": lambda t: _ratio(t.interactions(), t.term("views"), _HUNDRED),
    "er_impressions_pct": lambda t: _ratio(t.interactions(), t.term("impressions"), _HUNDRED),
    "negative_share_pct": lambda t: _ratio(
        t.term("negative_comments"), t.term("comments"), _HUNDRED
    ),
    "negative_response_rate_pct": lambda t: _ratio(
        t.term("negative_answered"), t.term("negative_comments"), _HUNDRED
    ),
    "response_time_median_h": lambda t: text(
        "numbers.term_response_median", t.lang, count=t.inputs.responses
    ),
    "ctr_pct": lambda t: _ratio(t.term("clicks"), t.exposure(), _HUNDRED),
    "cpc": lambda t: _ratio(t.term("spend", "money"), t.term("clicks")),
    "cpm": lambda t: _ratio(
        t.term("spend", "money"), t.exposure(), " × " + format_kpi(1000, "count", t.lang)
    ),
    "cpf": _cpf,
    "cpl": lambda t: _ratio(t.term("spend", "money"), t.term("leads")),
    "conversion_pct": lambda t: _ratio(t.term("leads"), t.term("clicks"), _HUNDRED),
    "romi_pct": _romi,
}


def formula_with_numbers(
    info: KpiInfo, value: float | None, inputs: Inputs, lang: Lang, currency: str | None
) -> str | None:
    """The KPI's formula with the scope's own numbers and the result:
    ``(likes 1,200 + comments 80) / posts 30 / average followers 5,000 × 100 = 0.85%``.
    ``None`` when the KPI has no value or is a value read from the rows as it is."""
    build = _EXPRESSIONS.get(info.id)
    if value is None or build is None:
        return None
    expression = build(_Terms(inputs, lang, currency))
    if expression is None:
        return None
    return f"{expression} = {format_value(value, info.unit, lang, currency)}"
