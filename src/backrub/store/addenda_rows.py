"""Addenda to a therapist's session notes: write one, read a profile's, restore them.

Every query is scoped by the profile first. A session is found by its public id
(``pro_sessions.public_id``) only within the profile; the row id never leaves
the store in a URL. The name shown with an addendum is the author's account's
display name now, or the name it was written with when there is no account (a
restored backup, a deleted account).
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import Connection, insert, select

from backrub.domain.records import Addendum
from backrub.store import tables as t
from backrub.store.clinic_tables import accounts

if TYPE_CHECKING:
    from backrub.store import Store


@dataclass(frozen=True, slots=True)
class SessionRef:
    """A professional session's ids and author account (None: the person entered it)."""

    id: int
    public_id: str
    therapist_id: int | None


def session_refs(store: Store, profile_id: int) -> dict[int, SessionRef]:
    """Return {session id: its ref} for every professional session of the profile."""
    s = t.pro_sessions
    query = select(s.c.id, s.c.public_id, s.c.therapist_id).where(s.c.profile_id == profile_id)
    with store.reading() as c:
        found = c.execute(query).all()
    return {int(r.id): SessionRef(int(r.id), str(r.public_id), r.therapist_id) for r in found}


def session_by_public_id(store: Store, profile_id: int, public_id: str) -> SessionRef | None:
    """Return the profile's session named ``public_id``, or None."""
    s = t.pro_sessions
    query = select(s.c.id, s.c.public_id, s.c.therapist_id).where(
        s.c.profile_id == profile_id, s.c.public_id == public_id
    )
    with store.reading() as c:
        row = c.execute(query).first()
    return None if row is None else SessionRef(int(row.id), str(row.public_id), row.therapist_id)


def add_addendum(
    store: Store, profile_id: int, addendum: Addendum, *, therapist_id: int
) -> Addendum:
    """Write one addendum by the therapist account ``therapist_id``; return it with its id."""
    with store.writing() as c:
        return insert_addendum(c, profile_id, addendum, therapist_id=therapist_id)


def insert_addendum(
    c: Connection, profile_id: int, addendum: Addendum, *, therapist_id: int | None = None
) -> Addendum:
    values = {
        "public_id": str(uuid.uuid4()),
        "profile_id": profile_id,
        "session_id": addendum.session_id,
        "therapist_id": therapist_id,
        "author": addendum.by[:80],
        "at": addendum.at,
        "text": addendum.text,
        "reason": addendum.reason,
    }
    if addendum.id is not None:
        values["id"] = addendum.id
    key = c.execute(insert(t.session_addenda).values(**values)).inserted_primary_key
    assert key is not None
    return Addendum(
        session_id=addendum.session_id,
        at=addendum.at,
        by=addendum.by,
        text=addendum.text,
        reason=addendum.reason,
        id=int(key[0]),
    )


def addenda(
    store: Store, profile_id: int, *, at_or_before: datetime | None = None
) -> list[Addendum]:
    """Return the profile's addenda, oldest first, each named by its author's name now."""
    d, a = t.session_addenda, accounts
    query = (
        select(d, a.c.display_name)
        .select_from(d.outerjoin(a, a.c.id == d.c.therapist_id))
        .where(d.c.profile_id == profile_id)
        .order_by(d.c.at, d.c.id)
    )
    if at_or_before is not None:
        query = query.where(d.c.at <= at_or_before)
    with store.reading() as c:
        found = c.execute(query).all()
    return [
        Addendum(
            session_id=int(r.session_id),
            at=r.at,
            by=str(r.display_name or r.author),
            text=str(r.text),
            reason=r.reason,
            id=int(r.id),
        )
        for r in found
    ]
