"""What the Workshop puts into the session and reads out of a client's history: saved
answers of an older question bank opened in today's ids, each respondent's latest answers
compared, reports placed in history at the end of their period."""

from __future__ import annotations

from datetime import UTC, date, datetime

from shell.session import QUESTION_WIDGET_PREFIX, RESPONDENT_WIDGET, Session
from shell.workshop import dated_kpis, latest_answers, open_assessment
from smm_logic.assessment.bank import load_bank
from smm_logic.storage import (
    ClientHistory,
    ClientInfo,
    ReportInfo,
    RespondentInfo,
    SavedAssessment,
)

NOW = datetime(2026, 6, 1, tzinfo=UTC)
OLGA = RespondentInfo(1, 7, "Olga", "owner")
SVETA = RespondentInfo(2, 7, "Sveta", "sales")


def saved(number: int, who: RespondentInfo, day: date, answers: dict[str, str]) -> SavedAssessment:
    return SavedAssessment(number, 7, who, day, answers, 1, NOW)


def history(assessments=(), reports=()) -> ClientHistory:  # type: ignore[no-untyped-def]
    client = ClientInfo(7, "Coffee Co", False, NOW, NOW)
    return ClientHistory(client, (OLGA, SVETA), tuple(assessments), tuple(reports), {})


def test_an_assessment_of_an_older_bank_opens_in_todays_ids_and_from_the_review() -> None:
    store: dict[str, object] = {
        f"{QUESTION_WIDGET_PREFIX}goals.numeric_kpis": "no",  # what the widgets showed before
        RESPONDENT_WIDGET: "owner",
    }
    session = Session(store)  # type: ignore[arg-type]
    # version 1 ids: a retired option and a retired question
    old = {"growth.bought_followers": "recently", "traffic.tracking": "yes"}
    open_assessment(session, saved(1, SVETA, date(2026, 1, 5), old), load_bank())
    assert session.answers == {"growth.bought_followers": "within_a_year"}
    assert session.respondent == "other"  # sales has no wording of its own
    assert session.step > len(load_bank().dimensions)  # the review
    assert f"{QUESTION_WIDGET_PREFIX}goals.numeric_kpis" not in store
    assert RESPONDENT_WIDGET not in store


def test_the_comparison_takes_each_respondents_latest_answers() -> None:
    found = latest_answers(
        history(
            [
                saved(1, OLGA, date(2026, 1, 5), {"goals.numeric_kpis": "no"}),
                saved(2, SVETA, date(2026, 1, 6), {"goals.numeric_kpis": "partly"}),
                saved(3, OLGA, date(2026, 4, 2), {"goals.numeric_kpis": "yes"}),
            ]
        ),
        load_bank(),
    )
    assert {(r.name, r.role, r.choices["goals.numeric_kpis"]) for r in found} == {
        ("Olga", "owner", "yes"),
        ("Sveta", "sales", "partly"),
    }


def test_a_report_stands_at_the_end_of_its_period_or_else_the_day_it_was_saved() -> None:
    def report(number: int, period: tuple[date, date] | None) -> ReportInfo:
        kpis = {"overall": {"er_followers_pct": float(number)}}
        return ReportInfo(number, 7, "r.xlsx", None, period, {}, kpis, NOW)

    dated = dated_kpis(
        history(reports=[report(1, (date(2026, 1, 1), date(2026, 3, 31))), report(2, None)])
    )
    assert [(item.day, item.values["er_followers_pct"]) for item in dated] == [
        (date(2026, 3, 31), 1.0),
        (date(2026, 6, 1), 2.0),
    ]
