"""clinic row security: PostgreSQL shows a transaction only its clinic's client records

``backrub_clinic_scope()`` reads the transaction's ``backrub.scope`` setting
(``store/scope.py`` sets it as each transaction begins): "all" for every clinic
(the local app, migrations), digits for one clinic's id, anything else or
nothing for no client record at all. ``profiles`` is filtered by its
``clinic_id``; every table with a ``profile_id`` column (found in the database
as it stands, so every record table) by its profile's clinic. Row security is
forced, so the tables' owner (the app's role) is held to it too; superusers and
roles with BYPASSRLS are not, which is why the clinic server refuses to run as
one. Accounts, sessions, invitations, sign-in failures, the audit log, clinics
and meta are not covered (docs/clinic/rls.md says why). Nothing on SQLite.

A table added later with a ``profile_id`` needs the same policy in its own
migration (``record_policy`` below); tests/clinic/test_row_security.py fails
until it has one.

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-01 23:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None

POLICY = "backrub_clinic_scope"
# Tables holding a profile_id that are not a client's record: an account names its
# client profile, and sign-in must find the account before any clinic is known.
NOT_RECORDS = ("accounts",)

# Plain SQL expressions without FROM, so PostgreSQL inlines them into each policy;
# compared with an indexed column the clinic's id is worked out once per scan.
_SETTING = "current_setting('backrub.scope', true)"
SCOPE_FUNCTIONS = (
    f"""
    CREATE FUNCTION backrub_clinic_scope() RETURNS text
    LANGUAGE sql STABLE PARALLEL SAFE AS $$
        SELECT CASE WHEN {_SETTING} = 'all' OR {_SETTING} ~ '^[0-9]{{1,9}}$' THEN {_SETTING} END
    $$
    """,
    f"""
    CREATE FUNCTION backrub_scope_all() RETURNS boolean
    LANGUAGE sql STABLE PARALLEL SAFE AS $$
        SELECT coalesce({_SETTING}, '') = 'all'
    $$
    """,
    f"""
    CREATE FUNCTION backrub_scope_clinic() RETURNS integer
    LANGUAGE sql STABLE PARALLEL SAFE AS $$
        SELECT CASE WHEN {_SETTING} ~ '^[0-9]{{1,9}}$' THEN {_SETTING}::integer END
    $$
    """,
)

PROFILE_RULE = "backrub_scope_all() OR clinic_id = backrub_scope_clinic()"
RECORD_RULE = (
    "backrub_scope_all() OR profile_id IN "
    "(SELECT id FROM profiles WHERE clinic_id = backrub_scope_clinic())"
)


def protect(table: str, rule: str) -> None:
    """Hold ``table`` (its owner too) to ``rule`` for reading and writing."""
    op.execute(f"ALTER TABLE {table} ENABLE ROW LEVEL SECURITY")
    op.execute(f"ALTER TABLE {table} FORCE ROW LEVEL SECURITY")
    op.execute(f"CREATE POLICY {POLICY} ON {table} USING ({rule}) WITH CHECK ({rule})")


def record_policy(table: str) -> None:
    """A record table: its rows are seen through their profile's clinic."""
    protect(table, RECORD_RULE)


def record_tables() -> list[str]:
    """Return the tables of the current schema with a profile_id column (but accounts)."""
    found = op.get_bind().execute(
        sa.text(
            "SELECT c.table_name FROM information_schema.columns c "
            "JOIN information_schema.tables t "
            "ON t.table_schema = c.table_schema AND t.table_name = c.table_name "
            "WHERE c.table_schema = current_schema() AND c.column_name = 'profile_id' "
            "AND t.table_type = 'BASE TABLE' ORDER BY c.table_name"
        )
    )
    return [str(row[0]) for row in found if row[0] not in NOT_RECORDS]


def upgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        return
    for statement in SCOPE_FUNCTIONS:
        op.execute(statement)
    protect("profiles", PROFILE_RULE)
    for table in record_tables():
        record_policy(table)


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        return
    for table in ["profiles", *record_tables()]:
        op.execute(f"DROP POLICY IF EXISTS {POLICY} ON {table}")
        op.execute(f"ALTER TABLE {table} NO FORCE ROW LEVEL SECURITY")
        op.execute(f"ALTER TABLE {table} DISABLE ROW LEVEL SECURITY")
    for name in ("backrub_scope_clinic", "backrub_scope_all", "backrub_clinic_scope"):
        op.execute(f"DROP FUNCTION IF EXISTS {name}()")
