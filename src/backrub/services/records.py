"""Use cases for profiles, pain episodes and history, and what every record needs.

Check-ins and body-map marks are in ``checkins``; sessions in ``sessions``.

Functions take the store, the profile and ``now`` (an aware datetime) so that
tests can pin the clock; nothing here prints.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from backrub import clock, i18n
from backrub.domain.inputs import (
    RepeatedTime,
    name_key,
    parse_choice,
    parse_date,
    parse_moment,
    parse_name,
    parse_text,
    repeated_local_time,
)
from backrub.domain.records import (
    Cause,
    CheckIn,
    ClearanceRecord,
    Episode,
    PainSpot,
    Profile,
    ProSession,
    Response,
    SelfSession,
)
from backrub.errors import InvalidInput, NotFound, shown
from backrub.i18n import _

if TYPE_CHECKING:
    from backrub.store import Store

DEFAULT_PROFILE = "me"
_DEFAULT_KEY = "default_profile"


# -- profiles --------------------------------------------------------------------------


def local_zone() -> str:
    """Return the zone suggested for a new profile (``BACKRUB_TZ``, else this computer's)."""
    return clock.suggested_zone()


def parse_zone(value: object) -> str:
    """Return the place zone ``value`` names, spelled as IANA does ("europe/paris" too).

    Only places and UTC are accepted (see ``clock.place_zone``), or a city name
    alone when exactly one place has it ("new york" gives America/New_York). A
    refusal names the places it may mean ("Berln": did you mean Europe/Berlin?;
    "Indiana": did you mean one of its zones?): ``zone_guesses`` lists them.
    """
    text = str(value).strip()
    place = clock.place_zone(text) or clock.city_zone(text)
    if place is None:
        allowed = _("use an IANA time zone such as Europe/Berlin (a region and a city) or UTC")
        close = clock.zone_matches(text)
        if close:
            allowed += "; " + _("did you mean %(zones)s?", zones=_either(close))
        raise InvalidInput("tz", value, allowed)
    return place


def zone_guesses(value: str) -> list[str]:
    """Return the place zones a refused zone name may mean (for a page to offer)."""
    return clock.zone_matches(value)


def _either(zones: list[str]) -> str:
    return zones[0] if len(zones) == 1 else ", ".join(zones[:-1]) + " or " + zones[-1]


def add_profile(
    store: Store, name: str, *, tz: str | None, now: datetime, language: object = None
) -> Profile:
    """Create a profile; the first one becomes the default.

    ``tz`` None means not chosen: the suggested zone. An empty zone is refused,
    as ``profile zone ''`` is, not read as "not chosen". ``language`` None means
    not chosen either: the browser's language on the web, English in the CLI.
    """
    checked = parse_name("name", name)
    zone = parse_zone(local_zone() if tz is None else tz)
    chosen = None if language is None else parse_language_choice(language)
    profile = Profile(name=checked, tz=zone, created_at=now, language=chosen)
    taken = name_taken(store, profile.name)
    if taken is not None:
        raise InvalidInput(
            "name", name, _("a profile called %(shown)s already exists", shown=shown(taken.name))
        )
    saved = store.add_profile(profile)
    if store.get_meta(_DEFAULT_KEY) is None:
        store.set_meta(_DEFAULT_KEY, saved.name)
    return saved


def name_taken(store: Store, name: str, *, but: Profile | None = None) -> Profile | None:
    """Return the profile (other than ``but``) whose name equals ``name`` but for case or form.

    Two profiles called "Alex Smith" and "alex smith" (or a fullwidth "Ａｌｅｘ")
    would be a trap in the profile list and in ``--profile``.
    """
    key = name_key(name)
    for profile in store.profiles():
        if name_key(profile.name) == key and (but is None or profile.id != but.id):
            return profile
    return None


def set_zone(store: Store, profile: Profile, tz: object) -> Profile:
    """Change the profile's zone: its "today" and new records use it from now on.

    Records already made keep their instant (and the zone they were made in, as
    data); History and every page show them in the profile's zone from now on.
    """
    zone = parse_zone(tz)
    profile_id = saved(store, profile)
    store.set_profile_zone(profile_id, zone)
    if profile.id is not None:  # saved already: as given (a clinic client's shows their name)
        return dataclasses.replace(profile, tz=zone)
    return store.profile(profile.name)


def parse_language_choice(value: object) -> str:
    """Return the language code ``value`` names ("vi", "VI", "vi-VN"), or refuse it."""
    code = i18n.parse_language(value) if isinstance(value, str) else None
    if code is None or code not in i18n.LANGUAGES:
        choices = ", ".join(f"{code} ({name})" for code, name in i18n.LANGUAGES.items())
        raise InvalidInput("language", value, _("use one of: %(choices)s", choices=choices))
    return code


def set_language(store: Store, profile: Profile, language: object) -> Profile:
    """Change the language the profile is shown in; nothing else is changed."""
    code = parse_language_choice(language)
    store.set_profile_language(saved(store, profile), code)
    if profile.id is not None:  # saved already: as given (a clinic client's shows their name)
        return dataclasses.replace(profile, language=code)
    return store.profile(profile.name)


def use_profile(store: Store, name: str) -> Profile:
    """Make ``name`` the profile used when none is named."""
    profile = store.profile(name)
    store.set_meta(_DEFAULT_KEY, profile.name)
    return profile


def default_profile_name(store: Store) -> str | None:
    return store.get_meta(_DEFAULT_KEY)


def current_profile(
    store: Store, name: str | None, *, create: bool, now: datetime | None = None
) -> Profile:
    """Return the named profile, else the default; create "me" on first write."""
    if name:
        return store.profile(name)
    default = store.get_meta(_DEFAULT_KEY)
    if default:
        return store.profile(default)
    profiles = store.profiles()
    if profiles:
        return profiles[0]
    if create and now is not None:
        # Not saved yet: a write saves it once its own input has been validated,
        # so a bad first check-in leaves the database untouched.
        return Profile(name=DEFAULT_PROFILE, tz=local_zone(), created_at=now)
    raise no_profile_yet(None)


def no_profile_yet(name: str | None) -> NotFound:
    """Return the error for a profile asked for where there is none yet (no data at all)."""
    if name:
        return NotFound(
            _("profile: no profile named %(shown)s (profiles: none yet).", shown=shown(name)),
            code="no_profile",
        )
    return NotFound(
        _("profile: no profile yet; record a check-in or add a profile."), code="no_profile"
    )


# -- records ---------------------------------------------------------------------------


def saved(store: Store, profile: Profile) -> int:
    """Return the profile's id, saving a first-run profile now."""
    if profile.id is None:
        profile = add_profile(
            store, profile.name, tz=profile.tz, now=profile.created_at, language=profile.language
        )
    assert profile.id is not None
    return profile.id


def _moment(profile: Profile, at: object, now: datetime) -> datetime:
    # Only a missing value means now: an empty time (typed or from the API) is refused
    # (web forms turn an empty field into None themselves).
    if at is None:
        return now.astimezone(UTC)
    return parse_moment("at", at, zone=ZoneInfo(profile.tz), now=now)


def repeated_time(tz: str, at: object) -> RepeatedTime | None:
    """Return the two instants ``at`` could mean in zone ``tz``, if it names two.

    Records keep the first occurrence; each face tells the person so.
    """
    if at is None:
        return None
    return repeated_local_time(at, zone=ZoneInfo(tz))


def add_episode(
    store: Store,
    profile: Profile,
    *,
    today: date,
    onset: object,
    leg_pain_below_knee: bool,
    cause: object = "unknown",
    note: object = None,
) -> Episode:
    """Record a pain episode; an onset after today is refused."""
    onset_date = parse_date("onset", onset)
    if onset_date > today:
        raise InvalidInput("onset", onset, _("the onset cannot be after today"))
    episode = Episode(
        onset=onset_date,
        leg_pain_below_knee=leg_pain_below_knee,
        cause=parse_choice("cause", cause, Cause),
        note=parse_text("note", note),
    )
    return store.add_episode(saved(store, profile), episode)


def list_items(field: str, value: object, allowed: str) -> list[str]:
    """Return the comma-separated items of ``value``; refuse none, and an empty item.

    ``',,hip_left:3'`` or ``'hip_left:3,'`` is a slip (a value lost when pasting):
    it is refused, not read as if the empty place were not there.
    """
    text = "" if value is None else str(value)
    if not text.strip():
        raise InvalidInput(field, value, allowed)
    items = [part.strip() for part in text.split(",")]
    if not all(items):
        raise InvalidInput(
            field, value, _("an item of the list is empty; %(allowed)s", allowed=allowed)
        )
    return items


# -- history ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class History:
    profile: Profile
    checkins: Sequence[CheckIn]
    pro_sessions: Sequence[ProSession]
    self_sessions: Sequence[SelfSession]
    pain_spots: Sequence[PainSpot] = ()
    responses: Sequence[Response] = ()
    clearances: Sequence[ClearanceRecord] = ()  # what a clinician cleared, and who


def holdings(
    store: Store, profile: Profile
) -> list[tuple[str, int, datetime | None, datetime | None]]:
    """Return what the profile holds: each kind's count and first and last time.

    Counted in the database, so a page that only says "1,825 check-ins from … to …"
    does not read five years of records to say it.
    """
    assert profile.id is not None
    return store.holdings(profile.id)


def history(store: Store, profile: Profile, *, since: object = None) -> History:
    """Return the profile's records from ``since`` (a local date) on, oldest first."""
    start: datetime | None = None
    if since is not None:
        day = parse_date("since", since)
        start = datetime.combine(day, time(), ZoneInfo(profile.tz)).astimezone(UTC)
    assert profile.id is not None
    return History(
        profile=profile,
        checkins=store.checkins(profile.id, since=start),
        pro_sessions=store.pro_sessions(profile.id, since=start),
        self_sessions=store.self_sessions(profile.id, since=start),
        pain_spots=store.pain_spots(profile.id, since=start),
        responses=store.responses(profile.id, since=start),
        clearances=[
            c
            for c in store.clearances(profile.id)
            if start is None or c.cleared_on >= start.astimezone(ZoneInfo(profile.tz)).date()
        ],
    )
