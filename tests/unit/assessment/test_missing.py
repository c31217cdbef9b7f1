"""What the scorecard says is missing for a fuller picture, on the synthetic rules."""

from __future__ import annotations

from smm_logic.text import Message
from tests.unit.assessment.synthetic import only, profile, scorecard


def keys(messages: tuple[Message, ...]) -> list[str]:
    return [message.key for message in messages]


def test_nothing_at_all_asks_for_the_answers_and_a_report() -> None:
    card = scorecard()

    assert keys(card.missing) == ["scorecard.missing.no_answers", "scorecard.missing.no_report"]


def test_answers_alone_name_the_dimensions_left_unanswered_and_ask_for_a_report() -> None:
    card = scorecard(profile(1.0))

    # The synthetic bank has no questions about analytics and partnership.
    assert keys(card.missing) == ["scorecard.missing.dimensions", "scorecard.missing.no_report"]
    assert card.missing[0].render("en") == "Dimensions without answers: Analytics, Partnership."


def test_dont_know_answers_are_counted() -> None:
    card = scorecard(only({"content.photos": "dont_know", "goals.kpis": "dont_know"}))

    rendered = [m.render("en") for m in card.missing]
    assert rendered[0].startswith("Dimensions without answers: Product, Communication, Traffic,")
    assert "“I don't know” answers: 2." in " ".join(rendered)


def test_a_report_without_evidence_or_targets_says_so() -> None:
    card = scorecard(None, {"ctr_pct": 2.0})

    assert keys(card.missing) == [
        "scorecard.missing.no_answers",
        "scorecard.missing.no_evidence",
        "scorecard.missing.no_targets",
    ]


def test_a_report_with_evidence_and_targets_lacks_nothing_on_its_side() -> None:
    card = scorecard(profile(1.0), {"er_followers_pct": 3.0}, {"er_followers_pct": 4.0})

    assert keys(card.missing) == ["scorecard.missing.dimensions"]
