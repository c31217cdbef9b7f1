"""Reports kept with a client, and drafts of work in progress, with their files.

Revision ID: 0002
Revises: 0001
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

OWNER = 255
DIGEST = 64
MOMENT = sa.DateTime(timezone=True)


def _owner() -> sa.Column[str]:
    return sa.Column("owner", sa.String(OWNER), nullable=False)


def _files_of(table: str, parent: str, column: str) -> None:
    """The link table of ``parent``'s files (the blobs it is read from)."""
    op.create_table(
        table,
        _owner(),
        sa.Column(column, sa.Integer(), nullable=False),
        sa.Column("digest", sa.String(DIGEST), nullable=False),
        sa.ForeignKeyConstraint(
            ["owner", "digest"],
            ["blobs.owner", "blobs.digest"],
            name=op.f(f"fk_{table}_owner_digest_blobs"),
        ),
        sa.ForeignKeyConstraint(
            ["owner", column],
            [f"{parent}.owner", f"{parent}.id"],
            name=op.f(f"fk_{table}_owner_{column}_{parent}"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint(column, "digest", name=op.f(f"pk_{table}")),
    )


def upgrade() -> None:
    op.create_table(
        "blobs",
        _owner(),
        sa.Column("digest", sa.String(DIGEST), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("data", sa.LargeBinary(), nullable=False),
        sa.Column("created_at", MOMENT, nullable=False),
        sa.PrimaryKeyConstraint("owner", "digest", name=op.f("pk_blobs")),
    )
    op.create_table(
        "reports",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        _owner(),
        sa.Column("client_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(500), nullable=False),
        sa.Column("profile", sa.String(64), nullable=True),
        sa.Column("period_start", sa.Date(), nullable=True),
        sa.Column("period_end", sa.Date(), nullable=True),
        sa.Column("source", sa.JSON(), nullable=False),
        sa.Column("overrides", sa.JSON(), nullable=False),
        sa.Column("kpis", sa.JSON(), nullable=False),
        sa.Column("saved_at", MOMENT, nullable=False),
        sa.ForeignKeyConstraint(
            ["owner", "client_id"],
            ["clients.owner", "clients.id"],
            name=op.f("fk_reports_owner_client_id_clients"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_reports")),
        sa.UniqueConstraint("owner", "id", name=op.f("uq_reports_owner_id")),
        sqlite_autoincrement=True,
    )
    with op.batch_alter_table("reports") as batch:
        batch.create_index(batch.f("ix_reports_client_id"), ["client_id"], unique=False)
        batch.create_index(batch.f("ix_reports_owner"), ["owner"], unique=False)
    _files_of("report_files", "reports", "report_id")
    op.create_table(
        "drafts",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        _owner(),
        sa.Column("name", sa.String(64), nullable=False),
        sa.Column("data", sa.JSON(), nullable=False),
        sa.Column("revision", sa.Integer(), nullable=False),
        sa.Column("saved_at", MOMENT, nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_drafts")),
        sa.UniqueConstraint("owner", "id", name=op.f("uq_drafts_owner_id")),
        sa.UniqueConstraint("owner", "name", name=op.f("uq_drafts_owner_name")),
        sqlite_autoincrement=True,
    )
    with op.batch_alter_table("drafts") as batch:
        batch.create_index(batch.f("ix_drafts_owner"), ["owner"], unique=False)
    _files_of("draft_files", "drafts", "draft_id")


def downgrade() -> None:
    for table in ("draft_files", "drafts", "report_files", "reports", "blobs"):
        op.drop_table(table)
