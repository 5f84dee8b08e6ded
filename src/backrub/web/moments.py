"""Quick choices beside a date-and-time field: "Now", earlier today, yesterday evening.

The values are local date-times in the profile's zone, as a ``datetime-local``
field holds them ("2026-03-02T08:00"); an empty value means now. They are
worked out on the server from the one clock, not from the browser's clock or
zone, which may differ from the profile's.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from backrub.i18n import _

MORNING_HOUR = 8  # "earlier today" is offered once the morning hour has passed
EVENING_HOUR = 20


def quick_moments(now: datetime, tz: str, *, exact_now: bool = False) -> list[tuple[str, str]]:
    """Return (words, value) for the quick choices at ``now`` in zone ``tz``; "Now" is an
    empty value, or with ``exact_now`` the minute of now (a correction needs a time)."""
    local = now.astimezone(ZoneInfo(tz))
    choices = [(_("Now"), f"{local:%Y-%m-%dT%H:%M}" if exact_now else "")]
    if local.hour > MORNING_HOUR:
        earlier = _("Earlier today, %(time)s", time=f"{MORNING_HOUR:02d}:00")
        choices.append((earlier, _value(local, 0, MORNING_HOUR)))
    evening = _("Yesterday evening, %(time)s", time=f"{EVENING_HOUR:02d}:00")
    choices.append((evening, _value(local, 1, EVENING_HOUR)))
    return choices


def _value(local: datetime, days_back: int, hour: int) -> str:
    day = local.date() - timedelta(days=days_back)
    return f"{day.isoformat()}T{hour:02d}:00"
