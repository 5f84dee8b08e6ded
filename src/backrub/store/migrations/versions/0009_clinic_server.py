"""clinic server: clinics, accounts, sessions, invitations, assignments, audit log

The local app gets these tables too, empty. ``profiles.clinic_id`` says which
clinic a client's record belongs to (none locally); ``pro_sessions.therapist_id``
which therapist account wrote a session's notes. The audit log is append-only:
triggers refuse UPDATE and DELETE on it, on SQLite and PostgreSQL alike (and
TRUNCATE on PostgreSQL; SQLite has none).

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-01 19:40:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None

ROLE_CHECK = "role IN ('admin', 'therapist', 'client')"


def _clinic_fk() -> sa.Column[int]:
    return sa.Column(
        "clinic_id", sa.Integer(), sa.ForeignKey("clinics.id", ondelete="CASCADE"), nullable=False
    )


def _account_fk(name: str, *, nullable: bool = False) -> sa.Column[int]:
    return sa.Column(
        name, sa.Integer(), sa.ForeignKey("accounts.id", ondelete="CASCADE"), nullable=nullable
    )


def upgrade() -> None:
    op.create_table(
        "clinics",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("public_id", sa.String(36), nullable=False, unique=True),
        sa.Column("name", sa.String(80), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_table(
        "accounts",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("public_id", sa.String(36), nullable=False, unique=True),
        _clinic_fk(),
        sa.Column(
            "role", sa.String(16), sa.CheckConstraint(ROLE_CHECK, name="role_known"), nullable=False
        ),
        sa.Column("email", sa.String(254), nullable=False, unique=True),
        sa.Column("display_name", sa.String(80), nullable=False),
        sa.Column("password_hash", sa.Text(), nullable=False),
        sa.Column("totp_secret", sa.String(64), nullable=True),
        sa.Column(
            "profile_id",
            sa.Integer(),
            sa.ForeignKey("profiles.id", ondelete="SET NULL"),
            nullable=True,
            unique=True,
        ),
        sa.Column("active", sa.Boolean(), nullable=False, server_default=sa.true()),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_accounts_clinic_role", "accounts", ["clinic_id", "role"])
    op.create_table(
        "web_sessions",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("token_hash", sa.String(64), nullable=False, unique=True),
        _account_fk("account_id"),
        _clinic_fk(),
        sa.Column(
            "stage",
            sa.String(16),
            sa.CheckConstraint("stage IN ('password', 'full')", name="stage_known"),
            nullable=False,
        ),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("last_seen_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("address", sa.String(64), nullable=True),
    )
    op.create_index("ix_web_sessions_account", "web_sessions", ["account_id"])
    op.create_table(
        "invitations",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("token_hash", sa.String(64), nullable=False, unique=True),
        _clinic_fk(),
        sa.Column(
            "role", sa.String(16), sa.CheckConstraint(ROLE_CHECK, name="role_known"), nullable=False
        ),
        sa.Column("email", sa.String(254), nullable=False),
        sa.Column("display_name", sa.String(80), nullable=False),
        _account_fk("invited_by"),
        _account_fk("therapist_id", nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("used_at", sa.DateTime(timezone=True), nullable=True),
    )
    op.create_index("ix_invitations_clinic", "invitations", ["clinic_id"])
    op.create_table(
        "assignments",
        _clinic_fk(),
        sa.Column(
            "therapist_id",
            sa.Integer(),
            sa.ForeignKey("accounts.id", ondelete="CASCADE"),
            primary_key=True,
        ),
        sa.Column(
            "client_id",
            sa.Integer(),
            sa.ForeignKey("accounts.id", ondelete="CASCADE"),
            primary_key=True,
        ),
        sa.Column("assigned_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_assignments_clinic_therapist", "assignments", ["clinic_id", "therapist_id"])
    op.create_index("ix_assignments_client", "assignments", ["client_id"])
    op.create_table(
        "audit_log",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("clinic_id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("actor_id", sa.Integer(), nullable=True),
        sa.Column("actor_role", sa.String(16), nullable=True),
        sa.Column("actor_name", sa.String(80), nullable=True),
        sa.Column("client_ref", sa.String(36), nullable=True),
        sa.Column("action", sa.String(16), nullable=False),
        sa.Column("what", sa.String(160), nullable=False),
        sa.Column("address", sa.String(64), nullable=True),
    )
    op.create_index("ix_audit_log_clinic_at", "audit_log", ["clinic_id", "at"])
    op.create_index("ix_audit_log_client_at", "audit_log", ["client_ref", "at"])
    op.create_table(
        "login_failures",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("key", sa.String(300), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_login_failures_key_at", "login_failures", ["key", "at"])
    # Not in batch mode: on SQLite that would copy profiles and drop the old table,
    # and with it every record (ON DELETE CASCADE). A plain ADD COLUMN keeps them.
    op.add_column("profiles", sa.Column("clinic_id", sa.Integer(), nullable=True))
    op.create_index("ix_profiles_clinic_id", "profiles", ["clinic_id"])
    op.add_column("pro_sessions", sa.Column("therapist_id", sa.Integer(), nullable=True))
    # The therapist's client list (store/caseload_rows.py; docs/benchmarks.md).
    op.create_index(
        "ix_responses_profile_instrument_at", "responses", ["profile_id", "instrument", "at"]
    )
    leg = sa.text("new_leg_symptoms")
    op.create_index(
        "ix_checkins_leg_symptoms",
        "checkins",
        ["profile_id", "at"],
        postgresql_where=leg,
        sqlite_where=leg,
    )
    _append_only()


def _append_only() -> None:
    """Refuse UPDATE and DELETE on the audit log, whoever connects."""
    if op.get_bind().dialect.name == "sqlite":
        for event in ("UPDATE", "DELETE"):
            op.execute(
                f"CREATE TRIGGER audit_log_no_{event.lower()} BEFORE {event} ON audit_log "
                "BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END"
            )
        return
    op.execute(
        "CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$ "
        "BEGIN RAISE EXCEPTION 'the audit log is append-only'; END $$"
    )
    op.execute(
        "CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log "
        "FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only()"
    )
    op.execute(
        "CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log "
        "FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only()"
    )


def downgrade() -> None:
    if op.get_bind().dialect.name != "sqlite":
        op.execute("DROP TRIGGER IF EXISTS audit_log_no_truncate ON audit_log")
        op.execute("DROP TRIGGER IF EXISTS audit_log_append_only ON audit_log")
        op.execute("DROP FUNCTION IF EXISTS audit_log_append_only()")
    op.drop_index("ix_checkins_leg_symptoms", table_name="checkins")
    op.drop_index("ix_responses_profile_instrument_at", table_name="responses")
    for table in ("pro_sessions", "profiles"):
        column = "therapist_id" if table == "pro_sessions" else "clinic_id"
        if table == "profiles":
            op.drop_index("ix_profiles_clinic_id", table_name="profiles")
        if op.get_bind().dialect.name == "sqlite":
            op.execute(sa.text(f"ALTER TABLE {table} DROP COLUMN {column}"))
        else:
            op.drop_column(table, column)
    for table in (
        "login_failures",
        "audit_log",
        "assignments",
        "invitations",
        "web_sessions",
        "accounts",
        "clinics",
    ):
        op.drop_table(table)
