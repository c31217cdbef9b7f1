"""Command line of the engine.

- ``python -m smm_logic score FILE [FILE ...] [--sheet NAME] [--map id=Header ...] [--json]``
- ``python -m smm_logic questions [--lang ru|en] [--json]``
- ``python -m smm_logic assess ANSWERS.json [--report FILE] [--target kpi=value ...]
  [--lang ru|en] [--json]``
- ``python -m smm_logic report [--answers ANSWERS.json] [--report FILE] [--target kpi=value ...]
  [--lang ru|en] [--client NAME] [--consultant NAME] [--pdf OUT.pdf] [--xlsx OUT.xlsx]``

Bad input exits with status 2 and one ``error:`` line on stderr, never a traceback.
"""

from __future__ import annotations

import argparse
import functools
import io
import json
import math
import os
import sys
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn, TextIO

from smm_logic.cli_input import (
    AnswersFileError,
    answers_of,
    answers_problem,
    read_answers,
    report_of,
    safe_line,
)
from smm_logic.errors import ReportFormatError
from smm_logic.kpis.catalog import KpiValues, kpi_catalog
from smm_logic.text import Lang, normalize_lang, text
from smm_logic.usecases import (
    TargetError,
    aggregate_report,
    analyse_report,
    assess,
    load_report,
    load_reports_then,
    make_handout,
    parse_targets,
)

# Each command imports what only it needs (the questionnaire, Babel's number formats, the
# PDF and workbook writers) when it runs: ``score --json`` reads a report and computes its
# KPIs without loading them (tests/unit/test_cli_imports.py).
if TYPE_CHECKING:
    from smm_logic.assessment.bank import Question, QuestionBank
    from smm_logic.assessment.scorecard import Scorecard
    from smm_logic.kpis.cube import KpiResult
    from smm_logic.report.model import Report

EXIT_BAD_INPUT = 2


class _Parser(argparse.ArgumentParser):
    """argparse that reports usage errors as one ``error:`` line with status 2."""

    def error(self, message: str) -> NoReturn:
        self.exit(EXIT_BAD_INPUT, f"error: {message}\n")


def _parse_map(items: Sequence[str]) -> dict[str, str | None]:
    mapping: dict[str, str | None] = {}
    for item in items:
        metric, sep, header = item.partition("=")
        if not sep or not metric.strip():
            raise ReportFormatError("bad_mapping", text=item)
        mapping[metric.strip()] = header.strip() or None
    return mapping


def _json_number(value: float | None) -> float | int | None:
    if value is None or not math.isfinite(value):
        return None
    return int(value) if value.is_integer() and abs(value) < 2**53 else value


def _kpi_json(values: KpiValues) -> dict[str, float | int | None]:
    return {kpi: _json_number(values[kpi]) for kpi in kpi_catalog()}


def score_json(
    report: Report, result: KpiResult, totals: Mapping[str, float | None] | None = None
) -> dict[str, object]:
    """The ``score --json`` document; ``totals`` are the cube's (made from ``report``
    when not given): Σ of each summable metric, null where it has no values."""
    period = report.period
    if totals is None:
        totals = aggregate_report(report).totals()
    return {
        "rows_used": report.rows_used,
        "profile": report.profile,
        "rows_skipped": [
            {"sheet": s.sheet, "row": s.row, "reason": s.reason.render("en")}
            for s in report.skipped
        ],
        "columns": report.mapping,
        "period": None
        if period is None
        else {"start": period[0].isoformat(), "end": period[1].isoformat()},
        "kpis": _kpi_json(result.overall),
        "totals": {metric: _json_number(value) for metric, value in totals.items()},
        "groups": [
            {
                "platform": g.platform,
                "account": g.account,
                "rows": g.rows,
                "kpis": _kpi_json(g.kpis),
            }
            for g in result.groups
        ],
        "unused_columns": [
            {"sheet": c.sheet, "column": c.letter, "header": c.header}
            for c in report.unused_columns
        ],
        "issues": [
            {"sheet": i.sheet, "row": i.row, "column": i.column, "message": i.render("en")}
            for i in report.issues
        ],
    }


def _table(rows: Sequence[Sequence[str]], out: TextIO) -> None:
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    for n, row in enumerate(rows):
        out.write("  ".join(cell.ljust(widths[i]) for i, cell in enumerate(row)).rstrip() + "\n")
        if n == 0:
            out.write("  ".join("-" * w for w in widths) + "\n")


