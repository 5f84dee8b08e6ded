"""Contacts a therapist recorded about a safety stop (``stop_contacts``, people review 7 F2).

Scoped by the profile first. Read for many clients at once (the client list):
one query for all the listed profiles (``store.contact_rows`` holds the insert
and read both kinds of contact share).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import select

from backrub.domain.caseload_follow_up import StopContact
from backrub.store import contact_rows
from backrub.store import tables as t
from backrub.store.clinic_tables import accounts

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
    contact_rows.add_contact(
        store,
        t.stop_contacts,
        about=("screening_id", screening_id),
        profile_id=profile_id,
        therapist_id=therapist_id,
        author=author,
        at=at,
        note=note,
    )


def _contact(row: Any) -> StopContact:
    return StopContact(
        screening_id=int(row.screening_id),
        at=row.at,
        by=str(row.display_name or row.author),
        note=str(row.note),
    )


def contacts_of(store: Store, profile_ids: Sequence[int]) -> dict[int, list[StopContact]]:
    """Return {profile id: its contacts about safety stops, oldest first}."""
    s, a = t.stop_contacts, accounts
    query = (
        select(s.c.profile_id, s.c.screening_id, s.c.at, s.c.author, s.c.note)
        .add_columns(a.c.display_name)
        .select_from(s.outerjoin(a, a.c.id == s.c.therapist_id))
    )
    return contact_rows.contacts_of(store, s, query, profile_ids, _contact)
