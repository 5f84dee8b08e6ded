"""The clinic's audit log (issue 13): who read or changed which client's data, when, from where.

Every entry names the actor as they were then (id, role, display name), the
client by their public id (``client_ref``: it outlives the account), one of
``ACTIONS``, ``what`` (a method and a route template, or an admin action's
words; never values or query strings) and the address. Page and API access is
recorded in one place (``web.clinic.audit_trail``); administrators' actions
(invite, assign, remove, delete ...) call ``record`` themselves.

Reading it back is scoped by the clinic first: an administrator sees their
clinic's entries (``clinic_page``, ``clinic_csv``), a client what others did
on their record and their own sign-ins (``access_of``).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator, Sequence
from datetime import UTC, date, datetime, time, timedelta
from typing import Final

from backrub.domain.accounts import Account, Role, WebSession
from backrub.domain.audit import AuditEntry, AuditQuery
from backrub.domain.inputs import iso_day
from backrub.errors import InvalidInput
from backrub.i18n import _
from backrub.reports.csv_export import neutralise
from backrub.store import audit_rows
from backrub.store.repository import Store

ACTIONS: Final = (
    "read",
    "change",
    "export",
    "import",
    "sign-in",
    "sign-in-failed",
    "sign-out",
    "invite",
    "assign",
    "unassign",
    "remove",
    "delete",
    "second-factor",
    "password",
    "purge",
)
# What a client sees of their own doings on their access page.
OWN_ACTIONS: Final = ("sign-in", "sign-in-failed", "sign-out", "second-factor", "password")
PAGE_SIZE: Final = 50
# The CSV's person for a client's own entries: no name is kept (see ``record``).
CLIENT_ITSELF: Final = "client (own record)"
CSV_COLUMNS: Final = (
    "at_utc",
    "person",
    "role",
    "client",
    "client_ref",
    "action",
    "what",
    "address",
)


class UnknownAction(ValueError):
    """A programming error: ``action`` is not one of ``ACTIONS``."""


def record(
    store: Store,
    *,
    who: WebSession | Account | None,
    client_ref: str | None,
    action: str,
    what: str,
    address: str | None,
    now: datetime,
    clinic_id: int | None = None,
) -> None:
    """Append one entry to the audit log (one INSERT, its own transaction).

    ``who`` None (nobody signed in, e.g. a failed sign-in for an unknown
    e-mail) needs ``clinic_id``; without either nothing can be scoped and
    nothing is written.
    """
    if action not in ACTIONS:
        raise UnknownAction(action)
    account = who.account if isinstance(who, WebSession) else who
    clinic = account.clinic_id if account is not None else clinic_id
    if clinic is None:
        return
    # A client acting on their own record is named by their public id only: the
    # log outlives a deleted client and must keep nothing of them but that.
    is_client = account is not None and account.role is Role.CLIENT
    if is_client and account is not None:
        client_ref = client_ref or account.public_id
    audit_rows.add_entry(
        store,
        clinic_id=clinic,
        at=now,
        actor_id=None if account is None or is_client else account.id,
        actor_role=None if account is None else account.role.value,
        actor_name=None if account is None or is_client else account.display_name,
        client_ref=client_ref,
        action=action,
        what=what,
        address=address,
    )


def record_reads(
    store: Store,
    *,
    who: WebSession,
    client_refs: Sequence[str],
    what: str,
    address: str | None,
    now: datetime,
) -> None:
    """Append one ``read`` entry per client a staff page listed (the therapist's client
    list), in one INSERT; nothing when the page listed nobody."""
    account = who.account
    entry = {
        "clinic_id": account.clinic_id,
        "at": now,
        "actor_id": account.id,
        "actor_role": account.role.value,
        "actor_name": account.display_name,
        "action": "read",
        "what": what,
        "address": address,
    }
    audit_rows.add_entries(store, entry, client_refs)


def _day(field: str, text: str) -> date | None:
    if not text.strip():
        return None
    # YYYY-MM-DD only (attack review 8, F2: 20261202 and week dates were read); the
    # whole calendar stays open, to its last day (the filter's ends are handled there).
    try:
        return iso_day(text.strip())
    except ValueError:
        raise InvalidInput(field, text, _("use a date such as 2026-12-01")) from None


def _account_id(people: dict[str, tuple[int, str]], field: str, text: str, role: str | None) -> int:
    found = people.get(text.strip())
    if found is None or (role is not None and found[1] != role):
        raise InvalidInput(field, text, _("choose someone from the list"))
    return found[0]


def audit_query(
    store: Store,
    admin: Account,
    *,
    person: str = "",
    client: str = "",
    action: str = "",
    since: str = "",
    until: str = "",
) -> AuditQuery:
    """Return the administrator's filters, checked; raise ``InvalidInput`` naming the field.

    ``person`` and ``client`` are public ids of the admin's clinic's accounts;
    ``since`` and ``until`` are days (UTC), both included.
    """
    people = {p: (i, r) for i, p, r, _n in audit_rows.clinic_people(store, admin.clinic_id)}
    if action.strip() and action.strip() not in ACTIONS:
        raise InvalidInput("action", action, _("choose an action from the list"))
    first, last = _day("since", since), _day("until", until)
    if first is not None and last is not None and last < first:
        raise InvalidInput("until", until, _("the last day comes on or after the first day"))
    client_ref = None
    if client.strip():
        _account_id(people, "client", client, Role.CLIENT.value)
        client_ref = client.strip()
    return AuditQuery(
        actor_id=_account_id(people, "person", person, None) if person.strip() else None,
        client_ref=client_ref,
        action=action.strip() or None,
        since=None if first is None else datetime.combine(first, time(), UTC),
        # The end of the last day; the last day Python can hold has no day after it.
        until=None
        if last is None or last == date.max
        else datetime.combine(last + timedelta(days=1), time(), UTC),
    )


def parse_cursor(text: str) -> tuple[datetime, int] | None:
    """Return the paging key ``cursor`` wrote, None for none; raise ``InvalidInput``."""
    if not text:
        return None
    micros, _sep, row_id = text.partition("-")
    if not (micros.isdigit() and row_id.isdigit()) or len(text) > 40:
        raise InvalidInput("before", text, _("use the links to older entries"))
    return datetime(1970, 1, 1, tzinfo=UTC) + timedelta(microseconds=int(micros)), int(row_id)


def cursor(key: tuple[datetime, int]) -> str:
    at, row_id = key
    micros = (at - datetime(1970, 1, 1, tzinfo=UTC)) // timedelta(microseconds=1)
    return f"{micros}-{row_id}"


def clinic_page(
    store: Store, admin: Account, query: AuditQuery, before: str = ""
) -> tuple[list[AuditEntry], str | None]:
    """Return a page of the admin's clinic's entries, newest first, and the next page's cursor."""
    found = audit_rows.clinic_entries(
        store, admin.clinic_id, query, before=parse_cursor(before), limit=PAGE_SIZE + 1
    )
    more = len(found) > PAGE_SIZE
    entries = found[:PAGE_SIZE]
    return entries, cursor(entries[-1].key) if more else None


