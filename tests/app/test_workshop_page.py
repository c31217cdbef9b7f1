"""AppTest of the Workshop page and the invitation page, on a temporary SQLite database
(never the repository's ``data/``): clients created, renamed, archived and deleted after a
confirmation; answers and a report saved to a client and opened back; two respondents
side by side; an invitation link answered from another session; storage failures and a
read-only demo shown as messages."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from shell.workshop import INVITES
from smm_logic.assessment.bank import load_bank
from smm_logic.storage import SaveError, Settings, Workspace, browser_owner, make_engine
from smm_logic.text import text
from tests.app.test_assessment_page import profile, shows
from tests.conftest import ROOT

BROWSER_TOKEN = "storage_browser_token"


@pytest.fixture(autouse=True)
def database(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """Every test on its own empty database file, saving on."""
    path = tmp_path / "workshop.db"
    monkeypatch.setenv("SMM_SQLITE_PATH", str(path))
    monkeypatch.delenv("SMM_DATABASE_URL", raising=False)
    monkeypatch.delenv("SMM_READ_ONLY_DEMO", raising=False)
    yield path


def owners_workspace(app: AppTest) -> Workspace:
    """The workspace the app's session writes to, opened beside the app."""
    engine = make_engine(Settings.load())
    return Workspace(engine, browser_owner(app.session_state[BROWSER_TOKEN]))


def open_workshop(lang: str = "en", **state: object) -> AppTest:
    app = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    app.session_state["lang"] = lang
    for key, value in state.items():
        app.session_state[key] = value
    app.run()
    app.switch_page("pages/workshop.py").run()
    assert not app.exception
    return app


def create_client(app: AppTest, name: str) -> None:
    app.text_input(key="workshop_new_client_name").input(name)
    app.button(key="workshop_create").click().run()
    assert not app.exception


def add_respondent(app: AppTest, name: str, role: str) -> None:
    app.text_input(key="workshop_respondent_name").input(name)
    app.selectbox(key="workshop_respondent_role").set_value(role)
    app.button(key="workshop_add_respondent").click().run()
    assert not app.exception


def table_with(app: AppTest, first_column: str):  # type: ignore[no-untyped-def]
    """The first table shown whose first column is ``first_column``."""
    return next(t.value for t in app.dataframe if t.value.columns[0] == first_column)


def client_names(app: AppTest) -> list[str]:
    picker = app.selectbox(key="workshop_client")
    return [str(option) for option in picker.options]


def test_without_clients_the_page_says_how_to_start_in_both_languages() -> None:
    assert shows(open_workshop("en"), "No clients yet")
    assert shows(open_workshop("ru"), "Клиентов пока нет")


def test_a_client_is_created_renamed_archived_and_brought_back() -> None:
    app = open_workshop()
    create_client(app, "Coffee Co")
    assert client_names(app) == ["Coffee Co"]
    assert shows(app, "Client «Coffee Co» created.")

    client_id = app.selectbox(key="workshop_client").value
    app.text_input(key=f"workshop_rename_{client_id}").input("Coffee Chain")
    app.button(key="workshop_rename_button").click().run()
    assert client_names(app) == ["Coffee Chain"]

    app.button(key="workshop_archive").click().run()
    assert not app.exception
    assert shows(app, "No clients yet")  # archived clients are hidden by default
    app.toggle(key="workshop_show_archived").set_value(True).run()
    assert client_names(app) == ["Coffee Chain (archived)"]
    app.button(key="workshop_archive").click().run()  # now "bring back"
    app.toggle(key="workshop_show_archived").set_value(False).run()
    assert client_names(app) == ["Coffee Chain"]


def test_a_name_that_is_taken_is_refused_with_a_message() -> None:
    app = open_workshop()
    create_client(app, "Coffee Co")
    create_client(app, "Coffee Co")
    assert any("already a client with this name" in e.value for e in app.error)
    assert client_names(app) == ["Coffee Co"]


def test_deleting_a_client_asks_first_and_cancel_keeps_it() -> None:
    app = open_workshop()
    create_client(app, "Coffee Co")
    create_client(app, "Bakery")
    app.selectbox(key="workshop_client").select_index(client_names(app).index("Bakery")).run()

    app.button(key="workshop_delete").click().run()
    assert any("cannot be undone" in w.value for w in app.warning)
    assert set(client_names(app)) == {"Coffee Co", "Bakery"}  # nothing deleted yet
    app.button(key="workshop_delete_cancel").click().run()
    assert set(client_names(app)) == {"Coffee Co", "Bakery"}

    app.button(key="workshop_delete").click().run()
    app.button(key="workshop_delete_confirm").click().run()
    assert not app.exception
    assert client_names(app) == ["Coffee Co"]
    assert [c.name for c in owners_workspace(app).list_clients()] == ["Coffee Co"]


