"""Decide whether a self-massage may happen now, how long, on which zones, at what speed.

The governor is pure: the caller passes the moment (``now``, aware), the
person's IANA zone and every record it needs. A record's local date is the
date of its ``at`` in its own ``tz``.

The rules, in the order they are applied:

1. Screening restrictions come first: the tools and zones ``allowed.allowance``
   leaves, the same rule the plan and the log forms use.
2. Recovery: soreness at or above ``rest_soreness_threshold`` noted today
   (which includes the morning after the last session) means rest today,
   try tomorrow.
3. A zone worked today, with any tool, is not offered again today. A zone
   only started (below the least time, ``worked.counts_as_worked``) stays
   open, but its seconds count toward the day's time limit all the same.
4. Time (``daily_limits``): the tennis ball and foam roller share one daily cap
   (``self_massage_cap_min``, a product default: evidence.md §6.1 finds no
   source for the founding article's 5 minutes). Each zone gets at most
   ``zone_seconds_max``. Hands have no daily cap. The massage gun gets at most
   ``gun_zone_seconds_max`` per zone and ``gun_session_max_min`` in all; that
   limit counts for the whole local day, so several short gun sessions cannot
   add up to more than one long one.
5. Gun speed: see ``gun_speed``. The plan offers the lowest speed on a zone
   new to the gun; ``Decision.gun_levels`` holds the highest speed allowed.

``decide`` never treats ``SelfSession.override_reason`` as permission: an
override is the service layer's business, recorded and shown in reports.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from types import MappingProxyType
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from backrub.domain.allowed import Allowance, allowance, routine_for
from backrub.domain.daily_limits import (
    duration,
    limit_reason,
    over_cap_reason,
    plan_within,
    seconds_left,
    used_up_reason,
)
from backrub.domain.gun_speed import (
    allowed_gun_level,
    check_levels,
    gun_level_cap,
    gun_progress,
    gun_reasons,
    level_violations,
    suggested_gun_level,
)
from backrub.domain.inputs import parse_choice
from backrub.domain.records import CheckIn, SelfSession, Tool, Zone, ZoneWork
from backrub.domain.restrictions import Restriction
from backrub.domain.routines import Step, cite, zone_label, zones_for
from backrub.domain.rules import Rules, whole
from backrub.domain.words import counted
from backrub.domain.worked import worked_zones
from backrub.errors import InvalidInput, Refused

__all__ = [
    "Decision",
    "Violation",
    "check_logged",
    "decide",
    "gun_level_cap",
    "local_date",
    "logged_violations",
]

# Worked once a day per zone: a product choice so that a muscle is never
# pressed twice in one day; no study sets it.
_ONCE_A_DAY = "product default, not evidence: a muscle rests until the next day"
_ALL_WORKED = (
    f"Every zone this tool works has had its turn today; try again tomorrow ({_ONCE_A_DAY})."
)
_NOON = time(12, 0)


@dataclass(frozen=True, slots=True)
class Decision:
    """What the governor allows for one tool right now, and why.

    ``seconds_left_today`` has every tool; ``None`` means no daily cap (hands).
    ``zone_seconds`` is the most each offered zone may get in this session;
    ``gun_levels`` the highest speed allowed per offered zone (gun only);
    ``plan`` the suggested session, in order, within every limit. Its gun
    levels are the suggested speeds, which may be lower than ``gun_levels``:
    a zone new to the gun is offered the lowest speed (see ``gun_speed``).
    """

    tool: Tool
    today: date
    allowed: bool
    reasons: tuple[str, ...]
    next_possible: date | None
    seconds_left_today: Mapping[Tool, int | None]
    zone_seconds: Mapping[Zone, int]
    gun_levels: Mapping[Zone, int]
    plan: tuple[ZoneWork, ...]

    @property
    def plan_seconds(self) -> int:
        return sum(work.seconds for work in self.plan)


def local_date(at: datetime, tz: str) -> date:
    """Return the calendar date of ``at`` in the IANA zone ``tz``."""
    return at.astimezone(ZoneInfo(tz)).date()


def decide(
    tool: Tool | str,
    *,
    now: datetime,
    tz: str,
    log: Sequence[SelfSession],
    checkins: Sequence[CheckIn],
    restrictions: frozenset[Restriction],
    rules: Rules,
) -> Decision:
    """Return what a self-massage with ``tool`` may do right now, with the reasons."""
    chosen = parse_choice("tool", tool, Tool)
    _check_moment("now", now)
    today = local_date(now, _zone_name(tz))
    tomorrow = today + timedelta(days=1)
    past = [s for s in log if s.at <= now]
    todays = [s for s in past if local_date(s.at, s.tz) == today]
    left = seconds_left(todays, rules)
    refusal = _Refusal(chosen, today, left)

    try:
        routine = routine_for(chosen, restrictions=restrictions, rules=rules)
    except Refused as refused:
        return refusal([refused.message], None)

    sore = _sore_checkin(checkins, today, until=now, rules=rules)
    if sore is not None:
        return refusal([_rest_reason(sore, past, today, rules)], tomorrow)

    worked = worked_zones(todays, rules)
    budget = left[chosen]
    if budget is not None and budget <= 0:
        return refusal([used_up_reason(chosen, rules)], tomorrow)
    offered = [step for step in routine.steps if step.zone not in worked]
    if not offered:
        return refusal([_ALL_WORKED], tomorrow)

    levels, suggested, gun_words = _gun_levels(chosen, offered, past, checkins, now, rules)
    reasons = [limit_reason(chosen, left, rules), *gun_words, *_not_again(routine.zones, worked)]

    plan = plan_within(offered, budget, suggested)
    if not plan:
        too_little = f"Only {duration(budget or 0)} is left of today's limit, too little for one"
        limit = limit_reason(chosen, left, rules)
        return refusal([f"{too_little} zone; try again tomorrow. {limit}"], tomorrow)
    return Decision(
        tool=chosen,
        today=today,
        allowed=True,
        reasons=tuple(reasons),
        next_possible=None,
        seconds_left_today=left,
        zone_seconds=MappingProxyType(_zone_seconds(offered, budget)),
        gun_levels=MappingProxyType(levels),
        plan=plan,
    )


@dataclass(frozen=True, slots=True)
class _Refusal:
    """Makes the governor's "not now" for one tool and day, with its reasons."""

    tool: Tool
    today: date
    left: Mapping[Tool, int | None]

    def __call__(self, reasons: Sequence[str], next_possible: date | None) -> Decision:
        return Decision(
            tool=self.tool,
            today=self.today,
            allowed=False,
            reasons=tuple(reasons),
            next_possible=next_possible,
            seconds_left_today=self.left,
            zone_seconds=MappingProxyType({}),
            gun_levels=MappingProxyType({}),
            plan=(),
        )


