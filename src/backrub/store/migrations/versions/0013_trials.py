"""N-of-1 trials (issue 15): the ``trials`` table

One row a trial: the design, the seed, the first day, the SHA-256 of the
schedule shown at the start, the state, and when and why it ended early. It
belongs to a profile (deleting the person deletes it) and, on PostgreSQL, is
held to the record tables' row-security policy (0010).

Written on the nof1trial branch after 0012; the lead re-chains it at the merge.

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-02 02:30:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from backrub.store.row_policy import record_policy

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None

STATE_CHECK = "state IN ('running', 'ended_early')"
WHY_CHECK = "ended_why IS NULL OR ended_why IN ('stopped', 'red_flag')"


def upgrade() -> None:
    op.create_table(
        "trials",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("public_id", sa.String(36), nullable=False, unique=True),
        sa.Column(
            "profile_id",
            sa.Integer(),
            sa.ForeignKey("profiles.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("pairs", sa.Integer(), nullable=False),
        sa.Column("period_days", sa.Integer(), nullable=False),
        sa.Column("washout_days", sa.Integer(), nullable=False),
        sa.Column("seed", sa.Integer(), nullable=False),
        sa.Column("first_day", sa.Date(), nullable=False),
        sa.Column("sha256", sa.String(64), nullable=False),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column(
            "state", sa.String(16), sa.CheckConstraint(STATE_CHECK, name="state"), nullable=False
        ),
        sa.Column("ended_on", sa.Date(), nullable=True),
        sa.Column(
            "ended_why",
            sa.String(16),
            sa.CheckConstraint(WHY_CHECK, name="ended_why"),
            nullable=True,
        ),
    )
    op.create_index("ix_trials_profile_first_day", "trials", ["profile_id", "first_day"])
    if op.get_bind().dialect.name != "sqlite":
        record_policy("trials")  # row security (0010)


def downgrade() -> None:
    op.drop_index("ix_trials_profile_first_day", table_name="trials")
    op.drop_table("trials")
