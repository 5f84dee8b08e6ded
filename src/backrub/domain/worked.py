"""What of a guided session counts as worked: each zone capped at its plan, after a least time.

A person may stop early, skip a zone or resume; a client (or a forged request)
may report more than the plan allowed. ``settle`` keeps the plan's word on
every zone:

- seconds above the plan's time for a zone are cut to that time (``Capped``);
- a zone below the least time that counts (``zone_seconds_min_counted``, a
  record-keeping product default, or the zone's planned time when that is
  shorter) is *started, not completed* (``too_short``): it is saved with its
  real seconds, which count toward the day's time limit, but it does not count
  as worked, so it stays open for the rest of the day;
- a zone with no time at all was simply not done.

Whether a stored zone counts as worked is computed, never stored:
``counts_as_worked`` (a zone row below the least time is not completed).
The plan never offers a zone less than the least time (half the usual minute
is its shortest), so the rule on stored rows matches ``settle``.

The ending words after an early stop live here too, once, for every face.

Pure: the caller passes the plan, what was reported (already parsed) and the rules.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from backrub.domain.records import SelfSession, Zone, ZoneWork
from backrub.domain.rules import PRODUCT_DEFAULT, Rule, Rules, whole
from backrub.i18n import N_, _

__all__ = [
    "STOPPED_EARLY",
    "Capped",
    "Settled",
    "counts_as_worked",
    "least_seconds",
    "least_words",
    "pain_rise",
    "pain_rose_words",
    "settle",
    "worked_zones",
]

# Said after any session that ended before the plan was done (web page, timer, CLI).
STOPPED_EARLY = N_(
    "You stopped early. If it hurt or felt wrong, leave it for today: sharp, burning or "
    "shooting pain, numbness or tingling mean stop, not try again. If you only ran out of "
    "time, the zones you did not finish are still there for later today."
)


@dataclass(frozen=True, slots=True)
class Capped:
    """A zone reported longer than its plan: what was reported and what is kept."""

    zone: Zone
    reported: int
    kept: int


@dataclass(frozen=True, slots=True)
class Settled:
    """What a session did: ``work`` counts as worked, ``too_short`` was started only.

    ``pressed`` is every zone with any time, in plan order: what is saved.
    """

    work: tuple[ZoneWork, ...]
    capped: tuple[Capped, ...]
    too_short: tuple[ZoneWork, ...]
    least: int
    complete: bool
    pressed: tuple[ZoneWork, ...] = ()

    @property
    def seconds(self) -> int:
        return sum(work.seconds for work in self.work)


def least_seconds(planned: int, rules: Rules) -> int:
    """Return the least time a zone planned for ``planned`` seconds needs to count."""
    return max(1, min(whole(rules, "zone_seconds_min_counted"), planned))


def least_words(rules: Rules) -> str:
    """Return the 30 s rule in words, labelled as the record-keeping default it is."""
    rule = rules["zone_seconds_min_counted"]
    return _(
        "backrub counts a zone as done once you have spent %(seconds)s s on it "
        "(a record-keeping default, not a dose found in studies%(informed)s)",
        seconds=whole(rules, rule.id),
        informed=_informed(rule),
    )


def _informed(rule: Rule) -> str:
    studies = [source for source in rule.sources if source != PRODUCT_DEFAULT]
    return _("; informed by %(sources)s", sources=", ".join(studies)) if studies else ""


def counts_as_worked(work: ZoneWork, rules: Rules) -> bool:
    """Return whether a stored zone row was completed (it reached the least time)."""
    return work.seconds >= whole(rules, "zone_seconds_min_counted")


def worked_zones(sessions: Iterable[SelfSession], rules: Rules) -> set[Zone]:
    """Return the zones the sessions completed; a zone only started stays open."""
    return {w.zone for s in sessions for w in s.zones if counts_as_worked(w, rules)}


def pain_rise(
    before: int | None, during: int | None, after: int | None, rules: Rules
) -> int | None:
    """Return how far pain rose (before → during or after) when it reached the cut-off."""
    if before is None:
        return None
    highest = max((p for p in (during, after) if p is not None), default=None)
    if highest is None or highest - before < whole(rules, "pain_rise_stop_points"):
        return None
    return highest - before


def pain_rose_words(points: int, rules: Rules) -> str:
    """Return the advice after pain rose by ``points`` during a session."""
    rule = rules["pain_rise_stop_points"]
    return _(
        "Your pain went up by %(points)s points; skip self-massage for the rest of today and "
        "note how you are tomorrow (%(cut_off)s points or more: a product default, "
        "not evidence%(informed)s).",
        points=points,
        cut_off=whole(rules, rule.id),
        informed=_informed(rule),
    )


def settle(plan: Sequence[ZoneWork], reported: Mapping[Zone, ZoneWork], rules: Rules) -> Settled:
    """Return what of ``reported`` counts against ``plan`` (zones outside the plan are ignored).

    A reported gun level is kept as given (the caller checks it against the
    highest level allowed); without one the plan's level stands.
    """
    work: list[ZoneWork] = []
    capped: list[Capped] = []
    too_short: list[ZoneWork] = []
    pressed: list[ZoneWork] = []
    for planned in plan:
        done = reported.get(planned.zone)
        if done is None or done.seconds <= 0:
            continue
        seconds = done.seconds
        if seconds > planned.seconds:
            capped.append(Capped(planned.zone, seconds, planned.seconds))
            seconds = planned.seconds
        level = planned.gun_level if done.gun_level is None else done.gun_level
        kept = ZoneWork(planned.zone, seconds, level if planned.gun_level is not None else None)
        pressed.append(kept)
        if seconds < least_seconds(planned.seconds, rules):
            too_short.append(kept)
        else:
            work.append(kept)
    complete = bool(plan) and [(w.zone, w.seconds) for w in work] == [
        (p.zone, p.seconds) for p in plan
    ]
    return Settled(
        work=tuple(work),
        capped=tuple(capped),
        too_short=tuple(too_short),
        least=whole(rules, "zone_seconds_min_counted"),
        complete=complete,
        pressed=tuple(pressed),
    )
