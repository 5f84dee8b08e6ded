"""The days of an N-of-1 trial as the analysis reads them.

A trial is a run of pairs; each pair has a massage period (arm "A") and a
no-massage period (arm "B") in an order drawn from the trial's seed. Each day
knows its pair, its arm, its place in its period (the first ``washout_days``
of a period are washout days) and that day's pain, or None when the person
did not check in.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from backrub.errors import InvalidInput
from backrub.i18n import _

__all__ = ["Arm", "TrialDay", "checked_days", "used_days"]

Arm = Literal["A", "B"]  # A = massage period, B = no-massage period


@dataclass(frozen=True, slots=True)
class TrialDay:
    """One day of a trial: where it falls in the design and that day's pain."""

    day: int  # 0-based index of the day since the trial's first day
    pair: int  # 0-based index of the pair the day's period belongs to
    arm: Arm
    day_in_period: int  # 0-based; day_in_period < washout_days means a washout day
    pain: float | None  # that day's pain 0-10 (the day's check-in), None if not recorded

    def is_washout(self, washout_days: int) -> bool:
        """Return whether the day is one of its period's first ``washout_days``."""
        return self.day_in_period < washout_days


def checked_days(days: Sequence[TrialDay]) -> list[TrialDay]:
    """Return ``days`` sorted by day, refusing impossible ones by field name."""
    seen: set[int] = set()
    whole = _("use a whole number of 0 or more")
    for one in days:
        if one.day < 0 or one.day in seen:
            raise InvalidInput("day", one.day, _("use each day of the trial once, from 0"))
        seen.add(one.day)
        if one.pair < 0:
            raise InvalidInput("pair", one.pair, whole)
        if one.day_in_period < 0:
            raise InvalidInput("day_in_period", one.day_in_period, whole)
        if one.arm not in ("A", "B"):
            raise InvalidInput("arm", one.arm, _("use A (massage) or B (no massage)"))
        pain = one.pain
        if pain is not None and (not math.isfinite(pain) or not 0 <= pain <= 10):
            raise InvalidInput("pain", pain, _("use a number from 0 to 10"))
    return sorted(days, key=lambda one: one.day)


def used_days(days: Sequence[TrialDay], washout_days: int | None) -> list[TrialDay]:
    """Return the days with a pain value, leaving out washout days (None: keep every day)."""
    return [
        one
        for one in days
        if one.pain is not None and (washout_days is None or not one.is_washout(washout_days))
    ]
