"""One column's cells cleaned chunk by chunk (kpi-spec §2), with every bad cell located."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from datetime import date, datetime
from itertools import islice

import numpy as np
import pandas as pd

from smm_logic.report.cells import (
    INVALID,
    infer_years,
    month_day,
    parse_date,
    parse_number,
    slash_order_hint,
)
from smm_logic.report.headers import (
    header_unit,
    metrics,
)
from smm_logic.report.layout import SheetLayout
from smm_logic.report.model import ColumnInfo, Issue
from smm_logic.report.vocabulary import vocabulary
from smm_logic.text import Message


def chunks(rows: Iterable[list[object]], size: int) -> Iterator[list[list[object]]]:
    iterator = iter(rows)
    while chunk := list(islice(iterator, size)):
        yield chunk


def text_value(cell: object) -> str | None:
    if cell is None:
        return None
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    text = " ".join(str(cell).split())
    return text or None


class ColumnCleaner:
    """Accumulates one column's cleaned values chunk by chunk."""

    def __init__(self, layout: SheetLayout, info: ColumnInfo, hours_per_unit: float | None) -> None:
        self.layout = layout
        self.info = info
        self.metric = metrics()[info.metric or ""]
        self.hours_per_unit = hours_per_unit
        self.parts: list[np.ndarray] = []
        self.raw: list[object] = []
        self.memo: dict[object, object] = {}
        self.saw_invalid = False
        # formula-error cells (#DIV/0!, #N/A…) written as text: how many, and the first
        self.formula_errors: tuple[int, str] = (0, "")
        # (record position, or None for the whole column; the issue)
        self.issues: list[tuple[int | None, Issue]] = []
        # the column already cleaned as a whole (report/columnar.py), if it was
        self.finished: np.ndarray | pd.Series | list[object] | None = None

    def add(self, values: Sequence[object], positions: list[int]) -> None:
        if self.metric.kind == "number":
            self.parts.append(self._numbers(values, positions))
        elif self.metric.kind == "text":
            # Platform and account names repeat on every row: clean each distinct cell
            # once and keep one string object for it, so the chunk's cells can be freed.
            memo = self.memo
            self.raw.extend(
                [memo[c] if c in memo else memo.setdefault(c, text_value(c)) for c in values]
            )
        else:
            self.raw.extend(values)

    def _parse(self, value: object) -> object:
        """parse_number, remembered per distinct cell value ("—" and "n/a" repeat)."""
        parsed = parse_number(value, hours_per_unit=self.hours_per_unit)
        if parsed is INVALID:
            self.saw_invalid = True
        self.memo[value] = parsed
        return parsed

    def _numbers(self, values: Sequence[object], positions: list[int]) -> np.ndarray:
        # Float cells are the common case and skip every check; other values go
        # through the memo. This loop is the engine's hot path.
        memo, parse = self.memo, self._parse
        scale = self.hours_per_unit
        parsed: list[object]
        if scale is None:
            parsed = [v if type(v) is float else memo[v] if v in memo else parse(v) for v in values]
        else:
            parsed = [
                v * scale if type(v) is float else memo[v] if v in memo else parse(v)
                for v in values
            ]
        if self.saw_invalid:
            errors = vocabulary().formula_errors
            for i in [i for i, v in enumerate(parsed) if v is INVALID]:
                text = str(values[i]).strip()
                if text.lower() in errors:
                    count, first = self.formula_errors
                    self.formula_errors = (count + 1, first or text)
                else:
                    self.issue(positions[i], "issue.invalid_number", value=text[:80])
                parsed[i] = None
        array = np.array(parsed, dtype=float)  # None → nan
        negative = np.flatnonzero(array < 0) if not self.metric.signed else ()
        for i in negative[:100]:
            self.issue(positions[int(i)], "issue.negative_value", value=f"{array[i]:g}")
        return array

    def issue(self, position: int, key: str, **params: object) -> None:
        row, column = self.layout.cell(position, self.info)
        issue = Issue(self.layout.sheet, row, column, Message(key, params))
        self.issues.append((position, issue))

    def finish(self, positions: Sequence[int]) -> np.ndarray | pd.Series | list[object]:
        count, first = self.formula_errors
        if count:
            self.column_issue("error.cells_with_errors", count=count, value=first)
        if self.finished is not None:
            return self.finished
        if self.metric.kind == "number":
            if len(self.parts) == 1:
                return self.parts[0]  # one column cleaned as a whole: not copied
            return np.concatenate(self.parts) if self.parts else np.empty(0)
        if self.metric.kind == "text":
            return self.raw
        return self._dates(positions)

    def column_issue(self, key: str, **params: object) -> None:
        column = f"{self.info.letter} «{self.info.header}»"
        message = Message(key, {"column": self.info.header, **params})
        self.issues.append((None, Issue(self.layout.sheet, None, column, message)))

    def _dates(self, positions: Sequence[int]) -> list[object]:
        month_first, proof = slash_order_hint(self.raw)
        if month_first:
            self.column_issue("issue.month_first_dates", value=proof)
        cache: dict[str, object] = {}
        out: list[object] = []
        bad: list[int] = []
        for index, cell in enumerate(self.raw):
            if type(cell) is datetime and cell.tzinfo is None:
                out.append(cell)
                continue
            if isinstance(cell, str):
                value = cache.get(cell)
                if value is None:
                    value = cache[cell] = parse_date(cell, month_first=month_first)
            else:
                value = parse_date(cell)
            if value is INVALID:
                bad.append(index)
                value = None
            out.append(value)
        if bad:
            self._bad_dates(out, bad, positions)
        return out

    def _bad_dates(self, out: list[object], bad: list[int], positions: Sequence[int]) -> None:
        """Days without a year get one (kpi-spec §4); a column none of whose cells is a
        date gets one note; otherwise each unreadable cell is named."""
        raw = self.raw
        if all(month_day(raw[i]) is not None for i in bad):
            years = infer_years([raw[i] for i in bad], date.today())
            if years is not None:
                for i in bad:
                    day = years[month_day(raw[i])]  # type: ignore[index]
                    out[i] = datetime(day.year, day.month, day.day)
                first, last = min(years.values()), max(years.values())
                self.column_issue(
                    "issue.year_inferred", first=first.isoformat(), last=last.isoformat()
                )
                return
        if len(bad) > 1 and all(value is None for value in out):
            value = str(raw[bad[0]])[:80]
            self.column_issue("issue.date_column_unreadable", value=value)
            return
        for i in bad:
            self.issue(positions[i], "issue.invalid_date", value=str(raw[i])[:80])


def header_hours_per_unit(info: ColumnInfo) -> float | None:
    if info.metric != "response_time":
        return None
    unit = header_unit(info.header, "response_time")
    return unit.factor if unit is not None else 1.0
