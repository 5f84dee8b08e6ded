"""The clinic server's own database role: DML on the records, no more (review item 16).

Run by the tables' owner (who migrates and purges): the server role may read and
write every table but two. The audit log it may only read and append to (no
UPDATE, DELETE or TRUNCATE, and, not owning it, no ALTER or DROP of its
triggers); the migrations' own table it may only read (the server checks the
schema is current and never migrates as this role). Sequences: it may take the
next id and move one past a restored id (``store/restore.py``).
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Connection, text

from backrub.store.repository import Store

APPEND_ONLY = "audit_log"
READ_ONLY = "alembic_version"


@dataclass(frozen=True, slots=True)
class RoleFacts:
    exists: bool
    superuser: bool = False
    bypasses_rls: bool = False
    owns_tables: bool = False  # the role the connection itself runs as
    can_login: bool = False
    members: int = 0  # roles that are members of it (and so would inherit its rights)


def facts(store: Store, role: str) -> RoleFacts:
    """Return what the database says about ``role`` (matched exactly, as stored)."""
    with store.reading() as c:
        row = c.execute(
            text(
                "SELECT rolsuper, rolbypassrls, rolname = current_user AS is_me, rolcanlogin, "
                "(SELECT count(*) FROM pg_auth_members m WHERE m.roleid = r.oid) "
                "FROM pg_roles r WHERE rolname = :role"
            ),
            {"role": role},
        ).first()
    if row is None:
        return RoleFacts(exists=False)
    return RoleFacts(True, bool(row[0]), bool(row[1]), bool(row[2]), bool(row[3]), int(row[4]))


def _tables(c: Connection) -> list[str]:
    found = c.execute(
        text(
            "SELECT tablename FROM pg_tables WHERE schemaname = current_schema() "
            "AND tableowner = current_user ORDER BY tablename"
        )
    ).scalars()
    return [str(name) for name in found]


def grant(store: Store, role: str) -> int:
    """Give ``role`` what the clinic server needs on the owner's tables, in one
    transaction; return how many tables. Run again after each upgrade (new tables)."""
    with store.writing() as c:
        quote = c.dialect.identifier_preparer.quote
        who = quote(role)
        schema = c.execute(text("SELECT current_schema()")).scalar_one()
        c.execute(text(f"GRANT USAGE ON SCHEMA {quote(schema)} TO {who}"))
        tables = _tables(c)
        for table in tables:
            name = quote(table)
            c.execute(text(f"REVOKE ALL ON TABLE {name} FROM {who}"))
            if table == APPEND_ONLY:
                rights = "SELECT, INSERT"
            elif table == READ_ONLY:
                rights = "SELECT"
            else:
                rights = "SELECT, INSERT, UPDATE, DELETE"
            c.execute(text(f"GRANT {rights} ON TABLE {name} TO {who}"))
        sequences = c.execute(
            text(
                "SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
                "WHERE c.relkind = 'S' AND n.nspname = current_schema() "
                "AND pg_get_userbyid(c.relowner) = current_user ORDER BY c.relname"
            )
        ).scalars()
        appended = c.execute(text(f"SELECT pg_get_serial_sequence('{APPEND_ONLY}', 'id')"))
        kept = str(appended.scalar_one()).rpartition(".")[2].strip('"')
        for sequence in sequences:
            name = quote(str(sequence))
            c.execute(text(f"REVOKE ALL ON SEQUENCE {name} FROM {who}"))
            # The audit log's ids may be taken, never set back.
            rights = "USAGE" if sequence == kept else "USAGE, SELECT, UPDATE"
            c.execute(text(f"GRANT {rights} ON SEQUENCE {name} TO {who}"))
    return len(tables)
