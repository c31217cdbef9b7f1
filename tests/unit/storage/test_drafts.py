"""Drafts: the work in progress, saved as it is entered and put back after a reload;
two tabs never overwrite each other's work silently."""

from __future__ import annotations

import pandas as pd
import pytest
from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session as OrmSession

from shell.session import FileSource, Session
from smm_logic.storage import NO_DRAFT, StaleDraftError, Workspace
from smm_logic.storage.models import Blob
from tests.unit.storage.helpers import digest, file_report


def blob_count(engine: Engine) -> int:
    with OrmSession(engine) as session:
        return session.scalar(select(func.count()).select_from(Blob)) or 0


def test_a_session_comes_back_exactly_after_a_reload(alice: Workspace) -> None:
    tab = Session({})
    tab.seed("ru-RU")
    tab.use_source(FileSource.of("bakery.xlsx", b"PK\x03\x04 workbook"), mode="upload")
    tab.answers = {"goals_1": "yes", "content_2": "dont_know"}
    tab.targets = {"er": 3.5}
    tab.overrides = {"reach": "Охват"}
    tab.step = 3
    revision = alice.save_draft(tab.to_dict(), tab.files(), revision=NO_DRAFT)

    draft = alice.load_draft()
    reloaded = Session({})
    assert draft is not None
    reloaded.restore(draft.data, draft.files)

    assert reloaded.to_dict() == tab.to_dict()
    assert reloaded.source == tab.source
    assert reloaded.files() == tab.files()
    assert draft.revision == revision == 1


def test_every_save_moves_the_revision_on(alice: Workspace) -> None:
    first = alice.save_draft({"answers": {"a": "1"}}, {}, revision=NO_DRAFT)
    second = alice.save_draft({"answers": {"a": "2"}}, {}, revision=first)

    draft = alice.load_draft()

    assert (first, second) == (1, 2)
    assert draft is not None
    assert (draft.data, draft.revision) == ({"answers": {"a": "2"}}, 2)


def test_a_save_from_a_stale_copy_is_refused_and_keeps_the_other_tabs_work(
    alice: Workspace,
) -> None:
    loaded = alice.save_draft({"answers": {"a": "1"}}, {}, revision=NO_DRAFT)
    alice.save_draft({"answers": {"a": "other tab"}}, {}, revision=loaded)

    with pytest.raises(StaleDraftError) as refused:
        alice.save_draft({"answers": {"a": "this tab"}}, {}, revision=loaded)

    draft = alice.load_draft()
    assert refused.value.current == 2
    assert draft is not None
    assert draft.data == {"answers": {"a": "other tab"}}


def test_a_first_save_over_an_existing_draft_is_refused(alice: Workspace) -> None:
    alice.save_draft({"answers": {"a": "1"}}, {}, revision=NO_DRAFT)

    with pytest.raises(StaleDraftError) as refused:
        alice.save_draft({"answers": {}}, {}, revision=NO_DRAFT)

    assert refused.value.current == 1
    assert "another tab" in str(refused.value)


def test_a_draft_keeps_a_files_bytes_once_and_drops_them_when_replaced(
    alice: Workspace, engine: Engine
) -> None:
    old, new = b"old workbook", b"new workbook"
    revision = alice.save_draft({"n": 1}, {digest(old): old}, revision=NO_DRAFT)
    revision = alice.save_draft({"n": 2}, {digest(old): old}, revision=revision)
    assert blob_count(engine) == 1

    alice.save_draft({"n": 3}, {digest(new): new}, revision=revision)

    draft = alice.load_draft()
    assert draft is not None
    assert dict(draft.files) == {digest(new): new}
    assert blob_count(engine) == 1


def test_starting_afresh_deletes_the_draft_and_its_files(alice: Workspace, engine: Engine) -> None:
    data = b"workbook"
    alice.save_draft({"n": 1}, {digest(data): data}, revision=NO_DRAFT)

    alice.delete_draft()

    assert alice.load_draft() is None
    assert blob_count(engine) == 0
    assert alice.save_draft({"n": 1}, {}, revision=NO_DRAFT) == 1


def test_a_file_of_a_saved_report_outlives_the_draft_that_had_it(alice: Workspace) -> None:
    data = b"workbook"
    client = alice.create_client("Bakery")
    report = alice.save_report(client.id, file_report(data=data))
    alice.save_draft({"n": 1}, {digest(data): data}, revision=NO_DRAFT)

    alice.delete_draft()

    assert dict(alice.open_report(report.id).files) == {digest(data): data}


def test_drafts_by_name_are_separate(alice: Workspace) -> None:
    alice.save_draft({"who": "owner"}, {}, revision=NO_DRAFT)
    alice.save_draft({"who": "invitation"}, {}, revision=NO_DRAFT, name="invite-7")

    main, other = alice.load_draft(), alice.load_draft("invite-7")

    assert main is not None and other is not None
    assert (main.data, other.data) == ({"who": "owner"}, {"who": "invitation"})


def test_a_draft_with_a_table_in_it_is_refused_rather_than_half_saved(
    alice: Workspace,
) -> None:
    with pytest.raises(ValueError, match="JSON"):
        alice.save_draft({"table": pd.DataFrame()}, {}, revision=NO_DRAFT)

    assert alice.load_draft() is None