def test_the_sessions_answers_are_saved_to_a_respondent_and_opened_back() -> None:
    answers = profile(weak=("traffic",))
    app = open_workshop(assessment_answers=answers)
    create_client(app, "Coffee Co")
    add_respondent(app, "Olga", "owner")
    app.button(key="workshop_save_assessment").click().run()
    assert not app.exception
    assert shows(app, "Answers saved: Olga.")
    client = owners_workspace(app).list_clients()[0]
    (saved,) = owners_workspace(app).list_assessments(client.id)
    assert dict(saved.answers) == answers
    assert saved.bank_version == load_bank().version

    app.session_state["assessment_answers"] = {}  # the session moves on
    app.run()
    app.button(key=f"workshop_open_assessment_{saved.id}").click().run()
    assert not app.exception
    assert app.session_state["assessment_answers"] == answers
    assert app.session_state["assessment_respondent"] == "owner"
    assert [title.value for title in app.title] == [text("pages.scorecard.title", "en")]
    assert not shows(app, text("scorecard.verdict.nothing", "en"))  # it judges the answers


def test_the_sessions_report_is_saved_with_its_kpis_and_targets_and_opened_back() -> None:
    app = open_workshop()
    app.switch_page("pages/start.py").run()
    app.button(key="start_sample").click().run()
    app.session_state["numbers_targets"] = {"er_followers_pct": 5.0}
    app.switch_page("pages/workshop.py").run()
    create_client(app, "Coffee Co")
    app.button(key="workshop_save_report").click().run()
    assert not app.exception
    assert shows(app, "Report saved.")
    workspace = owners_workspace(app)
    client = workspace.list_clients()[0]
    (info,) = workspace.list_reports(client.id)
    assert info.name == "sample_coffee_chain.xlsx"
    assert info.kpis["overall"]["er_followers_pct"] is not None
    assert info.period is not None
    assert workspace.get_targets(client.id) == {"er_followers_pct": 5.0}

    app.session_state["numbers_source"] = None
    app.session_state["numbers_targets"] = {}
    app.run()
    app.button(key=f"workshop_open_report_{info.id}").click().run()
    assert not app.exception
    assert app.session_state["numbers_source"].name == "sample_coffee_chain.xlsx"
    assert app.session_state["numbers_targets"] == {"er_followers_pct": 5.0}
    assert [title.value for title in app.title] == [text("numbers.title", "en")]


def save_for(app: AppTest, name: str, answers: dict[str, str]) -> None:
    """Save ``answers`` as the session's answers of the respondent called ``name``."""
    app.session_state["assessment_answers"] = answers
    app.run()
    workspace = owners_workspace(app)
    (client,) = workspace.list_clients()
    respondent = next(r for r in workspace.list_respondents(client.id) if r.name == name)
    app.selectbox(key="workshop_save_respondent").set_value(respondent.id).run()
    app.button(key="workshop_save_assessment").click().run()
    assert not app.exception


def test_two_respondents_side_by_side_list_the_widest_differences_first() -> None:
    app = open_workshop()
    create_client(app, "Coffee Co")
    add_respondent(app, "Olga", "owner")
    add_respondent(app, "Sam", "smm")
    save_for(app, "Olga", profile())
    assert shows(app, "To compare, at least two respondents need answers")
    assert shows(app, "Not answered yet: Sam")
    save_for(app, "Sam", profile(weak=("goals",)))

    # the names are typed by users: escaped for Markdown
    differences = [w.value.replace("\\", "") for w in app.warning]
    differences = [shown for shown in differences if "Olga (owner)" in shown]
    bank = load_bank()
    goals_questions = {bank.question(q.id).text.en for q in bank.questions_of("goals")}
    assert differences, "the questions they answer differently are listed"
    assert any(any(text in shown for text in goals_questions) for shown in differences)
    assert all("Sam (SMM specialist)" in shown for shown in differences)
    # the widest gap first: checking the plan every month against never (three steps)
    assert differences[0].startswith(f"**{bank.question('goals.plan_review').text.en}**")
    assert shows(app, "Where the answers differ by two steps or more")
    scores = table_with(app, "Dimension")
    assert list(scores.columns) == ["Dimension", "Olga (owner)", "Sam (SMM specialist)"]
    goals_row = scores.iloc[0]
    assert goals_row["Olga (owner)"] == "100" and goals_row["Sam (SMM specialist)"] == "0"


