"""Sign-in throttling on the clinic server, per account and per address (issue 13).

The rules and their reasons are in ``domain.sign_in_limits``. An e-mail with
no account counts exactly like one with an account, so the answers and their
timing never say whether an account exists. An account's wrong tries in a row
are counted on the account too: at 100 it is locked (``locked``), and a locked
account is answered exactly like a wrong password.
"""

from __future__ import annotations

from datetime import datetime

from backrub.domain import sign_in_limits as limits
from backrub.store import sign_in_rows as rows
from backrub.store.repository import Store


def wait_until(store: Store, email: str, address: str | None, now: datetime) -> datetime | None:
    """Return until when a sign-in as ``email`` from ``address`` is refused, or None."""
    account, place = limits.account_key(email), limits.address_key(address)
    found = rows.failures_since(store, [account, place], now - limits.KEEP_FOR)
    waits = [
        limits.wait_until(found[account], limits.ACCOUNT_LIMITS, now),
        limits.wait_until(found[place], limits.ADDRESS_LIMITS, now),
    ]
    known = [at for at in waits if at is not None]
    return max(known) if known else None


def failed(
    store: Store, email: str, address: str | None, now: datetime, *, account_id: int | None = None
) -> None:
    """Count a wrong password or code against the account and the address, and, for an
    account that exists (``account_id``), against its run of wrong tries in a row."""
    keys = [limits.account_key(email), limits.address_key(address)]
    rows.add_failure(store, keys, now, prune_before=now - limits.KEEP_FOR)
    if account_id is not None:
        rows.count_failed(store, account_id)


def locked(store: Store, account_id: int) -> bool:
    """Whether the account has had too many wrong tries in a row to be opened at all."""
    return limits.locked(rows.failed_in_a_row(store, account_id))


def succeeded(store: Store, email: str, account_id: int) -> None:
    """A complete sign-in: the account starts again from nothing (the address does not)."""
    rows.clear(store, limits.account_key(email))
    rows.clear_failed(store, account_id)
