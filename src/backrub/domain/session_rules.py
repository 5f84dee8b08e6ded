"""How long a signed-in session lasts on the clinic server (issue 13): data, no I/O.

Staff read many people's health records, so their sessions follow NIST SP
800-63B (rev. 3) section 4.2.3 for AAL2: signed out after 30 minutes without
activity and 12 hours after signing in, whatever happens. Clients see only their
own record, on their own phone; theirs are product defaults in the spirit of
AAL1 (section 4.1.3: at least once per 30 days): 7 days idle, 30 days at most.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from backrub.domain.accounts import Role

STAFF_IDLE = timedelta(minutes=30)
STAFF_ABSOLUTE = timedelta(hours=12)
CLIENT_IDLE = timedelta(days=7)
CLIENT_ABSOLUTE = timedelta(days=30)

# "Last seen" is written at most this often, so reading a page is not a write.
TOUCH_EVERY = timedelta(minutes=1)

# A half-finished sign-in (password given, second factor not yet) lasts this long.
SECOND_FACTOR_WINDOW = timedelta(minutes=5)


def limits(role: Role) -> tuple[timedelta, timedelta]:
    """Return (idle, absolute) for an account of ``role``."""
    if role is Role.CLIENT:
        return CLIENT_IDLE, CLIENT_ABSOLUTE
    return STAFF_IDLE, STAFF_ABSOLUTE


def expired(
    role: Role, stage: str, created_at: datetime, last_seen_at: datetime, now: datetime
) -> bool:
    """Return whether a session made at ``created_at`` and last used at ``last_seen_at`` is over."""
    if stage != "full":
        return now - created_at > SECOND_FACTOR_WINDOW
    idle, absolute = limits(role)
    return now - last_seen_at > idle or now - created_at > absolute
