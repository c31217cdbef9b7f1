"""AppTest of the drafts: what the user enters is saved as it is entered and comes back in
the next session of the same browser (its cookie), never in another browser's; two tabs
never overwrite each other silently; a failing save is shown and loses nothing; a demo
saves nothing and says so."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
from sqlalchemy import Engine, func, select
from streamlit.testing.v1 import AppTest

import shell.storage
from shell.session import Session
from smm_logic.storage import (
    SaveError,
    Settings,
    Workspace,
    browser_owner,
    make_engine,
    new_browser_token,
)
from smm_logic.storage.models import Draft as DraftRow
from smm_logic.text import text
from tests.app.test_numbers_page import type_target
from tests.conftest import ROOT

Browser = Callable[..., AppTest]
AUTH = {
    "redirect_uri": "http://localhost:8501/oauth2callback",
    "cookie_secret": "a-test-secret",
    "client_id": "smm",
    "client_secret": "secret",
    "server_metadata_url": "https://idp.example/.well-known/openid-configuration",
}
DURATION = "context.smm_duration"
RUNNER = "context.smm_runner"


@pytest.fixture
def engine() -> Iterator[Engine]:
    """The test run's database, as the app sees it (the conftest's temporary file)."""
    engine = make_engine(Settings.load())
    yield engine
    engine.dispose()


@pytest.fixture
def browser(monkeypatch: pytest.MonkeyPatch) -> Browser:
    """A new session of the app in a browser whose cookie holds ``token`` (None: a
    browser that never came before). AppTest sends no cookies, so the one the app reads
    is patched; every session started after is that browser's."""
    cookie: dict[str, str] = {}
    monkeypatch.setattr(shell.storage, "request_cookies", lambda: cookie)

    def start(token: str | None, user: dict[str, object] | None = None) -> AppTest:
        """``user``: signed in through the configured sign-in (its claims)."""
        cookie.clear()
        if token is not None:
            cookie[shell.storage.BROWSER_COOKIE] = token
        app = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
        app.session_state["lang"] = "en"
        if user is not None:
            app.secrets["auth"] = AUTH
            app.user = user
        app.run()
        assert not app.exception
        return app

    return start


def token_of(app: AppTest) -> str:
    return str(app.session_state[shell.storage.BROWSER_TOKEN])


def to_assessment(app: AppTest) -> AppTest:
    app.switch_page("pages/assessment.py").run()
    assert not app.exception
    return app


def pick(app: AppTest, question_id: str, option: str) -> None:
    app.radio(key=f"assessment_q_{question_id}").set_value(option).run()
    assert not app.exception


def warnings(app: AppTest) -> list[str]:
    return [element.value for element in app.warning]


def drafts_of(engine: Engine, token: str) -> int:
    with engine.connect() as connection:
        query = select(func.count()).where(DraftRow.owner == browser_owner(token))
        return int(connection.scalar(query.select_from(DraftRow)) or 0)


def test_answers_targets_and_report_come_back_in_the_same_browser_only(
    browser: Browser,
) -> None:
    app = browser(None)
    token = token_of(app)
    app.button(key="start_sample").click().run()  # the sample report, then its page
    type_target(app, "err_pct", 2.5)
    to_assessment(app)
    pick(app, DURATION, "over_a_year")
    pick(app, RUNNER, "agency")  # still in the first section: Next was never pressed
    entered = Session(app.session_state).to_dict()

    again = browser(token)  # a reload, a bookmark, a reopened browser
    restored = Session(again.session_state)
    assert restored.to_dict() == entered
    assert restored.answers == {DURATION: "over_a_year", RUNNER: "agency"}
    assert restored.targets == {"err_pct": 2.5}
    assert restored.source is not None and restored.files() == Session(app.session_state).files()
    to_assessment(again)
    assert again.radio(key=f"assessment_q_{RUNNER}").value == "agency"

    stranger = browser(None)  # another browser: its own, empty work
    assert token_of(stranger) != token
    assert Session(stranger.session_state).answers == {}
    assert Session(stranger.session_state).source is None


def test_a_forged_cookie_is_not_an_owner(browser: Browser) -> None:
    app = browser("1")  # a counter, not a token: the app makes a token of its own
    assert token_of(app) != "1" and len(token_of(app)) >= 22


