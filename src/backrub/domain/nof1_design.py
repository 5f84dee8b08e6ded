"""An N-of-1 trial's design and its seeded schedule: massage (A) against no massage (B).

A trial is ``pairs`` pairs of periods; each pair holds one massage period (A: the
plan's professional sessions and self-massage) and one period without massage (B:
activity only, as every plan asks). The order within each pair is drawn from the
seed with ``random.Random(seed)`` and nothing else, so the same design, seed and
first day always give the same schedule, and its SHA-256 (of ``canonical_text``)
lets a clinician check later that the schedule was not changed after the start.

Defaults and limits (product defaults, with their sources):

- pairs: at least 3 (product default: repeated crossovers as the AHRQ user's guide
  "Design and Implementation of N-of-1 Trials" 2014, ch. 4, describes; Chen & Chen
  2014 found 3-4 cycles alike; CENT 2015 item 3a asks only that the number of
  periods be reported), and at least 4 with 1-week periods (``MIN_PAIRS_ONE_WEEK``,
  product default from the calibration): an outside statistician's check with
  bench/nof1_calibration.py found 3 pairs of 1 week with strongly correlated pain
  (rho 0.6) miss the no-effect calibration rule (93.5-94.5 % of trials, not 95 %),
  while 4 pairs of 1 week and 3 pairs of 2 weeks pass, so a new trial of 3 pairs
  of 1 week is refused; one already recorded (a backup) is still read. At most 8
  (product default: 16 weeks of one-week periods is already a long commitment).
  Default 4.
- period: 7 or 14 days (AHRQ 2014 ch. 4 and the Trialist/PREEMPT trials used
  1-2 week periods); default 7.
- washout: 2 days at the start of each period left out of the primary analysis
  and kept in a sensitivity analysis (product default; the AHRQ guide discusses a
  washout, including an analytic one, where carry-over is expected; Senn 2002).
"""

from __future__ import annotations

import hashlib
import random
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Literal

from backrub.domain.inputs import parse_int
from backrub.errors import InvalidInput
from backrub.i18n import N_, _

Arm = Literal["A", "B"]

MIN_PAIRS = 3
MIN_PAIRS_ONE_WEEK = 4  # 3 pairs of 1 week miss the no-effect calibration rule
MAX_PAIRS = 8
DEFAULT_PAIRS = 4
PERIOD_DAYS = (7, 14)
DEFAULT_PERIOD_DAYS = 7
WASHOUT_DAYS = (2, 3)
DEFAULT_WASHOUT_DAYS = 2
MAX_SEED = 2**31 - 1

SOURCES = N_(
    "product defaults: at least 3 pairs (repeated crossovers, AHRQ N-of-1 user's guide 2014) "
    "and at least 4 with 1-week periods (the product's calibration check), "
    "periods of 1 or 2 weeks (AHRQ 2014), the first 2 days of each period left out "
    "as a washout (product default)"
)
CALIBRATION_LIMIT = N_(
    "with 1-week periods use at least 4 pairs, or choose 2-week periods: 3 pairs of 1 week "
    "failed our check: when massage truly made no difference, this design too often still "
    "suggested it might lower pain by 2 points"
)

_CANONICAL_VERSION = "backrub-nof1-schedule-1"


@dataclass(frozen=True, slots=True)
class Design:
    """How many pairs, how long each period, how many washout days, and the seed."""

    pairs: int = DEFAULT_PAIRS
    period_days: int = DEFAULT_PERIOD_DAYS
    washout_days: int = DEFAULT_WASHOUT_DAYS
    seed: int = 0

    @property
    def total_days(self) -> int:
        return 2 * self.pairs * self.period_days


def parse_design(
    *,
    pairs: object = None,
    period_days: object = None,
    washout_days: object = None,
    seed: object,
    recorded: bool = False,
) -> Design:
    """Return a design from typed values (None: the default), or raise InvalidInput.

    A new design of fewer than ``MIN_PAIRS_ONE_WEEK`` pairs of 1-week periods is
    refused (the calibration); ``recorded`` reads a design already kept (a backup)
    as it was.
    """
    n = DEFAULT_PAIRS if pairs is None else parse_int("pairs", pairs, MIN_PAIRS, MAX_PAIRS)
    period = DEFAULT_PERIOD_DAYS
    if period_days is not None:
        period = _one_of("period", period_days, PERIOD_DAYS, _("use 7 or 14 days"))
    washout = DEFAULT_WASHOUT_DAYS
    if washout_days is not None:
        washout = _one_of("washout", washout_days, WASHOUT_DAYS, _("use 2 or 3 days"))
    if not recorded and period == 7 and n < MIN_PAIRS_ONE_WEEK:
        raise InvalidInput("pairs", pairs, _(CALIBRATION_LIMIT))
    return Design(n, period, washout, parse_int("seed", seed, 0, MAX_SEED))


