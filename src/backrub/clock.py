"""The one clock: every "now" that services, the CLI and the web app use comes from here.

``BACKRUB_NOW`` pins it to an ISO 8601 instant with an offset, for example
``2026-03-02T09:30:00+00:00``. It is a testing setting: tests set it so that a
child process sees the same instant as the test, and a result never depends on
the hour the suite runs. ``BACKRUB_TZ`` names the time zone a new profile gets
when none is chosen (else this computer's zone is suggested).

``domain/`` never calls this module: it takes ``now`` or ``today`` as a parameter.
"""

from __future__ import annotations

import contextlib
import os
from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from backrub.errors import InvalidInput

NOW_VARIABLE = "BACKRUB_NOW"
ZONE_VARIABLE = "BACKRUB_TZ"


def now() -> datetime:
    """Return the current instant as an aware UTC datetime (``BACKRUB_NOW`` when set)."""
    pinned = os.environ.get(NOW_VARIABLE, "").strip()
    if not pinned:
        return datetime.now(UTC)
    try:
        moment = datetime.fromisoformat(pinned)
    except ValueError:
        moment = None
    if moment is None or moment.tzinfo is None:
        raise InvalidInput(
            NOW_VARIABLE, pinned, "use an ISO date and time with an offset, e.g. 2026-03-02T09:30Z"
        )
    return moment.astimezone(UTC)


def is_zone(name: str) -> bool:
    """Return whether ``name`` is an IANA time zone this machine knows."""
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, OSError):  # OSError: a name too long for a file
        return False
    return True


def suggested_zone() -> str:
    """Return the zone to suggest for a new profile: ``BACKRUB_TZ``, else this computer's.

    This is only ever a suggestion or a default: a person can always choose. A
    ``BACKRUB_TZ`` that names no zone is refused rather than silently ignored.
    """
    chosen = os.environ.get(ZONE_VARIABLE, "").strip()
    if not chosen:
        return host_zone()
    if not is_zone(chosen):
        raise InvalidInput(ZONE_VARIABLE, chosen, "use an IANA time zone such as Europe/Berlin")
    return chosen


def host_zone() -> str:
    """Return this machine's IANA time zone name, or UTC when it cannot be told."""
    candidates = [os.environ.get("TZ", "").lstrip(":")]
    with contextlib.suppress(OSError):
        candidates.append(Path("/etc/timezone").read_text().strip())
    try:
        parts = Path("/etc/localtime").resolve().parts
        if "zoneinfo" in parts:
            candidates.append("/".join(parts[parts.index("zoneinfo") + 1 :]))
    except OSError:
        pass
    for name in candidates:
        if name and is_zone(name):
            return name
    return "UTC"