def test_a_new_browser_is_given_its_cookie_and_a_known_one_is_not(browser: Browser) -> None:
    new = browser(None)
    scripts = [element.proto.body for element in new.get("html")]
    assert any(
        f"smm_browser={token_of(new)}" in body and "SameSite=Lax" in body for body in scripts
    )
    known = browser(new_browser_token())
    assert not [element for element in known.get("html") if "smm_browser" in element.proto.body]


def test_a_stale_tab_asks_and_loses_nothing(browser: Browser, engine: Engine) -> None:
    first = to_assessment(browser(None))
    token = token_of(first)
    pick(first, DURATION, "over_a_year")
    second = to_assessment(browser(token))  # a second tab of the same browser
    pick(second, RUNNER, "agency")

    pick(first, DURATION, "under_3_months")  # the first tab did not see the second's save
    assert any("changed in another tab" in shown for shown in warnings(first))
    assert Session(first.session_state).answers == {DURATION: "under_3_months"}
    stored = Workspace(engine, browser_owner(token)).load_draft()
    assert stored is not None
    assert stored.data["assessment"]["answers"] == {DURATION: "over_a_year", RUNNER: "agency"}

    first.button(key="drafts_keep_mine").click().run()
    assert not first.exception and not warnings(first)
    stored = Workspace(engine, browser_owner(token)).load_draft()
    assert stored is not None
    assert stored.data["assessment"]["answers"] == {DURATION: "under_3_months"}

    pick(second, RUNNER, "freelancer")  # now the second tab is behind
    second.button(key="drafts_load_newer").click().run()
    assert not second.exception and not warnings(second)
    assert Session(second.session_state).answers == {DURATION: "under_3_months"}
    assert second.radio(key=f"assessment_q_{DURATION}").value == "under_3_months"


