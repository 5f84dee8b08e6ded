"""A follow-up's warning sign answered "yes": who sees it, and "I contacted the client".

A client's "yes" that stops (``services.follow_up_safety``) is shown to their
assigned therapist; when the client has no therapist, to the clinic's
administrators (someone must see it; review S6-2). Each alert says when, in the
client's own time zone, what the client was told to do, and whether someone
recorded that they contacted the client, with the note. The contact form names
the alerts it showed (``seen``); when a newer "yes" arrived meanwhile the
contact is refused ("read it first"), never attached to an answer nobody read.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from backrub.domain.accounts import Account, Role
from backrub.domain.emergency import emergency_number
from backrub.domain.follow_up import Contacted
from backrub.domain.inputs import parse_text
from backrub.domain.red_flags import shown_words
from backrub.domain.verdicts import Verdict
from backrub.errors import InvalidInput
from backrub.i18n import _, current, parse_language
from backrub.services.client_record import not_here
from backrub.store import follow_up_flags as flags
from backrub.store import follow_up_rows as rows
from backrub.store.accounts import is_public_id
from backrub.store.repository import Store

MAX_NOTE = 500


@dataclass(frozen=True, slots=True)
class Alert:
    client_public_id: str
    client_name: str
    at: datetime
    findings: tuple[str, ...]  # the warning signs answered "yes", in words
    tz: str = "UTC"  # the client's zone: the time is shown in it
    urgency: Verdict = Verdict.STOP_EMERGENCY
    contacted: Contacted | None = None
    administration_id: int = 0
    language: str | None = None  # the client's own language, if they chose one

    @property
    def told(self) -> str:
        """What the follow-up told the client to do, in words."""
        return told(self.urgency, self.tz, self.language)


def told(urgency: Verdict, tz: str, language: str | None = None) -> str:
    """The advice the client's follow-up page gave for ``urgency``, in a few words.

    The number is the one the client's page showed: worked out with the client's own
    language (where the zone names no country), not the reader's (review CLIN-7 item 11).
    """
    if urgency is Verdict.STOP_EMERGENCY:
        theirs = parse_language(language) if language else None
        found = emergency_number(tz, theirs or current())
        number = found if found is not None else _("the local emergency number")
        return _(
            "the client was told to call %(number)s or go to an emergency department now",
            number=number,
        )
    if urgency is Verdict.STOP_SAME_DAY:
        return _("the client was told to get medical help today")
    return _("the client was told to see a clinician before any massage")


def alert_of(x: rows.Listed) -> Alert:
    a = x.administration
    assert a.red_flag_at is not None
    return Alert(
        x.client_public_id,
        x.client_name,
        a.red_flag_at,
        tuple(shown_words(f, f) for f in a.red_flags),
        x.client_tz,
        a.urgency or Verdict.STOP_EMERGENCY,
        a.contacted,
        a.id,
        x.client_language,
    )


def newest_first(listed: Sequence[rows.Listed]) -> tuple[Alert, ...]:
    found = [alert_of(x) for x in listed if x.administration.red_flag_at is not None]
    return tuple(sorted(found, key=lambda alert: alert.at, reverse=True))


def _whose(account: Account) -> int | None:
    """The therapist whose clients' alerts ``account`` sees; None: the unassigned ones."""
    if not account.active or account.role is Role.CLIENT:
        raise not_here()
    return account.id if account.role is Role.THERAPIST else None


def alerts(store: Store, account: Account) -> tuple[Alert, ...]:
    """Return the alerts ``account`` sees: a therapist their clients', an administrator
    those of clients nobody is assigned to; newest first."""
    return newest_first(flags.flagged(store, account.clinic_id, therapist_id=_whose(account)))


@dataclass(frozen=True, slots=True)
class ClientAlerts:
    client_public_id: str
    client_name: str
    alerts: tuple[Alert, ...]

    @property
    def open(self) -> tuple[Alert, ...]:
        """The alerts nobody recorded a contact about yet."""
        return tuple(a for a in self.alerts if a.contacted is None)

    @property
    def seen(self) -> str:
        """A short fingerprint of the open alerts, as the contact form showed them."""
        text = "|".join(f"{a.administration_id}:{a.at.isoformat()}:{a.findings}" for a in self.open)
        return hashlib.sha256(text.encode()).hexdigest()[:32]


def of_client(store: Store, account: Account, public_id: str) -> ClientAlerts:
    """Return one client's alerts (maybe none) if ``account`` sees the client's: their
    therapist, or an administrator when nobody is assigned; else the usual 404."""
    whose = _whose(account)
    if not is_public_id(public_id):
        raise not_here()
    name = flags.reachable(store, account.clinic_id, therapist_id=whose, client_public_id=public_id)
    if name is None:
        raise not_here()
    found = flags.flagged(store, account.clinic_id, therapist_id=whose, client_public_id=public_id)
    return ClientAlerts(public_id, name, newest_first(found))


def record_contact(
    store: Store, account: Account, public_id: str, *, seen: object, note: object, now: datetime
) -> None:
    """Record that ``account`` contacted the client about the open alerts the form showed.

    Refused (``InvalidInput`` on ``note``, nothing written) without a note, with none
    open, or when the open alerts are no longer those shown (a newer "yes" arrived).
    """
    client = of_client(store, account, public_id)
    if not client.open:
        raise InvalidInput("note", None, _("there is no urgent answer to follow up"))
    if str(seen or "") != client.seen:
        raise InvalidInput("note", None, _("a newer answer arrived; read it first"))
    text = parse_text("note", note, max_len=MAX_NOTE, lines=True)
    if text is None:
        raise InvalidInput("note", note, _("say in a few words how you contacted the client"))
    values = {
        "contacted_at": now,
        "contacted_by_id": account.id,
        "contacted_by": account.display_name[:80],
        "contact_note": text,
    }
    flags.record_contact(store, [a.administration_id for a in client.open], values)
