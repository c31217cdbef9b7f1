"""Several sessions at once: saves to one client from many threads lose nothing
(counted), and two app replicas on one database see each other's saves."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from typing import TypeVar

import pytest
from sqlalchemy import Engine

from smm_logic.storage import (
    NO_DRAFT,
    NameTakenError,
    StaleDraftError,
    StorageError,
    Workspace,
    make_engine,
)
from tests.unit.storage.helpers import file_report

THREADS = 8
SAVES_EACH = 6
T = TypeVar("T")


def all_at_once(count: int, work: Callable[[int], T]) -> list[T | StorageError]:
    """Run ``work(0)`` … ``work(count - 1)`` in threads released together; each result,
    or the storage error it raised."""
    start = threading.Barrier(count)

    def run(number: int) -> T | StorageError:
        start.wait()
        try:
            return work(number)
        except StorageError as error:
            return error

    with ThreadPoolExecutor(count) as pool:
        return list(pool.map(run, range(count)))


@pytest.fixture
def replica(engine: Engine) -> Iterator[Engine]:
    """A second app server on the same database: its own engine and connection pool."""
    other = make_engine(engine.url)
    yield other
    other.dispose()


def test_threads_saving_to_one_client_lose_nothing(engine: Engine) -> None:
    owner = "user:consultant"
    client = Workspace(engine, owner).create_client("Bakery")
    respondent = Workspace(engine, owner).add_respondent(client.id, "Anna", "owner")

    def save(number: int) -> int:
        workspace = Workspace(engine, owner)  # one per session, as the pages make them
        for save in range(SAVES_EACH):
            workspace.save_assessment(respondent.id, {"q": f"{number}-{save}"}, 1)
            # the same bytes each time: every thread writes the one shared blob
            workspace.save_report(client.id, file_report(name=f"{number}-{save}.xlsx"))
        return number

    results = all_at_once(THREADS, save)

    workspace = Workspace(engine, owner)
    assert results == list(range(THREADS))
    answers = {item.answers["q"] for item in workspace.list_assessments(client.id)}
    assert len(answers) == THREADS * SAVES_EACH
    assert len(workspace.list_reports(client.id)) == THREADS * SAVES_EACH


def test_two_replicas_see_each_others_saves(engine: Engine, replica: Engine) -> None:
    first, second = Workspace(engine, "user:alice"), Workspace(replica, "user:alice")

    client = first.create_client("Bakery")
    second.set_targets(client.id, {"er": 3.0})
    revision = second.save_draft({"step": 1}, {}, revision=NO_DRAFT)

    assert [item.name for item in second.list_clients()] == ["Bakery"]
    assert first.get_targets(client.id) == {"er": 3.0}
    with pytest.raises(StaleDraftError):
        first.save_draft({"step": 2}, {}, revision=NO_DRAFT)
    assert first.save_draft({"step": 2}, {}, revision=revision) == 2


def test_two_replicas_saving_at_once_lose_nothing(engine: Engine, replica: Engine) -> None:
    client = Workspace(engine, "user:alice").create_client("Bakery")
    engines = (engine, replica)

    def save(number: int) -> None:
        workspace = Workspace(engines[number % 2], "user:alice")
        for save in range(SAVES_EACH):
            workspace.add_respondent(client.id, f"R{number}-{save}", "other")

    results = all_at_once(THREADS, save)

    assert results == [None] * THREADS
    names = {item.name for item in Workspace(replica, "user:alice").list_respondents(client.id)}
    assert len(names) == THREADS * SAVES_EACH


def test_of_tabs_saving_one_draft_at_once_exactly_one_wins(engine: Engine) -> None:
    loaded = Workspace(engine, "user:alice").save_draft({"tab": None}, {}, revision=NO_DRAFT)

    results = all_at_once(
        THREADS,
        lambda tab: Workspace(engine, "user:alice").save_draft({"tab": tab}, {}, revision=loaded),
    )

    saved = [result for result in results if isinstance(result, int)]
    refused = [result for result in results if isinstance(result, StaleDraftError)]
    draft = Workspace(engine, "user:alice").load_draft()
    assert saved == [loaded + 1]
    assert len(refused) == THREADS - 1
    assert draft is not None
    assert draft.revision == loaded + 1
    assert draft.data["tab"] == results.index(loaded + 1)


def test_of_one_name_created_at_once_one_client_is_made(engine: Engine) -> None:
    results = all_at_once(
        THREADS, lambda _: Workspace(engine, "user:alice").create_client("Bakery")
    )

    assert sum(not isinstance(result, StorageError) for result in results) == 1
    assert all(
        isinstance(result, NameTakenError) for result in results if isinstance(result, Exception)
    )
    assert len(Workspace(engine, "user:alice").list_clients()) == 1


def test_targets_set_at_once_end_as_one_of_them_whole(engine: Engine) -> None:
    client = Workspace(engine, "user:alice").create_client("Bakery")

    results = all_at_once(
        THREADS,
        lambda n: Workspace(engine, "user:alice").set_targets(
            client.id, {"er": float(n), "err": float(n)}
        ),
    )

    targets = Workspace(engine, "user:alice").get_targets(client.id)
    assert results == [None] * THREADS
    assert targets["er"] == targets["err"] and set(targets) == {"er", "err"}


def test_a_file_deleted_with_one_report_while_another_saves_it_is_kept(
    engine: Engine,
) -> None:
    workspace = Workspace(engine, "user:alice")
    client = workspace.create_client("Bakery")
    doomed = [workspace.save_report(client.id, file_report()) for _ in range(THREADS // 2)]

    def work(number: int) -> int | None:
        ws = Workspace(engine, "user:alice")
        if number % 2:
            ws.delete_report(doomed[number // 2].id)
            return None
        return ws.save_report(client.id, file_report(name=f"kept {number}")).id

    results = all_at_once(THREADS, work)

    kept = [result for result in results if isinstance(result, int)]
    assert len(kept) == THREADS // 2
    for report_id in kept:
        assert list(workspace.open_report(report_id).files.values()) == [b"PK\x03\x04 a workbook"]
