"""The session file: what is written is read back exactly; a newer, unknown, damaged,
foreign, oversized or bomb-like file is refused with a message saying which."""

from __future__ import annotations

import hashlib
import io
import json
import zipfile

import pytest

from smm_logic.outputs import session_file
from smm_logic.outputs.session_file import (
    SessionFileError,
    read_session_file,
    write_session_file,
)
from tests.builders import xlsx_bytes

SESSION_VERSION = 1
REPORT = xlsx_bytes([["Дата", "Охват"], ["2026-02-01", 500]])
DIGEST = hashlib.sha256(REPORT).hexdigest()
DATA = {
    "version": SESSION_VERSION,
    "lang": "ru",
    "numbers": {"source": {"kind": "file", "name": "отчёт.xlsx", "digest": DIGEST}},
    "assessment": {"answers": {"context.smm_duration": "over_a_year"}},
}


def saved() -> bytes:
    return write_session_file(DATA, {DIGEST: REPORT})


def members(content: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def rezipped(parts: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, content in parts.items():
            archive.writestr(name, content)
    return buffer.getvalue()


def with_manifest(**changes: object) -> bytes:
    parts = members(saved())
    manifest = json.loads(parts["manifest.json"]) | changes
    parts["manifest.json"] = json.dumps(manifest).encode()
    return rezipped(parts)


def refusal(content: bytes) -> SessionFileError:
    with pytest.raises(SessionFileError) as raised:
        read_session_file(content, SESSION_VERSION)
    return raised.value


def test_what_is_saved_is_read_back_exactly_with_its_report_bytes() -> None:
    opened = read_session_file(saved(), SESSION_VERSION)

    assert opened.data == DATA
    assert opened.files == {DIGEST: REPORT}


def test_the_file_names_its_format_and_version_in_a_manifest() -> None:
    manifest = json.loads(members(saved())["manifest.json"])

    assert manifest["format"] == "smm-scorecard-session"
    assert manifest["version"] == session_file.VERSION
    assert manifest["session_version"] == SESSION_VERSION
    assert manifest["files"] == {DIGEST: len(REPORT)}


def test_a_newer_format_asks_to_update_the_app_in_both_languages() -> None:
    error = refusal(with_manifest(version=session_file.VERSION + 1))

    assert error.code == "newer_version"
    assert "newer version of the app" in error.render("en")
    assert "более новой версией" in error.render("ru")


def test_newer_session_data_is_refused_too() -> None:
    assert refusal(with_manifest(session_version=SESSION_VERSION + 1)).code == "newer_version"


@pytest.mark.parametrize("version", [0, "1", None, True, [1]])
def test_an_unknown_version_is_named_as_such(version: object) -> None:
    assert refusal(with_manifest(version=version)).code == "unknown_version"


@pytest.mark.parametrize(
    "content",
    [
        b"",
        b"just some text",
        REPORT,  # a real workbook (itself a zip), not a session
        rezipped({"session.json": json.dumps(DATA).encode()}),  # no manifest
    ],
    ids=["empty", "text", "workbook", "no-manifest"],
)
def test_a_file_that_is_not_a_session_says_so(content: bytes) -> None:
    error = refusal(content)

    assert error.code == "not_session"
    assert "not an SMM Scorecard session file" in error.render("en")


def test_a_manifest_of_another_format_is_not_a_session() -> None:
    assert refusal(with_manifest(format="something-else")).code == "not_session"


def test_a_truncated_file_is_damaged() -> None:
    content = saved()

    assert refusal(content[: len(content) // 2]).code in {"damaged", "not_session"}
    assert refusal(content[:-10]).code in {"damaged", "not_session"}


def test_report_bytes_that_do_not_match_their_digest_are_damaged() -> None:
    parts = members(saved())
    parts[f"files/{DIGEST}"] = REPORT + b"tampered"

    error = refusal(rezipped(parts))

    assert error.code == "damaged"
    assert "damaged or was altered" in error.render("en")


@pytest.mark.parametrize(
    "change",
    [
        {"session.json": b"{not json"},
        {"session.json": json.dumps([1, 2]).encode()},
        {"session.json": json.dumps(DATA | {"version": 99}).encode()},
        {"manifest.json": b"\xff\xfe"},
        {"session.json": json.dumps(DATA).replace('"ru"', "NaN").encode()},
    ],
    ids=["bad-json", "not-an-object", "data-version-differs", "not-utf8", "nan"],
)
def test_broken_members_are_damaged(change: dict[str, bytes]) -> None:
    parts = members(saved()) | change

    assert refusal(rezipped(parts)).code in {"damaged", "not_session"}


def test_a_listed_file_that_is_missing_or_a_path_is_damaged() -> None:
    parts = members(saved())
    del parts[f"files/{DIGEST}"]
    assert refusal(rezipped(parts)).code == "damaged"

    assert refusal(with_manifest(files={"../../etc/passwd": 1})).code == "damaged"


def test_an_oversized_file_is_refused_before_it_is_read() -> None:
    error = refusal(b"\0" * (session_file.MAX_FILE_BYTES + 1))

    assert error.code == "too_large"
    assert "larger than 52 MB" in error.render("en")


def test_a_zip_bomb_is_stopped_at_the_cap_whatever_its_directory_says(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(session_file, "MAX_JSON_BYTES", 1024 * 1024)
    parts = members(saved())
    parts["session.json"] = b" " * (5 * 1024 * 1024)  # deflates to a few KB

    content = rezipped(parts)

    assert len(content) < 64 * 1024
    assert refusal(content).code == "too_large"


def test_too_many_members_are_damaged() -> None:
    parts = members(saved()) | {f"extra/{n}": b"" for n in range(session_file.MAX_MEMBERS)}

    assert refusal(rezipped(parts)).code == "damaged"
