"""Record "I contacted the client" about an emergency or same-day stop (people review 7, F2).

The client list says "Contact the client now" (or "today") for a client whose
latest safety answers stop with an emergency or same-day warning sign, from
the screening form or a follow-up link alike. The stop is found here, never
taken from the form: the client's latest screening, while it still stops. The
contact shows on the client's row with who and when; the stop itself stays
until a clinician has seen the client. The form names the screening it showed
(``seen_of``): when newer answers arrived meanwhile, the contact is refused
("read it first"). Only the client's assigned therapist reaches this
(``client_record.client_of`` first); the audit trail records the change.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from datetime import datetime
from typing import TYPE_CHECKING

from backrub.domain.accounts import Account
from backrub.domain.caseload import read_screening
from backrub.domain.caseload_follow_up import CONTACT_STOPS, StopContact
from backrub.domain.records import ScreeningRecord
from backrub.services import safety
from backrub.services.client_record import ClientRecord
from backrub.services.contact_checks import checked_contact

if TYPE_CHECKING:
    from backrub.store import Store


def open_stop(store: Store, client: ClientRecord) -> ScreeningRecord | None:
    """Return the client's latest screening if it stops now with an emergency or
    same-day warning sign, else None."""
    assert client.profile.id is not None
    records = store.screenings(client.profile.id)
    if not records:
        return None
    latest = records[-1]
    read = read_screening(latest)
    if read is None or read.verdict not in CONTACT_STOPS:
        return None
    return latest if safety.safety_state(store, client.profile).is_stopped else None


def seen_of(stop: ScreeningRecord) -> str:
    """A short fingerprint of the stop a contact form showed."""
    return hashlib.sha256(f"stop:{stop.id}:{stop.screened_on}".encode()).hexdigest()[:32]


def record_contact(
    store: Store,
    by: Account,
    client: ClientRecord,
    *,
    note: object,
    now: datetime,
    seen: object = None,
) -> None:
    """Record that ``by`` contacted the client about the open stop, with a note.

    Refused (``InvalidInput`` on ``note``, nothing written) without a stop open,
    when it is no longer the one shown (``seen``), or without a note.
    """
    from backrub.store.stop_contact_rows import add_contact

    stop = open_stop(store, client)
    shown = seen_of(stop) if stop is not None else None
    screening_id, text = checked_contact(stop.id if stop else None, shown, seen=seen, note=note)
    assert client.profile.id is not None
    add_contact(
        store,
        profile_id=client.profile.id,
        screening_id=screening_id,
        therapist_id=by.id,
        author=by.display_name,
        at=now,
        note=text,
    )


def stop_contacts_of(store: Store, profile_ids: Sequence[int]) -> dict[int, list[StopContact]]:
    """Return {profile id: its contacts about stops, oldest first}."""
    from backrub.store.stop_contact_rows import contacts_of

    return contacts_of(store, profile_ids)


def contacts_about(store: Store, client: ClientRecord, stop: ScreeningRecord) -> list[StopContact]:
    """Return the contacts recorded about ``stop``, oldest first."""
    assert client.profile.id is not None
    found = stop_contacts_of(store, [client.profile.id]).get(client.profile.id, [])
    return [c for c in found if c.screening_id == stop.id]