def _gun_levels(
    tool: Tool,
    offered: Sequence[Step],
    past: Sequence[SelfSession],
    checkins: Sequence[CheckIn],
    now: datetime,
    rules: Rules,
) -> tuple[dict[Zone, int], dict[Zone, int], list[str]]:
    """Return the highest and the suggested gun speed per offered zone, and the reasons.

    Empty for every tool but the gun.
    """
    if tool is not Tool.MASSAGE_GUN:
        return {}, {}, []
    progress = gun_progress(past, checkins, until=now, rules=rules)
    levels = {step.zone: allowed_gun_level(step.zone, progress, rules) for step in offered}
    suggested = {step.zone: suggested_gun_level(step.zone, progress, rules) for step in offered}
    return levels, suggested, gun_reasons(levels, progress, rules)


def _not_again(zones: Sequence[Zone], worked: set[Zone]) -> list[str]:
    """Return the reason naming the zones of the routine already worked today, if any."""
    skipped = [zone for zone in zones if zone in worked]
    if not skipped:
        return []
    names = ", ".join(zone_label(zone) for zone in skipped)
    return [f"Already worked today, so not offered again: {names} ({_ONCE_A_DAY})."]


def _zone_seconds(offered: Sequence[Step], budget: int | None) -> dict[Zone, int]:
    """Return the most each offered zone may get in this session."""
    return {
        step.zone: step.max_seconds if budget is None else min(step.max_seconds, budget)
        for step in offered
    }


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
    tool_words = session.tool.value.replace("_", " ")
    for zone, seconds in per_zone.items():
        if zone not in suited:
            violations.append(
                Violation(
                    "zones",
                    f"backrub's {tool_words} routine does not work the "
                    f"{zone_label(zone)} (see the routine for why).",
                )
            )
        elif restricted is None and not allowed.allows(session.tool, zone):
            violations.append(
                Violation(
                    "zones",
                    f"Your screening answers leave out the {zone_label(zone)} with the "
                    f"{tool_words}: " + " ".join(allowed.notes),
                )
            )
        if zone in worked:
            violations.append(
                Violation(
                    "zones", f"The {zone_label(zone)} was already worked that day ({_ONCE_A_DAY})."
                )
            )
        if seconds > zone_max.value:
            violations.append(
                Violation(
                    "seconds",
                    f"{duration(seconds)} on the {zone_label(zone)} is more than the "
                    f"{duration(most)} per zone ({cite(zone_max)}).",
                    most,
                    "seconds_per_zone",
                )
            )
    return violations


