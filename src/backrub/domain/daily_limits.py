"""Time limits of self-massage: what is left of today's cap, and a plan that fits in it.

The tennis ball and foam roller share one daily cap (``self_massage_cap_min``,
a product default); the massage gun has its own (``gun_session_max_min``) and
hands have none. Every second pressed counts toward a cap, also on a zone
that was only started and does not count as worked. ``plan_within`` fills a
session area by area within what is left. The reasons are worded here once,
for the governor's plans and for sessions logged after the fact. Pure: the
caller passes the records and rules.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from itertools import groupby
from types import MappingProxyType

from backrub.domain.records import SelfSession, Tool, Zone, ZoneWork
from backrub.domain.routines import Step, area_of, cite
from backrub.domain.rules import Rules, whole
from backrub.domain.words import minutes as minutes_words
from backrub.domain.words import seconds as seconds_words
from backrub.i18n import _

__all__ = [
    "SHARED_CAP_TOOLS",
    "cap_words",
    "duration",
    "limit_reason",
    "over_cap_reason",
    "plan_within",
    "seconds_left",
    "used_up_reason",
]

SHARED_CAP_TOOLS = frozenset({Tool.TENNIS_BALL, Tool.FOAM_ROLLER})


def seconds_left(todays: Sequence[SelfSession], rules: Rules) -> Mapping[Tool, int | None]:
    """Return the seconds left today per tool; ``None`` means no daily cap (hands)."""

    def left(cap_rule: str, tools: frozenset[Tool]) -> int:
        used = sum(s.total_seconds for s in todays if s.tool in tools)
        return max(60 * whole(rules, cap_rule) - used, 0)

    shared = left("self_massage_cap_min", SHARED_CAP_TOOLS)
    gun = left("gun_session_max_min", frozenset({Tool.MASSAGE_GUN}))
    both = {Tool.TENNIS_BALL: shared, Tool.FOAM_ROLLER: shared}
    return MappingProxyType({**both, Tool.MASSAGE_GUN: gun, Tool.HANDS: None})


def cap_words(tool: Tool, rules: Rules) -> str:
    """Return the daily limit of ``tool`` in words, with its source."""
    if tool in SHARED_CAP_TOOLS:
        rule = rules["self_massage_cap_min"]
        text = _(
            "the tennis ball and foam roller share a limit of %(minutes)s minutes a day (%(cite)s)",
            minutes=whole(rules, rule.id),
            cite=cite(rule),
        )
        if rule.is_product_default:
            text += _(
                "; no study sets a daily limit for a ball or roller, so backrub keeps this one "
                "as a careful starting point"
            )
        return text
    rule = rules["gun_session_max_min"]
    zone_rule = rules["gun_zone_seconds_max"]
    return _(
        "the massage gun is limited to %(minutes)s minutes a day in all (%(cite)s) and "
        "%(per_zone)s per zone (%(zone_cite)s)",
        minutes=whole(rules, rule.id),
        cite=cite(rule),
        per_zone=duration(whole(rules, zone_rule.id)),
        zone_cite=cite(zone_rule),
    )


def limit_reason(tool: Tool, left: Mapping[Tool, int | None], rules: Rules) -> str:
    """Return the sentence naming the limit of ``tool`` and what is left of it today."""
    if tool is Tool.HANDS:
        rule = rules["zone_seconds_max"]
        return _(
            "Hands have no daily limit; each zone gets at most %(most)s (%(cite)s).",
            most=duration(whole(rules, rule.id)),
            cite=cite(rule),
        )
    remaining = left[tool] or 0
    text = cap_words(tool, rules)
    return _(
        "%(limit)s; %(left)s left today.",
        limit=f"{text[0].upper()}{text[1:]}",
        left=duration(remaining),
    )


def used_up_reason(tool: Tool, rules: Rules) -> str:
    """Return the refusal when today's time for ``tool`` is used up."""
    text = cap_words(tool, rules)
    return _("Today's time is used up: %(limit)s. Try again tomorrow.", limit=text)


def over_cap_reason(tool: Tool, seconds: int, left: int, rules: Rules) -> str:
    """Return the violation of a logged session longer than what was left that day."""
    return _(
        "%(seconds)s is more than the %(left)s that was left that day: %(limit)s.",
        seconds=duration(seconds),
        left=duration(left),
        limit=cap_words(tool, rules),
    )


def plan_within(
    offered: Sequence[Step], budget: int | None, levels: Mapping[Zone, int]
) -> tuple[ZoneWork, ...]:
    """Fill the session area by area, both sides together, within ``budget`` seconds.

    An area that does not fit at the usual time is shortened evenly, but only
    down to half the usual time; shorter than that it is left for another day.
    """
    remaining = budget
    plan: list[ZoneWork] = []
    for _area, grouped in groupby(offered, key=lambda step: area_of(step.zone)):
        steps = list(grouped)
        want = sum(step.seconds for step in steps)
        if remaining is None or want <= remaining:
            seconds = [step.seconds for step in steps]
        else:
            share = remaining // len(steps)
            if 2 * share < min(step.seconds for step in steps):
                continue
            seconds = [share] * len(steps)
        for step, each in zip(steps, seconds, strict=True):
            plan.append(ZoneWork(step.zone, each, levels.get(step.zone)))
        if remaining is not None:
            remaining -= sum(seconds)
    return tuple(plan)


def duration(seconds: int) -> str:
    """Return ``seconds`` as "2 min", "1 min 30 s" or "45 s" ("1 phút 30 giây" in Vietnamese)."""
    whole_minutes, rest = divmod(seconds, 60)
    if whole_minutes and rest:
        return f"{minutes_words(whole_minutes)} {seconds_words(rest)}"
    if whole_minutes:
        return minutes_words(whole_minutes)
    return seconds_words(rest)