def test_the_history_shows_the_sessions_per_quarter_with_the_change() -> None:
    app = open_workshop("ru")
    create_client(app, "Кофейня")
    add_respondent(app, "Ольга", "owner")
    app.session_state["assessment_answers"] = profile(weak=("goals",))
    app.run()
    app.date_input(key="workshop_save_date").set_value(date(2026, 2, 1))
    app.button(key="workshop_save_assessment").click().run()
    app.session_state["assessment_answers"] = profile()
    app.run()
    app.date_input(key="workshop_save_date").set_value(date(2026, 5, 1))
    app.button(key="workshop_save_assessment").click().run()
    assert not app.exception
    table = table_with(app, "Что")
    assert list(table.columns) == ["Что", "2 кв. 2026", "1 кв. 2026", "Изменение"]
    goals = load_bank().dimension("goals").name.ru
    assert table.iloc[0].tolist() == [goals, "100", "0", "+100"]
    assert shows(app, "Изменение с прошлой сессии: 2 кв. 2026 против 1 кв. 2026.")


def test_an_invitation_link_lets_a_respondent_answer_into_the_clients_workspace() -> None:
    app = open_workshop()
    create_client(app, "Coffee Co")
    add_respondent(app, "Sam", "smm")
    workspace = owners_workspace(app)
    (respondent,) = workspace.list_respondents(workspace.list_clients()[0].id)
    app.button(key=f"workshop_invite_{respondent.id}").click().run()
    token = app.session_state[INVITES][respondent.id]
    assert any(f"?invite={token}" in code.value for code in app.code)

    guest = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    guest.session_state["lang"] = "en"
    guest.query_params["invite"] = token
    guest.run()
    assert not guest.exception
    assert shows(guest, "Questions about social media: Coffee Co")
    assert not any(b.key and b.key.startswith("workshop_") for b in guest.button)
    guest.radio(key="invite_q_context.smm_runner").set_value("agency").run()
    guest.radio(key="invite_q_goals.numeric_kpis").set_value("yes").run()
    guest.button(key="invite_send").click().run()
    assert not guest.exception
    assert shows(guest, "Thank you! Your answers are saved.")
    (saved,) = workspace.list_assessments(respondent.client_id)
    assert saved.respondent.name == "Sam"
    assert saved.answers["goals.numeric_kpis"] == "yes"


def test_an_unknown_invitation_says_so_and_shows_nothing_else() -> None:
    guest = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    guest.query_params["invite"] = "not-a-token"
    guest.run()
    assert not guest.exception
    assert any("Not found" in e.value for e in guest.error)
    assert not [r for r in guest.radio if (r.key or "").startswith("invite_q_")]


def test_a_read_only_demo_says_saving_is_off_and_refuses_with_a_message(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("SMM_READ_ONLY_DEMO", "true")
    app = open_workshop()
    assert shows(app, "saving is turned off")
    create_client(app, "Coffee Co")
    assert any("saving is turned off" in e.value for e in app.error)
    assert shows(app, "No clients yet")


def test_a_failed_save_is_shown_and_the_typed_name_stays(monkeypatch: pytest.MonkeyPatch) -> None:
    def fail(self: Workspace, name: str) -> None:
        raise SaveError("disk full")

    monkeypatch.setattr(Workspace, "create_client", fail)
    app = open_workshop("ru")
    create_client(app, "Кофейня")
    assert any("Не удалось сохранить" in e.value for e in app.error)
    assert app.text_input(key="workshop_new_client_name").value == "Кофейня"


def test_removing_a_respondent_asks_first_and_takes_their_answers_with_them() -> None:
    app = open_workshop(assessment_answers=profile())
    create_client(app, "Coffee Co")
    add_respondent(app, "Olga", "owner")
    app.button(key="workshop_save_assessment").click().run()
    workspace = owners_workspace(app)
    (client,) = workspace.list_clients()
    (olga,) = workspace.list_respondents(client.id)

    app.button(key=f"workshop_remove_{olga.id}").click().run()
    assert any("saved answers (1)" in w.value for w in app.warning)
    app.button(key="workshop_remove_cancel").click().run()
    assert [r.name for r in workspace.list_respondents(client.id)] == ["Olga"]

    app.button(key=f"workshop_remove_{olga.id}").click().run()
    app.button(key="workshop_remove_confirm").click().run()
    assert not app.exception
    assert workspace.list_respondents(client.id) == []
    assert workspace.list_assessments(client.id) == []


def test_a_database_that_cannot_be_opened_is_a_message_not_a_traceback(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SMM_SQLITE_PATH", str(tmp_path))  # a folder, not a database file
    app = open_workshop()
    assert any("unavailable" in e.value for e in app.error)
    guest = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    guest.query_params["invite"] = "x" * 43
    guest.run()
    assert not guest.exception
    assert any("unavailable" in e.value for e in guest.error)
