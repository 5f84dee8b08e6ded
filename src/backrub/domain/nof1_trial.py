"""A person's N-of-1 trial as kept: its design, schedule hash, state, and adherence.

A trial is ``running`` from its start; it is ``completed`` once its last day is
over, or ``ended early`` when the person stopped it or a screening said stop
(a red flag). An ended trial is kept and reported as ended early: when and why.

Adherence (product default, from what is already recorded): a massage day (A)
was followed when a massage, self or professional, was recorded that day; a day
without massage (B) was followed when none was. Only whole days count: from the
first day to yesterday, or to the last day of the trial or the day it ended.
"""

from __future__ import annotations

from collections.abc import Set
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from backrub.domain.nof1_design import Design, Schedule, ScheduledDay, schedule

RUNNING = "running"
ENDED_EARLY = "ended_early"
STATES = (RUNNING, ENDED_EARLY)
STOPPED = "stopped"  # the person stopped it
RED_FLAG = "red_flag"  # a screening said stop
ENDED_WHY = (STOPPED, RED_FLAG)


@dataclass(frozen=True, slots=True)
class TrialRecord:
    """A trial as stored: the design, its first day, the hash shown at the start."""

    public_id: str
    pairs: int
    period_days: int
    washout_days: int
    seed: int
    first_day: date
    sha256: str
    started_at: datetime
    state: str = RUNNING
    ended_on: date | None = None
    ended_why: str | None = None
    id: int | None = None

    @property
    def design(self) -> Design:
        return Design(self.pairs, self.period_days, self.washout_days, self.seed)

    @property
    def schedule(self) -> Schedule:
        return schedule(self.design, self.first_day)

    @property
    def ended_early(self) -> bool:
        return self.state == ENDED_EARLY

    def is_running(self, today: date) -> bool:
        """Return whether the trial runs on ``today`` (started, not over, not ended)."""
        return not self.ended_early and self.first_day <= today <= self.schedule.last_day

    def is_over(self, today: date) -> bool:
        return self.ended_early or today > self.schedule.last_day

    def last_counted(self, today: date) -> date:
        """Return the last whole day of the trial as of ``today`` (may precede the first)."""
        last = min(today - timedelta(days=1), self.schedule.last_day)
        if self.ended_on is not None:
            last = min(last, self.ended_on)
        return last


@dataclass(frozen=True, slots=True)
class Adherence:
    """How many whole days so far followed the assignment, per arm."""

    massage_days: int
    massage_days_followed: int
    rest_days: int
    rest_days_followed: int

    @property
    def days(self) -> int:
        return self.massage_days + self.rest_days

    @property
    def followed(self) -> int:
        return self.massage_days_followed + self.rest_days_followed

    @property
    def share(self) -> float | None:
        """The share of days that followed the assignment, None before a whole day."""
        return None if self.days == 0 else self.followed / self.days


def adherence(days: list[ScheduledDay], massage_on: Set[date]) -> Adherence:
    """Count the days that followed their arm; ``massage_on`` = days with any massage."""
    a = [d for d in days if d.arm == "A"]
    b = [d for d in days if d.arm == "B"]
    return Adherence(
        len(a),
        sum(d.on in massage_on for d in a),
        len(b),
        sum(d.on not in massage_on for d in b),
    )


@dataclass(frozen=True, slots=True)
class ReportDay:
    """One whole day of the trial with what was recorded."""

    scheduled: ScheduledDay
    period: int  # 1-based number of the period in the schedule
    pain: float | None
    massage: bool

    @property
    def followed(self) -> bool:
        return self.massage == (self.scheduled.arm == "A")
