"""A trial period by period: what was given and what was measured (CENT 2015 items 5, 17).

Descriptive only, nothing tested: per period the whole days counted so far, the
mean daily pain and on how many days it was recorded, the professional sessions
and self-massage minutes actually recorded, the mean sleep (the check-in's 0-10
sleep quality, a secondary outcome of issue 15) and the weekly PEG scores
answered in the period (the other secondary outcome). Every counted day of the
period is used, washout days included. ``sleep_by_arm`` gives the mean sleep on
massage and on no-massage days with the days counted. The services gather what
was recorded (``Recorded``); nothing here reads the store.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date

from backrub.domain.nof1_design import Arm, Period
from backrub.domain.nof1_trial import ReportDay

__all__ = ["ArmMean", "PeriodSummary", "Recorded", "period_summaries", "sleep_by_arm"]


@dataclass(frozen=True, slots=True)
class Recorded:
    """What was recorded on each day beyond pain, by the day in the person's zone."""

    sleep: Mapping[date, Sequence[int]] = field(default_factory=dict)
    peg: Mapping[date, Sequence[float]] = field(default_factory=dict)  # scored PEG answers
    pro_sessions: Mapping[date, int] = field(default_factory=dict)
    self_seconds: Mapping[date, int] = field(default_factory=dict)

    def day_sleep(self, day: date) -> float | None:
        """Return the day's sleep: the mean of that day's answers, or None."""
        values = self.sleep.get(day)
        return sum(values) / len(values) if values else None


@dataclass(frozen=True, slots=True)
class ArmMean:
    """A mean over the days of one arm that have a value, with how many days those are."""

    days: int
    mean: float | None


@dataclass(frozen=True, slots=True)
class PeriodSummary:
    """One period of the trial, described (not tested)."""

    number: int  # 1-based, in the schedule's order
    period: Period
    days: int  # whole days counted so far
    pain: ArmMean
    sleep: ArmMean
    pro_sessions: int
    self_minutes: int  # whole minutes, rounded down
    peg: tuple[tuple[date, float], ...]  # each weekly PEG answered in the period

    @property
    def arm(self) -> Arm:
        return self.period.arm


def _mean(values: Sequence[float]) -> ArmMean:
    return ArmMean(len(values), sum(values) / len(values) if values else None)


def period_summaries(
    periods: Sequence[Period], days: Sequence[ReportDay], recorded: Recorded
) -> tuple[PeriodSummary, ...]:
    """Return each period begun so far, from its whole days counted (``days``)."""
    found: list[PeriodSummary] = []
    for number, period in enumerate(periods, start=1):
        own = [d.scheduled.on for d in days if d.period == number]
        if not own:
            continue
        pains = [d.pain for d in days if d.period == number and d.pain is not None]
        sleeps = [s for s in (recorded.day_sleep(on) for on in own) if s is not None]
        seconds = sum(recorded.self_seconds.get(on, 0) for on in own)
        found.append(
            PeriodSummary(
                number,
                period,
                len(own),
                _mean(pains),
                _mean(sleeps),
                sum(recorded.pro_sessions.get(on, 0) for on in own),
                seconds // 60,
                tuple((on, score) for on in own for score in recorded.peg.get(on, ())),
            )
        )
    return tuple(found)


def sleep_by_arm(days: Sequence[ReportDay], recorded: Recorded) -> dict[Arm, ArmMean]:
    """Return the mean sleep on massage (A) and no-massage (B) days, every counted day."""
    by: dict[Arm, list[float]] = {"A": [], "B": []}
    for d in days:
        sleep = recorded.day_sleep(d.scheduled.on)
        if sleep is not None:
            by[d.scheduled.arm].append(sleep)
    return {arm: _mean(values) for arm, values in by.items()}
