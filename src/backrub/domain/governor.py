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

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from types import MappingProxyType
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from backrub.domain.allowed import routine_for
from backrub.domain.daily_limits import (
    duration,
    limit_reason,
    plan_within,
    seconds_left,
    used_up_reason,
)
from backrub.domain.gun_speed import (
    allowed_gun_level,
    gun_level_cap,
    gun_progress,
    gun_reasons,
    suggested_gun_level,
)
from backrub.domain.inputs import parse_choice
from backrub.domain.records import CheckIn, SelfSession, Tool, Zone, ZoneWork
from backrub.domain.restrictions import Restriction
from backrub.domain.routines import Step, cite, zone_label
from backrub.domain.rules import Rules, whole
from backrub.domain.worked import worked_zones
from backrub.errors import InvalidInput, Refused
from backrub.i18n import N_, _

__all__ = [
    "Decision",
    "decide",
    "gun_level_cap",
    "local_date",
]

# Worked once a day per zone: a product choice so that a muscle is never
# pressed twice in one day; no study sets it.
_ONCE_A_DAY = N_("product default, not evidence: a muscle rests until the next day")
_ALL_WORKED = N_("Every zone this tool works has had its turn today; try again tomorrow (%(why)s).")
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
        return refusal([_(_ALL_WORKED, why=_(_ONCE_A_DAY))], tomorrow)

    levels, suggested, gun_words = _gun_levels(chosen, offered, past, checkins, now, rules)
    reasons = [limit_reason(chosen, left, rules), *gun_words, *_not_again(routine.zones, worked)]

    plan = plan_within(offered, budget, suggested)
    if not plan:
        too_little = _(
            "Only %(left)s is left of today's limit, too little for one zone; try again "
            "tomorrow. %(limit)s",
            left=duration(budget or 0),
            limit=limit_reason(chosen, left, rules),
        )
        return refusal([too_little], tomorrow)
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
    return [
        _(
            "Already worked today, so not offered again: %(zones)s (%(why)s).",
            zones=names,
            why=_(_ONCE_A_DAY),
        )
    ]


def _zone_seconds(offered: Sequence[Step], budget: int | None) -> dict[Zone, int]:
    """Return the most each offered zone may get in this session."""
    return {
        step.zone: step.max_seconds if budget is None else min(step.max_seconds, budget)
        for step in offered
    }


def _zone_name(tz: str) -> str:
    try:
        ZoneInfo(tz)
    except (ZoneInfoNotFoundError, ValueError):
        raise InvalidInput("tz", tz, _("use an IANA time zone such as Europe/London")) from None
    return tz


def _check_moment(field: str, moment: datetime) -> None:
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise InvalidInput(field, moment.isoformat(), _("use a date and time with a time zone"))


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
    threshold = _(
        "%(level)s or more means the muscles need a day off (%(cite)s)",
        level=whole(rules, rule.id),
        cite=cite(rule),
    )
    if logged:
        return _(
            "That was a rest day: you noted soreness %(soreness)s of 10 earlier that day, "
            "and %(threshold)s.",
            soreness=sore.soreness,
            threshold=threshold,
        )
    last_day = max((local_date(s.at, s.tz) for s in log if s.at < sore.at), default=None)
    local = sore.at.astimezone(ZoneInfo(sore.tz))
    morning_after = last_day == day - timedelta(days=1) and local.time() < _NOON
    if morning_after:
        return _(
            "Rest today and try again tomorrow: you noted soreness %(soreness)s of 10 this "
            "morning, the morning after your last session, and %(threshold)s.",
            soreness=sore.soreness,
            threshold=threshold,
        )
    return _(
        "Rest today and try again tomorrow: you noted soreness %(soreness)s of 10 today, "
        "and %(threshold)s.",
        soreness=sore.soreness,
        threshold=threshold,
    )
