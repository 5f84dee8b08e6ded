"""The check-ins that noted new leg symptoms (the review's "answer the safety questions again").

Read through the partial index ``ix_checkins_leg_symptoms``: a few rows, however long
ago the last screening was, where reading every check-in since it would parse a year
of rows on every Today page.
"""

from __future__ import annotations

from datetime import datetime
from functools import cache
from typing import TYPE_CHECKING, Any

from sqlalchemy import bindparam, select, true

from backrub.domain.records import CheckIn
from backrub.store import rows
from backrub.store import tables as t

if TYPE_CHECKING:
    from backrub.store import Store


@cache
def _query() -> Any:
    c = t.checkins
    return (
        select(c)
        .where(
            c.c.profile_id == bindparam("profile_id"),
            c.c.new_leg_symptoms == true(),
            c.c.at >= bindparam("since"),
        )
        .order_by(c.c.at, c.c.id)
    )


def leg_symptom_checkins(store: Store, profile_id: int, *, since: datetime) -> list[CheckIn]:
    """Return the profile's check-ins from ``since`` on that noted new leg symptoms."""
    with store.reading() as c:
        found = c.execute(_query(), {"profile_id": profile_id, "since": since}).all()
    return [rows.checkin(r) for r in found]
