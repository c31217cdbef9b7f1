"""Plain zip archives as the services hand them out (YouTube Studio, Meta Business Suite,
TikTok), and several files read together: every table inside is read through the
reader of its own kind, its sheets named after the file they came from.

The archive has passed the container's bomb checks (member count, unpacked size,
compression ratio) before it gets here; an archive inside it is never opened.
"""

from __future__ import annotations

import hashlib
import io
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import PurePath, PurePosixPath

from smm_logic.errors import ReportFormatError
from smm_logic.report.sources.detect import detect_format
from smm_logic.report.sources.limits import IngestLimits
from smm_logic.report.sources.sheet import RawSheet, SheetSource
from smm_logic.text import Message

TABLE_SUFFIXES = frozenset((".csv", ".tsv", ".xlsx", ".xlsm", ".xls", ".xlsb", ".ods"))
ARCHIVE_SUFFIXES = frozenset((".zip", ".7z", ".rar", ".gz", ".tgz", ".tar", ".bz2", ".xz"))
# Written by the system that packed the archive, never by the service.
_SYSTEM_NAMES = frozenset(("__macosx", "thumbs.db", "desktop.ini"))


@dataclass(frozen=True)
class FileSource(SheetSource):
    """A sheet of one of several files (or of a file inside an archive): ``file`` names
    it, and ``notes`` carry what reading its container noticed."""

    file: str = ""
    notes: tuple[Message, ...] = ()


def sheet_name_in(file: str, sheet: str, read_as: str | None = None) -> str:
    """``reach.csv`` for the one sheet of a CSV (named by its reader after ``read_as``,
    the name it was read under), ``stats.xlsx / Data`` for a workbook's."""
    return file if sheet == PurePath(read_as or file).stem else f"{file} / {sheet}"


def in_file(
    sources: Sequence[SheetSource], file: str, read_as: str | None = None
) -> list[FileSource]:
    """The sheets of ``file`` renamed after it; a member of an archive stays its own
    file, inside ``file``."""
    named: list[FileSource] = []
    for source in sources:
        inner = source.file if isinstance(source, FileSource) else ""
        name = f"{file} / {source.name}" if inner else sheet_name_in(file, source.name, read_as)
        notes = source.notes if isinstance(source, FileSource) else ()

        def load(source: SheetSource = source, name: str = name) -> RawSheet:
            return replace(source.load(), name=name)

        named.append(FileSource(name, load, f"{file}/{inner}" if inner else file, notes))
    return named


def _member_name(member: zipfile.ZipInfo) -> str:
    """The member's path as its packer meant it: zips made on Russian Windows write
    names in cp866 without saying so."""
    if member.flag_bits & 0x800:
        return member.filename
    raw = member.filename.encode("cp437", errors="replace")
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return raw.decode("cp866", errors="replace")


def _is_system(path: str) -> bool:
    parts = PurePosixPath(path).parts
    return any(part.startswith((".", "~$")) or part.lower() in _SYSTEM_NAMES for part in parts)


def _read_member(archive: zipfile.ZipFile, member: zipfile.ZipInfo, name: str) -> bytes:
    try:
        with archive.open(member) as stream:
            return stream.read(member.file_size + 1)
    except RuntimeError as exc:  # a member protected by a password
        raise ReportFormatError("encrypted", name=name) from exc
    except (zipfile.BadZipFile, EOFError, OSError, ValueError, NotImplementedError) as exc:
        raise ReportFormatError("damaged", name=name) from exc


def read_archive(data: bytes, name: str, limits: IngestLimits) -> list[SheetSource]:
    """Every table of a plain zip archive; other files are listed in a note."""
    from smm_logic.report.sources.readers import READERS  # the registry this reader is part of

    sources: list[SheetSource] = []
    other: list[str] = []
    nested: list[str] = []
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise ReportFormatError("damaged", name=name) from exc
    with archive:
        for member in archive.infolist():
            path = _member_name(member)
            if member.is_dir() or _is_system(path):
                continue
            suffix = PurePath(path).suffix.lower()
            if suffix in ARCHIVE_SUFFIXES:
                nested.append(path)
                continue
            if suffix not in TABLE_SUFFIXES:
                other.append(path)
                continue
            payload = _read_member(archive, member, path)
            kind = detect_format(payload, path, limits)
            if kind == "zip":
                nested.append(path)
                continue
            sources.extend(in_file(READERS[kind](payload, path, limits), path))
    listed = ", ".join(f"«{path}»" for path in [*nested, *other])
    if not sources:
        if PurePath(name).suffix.lower() != ".zip" and not nested:
            raise ReportFormatError("not_spreadsheet", name=name)
        raise ReportFormatError("archive_no_tables", name=name, files=listed or "—")
    notes = [Message("issue.archive_read", {"name": name, "tables": len(sources)})]
    if nested:
        names = ", ".join(f"«{path}»" for path in nested)
        notes.append(Message("issue.archive_nested", {"name": name, "files": names}))
    if other:
        names = ", ".join(f"«{path}»" for path in other)
        notes.append(Message("issue.archive_other_files", {"name": name, "files": names}))
    first = sources[0]
    assert isinstance(first, FileSource)
    sources[0] = replace(first, notes=(*first.notes, *notes))
    return sources


def reports_name(files: Sequence[tuple[str, object]]) -> str:
    """The name of a report read from these files: theirs, comma-separated."""
    return ", ".join(name for name, _ in files)


def read_files(
    files: Sequence[tuple[str, bytes]], limits: IngestLimits
) -> tuple[list[SheetSource], list[Message]]:
    """The sheets of several files read together, each named after its file; a file
    given twice (the same bytes) is read once, and noted."""
    from smm_logic.report.sources.readers import read_sheets

    total = sum(len(data) for _, data in files)
    if total > limits.max_bytes:
        mb = 1024 * 1024
        raise ReportFormatError(
            "too_large", size_mb=f"{total / mb:.1f}", limit_mb=f"{limits.max_bytes / mb:.1f}"
        )
    seen: dict[str, str] = {}
    names: dict[str, int] = {}
    sources: list[SheetSource] = []
    notes: list[Message] = []
    for name, data in files:
        digest = hashlib.sha256(data).hexdigest()
        if digest in seen:
            notes.append(Message("issue.file_repeated", {"name": name, "first": seen[digest]}))
            continue
        seen[digest] = name
        # Two different files of one name stay two files: "reach (2).csv".
        names[name] = count = names.get(name, 0) + 1
        path = PurePath(name)
        label = name if count == 1 else f"{path.stem} ({count}){path.suffix}"
        sources.extend(in_file(read_sheets(data, name, limits), label, name))
    return sources, notes