def print_readable(report: Report, result: KpiResult, lang: Lang, out: TextIO) -> None:
    """A table a person reads: KPIs of the whole report and of each group."""
    from smm_logic.format import format_kpi

    period = report.period
    out.write(f"{report.name}\n")
    out.write(f"{text('cli.rows_used', lang)}: {report.rows_used}\n")
    if period:
        out.write(
            f"{text('cli.period', lang)}: {period[0].isoformat()} — {period[1].isoformat()}\n"
        )
    mapped = ", ".join(f"{metric} ← «{header}»" for metric, header in report.mapping.items())
    out.write(f"{text('cli.columns', lang)}: {mapped}\n")
    if report.unused_columns:
        unused = ", ".join(f"«{c.header}»" for c in report.unused_columns)
        out.write(f"{text('cli.unused_columns', lang)}: {unused}\n")
    out.write("\n")
    show_groups = len(result.groups) > 1
    header = [text("cli.kpi", lang), text("cli.overall", lang)]
    if show_groups:
        dash = text("cli.no_group_key", lang)
        header += [" / ".join(p or dash for p in (g.platform, g.account)) for g in result.groups]
    rows = [header]
    for kpi, info in kpi_catalog().items():
        row = [info.name.render(lang), format_kpi(result.overall[kpi], info.unit, lang)]
        if show_groups:
            row += [format_kpi(g.kpis[kpi], info.unit, lang) for g in result.groups]
        rows.append(row)
    _table(rows, out)
    notes = [f"{s.location(lang)}: {s.reason.render(lang)}" for s in report.skipped]
    # a note about the whole report (an archive, files joined) has no place to name
    notes += [": ".join(filter(None, (i.location(lang), i.render(lang)))) for i in report.issues]
    if notes:
        out.write(f"\n{text('cli.issues', lang)}:\n")
        for note in notes:
            out.write(f"- {note}\n")


def _report_files(names: Sequence[str]) -> list[tuple[str, Path]]:
    """The report files named, by path: the parse worker reads them, so this process
    never holds their bytes (it is counted with its worker's memory)."""
    files: list[tuple[str, Path]] = []
    for name in names:
        path = Path(name)
        if not path.is_file() or not os.access(path, os.R_OK):
            raise ReportFormatError("file_not_found", name=str(path))
        files.append((path.name, path))
    return files


def score_output(report: Report, *, as_json: bool, lang: Lang) -> str:
    """What ``score`` prints for a report: its JSON document or the readable tables."""
    from smm_logic.kpis.cube import cube_kpis

    cube = aggregate_report(report)
    result = cube_kpis(cube)
    if as_json:
        return _json_text(score_json(report, result, cube.totals()))
    out = io.StringIO()
    print_readable(report, result, lang, out)
    return out.getvalue()


def _score(args: argparse.Namespace, lang: Lang) -> int:
    files = _report_files(args.file)
    profile = None if args.profile == "none" else args.profile
    overrides = _parse_map(args.map)
    # Worked out where the files are parsed: this process imports neither pandas nor the
    # KPI engine, and the worker imports them while calamine reads the sheet.
    output = load_reports_then(
        files,
        functools.partial(score_output, as_json=args.json, lang=lang),
        sheet=args.sheet,
        overrides=overrides,
        profile=profile,
    )
    sys.stdout.write(output)
    return 0


def _question_json(bank: QuestionBank, question: Question, lang: Lang) -> dict[str, object]:
    return {
        "id": question.id,
        "dimension": question.dimension,
        "text": question.text.render(lang),
        "options": [
            {"id": o.id, "value": o.value, "text": o.text.render(lang)}
            for o in bank.options(question.id)
        ],
    }


def questions_json(bank: QuestionBank, lang: Lang) -> dict[str, object]:
    """The ``questions --json`` document: the bank's version, dimensions, the unscored
    context questions (asked first) and the scored questions with their options."""
    return {
        "version": bank.version,
        "dimensions": [{"id": d.id, "name": d.name.render(lang)} for d in bank.dimensions],
        "context": [_question_json(bank, q, lang) for q in bank.context],
        "questions": [_question_json(bank, q, lang) for q in bank.questions],
    }


def _rounded(score: float | None) -> float | None:
    return None if score is None else round(score, 1)


def assess_json(card: Scorecard, lang: Lang) -> dict[str, object]:
    """The ``assess --json`` document; ``overall`` is in whole points, the value the level
    is read from."""
    return {
        "overall": card.overall_points,
        "level": None
        if card.level is None
        else {"id": card.level.id, "name": card.level.name.render(lang)},
        "dimensions": {d: _rounded(s.score) for d, s in card.dimensions.items()},
        "weakest": card.weakest,
        "diagnosis": [f.code for f in card.diagnosis],
        "contradictions": [
            {"dimension": c.dimension, "kpi": c.kpi, "message": c.message.render(lang)}
            for c in card.contradictions
        ],
        "recommendations": [m.render(lang) for m in card.recommendations],
        "red_flags": list(card.red_flag_codes),
        "confidence": card.confidence.level,
        "scope": None if card.scope is None else card.scope.to_json(lang),
    }


