"""What of a guided session the day still allows, checked against everything saved that day.

``finish_guided`` asks the governor for the plan as it stood when the session
started; two open tabs, or a start time sent from the past, would then miss a
session saved since. ``within_today`` checks the reported work against the
whole local day saved so far: a zone worked already today is left out, the
seconds kept never pass what is left of the day's limit (in plan order), and
what is left out is said in words. When nothing is left to save it raises
``Refused`` with those words and nothing is written.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from backrub.domain.daily_limits import cap_words, duration, seconds_left
from backrub.domain.governor import local_date
from backrub.domain.inputs import parse_int
from backrub.domain.records import Profile, SelfSession, Tool, Zone, ZoneWork
from backrub.domain.routines import zone_label
from backrub.domain.worked import Capped, Settled, settle, worked_zones
from backrub.errors import InvalidInput, Refusal, Refused
from backrub.evidence import load_rules
from backrub.i18n import _, ngettext
from backrub.services.selfcare import SessionPlan
from backrub.store import Store

__all__ = ["MAX_REPORTED_SECONDS", "Day", "Field", "within_today"]

MAX_REPORTED_SECONDS = 24 * 60 * 60

Field = Callable[[Zone, str], str]


def _parse_reported(
    planned: SessionPlan,
    reported: Mapping[Zone, tuple[object, object]],
    field: Field,
    worked: set[Zone],
) -> dict[Zone, ZoneWork]:
    """Return the reported work of the plan's zones and of zones worked already today.

    A zone neither in the plan nor worked today is refused, named in words.
    """
    allowed = {work.zone: work for work in planned.decision.plan}
    for zone in reported:
        if zone not in allowed and zone not in worked:
            names = ", ".join(zone_label(z) for z in allowed)
            raise InvalidInput(
                field(zone, "zone"),
                zone_label(zone),
                _("use a zone of the plan: %(names)s", names=names),
            )
    parsed: dict[Zone, ZoneWork] = {}
    for zone, (raw_seconds, raw_level) in reported.items():
        seconds = parse_int(field(zone, "seconds"), raw_seconds, 0, MAX_REPORTED_SECONDS)
        plan = allowed.get(zone)
        level = None
        if plan is not None and plan.gun_level is not None and raw_level not in (None, ""):
            highest = planned.decision.gun_levels.get(zone, plan.gun_level)
            level = parse_int(field(zone, "level"), raw_level, 1, highest)
        parsed[zone] = ZoneWork(zone, seconds, level)
    return parsed


def _todays(store: Store, profile: Profile, started: datetime) -> list[SelfSession]:
    """Return every self-massage saved for the local day of ``started``, at any hour."""
    if profile.id is None:
        return []
    day = local_date(started, profile.tz)
    since = started - timedelta(days=2)
    return [
        s for s in store.self_sessions(profile.id, since=since) if local_date(s.at, s.tz) == day
    ]


def _names(zones: Sequence[Zone]) -> str:
    words = [_("the %(zone)s", zone=zone_label(zone)) for zone in zones]
    if len(words) == 1:
        return words[0]
    return _("%(some)s and %(last)s", some=", ".join(words[:-1]), last=words[-1])


def _within_day(
    pressed: Sequence[ZoneWork], budget: int | None
) -> tuple[dict[Zone, ZoneWork], list[Capped]]:
    """Return the work that fits in what is left of the day's limit, in plan order."""
    if budget is None:
        return {w.zone: w for w in pressed}, []
    kept: dict[Zone, ZoneWork] = {}
    cut: list[Capped] = []
    left = budget
    for work in pressed:
        seconds = min(work.seconds, left)
        left -= seconds
        if seconds < work.seconds:
            cut.append(Capped(work.zone, work.seconds, seconds))
        if seconds > 0:
            kept[work.zone] = ZoneWork(work.zone, seconds, work.gun_level)
    return kept, cut


def _left_out_words(
    again: Sequence[Zone], cut: Sequence[Capped], tool: Tool, budget: int
) -> list[str]:
    """Return what was not saved and why, in plain words."""
    words = []
    if again:
        words.append(
            ngettext(
                "Not saved: %(zones)s was already worked today, and a muscle rests until the "
                "next day (product default, not evidence).",
                "Not saved: %(zones)s were already worked today, and a muscle rests until the "
                "next day (product default, not evidence).",
                len(again),
                zones=_names(again),
            )
        )
    if cut:
        limit = cap_words(tool, load_rules())
        left = (
            _("Today's limit was used up")
            if budget == 0
            else _("Only %(left)s was left of today's limit", left=duration(budget))
        )
        dropped = [c.zone for c in cut if c.kept == 0]
        kept = [
            _(
                "%(kept)s of the %(reported)s on the %(zone)s",
                kept=duration(c.kept),
                reported=duration(c.reported),
                zone=zone_label(c.zone),
            )
            for c in cut
            if c.kept > 0
        ]
        said = [_("saved only %(parts)s", parts=", ".join(kept))] if kept else []
        if dropped:
            said.append(_("%(zones)s not saved", zones=_names(dropped)))
        words.append(f"{left}: {'; '.join(said)} ({limit}).")
    return words


@dataclass(frozen=True, slots=True)
class Day:
    plan: list[ZoneWork]
    first: Settled
    settled: Settled
    left_out: list[str]


def within_today(
    store: Store,
    profile: Profile,
    planned: SessionPlan,
    reported: Mapping[Zone, tuple[object, object]],
    *,
    started: datetime,
    field: Field,
) -> Day:
    """Return what of ``reported`` may be saved, checked against the whole day so far.

    The whole day as saved by now: another tab, or a start sent from the past,
    must not get a zone worked twice or the day's limit passed. ``first`` is
    the work capped at the plan, ``settled`` also within the day's limit.
    Raises ``Refused`` when nothing is left to save.
    """
    rules = load_rules()
    chosen = planned.decision.tool
    todays = _todays(store, profile, started)
    worked = worked_zones(todays, rules)
    parsed = _parse_reported(planned, reported, field, worked)
    again = [z for z, w in parsed.items() if z in worked and w.seconds > 0]
    plan = [w for w in planned.decision.plan if w.zone not in worked]
    first = settle(plan, parsed, rules)
    budget = seconds_left(todays, rules)[chosen]
    kept, cut = _within_day(first.pressed, budget)
    settled = settle(plan, kept, rules)
    left_out = _left_out_words(again, cut, chosen, budget or 0)
    if left_out and not settled.pressed:
        raise Refused(
            refusal=Refusal(
                "self_massage_not_now",
                " ".join(left_out),
                ("zones",),
                possible_at=local_date(started, profile.tz) + timedelta(days=1),
            )
        )
    return Day(plan, first, settled, left_out)
