"""A therapist's view of one assigned client (issue 13): timeline, session notes, report.

Every use case starts with ``client_of``: the client must be active, in the
therapist's clinic and assigned to that therapist (one query, clinic first).
Anything else - an unknown id, another therapist's client, another clinic's -
is the same ``NotFound``, so a page never confirms that a record exists.
What is shown comes from the services the client's own pages use (history,
questionnaire scores, screenings, the report); nothing is read another way.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, time, timedelta
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from backrub.domain.accounts import Account, Role
from backrub.domain.caseload import read_screening
from backrub.domain.records import ProSession
from backrub.domain.screening import Screening
from backrub.errors import NotFound
from backrub.i18n import _
from backrub.services.records import history
from backrub.services.session_corrections import session_authors
from backrub.services.sessions import parse_pro_session

if TYPE_CHECKING:
    from backrub.domain.records import Profile
    from backrub.store import Store

# How far back a timeline looks, widening by "earlier" (days; None = everything).
WINDOWS: tuple[int | None, ...] = (30, 90, 365, None)


@dataclass(frozen=True, slots=True)
class ClientRecord:
    """An assigned client: the account and its profile (named by the display name)."""

    account: Account
    profile: Profile


@dataclass(frozen=True, slots=True)
class Entry:
    """One line of a timeline: when, what kind, and the record itself."""

    at: datetime
    kind: str  # checkin, pro, self, questionnaire, screening, clearance, follow_up_sign
    record: Any
    screening: Screening | None = None  # a screening as today's rules read it
    author: str | None = None  # a session a therapist account wrote: that therapist's name


@dataclass(frozen=True, slots=True)
class Timeline:
    client: ClientRecord
    entries: tuple[Entry, ...]  # newest first
    since: date | None  # the first day shown (None: everything)
    earlier: int | None  # the next window's days, or None when everything is shown
    everything: bool


def not_here() -> NotFound:
    return NotFound(_("There is no page here. Use the menu to find your way."))


def client_of(store: Store, therapist: Account, public_id: str) -> ClientRecord:
    """Return the therapist's assigned client ``public_id``, or raise ``NotFound``."""
    from backrub.store.caseload_rows import assigned_client

    if therapist.role is not Role.THERAPIST or not therapist.active:
        raise not_here()
    found = assigned_client(
        store, clinic_id=therapist.clinic_id, therapist_id=therapist.id, public_id=public_id
    )
    if found is None:
        raise not_here()
    account, profile = found
    return ClientRecord(account, replace(profile, name=account.display_name))


def window(days: object) -> int | None:
    """Return a known window (days), the first one for anything else; "all": everything."""
    if days == "all":
        return None
    for known in WINDOWS:
        if known is not None and str(known) == str(days):
            return known
    return WINDOWS[0]


def timeline(store: Store, client: ClientRecord, *, now: datetime, days: int | None) -> Timeline:
    """Return the client's records of the last ``days`` days (None: all), newest first."""
    profile = client.profile
    zone = ZoneInfo(profile.tz)
    since = None if days is None else now.astimezone(zone).date() - timedelta(days=days - 1)
    data = history(store, profile, since=None if since is None else since.isoformat())
    entries = [Entry(c.at, "checkin", c) for c in data.checkins]
    authors = session_authors(store, profile)
    entries += [Entry(p.at, "pro", p, author=authors.get(p.id or 0)) for p in data.pro_sessions]
    entries += [Entry(s.at, "self", s) for s in data.self_sessions]
    entries += [Entry(r.at, "questionnaire", r) for r in data.responses]
    entries += [Entry(_day_at(c.cleared_on, zone), "clearance", c) for c in data.clearances]
    assert profile.id is not None
    for record in store.screenings(profile.id):
        if since is None or record.screened_on >= since:
            read = read_screening(record)
            entries.append(Entry(_day_at(record.screened_on, zone), "screening", record, read))
    entries += _follow_up_signs(store, client, since, zone)
    entries.sort(key=lambda e: e.at, reverse=True)
    later = [w for w in WINDOWS if days is not None and (w is None or w > days)]
    return Timeline(client, tuple(entries), since, later[0] if later else None, days is None)


def _follow_up_signs(
    store: Store, client: ClientRecord, since: date | None, zone: ZoneInfo
) -> list[Entry]:
    """A warning sign answered "yes" on a follow-up link: a line of its own, at the time
    it was first sent (people review 7, F3)."""
    from backrub.services.follow_up import of_client

    return [
        Entry(a.red_flag_at, "follow_up_sign", a)
        for a in of_client(store, client).administrations
        if a.red_flag_at is not None
        and (since is None or a.red_flag_at.astimezone(zone).date() >= since)
    ]


def _day_at(day: date, zone: ZoneInfo) -> datetime:
    """A day's record sorts after that day's timed records: at its end, in the zone."""
    return datetime.combine(day, time(23, 59, 59), zone).astimezone(UTC)


def write_session(
    store: Store, by: Account, client: ClientRecord, *, now: datetime, **values: object
) -> ProSession:
    """Save a professional session with SOAP notes, written by ``therapist``.

    The values and their checks are those of the client's own form
    (``services.sessions.parse_pro_session``); the therapist's name comes from
    the account ``by``, and the session keeps who wrote it (``pro_sessions.therapist_id``).
    """
    values["therapist"] = by.display_name
    session = parse_pro_session(client.profile, now=now, **values)
    assert client.profile.id is not None
    return store.add_pro_session(client.profile.id, session, therapist_id=by.id)
