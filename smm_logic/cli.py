"""Command line: ``python -m smm_logic score FILE [--sheet NAME] [--map id=Header ...] [--json]``.

Bad input exits with status 2 and one ``error:`` line on stderr, never a traceback.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import NoReturn, TextIO

from smm_logic.errors import ReportFormatError
from smm_logic.format import format_kpi
from smm_logic.i18n import Lang, normalize_lang, text
from smm_logic.ingest import Report, read_report
from smm_logic.kpis import KpiResult, KpiValues, kpi_catalog, report_kpis

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


def _number(value: float | None) -> float | int | None:
    if value is None or not math.isfinite(value):
        return None
    return int(value) if value.is_integer() and abs(value) < 2**53 else value


def _kpi_json(values: KpiValues) -> dict[str, float | int | None]:
    return {kpi: _number(values[kpi]) for kpi in kpi_catalog()}


def score_json(report: Report, result: KpiResult) -> dict[str, object]:
    """The ``score --json`` document."""
    period = report.period
    return {
        "rows_used": report.rows_used,
        "rows_skipped": [
            {"sheet": s.sheet, "row": s.row, "reason": s.reason.render("en")}
            for s in report.skipped
        ],
        "columns": report.mapping,
        "period": None
        if period is None
        else {"start": period[0].isoformat(), "end": period[1].isoformat()},
        "kpis": _kpi_json(result.overall),
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
        row = [info.name(lang), format_kpi(result.overall[kpi], info.unit, lang)]
        if show_groups:
            row += [format_kpi(g.kpis[kpi], info.unit, lang) for g in result.groups]
        rows.append(row)
    _table(rows, out)
    notes = [f"{s.location(lang)}: {s.reason.render(lang)}" for s in report.skipped]
    notes += [f"{i.location(lang)}: {i.render(lang)}" for i in report.issues]
    if notes:
        out.write(f"\n{text('cli.issues', lang)}:\n")
        for note in notes:
            out.write(f"- {note}\n")


def _score(args: argparse.Namespace, lang: Lang) -> int:
    path = Path(args.file)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ReportFormatError("file_not_found", name=str(path)) from exc
    report = read_report(data, path.name, sheet=args.sheet, overrides=_parse_map(args.map))
    result = report_kpis(report)
    if args.json:
        json.dump(score_json(report, result), sys.stdout, ensure_ascii=False, allow_nan=False)
        sys.stdout.write("\n")
    else:
        print_readable(report, result, lang, sys.stdout)
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="python -m smm_logic", description="SMM Scorecard engine")
    commands = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)
    score = commands.add_parser("score", help="compute every KPI of a report file")
    score.add_argument("file", help="report: .xlsx .xlsm .xls .xlsb .ods .csv")
    score.add_argument("--sheet", help="read only this sheet")
    score.add_argument(
        "--map",
        action="append",
        default=[],
        metavar="id=Header",
        help="read metric id from the column with this header (empty header: ignore the metric)",
    )
    score.add_argument("--json", action="store_true", help="print one JSON object")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    lang = normalize_lang(os.environ.get("LANG"))
    args = build_parser().parse_args(argv)
    try:
        if args.command == "score":
            return _score(args, lang)
    except ReportFormatError as exc:
        sys.stderr.write(f"error: {exc.render(lang)}\n")
        return EXIT_BAD_INPUT
    return EXIT_BAD_INPUT
