"""follow-up: schedules, administrations and their links (issue 14)

Every table holds one client's data: ``profile_id`` (ON DELETE CASCADE, so
deleting a client deletes them; row-level security scopes by it) and
``clinic_id``. Links keep only the SHA-256 of their token.

Written on the followup branch after 0009; at the merge it follows 0010 (rls).

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-01 23:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from backrub.store.row_policy import record_policy

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None

STATE_CHECK = "state IN ('scheduled', 'sent', 'opened', 'partly answered', 'completed', 'expired')"
TEMPLATE_CHECK = "template IN ('study', 'baseline', 'every_weeks', 'before_visits')"


def _profile_fk() -> sa.Column[int]:
    return sa.Column(
        "profile_id",
        sa.Integer(),
        sa.ForeignKey("profiles.id", ondelete="CASCADE"),
        nullable=False,
    )


def _clinic_fk() -> sa.Column[int]:
    return sa.Column(
        "clinic_id", sa.Integer(), sa.ForeignKey("clinics.id", ondelete="CASCADE"), nullable=False
    )


def upgrade() -> None:
    op.create_table(
        "follow_up_schedules",
        sa.Column("id", sa.Integer(), primary_key=True),
        _profile_fk(),
        _clinic_fk(),
        sa.Column(
            "template",
            sa.String(16),
            sa.CheckConstraint(TEMPLATE_CHECK, name="template_known"),
            nullable=False,
        ),
        sa.Column("instruments", sa.Text(), nullable=False),
        sa.Column("every_weeks", sa.Integer(), nullable=True),
        sa.Column("visits", sa.Text(), nullable=False),
        sa.Column("first_session", sa.Date(), nullable=False),
        sa.Column(
            "chosen_by",
            sa.Integer(),
            sa.ForeignKey("accounts.id", ondelete="SET NULL"),
            nullable=True,
        ),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("ended_at", sa.DateTime(timezone=True), nullable=True),
    )
    op.create_index(
        "ix_follow_up_schedules_clinic_profile",
        "follow_up_schedules",
        ["clinic_id", "profile_id"],
    )
    op.create_table(
        "administrations",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("public_id", sa.String(36), nullable=False, unique=True),
        _profile_fk(),
        _clinic_fk(),
        sa.Column(
            "schedule_id",
            sa.Integer(),
            sa.ForeignKey("follow_up_schedules.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("instrument", sa.String(32), nullable=False),
        sa.Column("why", sa.String(16), nullable=False),
        sa.Column("due_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column(
            "state",
            sa.String(16),
            sa.CheckConstraint(STATE_CHECK, name="state_known"),
            nullable=False,
        ),
        sa.Column("partial", sa.Text(), nullable=True),
        sa.Column(
            "response_id",
            sa.Integer(),
            sa.ForeignKey("responses.id", ondelete="SET NULL"),
            nullable=True,
        ),
        sa.Column("sent_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("opened_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("completed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("reminders_sent", sa.Integer(), nullable=False, server_default="0"),
        sa.Column("last_reminder_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("red_flag_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("red_flags", sa.Text(), nullable=True),
    )
    op.create_index(
        "ix_administrations_clinic_state_due",
        "administrations",
        ["clinic_id", "state", "due_at"],
    )
    op.create_index("ix_administrations_profile", "administrations", ["profile_id"])
    op.create_table(
        "follow_up_links",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("token_hash", sa.String(64), nullable=False, unique=True),
        _profile_fk(),
        _clinic_fk(),
        sa.Column(
            "administration_id",
            sa.Integer(),
            sa.ForeignKey("administrations.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("used_at", sa.DateTime(timezone=True), nullable=True),
    )
    op.create_index("ix_follow_up_links_administration", "follow_up_links", ["administration_id"])
    if op.get_bind().dialect.name != "sqlite":
        # Row security (migration 0010) on the tables of a client's follow-up; not on
        # the links: a link is looked up by its token before any clinic is known
        # (it holds a hash, ids and times), as an invitation is.
        for table in ("follow_up_schedules", "administrations"):
            record_policy(table)


def downgrade() -> None:
    op.drop_table("follow_up_links")
    op.drop_table("administrations")
    op.drop_table("follow_up_schedules")