def _one_of(field: str, value: object, allowed: tuple[int, ...], words: str) -> int:
    """A whole number among ``allowed``; any other value is refused with ``words``
    (not "a whole number from 7 to 14", which invites 10)."""
    try:
        number = parse_int(field, value, min(allowed), max(allowed))
    except InvalidInput:
        number = None
    if number not in allowed:
        raise InvalidInput(field, value, words)
    return number


@dataclass(frozen=True, slots=True)
class Period:
    """One period of the schedule: its pair (0-based), arm and first and last day."""

    pair: int
    arm: Arm
    first: date
    last: date

    def holds(self, day: date) -> bool:
        return self.first <= day <= self.last


@dataclass(frozen=True, slots=True)
class ScheduledDay:
    """One day of the trial: its index, date, pair, arm and place in its period."""

    index: int
    on: date
    pair: int
    arm: Arm
    day_in_period: int
    washout: bool


@dataclass(frozen=True, slots=True)
class Schedule:
    """The whole schedule of a design from its first day."""

    design: Design
    first_day: date
    periods: tuple[Period, ...]

    @property
    def last_day(self) -> date:
        return self.periods[-1].last

    @property
    def canonical_text(self) -> str:
        """The text the hash is of: the design, the seed, every period's dates and arm."""
        d = self.design
        lines = [
            _CANONICAL_VERSION,
            f"pairs={d.pairs}",
            f"period_days={d.period_days}",
            f"washout_days={d.washout_days}",
            f"seed={d.seed}",
            f"first_day={self.first_day.isoformat()}",
        ]
        lines += [
            f"period {n} pair {p.pair + 1} arm {p.arm} {p.first.isoformat()} {p.last.isoformat()}"
            for n, p in enumerate(self.periods, start=1)
        ]
        return "\n".join(lines) + "\n"

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.canonical_text.encode("utf-8")).hexdigest()

    @property
    def order(self) -> str:
        """The arms in order, one letter a period: ``ABBAAB``."""
        return "".join(p.arm for p in self.periods)

    def counts_from(self, period: Period) -> date:
        """Return the first day of ``period`` the primary analysis uses (after the washout)."""
        return period.first + timedelta(days=self.design.washout_days)

    def period_on(self, day: date) -> Period | None:
        """Return the period ``day`` falls in, or None outside the trial."""
        return next((p for p in self.periods if p.holds(day)), None)

    def arm_on(self, day: date) -> Arm | None:
        """Return the arm of ``day``, or None before the first day or after the last."""
        period = self.period_on(day)
        return None if period is None else period.arm

    def days(self, *, until: date | None = None) -> list[ScheduledDay]:
        """Return every day of the trial (up to ``until`` inclusive, when given)."""
        found: list[ScheduledDay] = []
        for period in self.periods:
            for offset in range(self.design.period_days):
                on = period.first + timedelta(days=offset)
                if until is not None and on > until:
                    return found
                index = (on - self.first_day).days
                washout = offset < self.design.washout_days
                found.append(ScheduledDay(index, on, period.pair, period.arm, offset, washout))
        return found


def schedule(design: Design, first_day: date) -> Schedule:
    """Return the schedule: within each pair, A then B or B then A, drawn from the seed."""
    rng = random.Random(design.seed)
    periods: list[Period] = []
    length = timedelta(days=design.period_days)
    start = first_day
    for pair in range(design.pairs):
        order: tuple[Arm, Arm] = ("A", "B") if rng.random() < 0.5 else ("B", "A")
        for arm in order:
            periods.append(Period(pair, arm, start, start + length - timedelta(days=1)))
            start += length
    return Schedule(design, first_day, tuple(periods))


def daily_pain(pains: Mapping[date, list[int]]) -> dict[date, float]:
    """Return each day's pain: the mean of that day's check-ins (product default)."""
    return {day: sum(values) / len(values) for day, values in pains.items() if values}
