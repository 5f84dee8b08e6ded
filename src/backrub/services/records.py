"""Use cases for records: profiles, check-ins, sessions, history, backup and the demo.

Functions take the store, the profile and ``now`` (an aware datetime) so that
tests can pin the clock; nothing here prints.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from decimal import Decimal
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from backrub import clock
from backrub.domain.inputs import (
    RepeatedTime,
    parse_choice,
    parse_date,
    parse_decimal,
    parse_int,
    parse_moment,
    parse_name,
    parse_optional_int,
    parse_text,
    repeated_local_time,
)
from backrub.domain.records import (
    GUN_LEVELS,
    REGION_ONCE,
    BodyRegion,
    Cause,
    CheckIn,
    ClearanceRecord,
    Episode,
    PainSpot,
    Profile,
    ProSession,
    Response,
    SelfSession,
    Technique,
    Tool,
    Zone,
    ZoneWork,
    same_place,
)
from backrub.errors import InvalidInput, NotFound, shown

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

    Only places and UTC are accepted (see ``clock.place_zone``); a refusal names the
    closest place when there is one ("Berlin": did you mean Europe/Berlin?).
    """
    text = str(value).strip()
    place = clock.place_zone(text)
    if place is None:
        allowed = "use an IANA time zone such as Europe/Berlin (a region and a city) or UTC"
        close = clock.closest_zone(text)
        if close is not None:
            allowed += f"; did you mean {close}?"
        raise InvalidInput("tz", value, allowed)
    return place


def add_profile(store: Store, name: str, *, tz: str | None, now: datetime) -> Profile:
    """Create a profile; the first one becomes the default.

    ``tz`` None means not chosen: the suggested zone. An empty zone is refused,
    as ``profile zone ''`` is, not read as "not chosen".
    """
    checked = parse_name("name", name)
    zone = parse_zone(local_zone() if tz is None else tz)
    profile = Profile(name=checked, tz=zone, created_at=now)
    if any(p.name == profile.name for p in store.profiles()):
        raise InvalidInput("name", name, "that profile exists already; choose another name")
    saved = store.add_profile(profile)
    if store.get_meta(_DEFAULT_KEY) is None:
        store.set_meta(_DEFAULT_KEY, saved.name)
    return saved


def set_zone(store: Store, profile: Profile, tz: object) -> Profile:
    """Change the profile's zone: its "today" and new records use it from now on.

    Records already made keep their instant (and the zone they were made in, as
    data); History and every page show them in the profile's zone from now on.
    """
    zone = parse_zone(tz)
    profile_id = saved(store, profile)
    store.set_profile_zone(profile_id, zone)
    return store.profile(profile.name)


def use_profile(store: Store, name: str) -> Profile:
    """Make ``name`` the profile that commands use when --profile is not given."""
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
        return NotFound(f"--profile: no profile named {shown(name)} (profiles: none yet)")
    return NotFound(
        "--profile: no profile yet; record a check-in or run 'backrub profile add NAME'"
    )


# -- records ---------------------------------------------------------------------------


def saved(store: Store, profile: Profile) -> int:
    """Return the profile's id, saving a first-run profile now."""
    if profile.id is None:
        profile = add_profile(store, profile.name, tz=profile.tz, now=profile.created_at)
    assert profile.id is not None
    return profile.id


def record_checkin(
    store: Store, profile: Profile, *, now: datetime, where: object = None, **values: object
) -> CheckIn:
    """Validate and save one check-in (fields as in ``parse_checkin``); several a day are fine.

    ``where`` ('region:N,...') adds body-map marks at the check-in's moment; the
    check-in and its marks are saved in one transaction, so neither is kept alone.
    """
    checkin = parse_checkin(profile, now=now, **values)
    spots: tuple[PainSpot, ...] = ()
    if where is not None:  # given but empty is refused: it marks nothing
        spots = parse_spots(profile, where, at=checkin.at)
    return store.add_checkin(saved(store, profile), checkin, spots)


