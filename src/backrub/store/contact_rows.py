"""One insert and one read for the contacts a therapist records about a client
(``flag_contacts`` about an urgent mood answer, ``stop_contacts`` about a safety
stop), keyed by the table: the two tables have the same shape but for the
column naming what the contact is about.

Scoped by the profile first. Read for many clients at once (the client list):
one query for all the listed profiles.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime
from typing import TYPE_CHECKING, Any, TypeVar

from sqlalchemy import Select, Table, insert

from backrub.store.sql_lists import one_of

if TYPE_CHECKING:
    from backrub.store import Store

T = TypeVar("T")


def add_contact(
    store: Store,
    table: Table,
    *,
    about: tuple[str, int],
    profile_id: int,
    therapist_id: int,
    author: str,
    at: datetime,
    note: str,
) -> None:
    """Record one contact in ``table`` about ``about`` (its column and the row's id)."""
    column, about_id = about
    values = {column: about_id, "therapist_id": therapist_id, "author": author[:80]}
    with store.writing() as c:
        c.execute(insert(table).values(profile_id=profile_id, at=at, note=note, **values))


def contacts_of(
    store: Store,
    table: Table,
    query: Select[Any],
    profile_ids: Sequence[int],
    contact: Callable[[Any], T],
) -> dict[int, list[T]]:
    """Return {profile id: ``contact(row)`` for each row of ``query`` (over ``table``),
    oldest first} for the given profiles."""
    if not profile_ids:
        return {}
    found: dict[int, list[T]] = {}
    ordered = query.order_by(table.c.at, table.c.id)
    with store.reading() as c:
        where = one_of(c.dialect.name, table.c.profile_id, profile_ids)
        for row in c.execute(ordered.where(where)):
            found.setdefault(int(row.profile_id), []).append(contact(row))
    return found
