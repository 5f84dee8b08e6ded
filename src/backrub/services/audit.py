"""TEMPORARY shim until the audit helper's ``services/audit.py`` is merged (same signature)."""

from __future__ import annotations

from datetime import datetime

from backrub.domain.accounts import Account, WebSession
from backrub.store.clinic_tables import audit_log
from backrub.store.repository import Store


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
    account = who.account if isinstance(who, WebSession) else who
    clinic = account.clinic_id if account is not None else clinic_id
    if clinic is None:
        return
    with store.writing() as c:
        c.execute(
            audit_log.insert().values(
                clinic_id=clinic,
                at=now,
                actor_id=None if account is None else account.id,
                actor_role=None if account is None else account.role.value,
                actor_name=None if account is None else account.display_name,
                client_ref=client_ref,
                action=action,
                what=what[:160],
                address=address,
            )
        )
