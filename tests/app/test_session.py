"""The typed session: defaults in one place, typed values, and a plain-data view that
round-trips (what a session file or a database will keep)."""

from __future__ import annotations

import json
from datetime import date, datetime
from typing import Any

import pytest
from streamlit.testing.v1 import AppTest

from shell.session import (
    COMPARE,
    INPUT_MODE,
    KEPT,
    LANG,
    PERIOD,
    SCOPE,
    SOURCE,
    UPLOAD_WIDGET,
    FileSource,
    FilesSource,
    RowsSource,
    Session,
    UploadError,
    mapping_widget_key,
)
from smm_logic.text import Message
from tests.app.test_numbers_page import type_target
from tests.conftest import ROOT

SAMPLE = ROOT / "assets" / "sample_coffee_chain.xlsx"
ROWS: list[list[object]] = [
    ["Дата", "Подписчики", "Охват", "Лайки"],
    [datetime(2026, 3, 1), 1000.0, 500, None],
    [date(2026, 3, 2), 1010.0, float("nan"), "12"],
]
TINY: list[list[object]] = [["Date", "Followers"], ["2026-03-01", 100]]


def filled(store: dict[str, Any]) -> Session:
    """A session with every shared value set to something other than its default."""
    session = Session(store)
    session.seed("ru-RU")
    session.use_source(RowsSource.of("typed", ROWS), "manual")
    session.overrides = {"reach": "Охват", "likes": None}
    session.targets = {"err_pct": 2.5, "cpc": 10.0}
    session.error = UploadError("broken.xlsx", Message("error.damaged", {"name": "broken.xlsx"}))
    session.upload_handled()
    session.scope = "VK\u241fКофейня"
    session.period = (date(2026, 3, 1), date(2026, 3, 2))
    session.compare = False
    session.answers = {"goals.written": "yes", "product.repeat": "dont_know"}
    session.respondent = "smm"
    session.step = 3
    session.from_review = True
    return session


def round_trip(session: Session) -> Session:
    data = json.loads(json.dumps(session.to_dict()))  # strictly JSON on the way
    restored = Session({})
    restored.restore(data, session.files())
    return restored


def test_seed_gives_every_default_once_and_the_browser_language() -> None:
    store: dict[str, Any] = {}
    session = Session(store)

    session.seed("ru-RU")

    assert session.lang == "ru"
    assert session.source is None and session.error is None
    assert session.upload_widget == UPLOAD_WIDGET
    assert session.overrides == {} and session.targets == {} and session.answers == {}
    assert (session.respondent, session.step, session.from_review) == ("owner", 0, False)
    assert (session.input_mode, session.compare) == ("upload", True)
    assert session.scope is None and session.period is None
    session.targets = {"err_pct": 3.0}
    session.seed("en-US")
    assert session.lang == "ru" and session.targets == {"err_pct": 3.0}
    assert set(KEPT) == {LANG, INPUT_MODE, SCOPE, PERIOD, COMPARE}


def test_each_session_gets_its_own_defaults() -> None:
    first, second = Session({}), Session({})
    first.seed()
    second.seed()

    first.targets = {"err_pct": 1.0}

    assert second.targets == {}


def test_the_plain_data_view_is_json_and_round_trips_every_value() -> None:
    session = filled({})

    restored = round_trip(session)

    assert restored.to_dict() == session.to_dict()
    assert restored.source == session.source
    assert isinstance(restored.source, RowsSource)
    assert restored.source.rows[1][0] == datetime(2026, 3, 1)
    assert restored.source.rows[2][0] == date(2026, 3, 2)
    assert restored.error == session.error
    assert restored.period == (date(2026, 3, 1), date(2026, 3, 2))
    for name in ("lang", "overrides", "targets", "input_mode", "scope"):
        assert getattr(restored, name) == getattr(session, name), name
    for name in ("compare", "answers", "respondent", "step", "from_review"):
        assert getattr(restored, name) == getattr(session, name), name


