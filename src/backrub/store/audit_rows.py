"""Rows of the audit log (issue 13): one INSERT per entry; read back clinic first.

The table is append-only (the migration's triggers refuse UPDATE and DELETE),
keeps no foreign keys and names a client only by the opaque ``client_ref``.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Connection, insert

from backrub.store.clinic_tables import audit_log
from backrub.store.repository import Store


def insert_entry(
    c: Connection,
    *,
    clinic_id: int,
    at: datetime,
    actor_id: int | None,
    actor_role: str | None,
    actor_name: str | None,
    client_ref: str | None,
    action: str,
    what: str,
    address: str | None,
) -> None:
    """Append one entry in the open transaction ``c``."""
    c.execute(
        insert(audit_log).values(
            clinic_id=clinic_id,
            at=at,
            actor_id=actor_id,
            actor_role=actor_role,
            actor_name=actor_name[:80] if actor_name else actor_name,
            client_ref=client_ref,
            action=action,
            what=what[:160],
            address=address[:64] if address else address,
        )
    )


def add_entry(store: Store, **values: object) -> None:
    """``insert_entry`` in a transaction of its own."""
    with store.writing() as c:
        insert_entry(c, **values)  # type: ignore[arg-type]
