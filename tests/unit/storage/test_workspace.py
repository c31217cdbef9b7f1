"""What a consultant keeps: clients, respondents, assessments, reports, targets — saved
and read back exactly, on SQLite and on PostgreSQL."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import Engine

from smm_logic.assessment.bank import RESPONDENTS
from smm_logic.storage import (
    ROLES,
    NameTakenError,
    NotFoundError,
    ReportToSave,
    Workspace,
)
from tests.unit.storage.helpers import digest, file_report


def test_a_client_is_created_renamed_archived_and_listed(alice: Workspace) -> None:
    bakery = alice.create_client("  Bakery   on the corner ")
    cafe = alice.create_client("Café")

    renamed = alice.rename_client(bakery.id, "Bakery & Co")
    alice.archive_client(cafe.id)

    assert bakery.name == "Bakery on the corner"  # spaces tidied as typed names are
    assert renamed.name == "Bakery & Co"
    assert [client.name for client in alice.list_clients()] == ["Bakery & Co"]
    listed = alice.list_clients(include_archived=True)
    assert {client.name: client.archived for client in listed} == {
        "Bakery & Co": False,
        "Café": True,
    }
    assert alice.archive_client(cafe.id, archived=False).archived is False
    assert alice.get_client(cafe.id).created_at.tzinfo is not None


def test_the_most_recently_changed_client_is_listed_first(alice: Workspace) -> None:
    first = alice.create_client("First")
    alice.create_client("Second")

    alice.set_targets(first.id, {"er": 3.0})

    assert [client.name for client in alice.list_clients()] == ["First", "Second"]


def test_two_clients_of_one_owner_cannot_share_a_name(alice: Workspace, bob: Workspace) -> None:
    alice.create_client("Bakery")
    other = alice.create_client("Café")

    with pytest.raises(NameTakenError):
        alice.create_client("Bakery")
    with pytest.raises(NameTakenError):
        alice.rename_client(other.id, "Bakery")
    assert bob.create_client("Bakery").name == "Bakery"  # another owner's names are free


def test_an_empty_name_is_refused(alice: Workspace) -> None:
    with pytest.raises(ValueError, match="name"):
        alice.create_client("   ")


def test_deleting_a_client_deletes_everything_saved_for_it(alice: Workspace) -> None:
    client = alice.create_client("Bakery")
    kept = alice.create_client("Café")
    owner = alice.add_respondent(client.id, "Anna", "owner")
    assessment = alice.save_assessment(owner.id, {"goals_1": "yes"}, bank_version=2)
    report = alice.save_report(client.id, file_report())
    alice.set_targets(client.id, {"er": 3.0})
    alice.save_report(kept.id, file_report(name="cafe.xlsx", data=b"cafe"))

    alice.delete_client(client.id)

    with pytest.raises(NotFoundError):
        alice.get_client(client.id)
    with pytest.raises(NotFoundError):
        alice.open_assessment(assessment.id)
    with pytest.raises(NotFoundError):
        alice.open_report(report.id)
    assert [c.name for c in alice.list_clients()] == ["Café"]
    assert len(alice.list_reports(kept.id)) == 1


def test_respondents_have_one_of_four_roles(alice: Workspace) -> None:
    client = alice.create_client("Bakery")

    added = [
        alice.add_respondent(client.id, name, role)
        for name, role in [("Anna", "owner"), ("Oleg", "smm"), ("Ira", "sales"), ("Max", "other")]
    ]

    assert alice.list_respondents(client.id) == added
    assert [respondent.role for respondent in added] == ["owner", "smm", "sales", "other"]
    with pytest.raises(ValueError, match="role"):
        alice.add_respondent(client.id, "Eve", "boss")


def test_every_respondent_the_question_bank_knows_can_be_stored() -> None:
    assert set(RESPONDENTS) <= set(ROLES)


def test_a_removed_respondent_takes_their_assessments_along(alice: Workspace) -> None:
    client = alice.create_client("Bakery")
    anna = alice.add_respondent(client.id, "Anna", "owner")
    oleg = alice.add_respondent(client.id, "Oleg", "smm")
    alice.save_assessment(anna.id, {"q": "a"}, 1)
    alice.save_assessment(oleg.id, {"q": "b"}, 1)

    alice.remove_respondent(oleg.id)

    assert alice.list_respondents(client.id) == [anna]
    assert [item.respondent for item in alice.list_assessments(client.id)] == [anna]


def test_a_workspace_needs_an_owner(engine: Engine) -> None:
    with pytest.raises(ValueError, match="owner"):
        Workspace(engine, "")


def test_an_assessment_comes_back_with_its_answers_date_and_bank_version(
    alice: Workspace,
) -> None:
    client = alice.create_client("Bakery")
    smm = alice.add_respondent(client.id, "Oleg", "smm")
    # "content_9" is an id a later question bank may retire: it is kept as answered
    answers = {"goals_1": "yes", "content_9": "often", "traffic_2": "dont_know"}

    saved = alice.save_assessment(smm.id, answers, bank_version=1, taken_on=date(2026, 2, 3))
    opened = alice.open_assessment(saved.id)

    assert opened == saved
    assert dict(opened.answers) == answers
    assert (opened.taken_on, opened.bank_version) == (date(2026, 2, 3), 1)
    assert (opened.respondent.name, opened.respondent.role) == ("Oleg", "smm")
    assert opened.client_id == client.id


def test_assessments_are_listed_oldest_first_for_every_respondent(alice: Workspace) -> None:
    client = alice.create_client("Bakery")
    owner = alice.add_respondent(client.id, "Anna", "owner")
    smm = alice.add_respondent(client.id, "Oleg", "smm")
    alice.save_assessment(smm.id, {"q": "b"}, 1, taken_on=date(2026, 4, 1))
    alice.save_assessment(owner.id, {"q": "a"}, 1, taken_on=date(2026, 1, 1))

    listed = alice.list_assessments(client.id)

    assert [(item.respondent.name, item.taken_on.month) for item in listed] == [
        ("Anna", 1),
        ("Oleg", 4),
    ]
    alice.delete_assessment(listed[0].id)
    assert [item.respondent.name for item in alice.list_assessments(client.id)] == ["Oleg"]


def test_a_report_comes_back_with_its_bytes_and_reading_choices(alice: Workspace) -> None:
    client = alice.create_client("Bakery")
    report = file_report(kpis={"overall": {"er": 4.2, "err": None}, "quarters": {"2026Q1": {}}})

    info = alice.save_report(client.id, report)
    opened = alice.open_report(info.id)

    assert opened.info == info
    assert opened.source == report.source
    assert dict(opened.files) == dict(report.files)
    assert opened.info.profile == "vk_stats"
    assert opened.info.period == (date(2026, 1, 1), date(2026, 3, 31))
    assert dict(opened.info.overrides) == {"reach": "Охват", "likes": None}
    assert opened.info.kpis == {"overall": {"er": 4.2, "err": None}, "quarters": {"2026Q1": {}}}


def test_typed_rows_are_a_report_without_files(alice: Workspace) -> None:
    client = alice.create_client("Bakery")
    rows = [["date", "reach"], [{"date": "2026-01-01"}, 120]]
    report = ReportToSave(
        name="typed", source={"kind": "rows", "name": "typed", "rows": rows}, files={}, period=None
    )

    opened = alice.open_report(alice.save_report(client.id, report).id)

    assert opened.source["rows"] == rows
    assert opened.files == {}
    assert opened.info.period is None


def test_one_file_saved_in_two_reports_is_read_back_by_both(alice: Workspace) -> None:
    client = alice.create_client("Bakery")
    first = alice.save_report(client.id, file_report(name="q1.xlsx"))
    second = alice.save_report(client.id, file_report(name="q1 again.xlsx"))

    alice.delete_report(first.id)

    assert list(alice.open_report(second.id).files.values()) == [b"PK\x03\x04 a workbook"]
    assert [info.name for info in alice.list_reports(client.id)] == ["q1 again.xlsx"]


def test_bytes_that_do_not_match_their_digest_are_refused(alice: Workspace) -> None:
    client = alice.create_client("Bakery")
    report = ReportToSave("x.xlsx", {"kind": "file"}, files={digest(b"one"): b"two"})

    with pytest.raises(ValueError, match="sha256"):
        alice.save_report(client.id, report)
    assert alice.list_reports(client.id) == []


def test_a_report_whose_files_are_not_all_given_is_refused(alice: Workspace) -> None:
    client = alice.create_client("Bakery")
    one, two = b"reach.csv bytes", b"follows.csv bytes"
    parts = [
        {"kind": "file", "name": "reach.csv", "digest": digest(one)},
        {"kind": "file", "name": "follows.csv", "digest": digest(two)},
    ]
    source = {"kind": "files", "parts": parts}

    with pytest.raises(ValueError, match="missing"):
        alice.save_report(client.id, ReportToSave("two files", source, {digest(one): one}))
    both = ReportToSave("two files", source, {digest(one): one, digest(two): two})
    assert len(alice.open_report(alice.save_report(client.id, both).id).files) == 2


def test_a_number_json_cannot_hold_is_refused_before_anything_is_written(
    alice: Workspace,
) -> None:
    client = alice.create_client("Bakery")

    with pytest.raises(ValueError, match="JSON"):
        alice.save_report(client.id, file_report(kpis={"er": float("nan")}))
    with pytest.raises(ValueError, match="finite"):
        alice.set_targets(client.id, {"er": float("inf")})
    assert alice.list_reports(client.id) == []


def test_targets_are_replaced_as_a_whole(alice: Workspace) -> None:
    client = alice.create_client("Bakery")
    alice.set_targets(client.id, {"er": 3.0, "reach_growth": 10})

    alice.set_targets(client.id, {"er": 3.5})

    assert alice.get_targets(client.id) == {"er": 3.5}


def test_the_history_holds_everything_of_the_client_in_order(alice: Workspace) -> None:
    client = alice.create_client("Bakery")
    owner = alice.add_respondent(client.id, "Anna", "owner")
    alice.save_assessment(owner.id, {"q": "b"}, 2, taken_on=date(2026, 6, 1))
    alice.save_assessment(owner.id, {"q": "a"}, 1, taken_on=date(2026, 3, 1))
    q2 = (date(2026, 4, 1), date(2026, 6, 30))
    q1 = (date(2026, 1, 1), date(2026, 3, 31))
    alice.save_report(client.id, file_report(name="q2.xlsx", data=b"q2", period=q2))
    alice.save_report(client.id, file_report(name="q1.xlsx", data=b"q1", period=q1))
    alice.set_targets(client.id, {"er": 3.0})

    history = alice.history(client.id)

    assert history.client.name == "Bakery"
    assert [item.name for item in history.respondents] == ["Anna"]
    assert [item.bank_version for item in history.assessments] == [1, 2]
    assert [item.name for item in history.reports] == ["q1.xlsx", "q2.xlsx"]
    assert history.targets == {"er": 3.0}
