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
import difflib
import functools
import os
from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import available_timezones

from backrub.errors import InvalidInput
from backrub.i18n import N_, _

NOW_VARIABLE = "BACKRUB_NOW"
ZONE_VARIABLE = "BACKRUB_TZ"

# A pinned "now" must leave room on both sides: records are refused before
# 1900-01-01 (UTC) and more than a day after now, and the day or week around
# now must still be a date Python can hold (years 1-9999).
EARLIEST_NOW = datetime(1900, 1, 2, tzinfo=UTC)
LATEST_NOW = datetime(9999, 1, 1, tzinfo=UTC)  # up to the end of 9998-12-31
_NOW_RANGE = N_("use a date and time from 1900-01-02 to 9998-12-31")

# Names zoneinfo knows that are no place a person lives: "localtime" and
# "posixrules" are this machine's own settings, "Factory" is a placeholder.
# (The "posix/" and "right/" copies are not in available_timezones() at all.)
NOT_PLACES = frozenset({"Factory", "localtime", "posixrules"})


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
            NOW_VARIABLE,
            pinned,
            _("use an ISO date and time with an offset, e.g. 2026-03-02T09:30Z"),
        )
    # Compared before converting: 0001-01-01T00:00+01:00 has no UTC datetime.
    if not EARLIEST_NOW <= moment < LATEST_NOW:
        raise InvalidInput(NOW_VARIABLE, pinned, _(_NOW_RANGE))
    return moment.astimezone(UTC)


def is_zone(name: str) -> bool:
    """Return whether ``name`` is an IANA time zone of a place (Europe/Berlin, UTC).

    Only names in ``zoneinfo.available_timezones()`` count, less ``NOT_PLACES``:
    "localtime", "posix/Europe/Berlin" or "right/UTC" load as zones but name
    this machine's settings or copies of a zone, not a zone a person picks.
    """
    return name in _place_zones()


@functools.cache
def _place_zones() -> frozenset[str]:
    # available_timezones() walks the zone files (tens of ms): once per process.
    return frozenset(available_timezones()) - NOT_PLACES


# A zone a person chooses names a place: a continent or ocean and a city or island
# ("Europe/Berlin", "America/Argentina/Salta", "Pacific/Kiritimati"), or "UTC". The
# machine knows more names ("Factory", "localtime", "posixrules", "EST5EDT",
# "Etc/GMT+5" whose sign is the reverse of what it seems, "US/Eastern"): none of
# them is a place, so none is offered or accepted for a profile. Records made
# in such a zone earlier (or restored from a backup) still read as before.
PLACE_REGIONS = (
    "Africa",
    "America",
    "Antarctica",
    "Arctic",
    "Asia",
    "Atlantic",
    "Australia",
    "Europe",
    "Indian",
    "Pacific",
)


@functools.cache
def _places() -> dict[str, str]:
    names = [
        name
        for name in available_timezones()
        if name == "UTC" or ("/" in name and name.split("/", 1)[0] in PLACE_REGIONS)
    ]
    return {name.lower(): name for name in sorted(names)}


def place_zones() -> list[str]:
    """Return the zones a person may choose, sorted: places and UTC."""
    return list(_places().values())


def place_zone(name: str) -> str | None:
    """Return the place zone ``name`` names, spelled as IANA does, or ``None``.

    Case does not matter and spaces may stand for '_': "europe/paris" and
    "America/New York" give "Europe/Paris" and "America/New_York".
    """
    return _places().get(name.strip().lower().replace(" ", "_"))


def _key(name: str) -> str:
    return name.strip().lower().replace(" ", "_")[:100]


@functools.cache
def _cities() -> dict[str, tuple[str, ...]]:
    """Each city (the last part of a place zone, lower case) and the zones named so."""
    cities: dict[str, list[str]] = {}
    for lower, zone in _places().items():
        cities.setdefault(lower.rsplit("/", 1)[-1], []).append(zone)
    return {city: tuple(zones) for city, zones in cities.items()}


def city_zone(name: str) -> str | None:
    """Return the one place zone whose city ``name`` names, in any case, with spaces or
    underscores ("new york" gives "America/New_York"); ``None`` when none or several do."""
    zones = _cities().get(_key(name), ())
    return zones[0] if len(zones) == 1 else None


def zone_matches(name: str, most: int = 6) -> list[str]:
    """Return the place zones a name may mean, best first (at most ``most``).

    The zone itself; else every zone of that city; else the zones of that
    region ("Indiana"); else the zones whose city
    starts with or contains it (three letters or more); else the nearest
    spellings ("Berln" gives Europe/Berlin).
    """
    key = _key(name)
    if not key:
        return []
    exact = place_zone(name)
    if exact is not None:
        return [exact]
    cities = _cities()
    if key in cities:
        return list(cities[key])[:most]
    found = [z for lower, z in _places().items() if key in lower.split("/")[1:-1]]
    if not found and len(key) >= 3:
        starts = [z for c, zs in cities.items() if c.startswith(key) for z in zs]
        within = [z for c, zs in cities.items() if key in c and not c.startswith(key) for z in zs]
        found = starts + within
    if not found:
        close = closest_zone(name)
        found = [] if close is None else [close]
    return found[:most]


def closest_zone(name: str) -> str | None:
    """Return the place zone nearest to a name that is none ("Berlin", "Europe/Berln"), if any."""
    key = _key(name)
    if not key:
        return None
    places = _places()
    cities = {city: zones[0] for city, zones in _cities().items()}
    if key in cities:
        return cities[key]
    found = difflib.get_close_matches(key, list(places), n=1, cutoff=0.8)
    if not found:
        found = [cities[c] for c in difflib.get_close_matches(key, list(cities), n=1, cutoff=0.8)]
        return found[0] if found else None
    return places[found[0]]


def suggested_zone() -> str:
    """Return the zone to suggest for a new profile: ``BACKRUB_TZ``, else this computer's.

    This is only ever a suggestion or a default: a person can always choose. A
    ``BACKRUB_TZ`` that names no zone is refused rather than silently ignored.
    """
    chosen = os.environ.get(ZONE_VARIABLE, "").strip()
    if not chosen:
        return host_zone()
    place = place_zone(chosen)
    if place is None:
        raise InvalidInput(ZONE_VARIABLE, chosen, _("use an IANA time zone such as Europe/Berlin"))
    return place


def host_zone() -> str:
    """Return this machine's zone when it names a place (see ``place_zone``), else UTC."""
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
        place = place_zone(name) if name else None
        if place is not None:
            return place
    return "UTC"
