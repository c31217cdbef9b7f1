"""The take-away workbook's download buttons on the Scorecard and Workshop pages.

The workbook is made only when the button is clicked (a deferred download): a page run
that does not download builds nothing.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import replace
from datetime import date

import streamlit as st

from shell.handout import session_analysis, session_report
from shell.session import Session
from shell.state import lang as session_lang
from shell.state import t
from shell.workshop import latest_answers
from smm_logic.assessment.bank import OWNER, RESPONDENTS, Answers, QuestionBank
from smm_logic.assessment.respondents import compare_respondents
from smm_logic.assessment.rules import scoring_rules
from smm_logic.kpis.scope import Analysis, rows_in_selection
from smm_logic.outputs.workbook import WorkbookSources, handout_workbook
from smm_logic.report.model import Report
from smm_logic.storage import ClientHistory
from smm_logic.text import text
from smm_logic.usecases import make_handout

SCORECARD_BUTTON = "scorecard_workbook"
WORKSHOP_BUTTON = "workshop_workbook"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _button(key: str, make: Callable[[], bytes]) -> None:
    st.download_button(
        t("workbook.button"),
        data=make,
        file_name=t("workbook.file_name", day=date.today().isoformat()),
        mime=XLSX,
        key=key,
        help=t("workbook.help"),
        icon=":material/table_view:",
        on_click="ignore",
    )


def _selected(report: Report | None, analysis: Analysis | None) -> Report | None:
    """The report's rows of the scope and period the analysis covers."""
    if report is None or analysis is None:
        return None
    rows = rows_in_selection(report.table, analysis.scope, analysis.rows_period)
    return replace(report, table=rows)


def scorecard_workbook_button(
    answers: Answers | None,
    report: Report | None,
    analysis: Analysis | None,
    bank: QuestionBank,
) -> None:
    """The Scorecard's workbook: what the page shows, of the session's answers and report."""
    lang = session_lang()
    targets = dict(Session().targets)

    def make() -> bytes:
        handout = make_handout(answers, report, lang, analysis=analysis, targets=targets, bank=bank)
        given: tuple[tuple[str, Mapping[str, str]], ...] = ()
        if answers is not None:
            who = text(f"pages.assessment.respondent_{answers.respondent}", lang)
            given = ((who, answers.choices),)
        sources = WorkbookSources(_selected(report, analysis), analysis, given, bank)
        return handout_workbook(handout, lang, sources)

    _button(SCORECARD_BUTTON, make)


def session_figures(session: Session) -> tuple[Report | None, Analysis | None]:
    """The session's report and its figures for the accounts and period chosen on the
    Numbers page, read as the Scorecard reads them (``shell.handout``)."""
    report, source = session_report(session), session.source
    if report is None or source is None:
        return None, None
    return report, session_analysis(session, report, source)


def workshop_workbook_button(client: str, history: ClientHistory, bank: QuestionBank) -> None:
    """The Workshop's workbook of a client: the verdict from the owner's latest answers
    (or the first respondent's), everyone's answers side by side and listed, and the
    report loaded in the session, if any."""
    lang = session_lang()
    targets = dict(Session().targets)
    people = [person for person in latest_answers(history, bank) if person.choices]
    if not people:
        return
    main = next((person for person in people if person.role == OWNER), people[0])

    # A deferred download runs outside the session: it reads a copy of its values.
    snapshot = Session({key: st.session_state[key] for key in st.session_state})

    def make() -> bytes:
        report, analysis = session_figures(snapshot)
        comparison = compare_respondents(bank, scoring_rules(), people) if len(people) > 1 else None
        handout = make_handout(
            # The handout names the respondent by the questionnaire's roles.
            Answers(main.role if main.role in RESPONDENTS else "other", main.choices),
            report,
            lang,
            analysis=analysis,
            targets=targets,
            comparison=comparison,
            client=client,
            bank=bank,
        )
        given = tuple((person.name, person.choices) for person in people)
        sources = WorkbookSources(_selected(report, analysis), analysis, given, bank)
        return handout_workbook(handout, lang, sources)

    _button(WORKSHOP_BUTTON, make)