def parse_checkin(
    profile: Profile,
    *,
    now: datetime,
    pain: object,
    soreness: object = None,
    sleep: object = None,
    activity_min: object = None,
    medication: object = None,
    note: object = None,
    at: object = None,
    new_leg_symptoms: object = None,
) -> CheckIn:
    """Return a valid CheckIn or raise InvalidInput naming the first bad field.

    ``new_leg_symptoms`` (yes/no, optional) says whether leg symptoms,
    numbness or weakness are new; a yes asks for screening again.
    """
    medication_text = parse_text("medication", medication, max_len=200)
    return CheckIn(
        at=_moment(profile, at, now),
        tz=profile.tz,
        pain=parse_int("pain", pain, 0, 10),
        soreness=parse_optional_int("soreness", soreness, 0, 10),
        sleep=parse_optional_int("sleep", sleep, 0, 10),
        activity_min=parse_optional_int("activity_min", activity_min, 0, 1440),
        medication_taken=None if medication is None else medication_text is not None,
        medication=medication_text,
        note=parse_text("note", note),
        new_leg_symptoms=_yes_no("new_leg_symptoms", new_leg_symptoms),
    )


def _yes_no(field: str, value: object) -> bool | None:
    if value is None or isinstance(value, bool):
        return value
    word = str(value).strip().lower()
    if not word:
        return None
    if word in ("yes", "y", "true", "1"):
        return True
    if word in ("no", "n", "false", "0"):
        return False
    raise InvalidInput(field, value, "choose yes or no, or leave it out")


def _moment(profile: Profile, at: object, now: datetime) -> datetime:
    # Only a missing value means now: an empty --at or API value is refused
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
        raise InvalidInput("onset", onset, "the onset cannot be after today")
    episode = Episode(
        onset=onset_date,
        leg_pain_below_knee=leg_pain_below_knee,
        cause=parse_choice("cause", cause, Cause),
        note=parse_text("note", note),
    )
    return store.add_episode(saved(store, profile), episode)


def log_pro_session(
    store: Store,
    profile: Profile,
    *,
    now: datetime,
    technique: object,
    duration_min: object,
    at: object = None,
    cost: object = None,
    currency: object = None,
    therapist: object = None,
    subjective: object = None,
    objective: object = None,
    assessment: object = None,
    plan: object = None,
) -> ProSession:
    """Record a professional massage session after the fact."""
    session = parse_pro_session(
        profile,
        now=now,
        technique=technique,
        duration_min=duration_min,
        at=at,
        cost=cost,
        currency=currency,
        therapist=therapist,
        subjective=subjective,
        objective=objective,
        assessment=assessment,
        plan=plan,
    )
    return store.add_pro_session(saved(store, profile), session)


def parse_pro_session(
    profile: Profile,
    *,
    now: datetime,
    technique: object,
    duration_min: object,
    at: object = None,
    cost: object = None,
    currency: object = None,
    therapist: object = None,
    subjective: object = None,
    objective: object = None,
    assessment: object = None,
    plan: object = None,
) -> ProSession:
    """Return a valid professional session or raise InvalidInput naming the field."""
    return ProSession(
        at=_moment(profile, at, now),
        tz=profile.tz,
        technique=parse_choice("technique", technique, Technique),
        duration_min=parse_int("minutes", duration_min, 1, 240),
        cost_cents=parse_cost(cost),
        currency=parse_currency(currency, cost),
        therapist=parse_text("therapist", therapist, max_len=200),
        subjective=parse_text("subjective", subjective),
        objective=parse_text("objective", objective),
        assessment=parse_text("assessment", assessment),
        plan=parse_text("plan", plan),
    )


MAX_COST = Decimal(100_000)  # a larger cost for one session is a typing slip


def parse_cost(value: object) -> int | None:
    """Return a cost in cents from text such as '70', '70.50' or '70,50'."""
    amount = parse_decimal("cost", value, places=2, example="70.50 or 70,50", most=MAX_COST)
    return None if amount is None else int(amount * 100)


def parse_currency(value: object, cost: object) -> str | None:
    if value is None or not str(value).strip():
        return "EUR" if cost not in (None, "") else None
    text = str(value).strip().upper()
    if len(text) != 3 or not text.isalpha():
        raise InvalidInput("currency", value, "use a three-letter code such as EUR or USD")
    return text