def test_a_failing_save_is_shown_keeps_the_values_and_is_tried_again(
    browser: Browser, engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = to_assessment(browser(None))
    token = token_of(app)

    def disk_full(*args: object, **kwargs: object) -> int:
        raise SaveError("OperationalError: database or disk is full")

    saving = Workspace.save_draft
    monkeypatch.setattr(Workspace, "save_draft", disk_full)
    pick(app, DURATION, "over_a_year")
    assert any(
        "Could not save" in shown and "still on this page" in shown for shown in warnings(app)
    )
    assert Session(app.session_state).answers == {DURATION: "over_a_year"}
    assert app.radio(key=f"assessment_q_{DURATION}").value == "over_a_year"

    monkeypatch.setattr(Workspace, "save_draft", saving)  # the database is back
    pick(app, RUNNER, "agency")
    assert not warnings(app)
    stored = Workspace(engine, browser_owner(token)).load_draft()
    assert stored is not None
    assert stored.data["assessment"]["answers"] == {DURATION: "over_a_year", RUNNER: "agency"}


def test_starting_afresh_deletes_the_draft_and_clears_the_page(
    browser: Browser, engine: Engine
) -> None:
    app = to_assessment(browser(None))
    token = token_of(app)
    pick(app, DURATION, "over_a_year")
    assert drafts_of(engine, token) == 1
    app.switch_page("pages/start.py").run()
    app = browser(token)  # the sidebar is the frame's, drawn through app.py
    app.button(key="drafts_afresh_confirm").click().run()
    assert not app.exception
    assert Session(app.session_state).answers == {}
    assert drafts_of(engine, token) == 0  # and a page with nothing entered makes none
    assert Session(browser(token).session_state).answers == {}


def test_a_read_only_demo_saves_nothing_and_says_so(
    browser: Browser, engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SMM_READ_ONLY_DEMO", "true")
    app = browser(None)
    demo = text("workspace.kept_nowhere", "en")
    assert any(caption.value == demo for caption in app.sidebar.caption)
    to_assessment(app)
    pick(app, DURATION, "over_a_year")
    pick(app, RUNNER, "agency")
    assert not app.exception and not warnings(app)
    assert drafts_of(engine, token_of(app)) == 0


def test_the_sidebar_says_the_work_is_kept_in_this_browser(
    browser: Browser, engine: Engine
) -> None:
    app = browser(None)
    kept = text("workspace.kept_browser", "en")
    assert any(caption.value == kept for caption in app.sidebar.caption)
    assert not [button for button in app.sidebar.button if button.key == "drafts_sign_in"]
    to_assessment(app)
    assert drafts_of(engine, token_of(app)) == 0  # a visit that only looks keeps nothing


def signed_in(subject: str) -> dict[str, object]:
    return {"is_logged_in": True, "iss": "https://idp.example", "sub": subject, "name": "Anna"}


def test_a_signed_in_users_work_is_theirs_on_any_browser_and_no_one_elses(
    browser: Browser, engine: Engine
) -> None:
    anna = to_assessment(browser(None, signed_in("anna")))
    pick(anna, DURATION, "over_a_year")
    browser_token = token_of(anna)
    assert drafts_of(engine, browser_token) == 0  # the account's, not the browser's

    elsewhere = browser(None, signed_in("anna"))  # another device, the same account
    assert Session(elsewhere.session_state).answers == {DURATION: "over_a_year"}
    caption = text("workspace.kept_account", "en", name="Anna")
    assert any(element.value == caption for element in elsewhere.sidebar.caption)
    assert [button for button in elsewhere.sidebar.button if button.key == "drafts_sign_out"]

    boris = browser(browser_token, signed_in("boris"))  # Anna's browser, Boris's account
    assert Session(boris.session_state).answers == {}
    signed_out = browser(browser_token, {"is_logged_in": False})
    assert Session(signed_out.session_state).answers == {}
    assert [button for button in signed_out.sidebar.button if button.key == "drafts_sign_in"]


def test_work_of_the_browser_can_be_moved_into_the_account_on_sign_in(
    browser: Browser, engine: Engine
) -> None:
    before = to_assessment(browser(None))  # not signed in yet
    token = token_of(before)
    pick(before, DURATION, "over_a_year")

    anna = browser(token, signed_in("anna-moves"))  # signed in, in the same browser
    assert Session(anna.session_state).answers == {}
    anna.button(key="drafts_move_confirm").click().run()
    assert not anna.exception
    assert Session(anna.session_state).answers == {DURATION: "over_a_year"}
    assert drafts_of(engine, token) == 0  # moved, not copied
    elsewhere = browser(None, signed_in("anna-moves"))
    assert Session(elsewhere.session_state).answers == {DURATION: "over_a_year"}
    assert not [
        button for button in elsewhere.sidebar.button if button.key == "drafts_move_confirm"
    ]


def test_a_database_that_is_down_from_the_start_leaves_a_working_page_that_says_so(
    browser: Browser, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Nothing listens on port 1: every connection is refused at once.
    monkeypatch.setenv("SMM_DATABASE_URL", "postgresql+psycopg://smm@127.0.0.1:1/smm")
    app = to_assessment(browser(None))
    assert any("could not be opened" in shown for shown in warnings(app))
    pick(app, DURATION, "over_a_year")
    assert any("still on this page" in shown for shown in warnings(app))
    assert Session(app.session_state).answers == {DURATION: "over_a_year"}
    assert app.radio(key=f"assessment_q_{DURATION}").value == "over_a_year"


def test_an_upload_its_mapping_scope_and_comparison_come_back_as_they_were_left(
    browser: Browser,
) -> None:
    from tests.app.test_numbers_page import TWO_REACH, upload
    from tests.builders import xlsx_bytes

    app = browser(None)
    token = token_of(app)
    app.switch_page("pages/numbers.py").run()
    upload(app, "two.xlsx", xlsx_bytes(TWO_REACH))
    app.selectbox(key="numbers_map_Отчёт_F").set_value("reach").run()
    app.selectbox(key="numbers_scope").set_value("Telegram\u241fКофейня").run()
    app.toggle(key="numbers_compare").set_value(False).run()
    assert not app.exception
    shown = {metric.label: metric.value for metric in app.metric}

    again = browser(token)
    again.switch_page("pages/numbers.py").run()
    assert not again.exception
    assert {metric.label: metric.value for metric in again.metric} == shown
    assert Session(again.session_state).overrides == {"reach": "Охват подписчиков"}
    assert again.selectbox(key="numbers_scope").value == "Telegram\u241fКофейня"
    assert again.toggle(key="numbers_compare").value is False
    assert Session(again.session_state).to_dict() == Session(app.session_state).to_dict()


def test_a_draft_this_version_cannot_read_starts_the_page_afresh_and_is_replaced(
    browser: Browser, engine: Engine
) -> None:
    token = new_browser_token()
    owner = Workspace(engine, browser_owner(token))
    owner.save_draft({"version": 99, "from": "the future"}, {}, revision=0)

    app = to_assessment(browser(token))
    assert any("could not be read" in shown for shown in warnings(app))
    assert Session(app.session_state).answers == {}
    pick(app, DURATION, "over_a_year")
    stored = owner.load_draft()
    assert stored is not None and stored.data["assessment"]["answers"] == {DURATION: "over_a_year"}
