"""Method page: every formula, benchmark and scoring rule, rendered from the data the code uses."""

import pandas as pd
import streamlit as st

from shell.frame import ensure_frame
from shell.state import lang as session_lang
from shell.state import t
from smm_logic.assessment.bank import load_bank
from smm_logic.assessment.method import explain_rules, explain_verdict_rules
from smm_logic.assessment.rules import scoring_rules
from smm_logic.format import format_kpi, format_number
from smm_logic.kpis.benchmarks import DAYS_PER_MONTH, Band, all_bands, load_bands
from smm_logic.kpis.catalog import SECTIONS, kpi_catalog

ensure_frame()

lang = session_lang()


def kpi_formulas() -> None:
    st.header(t("pages.method.kpis_title"), anchor="kpis")
    st.caption(t("pages.method.kpis_help"))
    catalog = kpi_catalog()
    for section in SECTIONS:
        infos = [info for info in catalog.values() if info.section == section]
        if not infos:
            continue
        st.subheader(t(f"numbers.section_{section}"), anchor=False)
        st.markdown(
            "\n".join(
                f"- **{info.name.render(lang)}** — {info.formula.render(lang)} "
                f"*{t(f'pages.method.better_{info.direction}')}*"
                for info in infos
            )
        )


def bound(kind: str, band: Band, value: float | None, unit: str) -> str:
    """A band's bound in words: "below 1%" / "above 10 h" (weak), "from 2%" / "up to 4 h" (good)."""
    if value is None:
        return "—"
    side = "lower" if band.direction == "lower" else "higher"
    words = t(f"pages.method.{kind}_{side}", value=quantity(value, unit))
    return words + (t("pages.method.per_month") if band.per_month else "")


def benchmark_bands() -> None:
    st.header(t("pages.method.bands_title"), anchor="benchmarks")
    st.caption(t("pages.method.bands_help"))
    catalog = kpi_catalog()
    rows = []
    for band in all_bands():
        info = catalog[band.kpi]
        rows.append(
            {
                t("pages.method.kpi"): info.name.render(lang),
                t("pages.method.applies"): applies_to(band),
                t("pages.method.weak"): bound("weak", band, band.weak_below, info.unit),
                t("pages.method.good"): bound("good", band, band.good_from, info.unit),
                t("pages.method.source"): f"{band.source.render(lang)}, {band.year.render(lang)}",
                t("pages.method.how"): f"{band.method.render(lang)} {band.note.render(lang)}",
            }
        )
    st.table(pd.DataFrame(rows), hide_index=True)
    st.caption(t("pages.method.bands_scope"))
    st.caption(
        t("pages.method.bands_per_month", days=format_number(DAYS_PER_MONTH, "#,##0.##", lang))
    )


def applies_to(band: Band) -> str:
    """Where a band applies: "every platform", "Instagram, 10,000–100,000 followers"."""
    parts = [band.platform or t("pages.method.applies_all")]
    low, high = band.followers_from, band.followers_below
    if low is not None or high is not None:
        shown = {
            "low": format_number(low or 0, "#,##0", lang),
            "high": format_number(high or 0, "#,##0", lang),
        }
        if low is not None and high is not None:
            parts.append(t("pages.method.followers_range", **shown))
        elif low is not None:
            parts.append(t("pages.method.followers_from", **shown))
        else:
            parts.append(t("pages.method.followers_below", **shown))
    return ", ".join(parts)


def questionnaire() -> None:
    st.header(t("pages.method.questions_title"), anchor="questions")
    bank = load_bank()
    st.caption(
        t(
            "pages.method.questions_help",
            questions=len(bank.questions),
            dimensions=len(bank.dimensions),
        )
    )
    for dimension in sorted(bank.dimensions, key=lambda d: d.order):
        count = len(bank.questions_of(dimension.id))
        st.markdown(
            f"**{dimension.name.render(lang)}** ({t('pages.method.question_count', n=count)}) — "
            f"{dimension.about.render(lang)}"
        )
    st.subheader(t("pages.method.scales_title"), anchor=False)
    for scale in bank.scales.values():
        st.markdown(
            " · ".join(
                f"{option.text.render(lang)} = "
                + (
                    f"**{format_number(option.value, '0.##', lang)}**"
                    if option.value is not None
                    else f"*{t('pages.method.not_scored')}*"
                )
                for option in scale.options
            )
        )


def scoring() -> None:
    st.header(t("pages.method.scoring_title"), anchor="scoring")
    bank = load_bank()
    rules = scoring_rules()
    verdict = explain_verdict_rules(rules, bank)
    general = explain_rules(rules, bank)[: -len(verdict)]
    st.markdown("\n".join(f"- {message.render(lang)}" for message in general))
    st.subheader(t("pages.method.verdict_title"), anchor=False)
    st.markdown("\n".join(f"- {message.render(lang)}" for message in verdict))
    st.subheader(t("pages.method.claims_title"), anchor=False)
    st.caption(t("pages.method.claims_help"))
    catalog = kpi_catalog()
    bands = load_bands()
    rows = []
    for claim in rules.claims:
        info = catalog[claim.kpi]
        # A per-month KPI (follower growth) is compared a month at a time.
        per_month = claim.kpi in bands and bands[claim.kpi].per_month
        suffix = t("pages.method.per_month") if per_month else ""
        meanings = []
        for option_id, (low, high) in claim.ranges.items():
            option = bank.option(claim.question, option_id)
            answer = option.text.render(lang) if option else option_id
            quoted = f"«{answer}»" if lang == "ru" else f"“{answer}”"
            meanings.append(f"{quoted} — {expected_range(low, high, info.unit)}{suffix}")
        rows.append(
            {
                t("pages.method.question"): bank.question(claim.question).text.render(lang),
                t("pages.method.kpi"): info.name.render(lang),
                t("pages.method.expected"): "; ".join(meanings),
            }
        )
    st.table(pd.DataFrame(rows), hide_index=True)


def quantity(value: float, unit: str) -> str:
    """``format_kpi``, with the decimals a bound as small as 0.0005% needs to stay non-zero."""
    shown = format_kpi(value, unit, lang)
    if value == 0 or abs(value) >= 0.01:
        return shown
    zero = format_number(0.0, "#,##0.0", lang)
    return shown.replace(zero, format_number(value, "#,##0.0#####", lang), 1)


def expected_range(low: float | None, high: float | None, unit: str) -> str:
    """A claim's range in words: "from 0.5 to 12 h", "at least 80%", "at most 2 h"."""
    if low is not None and high is not None:
        return t("pages.method.range_between", low=quantity(low, unit), high=quantity(high, unit))
    if low is not None:
        return t("pages.method.range_at_least", value=quantity(low, unit))
    if high is not None:
        return t("pages.method.range_at_most", value=quantity(high, unit))
    return "—"


# ------------------------------------------------------------------- page

st.title(t("pages.method.title"))
st.caption(t("pages.method.subtitle"))
kpi_formulas()
benchmark_bands()
questionnaire()
scoring()
