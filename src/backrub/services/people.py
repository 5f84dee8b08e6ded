"""The people of a clinic, for its administrators (issue 13).

Therapists and clients, who is whose client, removing staff and deleting a
client. Everything is scoped by the administrator's own clinic: a person of
another clinic is not found (``NotFound``, the same as nobody).
"""

from __future__ import annotations

from datetime import datetime

from backrub.domain.accounts import Account, Role
from backrub.domain.people import (
    ClientEntry,
    Overview,
    Person,
    Removal,
    StaffMember,
    tidy_display_name,
)
from backrub.errors import InvalidInput, NotFound
from backrub.i18n import _
from backrub.services import audit
from backrub.services.invitations import open_invitations
from backrub.store import accounts as account_rows
from backrub.store import people_rows as rows
from backrub.store.repository import Store


def nobody() -> NotFound:
    return NotFound(_("There is nobody here. Go back to the list of people."))


def overview(store: Store, admin: Account, now: datetime) -> Overview:
    """Return the clinic's staff, clients (with their therapists) and open invitations."""
    everyone = rows.accounts_in_clinic(store, admin.clinic_id)
    by_id = {a.id: a for a in everyone}
    pairs = rows.assignment_pairs(store, admin.clinic_id)
    staff = tuple(
        StaffMember(a, sum(1 for t, _c in pairs if t == a.id)) for a in everyone if a.role.is_staff
    )
    clients = tuple(
        ClientEntry(
            a,
            tuple(sorted(by_id[t].display_name for t, c in pairs if c == a.id and t in by_id)),
        )
        for a in everyone
        if a.role is Role.CLIENT
    )
    return Overview(staff, clients, tuple(open_invitations(store, admin, now)))


def find(store: Store, admin: Account, public_id: str) -> Account:
    """Return the account ``public_id`` of the administrator's clinic, else ``NotFound``."""
    found = account_rows.account_in_clinic(store, admin.clinic_id, public_id[:36])
    if found is None:
        raise nobody()
    return found


def therapists(store: Store, account: Account) -> list[Account]:
    """Return the active therapists of ``account``'s clinic, by name."""
    return [
        a
        for a in rows.accounts_in_clinic(store, account.clinic_id)
        if a.role is Role.THERAPIST and a.active
    ]


def person(store: Store, admin: Account, public_id: str) -> Person:
    """Return one person of the clinic with their therapists (a client) or clients (staff)."""
    account = find(store, admin, public_id)
    everyone = {a.id: a for a in rows.accounts_in_clinic(store, admin.clinic_id)}
    pairs = rows.assignment_pairs(store, admin.clinic_id)
    if account.role is Role.CLIENT:
        mine = {t for t, c in pairs if c == account.id}
        therapists = tuple(everyone[t] for t in everyone if t in mine)
        assignable = tuple(
            a
            for a in everyone.values()
            if a.role is Role.THERAPIST and a.active and a.id not in mine
        )
        return Person(account, therapists=therapists, assignable=assignable)
    clients = {c for t, c in pairs if t == account.id}
    return Person(account, clients=tuple(a for a in everyone.values() if a.id in clients))


def _pair(
    store: Store, admin: Account, client_id: str, therapist_id: str
) -> tuple[Account, Account]:
    client = find(store, admin, client_id)
    if client.role is not Role.CLIENT:
        raise nobody()
    therapist = account_rows.account_in_clinic(store, admin.clinic_id, therapist_id[:36])
    if therapist is None or therapist.role is not Role.THERAPIST or not therapist.active:
        raise InvalidInput("therapist", None, _("choose a therapist from the list"))
    return client, therapist


def assign(
    store: Store,
    admin: Account,
    client_id: str,
    therapist_id: str,
    now: datetime,
    address: str | None,
) -> Account:
    """Make the client a client of the therapist (both of the administrator's clinic)."""
    client, therapist = _pair(store, admin, client_id, therapist_id)
    if rows.assign(store, admin.clinic_id, therapist.id, client.id, now):
        audit.record(
            store,
            who=admin,
            client_ref=client.public_id,
            action="assign",
            what="assign client to therapist",
            address=address,
            now=now,
        )
    return therapist


def unassign(
    store: Store,
    admin: Account,
    client_id: str,
    therapist_id: str,
    now: datetime,
    address: str | None,
) -> Account:
    """The client is no longer the therapist's client (the records stay)."""
    client = find(store, admin, client_id)
    therapist = account_rows.account_in_clinic(store, admin.clinic_id, therapist_id[:36])
    if client.role is not Role.CLIENT or therapist is None:
        raise nobody()
    if rows.unassign(store, admin.clinic_id, therapist.id, client.id):
        audit.record(
            store,
            who=admin,
            client_ref=client.public_id,
            action="unassign",
            what="unassign client from therapist",
            address=address,
            now=now,
        )
    return therapist


def removal(store: Store, admin: Account, public_id: str, now: datetime) -> Removal:
    """Return what removing the staff member ``public_id`` would do (for the confirmation)."""
    account = find(store, admin, public_id)
    if not account.role.is_staff or not account.active:
        raise nobody()
    everyone = {a.id: a for a in rows.accounts_in_clinic(store, admin.clinic_id)}
    pairs = rows.assignment_pairs(store, admin.clinic_id)
    theirs = {c for t, c in pairs if t == account.id}
    others = {c for t, c in pairs if t != account.id and t in everyone and everyone[t].active}
    left = tuple(a for a in everyone.values() if a.id in theirs - others)
    count = rows.open_invitations_by(store, admin.clinic_id, account.id, now)
    return Removal(account, left, count)


def unassigned(overview_: Overview) -> tuple[ClientEntry, ...]:
    """Return the clinic's clients who have no therapist (after a removal, say)."""
    return tuple(c for c in overview_.clients if not c.therapists)


def remove_staff(
    store: Store, admin: Account, account: Account, now: datetime, address: str | None = None
) -> None:
    """Remove a therapist or administrator from the clinic, at once.

    They become inactive, every session of theirs ends and their clients are
    unassigned, in one transaction: their next request goes to the sign-in
    page, where their password no longer works. The last active administrator
    cannot be removed.
    """
    if account.clinic_id != admin.clinic_id or not account.role.is_staff:
        raise nobody()
    if not account.active:
        return
    if not rows.deactivate(store, account):
        raise InvalidInput(
            "account",
            None,
            _("the clinic needs an administrator: invite another one before removing this one"),
        )
    audit.record(
        store,
        who=admin,
        client_ref=None,
        action="remove",
        what=f"remove {account.role.value}",
        address=address,
        now=now,
    )


def delete_client(
    store: Store,
    actor: Account,
    account: Account,
    now: datetime,
    *,
    confirm_name: object,
    address: str | None = None,
) -> None:
    """Delete a client and every row of theirs in every table, when ``confirm_name`` is theirs.

    Their records and profile, account, sessions, assignments and the clinic's
    invitations for their e-mail go in one transaction; the audit log keeps
    only the opaque ``client_ref`` (their public id).
    """
    if account.clinic_id != actor.clinic_id or account.role is not Role.CLIENT:
        raise nobody()
    if tidy_display_name(str(confirm_name or "")) != account.display_name:
        raise InvalidInput(
            "confirm",
            None,
            _(
                "type %(name)s to delete this client and all their records",
                name=account.display_name,
            ),
        )
    rows.delete_client(store, account)
    audit.record(
        store,
        who=actor,
        client_ref=account.public_id,
        action="delete",
        what="delete client",
        address=address,
        now=now,
    )
