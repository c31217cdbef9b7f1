"""The PDF handout's buttons on the Scorecard, Numbers and Workshop pages, and what they
read from the session: the answers, the report and the accounts and period chosen.

The PDF is made when the button is clicked (a deferred download), never on every run:
drawing its charts takes a second or two.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date
from functools import partial

import streamlit as st

from shell import reports
from shell.session import ReportSource, Session
from shell.state import lang as session_lang
from shell.state import t
from smm_logic.assessment.bank import OWNER, RESPONDENTS, Answers, QuestionBank
from smm_logic.assessment.respondents import Comparison, RespondentAnswers, compare_respondents
from smm_logic.assessment.rules import scoring_rules
from smm_logic.assessment.scorecard import Scorecard
from smm_logic.errors import ReportFormatError
from smm_logic.kpis.periods import Period
from smm_logic.kpis.scope import Analysis, scope_options
from smm_logic.outputs.excel import safe_stem
from smm_logic.outputs.handout import build_handout
from smm_logic.outputs.pdf import handout_pdf
from smm_logic.report.model import Report
from smm_logic.text import Lang, text
from smm_logic.usecases import analyse_report, assess, saved_answers

# The cover's optional fields (Scorecard page); their values stay on that page.
CONSULTANT_WIDGET = "handout_consultant"
LOGO_WIDGET = "handout_logo"
LOGO_MAX_BYTES = 512 * 1024
_LOGO_SIGNATURES = (b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff")  # PNG, JPEG


# ---------------------------------------------------------------- the session's inputs


def session_answers(session: Session, bank: QuestionBank) -> Answers | None:
    """The saved answers, without ids the question bank no longer knows."""
    return saved_answers(session.answers, session.respondent, bank)


def session_report(session: Session) -> Report | None:
    """The report loaded on the Numbers page, with its column mapping, if any (without
    it when the mapping no longer fits the file)."""
    source = session.source
    if source is None:
        return None
    try:
        return reports.load(source, session.overrides, session.profile)
    except ReportFormatError:
        try:
            return reports.load(source, {}, session.profile)
        except ReportFormatError:
            return None


def session_analysis(session: Session, report: Report, source: ReportSource) -> Analysis:
    """The report's figures for the accounts and the period chosen on the Numbers page."""
    cube = reports.cube(source, report.overrides, session.profile)
    scopes = {scope.key: scope for scope in scope_options(cube)}
    scope = scopes.get(session.scope or "", next(iter(scopes.values())))
    picked = session.period
    period = Period(picked[0], picked[1]) if picked is not None and len(picked) == 2 else None
    return analyse_report(cube, scope, period)


# ---------------------------------------------------------------- the cover's fields


def _logo(upload: object) -> bytes | None:
    if upload is None:
        return None
    data: bytes = upload.getvalue()  # type: ignore[attr-defined]
    if len(data) > LOGO_MAX_BYTES:
        st.warning(t("handout.logo_too_large", limit_kb=LOGO_MAX_BYTES // 1024))
        return None
    if not data.startswith(_LOGO_SIGNATURES):
        st.warning(t("handout.logo_not_image"))
        return None
    return data


def cover_fields() -> tuple[str | None, bytes | None]:
    """The consultant's name and logo for the cover, both optional."""
    with st.expander(t("handout.cover_title"), icon=":material/badge:"):
        name = st.text_input(t("handout.consultant_name"), key=CONSULTANT_WIDGET, max_chars=120)
        upload = st.file_uploader(
            t("handout.logo"),
            type=["png", "jpg", "jpeg"],
            key=LOGO_WIDGET,
            help=t("handout.logo_help", limit_kb=LOGO_MAX_BYTES // 1024),
        )
        logo = _logo(upload)
    return (name.strip() or None), logo


# ---------------------------------------------------------------- the button


def pdf_file_name(name: str | None, lang: Lang, today: date) -> str:
    """``smm-scorecard_<client or report>_<YYYY-MM-DD>.pdf``: letters, digits, - and _."""
    stem = safe_stem(f"{name}.pdf", lang) if name else text("export.default_stem", lang)
    return text("handout.file_name", lang, stem=stem, day=today.isoformat())


def pdf_button(
    card: Scorecard | Callable[[], Scorecard],
    bank: QuestionBank,
    *,
    key: str,
    answers: Answers | None = None,
    report: Report | None = None,
    analysis: Analysis | None = None,
    targets: Mapping[str, float] | None = None,
    comparison: Comparison | None = None,
    client: str | None = None,
    consultant: str | None = None,
    logo: bytes | None = None,
) -> None:
    """A button that downloads the Scorecard's handout as a PDF in the page's language;
    ``card`` is the Scorecard, or what works it out when the PDF is asked for."""
    lang = session_lang()

    def make() -> bytes:
        scorecard = card() if callable(card) else card
        handout = build_handout(
            scorecard, lang, bank, answers=answers, report=report, analysis=analysis,
            targets=targets, comparison=comparison, client=client, consultant=consultant,
            logo=logo,
        )  # fmt: skip
        return handout_pdf(handout)

    st.download_button(
        t("handout.pdf_button"),
        data=make,
        file_name=pdf_file_name(client or (report.name if report else None), lang, date.today()),
        mime="application/pdf",
        key=key,
        help=t("handout.pdf_help"),
        icon=":material/picture_as_pdf:",
        on_click="ignore",
    )


def session_pdf_button(
    session: Session,
    bank: QuestionBank,
    *,
    key: str,
    respondents: list[RespondentAnswers] | None = None,
    client: str | None = None,
    analysis: Analysis | None = None,
    targets: Mapping[str, float] | None = None,
) -> None:
    """The handout of what this session holds (the answers, the report and its chosen
    accounts and period), with the respondents side by side when two or more answered.
    With a client's ``respondents`` (the Workshop), the verdict is the owner's latest
    answers (else the first respondent's), as the Workshop's workbook says it.

    ``analysis``: the report's figures for the chosen accounts and period when the page
    has them already (the Numbers page), instead of working them out again; ``targets``:
    the company's targets as the page reads them when the PDF is made (the Numbers
    page's, typed in a fragment of their own), else the session's at this run. The
    Scorecard itself is worked out on the click, not on every run: the Numbers page
    draws this button on each change of the scope or the period."""
    answers = session_answers(session, bank)
    people = [person for person in respondents or () if person.choices]
    comparison = None
    if len(people) >= 2:
        comparison = compare_respondents(bank, scoring_rules(), people)
    if people:
        main = next((person for person in people if person.role == OWNER), people[0])
        answers = Answers(main.role if main.role in RESPONDENTS else "other", dict(main.choices))
    report = session_report(session)
    source = session.source
    if report is None or source is None:
        analysis = None
    elif analysis is None:
        analysis = session_analysis(session, report, source)
    if answers is None and report is None:
        st.caption(t("handout.nothing_yet"))
        return
    if targets is None:
        targets = dict(session.targets)
    pdf_button(
        partial(assess, answers, analysis, targets, bank), bank, key=key, answers=answers,
        report=report, analysis=analysis, targets=targets, comparison=comparison,
        client=client,
    )  # fmt: skip


def workshop_pdf_section(
    session: Session, bank: QuestionBank, respondents: list[RespondentAnswers], client: str
) -> None:
    """The Workshop's handout: this session's verdict under the client's name, with the
    client's respondents side by side."""
    st.subheader(t("handout.workshop_title"), anchor=False)
    st.caption(t("handout.workshop_help"))
    session_pdf_button(session, bank, key="workshop_pdf", respondents=respondents, client=client)