def _json_text(document: object) -> str:
    # json.dumps uses the C encoder, written at once; json.dump to a stream encodes in
    # pure Python with a write per token (5.5 million writes for 50,000 accounts).
    return json.dumps(document, ensure_ascii=False, allow_nan=False) + "\n"


def _print_json(document: object) -> None:
    sys.stdout.write(_json_text(document))


def _questions(args: argparse.Namespace, lang: Lang) -> int:
    from smm_logic.assessment.bank import CONTEXT, load_bank

    bank = load_bank()
    if args.json:
        _print_json(questions_json(bank, lang))
        return 0
    context = (
        text("pages.assessment.context_name", lang),
        text("pages.assessment.context_about", lang),
    )
    sections = [(CONTEXT, context)]
    sections += [(d.id, (d.name.render(lang), d.about.render(lang))) for d in bank.dimensions]
    for section, (name, about) in sections:
        sys.stdout.write(f"\n{name} — {about}\n")
        for question in bank.questions_of(section):
            sys.stdout.write(f"\n  {question.id}\n  {question.text.render(lang)}\n")
            for option in bank.options(question.id):
                value = "—" if option.value is None else f"{option.value:g}"
                sys.stdout.write(f"    {option.id} ({value}): {option.text.render(lang)}\n")
    return 0


def _print_readable_card(card: Scorecard, bank: QuestionBank, lang: Lang) -> None:
    def line(key: str, value: str) -> None:
        sys.stdout.write(f"{text(key, lang)}: {value}\n")

    def points(score: float | None) -> str:
        return text("scorecard.label.not_scored", lang) if score is None else f"{score:.0f}"

    sys.stdout.write(card.verdict(lang) + "\n\n")
    line("scorecard.label.overall", points(card.overall))
    line("scorecard.cli.level", card.level.name.render(lang) if card.level else "—")
    weakest = bank.dimension(card.weakest).name.render(lang) if card.weakest else "—"
    line("scorecard.label.weakest", weakest)
    sys.stdout.write(f"\n{text('scorecard.cli.dimensions', lang)}:\n")
    for dimension in bank.dimensions:
        score = card.dimensions[dimension.id].score
        sys.stdout.write(f"- {dimension.name.render(lang)}: {points(score)}\n")
    line("scorecard.label.confidence", card.confidence.message.render(lang))
    if card.scope is not None:
        line("scorecard.label.scope", safe_line(card.scope.label(lang)))
    sections = (
        ("scorecard.label.red_flags", [f.message for f in card.red_flags]),
        ("scorecard.label.diagnosis", [f.message for f in card.diagnosis]),
        ("scorecard.cli.contradictions", [c.message for c in card.contradictions]),
        ("scorecard.label.recommendations", list(card.recommendations)),
        ("scorecard.label.questions_to_ask", list(card.questions_to_ask)),
        ("scorecard.label.missing", list(card.missing)),
    )
    for key, messages in sections:
        if messages:
            sys.stdout.write(f"\n{text(key, lang)}:\n")
            for message in messages:
                sys.stdout.write(f"- {message.render(lang)}\n")


def _assess(args: argparse.Namespace, lang: Lang) -> int:
    from smm_logic.assessment.bank import AnswersError, load_bank, parse_answers

    bank = load_bank()
    path = Path(args.answers)
    try:
        targets = parse_targets(args.target, lang)
        answers = parse_answers(bank, read_answers(path, lang))
    except (AnswersFileError, TargetError) as exc:
        sys.stderr.write(f"error: {safe_line(str(exc))}\n")
        return EXIT_BAD_INPUT
    except AnswersError as exc:
        sys.stderr.write(f"error: {safe_line(answers_problem(exc, lang))}\n")
        return EXIT_BAD_INPUT
    analysis = None
    if args.report:
        report_path = Path(args.report)
        try:
            data = report_path.read_bytes()
        except OSError as exc:
            raise ReportFormatError("file_not_found", name=str(report_path)) from exc
        analysis = analyse_report(aggregate_report(load_report(data, report_path.name)))
    card = assess(answers, analysis, targets, bank)
    if args.json:
        _print_json(assess_json(card, lang))
    else:
        _print_readable_card(card, bank, lang)
    return 0


def _bad_input(message: str) -> int:
    sys.stderr.write(f"error: {safe_line(message)}\n")
    return EXIT_BAD_INPUT


