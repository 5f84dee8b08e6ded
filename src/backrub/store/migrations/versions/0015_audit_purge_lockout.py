"""a purge the trigger lets through (no DISABLE TRIGGER), and a sign-in lockout count

The audit log stays append-only: every UPDATE and TRUNCATE is refused, and so
is every DELETE, except one row at a time when the transaction has named a
purge in its local setting ``backrub.purge`` ("<clinic id> <cutoff>", set with
``set_config(..., true)``): then a row of that clinic older than that cutoff
may go, and no other. So the purge no longer switches the trigger off (which
needed the table's owner and a SHARE ROW EXCLUSIVE lock that stalled every audit
INSERT), and a server role granted only SELECT and INSERT on the table cannot
delete from it at all (docs/clinic.md, "Two database roles").

``accounts.failed_sign_ins`` counts wrong passwords and codes in a row (NIST SP
800-63B 5.2.2): at 100 the account is locked until a new password is set with a
password link.

On SQLite (the local app) the audit log's triggers stay as they are: every
DELETE is refused there, and there is no purge.

Written on the auditfix branch after 0012; at the merge it follows 0014.

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-02 02:10:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0015"
down_revision = "0014"
branch_labels = None
depends_on = None

# "<clinic id> <cutoff as an ISO timestamp with its offset>"
PURGE_ONLY = r"""
CREATE FUNCTION audit_log_purge_only() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    named text := coalesce(current_setting('backrub.purge', true), '');
BEGIN
    IF named !~ '^[0-9]{1,9} [0-9][0-9T:.+ -]{9,40}$' THEN
        RAISE EXCEPTION 'the audit log is append-only';
    END IF;
    IF OLD.clinic_id <> split_part(named, ' ', 1)::integer
            OR OLD.at >= substr(named, strpos(named, ' ') + 1)::timestamptz THEN
        RAISE EXCEPTION 'the audit log is append-only: a purge removes only its own '
            'clinic''s entries from before its cutoff';
    END IF;
    RETURN OLD;
END $$
"""


def upgrade() -> None:
    op.add_column(
        "accounts",
        sa.Column("failed_sign_ins", sa.Integer(), nullable=False, server_default="0"),
    )
    if op.get_bind().dialect.name == "sqlite":
        return
    op.execute("DROP TRIGGER audit_log_append_only ON audit_log")
    op.execute(
        "CREATE TRIGGER audit_log_append_only BEFORE UPDATE ON audit_log "
        "FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only()"
    )
    op.execute(PURGE_ONLY)
    op.execute(
        "CREATE TRIGGER audit_log_purge_only BEFORE DELETE ON audit_log "
        "FOR EACH ROW EXECUTE FUNCTION audit_log_purge_only()"
    )


def downgrade() -> None:
    if op.get_bind().dialect.name != "sqlite":
        op.execute("DROP TRIGGER audit_log_purge_only ON audit_log")
        op.execute("DROP FUNCTION audit_log_purge_only()")
        op.execute("DROP TRIGGER audit_log_append_only ON audit_log")
        op.execute(
            "CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log "
            "FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only()"
        )
        op.drop_column("accounts", "failed_sign_ins")
    else:
        op.execute(sa.text("ALTER TABLE accounts DROP COLUMN failed_sign_ins"))
