"""Use cases for profiles beyond adding one: list, find, rename, delete.

Adding a profile, its zone and the command line's default profile live in
``services.records`` (being split); what a browser shows as "its" profile is
the web's choice, checked here against the store (``find_profile``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache

from backrub.domain.inputs import parse_name, tidy_name
from backrub.domain.records import Profile
from backrub.errors import InvalidInput, NotFound, shown
from backrub.i18n import _
from backrub.services.records import _DEFAULT_KEY, add_profile, default_profile_name, name_taken
from backrub.store import Store


@dataclass(frozen=True, slots=True)
class ProfileList:
    """The profiles in the order they were made, and the one commands use by default."""

    profiles: tuple[Profile, ...]
    default: str | None

    def names(self) -> tuple[str, ...]:
        return tuple(p.name for p in self.profiles)


def all_profiles(store: Store) -> list[Profile]:
    """Return every profile, in the order they were made."""
    return store.profiles()


def has_profile(store: Store, name: str) -> bool:
    """Return whether a profile of that exact name exists."""
    return any(p.name == name for p in store.profiles())


def list_profiles(store: Store) -> ProfileList:
    """Return every profile and the default one's name."""
    return ProfileList(tuple(store.profiles()), default_profile_name(store))


def find_profile(store: Store, name: str | None) -> Profile | None:
    """Return the saved profile called ``name``, else None (names come from cookies too)."""
    if not name:
        return None
    try:
        return store.profile(name)
    except NotFound:
        return None


def get_profile(store: Store, name: object) -> Profile:
    """Return the saved profile called ``name``; NotFound in words for any face.

    The name is tidied as a new one is ("Alex  Smith " finds "Alex Smith").
    """
    found = find_profile(store, tidy_name(name or ""))
    if found is None:
        known = ", ".join(list_profiles(store).names()) or _("none yet")
        raise NotFound(
            _(
                "There is no profile called %(shown)s (profiles: %(known)s).",
                shown=shown(name),
                known=known,
            )
        )
    return found


def create_profile(
    store: Store, name: object, *, tz: str | None, now: datetime, language: object = None
) -> Profile:
    """Create a profile (see ``records.add_profile``); ``name`` may be any typed value."""
    return add_profile(store, str(name or ""), tz=tz, now=now, language=language)


def rename_profile(store: Store, old: str, new: object) -> Profile:
    """Rename ``old`` to ``new``; its records stay its own, and the default follows it.

    Refused: a name the rules refuse, a name another profile has (also one that
    differs only by case or form, see ``name_taken``). The same name (after
    tidying) changes nothing and is no error: the faces compare the names.
    """
    profile = get_profile(store, old)
    name = parse_name("new name", new)
    if name == profile.name:
        return profile
    taken = name_taken(store, name, but=profile)
    if taken is not None:
        raise InvalidInput(
            "new name", new, _("a profile called %(shown)s already exists", shown=shown(taken.name))
        )
    store.rename_profile(profile, name, default_key=_DEFAULT_KEY)
    return store.profile(name)


def is_last_profile(store: Store, name: str) -> bool:
    """Return whether ``name`` is the only profile there is."""
    return [p.name for p in store.profiles()] == [name]


def delete_profile(store: Store, name: str, *, confirm_name: object = None) -> Profile:
    """Delete the profile ``name`` and all its records, in one transaction.

    The last remaining profile is deleted only when ``confirm_name`` repeats
    its name (the web asks the person to type it, the command line's ``--yes``
    gives it): afterwards backrub starts again as on a first run. When the
    deleted profile was the default, no profile is the default until one is
    chosen (the first in the list is used meanwhile).
    """
    profile = get_profile(store, name)
    if is_last_profile(store, profile.name) and tidy_name(confirm_name or "") != profile.name:
        raise InvalidInput(
            "confirm",
            confirm_name or "",
            _("type %(name)s to delete the only profile and all its records", name=profile.name),
        )
    store.delete_profile(profile, default_key=_DEFAULT_KEY)
    return profile


def zone_choices(now: datetime) -> list[tuple[str, str]]:
    """Return (zone, words) for each zone a person may choose: its place and offset at ``now``.

    "Europe/Berlin" gets "Berlin, Europe (UTC+01:00)", so a search by city or by
    offset finds it. Worked out once a minute (and language): clocks change on a
    whole minute, so the offsets at the minute's start are those at ``now``.
    """
    from backrub import i18n

    return list(_zone_choices(now.replace(second=0, microsecond=0), i18n.current()))


@lru_cache(maxsize=4)
def _zone_choices(minute: datetime, language: str) -> tuple[tuple[str, str], ...]:
    from zoneinfo import ZoneInfo

    from backrub import clock

    out: list[tuple[str, str]] = []
    for zone in clock.place_zones():
        offset = minute.astimezone(ZoneInfo(zone)).strftime("%z")
        shown = f"UTC{offset[:3]}:{offset[3:]}" if offset not in ("+0000", "") else "UTC"
        region, _, place = zone.partition("/")
        words = f"{place.replace('_', ' ').replace('/', ', ')}, {region}" if place else zone
        out.append((zone, f"{words} ({shown})"))
    return tuple(out)
