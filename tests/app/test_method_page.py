"""AppTest of the Method page: every formula, band and rule, from the data the code uses."""

from __future__ import annotations

import pytest

from smm_logic.assessment.bank import load_bank
from smm_logic.assessment.method import explain_rules
from smm_logic.assessment.rules import scoring_rules
from smm_logic.kpis.benchmarks import all_bands
from smm_logic.kpis.catalog import kpi_catalog
from tests.app.test_assessment_page import open_page, shown_texts


def page_text(app) -> str:  # type: ignore[no-untyped-def]
    tables = [str(cell) for table in app.table for cell in table.value.to_numpy().ravel()]
    return "\n".join([*shown_texts(app), *tables])


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_every_kpi_is_listed_with_its_formula(lang: str) -> None:
    app = open_page("method.py", lang)

    text = page_text(app)
    for kpi in kpi_catalog().values():
        assert kpi.name.render(lang) in text, kpi.id  # type: ignore[arg-type]
        assert kpi.formula.render(lang) in text, kpi.id  # type: ignore[arg-type]


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_every_benchmark_band_shows_its_source_and_year(lang: str) -> None:
    app = open_page("method.py", lang)

    text = page_text(app)
    for band in all_bands():
        assert band.source.render(lang) in text, band.kpi  # type: ignore[arg-type]
        assert band.year.render(lang) in text, band.kpi  # type: ignore[arg-type]
        assert band.method.render(lang) in text, band.kpi  # type: ignore[arg-type]


def test_every_dimension_and_answer_scale_is_described() -> None:
    app = open_page("method.py")

    text = page_text(app)
    bank = load_bank()
    for dimension in bank.dimensions:
        assert dimension.name.render("en") in text and dimension.about.render("en") in text
    for scale in bank.scales.values():
        for option in scale.options:
            assert option.text.render("en") in text, (scale.id, option.id)


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_every_scoring_and_diagnosis_rule_is_stated_from_the_rules_in_use(lang: str) -> None:
    app = open_page("method.py", lang)

    text = page_text(app)
    rules = scoring_rules()
    for message in explain_rules(rules, load_bank()):
        assert message.render(lang) in text, message.key  # type: ignore[arg-type]
    for level in rules.levels:
        assert level.name.render(lang) in text, level.id  # type: ignore[arg-type]


def test_every_answer_the_figures_can_contradict_is_listed() -> None:
    app = open_page("method.py")

    claims = app.table[-1].value
    bank = load_bank()
    for claim in scoring_rules().claims:
        question = bank.question(claim.question).text.render("en")
        listed = claims[claims["Question"] == question]
        assert list(listed["KPI"]) == [kpi_catalog()[claim.kpi].name.render("en")], claim.question
        meanings = listed["What each answer means"].iloc[0]
        for option_id in claim.ranges:
            option = bank.option(claim.question, option_id)
            assert option is not None and f"“{option.text.render('en')}” — " in meanings

    # A bound as small as 0.0005% is not rounded away to "0.0%".
    shown = "".join(claims["What each answer means"])
    for claim in scoring_rules().claims:
        for bound in (b for pair in claim.ranges.values() for b in pair):
            if bound and abs(bound) < 0.01:
                assert f"{bound:g}" in shown, claim.question


def test_the_scoring_rules_are_stated_with_the_numbers_of_scoring_toml() -> None:
    app = open_page("method.py")

    text = page_text(app)
    assert "its score is 50% answers and 50% figures." in text
    assert "Level Ad hoc — from 0 points: SMM is done now and then" in text
    assert "Level Leading — from 85 points: SMM is exemplary in every area" in text
    assert "never more than 1 step above the level of the weakest dimension" in text
    assert "“negative comments mostly go unanswered”: Negative response rate below 50.0%." in text
    assert "“there is too much negative feedback”: Negative share at 30.0% or more." in text
    assert "A dimension scoring below 50 is weak." in text
    assert "differ by 40 points or more." in text


@pytest.mark.parametrize(("lang", "days"), [("en", "30.44"), ("ru", "30,44")])
def test_the_page_says_how_a_rate_per_month_is_counted(lang: str, days: str) -> None:
    app = open_page("method.py", lang)

    text = page_text(app)
    first_to_last = (
        "от первой даты отчёта до последней" if lang == "ru" else "first date to its last"
    )
    assert first_to_last in text
    assert days in text


def test_the_bands_of_one_platform_and_account_size_are_listed_with_where_they_apply() -> None:
    app = open_page("method.py")

    bands = app.table[0].value
    instagram = bands[bands["Applies to"].str.startswith("Instagram")]
    assert "Instagram, 10,000–100,000 followers" in list(instagram["Applies to"])
    assert "every platform" in list(bands["Applies to"])
    # The Buffer figures are engagements ÷ impressions: they describe ER by impressions.
    buffer = bands[bands["Source, year"].str.startswith("Buffer")]
    assert set(buffer["KPI"]) == {kpi_catalog()["er_impressions_pct"].name.render("en")}
