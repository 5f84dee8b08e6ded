"""What of a guided session counts as worked: each zone capped at its plan, after a least time.

A person may stop early, skip a zone or resume; a client (or a forged request)
may report more than the plan allowed. ``settle`` keeps the plan's word on
every zone:

- seconds above the plan's time for a zone are cut to that time (``Capped``);
- a zone below the least time that counts (``zone_seconds_min_counted``, a
  product default, or the zone's planned time when that is shorter) is left
  out (``too_short``): it is not saved, so it stays open for the rest of the day;
- a zone with no time at all was simply not done.

Pure: the caller passes the plan, what was reported (already parsed) and the rules.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from backrub.domain.records import Zone, ZoneWork
from backrub.domain.rules import Rules, whole

__all__ = ["Capped", "Settled", "least_seconds", "settle"]


@dataclass(frozen=True, slots=True)
class Capped:
    """A zone reported longer than its plan: what was reported and what is kept."""

    zone: Zone
    reported: int
    kept: int


@dataclass(frozen=True, slots=True)
class Settled:
    """What counts of a session: ``work`` in plan order, and what was cut or left out."""

    work: tuple[ZoneWork, ...]
    capped: tuple[Capped, ...]
    too_short: tuple[ZoneWork, ...]
    least: int
    complete: bool

    @property
    def seconds(self) -> int:
        return sum(work.seconds for work in self.work)


def least_seconds(planned: int, rules: Rules) -> int:
    """Return the least time a zone planned for ``planned`` seconds needs to count."""
    return max(1, min(whole(rules, "zone_seconds_min_counted"), planned))


def settle(plan: Sequence[ZoneWork], reported: Mapping[Zone, ZoneWork], rules: Rules) -> Settled:
    """Return what of ``reported`` counts against ``plan`` (zones outside the plan are ignored).

    A reported gun level is kept as given (the caller checks it against the
    highest level allowed); without one the plan's level stands.
    """
    work: list[ZoneWork] = []
    capped: list[Capped] = []
    too_short: list[ZoneWork] = []
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
    )
