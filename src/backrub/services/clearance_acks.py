"""A therapist marks as read a stop lifted by the client's own clearance after emergency
warning signs (review S6-13; ``domain.caseload_follow_up.to_acknowledge``).

On the clinic server a client records a clinician's clearance themselves, in free
text. When the stop it lifted followed emergency warning signs, the therapist's
list keeps a line until the client's assigned therapist marks it read. The form
names the clearances it showed: one recorded meanwhile is refused, never marked
read unseen.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from datetime import datetime
from typing import TYPE_CHECKING

from backrub.domain.accounts import Account
from backrub.domain.caseload_follow_up import to_acknowledge
from backrub.domain.records import ClearanceRecord
from backrub.errors import InvalidInput
from backrub.i18n import _
from backrub.services.client_record import ClientRecord

if TYPE_CHECKING:
    from backrub.store import Store


def pending(store: Store, client: ClientRecord) -> list[ClearanceRecord]:
    """Return the client's clearances that wait for a therapist to mark them read."""
    assert client.profile.id is not None
    history = store.screenings(client.profile.id)
    latest = history[-1] if history else None
    return to_acknowledge(latest, history, store.clearances(client.profile.id))


def seen_of(found: Sequence[ClearanceRecord]) -> str:
    """A short fingerprint of the clearances a form showed."""
    text = ",".join(str(c.id) for c in found)
    return hashlib.sha256(text.encode()).hexdigest()[:32]


def acknowledge(
    store: Store, by: Account, client: ClientRecord, *, seen: object, now: datetime
) -> int:
    """Mark read the clearances the form showed; return how many.

    Refused (``InvalidInput`` on ``seen``, nothing written) with none waiting, or when
    they are no longer those shown (the client recorded another meanwhile).
    """
    from backrub.store.clearance_rows import acknowledge as write

    found = pending(store, client)
    if not found:
        raise InvalidInput("seen", None, _("there is nothing to mark as read"))
    if str(seen or "") != seen_of(found):
        raise InvalidInput("seen", None, _("a newer answer arrived; read it first"))
    assert client.profile.id is not None
    ids = [c.id for c in found if c.id is not None]
    write(store, client.profile.id, ids, at=now, by=by.display_name)
    return len(ids)
