"""trial changes (clinical review 7, item 5): other treatment changed on a trial day

``trial_changes``: one row a change the person recorded on a day of an N-of-1
trial: a pain medicine changed, or another treatment started or stopped, with a
short note. It belongs to a trial and a profile (deleting either deletes it)
and, with its ``profile_id``, gets the record tables' row security (0010).

Written on the trialflow branch after 0016; the lead re-chains it at the merge.

Revision ID: 0017
Revises: 0016
Create Date: 2026-12-02 05:20:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from backrub.store.row_policy import record_policy

revision = "0017"
down_revision = "0016"
branch_labels = None
depends_on = None

KIND_CHECK = "kind IN ('medicine', 'treatment')"


def upgrade() -> None:
    op.create_table(
        "trial_changes",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column(
            "profile_id",
            sa.Integer(),
            sa.ForeignKey("profiles.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column(
            "trial_id",
            sa.Integer(),
            sa.ForeignKey("trials.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column(
            "kind", sa.String(16), sa.CheckConstraint(KIND_CHECK, name="kind"), nullable=False
        ),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_trial_changes_trial_day", "trial_changes", ["trial_id", "day"])
    op.create_index("ix_trial_changes_profile", "trial_changes", ["profile_id"])
    if op.get_bind().dialect.name != "sqlite":
        record_policy("trial_changes")  # row security (0010)


def downgrade() -> None:
    op.drop_table("trial_changes")
