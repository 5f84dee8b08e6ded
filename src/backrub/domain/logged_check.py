"""Check a self-massage logged after the fact against the same limits the governor uses.

A session typed in later (``session log self``, the web form, a correction) is
held to the day's caps, the per-zone limits, the once-a-day rule and the gun's
levels; each broken rule comes back as a ``Violation`` naming its field, so a
face can put it next to what was typed.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from backrub.domain.allowed import Allowance, allowance
from backrub.domain.daily_limits import (
    duration,
    over_cap_reason,
    seconds_left,
)
from backrub.domain.governor import (
    _ONCE_A_DAY,
    _check_moment,
    _rest_reason,
    _sore_checkin,
    _zone_name,
    local_date,
)
from backrub.domain.gun_speed import (
    check_levels,
    gun_progress,
    level_violations,
)
from backrub.domain.records import CheckIn, SelfSession, Tool, Zone
from backrub.domain.restrictions import Restriction
from backrub.domain.routines import cite, zone_label, zones_for
from backrub.domain.rules import Rules, whole
from backrub.domain.words import counted
from backrub.domain.worked import worked_zones
from backrub.errors import InvalidInput
from backrub.i18n import N_, _

__all__ = ["Violation", "check_logged", "logged_violations"]


@dataclass(frozen=True, slots=True)
class Violation:
    """A rule a logged session breaks: the field concerned, why, and the most allowed."""

    field: str  # "tool", "at", "zones", "seconds" or "level"
    text: str
    allowed_seconds: int | None = None
    limit: str = ""  # what allowed_seconds counts: "seconds_per_zone", "seconds_left_that_day"


def check_logged(
    session: SelfSession,
    *,
    now: datetime,
    tz: str,
    log: Sequence[SelfSession],
    checkins: Sequence[CheckIn],
    restrictions: frozenset[Restriction],
    rules: Rules,
) -> list[str]:
    """Return the rules a session logged after the fact breaks; empty when it breaks none.

    ``log`` holds the other sessions (the checked one is ignored if present).
    The caller refuses to save a session with violations unless the person
    gives an override reason; this function never reads ``override_reason``.
    Malformed sessions (no zones, naive times, a missing or impossible gun
    level, a time too far ahead) raise ``InvalidInput`` instead.
    """
    found = logged_violations(
        session, now=now, tz=tz, log=log, checkins=checkins, restrictions=restrictions, rules=rules
    )
    return [violation.text for violation in found]


def logged_violations(
    session: SelfSession,
    *,
    now: datetime,
    tz: str,
    log: Sequence[SelfSession],
    checkins: Sequence[CheckIn],
    restrictions: frozenset[Restriction],
    rules: Rules,
) -> list[Violation]:
    """Return ``check_logged``'s violations with the field each concerns."""
    _check_moment("now", now)
    _zone_name(tz)
    _check_session(session, now=now, rules=rules)
    violations: list[Violation] = []
    allowed = allowance(restrictions)
    restricted = allowed.refused.get(session.tool)
    if restricted is not None:
        violations.append(Violation("tool", restricted))

    day = local_date(session.at, session.tz)
    others = [s for s in log if not (s is session or s == session)]
    before = [s for s in others if s.at < session.at]
    same_day = [s for s in others if local_date(s.at, s.tz) == day]

    sore = _sore_checkin(checkins, day, until=session.at, rules=rules)
    if sore is not None:
        violations.append(Violation("at", _rest_reason(sore, before, day, rules, logged=True)))

    worked = worked_zones(same_day, rules)
    violations.extend(_zone_violations(session, worked, allowed, restricted, rules))

    left = seconds_left(same_day, rules)[session.tool]
    if left is not None and session.total_seconds > left:
        reason = over_cap_reason(session.tool, session.total_seconds, left, rules)
        violations.append(Violation("seconds", reason, left, "seconds_left_that_day"))

    if session.tool is Tool.MASSAGE_GUN:
        progress = gun_progress(before, checkins, until=session.at, rules=rules)
        violations.extend(
            Violation("level", text) for text in level_violations(session, progress, rules)
        )
    return violations


_NOT_SUITED = N_("backrub's %(tool)s routine does not work the %(zone)s (see the routine for why).")
_LEFT_OUT = N_("Your screening answers leave out the %(zone)s with the %(tool)s: %(notes)s")
_WORKED = N_("The %(zone)s was already worked that day (%(why)s).")
_TOO_LONG = N_("%(seconds)s on the %(zone)s is more than the %(most)s per zone (%(cite)s).")


def _zone_violations(
    session: SelfSession,
    worked: set[Zone],
    allowed: Allowance,
    restricted: str | None,
    rules: Rules,
) -> list[Violation]:
    """Return the zone rules a logged session breaks: suited, allowed, once a day, per-zone time."""
    violations: list[Violation] = []
    per_zone: Counter[Zone] = Counter()
    for work in session.zones:
        per_zone[work.zone] += work.seconds
    suited = zones_for(session.tool)
    is_gun = session.tool is Tool.MASSAGE_GUN
    zone_max = rules["gun_zone_seconds_max" if is_gun else "zone_seconds_max"]
    most = whole(rules, zone_max.id)
    values = {"tool": session.tool.words, "most": duration(most), "cite": cite(zone_max)}
    for zone, seconds in per_zone.items():
        said = {**values, "zone": zone_label(zone), "seconds": duration(seconds)}
        if zone not in suited:
            violations.append(Violation("zones", _(_NOT_SUITED, **said)))
        elif restricted is None and not allowed.allows(session.tool, zone):
            notes = " ".join(allowed.notes)
            violations.append(Violation("zones", _(_LEFT_OUT, notes=notes, **said)))
        if zone in worked:
            violations.append(Violation("zones", _(_WORKED, why=_(_ONCE_A_DAY), **said)))
        if seconds > zone_max.value:
            too_long = _(_TOO_LONG, **said)
            violations.append(Violation("seconds", too_long, most, "seconds_per_zone"))
    return violations


# --- helpers -----------------------------------------------------------------


def _check_session(session: SelfSession, *, now: datetime, rules: Rules) -> None:
    _check_moment("at", session.at)
    _zone_name(session.tz)
    ahead_days = whole(rules, "checkin_future_max_days")
    if session.at > now + timedelta(days=ahead_days):
        raise InvalidInput(
            "at",
            session.at.isoformat(),
            _("use a time at most %(days)s from now", days=counted(ahead_days, "day")),
        )
    if not session.zones:
        raise InvalidInput("zones", "none", _("record at least one zone"))
    for index, work in enumerate(session.zones):
        if work.seconds <= 0:
            raise InvalidInput(
                f"zones[{index}].seconds",
                work.seconds,
                _("use a whole number of seconds above 0"),
            )
    check_levels(session)
