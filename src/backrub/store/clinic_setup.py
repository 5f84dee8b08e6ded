"""Rows for setting up a clinic: the clinic and its first administrator, together.

Both are written in one transaction, so a refused administrator (an e-mail
address taken a moment ago by someone else) leaves no clinic without one.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import func, insert, select
from sqlalchemy.engine import make_url
from sqlalchemy.exc import IntegrityError

from backrub.domain.accounts import Account, Clinic, Role
from backrub.store.accounts import insert_account, new_public_id
from backrub.store.clinic_tables import accounts, clinics
from backrub.store.repository import Store


def add_clinic_with_admin(
    store: Store,
    *,
    clinic_name: str,
    email: str,
    display_name: str,
    password_hash: str,
    now: datetime,
) -> tuple[Clinic, Account] | None:
    """Add a clinic and its administrator; None when the e-mail address is taken."""
    public_id = new_public_id()
    try:
        with store.writing() as c:
            key = c.execute(
                insert(clinics).values(public_id=public_id, name=clinic_name, created_at=now)
            ).inserted_primary_key
            assert key is not None
            admin = insert_account(
                c,
                clinic_id=int(key[0]),
                role=Role.ADMIN,
                email=email,
                display_name=display_name,
                password_hash=password_hash,
                now=now,
            )
    except IntegrityError:
        return None
    return Clinic(id=admin.clinic_id, public_id=public_id, name=clinic_name), admin


def email_taken(store: Store, email: str) -> bool:
    """Return whether an account (in any clinic) already signs in as ``email``."""
    with store.reading() as c:
        found = c.execute(
            select(func.count())
            .select_from(accounts)
            .where(accounts.c.email == email.strip().lower())
        ).scalar_one()
    return bool(found)


def clinic_count(store: Store) -> int:
    """Return how many clinics this server holds."""
    with store.reading() as c:
        return int(c.execute(select(func.count()).select_from(clinics)).scalar_one())


def shown_url(url: str) -> str:
    """Return the database URL with its password (if any) hidden, for printing.

    A URL without a password is shown as it was given (not re-encoded).
    """
    parsed = make_url(url)
    return url if parsed.password is None else parsed.render_as_string(hide_password=True)
