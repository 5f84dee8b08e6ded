"""stop contacts (people review 7, F2): "I contacted the client" about a safety stop

``stop_contacts`` records that a therapist contacted a client about an
emergency or same-day stop of their safety answers (one screening), with who,
when and a note, as ``flag_contacts`` (0012) does for an urgent mood answer. A
new table with a ``profile_id``: it gets the row security of 0010.

Written on the followpolish branch after 0015.

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-02 03:20:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from backrub.store.row_policy import record_policy

revision = "0016"
down_revision = "0015"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "stop_contacts",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column(
            "profile_id",
            sa.Integer(),
            sa.ForeignKey("profiles.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column(
            "screening_id",
            sa.Integer(),
            sa.ForeignKey("screenings.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("therapist_id", sa.Integer(), nullable=True),
        sa.Column("author", sa.String(80), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
    )
    op.create_index("ix_stop_contacts_profile_at", "stop_contacts", ["profile_id", "at"])
    op.create_index("ix_stop_contacts_screening_id", "stop_contacts", ["screening_id"])
    if op.get_bind().dialect.name != "sqlite":
        record_policy("stop_contacts")  # row security (0010)


def downgrade() -> None:
    op.drop_table("stop_contacts")
