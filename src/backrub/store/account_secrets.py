"""An account's secrets on the clinic server: its password hash and second-factor key.

Only ``services`` reads or writes these, and only for the signed-in person's
own account (found by its row id from their session).
"""

from __future__ import annotations

from sqlalchemy import select

from backrub.store.clinic_tables import accounts, web_sessions
from backrub.store.repository import Store


def totp_secret(store: Store, account_id: int) -> str | None:
    with store.reading() as c:
        value = c.execute(
            select(accounts.c.totp_secret).where(accounts.c.id == account_id)
        ).scalar_one_or_none()
    return None if value is None else str(value)


def set_totp_secret(store: Store, account_id: int, secret: str | None) -> None:
    with store.writing() as c:
        c.execute(accounts.update().where(accounts.c.id == account_id).values(totp_secret=secret))


def set_password_hash(store: Store, account_id: int, password_hash: str) -> None:
    with store.writing() as c:
        c.execute(
            accounts.update().where(accounts.c.id == account_id).values(password_hash=password_hash)
        )


def end_other_sessions(store: Store, account_id: int, keep_session_id: int) -> int:
    """End every session of the account but ``keep_session_id``; return how many."""
    with store.writing() as c:
        result = c.execute(
            web_sessions.delete().where(
                web_sessions.c.account_id == account_id, web_sessions.c.id != keep_session_id
            )
        )
    return int(result.rowcount or 0)
