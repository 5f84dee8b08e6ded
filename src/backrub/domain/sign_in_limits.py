"""How many wrong sign-ins the clinic server takes before it waits (issue 13): no I/O.

NIST SP 800-63B section 5.2.2 (rate limiting) asks a verifier to limit consecutive
failed attempts on one account to no more than 100. Two things do it here:

- Waiting (product defaults, to slow guessing): an account gets 5 wrong tries in 15
  minutes, and then waits until the oldest of them is 15 minutes old; over a day it
  gets at most 100. An address (one device, or one clinic behind one router) gets 30
  in 15 minutes, so a guesser cannot walk through many accounts either. These
  failures are forgotten after a day.
- The cap itself (``LOCK_AFTER``): after 100 wrong tries in a row, however spread
  out, the account is locked: not even the right password opens it until a new
  password is set with a password link. The count is never forgotten with time.

A wrong second-factor code counts as a wrong try in both. A complete sign-in clears
the account's count and its run, never the address's.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta


@dataclass(frozen=True, slots=True)
class Limit:
    """At most ``tries`` failures within ``window``."""

    tries: int
    window: timedelta


ACCOUNT_LIMITS = (
    Limit(5, timedelta(minutes=15)),
    Limit(100, timedelta(hours=24)),  # 800-63B 5.2.2: no more than 100 in a row
)
ADDRESS_LIMITS = (Limit(30, timedelta(minutes=15)),)

# NIST SP 800-63B 5.2.2: "no more than 100" consecutive failed attempts on one account.
LOCK_AFTER = 100

# Failures older than this decide nothing and are deleted.
KEEP_FOR = max(limit.window for limit in (*ACCOUNT_LIMITS, *ADDRESS_LIMITS))


def account_key(email: str) -> str:
    return "account:" + email.strip().casefold()[:254]


def address_key(address: str | None) -> str:
    return "address:" + (address or "unknown")[:64]


def wait_until(
    failures: Sequence[datetime], limits: Sequence[Limit], now: datetime
) -> datetime | None:
    """Return when the next try may come, given earlier failures; None: it may come now.

    A refused try is not a failure (it checks nothing), so waiting does end.
    """
    latest: datetime | None = None
    ordered = sorted(failures)
    for limit in limits:
        recent = [at for at in ordered if now - at < limit.window]
        if len(recent) >= limit.tries:
            free_at = recent[-limit.tries] + limit.window
            latest = free_at if latest is None else max(latest, free_at)
    return latest


def minutes_to_wait(until: datetime, now: datetime) -> int:
    """Return the whole minutes from ``now`` until ``until``, at least 1."""
    seconds = (until - now).total_seconds()
    return max(1, -int(-seconds // 60))


def locked(failed_in_a_row: int) -> bool:
    """Whether an account with this many wrong tries in a row is locked (800-63B 5.2.2)."""
    return failed_in_a_row >= LOCK_AFTER
