"""The tables, as typed ORM models. Every row carries its ``owner``.

Child rows point at their parent through (owner, id) composite foreign keys, so the
database itself refuses a respondent, an assessment, a report or a target whose owner
is not its client's owner: a bug in a query cannot link one owner's record to another's.
Deleting a client deletes everything under it (ON DELETE CASCADE).

Files (the bytes of uploaded reports) are kept once per owner by their sha256 in
``blobs``; reports and drafts name the files they use, so a draft saved after every
answer does not write a 50 MB report again.

The schema is made by the migrations in ``migrations/versions``, never from these
models; a test checks that the two agree.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    CheckConstraint,
    Date,
    DateTime,
    Dialect,
    Float,
    ForeignKeyConstraint,
    Integer,
    LargeBinary,
    MetaData,
    String,
    TypeDecorator,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

ROLES = ("owner", "smm", "sales", "other")
OWNER_LENGTH = 255
DIGEST_LENGTH = 64  # sha256, hex

# Constraint names are given by convention, so that migrations can name what they alter.
NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_N_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class UtcDateTime(TypeDecorator[datetime]):
    """A moment in UTC. SQLite keeps no time zone, so one read back is marked UTC again."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is not None and value.tzinfo is None:
            raise ValueError("a stored moment must have a time zone")
        return None if value is None else value.astimezone(UTC)

    def process_result_value(self, value: Any | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        moment: datetime = value
        return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def utc_now() -> datetime:
    return datetime.now(UTC)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


def _owner() -> Mapped[str]:
    return mapped_column(String(OWNER_LENGTH), index=True)


def _id() -> Mapped[int]:
    return mapped_column(Integer, primary_key=True, autoincrement=True)


def _child_of(table: str, column: str) -> ForeignKeyConstraint:
    """A link to the parent row of the same owner; the child goes with its parent."""
    return ForeignKeyConstraint(
        ["owner", column], [f"{table}.owner", f"{table}.id"], ondelete="CASCADE"
    )


# ids are never reused (SQLite AUTOINCREMENT): a tab holding the id of a deleted
# record must not open a newer one.
_NEVER_REUSE = {"sqlite_autoincrement": True}


class Client(Base):
    """A consultant's client (or, without a consultant, the owner's own business)."""

    __tablename__ = "clients"
    __table_args__ = (
        UniqueConstraint("owner", "name"),
        UniqueConstraint("owner", "id"),
        _NEVER_REUSE,
    )

    id: Mapped[int] = _id()
    owner: Mapped[str] = _owner()
    name: Mapped[str] = mapped_column(String(200))
    archived: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime(), default=utc_now)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime(), default=utc_now)


class Respondent(Base):
    """Someone at the client who answers the self-assessment."""

    __tablename__ = "respondents"
    __table_args__ = (
        _child_of("clients", "client_id"),
        UniqueConstraint("owner", "id"),
        CheckConstraint("role IN ('owner', 'smm', 'sales', 'other')", name="role"),
        _NEVER_REUSE,
    )

    id: Mapped[int] = _id()
    owner: Mapped[str] = _owner()
    client_id: Mapped[int] = mapped_column(index=True)
    name: Mapped[str] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(String(16))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime(), default=utc_now)


class Assessment(Base):
    """One respondent's answers on one day, under the question bank of that day."""

    __tablename__ = "assessments"
    __table_args__ = (_child_of("respondents", "respondent_id"), _NEVER_REUSE)

    id: Mapped[int] = _id()
    owner: Mapped[str] = _owner()
    respondent_id: Mapped[int] = mapped_column(index=True)
    taken_on: Mapped[date] = mapped_column(Date)
    # question id → option id, as answered (ids the bank later retires stay here)
    answers: Mapped[dict[str, str]] = mapped_column(JSON)
    bank_version: Mapped[int] = mapped_column(Integer)
    saved_at: Mapped[datetime] = mapped_column(UtcDateTime(), default=utc_now)


class Invitation(Base):
    """A link that lets a respondent answer on their own device into the owner's
    workspace. Only the sha256 of the link's token is kept: a copy of the database
    opens no invitation."""

    __tablename__ = "invitations"
    __table_args__ = (_child_of("respondents", "respondent_id"), _NEVER_REUSE)

    id: Mapped[int] = _id()
    owner: Mapped[str] = _owner()
    respondent_id: Mapped[int] = mapped_column(index=True)
    token_digest: Mapped[str] = mapped_column(String(DIGEST_LENGTH), unique=True)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime(), default=utc_now)