def parse_zones(
    value: object, *, seconds: object, gun_level: object, tool: Tool
) -> tuple[ZoneWork, ...]:
    """Parse 'zone[:seconds],zone…' into ZoneWork; plain zones take ``seconds`` each."""
    default_seconds = parse_optional_int("seconds", seconds, 1, 3600)
    level = parse_optional_int("level", gun_level, 1, GUN_LEVELS)
    if tool is Tool.MASSAGE_GUN and level is None:
        raise InvalidInput("level", gun_level, f"give the gun's speed level, 1 to {GUN_LEVELS}")
    if tool is not Tool.MASSAGE_GUN and level is not None:
        raise InvalidInput("level", gun_level, "a level is only for the massage gun")
    names = ", ".join(z.value for z in Zone)
    items = list_items("zones", value, f"name at least one zone: {names}")
    work: list[ZoneWork] = []
    for item in items:
        name, _, secs = item.partition(":")
        zone = parse_choice("zones", name, Zone)
        if any(w.zone is zone for w in work):
            raise InvalidInput("zones", item, "name each zone once (it is given twice)")
        if secs:
            zone_seconds = parse_int("seconds", secs, 1, 3600)
        elif default_seconds is not None:
            zone_seconds = default_seconds
        else:
            raise InvalidInput("seconds", None, "give --seconds or write zone:seconds")
        work.append(ZoneWork(zone, zone_seconds, level))
    return tuple(work)


def parse_self_session(
    profile: Profile,
    *,
    now: datetime,
    tool: object,
    zones: object,
    seconds: object = None,
    gun_level: object = None,
    pain_before: object = None,
    pain_during: object = None,
    pain_after: object = None,
    at: object = None,
    note: object = None,
) -> SelfSession:
    """Return a valid self-massage record or raise InvalidInput naming the field."""
    parsed_tool = parse_choice("tool", tool, Tool)
    return SelfSession(
        at=_moment(profile, at, now),
        tz=profile.tz,
        tool=parsed_tool,
        zones=parse_zones(zones, seconds=seconds, gun_level=gun_level, tool=parsed_tool),
        pain_before=parse_optional_int("pain_before", pain_before, 0, 10),
        pain_during=parse_optional_int("pain_during", pain_during, 0, 10),
        pain_after=parse_optional_int("pain_after", pain_after, 0, 10),
        note=parse_text("note", note),
    )


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
        raise InvalidInput(field, value, "an item of the list is empty; " + allowed)
    return items


def parse_spots(profile: Profile, where: object, *, at: datetime) -> tuple[PainSpot, ...]:
    """Parse 'region:N,region:N' (N = 0-10) into body-map marks at one moment."""
    names = ", ".join(r.value for r in BodyRegion)
    items = list_items("where", where, f"mark at least one region as region:N; {names}")
    spots: dict[BodyRegion, PainSpot] = {}
    for item in items:
        name, sep, level = item.partition(":")
        if not sep:
            raise InvalidInput("where", item, "write region:N with N from 0 to 10")
        region = parse_choice("where", name, BodyRegion)
        if region in spots:
            # Which of two numbers is meant cannot be guessed: ask, do not pick one.
            raise InvalidInput(
                f"where {region.value}", item, "mark each region once (it is given twice)"
            )
        intensity = parse_int(f"where {region.value}", level, 0, 10)
        spots[region] = PainSpot(at=at, tz=profile.tz, region=region, intensity=intensity)
    return tuple(spots.values())


def record_body_map(
    store: Store, profile: Profile, *, now: datetime, where: object, at: object = None
) -> tuple[PainSpot, ...]:
    """Save where it hurts and how much, several regions at one moment.

    These marks belong to no check-in: a region marked already at that moment
    by a mark of its own is refused (``check_regions``), as an import refuses it.
    """
    spots = parse_spots(profile, where, at=_moment(profile, at, now))
    if profile.id is not None:
        check_regions(store.own_marks_at(profile.id, spots[0].at), spots)
    store.add_pain_spots(saved(store, profile), spots)
    return spots


def check_regions(stored: Sequence[PainSpot], new: Sequence[PainSpot], *, field: str = "") -> None:
    """Refuse a ``new`` mark that repeats a region of the ``stored`` ones or of the others.

    The rule is ``same_place``: once per check-in; a mark of its own, once per
    moment. Live input, edits and import all apply it. ``field`` names it in
    the error (default: ``where REGION``, as ``--where`` does).
    """
    for index, mark in enumerate(new):
        if any(same_place(mark, other) for other in [*stored, *new[:index]]):
            region = mark.region.value
            raise InvalidInput(field or f"where {region}", region, REGION_ONCE)


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