def _report(args: argparse.Namespace, lang: Lang) -> int:
    """The handout files the app offers, from answers, a report or both."""
    if not args.answers and not args.report:
        return _bad_input(text("handout.cli.nothing", lang))
    if not args.pdf and not args.xlsx:
        return _bad_input(text("handout.cli.no_output", lang))
    from smm_logic.assessment.bank import load_bank
    from smm_logic.outputs.pdf import handout_pdf
    from smm_logic.outputs.workbook import WorkbookSources, handout_workbook

    bank = load_bank()
    try:
        targets = parse_targets(args.target, lang)
        answers = answers_of(Path(args.answers), bank, lang) if args.answers else None
    except (AnswersFileError, TargetError) as exc:
        return _bad_input(str(exc))
    report = report_of(Path(args.report)) if args.report else None
    analysis = None if report is None else analyse_report(aggregate_report(report))
    handout = make_handout(
        answers, report, lang, analysis=analysis, targets=targets, client=args.client,
        consultant=args.consultant, bank=bank,
    )  # fmt: skip
    given: tuple[tuple[str, Mapping[str, str]], ...] = ()
    if answers is not None:
        who = text(f"pages.assessment.respondent_{answers.respondent}", lang)
        given = ((who, answers.choices),)
    sources = WorkbookSources(report, analysis, given, bank)
    files: list[tuple[str, Callable[[], bytes]]] = []
    if args.pdf:
        files.append((args.pdf, lambda: handout_pdf(handout)))
    if args.xlsx:
        files.append((args.xlsx, lambda: handout_workbook(handout, lang, sources)))
    for name, make in files:
        try:
            Path(name).write_bytes(make())
        except OSError as exc:
            reason = exc.strerror or type(exc).__name__
            return _bad_input(text("handout.cli.cannot_write", lang, path=name, reason=reason))
        sys.stdout.write(safe_line(text("handout.cli.written", lang, path=name)) + "\n")
    return 0


def _add_report_parser(commands: argparse._SubParsersAction[_Parser]) -> None:
    report = commands.add_parser("report", help="write the handout: PDF and/or Excel workbook")
    report.add_argument("--answers", help="answers JSON file (as for assess)")
    report.add_argument("--report", help="report file whose KPIs feed the handout")
    report.add_argument(
        "--target", action="append", default=[], metavar="kpi=value",
        help="a company target (KPI id of kpis.toml); repeat for several",
    )  # fmt: skip
    report.add_argument("--lang", choices=("ru", "en"), help="language (default: from LANG)")
    report.add_argument("--client", help="the client's name for the cover")
    report.add_argument("--consultant", help="the consultant's name for the cover")
    report.add_argument("--pdf", metavar="OUT.pdf", help="write the PDF handout here")
    report.add_argument("--xlsx", metavar="OUT.xlsx", help="write the Excel workbook here")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="python -m smm_logic", description="SMM Scorecard engine")
    commands = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)
    score = commands.add_parser("score", help="compute every KPI of a report file")
    score.add_argument(
        "file",
        nargs="+",
        help="report: .xlsx .xlsm .xls .xlsb .ods .csv .zip; several files make one report",
    )
    score.add_argument("--sheet", help="read only this sheet")
    score.add_argument(
        "--map",
        action="append",
        default=[],
        metavar="id=Header",
        help="read metric id from the column with this header (empty header: ignore the metric)",
    )
    score.add_argument(
        "--profile",
        default="auto",
        metavar="ID",
        help="read as this export (profiles.toml id); 'none' for no profile, default 'auto'",
    )
    score.add_argument("--json", action="store_true", help="print one JSON object")
    questions = commands.add_parser("questions", help="list the self-assessment questions")
    questions.add_argument("--lang", choices=("ru", "en"), help="language (default: from LANG)")
    questions.add_argument("--json", action="store_true", help="print one JSON object")
    assess = commands.add_parser("assess", help="score a self-assessment, with a report or not")
    assess.add_argument(
        "answers", help='JSON: {"respondent": "owner", "answers": {"<question id>": "<option id>"}}'
    )
    assess.add_argument("--report", help="report file whose KPIs feed the scorecard")
    assess.add_argument(
        "--target",
        action="append",
        default=[],
        metavar="kpi=value",
        help="a company target (KPI id of kpis.toml); repeat for several",
    )
    assess.add_argument("--lang", choices=("ru", "en"), help="language (default: from LANG)")
    assess.add_argument("--json", action="store_true", help="print one JSON object")
    _add_report_parser(commands)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    lang = normalize_lang(os.environ.get("LANG"))
    args = build_parser().parse_args(argv)
    if getattr(args, "lang", None):
        lang = normalize_lang(args.lang)
    try:
        if args.command == "score":
            return _score(args, lang)
        if args.command == "questions":
            return _questions(args, lang)
        if args.command == "assess":
            return _assess(args, lang)
        if args.command == "report":
            return _report(args, lang)
    except ReportFormatError as exc:
        sys.stderr.write(f"error: {safe_line(exc.render(lang))}\n")
        return EXIT_BAD_INPUT
    return EXIT_BAD_INPUT
