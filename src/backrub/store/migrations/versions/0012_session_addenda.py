"""session addenda, flag contacts, and a public id for each professional session

A therapist corrects their own session note with an addendum (``session_addenda``):
the note stays as written. ``flag_contacts`` records that a therapist contacted
a client about an urgent mood answer. Both belong to a profile (deleting the
client deletes them). ``pro_sessions.public_id`` names a session in a clinic
URL; the sessions written before this migration get one here, on SQLite and
PostgreSQL alike.

On this branch it follows 0009; at the merge it follows 0011 (rls = 0010,
followup = 0011).

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-01 23:00:00
"""

from __future__ import annotations

import uuid

import sqlalchemy as sa
from alembic import op

from backrub.store.row_policy import record_policy

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None


def _profile_fk() -> sa.Column[int]:
    return sa.Column(
        "profile_id",
        sa.Integer(),
        sa.ForeignKey("profiles.id", ondelete="CASCADE"),
        nullable=False,
    )


def upgrade() -> None:
    # A plain ADD COLUMN (not batch mode): on SQLite a batch copy would drop the old
    # table, and with it, by ON DELETE CASCADE, whatever hangs on it.
    op.add_column("pro_sessions", sa.Column("public_id", sa.String(36), nullable=True))
    _fill_public_ids()
    op.create_index("ix_pro_sessions_public_id", "pro_sessions", ["public_id"], unique=True)
    op.create_table(
        "session_addenda",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("public_id", sa.String(36), nullable=False, unique=True),
        _profile_fk(),
        sa.Column(
            "session_id",
            sa.Integer(),
            sa.ForeignKey("pro_sessions.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("therapist_id", sa.Integer(), nullable=True),
        sa.Column("author", sa.String(80), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=True),
    )
    op.create_index(
        "ix_session_addenda_profile_session", "session_addenda", ["profile_id", "session_id"]
    )
    op.create_index("ix_session_addenda_session_id", "session_addenda", ["session_id"])
    op.create_table(
        "flag_contacts",
        sa.Column("id", sa.Integer(), primary_key=True),
        _profile_fk(),
        sa.Column(
            "response_id",
            sa.Integer(),
            sa.ForeignKey("responses.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("therapist_id", sa.Integer(), nullable=True),
        sa.Column("author", sa.String(80), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
    )
    op.create_index("ix_flag_contacts_profile_at", "flag_contacts", ["profile_id", "at"])
    op.create_index("ix_flag_contacts_response_id", "flag_contacts", ["response_id"])
    if op.get_bind().dialect.name != "sqlite":
        for table in ("session_addenda", "flag_contacts"):  # row security (0010)
            record_policy(table)


def _fill_public_ids() -> None:
    """Give every existing session a random public id (UUID4), one UPDATE each."""
    bind = op.get_bind()
    ids = bind.execute(sa.text("SELECT id FROM pro_sessions WHERE public_id IS NULL")).scalars()
    update = sa.text("UPDATE pro_sessions SET public_id = :public_id WHERE id = :id")
    for row_id in list(ids):
        bind.execute(update, {"public_id": str(uuid.uuid4()), "id": row_id})


def downgrade() -> None:
    op.drop_table("flag_contacts")
    op.drop_table("session_addenda")
    op.drop_index("ix_pro_sessions_public_id", table_name="pro_sessions")
    if op.get_bind().dialect.name == "sqlite":
        op.execute(sa.text("ALTER TABLE pro_sessions DROP COLUMN public_id"))
    else:
        op.drop_column("pro_sessions", "public_id")
