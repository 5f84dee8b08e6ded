"""Rows of sign-in throttling on the clinic server: table ``login_failures`` (issue 13).

A row is one wrong try under a key ("account:EMAIL" or "address:IP"). The same
table keeps the second-factor codes already used ("code:ACCOUNT_ID", at = the
start of the code's 30-second step), so a code cannot be used twice by any
worker process. Rows older than the longest window are deleted.

An account's wrong tries in a row are counted on the account itself
(``accounts.failed_sign_ins``): that count is never forgotten with time, only
ended by a complete sign-in or a new password.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete, func, insert, select, update

from backrub.store.clinic_tables import accounts, login_failures
from backrub.store.repository import Store


def failures_since(store: Store, keys: list[str], since: datetime) -> dict[str, list[datetime]]:
    """Return the times of the failures under each of ``keys`` since ``since``."""
    found: dict[str, list[datetime]] = {key: [] for key in keys}
    with store.reading() as c:
        rows = c.execute(
            select(login_failures.c.key, login_failures.c.at).where(
                login_failures.c.key.in_(keys), login_failures.c.at >= since
            )
        ).all()
    for row in rows:
        found[row.key].append(row.at)
    return found


def add_failure(store: Store, keys: list[str], now: datetime, *, prune_before: datetime) -> None:
    """Record one failure under each of ``keys``, and delete rows older than ``prune_before``."""
    with store.writing() as c:
        c.execute(insert(login_failures), [{"key": key, "at": now} for key in keys])
        c.execute(delete(login_failures).where(login_failures.c.at < prune_before))


def clear(store: Store, key: str) -> None:
    with store.writing() as c:
        c.execute(delete(login_failures).where(login_failures.c.key == key))


def take_code_step(store: Store, key: str, step_start: datetime) -> bool:
    """Mark the code of ``step_start`` used under ``key``; False if it or a later one was.

    One transaction, and on PostgreSQL a lock on ``key`` for its length, so two
    requests with the same code at the same moment cannot both pass.
    """
    with store.writing() as c:
        if c.dialect.name == "postgresql":
            c.execute(select(func.pg_advisory_xact_lock(func.hashtext(key))))
        used = c.execute(
            select(login_failures.c.id).where(
                login_failures.c.key == key, login_failures.c.at >= step_start
            )
        ).first()
        if used is not None:
            return False
        c.execute(insert(login_failures).values(key=key, at=step_start))
    return True


def failed_in_a_row(store: Store, account_id: int) -> int:
    """Return the account's wrong passwords and codes since its last complete sign-in."""
    with store.reading() as c:
        found = c.execute(
            select(accounts.c.failed_sign_ins).where(accounts.c.id == account_id)
        ).scalar()
    return int(found or 0)


def count_failed(store: Store, account_id: int) -> int:
    """Add one to the account's wrong tries in a row (one UPDATE); return the new count."""
    with store.writing() as c:
        found = c.execute(
            update(accounts)
            .where(accounts.c.id == account_id)
            .values(failed_sign_ins=accounts.c.failed_sign_ins + 1)
            .returning(accounts.c.failed_sign_ins)
        ).scalar()
    return int(found or 0)


def clear_failed(store: Store, account_id: int) -> None:
    with store.writing() as c:
        c.execute(
            update(accounts)
            .where(accounts.c.id == account_id, accounts.c.failed_sign_ins != 0)
            .values(failed_sign_ins=0)
        )
