"""Follow-up questionnaires with a warning sign answered "yes" (review S6-2, S6-3).

Who sees them (a therapist their clients', an administrator those of clients
assigned to nobody), "I contacted the client" on them, and keeping a "yes" with
the screening stop it makes in one transaction.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from sqlalchemy import select

from backrub.domain.follow_up import Administration, State
from backrub.domain.records import ScreeningRecord
from backrub.store import rows
from backrub.store.clinic_tables import accounts, assignments
from backrub.store.follow_up_rows import OPEN, Listed, _listed, _move
from backrub.store.follow_up_tables import administrations as adm
from backrub.store.repository import Store
from backrub.store.tables import profiles


def flagged(
    store: Store,
    clinic_id: int,
    *,
    therapist_id: int | None,
    client_public_id: str | None = None,
) -> list[Listed]:
    """Return the questionnaires with a warning sign answered "yes" of the clinic's active
    clients assigned to ``therapist_id`` (None: of those assigned to nobody), newest
    first; ``client_public_id``: of that one client only."""
    mine = (assignments.c.client_id == accounts.c.id) & (assignments.c.clinic_id == clinic_id)
    query = (
        select(adm, accounts.c.public_id.label("client_public_id"), accounts.c.display_name)
        .add_columns(profiles.c.tz.label("client_tz"), profiles.c.language.label("client_language"))
        .join(
            accounts,
            (accounts.c.profile_id == adm.c.profile_id) & (accounts.c.clinic_id == clinic_id),
        )
        .join(profiles, profiles.c.id == adm.c.profile_id)
        .outerjoin(assignments, mine)
        .where(adm.c.clinic_id == clinic_id, accounts.c.active, adm.c.red_flag_at.is_not(None))
        .order_by(adm.c.red_flag_at.desc(), adm.c.id.desc())
    )
    if therapist_id is None:
        query = query.where(assignments.c.therapist_id.is_(None))
    else:
        query = query.where(assignments.c.therapist_id == therapist_id)
    if client_public_id is not None:
        query = query.where(accounts.c.public_id == client_public_id)
    with store.reading() as c:
        return [_listed(r) for r in c.execute(query)]


def record_contact(store: Store, ids: Sequence[int], values: Mapping[str, Any]) -> None:
    """Keep "I contacted the client" on the questionnaires ``ids``."""
    with store.writing() as c:
        c.execute(adm.update().where(adm.c.id.in_(list(ids))).values(**values))


def keep_red_flags(
    store: Store,
    found: Administration,
    values: Mapping[str, Any],
    screening: ScreeningRecord | None,
) -> bool:
    """Keep a follow-up's warning signs on the questionnaire (if still open) and, in the
    same transaction, the screening stop they make (whatever the questionnaire's state:
    a "yes" is never lost). Return whether the questionnaire took them."""
    opened = [State(s) for s in OPEN]
    with store.writing() as c:
        if screening is not None:
            rows.insert_screening(c, found.profile_id, screening)
        return _move(c, found.id, opened, values) if values else False


def reachable(
    store: Store, clinic_id: int, *, therapist_id: int | None, client_public_id: str
) -> str | None:
    """Return the name of the clinic's active client ``client_public_id`` when assigned to
    ``therapist_id`` (None: to nobody), else None."""
    mine = (assignments.c.client_id == accounts.c.id) & (assignments.c.clinic_id == clinic_id)
    query = (
        select(accounts.c.display_name)
        .outerjoin(assignments, mine)
        .where(
            accounts.c.clinic_id == clinic_id,
            accounts.c.public_id == client_public_id,
            accounts.c.role == "client",
            accounts.c.active,
        )
    )
    if therapist_id is None:
        query = query.where(assignments.c.therapist_id.is_(None))
    else:
        query = query.where(assignments.c.therapist_id == therapist_id)
    with store.reading() as c:
        found = c.execute(query).first()
    return None if found is None else str(found.display_name)
