"""The schema is made and changed by the migrations alone: an empty database and one at
the previous revision both come to the newest cleanly, and the models agree with it."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from datetime import date

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import Engine, inspect
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from smm_logic.storage import (
    NO_DRAFT,
    Workspace,
    current_revision,
    head_revision,
    make_engine,
    upgrade,
)
from smm_logic.storage.models import Base, Respondent
from tests.conftest import ROOT
from tests.unit.storage.helpers import file_report

# Every revision before the newest, each with what it could hold then.
PREVIOUS = ("0001", "0002")
TABLES = {
    "invitations",
    "clients",
    "respondents",
    "assessments",
    "targets",
    "blobs",
    "reports",
    "report_files",
    "drafts",
    "draft_files",
}


@pytest.fixture
def empty(database_url: str) -> Iterator[Engine]:
    made = make_engine(database_url)
    yield made
    made.dispose()


def test_an_empty_database_upgrades_to_the_newest_schema(empty: Engine) -> None:
    assert current_revision(empty) is None

    upgrade(empty)

    assert current_revision(empty) == head_revision() == "0003"
    assert set(inspect(empty).get_table_names()) == TABLES | {"alembic_version"}


def test_upgrading_an_up_to_date_database_changes_nothing(empty: Engine) -> None:
    upgrade(empty)
    client = Workspace(empty, "user:alice").create_client("Bakery")

    upgrade(empty)  # every replica calls it on start

    assert Workspace(empty, "user:alice").get_client(client.id) == client


@pytest.mark.parametrize("previous", PREVIOUS)
def test_a_database_at_a_previous_revision_upgrades_and_keeps_its_data(
    empty: Engine, previous: str
) -> None:
    upgrade(empty, previous)
    before = Workspace(empty, "user:alice")
    client = before.create_client("Bakery")
    respondent = before.add_respondent(client.id, "Anna", "owner")
    saved = before.save_assessment(respondent.id, {"goals_1": "yes"}, 1, date(2026, 1, 5))
    before.set_targets(client.id, {"er": 3.0})
    report = before.save_report(client.id, file_report()) if previous >= "0002" else None

    upgrade(empty)

    after = Workspace(empty, "user:alice")
    assert current_revision(empty) == head_revision()
    assert after.open_assessment(saved.id) == saved
    assert after.get_targets(client.id) == {"er": 3.0}
    assert after.list_reports(client.id) == ([] if report is None else [report])
    assert after.save_draft({"step": 1}, {}, revision=NO_DRAFT) == 1
    assert after.invite(respondent.id)


def test_the_migrations_go_down_and_up_again(empty: Engine) -> None:
    from alembic import command

    from smm_logic.storage.migrate import alembic_config

    upgrade(empty)
    config = alembic_config()
    with empty.begin() as connection:
        config.attributes["connection"] = connection
        command.downgrade(config, "0001")
    assert not {"drafts", "invitations"} & set(inspect(empty).get_table_names())

    upgrade(empty)

    assert set(inspect(empty).get_table_names()) == TABLES | {"alembic_version"}


def test_the_models_match_the_migrations(engine: Engine) -> None:
    with engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        differences = compare_metadata(context, Base.metadata)

    assert differences == []


def test_the_database_itself_refuses_a_record_under_another_owners_client(
    alice: Workspace, engine: Engine
) -> None:
    client = alice.create_client("Bakery")

    with Session(engine) as session, pytest.raises(IntegrityError):
        session.add(Respondent(owner="user:bob", client_id=client.id, name="Eve", role="other"))
        session.commit()


def test_the_database_itself_refuses_an_unknown_role(alice: Workspace, engine: Engine) -> None:
    client = alice.create_client("Bakery")

    with Session(engine) as session, pytest.raises(IntegrityError):
        session.add(Respondent(owner=alice.owner, client_id=client.id, name="Eve", role="boss"))
        session.commit()


def test_the_app_never_makes_tables_but_through_the_migrations() -> None:
    sources = [*ROOT.joinpath("smm_logic").rglob("*.py"), *ROOT.joinpath("shell").rglob("*.py")]
    sources += [ROOT / "app.py", *ROOT.joinpath("pages").glob("*.py")]

    makers = [path for path in sources if "create_all" in path.read_text(encoding="utf-8")]

    assert makers == []


def test_replicas_started_together_migrate_one_after_the_other(database_url: str) -> None:
    # replicas are processes: each its own Python, started at the same moment
    code = "import sys; from smm_logic.storage import upgrade; upgrade(sys.argv[1])"
    replicas = [
        subprocess.Popen(
            [sys.executable, "-c", code, database_url], cwd=ROOT, stderr=subprocess.PIPE
        )
        for _ in range(3)
    ]

    errors = [replica.communicate(timeout=120)[1].decode() for replica in replicas]

    assert [replica.returncode for replica in replicas] == [0, 0, 0], errors
    engine = make_engine(database_url)
    assert current_revision(engine) == head_revision()
    engine.dispose()
