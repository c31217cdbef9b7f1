"""Parsing reports for the pages, cached by the file's content hash.

The cache is bounded and keyed by content (sha256), mapping and sheet, so changing
the scope, period or a target never parses again. A ``Report`` is treated as read-only.
Each report's daily cube (``smm_logic.kpis.cube.DailyCube``) is cached under the same key,
so such reruns never aggregate the rows again either.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping, Sequence

import streamlit as st

from smm_logic.kpis.cube import DailyCube, build_cube
from smm_logic.kpis.periods import Period
from smm_logic.outputs.charts import ChartData
from smm_logic.report.ingest import read_report, read_rows
from smm_logic.report.model import Report

_CACHE_ENTRIES = 8


def digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _key(overrides: Mapping[str, str | None]) -> tuple[tuple[str, str | None], ...]:
    return tuple(sorted(overrides.items()))


@st.cache_resource(max_entries=_CACHE_ENTRIES, show_spinner=False)
def _parse_file(
    content_digest: str, name: str, overrides: tuple[tuple[str, str | None], ...], _data: bytes
) -> Report:
    return read_report(_data, name, overrides=dict(overrides))


@st.cache_resource(max_entries=_CACHE_ENTRIES, show_spinner=False)
def _parse_rows(
    rows_key: str,
    name: str,
    overrides: tuple[tuple[str, str | None], ...],
    _rows: tuple[tuple[object, ...], ...],
) -> Report:
    return read_rows(_rows, name, overrides=dict(overrides))


def _frozen_rows(source: Mapping[str, object]) -> tuple[tuple[object, ...], ...]:
    rows: Sequence[Sequence[object]] = source["rows"]  # type: ignore[assignment]
    return tuple(tuple(row) for row in rows)


def _content_key(source: Mapping[str, object]) -> str:
    if "rows" in source:
        return "rows:" + digest(repr(_frozen_rows(source)).encode())
    return "file:" + str(source["digest"])


def load(source: Mapping[str, object], overrides: Mapping[str, str | None]) -> Report:
    """The report of a source kept in session state (a file or typed rows)."""
    name = str(source["name"])
    if "rows" in source:
        frozen = _frozen_rows(source)
        return _parse_rows(digest(repr(frozen).encode()), name, _key(overrides), frozen)
    data: bytes = source["data"]  # type: ignore[assignment]
    return _parse_file(str(source["digest"]), name, _key(overrides), data)


@st.cache_resource(max_entries=_CACHE_ENTRIES, show_spinner=False)
def _cube(
    content_key: str, name: str, overrides: tuple[tuple[str, str | None], ...], _report: Report
) -> DailyCube:
    return build_cube(_report.table)


def cube(source: Mapping[str, object], overrides: Mapping[str, str | None]) -> DailyCube:
    """The daily cube of ``load(source, overrides)``, built once per report."""
    report = load(source, overrides)
    return _cube(_content_key(source), str(source["name"]), _key(overrides), report)


@st.cache_resource(max_entries=4 * _CACHE_ENTRIES, show_spinner=False)
def _chart_data(
    content_key: str,
    overrides: tuple[tuple[str, str | None], ...],
    scope_key: str,
    period: tuple[str, str] | None,
    _selection: DailyCube,
) -> ChartData:
    return ChartData(_selection)


def chart_data(
    source: Mapping[str, object],
    overrides: Mapping[str, str | None],
    scope_key: str,
    period: Period | None,
    selection: DailyCube,
) -> ChartData:
    """The charts' data of one selection of a report (``Analysis.cube`` for a scope and a
    period filter), kept so that a rerun with the same selection (a target changed)
    gets its charts back without building them again."""
    dates = None if period is None else (period.start.isoformat(), period.end.isoformat())
    return _chart_data(_content_key(source), _key(overrides), scope_key, dates, selection)


def file_source(name: str, data: bytes) -> dict[str, object]:
    return {"name": name, "digest": digest(data), "data": data}


SAMPLE_PATH = "assets/sample_coffee_chain.xlsx"


@st.cache_resource(max_entries=1, show_spinner=False)
def _sample_bytes() -> bytes:
    from pathlib import Path

    return Path(SAMPLE_PATH).read_bytes()


def sample_source() -> dict[str, object]:
    """The bundled realistic report (made by ``smm_logic.report.sample``)."""
    return file_source(SAMPLE_PATH.rsplit("/", 1)[-1], _sample_bytes())


def use_source(source: dict[str, object], mode: str | None = None) -> None:
    """Make ``source`` the loaded report; its mapping, scope and period start afresh.

    ``mode`` sets the Numbers page's input choice; only callers that run before that
    widget exists (the Start page) may pass it.
    """
    st.session_state["numbers_source"] = source
    st.session_state["numbers_overrides"] = {}
    st.session_state["numbers_error"] = None
    if mode is not None:
        st.session_state["numbers_input_mode"] = mode
    for key in [k for k in st.session_state if str(k).startswith("numbers_map_")]:
        del st.session_state[key]
    for key in ("numbers_scope", "numbers_period"):
        st.session_state.pop(key, None)
