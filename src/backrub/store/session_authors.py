"""Who wrote a professional session: the clinic's therapist account, or nobody.

A session a therapist wrote on the clinic server keeps the account in
``pro_sessions.therapist_id``; a session the person entered themselves (by
hand or from a backup) has none. The name is the account's display name now,
or the name the session was written with when the account is gone.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from sqlalchemy import and_, select

from backrub.store import tables as t
from backrub.store.clinic_tables import accounts

if TYPE_CHECKING:
    from backrub.store import Store


def pro_session_authors(
    store: Store, profile_id: int, session_id: int | None = None
) -> dict[int, str]:
    """Return {session id: therapist's name} for the profile's therapist-written sessions.

    ``session_id`` limits the answer to that one session.
    """
    s, a = t.pro_sessions, accounts
    query = (
        select(s.c.id, s.c.therapist, a.c.display_name)
        .select_from(s.outerjoin(a, and_(a.c.id == s.c.therapist_id)))
        .where(s.c.profile_id == profile_id, s.c.therapist_id.is_not(None))
    )
    if session_id is not None:
        query = query.where(s.c.id == session_id)
    with store.reading() as c:
        found = c.execute(query).all()
    return {int(r.id): str(r.display_name or r.therapist or "") for r in found}
