"""The clinic's audit log as values (issue 13): an entry, and what an administrator asks for."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True, slots=True)
class AuditEntry:
    """One recorded access. ``actor_*`` are as they were then; ``client_name`` as it is now.

    ``client_name`` None: the entry names no client, or the client is deleted
    (the log keeps only the opaque ``client_ref``). ``key`` orders entries
    (time, then insertion) for paging; it identifies nothing outside the log.
    """

    key: tuple[datetime, int]
    at: datetime
    actor_id: int | None
    actor_role: str | None
    actor_name: str | None
    client_ref: str | None
    client_name: str | None
    action: str
    what: str
    address: str | None


@dataclass(frozen=True, slots=True)
class AuditQuery:
    """An administrator's filters; None: any. ``since`` inclusive, ``until`` exclusive."""

    actor_id: int | None = None
    client_ref: str | None = None
    action: str | None = None
    since: datetime | None = None
    until: datetime | None = None
