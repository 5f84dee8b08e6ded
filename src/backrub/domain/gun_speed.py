"""Massage gun speeds (levels 1-20): where a zone starts, when it may rise, its ceiling.

Each zone has two numbers: the *highest* speed allowed this session and the
*suggested* speed the plan offers. The rules:

* A zone new to the gun (including the very first session) is offered the
  lowest speed, level 1: evidence.md §5.4 says "start at the lowest speed", a
  design choice, not a study finding. The person may choose up to
  ``gun_start_level_max`` (cheatham-2021: clinicians mostly use low or medium
  speeds).
* A gun session *went well* when ``pain_during`` is at most
  ``gun_progress_pain_during_max`` and every soreness noted on the local day
  after it is below ``gun_progress_soreness_below``. It *went badly* when
  either is over the line, and it is *unknown* when a pain score or a next-day
  soreness is missing. Every saved gun session is judged, however short: a
  guided session stopped early with high pain during it is saved with its
  pain, so the speed never rises after it. A session in which no zone reached
  the least time (``worked.counts_as_worked``) can go badly but never well:
  it is too short to show that a speed suits, so the speed stays.
* A zone is judged on every gun session from its last use onwards, so
  skipping a zone cannot dodge a bad session: all went well, and the speed may
  rise by up to ``gun_level_step_max``; any went badly, and the zone goes back
  to the start (level 1 offered, ``gun_start_level_max`` at most, never above
  its last speed); otherwise the speed stays.
* Each zone has a ceiling (``gun_level_max_lumbar``/``_glutes``/``_legs``).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from enum import StrEnum
from types import MappingProxyType
from zoneinfo import ZoneInfo

from backrub.domain.records import GUN_LEVELS, CheckIn, SelfSession, Tool, Zone
from backrub.domain.routines import Area, area_of, cite, zone_label
from backrub.domain.rules import Rules, whole
from backrub.domain.worked import counts_as_worked
from backrub.errors import InvalidInput
from backrub.i18n import N_, _

LOWEST_LEVEL = 1
# evidence.md §5.4 ("start at the lowest speed") is the project's own design
# choice: no study sets a starting speed, and no speed per level can be assumed.
LOWEST_START = N_(
    "product default, not evidence: backrub's evidence notes choose to start at the lowest "
    "speed because no study sets a starting speed"
)

LEVEL_CAP_RULE: dict[Area, str] = {
    Area.LUMBAR: "gun_level_max_lumbar",
    Area.QUADRATUS_LUMBORUM: "gun_level_max_lumbar",
    Area.GLUTES: "gun_level_max_glutes",
    Area.PIRIFORMIS: "gun_level_max_glutes",
    Area.HAMSTRINGS: "gun_level_max_legs",
    Area.HIP_FLEXORS: "gun_level_max_legs",
}


class GunTrend(StrEnum):
    """How gun sessions went, as far as the records tell."""

    FIRST = "first"  # no gun session yet
    GOOD = "good"  # low pain during and no soreness the next day: may rise
    UNKNOWN = "unknown"  # not enough records to tell: stays
    BAD = "bad"  # hurt during, or sore the next day: back to the start


_SEVERITY = {GunTrend.FIRST: 0, GunTrend.GOOD: 1, GunTrend.UNKNOWN: 2, GunTrend.BAD: 3}


@dataclass(frozen=True, slots=True)
class GunProgress:
    """The last gun session's verdict and reason; per zone, its last speed and verdict.

    ``zone_trends[zone]`` is the worst verdict of the gun sessions from that
    zone's last use onwards.
    """

    trend: GunTrend
    reason: str
    last_levels: Mapping[Zone, int]
    zone_trends: Mapping[Zone, GunTrend]

    def zone_trend(self, zone: Zone) -> GunTrend:
        return self.zone_trends.get(zone, GunTrend.FIRST)


def gun_level_cap(zone: Zone, rules: Rules) -> int:
    """Return the highest gun speed backrub ever suggests on ``zone``."""
    return min(whole(rules, LEVEL_CAP_RULE[area_of(zone)]), GUN_LEVELS)


def gun_progress(
    log: Sequence[SelfSession], checkins: Sequence[CheckIn], *, until: datetime, rules: Rules
) -> GunProgress:
    """Judge the gun sessions before ``until`` and collect each zone's last speed."""
    guns = sorted(
        (s for s in log if s.tool is Tool.MASSAGE_GUN and s.at < until), key=lambda s: s.at
    )
    worst_by_day: dict[date, int] = {}
    for c in checkins:
        if c.soreness is not None and c.at <= until:
            day = _day(c.at, c.tz)
            worst_by_day[day] = max(c.soreness, worst_by_day.get(day, c.soreness))
    last_levels: dict[Zone, int] = {}
    zone_trends: dict[Zone, GunTrend] = {}
    trend = GunTrend.FIRST
    for session in guns:
        trend = _judge(session, worst_by_day, rules)
        for zone, seen in zone_trends.items():
            zone_trends[zone] = max(seen, trend, key=_SEVERITY.__getitem__)
        for work in session.zones:
            if work.gun_level is not None:
                last_levels[work.zone] = work.gun_level
                zone_trends[work.zone] = trend
    if guns:
        last = guns[-1]
        worst = worst_by_day.get(_day(last.at, last.tz) + _ONE_DAY)
        reason = _last_reason(trend, last, worst, rules)
    else:
        reason = _("This is your first massage gun session: %(start)s.", start=_start_words(rules))
    return GunProgress(trend, reason, MappingProxyType(last_levels), MappingProxyType(zone_trends))


