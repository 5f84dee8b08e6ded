"""Record "I contacted the client" about an urgent mood answer (REVIEW-CLIN-13 S2).

The answer is the client's latest PHQ-9 whose item 9 (thoughts of being better
off dead or of self-harm) is above 0, found here, never taken from the form.
The contact lowers the flag on the therapist's list to "Look at first" with
who and when, until a newer answer (``domain.caseload_follow_up``); it never
removes it. The form names the answer it showed (``seen_of``): when a newer
urgent answer arrived meanwhile, the contact is refused ("read it first"), never
attached to an answer the therapist did not read (review S6-12). Only the
client's assigned therapist reaches this (``client_record.client_of`` first);
the audit trail records the change.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from datetime import datetime
from typing import TYPE_CHECKING

from backrub.domain.accounts import Account
from backrub.domain.caseload_follow_up import FlagContact
from backrub.domain.instruments import INSTRUMENTS
from backrub.domain.records import Response
from backrub.domain.scoring import needs_urgent_help
from backrub.services.client_record import ClientRecord
from backrub.services.contact_checks import checked_contact

if TYPE_CHECKING:
    from backrub.store import Store

# The questionnaires with an urgent item (PHQ-9 item 9).
URGENT_ITEM_INSTRUMENTS = tuple(i.id for i in INSTRUMENTS.values() if i.urgent_item is not None)


def open_flag(store: Store, client: ClientRecord) -> Response | None:
    """Return the client's latest answer with an urgent item above 0, if it is the latest."""
    assert client.profile.id is not None
    found = None
    for instrument in URGENT_ITEM_INSTRUMENTS:
        answers = store.responses(client.profile.id, instrument=instrument)
        if not answers:
            continue
        latest = max(answers, key=lambda r: (r.at, r.id or 0))
        urgent = needs_urgent_help(INSTRUMENTS[instrument], latest.answers)
        if urgent and (found is None or latest.at > found.at):
            found = latest
    return found


def seen_of(flag: Response) -> str:
    """A short fingerprint of the urgent answer a contact form showed."""
    return hashlib.sha256(f"{flag.id}:{flag.at.isoformat()}".encode()).hexdigest()[:32]


def record_contact(
    store: Store,
    by: Account,
    client: ClientRecord,
    *,
    note: object,
    now: datetime,
    seen: object = None,
) -> None:
    """Record that ``by`` contacted the client about the open urgent answer, with a note.

    ``note`` is required (at most 500 characters); ``seen`` is the fingerprint of the
    answer the form showed (``seen_of``). Without an open urgent answer, or when it is
    no longer the one shown, nothing is written (``InvalidInput`` on ``note``).
    """
    from backrub.store.flag_contact_rows import add_contact

    flag = open_flag(store, client)
    shown = seen_of(flag) if flag is not None else None
    response_id, text = checked_contact(flag.id if flag else None, shown, seen=seen, note=note)
    assert client.profile.id is not None
    add_contact(
        store,
        profile_id=client.profile.id,
        response_id=response_id,
        therapist_id=by.id,
        author=by.display_name,
        at=now,
        note=text,
    )


def contacts_of(store: Store, profile_ids: Sequence[int]) -> dict[int, list[FlagContact]]:
    """Return {profile id: its recorded contacts, oldest first}."""
    from backrub.store.flag_contact_rows import contacts_of as read

    return read(store, profile_ids)
