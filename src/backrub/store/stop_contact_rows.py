"""Contacts a therapist recorded about a safety stop (``stop_contacts``, people review 7 F2).

Scoped by the profile first. Read for many clients at once (the client list):
one query for all the listed profiles.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import insert, select

from backrub.domain.caseload_follow_up import StopContact
from backrub.store import tables as t
from backrub.store.clinic_tables import accounts
from backrub.store.sql_lists import one_of

if TYPE_CHECKING:
    from backrub.store import Store


def add_contact(
    store: Store,
    *,
    profile_id: int,
    screening_id: int,
    therapist_id: int,
    author: str,
    at: datetime,
    note: str,
) -> None:
    """Record one contact about the profile's screening ``screening_id``."""
    with store.writing() as c:
        c.execute(
            insert(t.stop_contacts).values(
                profile_id=profile_id,
                screening_id=screening_id,
                therapist_id=therapist_id,
                author=author[:80],
                at=at,
                note=note,
            )
        )


def contacts_of(store: Store, profile_ids: Sequence[int]) -> dict[int, list[StopContact]]:
    """Return {profile id: its contacts about safety stops, oldest first}."""
    if not profile_ids:
        return {}
    s, a = t.stop_contacts, accounts
    query = (
        select(s.c.profile_id, s.c.screening_id, s.c.at, s.c.author, s.c.note)
        .add_columns(a.c.display_name)
        .select_from(s.outerjoin(a, a.c.id == s.c.therapist_id))
        .order_by(s.c.at, s.c.id)
    )
    found: dict[int, list[StopContact]] = {}
    with store.reading() as c:
        for row in c.execute(query.where(one_of(c.dialect.name, s.c.profile_id, profile_ids))):
            contact = StopContact(
                screening_id=int(row.screening_id),
                at=row.at,
                by=str(row.display_name or row.author),
                note=str(row.note),
            )
            found.setdefault(int(row.profile_id), []).append(contact)
    return found