def people_of(store: Store, admin: Account) -> list[tuple[str, str, str]]:
    """Return the admin's clinic's accounts as (public id, role, display name) for the filters."""
    return [(p, r, n) for _i, p, r, n in audit_rows.clinic_people(store, admin.clinic_id)]


def clinic_csv(
    store: Store, admin: Account, query: AuditQuery, *, chunk: int = 500
) -> Iterator[str]:
    """Yield the admin's clinic's entries matching ``query`` as CSV text, a chunk at a time.

    Times are UTC; no text cell can start a spreadsheet formula (``neutralise``).
    A client's own entries name no person (none is kept): ``CLIENT_ITSELF``.
    """
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    before: tuple[datetime, int] | None = None
    while True:
        entries = audit_rows.clinic_entries(
            store, admin.clinic_id, query, before=before, limit=chunk
        )
        for e in entries:
            person = CLIENT_ITSELF if e.actor_role == Role.CLIENT.value else e.actor_name
            cells = (person, e.actor_role, e.client_name, e.client_ref, e.action, e.what)
            writer.writerow(
                [e.at.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")]
                + [neutralise(c or "") for c in cells]
                + [neutralise(e.address or "")]
            )
        yield out.getvalue()
        out.seek(0)
        out.truncate()
        if len(entries) < chunk:
            return
        before = entries[-1].key


def access_of(store: Store, client: Account, *, limit: int = 200) -> list[AuditEntry]:
    """Return who opened or changed ``client``'s record, and their own sign-ins, newest first."""
    return audit_rows.client_entries(
        store, client.clinic_id, client.public_id, client.id, OWN_ACTIONS, limit=limit
    )
