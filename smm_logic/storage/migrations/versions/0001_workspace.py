"""The consultant's workspace: clients, respondents, assessments, targets.

Revision ID: 0001
Revises:
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

OWNER = 255
MOMENT = sa.DateTime(timezone=True)


def _owner() -> sa.Column[str]:
    return sa.Column("owner", sa.String(OWNER), nullable=False)


def _child_of(table: str, column: str, name: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        ["owner", column],
        [f"{table}.owner", f"{table}.id"],
        name=op.f(name),
        ondelete="CASCADE",
    )


def _index(table: str, *columns: str) -> None:
    with op.batch_alter_table(table) as batch:
        for column in columns:
            batch.create_index(batch.f(f"ix_{table}_{column}"), [column], unique=False)


def upgrade() -> None:
    op.create_table(
        "clients",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        _owner(),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("archived", sa.Boolean(), nullable=False),
        sa.Column("created_at", MOMENT, nullable=False),
        sa.Column("updated_at", MOMENT, nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_clients")),
        sa.UniqueConstraint("owner", "id", name=op.f("uq_clients_owner_id")),
        sa.UniqueConstraint("owner", "name", name=op.f("uq_clients_owner_name")),
        sqlite_autoincrement=True,
    )
    _index("clients", "owner")
    op.create_table(
        "respondents",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        _owner(),
        sa.Column("client_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("role", sa.String(16), nullable=False),
        sa.Column("created_at", MOMENT, nullable=False),
        sa.CheckConstraint(
            "role IN ('owner', 'smm', 'sales', 'other')", name=op.f("ck_respondents_role")
        ),
        _child_of("clients", "client_id", "fk_respondents_owner_client_id_clients"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_respondents")),
        sa.UniqueConstraint("owner", "id", name=op.f("uq_respondents_owner_id")),
        sqlite_autoincrement=True,
    )
    _index("respondents", "client_id", "owner")
    op.create_table(
        "assessments",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        _owner(),
        sa.Column("respondent_id", sa.Integer(), nullable=False),
        sa.Column("taken_on", sa.Date(), nullable=False),
        sa.Column("answers", sa.JSON(), nullable=False),
        sa.Column("bank_version", sa.Integer(), nullable=False),
        sa.Column("saved_at", MOMENT, nullable=False),
        _child_of("respondents", "respondent_id", "fk_assessments_owner_respondent_id_respondents"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_assessments")),
        sqlite_autoincrement=True,
    )
    _index("assessments", "owner", "respondent_id")
    op.create_table(
        "targets",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        _owner(),
        sa.Column("client_id", sa.Integer(), nullable=False),
        sa.Column("kpi", sa.String(64), nullable=False),
        sa.Column("value", sa.Float(), nullable=False),
        _child_of("clients", "client_id", "fk_targets_owner_client_id_clients"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_targets")),
        sa.UniqueConstraint("client_id", "kpi", name=op.f("uq_targets_client_id_kpi")),
        sqlite_autoincrement=True,
    )
    _index("targets", "owner")


def downgrade() -> None:
    for table in ("targets", "assessments", "respondents", "clients"):
        op.drop_table(table)