def allowed_gun_level(zone: Zone, progress: GunProgress, rules: Rules) -> int:
    """Return the highest speed allowed on ``zone`` this session."""
    cap = gun_level_cap(zone, rules)
    start = min(whole(rules, "gun_start_level_max"), cap)
    last = progress.last_levels.get(zone)
    if last is None:
        return start
    trend = progress.zone_trend(zone)
    if trend is GunTrend.GOOD:
        return min(last + whole(rules, "gun_level_step_max"), cap)
    if trend is GunTrend.BAD:
        return min(last, start)
    return min(last, cap)


def suggested_gun_level(zone: Zone, progress: GunProgress, rules: Rules) -> int:
    """Return the speed the plan offers on ``zone``: the lowest when (re)starting."""
    allowed = allowed_gun_level(zone, progress, rules)
    if zone not in progress.last_levels or progress.zone_trend(zone) is GunTrend.BAD:
        return min(LOWEST_LEVEL, allowed)
    return allowed


def gun_reasons(zones: Iterable[Zone], progress: GunProgress, rules: Rules) -> list[str]:
    """Return why the offered ``zones`` get the speeds they do, each with its source."""
    reasons = [progress.reason]
    offered = list(zones)
    if progress.trend is not GunTrend.FIRST:
        new = [zone for zone in offered if zone not in progress.last_levels]
        if new:
            reasons.append(
                _(
                    "On zones new to the gun (%(zones)s), %(start)s.",
                    zones=_labels(new),
                    start=_start_words(rules),
                )
            )
        held = [
            zone
            for zone in offered
            if zone in progress.last_levels and progress.zone_trend(zone) is not progress.trend
        ]
        for trend in (GunTrend.BAD, GunTrend.UNKNOWN):
            these = [zone for zone in held if progress.zone_trend(zone) is trend]
            if these:
                reasons.append(f"{_held_words(trend, rules)}: {_labels(these)}.")
    reasons.append(_ceiling_reason(rules))
    return reasons


def check_levels(session: SelfSession) -> None:
    """Raise ``InvalidInput`` unless every gun zone has a speed 1-20 and other tools none."""
    is_gun = session.tool is Tool.MASSAGE_GUN
    for index, work in enumerate(session.zones):
        field, level = f"zones[{index}].gun_level", work.gun_level
        if is_gun and (level is None or not LOWEST_LEVEL <= level <= GUN_LEVELS):
            raise InvalidInput(
                field, level, _("use a whole number from 1 to %(most)d", most=GUN_LEVELS)
            )
        if not is_gun and level is not None:
            raise InvalidInput(field, level, _("leave it empty for tools other than the gun"))


def level_violations(session: SelfSession, progress: GunProgress, rules: Rules) -> list[str]:
    """Return the speed rules a logged gun session breaks."""
    found: list[str] = []
    for work in session.zones:
        level = work.gun_level or 0
        cap = gun_level_cap(work.zone, rules)
        allowed = allowed_gun_level(work.zone, progress, rules)
        label = zone_label(work.zone)
        if level > cap:
            rule = rules[LEVEL_CAP_RULE[area_of(work.zone)]]
            found.append(
                _(
                    "Speed %(level)d on the %(zone)s is above its ceiling of %(most)d "
                    "(%(source)s).",
                    level=level,
                    zone=label,
                    most=cap,
                    source=cite(rule),
                )
            )
        elif level > allowed:
            trend = progress.zone_trend(work.zone)
            if work.zone not in progress.last_levels:
                start = rules["gun_start_level_max"]
                why = _(
                    "a zone new to the gun goes no higher than %(most)d (%(source)s)",
                    most=allowed,
                    source=cite(start),
                )
            elif trend is GunTrend.GOOD:
                step = rules["gun_level_step_max"]
                why = _(
                    "the speed rises by at most %(step)d per session (%(source)s)",
                    step=whole(rules, step.id),
                    source=cite(step),
                )
            else:
                held = _held_words(trend, rules)
                why = held[0].lower() + held[1:]
            found.append(
                _(
                    "Speed %(level)d on the %(zone)s is above %(most)d: %(why)s.",
                    level=level,
                    zone=label,
                    most=allowed,
                    why=why,
                )
            )
    return found


