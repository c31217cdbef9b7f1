"""An invitation link lets a respondent answer on their own device into the owner's
workspace — and do nothing else there."""

from __future__ import annotations

import pytest
from sqlalchemy import Engine, text

from smm_logic.storage import Invitee, NotFoundError, ReadOnlyError, Workspace


@pytest.fixture
def invited(alice: Workspace) -> tuple[int, int, str]:
    """A client, its SMM specialist and a link for them: (client id, respondent id, token)."""
    client = alice.create_client("Bakery")
    smm = alice.add_respondent(client.id, "Oleg", "smm")
    return client.id, smm.id, alice.invite(smm.id)


def test_the_invited_respondents_answers_land_in_the_owners_workspace(
    alice: Workspace, engine: Engine, invited: tuple[int, int, str]
) -> None:
    client_id, respondent_id, token = invited

    invitee = Invitee.open(engine, token)
    saved = invitee.save_assessment({"goals_1": "no"}, bank_version=2)

    assert (invitee.client_name, invitee.respondent.name) == ("Bakery", "Oleg")
    assert invitee.respondent.role == "smm"
    assert alice.list_assessments(client_id) == [saved]
    assert saved.respondent.id == respondent_id


@pytest.mark.parametrize("token", ["", "x" * 43, "not a token at all"])
def test_a_token_that_was_never_given_opens_nothing(engine: Engine, token: str) -> None:
    with pytest.raises(NotFoundError):
        Invitee.open(engine, token)


def test_a_revoked_link_stops_working(
    alice: Workspace, engine: Engine, invited: tuple[int, int, str]
) -> None:
    _, respondent_id, token = invited
    second = alice.invite(respondent_id)

    assert alice.revoke_invitations(respondent_id) == 2

    for revoked in (token, second):
        with pytest.raises(NotFoundError):
            Invitee.open(engine, revoked)


def test_a_link_goes_with_its_respondent_and_client(
    alice: Workspace, engine: Engine, invited: tuple[int, int, str]
) -> None:
    client_id, _, token = invited

    alice.delete_client(client_id)

    with pytest.raises(NotFoundError):
        Invitee.open(engine, token)


def test_the_database_keeps_no_token_that_opens_a_link(
    engine: Engine, invited: tuple[int, int, str]
) -> None:
    token = invited[2]

    with engine.connect() as connection:
        stored = connection.execute(text("SELECT token_digest FROM invitations")).scalars().all()

    assert len(stored) == 1
    assert token not in stored[0] and len(stored[0]) == 64


def test_links_of_two_respondents_each_answer_for_their_own(
    alice: Workspace, engine: Engine, invited: tuple[int, int, str]
) -> None:
    client_id, smm_id, smm_token = invited
    owner = alice.add_respondent(client_id, "Anna", "owner")
    owner_token = alice.invite(owner.id)

    Invitee.open(engine, smm_token).save_assessment({"q": "smm"}, 1)
    Invitee.open(engine, owner_token).save_assessment({"q": "owner"}, 1)

    by_respondent = {
        item.respondent.id: dict(item.answers) for item in alice.list_assessments(client_id)
    }
    assert by_respondent == {smm_id: {"q": "smm"}, owner.id: {"q": "owner"}}
    assert owner_token != smm_token


def test_a_demo_link_saves_nothing(
    alice: Workspace, engine: Engine, invited: tuple[int, int, str]
) -> None:
    client_id, _, token = invited

    with pytest.raises(ReadOnlyError):
        Invitee.open(engine, token, read_only=True).save_assessment({"q": "a"}, 1)

    assert alice.list_assessments(client_id) == []
