"""The clinic's audit log (issue 13): who read or changed which client's data, when, from where.

Every entry names the actor as they were then (id, role, display name), the
client by their public id (``client_ref``: it outlives the account), one of
``ACTIONS``, ``what`` (a method and a route template, or an admin action's
words; never values or query strings) and the address. Page and API access is
recorded in one place (``web.clinic.audit_trail``); administrators' actions
(invite, assign, remove, delete ...) call ``record`` themselves.
"""

from __future__ import annotations

from datetime import datetime
from typing import Final

from backrub.domain.accounts import Account, WebSession
from backrub.store import audit_rows
from backrub.store.repository import Store

ACTIONS: Final = (
    "read",
    "change",
    "export",
    "import",
    "sign-in",
    "sign-in-failed",
    "sign-out",
    "invite",
    "assign",
    "unassign",
    "remove",
    "delete",
    "second-factor",
    "password",
)


class UnknownAction(ValueError):
    """A programming error: ``action`` is not one of ``ACTIONS``."""


def record(
    store: Store,
    *,
    who: WebSession | Account | None,
    client_ref: str | None,
    action: str,
    what: str,
    address: str | None,
    now: datetime,
    clinic_id: int | None = None,
) -> None:
    """Append one entry to the audit log (one INSERT, its own transaction).

    ``who`` None (nobody signed in, e.g. a failed sign-in for an unknown
    e-mail) needs ``clinic_id``; without either nothing can be scoped and
    nothing is written.
    """
    if action not in ACTIONS:
        raise UnknownAction(action)
    account = who.account if isinstance(who, WebSession) else who
    clinic = account.clinic_id if account is not None else clinic_id
    if clinic is None:
        return
    audit_rows.add_entry(
        store,
        clinic_id=clinic,
        at=now,
        actor_id=None if account is None else account.id,
        actor_role=None if account is None else account.role.value,
        actor_name=None if account is None else account.display_name,
        client_ref=client_ref,
        action=action,
        what=what,
        address=address,
    )
