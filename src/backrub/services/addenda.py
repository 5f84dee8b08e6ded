"""A therapist's addenda to their own session notes: a correction never overwrites a note.

Clinical record-keeping keeps what was written: a correction is an addendum that
says who, when and why, shown under the original note wherever the note is shown
(the therapist's timeline, the client's History, the report, the backup).

Only the therapist who wrote the session may add one, and only while the client
is assigned to them (``client_record.client_of`` first, clinic then client): a
session of another therapist, a session the client entered, an unknown
reference - all the same ``NotFound`` as an unknown page. The audit trail
(``web.clinic.audit_trail``) records each addendum written as a ``change`` of
the client's record.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from backrub.domain.accounts import Account
from backrub.domain.inputs import parse_text
from backrub.domain.records import Addendum, Profile, ProSession
from backrub.errors import InvalidInput
from backrub.i18n import _
from backrub.services.client_record import ClientRecord, not_here

if TYPE_CHECKING:
    from backrub.store import Store

MAX_TEXT = 2000  # as one SOAP field (services.sessions.parse_pro_session)
MAX_REASON = 200


@dataclass(frozen=True, slots=True)
class OwnSession:
    """A session the therapist wrote for the client, and its addenda so far."""

    public_id: str
    session: ProSession
    addenda: tuple[Addendum, ...]


def own_session(store: Store, by: Account, client: ClientRecord, ref: str) -> OwnSession:
    """Return the session ``ref`` that ``by`` wrote for ``client``; else raise ``NotFound``."""
    from backrub.store.addenda_rows import session_by_public_id

    profile_id = _profile_id(client.profile)
    found = session_by_public_id(store, profile_id, str(ref)[:36])
    if found is None or found.therapist_id != by.id:
        raise not_here()
    session = store.pro_session(profile_id, found.id)
    notes = tuple(a for a in addenda_of(store, client.profile) if a.session_id == found.id)
    return OwnSession(found.public_id, session, notes)


def add_addendum(
    store: Store,
    by: Account,
    client: ClientRecord,
    ref: str,
    *,
    now: datetime,
    text: object,
    reason: object = None,
) -> Addendum:
    """Add a correction under the session note ``ref`` that ``by`` wrote; the note stays.

    ``text`` is required (at most 2,000 characters, as a SOAP field); ``reason``
    is optional (at most 200). A bad value raises ``InvalidInput`` naming the
    field, and nothing is written.
    """
    from backrub.store.addenda_rows import add_addendum as write

    session = own_session(store, by, client, ref)
    correction = parse_text("text", text, max_len=MAX_TEXT, lines=True)
    if correction is None:
        raise InvalidInput("text", text, _("write the correction"))
    why = check_reason(reason)
    assert session.session.id is not None
    addendum = Addendum(session.session.id, now, by.display_name, correction, why)
    return write(store, _profile_id(client.profile), addendum, therapist_id=by.id)


def check_reason(reason: object) -> str | None:
    """Return the optional reason, stripped; refuse one over 200 characters."""
    return parse_text("reason", reason, max_len=MAX_REASON)


def addenda_of(store: Store, profile: Profile) -> tuple[Addendum, ...]:
    """Return the profile's addenda, oldest first."""
    from backrub.store.addenda_rows import addenda

    return tuple(addenda(store, _profile_id(profile)))


def addenda_by_session(store: Store, profile: Profile) -> dict[int, tuple[Addendum, ...]]:
    """Return {session id: its addenda, oldest first}."""
    grouped: defaultdict[int, list[Addendum]] = defaultdict(list)
    for addendum in addenda_of(store, profile):
        grouped[addendum.session_id].append(addendum)
    return {session: tuple(found) for session, found in grouped.items()}


def session_public_ids(store: Store, profile: Profile, by: Account) -> dict[int, str]:
    """Return {session id: public id} of the profile's sessions ``by`` wrote (addable)."""
    from backrub.store.addenda_rows import session_refs

    refs = session_refs(store, _profile_id(profile))
    return {key: ref.public_id for key, ref in refs.items() if ref.therapist_id == by.id}


def _profile_id(profile: Profile) -> int:
    assert profile.id is not None
    return profile.id
