"""Contacts a therapist recorded about an urgent mood answer (``flag_contacts``).

Scoped by the profile first. Read for many clients at once (the client list):
one query for all the listed profiles, each contact with the time of the
answer it is about (``store.contact_rows`` holds the insert and read both
kinds of contact share).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import select

from backrub.domain.caseload_follow_up import FlagContact
from backrub.store import contact_rows
from backrub.store import tables as t
from backrub.store.clinic_tables import accounts

if TYPE_CHECKING:
    from backrub.store import Store


def add_contact(
    store: Store,
    *,
    profile_id: int,
    response_id: int,
    therapist_id: int,
    author: str,
    at: datetime,
    note: str,
) -> None:
    """Record one contact about the profile's answer ``response_id``."""
    contact_rows.add_contact(
        store,
        t.flag_contacts,
        about=("response_id", response_id),
        profile_id=profile_id,
        therapist_id=therapist_id,
        author=author,
        at=at,
        note=note,
    )


def _contact(row: Any) -> FlagContact:
    return FlagContact(
        response_at=row.response_at,
        at=row.at,
        by=str(row.display_name or row.author),
        note=str(row.note),
    )


def contacts_of(store: Store, profile_ids: Sequence[int]) -> dict[int, list[FlagContact]]:
    """Return {profile id: its contacts, oldest first} for the given profiles."""
    f, r, a = t.flag_contacts, t.responses, accounts
    query = (
        select(f.c.profile_id, f.c.at, f.c.author, f.c.note, r.c.at.label("response_at"))
        .add_columns(a.c.display_name)
        .select_from(
            f.join(r, (r.c.id == f.c.response_id) & (r.c.profile_id == f.c.profile_id)).outerjoin(
                a, a.c.id == f.c.therapist_id
            )
        )
    )
    return contact_rows.contacts_of(store, f, query, profile_ids, _contact)
