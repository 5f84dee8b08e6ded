"""Rows of invitations (issue 13): only the token's SHA-256 is stored.

Every function is scoped by the clinic, except finding an invitation by its
token's hash (the link is the only thing its holder has).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import func, select

from backrub.domain.accounts import Account, Role
from backrub.domain.people import Opening, OpenInvitation
from backrub.store import scope
from backrub.store.accounts import account_of, insert_account
from backrub.store.clinic_tables import accounts, assignments, clinics, invitations, web_sessions
from backrub.store.repository import Store


def email_taken(store: Store, email: str, clinic_id: int | None = None) -> bool:
    """Return whether ``email`` has an account (in clinic ``clinic_id`` when given)."""
    query = select(accounts.c.id).where(accounts.c.email == email)
    if clinic_id is not None:
        query = query.where(accounts.c.clinic_id == clinic_id)
    with store.reading() as c:
        found = c.execute(query).first()
    return found is not None


def replace_open(store: Store, *, clinic_id: int, email: str, values: dict[str, Any]) -> None:
    """Insert an invitation; an unused one for the same e-mail in this clinic goes."""
    with store.writing() as c:
        c.execute(
            invitations.delete().where(
                invitations.c.clinic_id == clinic_id,
                invitations.c.email == email,
                invitations.c.used_at.is_(None),
            )
        )
        c.execute(invitations.insert().values(clinic_id=clinic_id, email=email, **values))


def _usable(token_hash: str, now: datetime) -> Any:
    return (
        (invitations.c.token_hash == token_hash)
        & invitations.c.used_at.is_(None)
        & (invitations.c.expires_at > now)
    )


def opening(store: Store, token_hash: str, now: datetime) -> Opening | None:
    """Return what the link ``token_hash`` opens, or None (unknown, used or expired)."""
    with store.reading() as c:
        row = c.execute(
            select(invitations, clinics.c.name.label("clinic_name"))
            .join(clinics, clinics.c.id == invitations.c.clinic_id)
            .where(_usable(token_hash, now))
        ).first()
        if row is None:
            return None
        reset = c.execute(_existing(row)).first() is not None
    role = Role(row.role)
    return Opening(row.email, row.display_name, role, row.clinic_name, row.expires_at, reset)


def _existing(row: Any) -> Any:
    """The active account a new password link is for: same clinic, e-mail and role."""
    return select(accounts).where(
        accounts.c.clinic_id == row.clinic_id,
        accounts.c.email == row.email,
        accounts.c.role == row.role,
        accounts.c.active,
    )


def use_for_reset(
    store: Store, token_hash: str, now: datetime, *, password_hash: str
) -> Account | None:
    """Set the account's new password, end its sessions and use the link, in one transaction.

    None: the link cannot be used (any more), or its account is gone or removed.
    """
    with store.writing() as c:
        row = c.execute(
            select(invitations).where(_usable(token_hash, now)).with_for_update()
        ).first()
        if row is None:
            return None
        found = c.execute(_existing(row).with_for_update()).first()
        if found is None:
            return None
        c.execute(
            accounts.update()
            .where(accounts.c.id == found.id)
            # A new password ends a lockout after wrong tries (domain/sign_in_limits.py).
            .values(password_hash=password_hash, failed_sign_ins=0)
        )
        c.execute(web_sessions.delete().where(web_sessions.c.account_id == found.id))
        c.execute(invitations.update().where(invitations.c.id == row.id).values(used_at=now))
    return account_of(found)


def use(
    store: Store, token_hash: str, now: datetime, *, password_hash: str, tz: str, language: str
) -> Account | None:
    """Create the invited account and mark the invitation used, in one transaction.

    None: the link cannot be used (any more), or the e-mail has an account now.
    A client invited by a therapist who is still active becomes their client.
    """
    with store.writing() as c:
        row = c.execute(
            select(invitations).where(_usable(token_hash, now)).with_for_update()
        ).first()
        if row is None:
            return None
        if c.execute(select(accounts.c.id).where(accounts.c.email == row.email)).first():
            return None
        scope.enter(c, row.clinic_id)  # nobody is signed in: the invitation names the clinic
        account = insert_account(
            c,
            clinic_id=row.clinic_id,
            role=Role(row.role),
            email=row.email,
            display_name=row.display_name,
            password_hash=password_hash,
            now=now,
            tz=tz,
            language=language,
        )
        c.execute(invitations.update().where(invitations.c.id == row.id).values(used_at=now))
        if row.therapist_id is not None and account.role is Role.CLIENT:
            active = c.execute(
                select(accounts.c.id).where(
                    accounts.c.id == row.therapist_id,
                    accounts.c.clinic_id == row.clinic_id,
                    accounts.c.active,
                )
            ).first()
            if active is not None:
                c.execute(
                    assignments.insert().values(
                        clinic_id=row.clinic_id,
                        therapist_id=row.therapist_id,
                        client_id=account.id,
                        assigned_at=now,
                    )
                )
    return account


def open_in_clinic(store: Store, clinic_id: int, now: datetime) -> list[OpenInvitation]:
    with store.reading() as c:
        found = c.execute(
            select(invitations, accounts.c.display_name.label("by"))
            .join(accounts, accounts.c.id == invitations.c.invited_by)
            .where(
                invitations.c.clinic_id == clinic_id,
                invitations.c.used_at.is_(None),
                invitations.c.expires_at > now,
            )
            .order_by(invitations.c.expires_at, func.lower(invitations.c.display_name))
        ).all()
    return [
        OpenInvitation(r.email, r.display_name, Role(r.role), r.expires_at, r.by) for r in found
    ]


def withdraw(store: Store, clinic_id: int, email: str) -> int:
    """Delete the unused invitation of ``email`` in this clinic; return how many went."""
    with store.writing() as c:
        result = c.execute(
            invitations.delete().where(
                invitations.c.clinic_id == clinic_id,
                invitations.c.email == email,
                invitations.c.used_at.is_(None),
            )
        )
    return int(result.rowcount or 0)