class Target(Base):
    """The client's target for one KPI."""

    __tablename__ = "targets"
    __table_args__ = (
        _child_of("clients", "client_id"),
        UniqueConstraint("client_id", "kpi"),
        _NEVER_REUSE,
    )

    id: Mapped[int] = _id()
    owner: Mapped[str] = _owner()
    client_id: Mapped[int] = mapped_column()
    kpi: Mapped[str] = mapped_column(String(64))
    value: Mapped[float] = mapped_column(Float)


class Blob(Base):
    """The bytes of one file, once per owner, by their sha256."""

    __tablename__ = "blobs"

    owner: Mapped[str] = mapped_column(String(OWNER_LENGTH), primary_key=True)
    digest: Mapped[str] = mapped_column(String(DIGEST_LENGTH), primary_key=True)
    size: Mapped[int] = mapped_column(Integer)
    data: Mapped[bytes] = mapped_column(LargeBinary)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime(), default=utc_now)


class Report(Base):
    """A report saved to a client: how to read it again, and what it showed.

    The report is kept as its source (the files' bytes, or the typed rows) plus the
    reading choices (profile, mapping overrides), not as the cleaned table: reading the
    same bytes the same way gives back the whole ``Report`` — the cleaned table and also
    the skipped rows, the notes and the row numbers the Numbers page shows — where a
    stored table would keep only the first. The bytes are also several times smaller
    than the cleaned table. ``kpis`` keeps the numbers as computed when saved, so the
    history neither needs a reparse nor changes when the engine improves.
    """

    __tablename__ = "reports"
    __table_args__ = (
        _child_of("clients", "client_id"),
        UniqueConstraint("owner", "id"),
        _NEVER_REUSE,
    )

    id: Mapped[int] = _id()
    owner: Mapped[str] = _owner()
    client_id: Mapped[int] = mapped_column(index=True)
    name: Mapped[str] = mapped_column(String(500))
    profile: Mapped[str | None] = mapped_column(String(64))
    period_start: Mapped[date | None] = mapped_column(Date)
    period_end: Mapped[date | None] = mapped_column(Date)
    # the plain data of the session's report source (shell.session *.to_dict())
    source: Mapped[dict[str, Any]] = mapped_column(JSON)
    overrides: Mapped[dict[str, str | None]] = mapped_column(JSON)
    kpis: Mapped[dict[str, Any]] = mapped_column(JSON)
    saved_at: Mapped[datetime] = mapped_column(UtcDateTime(), default=utc_now)


class ReportFile(Base):
    """A file a saved report is read from."""

    __tablename__ = "report_files"
    __table_args__ = (
        _child_of("reports", "report_id"),
        ForeignKeyConstraint(["owner", "digest"], ["blobs.owner", "blobs.digest"]),
    )

    owner: Mapped[str] = mapped_column(String(OWNER_LENGTH))
    report_id: Mapped[int] = mapped_column(primary_key=True)
    digest: Mapped[str] = mapped_column(String(DIGEST_LENGTH), primary_key=True)


class Draft(Base):
    """Work in progress of one owner (a browser or a user): the session's plain data.

    ``revision`` grows by one with every save; a save names the revision it started
    from and is refused when another tab saved in between (optimistic concurrency).
    """

    __tablename__ = "drafts"
    __table_args__ = (
        UniqueConstraint("owner", "name"),
        UniqueConstraint("owner", "id"),
        _NEVER_REUSE,
    )

    id: Mapped[int] = _id()
    owner: Mapped[str] = _owner()
    name: Mapped[str] = mapped_column(String(64))
    data: Mapped[dict[str, Any]] = mapped_column(JSON)
    revision: Mapped[int] = mapped_column(Integer)
    saved_at: Mapped[datetime] = mapped_column(UtcDateTime(), default=utc_now)


class DraftFile(Base):
    """A file a draft's report is read from."""

    __tablename__ = "draft_files"
    __table_args__ = (
        _child_of("drafts", "draft_id"),
        ForeignKeyConstraint(["owner", "digest"], ["blobs.owner", "blobs.digest"]),
    )

    owner: Mapped[str] = mapped_column(String(OWNER_LENGTH))
    draft_id: Mapped[int] = mapped_column(primary_key=True)
    digest: Mapped[str] = mapped_column(String(DIGEST_LENGTH), primary_key=True)
