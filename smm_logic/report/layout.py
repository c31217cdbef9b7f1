"""Where a sheet's table sits: the header row among the first rows, the header cells
mapped to metrics (overridable), and tables turned on their side (metrics down).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from smm_logic.report.cells import (
    INVALID,
    is_total_label,
    parse_date,
    parse_number,
)
from smm_logic.report.headers import (
    HeaderMatch,
    count_metric_cells,
    match_header,
    normalize,
)
from smm_logic.report.model import ColumnInfo, Issue, column_letter
from smm_logic.report.profiles import Profile, recognise
from smm_logic.report.vocabulary import vocabulary
from smm_logic.text import Message

HEADER_SEARCH_ROWS = 20
# Sheets this short may be tables turned on their side (metrics down, periods across).
TRANSPOSE_MAX_ROWS = 400


def _header_text(cell: object) -> str:
    if cell is None:
        return ""
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    return " ".join(str(cell).split())


@dataclass(frozen=True)
class SheetLayout:
    """Where a sheet's records and fields sit in Excel terms.

    A record is a row of the sheet and a field a column; in a transposed sheet
    (metrics down the first column, periods across) it is the other way round.
    """

    sheet: str
    first_row: int
    first_column: int
    transposed: bool = False

    def field_label(self, index: int) -> str:
        """The header cell's column letter, or its cell reference when transposed."""
        if self.transposed:
            return f"{column_letter(self.first_column)}{self.first_row + index}"
        return column_letter(self.first_column + index)

    def record_number(self, position: int) -> int:
        """Excel row of a record (its 1-based column number when transposed)."""
        if self.transposed:
            return self.first_column + position + 1
        return self.first_row + position

    def record_place(self, position: int) -> tuple[int | None, str | None]:
        if self.transposed:
            return None, column_letter(self.first_column + position)
        return self.first_row + position, None

    def cell(self, position: int, info: ColumnInfo) -> tuple[int, str]:
        """(Excel row, "column «header»") of one cell, to name it in an issue."""
        if self.transposed:
            row = self.first_row + info.position
            return row, f"{column_letter(self.first_column + position)} «{info.header}»"
        return self.first_row + position, f"{info.letter} «{info.header}»"


def is_blank(row: Sequence[object]) -> bool:
    return row.count("") + row.count(None) == len(row)


def find_header(head: Sequence[Sequence[object]], extra: frozenset[str]) -> int | None:
    """The first row naming two metrics, or holding the identifying headers of an export."""
    for index, row in enumerate(head):
        if count_metric_cells(row, extra) >= 2 or recognise(row) is not None:
            return index
    return None


@dataclass
class ColumnMap:
    """A header row read: the column infos, index → metric, the overrides found and the
    notes about the header itself (a duplicate column)."""

    infos: list[ColumnInfo]
    assigned: dict[int, str]
    found_overrides: set[str]
    issues: list[Issue] = field(default_factory=list)


def _by_hand(
    headers: Sequence[str], overrides: Mapping[str, str | None], found: ColumnMap
) -> dict[str, int]:
    taken: dict[str, int] = {}
    for metric_id, wanted in overrides.items():
        if wanted is None:
            continue
        for index, header in enumerate(headers):
            if header and normalize(header) == normalize(wanted) and index not in found.assigned:
                found.assigned[index] = metric_id
                taken[metric_id] = index
                found.found_overrides.add(metric_id)
                break
    return taken


def _row_date_first(headers: Sequence[str], matches: Mapping[int, HeaderMatch]) -> list[int]:
    """Column order to assign metrics in: a row date (``Date``) before a publish time
    (kpi-spec §4: with both, the row date is the date)."""
    publish = vocabulary().publish_times
    order = list(range(len(headers)))
    dates = [i for i in order if matches[i].metric == "date"]
    row_dates = [i for i in dates if normalize(headers[i]) not in publish]
    if row_dates and row_dates[0] != dates[0]:
        order.remove(row_dates[0])
        order.insert(0, row_dates[0])
    return order


def _match(header: str, profile: Profile | None) -> HeaderMatch:
    """The recognised export's reading of a header first, then the catalog's."""
    if not header:
        return HeaderMatch(None)
    decided = profile.decide(header) if profile is not None else None
    match = decided or match_header(header)
    if match.reason is not None and match.reason.key == "unused.not_metric" and _is_rate(header):
        return HeaderMatch(None, None, Message("unused.profile_rate"))
    return match


def _is_rate(header: str) -> bool:
    """A header of a rate or average the export computed ("Engagement rate", "CTR (%)",
    "Средний охват", "Процент досмотров"): such a column is never summed."""
    words = vocabulary()
    folded = normalize(header)
    return bool(set(folded.split()) & words.rate_words) or folded.startswith(words.rate_prefixes)


