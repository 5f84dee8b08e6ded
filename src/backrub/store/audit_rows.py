"""Rows of the audit log (issue 13): one INSERT per entry (or per page that lists
several clients); read back clinic first.

The table is append-only (the migration's triggers refuse UPDATE and DELETE; on
PostgreSQL the retention purge below is the one DELETE they let through), keeps
no foreign keys and names a client only by the opaque ``client_ref``.
Every read filters by the clinic first.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import Select, String, and_, bindparam, delete, func, insert, or_, select, text
from sqlalchemy.dialects.postgresql import ARRAY

from backrub.domain.audit import AuditEntry, AuditQuery
from backrub.store.clinic_tables import accounts, audit_log, clinics
from backrub.store.repository import Store
from backrub.store.tables import UTCDateTime


def add_entry(
    store: Store,
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
    """Append one entry, in a transaction of its own (one INSERT)."""
    with store.writing() as c:
        c.execute(
            insert(audit_log).values(
                clinic_id=clinic_id,
                at=at,
                actor_id=actor_id,
                actor_role=actor_role,
                actor_name=actor_name[:80] if actor_name else actor_name,
                client_ref=client_ref[:36] if client_ref else client_ref,
                action=action,
                what=what[:160],
                address=address[:64] if address else address,
            )
        )


def _clipped(entry: Mapping[str, Any]) -> dict[str, Any]:
    """Return ``entry`` with each text cut to its column's length."""
    out = {**entry, "what": entry["what"][:160]}
    for name, size in (("actor_name", 80), ("client_ref", 36), ("address", 64)):
        if out.get(name):
            out[name] = out[name][:size]
    return out


# One entry a client, in the order given, in one statement whatever their number:
# the same text every time, so PostgreSQL prepares it once (a page of 100 clients
# was 100 INSERTs in a pipeline).
_READS = text(
    "INSERT INTO audit_log (clinic_id, at, actor_id, actor_role, actor_name, client_ref,"
    " action, what, address)"
    " SELECT :clinic_id, :at, :actor_id, :actor_role, :actor_name, ref, :action, :what, :address"
    " FROM unnest(CAST(:refs AS varchar(36)[])) WITH ORDINALITY AS listed(ref, n) ORDER BY n"
).bindparams(bindparam("at", type_=UTCDateTime), bindparam("refs", type_=ARRAY(String)))


def add_entries(store: Store, entry: Mapping[str, Any], client_refs: Sequence[str]) -> None:
    """Append one entry (the columns of ``add_entry`` but ``client_ref``) for each of
    ``client_refs``, in one statement."""
    if not client_refs:
        return
    refs = [ref[:36] for ref in client_refs]  # the column's length, as _clipped
    with store.writing() as c:
        if c.dialect.name == "postgresql":
            c.execute(_READS, {**_clipped(entry), "refs": refs})
        else:
            c.execute(insert(audit_log), [{**_clipped(entry), "client_ref": r} for r in refs])


def _entry(row: Any) -> AuditEntry:
    return AuditEntry(
        key=(row.at, row.id),
        at=row.at,
        actor_id=row.actor_id,
        actor_role=row.actor_role,
        actor_name=row.actor_name,
        client_ref=row.client_ref,
        client_name=row.client_name,
        action=row.action,
        what=row.what,
        address=row.address,
    )


def _entries(clinic_id: int) -> Select[Any]:
    client = accounts.alias("client")
    joined = audit_log.outerjoin(
        client,
        and_(
            client.c.clinic_id == clinic_id,
            client.c.public_id == audit_log.c.client_ref,
            client.c.role == "client",
        ),
    )
    return (
        select(audit_log, client.c.display_name.label("client_name"))
        .select_from(joined)
        .where(audit_log.c.clinic_id == clinic_id)
        .order_by(audit_log.c.at.desc(), audit_log.c.id.desc())
    )


def _before(query: Select[Any], before: tuple[datetime, int] | None) -> Select[Any]:
    if before is None:
        return query
    at, row_id = before
    return query.where(
        or_(audit_log.c.at < at, and_(audit_log.c.at == at, audit_log.c.id < row_id))
    )