def test_a_file_is_kept_by_digest_beside_the_plain_data() -> None:
    session = Session({})
    session.seed()
    session.use_source(FileSource.of(SAMPLE.name, SAMPLE.read_bytes()))

    data = session.to_dict()
    restored = round_trip(session)

    assert "data" not in data["numbers"]["source"]
    assert session.files() == {data["numbers"]["source"]["digest"]: SAMPLE.read_bytes()}
    assert restored.source == session.source
    assert isinstance(restored.source, FileSource)
    assert restored.source.data == SAMPLE.read_bytes()
    with pytest.raises(ValueError, match="missing"):
        Session({}).restore(data)
    with pytest.raises(ValueError, match="version"):
        Session({}).restore({**data, "version": 99})


def test_files_uploaded_together_are_kept_each_by_digest_and_come_back_in_order() -> None:
    session = Session({})
    session.seed()
    first, second = FileSource.of("reach.csv", b"Date,Primary\n"), FileSource.of("b.csv", b"x")
    session.use_source(FilesSource((first, second)))

    restored = round_trip(session)

    assert session.files() == {first.digest: first.data, second.digest: second.data}
    assert restored.source == session.source
    assert isinstance(restored.source, FilesSource)
    assert [part.data for part in restored.source.parts] == [first.data, second.data]
    assert restored.source.name == "reach.csv, b.csv"
    # the same files in another order are another report (the first file's sheet leads)
    assert FilesSource((second, first)).content_key != session.source.content_key


def test_each_handled_upload_gives_the_uploader_a_new_key() -> None:
    session = Session({})
    session.seed()
    keys = [session.upload_widget]
    for _ in range(2):
        session.upload_handled()
        keys.append(session.upload_widget)

    assert keys[0] == UPLOAD_WIDGET
    assert len(set(keys)) == 3


def test_plain_data_left_in_the_state_is_read_as_typed_values() -> None:
    store: dict[str, Any] = {
        SOURCE: {"name": "tiny", "rows": TINY},
        "numbers_error": {"name": "x.xlsx", "key": "error.no_header", "params": {}},
    }
    session = Session(store)

    assert session.source == RowsSource.of("tiny", TINY)
    assert session.error == UploadError("x.xlsx", Message("error.no_header"))
    assert isinstance(store[SOURCE], RowsSource)


def test_a_new_source_starts_its_mapping_scope_and_period_afresh() -> None:
    store: dict[str, Any] = {}
    session = filled(store)
    store[mapping_widget_key("Отчёт", "F")] = "reach"

    session.use_source(FileSource.of("new.xlsx", b"bytes"))

    assert session.overrides == {} and session.error is None
    assert session.scope is None and session.period is None
    assert mapping_widget_key("Отчёт", "F") not in store
    assert session.input_mode == "manual", "only the Start page sets the input mode"
    assert session.targets == {"err_pct": 2.5, "cpc": 10.0}, "targets belong to the company"


def test_sources_and_errors_are_frozen() -> None:
    source = RowsSource.of("typed", ROWS)

    with pytest.raises(AttributeError):
        source.name = "other"  # type: ignore[misc]
    assert isinstance(source.rows, tuple) and all(isinstance(row, tuple) for row in source.rows)
    assert source.digest == RowsSource.of("typed", ROWS).digest
    assert FileSource.of("a", b"1").digest != FileSource.of("a", b"2").digest


def metric_values(app: AppTest) -> dict[str, str]:
    return {str(metric.label): str(metric.value) for metric in app.metric}


def test_a_session_restored_from_its_plain_data_shows_the_same_numbers_page() -> None:
    app = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    app.session_state["lang"] = "en"
    app.run()
    app.button(key="start_sample").click().run()
    type_target(app, "err_pct", 2.5)
    saved = Session(app.session_state).to_dict()
    files = Session(app.session_state).files()

    fresh = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    Session(fresh.session_state).restore(json.loads(json.dumps(saved)), files)
    fresh.run()
    fresh.switch_page("pages/numbers.py").run()

    assert not fresh.exception
    assert metric_values(fresh) == metric_values(app)
    assert any("Target 2.5%" in caption.value for caption in fresh.caption)
    assert Session(fresh.session_state).to_dict() == saved
