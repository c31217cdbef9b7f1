"""Layouts of real exports that are not one table of metric columns (kpi-spec §4): one
metric per file under a title row, and the long format of VK community statistics."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from smm_logic.report.cells import parse_date, parse_number
from smm_logic.report.headers import match_header, metrics, normalize
from smm_logic.report.layout import ColumnMap, SheetLayout
from smm_logic.report.model import ColumnInfo, Issue
from smm_logic.report.vocabulary import vocabulary
from smm_logic.text import Message

Rows = Sequence[Sequence[object]]


def _texts(row: Sequence[object]) -> list[str]:
    return [str(c).strip() for c in row if c not in (None, "") and str(c).strip()]


def _title_metric(title: str) -> str | None:
    metric = vocabulary().metric_titles.get(normalize(title)) or match_header(title).metric
    return metric if metric is not None and metrics()[metric].kind == "number" else None


def one_metric_header(head: Rows) -> tuple[int, str, str] | None:
    """(header index, metric id, title) of a ``Date, Primary`` table under a title row
    naming its metric (Meta Business Suite account insights), else None."""
    title: str | None = None
    for index, row in enumerate(head):
        cells = _texts(row)
        dated = len(cells) == 2 and match_header(cells[0]).metric == "date"
        if dated and normalize(cells[1]) in vocabulary().value_headers and title is not None:
            metric = _title_metric(title)
            return (index, metric, title) if metric is not None else None
        if len(cells) == 1:
            title = cells[0]
    return None


def apply_one_metric(layout: SheetLayout, found: ColumnMap, metric: str, title: str) -> None:
    """The value column takes the title's metric; the choice is noted."""
    for number, info in enumerate(found.infos):
        if info.metric is None and normalize(info.header) in vocabulary().value_headers:
            found.assigned[info.position] = metric
            found.infos[number] = ColumnInfo(
                info.sheet, info.letter, info.header, metric, position=info.position
            )
            params = {"title": title, "metric": metrics()[metric].name}
            message = Message("issue.metric_from_title", params)
            found.issues.append(Issue(layout.sheet, None, None, message))
            return


def long_header(head: Rows) -> int | None:
    """The header row of a long table (``Дата, Критерий, Парам. №1, …, Значение``)."""
    date, criterion, _param, value = vocabulary().long_columns
    for index, row in enumerate(head):
        names = {normalize(c) for c in _texts(row)}
        if {date, criterion, value} <= names:
            return index
    return None


def pivot_long(rows: Rows, sheet: str) -> tuple[list[list[object]], list[Issue]]:
    """A long table (header first) → one row per date with a column per metric; a
    (date, metric) the export leaves out is 0; other criteria are listed, not read."""
    words = vocabulary()
    header = [normalize(str(c)) if c is not None else "" for c in rows[0]]
    where = {name: header.index(name) for name in words.long_columns if name in header}
    date_at, criterion_at, value_at = (where[k] for k in (words.long_columns[i] for i in (0, 1, 3)))
    param_at = where.get(words.long_columns[2])
    sums: dict[datetime, dict[str, float]] = {}
    ignored: dict[str, None] = {}
    for row in rows[1:]:
        day = parse_date(row[date_at]) if date_at < len(row) else None
        if not isinstance(day, datetime) or len(row) <= max(criterion_at, value_at):
            continue
        criterion = normalize(str(row[criterion_at] or ""))
        param = normalize(str(row[param_at] or "")) if param_at is not None else ""
        key = f"{criterion} / {param}" if param else criterion
        metric = words.long_metrics.get(key)
        if metric is None:
            ignored.setdefault(criterion, None)
            continue
        number = parse_number(row[value_at])
        if isinstance(number, float):
            sums.setdefault(day, {}).setdefault(metric, 0.0)
            sums[day][metric] += number
    found = sorted({m for values in sums.values() for m in values}, key=list(metrics()).index)
    table: list[list[object]] = [
        [metrics()["date"].name.ru, *(metrics()[m].name.ru for m in found)]
    ]
    table += [[day, *(sums[day].get(m, 0.0) for m in found)] for day in sorted(sums)]
    issues = [Issue(sheet, None, None, Message("issue.long_pivoted", {"rows": len(rows) - 1}))]
    if ignored:
        names = ", ".join(f"«{name}»" for name in ignored if name)
        issues.append(Issue(sheet, None, None, Message("issue.long_ignored", {"criteria": names})))
    return table, issues
