"""Who sees what: every function of the workspace takes its owner from the workspace,
and no call of one owner reads, changes or even confirms the records of another — a
user's or a browser's."""

from __future__ import annotations

import inspect
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from sqlalchemy import Engine

from smm_logic.storage import (
    NO_DRAFT,
    NotFoundError,
    Workspace,
    browser_owner,
    new_browser_token,
)
from tests.unit.storage.helpers import file_report


@dataclass(frozen=True)
class Records:
    """The ids of everything one owner saved."""

    client: int
    respondent: int
    assessment: int
    report: int


def fill(workspace: Workspace) -> Records:
    client = workspace.create_client("Bakery")
    respondent = workspace.add_respondent(client.id, "Anna", "owner")
    assessment = workspace.save_assessment(respondent.id, {"goals_1": "yes"}, bank_version=1)
    report = workspace.save_report(client.id, file_report())
    workspace.set_targets(client.id, {"er": 3.0})
    workspace.save_draft({"answers": {"goals_1": "yes"}}, file_report().files, revision=NO_DRAFT)
    return Records(client.id, respondent.id, assessment.id, report.id)


# Every function of Workspace, called by another owner with the first owner's ids.
# Refused: the record is NotFound for the intruder. Empty: what the intruder sees.
REFUSED: dict[str, Callable[[Workspace, Records], Any]] = {
    "get_client": lambda w, r: w.get_client(r.client),
    "rename_client": lambda w, r: w.rename_client(r.client, "Mine now"),
    "archive_client": lambda w, r: w.archive_client(r.client),
    "delete_client": lambda w, r: w.delete_client(r.client),
    "add_respondent": lambda w, r: w.add_respondent(r.client, "Eve", "other"),
    "list_respondents": lambda w, r: w.list_respondents(r.client),
    "remove_respondent": lambda w, r: w.remove_respondent(r.respondent),
    "save_assessment": lambda w, r: w.save_assessment(r.respondent, {"q": "a"}, 1),
    "list_assessments": lambda w, r: w.list_assessments(r.client),
    "open_assessment": lambda w, r: w.open_assessment(r.assessment),
    "delete_assessment": lambda w, r: w.delete_assessment(r.assessment),
    "save_report": lambda w, r: w.save_report(r.client, file_report(data=b"other")),
    "list_reports": lambda w, r: w.list_reports(r.client),
    "open_report": lambda w, r: w.open_report(r.report),
    "delete_report": lambda w, r: w.delete_report(r.report),
    "set_targets": lambda w, r: w.set_targets(r.client, {"er": 99.0}),
    "get_targets": lambda w, r: w.get_targets(r.client),
    "history": lambda w, r: w.history(r.client),
    "invite": lambda w, r: w.invite(r.respondent),
    "revoke_invitations": lambda w, r: w.revoke_invitations(r.respondent),
}
EMPTY: dict[str, Callable[[Workspace, Records], Any]] = {
    "list_clients": lambda w, r: w.list_clients(include_archived=True),
    "load_draft": lambda w, r: w.load_draft(),
}
# Functions of the intruder's own that must leave the first owner's records alone.
OWN: dict[str, Callable[[Workspace, Records], Any]] = {
    "create_client": lambda w, r: w.create_client("Bakery"),
    "save_draft": lambda w, r: w.save_draft({"answers": {}}, {}, revision=NO_DRAFT),
    "delete_draft": lambda w, r: w.delete_draft(),
}


def snapshot(workspace: Workspace, records: Records) -> object:
    """Everything the owner has, as they would read it."""
    draft = workspace.load_draft()
    return (
        workspace.list_clients(include_archived=True),
        workspace.history(records.client),
        workspace.open_report(records.report),
        workspace.open_assessment(records.assessment),
        None if draft is None else (draft.data, dict(draft.files), draft.revision),
    )


def test_the_isolation_tables_name_every_function_of_the_workspace() -> None:
    public = {
        name
        for name, member in inspect.getmembers(Workspace, inspect.isfunction)
        if not name.startswith("_")
    }

    assert public == set(REFUSED) | set(EMPTY) | set(OWN)


@pytest.mark.parametrize("call", REFUSED, ids=str)
def test_another_owner_is_refused_every_record(alice: Workspace, bob: Workspace, call: str) -> None:
    records = fill(alice)
    before = snapshot(alice, records)

    with pytest.raises(NotFoundError):
        REFUSED[call](bob, records)

    assert snapshot(alice, records) == before


@pytest.mark.parametrize("call", EMPTY, ids=str)
def test_another_owner_sees_nothing(alice: Workspace, bob: Workspace, call: str) -> None:
    records = fill(alice)

    assert not EMPTY[call](bob, records)


@pytest.mark.parametrize("call", OWN, ids=str)
def test_another_owners_own_work_leaves_the_first_owners_alone(
    alice: Workspace, bob: Workspace, call: str
) -> None:
    records = fill(alice)
    before = snapshot(alice, records)

    OWN[call](bob, records)

    assert snapshot(alice, records) == before


def test_one_browsers_token_never_opens_another_browsers_draft(engine: Engine) -> None:
    first = Workspace(engine, browser_owner(new_browser_token()))
    second = Workspace(engine, browser_owner(new_browser_token()))
    first.save_draft({"answers": {"goals_1": "yes"}}, {}, revision=NO_DRAFT)

    assert second.load_draft() is None
    second.save_draft({"answers": {"goals_1": "no"}}, {}, revision=NO_DRAFT)
    draft = first.load_draft()
    assert draft is not None
    assert draft.data == {"answers": {"goals_1": "yes"}}
    assert draft.revision == 1


def test_a_user_and_a_browser_with_the_same_letters_are_different_owners(
    engine: Engine,
) -> None:
    token = new_browser_token()
    browser = Workspace(engine, browser_owner(token))
    user = Workspace(engine, "user:" + token)
    browser.create_client("Bakery")

    assert user.list_clients() == []