def map_columns(
    layout: SheetLayout,
    cells: Sequence[object],
    overrides: Mapping[str, str | None],
    profile: Profile | None = None,
) -> ColumnMap:
    """Header cells → column infos, the index → metric map, and the overrides found."""
    headers = [_header_text(cell) for cell in cells]
    found = ColumnMap([], {}, set())
    taken = _by_hand(headers, overrides, found)
    blocked = {metric_id for metric_id, wanted in overrides.items() if wanted is None}
    matches = {i: _match(h, profile) for i, h in enumerate(headers)}
    sheet = layout.sheet
    infos: dict[int, ColumnInfo] = {}
    for index in _row_date_first(headers, matches):
        header, match = headers[index], matches[index]
        letter = layout.field_label(index)
        if not header:
            continue
        unit = match.unit.spelling if match.unit else None
        if index in found.assigned:
            metric = found.assigned[index]
            infos[index] = ColumnInfo(
                sheet, letter, header, metric, unit, by_user=True, position=index
            )
            continue
        reason = match.reason
        if match.metric is not None:
            if match.metric in blocked:
                reason = Message("unused.unmapped_by_user")
            elif match.metric in taken:
                other = headers[taken[match.metric]]
                reason = Message("unused.duplicate", {"metric": match.metric, "other": other})
                if match.metric != "date" or normalize(header) == normalize(other):
                    first = layout.field_label(taken[match.metric])
                    params = {"header": header, "first": f"{first} «{other}»"}
                    message = Message("issue.duplicate_column", params)
                    found.issues.append(Issue(sheet, None, f"{letter} «{header}»", message))
            else:
                found.assigned[index] = match.metric
                taken[match.metric] = index
                infos[index] = ColumnInfo(sheet, letter, header, match.metric, unit, position=index)
                continue
        infos[index] = ColumnInfo(sheet, letter, header, None, unit, reason, position=index)
    found.infos = [infos[index] for index in sorted(infos)]
    return found


def _is_name(value: object) -> bool:
    """A text cell that is neither a number nor a date: a channel's or page's name."""
    if not isinstance(value, str):
        return False
    return parse_number(value) is INVALID and parse_date(value) in (None, INVALID)


def account_from_column(
    layout: SheetLayout, found: ColumnMap, records: Sequence[Sequence[object]]
) -> None:
    """Several accounts in one sheet with no account column (kpi-spec §4): a column of
    account links (``Channel Link``), or in a summary table (one row per account for a
    period) its first text column, names each row's account; the choice is noted."""
    if "account" in found.assigned.values():
        return
    words = vocabulary()
    headers = {normalize(info.header) for info in found.infos}
    summary = bool(headers & words.summary_markers)
    for number, info in enumerate(found.infos):
        if info.metric is not None or info.by_user:
            continue
        values = [r[info.position] for r in records if info.position < len(r)]
        filled = [v for v in values if v not in (None, "")]
        link = normalize(info.header) in words.account_links
        named = summary and all(_is_name(v) and not is_total_label(str(v)) for v in filled)
        if not (filled and (link or named)):
            continue
        found.assigned[info.position] = "account"
        found.infos[number] = ColumnInfo(
            info.sheet, info.letter, info.header, "account", position=info.position
        )
        message = Message("issue.account_from_column", {"column": info.header})
        found.issues.append(Issue(layout.sheet, None, f"{info.letter} «{info.header}»", message))
        return


def transpose(rows: Sequence[Sequence[object]]) -> list[list[object]]:
    width = max((len(row) for row in rows), default=0)
    padded = [[*row, *([""] * (width - len(row)))] for row in rows]
    return [list(column) for column in zip(*padded, strict=True)]


def label_dates(
    infos: list[ColumnInfo], assigned: dict[int, str], records: Sequence[Sequence[object]]
) -> list[ColumnInfo]:
    """In a transposed table the period labels ("Январь 2024") usually sit under a
    header such as «Показатель»: take the first unmapped field whose every filled
    value is a date as the date."""
    for number, info in enumerate(infos):
        if info.metric is not None:
            continue
        values = [r[info.position] for r in records if info.position < len(r)]
        filled = [
            v
            for v in values
            if v not in (None, "") and not (isinstance(v, str) and is_total_label(v))
        ]
        if filled and all(parse_date(v) not in (None, INVALID) for v in filled):
            assigned[info.position] = "date"
            dated = ColumnInfo(info.sheet, info.letter, info.header, "date", position=info.position)
            return [*infos[:number], dated, *infos[number + 1 :]]
    return infos
