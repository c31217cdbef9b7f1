"""AppTest of Save to file / Open file in the sidebar: a session saved and opened in a
fresh browser gives the very same session and verdict; a file that cannot be opened is
named in a message and changes nothing."""

from __future__ import annotations

import io
import json
import zipfile
from typing import Any, TypeAlias

import pytest
from streamlit.testing.v1 import AppTest

from shell.session import SCOPE, Session
from shell.session_file import OPENED, SAVE, UPLOADER_PREFIX
from smm_logic.outputs import session_file
from smm_logic.outputs.session_file import write_session_file
from tests.app.test_assessment_page import open_page, profile
from tests.app.test_scorecard_page import INSTAGRAM, first_box, table_scores, with_sample
from tests.conftest import ROOT

ZIP = "application/zip"


def fresh_browser(lang: str = "en") -> AppTest:
    app = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    app.session_state["lang"] = lang
    app.run()
    assert not app.exception
    return app


def open_file(app: AppTest, name: str, content: bytes) -> AppTest:
    try:
        opened = int(app.session_state[OPENED])
    except KeyError:
        opened = 0
    uploader = app.file_uploader(key=f"{UPLOADER_PREFIX}_{opened}")
    uploader.set_value([(name, content, ZIP)]).run()
    assert not app.exception
    return app


Worked: TypeAlias = tuple[AppTest, dict[str, Any], bytes, list[tuple[str, str]]]


def kpi_cards(app: AppTest) -> list[tuple[str, str]]:
    return [(card.label, card.value) for card in app.metric]


def worked_session(downloads: dict[str, bytes]) -> Worked:
    """The sample read for Instagram alone, a target, answers with a weak product, the
    SMM specialist answering, in English: the app on the Scorecard, the session's data
    when saved, the file Save to file gave for it, and the Numbers page's KPI cards."""
    app = with_sample(open_page("scorecard.py", assessment_answers=profile(("product",))))
    app.session_state["numbers_targets"] = {"err_pct": 2.5}
    app.session_state["assessment_respondent"] = "smm"
    app.switch_page("pages/numbers.py").run()
    app.selectbox(key=SCOPE).set_value(INSTAGRAM).run()
    kpis = kpi_cards(app)
    # The sidebar is drawn by app.py (AppTest runs a switched-to page alone).
    app.switch_page("app.py").run()
    data, saved = Session(app.session_state).to_dict(), downloads[SAVE]
    app.switch_page("pages/scorecard.py").run()
    assert not app.exception
    return app, data, saved, kpis


def test_a_session_saved_and_opened_in_a_fresh_browser_is_the_same_session(
    downloads: dict[str, bytes],
) -> None:
    app, data, saved, kpis = worked_session(downloads)
    files = Session(app.session_state).files()

    again = open_file(fresh_browser(), "session.smmsession", saved)
    after = Session(again.session_state)
    assert after.to_dict() == data
    assert after.files() == files
    assert after.scope == INSTAGRAM and after.respondent == "smm"
    assert after.targets == {"err_pct": 2.5} and after.period is not None

    again.switch_page("pages/scorecard.py").run()
    assert not again.exception
    assert first_box(again) == first_box(app)  # the same verdict
    assert table_scores(again) == table_scores(app)  # the same dimension scores
    again.switch_page("pages/numbers.py").run()
    assert kpis and kpi_cards(again) == kpis  # the same KPIs of the same accounts and period


def test_opening_says_so_in_the_language_the_file_brings(
    downloads: dict[str, bytes],
) -> None:
    _, _, saved, _ = worked_session(downloads)

    again = open_file(fresh_browser("ru"), "мой.smmsession", saved)
    assert Session(again.session_state).lang == "en"
    again.switch_page("app.py").run()  # the frame again: the sidebar in the file's language

    assert [box.value for box in again.sidebar.success] == [
        "The session from “мой.smmsession” is open."
    ]
    assert again.sidebar.radio(key="lang").value == "en"


def hostile_files() -> dict[str, bytes]:
    manifest = {"format": "smm-scorecard-session", "version": 9, "session_version": 9}
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("manifest.json", json.dumps(manifest))
    newer = buffer.getvalue()
    return {
        "newer": newer,
        "not-a-session": b"PK\x03\x04 not really a zip",
        "damaged": write_session_file({"version": 1, "lang": "en"}, {}),  # no numbers
        "oversize": b"\0" * (session_file.MAX_FILE_BYTES + 1),
    }


@pytest.mark.parametrize(
    ("case", "says"),
    [
        ("newer", "saved by a newer version of the app"),
        ("not-a-session", "not an SMM Scorecard session file"),
        ("damaged", "damaged or was altered"),
        ("oversize", "larger than 52 MB"),
    ],
)
def test_a_file_that_cannot_be_opened_is_named_and_changes_nothing(
    downloads: dict[str, bytes], case: str, says: str
) -> None:
    app, _, _, _ = worked_session(downloads)
    app.switch_page("app.py").run()
    before = Session(app.session_state).to_dict()

    open_file(app, f"{case}.smmsession", hostile_files()[case])

    errors = [box.value for box in app.sidebar.error]
    assert len(errors) == 1 and f"{case}.smmsession" in errors[0] and says in errors[0]
    assert Session(app.session_state).to_dict() == before


def test_the_save_button_is_in_the_sidebar_in_both_languages(
    downloads: dict[str, bytes],
) -> None:
    for lang, label in (("en", "Save to file"), ("ru", "Сохранить в файл")):
        app = fresh_browser(lang)
        buttons = [b for b in app.sidebar.get("download_button") if b.proto.label == label]
        assert buttons
        assert downloads[SAVE][:2] == b"PK"
