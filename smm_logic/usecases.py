"""The operations the pages and the command line call: input in, results out.

Pages and the CLI only translate their input (widgets, arguments, files) into these
calls and render what they return; every rule they rely on lives below this module.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING, TypeVar

from smm_logic.kpis.catalog import kpi_catalog
from smm_logic.report.profiles import AUTO
from smm_logic.report.sources.limits import DEFAULT_LIMITS, IngestLimits
from smm_logic.report.worker import (
    FileSource,
    parse_files_isolated,
    parse_files_isolated_then,
    parse_isolated,
)
from smm_logic.text import Lang, text

# What a use case needs beyond reading is imported where it is used: ``score`` then loads
# neither the questionnaire nor the charts, the PDF and workbook writers or Babel, and it
# has its parse worker import pandas while calamine reads (``load_reports_then``).
T = TypeVar("T")

if TYPE_CHECKING:
    from smm_logic.assessment.bank import Answers, QuestionBank
    from smm_logic.assessment.respondents import Comparison
    from smm_logic.assessment.scorecard import ReportScope, Scorecard
    from smm_logic.kpis.benchmarks import Band
    from smm_logic.kpis.cube import DailyCube, KpiResult
    from smm_logic.kpis.periods import Period
    from smm_logic.kpis.scope import Analysis, Scope
    from smm_logic.outputs.handout import Handout
    from smm_logic.report.model import Report


def load_report(
    data: bytes,
    name: str,
    *,
    sheet: str | None = None,
    overrides: Mapping[str, str | None] | None = None,
    limits: IngestLimits = DEFAULT_LIMITS,
    isolated: bool = True,
    profile: str | None = AUTO,
) -> Report:
    """A report file read into a clean table; any failure is a ``ReportFormatError``.

    The bytes are untrusted: they are parsed in a worker process with memory, CPU and
    result limits (``report.worker``). ``isolated=False`` parses in this process, for
    tests and benchmarks that need it.
    """
    if not isolated:
        from smm_logic.report.ingest import read_report

        return read_report(
            data, name, sheet=sheet, overrides=overrides, limits=limits, profile=profile
        )
    return parse_isolated(
        data, name, sheet=sheet, overrides=overrides, limits=limits, profile=profile
    )


def load_reports(
    files: Sequence[tuple[str, bytes]],
    *,
    sheet: str | None = None,
    overrides: Mapping[str, str | None] | None = None,
    limits: IngestLimits = DEFAULT_LIMITS,
    isolated: bool = True,
    profile: str | None = AUTO,
) -> Report:
    """One report from several files uploaded together (``(name, bytes)`` each; ZIP
    archives among them are opened): their tables joined on (date, platform, account)
    (kpi-spec §4). Parsed in one worker process, its limits on all files together."""
    if not isolated:
        from smm_logic.report.ingest import read_reports

        return read_reports(files, sheet=sheet, overrides=overrides, limits=limits, profile=profile)
    return parse_files_isolated(
        files, sheet=sheet, overrides=overrides, limits=limits, profile=profile
    )


def load_reports_then(
    files: Sequence[FileSource],
    then: Callable[[Report], T],
    *,
    sheet: str | None = None,
    overrides: Mapping[str, str | None] | None = None,
    limits: IngestLimits = DEFAULT_LIMITS,
    profile: str | None = AUTO,
) -> T:
    """``then(report)`` for the report ``load_reports`` would give, worked out in the
    worker process that parses the files, under its limits; ``ReportFormatError`` as
    ``load_reports``. A file given by its path is read there too.

    For a one-shot process that needs only what ``then`` makes of the report (the
    command line's ``score``): it then imports neither pandas nor the engine, and its
    worker imports them while calamine reads the sheet (``report.sources.prefetch``).
    ``then`` is pickled by name: a module-level function or a ``functools.partial`` of
    one, whose result is small."""
    result: T = parse_files_isolated_then(
        files, then, sheet=sheet, overrides=overrides, limits=limits, profile=profile
    )
    return result


def load_typed_rows(
    rows: Sequence[Sequence[object]],
    name: str,
    *,
    overrides: Mapping[str, str | None] | None = None,
) -> Report:
    """A report from rows typed by hand (header first), through the same rules as a file."""
    from smm_logic.report.ingest import read_rows

    return read_rows(rows, name, overrides=overrides)


def aggregate_report(report: Report) -> DailyCube:
    """The report's daily cube: made once per report, it feeds every KPI and chart."""
    from smm_logic.kpis.cube import build_cube

    return build_cube(report.table)


def score_report(report: Report) -> KpiResult:
    """Every KPI of a whole report, per account and overall."""
    from smm_logic.kpis.cube import cube_kpis

    return cube_kpis(aggregate_report(report))


def analyse_report(
    cube: DailyCube,
    scope: Scope | None = None,
    period: Period | None = None,
) -> Analysis:
    """KPIs of a scope (all accounts or one; the whole report when not given) over a
    period, with the change against the period before it (see ``kpis.scope.analyse``)."""
    from smm_logic.kpis.scope import ALL_GROUPS, Scope, analyse

    return analyse(cube, Scope(ALL_GROUPS) if scope is None else scope, period)


def saved_answers(
    saved: Mapping[str, str], respondent: str, bank: QuestionBank | None = None
) -> Answers | None:
    """Answers kept from an earlier session, in the question bank's current ids (retired
    questions and options mapped or dropped, ids it never knew left out); ``None`` when
    nothing usable is left."""
    from smm_logic.assessment.bank import AnswersError, current_choices, load_bank, parse_answers

    bank = bank or load_bank()
    known = current_choices(bank, saved)
    if not known:
        return None
    try:
        return parse_answers(bank, {"respondent": respondent, "answers": known})
    except AnswersError:
        return None


def _name(value: object) -> str | None:
    return value if isinstance(value, str) and value else None


def report_scope(analysis: Analysis) -> ReportScope:
    """The accounts and the period an analysis covers, as the Scorecard names them."""
    from smm_logic.assessment.scorecard import ReportScope
    from smm_logic.kpis.scope import ALL_GROUPS

    if analysis.scope.key == ALL_GROUPS:
        accounts = tuple(
            dict.fromkeys(
                (_name(platform), _name(account))
                for platform, account in analysis.cube.group_values
            )
        )
    else:
        accounts = ((analysis.scope.platform, analysis.scope.account),)
    period = analysis.period
    return ReportScope(
        accounts=accounts,
        start=None if period is None else period.start,
        end=None if period is None else period.end,
    )


def scope_bands(analysis: Analysis) -> dict[str, Band]:
    """The benchmark bands for the analysis's scope: one platform's own bands (and those of
    its account size, for one account), else the bands for every platform."""
    from smm_logic.kpis.benchmarks import bands_for

    scope = report_scope(analysis)
    platforms = {platform for platform, _ in scope.accounts}
    platform = next(iter(platforms)) if len(platforms) == 1 else None
    followers = None
    if len(scope.accounts) == 1:
        followers = analysis.result.overall.get("followers_end")
    return bands_for(platform, followers)


def assess(
    answers: Answers | None,
    analysis: Analysis | None = None,
    targets: Mapping[str, float] | None = None,
    bank: QuestionBank | None = None,
) -> Scorecard:
    """The Scorecard from a respondent's answers, a report's analysis, or both.

    The report's KPIs are those of the analysis's scope and period, judged by the benchmark
    bands of that scope's platform and account size; rates per month (follower growth) count
    the days from its first date to its last (``span_days``).
    """
    from smm_logic.assessment.scorecard import build_scorecard
    from smm_logic.kpis.periods import span_days

    if analysis is None:
        return build_scorecard(answers, None, targets or None, bank)
    return build_scorecard(
        answers,
        analysis.result.overall,
        targets or None,
        bank,
        period_days=span_days(analysis.period),
        bands=scope_bands(analysis),
        scope=report_scope(analysis),
    )


def make_handout(
    answers: Answers | None,
    report: Report | None,
    lang: Lang,
    *,
    analysis: Analysis | None = None,
    targets: Mapping[str, float] | None = None,
    comparison: Comparison | None = None,
    client: str | None = None,
    consultant: str | None = None,
    logo: bytes | None = None,
    bank: QuestionBank | None = None,
) -> Handout:
    """The take-away handout of the Scorecard from answers, a report, or both: the
    report's whole range when no ``analysis`` (scope and period) is given."""
    from smm_logic.assessment.bank import load_bank
    from smm_logic.outputs.handout import build_handout

    bank = bank or load_bank()
    if report is not None and analysis is None:
        analysis = analyse_report(aggregate_report(report))
    card = assess(answers, analysis if report is not None else None, targets, bank)
    return build_handout(
        card,
        lang,
        bank,
        answers=answers,
        report=report,
        analysis=analysis if report is not None else None,
        targets=targets,
        comparison=comparison,
        client=client,
        consultant=consultant,
        logo=logo,
    )


class TargetError(ValueError):
    """A target typed as text that is not ``kpi=number`` with a known KPI id."""


def parse_targets(items: Sequence[str], lang: Lang) -> dict[str, float]:
    """Targets typed as ``kpi=value`` (the CLI's ``--target``, repeatable) as the company's
    targets by KPI id; a bad one is a ``TargetError`` whose message says what is wrong."""
    catalog = kpi_catalog()
    targets: dict[str, float] = {}
    for item in items:
        kpi, sep, literal = (part.strip() for part in item.partition("="))
        if not sep or not kpi or not literal:
            raise TargetError(text("scorecard.cli.bad_target", lang, text=item))
        if kpi not in catalog:
            known = ", ".join(k for k, info in catalog.items() if info.direction != "none")
            raise TargetError(text("scorecard.cli.unknown_target", lang, kpi=kpi, known=known))
        try:
            value = float(literal.replace(",", "."))
        except ValueError:
            value = math.nan
        if not math.isfinite(value):
            raise TargetError(text("scorecard.cli.bad_target_value", lang, text=item))
        targets[kpi] = value
    return targets


def change_mapping(
    overrides: Mapping[str, str | None], header: str, old: str | None, new: str | None
) -> dict[str, str | None]:
    """The mapping overrides after the user says that column ``header`` means ``new``
    (None: not used) instead of ``old``. The column now feeds ``new``; the metric it
    used to feed is left out rather than silently taken from another column."""
    changed = dict(overrides)
    if new == old:
        return changed
    if new is not None:
        changed[new] = header
    if old is not None:
        changed[old] = None
    return changed
