"""clinic row security: PostgreSQL shows a transaction only its clinic's client records

``backrub_clinic_scope()`` reads the transaction's ``backrub.scope`` setting
(``store/scope.py`` sets it as each transaction begins): "all" for every clinic
(the local app, migrations), "<clinic id>" for one clinic (staff), "<clinic
id>:<profile id>" for one client's own record, anything else or nothing for no
client record at all. ``profiles`` is filtered by its
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

# The setting: "all", "<clinic id>" (staff: the whole clinic) or "<clinic id>:<profile
# id>" (a client: their own record only). Plain SQL expressions without FROM, which
# PostgreSQL inlines; the policies wrap each in a sub-select, so it is worked out once
# per statement (an InitPlan), not once per row.
_SETTING = "current_setting('backrub.scope', true)"
_WELL_FORMED = "'^[0-9]{1,9}(:[0-9]{1,9})?$'"
SCOPE_FUNCTIONS = (
    f"""
    CREATE FUNCTION backrub_clinic_scope() RETURNS text
    LANGUAGE sql STABLE PARALLEL SAFE AS $$
        SELECT CASE WHEN {_SETTING} = 'all' OR {_SETTING} ~ {_WELL_FORMED} THEN {_SETTING} END
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
        SELECT CASE WHEN {_SETTING} ~ {_WELL_FORMED}
            THEN split_part({_SETTING}, ':', 1)::integer END
    $$
    """,
    f"""
    CREATE FUNCTION backrub_scope_profile() RETURNS integer
    LANGUAGE sql STABLE PARALLEL SAFE AS $$
        SELECT CASE WHEN {_SETTING} ~ {_WELL_FORMED} AND {_SETTING} LIKE '%:%'
            THEN split_part({_SETTING}, ':', 2)::integer END
    $$
    """,
)
FUNCTION_NAMES = (
    "backrub_scope_profile",
    "backrub_scope_clinic",
    "backrub_scope_all",
    "backrub_clinic_scope",
)

_ALL = "(SELECT backrub_scope_all())"
_CLINIC = "(SELECT backrub_scope_clinic())"
_PROFILE = "(SELECT backrub_scope_profile())"
PROFILE_RULE = f"{_ALL} OR (clinic_id = {_CLINIC} AND ({_PROFILE} IS NULL OR id = {_PROFILE}))"
# A client's statements match their own profile id at once, and the clinic's profiles
# are never looked up (OR stops at the first arm that holds); staff's are looked up
# once per statement (a hashed sub-plan over ix_profiles_clinic_id).
RECORD_RULE = (
    f"{_ALL} OR profile_id = {_PROFILE} OR ({_PROFILE} IS NULL AND profile_id IN "
    f"(SELECT id FROM profiles WHERE clinic_id = {_CLINIC}))"
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
    for name in FUNCTION_NAMES:
        op.execute(f"DROP FUNCTION IF EXISTS {name}()")
