"""Tables of several files (uploaded together, or inside one archive) joined into one
(kpi-spec §4): rows that describe the same (date, platform, account) in two files become
one row with the columns of both; the same metric given twice for a key is counted once,
the first file's, and noted; rows of other accounts or dates simply stack.

A key is joined only where it names one row in each table: a table of posts (several
rows a day) stacks as it is.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import PurePosixPath

import numpy as np
import pandas as pd

from smm_logic.report.headers import metrics, platform_from_name
from smm_logic.report.model import GROUP_KEYS, SOURCE_ROW, SOURCE_SHEET, Issue
from smm_logic.text import Message

JOIN_KEYS = ("date", *GROUP_KEYS)
_FILE = "_file"  # which file a row came from, while the files are joined
_NOT_JOINED = frozenset((*JOIN_KEYS, SOURCE_SHEET, SOURCE_ROW, _FILE))


def _with_keys(frame: pd.DataFrame) -> pd.DataFrame:
    frame = frame.copy()
    for key in GROUP_KEYS:
        if key not in frame.columns:
            frame[key] = None
    frame["date"] = pd.to_datetime(frame["date"]) if "date" in frame.columns else pd.NaT
    return frame


def _keys(frame: pd.DataFrame) -> tuple[pd.MultiIndex, np.ndarray]:
    """Each row's (date, platform, account), and whether the row may be joined: it is
    dated and no other row of its table has its key."""
    parts = [frame["date"]]
    parts += [frame[key].astype(object).where(frame[key].notna(), "") for key in GROUP_KEYS]
    index = pd.MultiIndex.from_arrays(parts)
    joinable = frame["date"].notna().to_numpy() & ~index.duplicated(keep=False)
    return index, joinable


def _repeated(column: str, count: int, first: str, second: str) -> Issue:
    params = {"metric": metrics()[column].name, "count": count, "first": first, "second": second}
    return Issue(second, None, None, Message("issue.joined_repeated", params))


def _join_two(left: pd.DataFrame, right: pd.DataFrame) -> tuple[pd.DataFrame, int, list[Issue]]:
    """``right`` joined into ``left``: the joined table, the rows matched, the notes."""
    left_keys, left_ok = _keys(left)
    right_keys, right_ok = _keys(right)
    left_rows = np.flatnonzero(left_ok)
    found = left_keys[left_ok].get_indexer(right_keys)
    hit = (found >= 0) & right_ok
    into, source = left_rows[found[hit]], np.flatnonzero(hit)
    issues: list[Issue] = []
    if len(source):
        for column in right.columns:
            if column in _NOT_JOINED:
                continue
            if column not in left.columns:
                left[column] = right[column].iloc[:0].reindex(left.index)
            at = int(left.columns.get_loc(column))  # type: ignore[arg-type]
            mine = left[column].to_numpy()[into]
            theirs = right[column].to_numpy()[source]
            have, give = pd.notna(mine), pd.notna(theirs)
            fill = give & ~have
            if fill.any():
                left.iloc[into[fill], at] = theirs[fill]
            both = np.flatnonzero(have & give)
            if len(both):
                first = str(left[SOURCE_SHEET].iloc[into[both[0]]])
                second = str(right[SOURCE_SHEET].iloc[source[both[0]]])
                issues.append(_repeated(column, len(both), first, second))
    rest = right.iloc[np.flatnonzero(~hit)]
    if len(rest):
        left = pd.concat([left, rest], ignore_index=True, sort=False)
    return left, len(source), issues


def _platforms_from_file_names(files: dict[str, pd.DataFrame]) -> list[Issue]:
    """``vk.csv`` and ``telegram.csv`` without a platform column are two networks, not
    one table to join: when every file's name names a network, a table with no platform
    of its own takes its file's."""
    named = {
        file: platform_from_name(re.sub(r"[_\-.]+", " ", PurePosixPath(file).stem))
        for file in files
    }
    if None in named.values():
        return []
    issues: list[Issue] = []
    for file, frame in files.items():
        if frame["platform"].isna().all():
            frame["platform"] = named[file]
            params = {"file": file, "platform": named[file]}
            issues.append(Issue("", None, None, Message("issue.platform_from_file", params)))
    return issues


def _undated_repeats(joined: pd.DataFrame) -> list[Issue]:
    """A table without dates beside dated ones (YouTube Studio's ``Table data.csv``, one
    row per video, next to its daily ``Totals.csv``) repeats their sums: a metric that
    dated rows of another file give for the same account is left out of the undated
    rows, and noted."""
    undated = joined["date"].isna().to_numpy()
    if not undated.any() or undated.all():
        return []
    group = joined[list(GROUP_KEYS)].astype(object).where(joined[list(GROUP_KEYS)].notna(), "")
    groups = list(zip(*(group[key].tolist() for key in GROUP_KEYS), strict=True))
    files = joined[_FILE].tolist()
    issues: list[Issue] = []
    for column in joined.columns:
        if column in _NOT_JOINED or metrics()[column].kind != "number":
            continue
        given = joined[column].notna().to_numpy()
        dated = {(groups[i], files[i]) for i in np.flatnonzero(given & ~undated).tolist()}
        dated_groups: dict[tuple[object, ...], set[object]] = {}
        for key, file in dated:
            dated_groups.setdefault(key, set()).add(file)
        drop = [
            i
            for i in np.flatnonzero(given & undated).tolist()
            if dated_groups.get(groups[i], set()) - {files[i]}
        ]
        if drop:
            joined.iloc[drop, joined.columns.get_loc(column)] = np.nan  # type: ignore[index]
            sheet = str(joined[SOURCE_SHEET].iloc[drop[0]])
            params = {"metric": metrics()[column].name, "count": len(drop), "sheet": sheet}
            issues.append(Issue(sheet, None, None, Message("issue.undated_repeated", params)))
    return issues


def join_files(tables: Sequence[tuple[str, pd.DataFrame]]) -> tuple[pd.DataFrame, list[Issue]]:
    """The cleaned tables of several files (each ``(file, frame)``, in reading order; the
    sheets of one file stack) joined on (date, platform, account)."""
    files: dict[str, list[pd.DataFrame]] = {}
    for file, frame in tables:
        files.setdefault(file, []).append(frame)
    by_file = {
        file: _with_keys(pd.concat(frames, ignore_index=True, sort=False))
        for file, frames in files.items()
    }
    issues = _platforms_from_file_names(by_file)
    stacked = list(by_file.values())
    for number, frame in enumerate(stacked):
        frame[_FILE] = number
    joined, matched = stacked[0], 0
    for frame in stacked[1:]:
        joined, rows, notes = _join_two(joined, frame)
        matched += rows
        issues.extend(notes)
    if matched:
        params = {"files": len(stacked), "rows": matched}
        issues.insert(0, Issue("", None, None, Message("issue.files_joined", params)))
    issues.extend(_undated_repeats(joined))
    return joined.drop(columns=_FILE), issues
