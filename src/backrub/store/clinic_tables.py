"""The clinic server's tables, beside the local app's (issue 13).

In clinic mode a profile belongs to a client account, an account to a clinic,
and every query is scoped by both. The local app has these tables too, empty:
one schema for SQLite and PostgreSQL. Ids shown in URLs are the random
``public_id`` (UUID4), never the row id, but no check relies on that.

The audit log keeps no foreign keys on purpose: it outlives the accounts it
names (a deleted client leaves only the opaque ``client_ref``), and the
migration adds triggers that refuse UPDATE and DELETE on it (append-only); on
PostgreSQL only the retention purge may delete, and only what it names (0015).
"""

from __future__ import annotations

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Column,
    ForeignKey,
    Index,
    Integer,
    String,
    Table,
    Text,
    true,
)

from backrub.store.tables import UTCDateTime, metadata

ROLES = ("admin", "therapist", "client")

clinics = Table(
    "clinics",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("public_id", String(36), nullable=False, unique=True),
    Column("name", String(80), nullable=False),
    Column("created_at", UTCDateTime, nullable=False),
)


def _clinic_fk() -> Column[int]:
    return Column(
        "clinic_id", Integer, ForeignKey("clinics.id", ondelete="CASCADE"), nullable=False
    )


accounts = Table(
    "accounts",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("public_id", String(36), nullable=False, unique=True),
    _clinic_fk(),
    Column(
        "role",
        String(16),
        CheckConstraint("role IN ('admin', 'therapist', 'client')", name="role_known"),
        nullable=False,
    ),
    Column("email", String(254), nullable=False, unique=True),  # lower-cased; the login name
    Column("display_name", String(80), nullable=False),
    Column("password_hash", Text, nullable=False),  # argon2id, with its parameters
    Column("totp_secret", String(64), nullable=True),  # base32; none: no second factor yet
    # A client's record; none for staff. Deleting the client deletes the profile.
    Column(
        "profile_id",
        Integer,
        ForeignKey("profiles.id", ondelete="SET NULL"),
        nullable=True,
        unique=True,
    ),
    Column("active", Boolean, nullable=False, server_default=true()),  # false: removed
    Column("created_at", UTCDateTime, nullable=False),
    # Wrong passwords and codes in a row (migration 0015); at 100 the account is locked
    # until a new password is set with a password link (domain/sign_in_limits.py).
    Column("failed_sign_ins", Integer, nullable=False, server_default="0"),
)

Index("ix_accounts_clinic_role", accounts.c.clinic_id, accounts.c.role)


def _account_fk(name: str, *, nullable: bool = False) -> Column[int]:
    return Column(name, Integer, ForeignKey("accounts.id", ondelete="CASCADE"), nullable=nullable)


web_sessions = Table(
    "web_sessions",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("token_hash", String(64), nullable=False, unique=True),  # sha256 hex of the cookie
    _account_fk("account_id"),
    _clinic_fk(),
    # "password": the second factor is still to come; "full": signed in.
    Column(
        "stage",
        String(16),
        CheckConstraint("stage IN ('password', 'full')", name="stage_known"),
        nullable=False,
    ),
    Column("created_at", UTCDateTime, nullable=False),
    Column("last_seen_at", UTCDateTime, nullable=False),
    Column("address", String(64), nullable=True),
)

Index("ix_web_sessions_account", web_sessions.c.account_id)

invitations = Table(
    "invitations",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("token_hash", String(64), nullable=False, unique=True),
    _clinic_fk(),
    Column(
        "role",
        String(16),
        CheckConstraint("role IN ('admin', 'therapist', 'client')", name="role_known"),
        nullable=False,
    ),
    Column("email", String(254), nullable=False),
    Column("display_name", String(80), nullable=False),
    _account_fk("invited_by"),
    # A client invited by a therapist is that therapist's client from the start.
    _account_fk("therapist_id", nullable=True),
    Column("created_at", UTCDateTime, nullable=False),
    Column("expires_at", UTCDateTime, nullable=False),
    Column("used_at", UTCDateTime, nullable=True),
)

Index("ix_invitations_clinic", invitations.c.clinic_id)

assignments = Table(
    "assignments",
    metadata,
    _clinic_fk(),
    Column(
        "therapist_id",
        Integer,
        ForeignKey("accounts.id", ondelete="CASCADE"),
        primary_key=True,
    ),
    Column(
        "client_id",
        Integer,
        ForeignKey("accounts.id", ondelete="CASCADE"),
        primary_key=True,
    ),
    Column("assigned_at", UTCDateTime, nullable=False),
)

Index("ix_assignments_clinic_therapist", assignments.c.clinic_id, assignments.c.therapist_id)
Index("ix_assignments_client", assignments.c.client_id)

audit_log = Table(
    "audit_log",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("clinic_id", Integer, nullable=False),
    Column("at", UTCDateTime, nullable=False),
    Column("actor_id", Integer, nullable=True),  # account id; none: nobody signed in
    Column("actor_role", String(16), nullable=True),
    Column("actor_name", String(80), nullable=True),  # as it was then
    Column("client_ref", String(36), nullable=True),  # the client's public id, if any
    Column("action", String(16), nullable=False),  # read, change, export, delete, sign-in ...
    Column("what", String(160), nullable=False),  # e.g. "GET /progress"
    Column("address", String(64), nullable=True),
)

Index("ix_audit_log_clinic_at", audit_log.c.clinic_id, audit_log.c.at)
Index("ix_audit_log_client_at", audit_log.c.client_ref, audit_log.c.at)

login_failures = Table(
    "login_failures",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("key", String(300), nullable=False),  # "account:EMAIL" or "address:IP"
    Column("at", UTCDateTime, nullable=False),
)

Index("ix_login_failures_key_at", login_failures.c.key, login_failures.c.at)
