"""A therapist's acknowledgement of a clearance (``clearances.acknowledged_at``; 0014)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import TYPE_CHECKING

from backrub.store import tables as t

if TYPE_CHECKING:
    from backrub.store import Store


def acknowledge(
    store: Store, profile_id: int, ids: Sequence[int], *, at: datetime, by: str
) -> None:
    """Mark the profile's clearances ``ids`` acknowledged by ``by`` at ``at``."""
    c = t.clearances.c
    with store.writing() as conn:
        conn.execute(
            t.clearances.update()
            .where(c.profile_id == profile_id, c.id.in_(list(ids)), c.acknowledged_at.is_(None))
            .values(acknowledged_at=at, acknowledged_by=by[:80])
        )