def clinic_entries(
    store: Store,
    clinic_id: int,
    query: AuditQuery,
    *,
    before: tuple[datetime, int] | None,
    limit: int,
) -> list[AuditEntry]:
    """Return the clinic's entries matching ``query``, newest first, older than ``before``."""
    sql = _before(_entries(clinic_id), before)
    if query.actor_id is not None:
        sql = sql.where(audit_log.c.actor_id == query.actor_id)
    if query.client_ref is not None:
        sql = sql.where(audit_log.c.client_ref == query.client_ref)
    if query.action is not None:
        sql = sql.where(audit_log.c.action == query.action)
    if query.since is not None:
        sql = sql.where(audit_log.c.at >= query.since)
    if query.until is not None:
        sql = sql.where(audit_log.c.at < query.until)
    with store.reading() as c:
        return [_entry(row) for row in c.execute(sql.limit(limit))]


def client_entries(
    store: Store,
    clinic_id: int,
    client_ref: str,
    client_id: int,
    actions: tuple[str, ...],
    *,
    limit: int,
) -> list[AuditEntry]:
    """Return what others did on the client's record, and the client's own ``actions``.

    A client's own entries carry no actor id or name (only ``client_ref``), so
    that deleting the client leaves nothing of them but the opaque reference.
    """
    del client_id  # kept in the signature: entries of the client are found by client_ref
    mine = audit_log.c.client_ref == client_ref
    by_client = audit_log.c.actor_role == "client"
    others = and_(mine, or_(audit_log.c.actor_role.is_(None), ~by_client))
    own = and_(mine, by_client, audit_log.c.action.in_(actions))
    sql = _entries(clinic_id).where(or_(others, own)).limit(limit)
    with store.reading() as c:
        return [_entry(row) for row in c.execute(sql)]


def clinic_people(store: Store, clinic_id: int) -> list[tuple[int, str, str, str]]:
    """Return the clinic's accounts as (id, public id, role, display name), by name."""
    sql = (
        select(accounts.c.id, accounts.c.public_id, accounts.c.role, accounts.c.display_name)
        .where(accounts.c.clinic_id == clinic_id)
        .order_by(accounts.c.display_name, accounts.c.id)
    )
    with store.reading() as c:
        return [(r.id, r.public_id, r.role, r.display_name) for r in c.execute(sql)]


def clinics_on_server(store: Store, name: str | None = None) -> list[int]:
    """Return the ids of the server's clinics (those called ``name``, when given)."""
    sql = select(clinics.c.id).order_by(clinics.c.id)
    if name is not None:
        sql = sql.where(func.lower(clinics.c.name) == name.strip().lower())
    with store.reading() as c:
        return [int(i) for i in c.execute(sql).scalars()]


def count_before(store: Store, clinic_id: int, cutoff: datetime) -> int:
    """Return how many of the clinic's entries are older than ``cutoff``."""
    sql = select(func.count()).where(audit_log.c.clinic_id == clinic_id, audit_log.c.at < cutoff)
    with store.reading() as c:
        return int(c.execute(sql).scalar_one())


def purge_batch(
    store: Store,
    clinic_id: int,
    cutoff: datetime,
    *,
    limit: int,
    entry: Callable[[int], Mapping[str, Any]],
) -> int:
    """Delete up to ``limit`` of the clinic's entries older than ``cutoff``, oldest first,
    and append ``entry(how many)`` in the same transaction; return how many went.

    The append-only trigger (migration 0015) lets a DELETE through only for the
    clinic and cutoff this transaction names in ``backrub.purge`` (local to it), and
    only the tables' owner may DELETE at all. The DELETE takes the ordinary ROW
    EXCLUSIVE lock, so audit entries are written meanwhile as always.
    """
    oldest = (
        select(audit_log.c.id)
        .where(audit_log.c.clinic_id == clinic_id, audit_log.c.at < cutoff)
        .order_by(audit_log.c.at, audit_log.c.id)
        .limit(limit)
    )
    named = f"{int(clinic_id)} {cutoff.isoformat()}"
    with store.writing() as c:
        c.execute(text("SELECT set_config('backrub.purge', :named, true)"), {"named": named})
        gone = c.execute(
            delete(audit_log).where(audit_log.c.id.in_(oldest)).returning(audit_log.c.id)
        ).all()
        c.execute(text("SELECT set_config('backrub.purge', '', true)"))
        if gone:
            c.execute(insert(audit_log).values(_clipped(entry(len(gone)))))
    return len(gone)