# --- helpers -----------------------------------------------------------------


def _zone_name(tz: str) -> str:
    try:
        ZoneInfo(tz)
    except (ZoneInfoNotFoundError, ValueError):
        raise InvalidInput("tz", tz, "use an IANA time zone such as Europe/London") from None
    return tz


def _check_moment(field: str, moment: datetime) -> None:
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise InvalidInput(field, moment.isoformat(), "use a date and time with a time zone")


def _check_session(session: SelfSession, *, now: datetime, rules: Rules) -> None:
    _check_moment("at", session.at)
    _zone_name(session.tz)
    ahead_days = whole(rules, "checkin_future_max_days")
    if session.at > now + timedelta(days=ahead_days):
        raise InvalidInput(
            "at",
            session.at.isoformat(),
            f"use a time at most {counted(ahead_days, 'day')} from now",
        )
    if not session.zones:
        raise InvalidInput("zones", "none", "record at least one zone")
    for index, work in enumerate(session.zones):
        if work.seconds <= 0:
            raise InvalidInput(
                f"zones[{index}].seconds", work.seconds, "use a whole number of seconds above 0"
            )
    check_levels(session)


def _sore_checkin(
    checkins: Sequence[CheckIn], day: date, *, until: datetime, rules: Rules
) -> CheckIn | None:
    threshold = whole(rules, "rest_soreness_threshold")
    sore = [
        c
        for c in checkins
        if c.soreness is not None
        and c.soreness >= threshold
        and c.at <= until
        and local_date(c.at, c.tz) == day
    ]
    return min(sore, key=lambda c: c.at, default=None)


def _rest_reason(
    sore: CheckIn, log: Sequence[SelfSession], day: date, rules: Rules, *, logged: bool = False
) -> str:
    rule = rules["rest_soreness_threshold"]
    threshold = f"{whole(rules, rule.id)} or more means the muscles need a day off ({cite(rule)})"
    if logged:
        return (
            f"That was a rest day: you noted soreness {sore.soreness} of 10 earlier that day, "
            f"and {threshold}."
        )
    last_day = max((local_date(s.at, s.tz) for s in log if s.at < sore.at), default=None)
    local = sore.at.astimezone(ZoneInfo(sore.tz))
    morning_after = last_day == day - timedelta(days=1) and local.time() < _NOON
    when = "this morning, the morning after your last session" if morning_after else "today"
    return (
        f"Rest today and try again tomorrow: you noted soreness {sore.soreness} of 10 "
        f"{when}, and {threshold}."
    )
