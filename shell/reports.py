"""Reports for the pages: parsed, aggregated and charted once, cached by content.

Every cache is bounded and keyed by the report's content (a file's sha256, or the
digest of typed rows) and its mapping overrides, so changing the scope, period or a
target never parses again:

- ``load``: the ``Report``; ``cube``: its daily cube (``smm_logic.kpis.cube``), both
  in one store bounded by the bytes they hold (``shell.cache``), least recently used
  dropped first, so the server's memory goes back down; the file's bytes stay in the
  session only;
- ``selection_chart``: a chart of one selection of the cube (scope and period),
  each finished chart cached on its own under (content, overrides, scope, period,
  chart kind, language), built from the selection's ``ChartData`` (bucketed once,
  cached under the same key without the kind and language).

Cached values are shared by every session and thread, so they are immutable or
treated as such: ``Report`` and ``DailyCube`` are frozen and only read, ``ChartData``
is frozen and made whole, and a finished Altair chart is only read (``st.altair_chart``
turns it into a spec); nothing is filled into a cached value after it is made.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import streamlit as st

from shell.cache import ByteBudgetCache
from shell.session import FileSource, FilesSource, ReportSource, RowsSource
from smm_logic.kpis.cube import DailyCube
from smm_logic.kpis.periods import Period
from smm_logic.outputs.charts import SELECTION_CHARTS, AnyChart, ChartData
from smm_logic.report.model import Report
from smm_logic.report.profiles import AUTO
from smm_logic.text import Lang
from smm_logic.usecases import aggregate_report, load_report, load_reports, load_typed_rows

_MB = 1024 * 1024
# Reports and their daily cubes share one budget of bytes, whatever their number:
# one 200k-row report is as much as many small ones.
_REPORT_BUDGET_BYTES = 768 * _MB
_CACHE_ENTRIES = 8
# Selections kept per report, and charts kept per selection (every kind, both languages).
_SELECTION_ENTRIES = 4 * _CACHE_ENTRIES
_CHART_ENTRIES = _SELECTION_ENTRIES * len(SELECTION_CHARTS) * 2

Overrides = tuple[tuple[str, str | None], ...]


def _key(overrides: Mapping[str, str | None]) -> Overrides:
    return tuple(sorted(overrides.items()))


@st.cache_resource(show_spinner=False)
def _reports() -> ByteBudgetCache:
    """The one store of reports and cubes (``st.cache_resource.clear()`` empties it)."""
    return ByteBudgetCache(_REPORT_BUDGET_BYTES)


def _parse(source: ReportSource, overrides: Overrides, profile: str | None) -> Report:
    if isinstance(source, RowsSource):
        return load_typed_rows(source.rows, source.name, overrides=dict(overrides))
    # Only the session holds the files' bytes; the cache keeps the report made from them.
    if isinstance(source, FilesSource):
        parts = [(part.name, part.data) for part in source.parts]
        return load_reports(parts, overrides=dict(overrides), profile=profile)
    return load_report(source.data, source.name, overrides=dict(overrides), profile=profile)


def load(
    source: ReportSource, overrides: Mapping[str, str | None], profile: str | None = AUTO
) -> Report:
    """The report of a source kept in the session (a file or typed rows), read with its
    mapping overrides and source profile (``AUTO``: the one its headers show)."""
    key = ("report", source.content_key, source.name, _key(overrides), profile)
    return _reports().get_or_make(key, lambda: _parse(source, _key(overrides), profile))


def cube(
    source: ReportSource, overrides: Mapping[str, str | None], profile: str | None = AUTO
) -> DailyCube:
    """The daily cube of ``load(source, overrides, profile)``, built once per report."""
    key = ("cube", source.content_key, source.name, _key(overrides), profile)
    return _reports().get_or_make(key, lambda: aggregate_report(load(source, overrides, profile)))


@dataclass(frozen=True)
class SelectionKey:
    """What one selection of a report (a scope and a period filter) is cached under."""

    content: str
    overrides: Overrides
    scope: str
    period: tuple[str, str] | None
    profile: str | None = AUTO


def selection_key(
    source: ReportSource,
    overrides: Mapping[str, str | None],
    scope_key: str,
    period: Period | None,
    profile: str | None = AUTO,
) -> SelectionKey:
    dates = None if period is None else (period.start.isoformat(), period.end.isoformat())
    return SelectionKey(source.content_key, _key(overrides), scope_key, dates, profile)


def _chart_data(key: SelectionKey, selection: DailyCube) -> ChartData:
    # A selection's cubes and buckets can be as large as its report's: they share the
    # reports' byte budget rather than a count of entries.
    return _reports().get_or_make(("chart data", key), lambda: ChartData.of(selection))


@st.cache_resource(max_entries=_CHART_ENTRIES, show_spinner=False)
def _chart(key: SelectionKey, kind: str, lang: Lang, _selection: DailyCube) -> AnyChart | None:
    return SELECTION_CHARTS[kind](_chart_data(key, _selection), lang)


def selection_chart(
    key: SelectionKey, kind: str, selection: DailyCube, lang: Lang
) -> AnyChart | None:
    """The chart ``kind`` (one of ``SELECTION_CHARTS``) of one selection of a report
    (``Analysis.cube`` for a scope and a period filter, known by ``key``); ``None`` for
    a chart without its data.

    A rerun with the same selection (a target changed) gets the same chart back; one
    with another selection or language resamples or builds only what it has not seen,
    and a chart never shown is never built.
    """
    return _chart(key, kind, lang, selection)


def file_source(name: str, data: bytes) -> FileSource:
    return FileSource.of(name, data)


def upload_source(files: Sequence[tuple[str, bytes]]) -> FileSource | FilesSource:
    """The source of the files of one upload: one file, or several read as one report."""
    parts = tuple(file_source(name, data) for name, data in files)
    return parts[0] if len(parts) == 1 else FilesSource(parts)


SAMPLE_PATH = "assets/sample_coffee_chain.xlsx"
SAMPLE_NAME = Path(SAMPLE_PATH).name


@st.cache_resource(max_entries=1, show_spinner=False)
def _sample_bytes() -> bytes:
    return Path(SAMPLE_PATH).read_bytes()


def sample_source() -> FileSource:
    """The bundled realistic report (made by ``smm_logic.report.sample``)."""
    return file_source(SAMPLE_NAME, _sample_bytes())
