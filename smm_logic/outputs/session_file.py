"""The session file: everything a user gave and chose, in one file they keep.

A ZIP container (only stored or deflated members, nothing executable, never pickled):

- ``manifest.json``: ``{"format": FORMAT, "version": VERSION, "session_version": …,
  "files": {digest: size}}``;
- ``session.json``: the session's plain data (``shell.session.Session.to_dict``);
- ``files/<sha256>``: the bytes of each report file the session reads, by digest.

The report travels as its files' bytes plus the choices it is read with (mapping
overrides, source profile, scope, period), not as a copy of the cleaned table: reading
is deterministic, so the same bytes and choices give the very same report through the
same reader the app uses, and a file cannot carry a "cleaned" table that disagrees with
its own source. Each file's digest is checked on opening.

Opening is defensive: a size cap on the file and on every member (read in bounded
chunks, whatever sizes the ZIP's directory claims), a cap on the number of members,
JSON only, and a format or version this module does not know is refused with a message
that says so. Nothing here touches a session: the caller restores only what was read
in full.
"""

from __future__ import annotations

import hashlib
import io
import json
import re
import zipfile
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from smm_logic.text import Lang, Message

FORMAT = "smm-scorecard-session"
VERSION = 1
MANIFEST = "manifest.json"
SESSION = "session.json"
FILES_DIR = "files/"
SUFFIX = ".smmsession"
_MB = 1024 * 1024
# The report files of a session are at most the upload cap (50 MB) together; the
# container adds a little JSON.
MAX_FILE_BYTES = 52 * _MB
MAX_JSON_BYTES = 8 * _MB
MAX_MEMBERS = 64
_DIGEST = re.compile(r"[0-9a-f]{64}")
_CHUNK = 1 * _MB


class SessionFileError(Exception):
    """A file that cannot be opened as a session; its message says why, in RU and EN."""

    def __init__(self, code: str, **params: object) -> None:
        self.code = code
        self.message = Message(f"session_file.error.{code}", params)
        super().__init__(self.message.render("en"))

    def render(self, lang: Lang) -> str:
        return self.message.render(lang)


@dataclass(frozen=True)
class SessionFile:
    """What a session file holds: the session's plain data and its files' bytes."""

    data: Mapping[str, Any]
    files: Mapping[str, bytes] = field(default_factory=dict, repr=False)


def write_session_file(data: Mapping[str, Any], files: Mapping[str, bytes]) -> bytes:
    """The session file of ``data`` (``Session.to_dict``) and ``files`` (by digest)."""
    manifest = {
        "format": FORMAT,
        "version": VERSION,
        "session_version": data.get("version"),
        "files": {digest: len(content) for digest, content in sorted(files.items())},
    }
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(MANIFEST, _json(manifest))
        archive.writestr(SESSION, _json(data))
        for digest, content in sorted(files.items()):
            archive.writestr(FILES_DIR + digest, content)
    return buffer.getvalue()


def _json(value: object) -> bytes:
    return json.dumps(value, ensure_ascii=False, indent=1, sort_keys=True).encode()


def read_session_file(content: bytes, session_version: int) -> SessionFile:
    """The session a file holds, checked in full; raises ``SessionFileError``.

    ``session_version`` is the version of the session data this app reads
    (``shell.session.VERSION``): data of another version is refused here rather than
    half restored.
    """
    if len(content) > MAX_FILE_BYTES:
        raise SessionFileError("too_large", limit_mb=MAX_FILE_BYTES // _MB)
    if not zipfile.is_zipfile(io.BytesIO(content)):
        raise SessionFileError("not_session")
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            return _read(archive, session_version)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, OSError) as error:
        raise SessionFileError("damaged") from error
    except (NotImplementedError, RuntimeError) as error:  # unknown compression, encryption
        raise SessionFileError("damaged") from error


def _read(archive: zipfile.ZipFile, session_version: int) -> SessionFile:
    members = archive.infolist()
    if len(members) > MAX_MEMBERS:
        raise SessionFileError("damaged")
    names = {member.filename for member in members}
    if MANIFEST not in names:
        raise SessionFileError("not_session")
    manifest = _json_member(archive, MANIFEST)
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise SessionFileError("not_session")
    _check_version(manifest.get("version"), VERSION)
    _check_version(manifest.get("session_version"), session_version)
    if SESSION not in names:
        raise SessionFileError("damaged")
    data = _json_member(archive, SESSION)
    if not isinstance(data, dict) or data.get("version") != session_version:
        raise SessionFileError("damaged")
    return SessionFile(data, _files(archive, manifest.get("files"), names))


def _check_version(found: object, known: int) -> None:
    """A version newer than the one this app knows, or one that is no version at all."""
    if isinstance(found, bool) or not isinstance(found, int):
        raise SessionFileError("unknown_version", version=str(found)[:20])
    if found > known:
        raise SessionFileError("newer_version", version=found)
    if found != known:
        raise SessionFileError("unknown_version", version=found)


def _files(archive: zipfile.ZipFile, listed: object, names: set[str]) -> dict[str, bytes]:
    if not isinstance(listed, dict):
        raise SessionFileError("damaged")
    files: dict[str, bytes] = {}
    total = 0
    for digest in listed:
        name = FILES_DIR + str(digest)
        if not isinstance(digest, str) or not _DIGEST.fullmatch(digest) or name not in names:
            raise SessionFileError("damaged")
        content = _member(archive, name, MAX_FILE_BYTES - total)
        if hashlib.sha256(content).hexdigest() != digest:
            raise SessionFileError("damaged")
        total += len(content)
        files[digest] = content
    return files


def _json_member(archive: zipfile.ZipFile, name: str) -> Any:
    try:
        content = _member(archive, name, MAX_JSON_BYTES).decode("utf-8")
        # NaN and Infinity are not JSON (the app never writes them): a target of NaN
        # would be a number that is not one.
        return json.loads(content, parse_constant=_not_a_number)
    except (UnicodeDecodeError, ValueError, RecursionError) as error:
        raise SessionFileError("damaged") from error


def _not_a_number(constant: str) -> object:
    raise ValueError(f"{constant} is not a JSON number")


def _member(archive: zipfile.ZipFile, name: str, limit: int) -> bytes:
    """A member's bytes, read in chunks and given up on past ``limit`` (a ZIP's stated
    sizes can lie: a small file may inflate to gigabytes)."""
    chunks: list[bytes] = []
    size = 0
    with archive.open(name) as member:
        while chunk := member.read(_CHUNK):
            size += len(chunk)
            if size > limit:
                raise SessionFileError("too_large", limit_mb=MAX_FILE_BYTES // _MB)
            chunks.append(chunk)
    return b"".join(chunks)
