"""Rows of the clinic server: clinics, accounts and signed-in sessions.

Functions take the ``Store`` first and are scoped the way their callers need:
an account is found by its id or e-mail only to sign in; everything a page
shows goes through ``account_in_clinic`` (clinic first, then the public id).
"""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, insert, select

from backrub.domain.accounts import Account, Clinic, Role, WebSession
from backrub.domain.records import Profile
from backrub.store import rows, scope
from backrub.store import tables as t
from backrub.store.clinic_tables import accounts, clinics, web_sessions
from backrub.store.repository import Store


def new_public_id() -> str:
    return str(uuid.uuid4())


def is_public_id(text: str) -> bool:
    """Return whether ``text`` has the shape of a public id (anything else names nobody)."""
    try:
        return str(uuid.UUID(text)) == text
    except (ValueError, TypeError):
        return False


def account_of(row: Any) -> Account:
    return Account(
        id=row.id,
        public_id=row.public_id,
        clinic_id=row.clinic_id,
        role=Role(row.role),
        email=row.email,
        display_name=row.display_name,
        totp_enabled=row.totp_secret is not None,
        profile_id=row.profile_id,
        active=bool(row.active),
        created_at=row.created_at,
    )


def create_clinic(store: Store, name: str, now: datetime) -> Clinic:
    public_id = new_public_id()
    with store.writing() as c:
        key = c.execute(
            insert(clinics).values(public_id=public_id, name=name, created_at=now)
        ).inserted_primary_key
    assert key is not None
    return Clinic(id=int(key[0]), public_id=public_id, name=name)


def clinic_by_id(store: Store, clinic_id: int) -> Clinic | None:
    with store.reading() as c:
        row = c.execute(select(clinics).where(clinics.c.id == clinic_id)).first()
    return None if row is None else Clinic(row.id, row.public_id, row.name)


def insert_account(
    c: Connection,
    *,
    clinic_id: int,
    role: Role,
    email: str,
    display_name: str,
    password_hash: str,
    now: datetime,
    tz: str = "UTC",
    language: str | None = None,
) -> Account:
    """Add an account in the open transaction ``c``; a client gets its own profile.

    The client's profile is named by the account's public id (profile names are
    unique on the server; people see the display name).
    """
    public_id = new_public_id()
    profile_id = None
    if role is Role.CLIENT:
        # Made in its clinic at once: row security refuses a profile of no clinic here.
        profile = Profile(name=public_id, tz=tz, created_at=now, language=language)
        key = c.execute(
            insert(t.profiles).values(**rows.columns_of(profile), clinic_id=clinic_id)
        ).inserted_primary_key
        assert key is not None
        profile_id = int(key[0])
    key = c.execute(
        insert(accounts).values(
            public_id=public_id,
            clinic_id=clinic_id,
            role=role.value,
            email=email.strip().lower(),
            display_name=display_name,
            password_hash=password_hash,
            profile_id=profile_id,
            active=True,
            created_at=now,
        )
    ).inserted_primary_key
    assert key is not None
    row = c.execute(select(accounts).where(accounts.c.id == int(key[0]))).one()
    return account_of(row)


def add_account(store: Store, **values: Any) -> Account:
    """``insert_account`` in a transaction of its own, in the account's clinic."""
    with scope.clinic_scope(values["clinic_id"]), store.writing() as c:
        return insert_account(c, **values)


def account_by_id(store: Store, account_id: int) -> Account | None:
    with store.reading() as c:
        row = c.execute(select(accounts).where(accounts.c.id == account_id)).first()
    return None if row is None else account_of(row)


def account_by_email(store: Store, email: str) -> tuple[Account, str] | None:
    """Return the account signing in as ``email`` and its password hash, for sign-in only."""
    with store.reading() as c:
        row = c.execute(select(accounts).where(accounts.c.email == email.strip().lower())).first()
    return None if row is None else (account_of(row), str(row.password_hash))


def account_in_clinic(store: Store, clinic_id: int, public_id: str) -> Account | None:
    """Return the account ``public_id`` of clinic ``clinic_id``, or None (never another's)."""
    if not is_public_id(public_id):
        return None
    with store.reading() as c:
        row = c.execute(
            select(accounts).where(
                accounts.c.clinic_id == clinic_id, accounts.c.public_id == public_id
            )
        ).first()
    return None if row is None else account_of(row)


def profile_of(store: Store, account: Account) -> Profile | None:
    """Return a client's profile: the row whose id and clinic both match the account."""
    if account.profile_id is None:
        return None
    with store.reading() as c:
        row = c.execute(
            select(t.profiles).where(
                t.profiles.c.id == account.profile_id, t.profiles.c.clinic_id == account.clinic_id
            )
        ).first()
    return None if row is None else rows.profile(row)


# -- signed-in sessions ---------------------------------------------------------------


def insert_session(
    store: Store,
    *,
    token_hash: str,
    account: Account,
    stage: str,
    now: datetime,
    address: str | None,
) -> None:
    with store.writing() as c:
        c.execute(
            insert(web_sessions).values(
                token_hash=token_hash,
                account_id=account.id,
                clinic_id=account.clinic_id,
                stage=stage,
                created_at=now,
                last_seen_at=now,
                address=address,
            )
        )


def session_by_token(store: Store, token_hash: str) -> WebSession | None:
    """Return the session ``token_hash`` names with its account (active or not)."""
    with store.reading() as c:
        row = c.execute(
            select(web_sessions, accounts)
            .join(
                accounts,
                (accounts.c.id == web_sessions.c.account_id)
                & (accounts.c.clinic_id == web_sessions.c.clinic_id),
            )
            .where(web_sessions.c.token_hash == token_hash)
        ).first()
    if row is None:
        return None
    m = row._mapping
    account = account_of(
        _Row(
            id=m[accounts.c.id],
            public_id=m[accounts.c.public_id],
            clinic_id=m[accounts.c.clinic_id],
            role=m[accounts.c.role],
            email=m[accounts.c.email],
            display_name=m[accounts.c.display_name],
            totp_secret=m[accounts.c.totp_secret],
            profile_id=m[accounts.c.profile_id],
            active=m[accounts.c.active],
            created_at=m[accounts.c.created_at],
        )
    )
    return WebSession(
        id=m[web_sessions.c.id],
        account=account,
        stage=m[web_sessions.c.stage],
        created_at=m[web_sessions.c.created_at],
        last_seen_at=m[web_sessions.c.last_seen_at],
    )


class _Row:
    def __init__(self, **values: Any) -> None:
        self.__dict__.update(values)


def touch_session(store: Store, session_id: int, now: datetime) -> None:
    with store.writing() as c:
        c.execute(
            web_sessions.update().where(web_sessions.c.id == session_id).values(last_seen_at=now)
        )


def delete_session(store: Store, session_id: int) -> None:
    with store.writing() as c:
        c.execute(web_sessions.delete().where(web_sessions.c.id == session_id))


def delete_sessions_of(store: Store, account_id: int) -> int:
    """End every session of an account (sign out everywhere); return how many."""
    with store.writing() as c:
        result = c.execute(web_sessions.delete().where(web_sessions.c.account_id == account_id))
    return int(result.rowcount or 0)