# --- helpers -----------------------------------------------------------------

_ONE_DAY = timedelta(days=1)


def _day(at: datetime, tz: str) -> date:
    return at.astimezone(ZoneInfo(tz)).date()


def _judge(session: SelfSession, worst_by_day: Mapping[date, int], rules: Rules) -> GunTrend:
    worst = worst_by_day.get(_day(session.at, session.tz) + _ONE_DAY)
    pain = session.pain_during
    if pain is not None and pain > whole(rules, "gun_progress_pain_during_max"):
        return GunTrend.BAD
    if worst is not None and worst >= whole(rules, "gun_progress_soreness_below"):
        return GunTrend.BAD
    if pain is not None and worst is not None and _long_enough(session, rules):
        return GunTrend.GOOD
    return GunTrend.UNKNOWN


def _long_enough(session: SelfSession, rules: Rules) -> bool:
    return any(counts_as_worked(work, rules) for work in session.zones)


def _last_reason(trend: GunTrend, last: SelfSession, worst: int | None, rules: Rules) -> str:
    pain_rule = rules["gun_progress_pain_during_max"]
    sore_rule = rules["gun_progress_soreness_below"]
    pain_max = whole(rules, pain_rule.id)
    sore_below = whole(rules, sore_rule.id)
    if trend is GunTrend.BAD:
        if last.pain_during is not None and last.pain_during > pain_max:
            why = _(
                "Your last gun session hurt (%(pain)d of 10 during it, more than %(most)d; "
                "%(source)s)",
                pain=last.pain_during,
                most=pain_max,
                source=cite(pain_rule),
            )
        else:
            why = _(
                "You were sore (%(sore)s of 10) the day after your last gun session "
                "(%(least)d or more is too much; %(source)s)",
                sore=worst,
                least=sore_below,
                source=cite(sore_rule),
            )
        return _(
            "%(why)s, so every zone goes back to the start: %(start)s.",
            why=why,
            start=_start_words(rules),
        )
    if not _long_enough(last, rules):
        least = rules["zone_seconds_min_counted"]
        return _(
            "The speed stays where it was: your last gun session was too short to tell "
            "(no zone reached %(least)d s; %(source)s).",
            least=whole(rules, least.id),
            source=cite(least),
        )
    if trend is GunTrend.GOOD:
        step = rules["gun_level_step_max"]
        return _(
            "Your last gun session went well, so the speed may rise by up to %(step)d levels "
            "(%(source)s).",
            step=whole(rules, step.id),
            source=cite(step),
        )
    return _(
        "The speed stays where it was: it rises only after a gun session with pain during it "
        "of %(most)d or less and soreness below %(least)d noted the next day, and that is not "
        "on record yet (%(source)s).",
        most=pain_max,
        least=sore_below,
        source=cite(sore_rule),
    )


def _start_words(rules: Rules) -> str:
    start = rules["gun_start_level_max"]
    return _(
        "start at speed %(lowest)d, the lowest (%(why)s); you may choose up to %(most)d of "
        "%(levels)d (%(source)s)",
        lowest=LOWEST_LEVEL,
        why=_(LOWEST_START),
        most=whole(rules, start.id),
        levels=GUN_LEVELS,
        source=cite(start),
    )


def _held_words(trend: GunTrend, rules: Rules) -> str:
    rule = rules["gun_progress_soreness_below"]
    if trend is GunTrend.BAD:
        return _(
            "A gun session since this zone was last worked hurt or left you sore, so it goes "
            "back to the start (%(source)s): %(start)s",
            source=cite(rule),
            start=_start_words(rules),
        )
    return _(
        "The speed stays where it was: a gun session since this zone was last worked has no "
        "pain score or next-day soreness on record (%(source)s)",
        source=cite(rule),
    )


def _ceiling_reason(rules: Rules) -> str:
    ids = ("gun_level_max_lumbar", "gun_level_max_glutes", "gun_level_max_legs")
    lumbar, glutes, legs = (whole(rules, rule_id) for rule_id in ids)
    cites = "; ".join(dict.fromkeys(cite(rules[rule_id]) for rule_id in ids))
    return _(
        "Speeds never go above %(lumbar)d of %(levels)d on the lower back, %(glutes)d on the "
        "buttocks and %(legs)d on the legs (%(sources)s). Lower is always fine.",
        lumbar=lumbar,
        levels=GUN_LEVELS,
        glutes=glutes,
        legs=legs,
        sources=cites,
    )


def _labels(zones: Iterable[Zone]) -> str:
    return ", ".join(zone_label(zone) for zone in zones)
