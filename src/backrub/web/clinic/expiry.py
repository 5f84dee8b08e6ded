"""When a link stops working, in words: "in 7 days (8 December, 20:42 UTC)".

The person opening an invitation has no time zone on the server yet, and staff
have none at all, so the moment is said in UTC, named; the span before it is
what a person reads first.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from babel.dates import format_datetime

from backrub.i18n import ENGLISH, _, current, ngettext
from backrub.i18n.formats import babel_locale

DAY = timedelta(days=1)
HOUR = timedelta(hours=1)


def expiry_words(expires_at: datetime, now: datetime) -> str:
    """Return "in 7 days (8 December, 20:42 UTC)", or "in 24 hours (…)" under two days."""
    left = max(expires_at - now, timedelta(0))
    if left >= 2 * DAY:
        days = left // DAY
        span = ngettext("in %(num)d day", "in %(num)d days", days)
    else:
        hours = max(1, -(-left // HOUR))
        span = ngettext("in %(num)d hour", "in %(num)d hours", hours)
    moment = expires_at.astimezone(UTC)
    if current() == ENGLISH:
        when = f"{moment.day} {moment:%B}, {moment:%H:%M}"
    else:
        when = format_datetime(moment, "d MMMM, HH:mm", tzinfo=UTC, locale=babel_locale())
    return _("%(span)s (%(when)s UTC)", span=span, when=when)
