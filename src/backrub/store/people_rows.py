"""Rows behind the administrator's pages (issue 13): accounts, assignments, removal, deletion.

Every query names the clinic first. Removing staff and deleting a client are
each one transaction: nothing is half done.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import func, select

from backrub.domain.accounts import Account, Role
from backrub.store.accounts import account_of
from backrub.store.clinic_tables import (
    accounts,
    assignments,
    invitations,
    login_failures,
    web_sessions,
)
from backrub.store.repository import Store
from backrub.store.restore import delete_rows


def accounts_in_clinic(store: Store, clinic_id: int) -> list[Account]:
    """Return every account of the clinic, by name."""
    with store.reading() as c:
        found = c.execute(
            select(accounts)
            .where(accounts.c.clinic_id == clinic_id)
            .order_by(func.lower(accounts.c.display_name), accounts.c.id)
        ).all()
    return [account_of(row) for row in found]


def assignment_pairs(store: Store, clinic_id: int) -> list[tuple[int, int]]:
    """Return (therapist id, client id) for every assignment in the clinic."""
    with store.reading() as c:
        found = c.execute(
            select(assignments.c.therapist_id, assignments.c.client_id).where(
                assignments.c.clinic_id == clinic_id
            )
        ).all()
    return [(int(r.therapist_id), int(r.client_id)) for r in found]


def assign(store: Store, clinic_id: int, therapist_id: int, client_id: int, now: datetime) -> bool:
    """Assign the client to the therapist; False when they were already."""
    with store.writing() as c:
        there = c.execute(
            select(assignments.c.client_id).where(
                assignments.c.clinic_id == clinic_id,
                assignments.c.therapist_id == therapist_id,
                assignments.c.client_id == client_id,
            )
        ).first()
        if there is not None:
            return False
        c.execute(
            assignments.insert().values(
                clinic_id=clinic_id, therapist_id=therapist_id, client_id=client_id, assigned_at=now
            )
        )
    return True


def unassign(store: Store, clinic_id: int, therapist_id: int, client_id: int) -> bool:
    with store.writing() as c:
        result = c.execute(
            assignments.delete().where(
                assignments.c.clinic_id == clinic_id,
                assignments.c.therapist_id == therapist_id,
                assignments.c.client_id == client_id,
            )
        )
    return bool(result.rowcount)


def open_invitations_by(store: Store, clinic_id: int, account_id: int, now: datetime) -> int:
    """Return how many usable invitations ``account_id`` made in this clinic."""
    with store.reading() as c:
        found = c.execute(
            select(func.count())
            .select_from(invitations)
            .where(
                invitations.c.clinic_id == clinic_id,
                invitations.c.invited_by == account_id,
                invitations.c.used_at.is_(None),
                invitations.c.expires_at > now,
            )
        ).scalar_one()
    return int(found)


def deactivate(store: Store, account: Account) -> bool:
    """Remove a staff member at once: inactive, every session ended, unassigned.

    Their open invitations go too. False (nothing done) when it would leave the
    clinic without an active administrator: the administrators' rows are locked
    first, so two removing each other at once cannot both succeed.
    """
    clinic_id = account.clinic_id
    with store.writing() as c:
        admins = c.execute(
            select(accounts.c.id)
            .where(
                accounts.c.clinic_id == clinic_id,
                accounts.c.role == Role.ADMIN.value,
                accounts.c.active,
            )
            .with_for_update()
        ).all()
        left = {int(r.id) for r in admins} - {account.id}
        if account.role is Role.ADMIN and not left:
            return False
        c.execute(
            accounts.update()
            .where(accounts.c.clinic_id == clinic_id, accounts.c.id == account.id)
            .values(active=False)
        )
        c.execute(web_sessions.delete().where(web_sessions.c.account_id == account.id))
        c.execute(
            assignments.delete().where(
                assignments.c.clinic_id == clinic_id, assignments.c.therapist_id == account.id
            )
        )
        c.execute(
            invitations.delete().where(
                invitations.c.clinic_id == clinic_id,
                invitations.c.invited_by == account.id,
                invitations.c.used_at.is_(None),
            )
        )
    return True


def delete_client(store: Store, account: Account) -> None:
    """Delete every row of a client, in one transaction.

    Their records and profile, account, sessions, assignments, the clinic's
    invitations for their e-mail and the failed sign-ins with it.
    """
    clinic_id = account.clinic_id
    with store.writing() as c:
        c.execute(web_sessions.delete().where(web_sessions.c.account_id == account.id))
        c.execute(
            assignments.delete().where(
                assignments.c.clinic_id == clinic_id, assignments.c.client_id == account.id
            )
        )
        c.execute(
            invitations.delete().where(
                invitations.c.clinic_id == clinic_id, invitations.c.email == account.email
            )
        )
        keys = {f"account:{account.email}", f"account:{account.email.casefold()}"}
        c.execute(login_failures.delete().where(login_failures.c.key.in_(keys)))
        c.execute(
            accounts.delete().where(accounts.c.clinic_id == clinic_id, accounts.c.id == account.id)
        )
        if account.profile_id is not None:
            delete_rows(c, account.profile_id)
