"""The shipped data files of the assessment load, agree with each other and read in both
languages: scoring.toml, recommendations.toml and benchmarks.toml against questions.toml
and the KPI catalog."""

from __future__ import annotations

import copy
import re

import pytest

from smm_logic.assessment.advice import load_recommendations, parse_recommendations
from smm_logic.assessment.bank import DIMENSIONS, Answers, load_bank
from smm_logic.assessment.diagnosis import DIAGNOSIS_CODES
from smm_logic.assessment.method import explain_rules
from smm_logic.assessment.rules import SIGNAL_IDS, scoring_rules
from smm_logic.assessment.scorecard import build_scorecard
from smm_logic.datafile import DataFileError
from smm_logic.kpis.benchmarks import load_bands, parse_bands
from smm_logic.text import LANGUAGES, Text, load_data_file

BANK = load_bank()


def test_the_shipped_rules_load_with_a_weight_for_every_dimension() -> None:
    rules = scoring_rules()

    assert len(rules.levels) == 5
    assert set(rules.overall_weights) == set(DIMENSIONS)
    assert tuple(s.id for s in rules.signals) == SIGNAL_IDS
    assert set(rules.smm_dimensions) <= set(DIMENSIONS)
    assert rules.product_dimension not in rules.smm_dimensions


def test_every_question_and_diagnosis_has_advice_in_both_languages() -> None:
    recommendations = load_recommendations()

    covered = {(r.trigger, r.target) for r in recommendations}
    assert {("question", q.id) for q in BANK.questions} <= covered
    assert {("diagnosis", code) for code in DIAGNOSIS_CODES} <= covered
    for recommendation in recommendations:
        for lang in LANGUAGES:
            assert recommendation.advice.render(lang).strip()


def test_a_shipped_recommendation_with_two_triggers_is_rejected() -> None:
    data = copy.deepcopy(load_data_file("recommendations.toml"))
    data["recommendation"][0]["kpi"] = "cpl"

    with pytest.raises(DataFileError, match="exactly one of diagnosis, question, kpi"):
        parse_recommendations(data, BANK)


def test_the_shipped_rules_in_words_render_in_both_languages() -> None:
    messages = explain_rules(scoring_rules(), BANK)

    rendered = [m.render("ru") for m in messages]
    assert any("ниже 50 — слабое" in text for text in rendered)
    assert all(m.render("en") for m in messages)


def test_every_band_is_tied_to_a_kpi_with_a_source_year_and_method() -> None:
    bands = load_bands()

    assert {"er_followers_pct", "response_time_median_h", "follower_growth_pct"} <= set(bands)
    for band in bands.values():
        for lang in LANGUAGES:
            assert band.source.render(lang) and band.year.render(lang) and band.method.render(lang)
        assert band.kpi in band.method.render("en")


def test_a_band_whose_direction_contradicts_its_kpi_is_rejected() -> None:
    data = copy.deepcopy(load_data_file("benchmarks.toml"))
    data["band"][0]["direction"] = "lower"

    with pytest.raises(DataFileError, match="band «er_followers_pct»: direction must be «higher»"):
        parse_bands(data)


@pytest.mark.parametrize("level", [1.0, 0.5, 0.0])
def test_every_verdict_of_the_shipped_data_is_one_sentence_in_each_language(level: float) -> None:
    choices: dict[str, str] = {}
    for question in BANK.questions:
        scored = [o for o in BANK.options(question.id) if o.value is not None]
        choices[question.id] = min(scored, key=lambda o: abs((o.value or 0.0) - level)).id

    for answers in (Answers("owner", choices), None):
        card = build_scorecard(answers)
        for lang in LANGUAGES:
            verdict = card.verdict(lang)
            assert verdict.endswith(".") and ". " not in verdict[:-1], verdict


# ---------------------------------------------------------------- the bank's texts


def bank_texts() -> list[tuple[str, Text]]:
    """Every text of the question bank a respondent reads, named by where it is."""
    found: list[tuple[str, Text]] = []
    for dimension in BANK.dimensions:
        found += [
            (f"{dimension.id} name", dimension.name),
            (f"{dimension.id} about", dimension.about),
        ]
    for question in BANK.every_question():
        found += [(question.id, question.text), (f"{question.id} why", question.why)]
        if question.owner_text is not None:
            found.append((f"{question.id} owner", question.owner_text))
        found += [(f"{question.id}={o.id}", o.text) for o in BANK.options(question.id)]
    return found


def test_every_question_context_included_reads_in_both_languages() -> None:
    for where, text in bank_texts():
        assert text.render("ru").strip() and text.render("en").strip(), where
    for question in BANK.every_question():
        assert question.text.render("ru") != question.text.render("en"), question.id
        assert question.why.render("ru") != question.why.render("en"), question.id


def test_english_texts_use_plain_double_quotes_not_guillemets() -> None:
    english = [(where, text.render("en")) for where, text in bank_texts()]
    english += [(r.target, r.advice.render("en")) for r in load_recommendations()]
    english += [(r.target, r.ask.render("en")) for r in load_recommendations() if r.ask]
    english += [
        (r.target, r.owner_advice.render("en")) for r in load_recommendations() if r.owner_advice
    ]
    page = load_data_file("strings_pages.toml")["pages"]["assessment"]
    english += [(f"pages.assessment.{key}", value["en"]) for key, value in page.items()]

    for where, sentence in english:
        assert "«" not in sentence and "»" not in sentence, where


def test_the_plain_words_are_used_one_term_per_idea() -> None:
    for where, text in bank_texts():
        assert "лид" not in text.render("ru").lower(), where
        assert "lead" not in text.render("en").lower(), where
        assert "request" not in text.render("en").lower(), where  # «заявка» is "enquiry"
        assert " ты " not in f" {text.render('ru').lower()} ", where  # «вы» throughout
    for recommendation in load_recommendations():
        assert "request" not in recommendation.advice.render("en").lower(), recommendation.target


def test_the_reply_speed_options_split_at_the_four_hour_standard() -> None:
    rules = scoring_rules()
    options = {o.id: o.value for o in BANK.options("communication.reply_speed")}

    # Within 4 hours meets the standard: no advice. Slower than that is a weak answer.
    assert {k for k, v in options.items() if v is not None and v >= rules.answer_weak_below} == {
        "within_hour",
        "within_4_hours",
    }
    assert "4" in BANK.option("communication.reply_speed", "within_4_hours").text.render("en")  # type: ignore[union-attr]


def test_every_reply_time_in_the_advice_is_the_one_standard() -> None:
    hours = re.compile(r"(\d+)\s*(?:h\b|hours?)")
    for recommendation in load_recommendations():
        for sentence in (recommendation.advice, recommendation.ask):
            if sentence is None:
                continue
            english = sentence.render("en")
            if "answer" in english or "repl" in english:
                assert set(hours.findall(english)) <= {"2", "4"}, english


def test_no_question_asks_whether_you_know_so_that_dont_know_stays_honest() -> None:
    # "Do you know X?" — "I don't know" would then mean "no" yet be left out of the score.
    for question in BANK.every_question():
        for wording in filter(None, (question.text, question.owner_text)):
            assert not wording.render("ru").startswith("Знаете ли"), question.id
            assert not wording.render("en").startswith("Do you know"), question.id
