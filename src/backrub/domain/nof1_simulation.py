"""Simulated N-of-1 trials with a known effect, for the power check and the calibration.

A simulated person's daily pain is ``level - benefit * [massage] + trend * week
+ e``, with stationary AR(1) errors ``e`` (standard deviation ``noise_sd``,
autocorrelation ``rho``), rounded to whole points and kept within 0-10 as a
check-in is. Within each pair the order of the two periods is drawn as the
trial draws it; a share of days may go unrecorded. Every draw comes from the
seed passed in (numpy's PCG64), so the same seed gives the same trials.

Two departures from the model, for the benchmark to show how the analysis
degrades outside its own world (never used by the power check): *carry-over*,
a share of the benefit lasting through the whole no-massage period that follows
a massage period, and *easing*, a curved trend: pain falling by ``easing``
points over the trial as an acute episode settles, fast at first
(exponentially, time constant 10 days).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from backrub.domain.nof1_model import Layout
from backrub.domain.nof1_student import Floats

__all__ = ["Planned", "Simulated", "simulate"]


@dataclass(frozen=True, slots=True)
class Planned:
    """A trial design and the person's pain as the simulation assumes it."""

    pairs: int
    period_days: int
    washout_days: int
    level: float = 5.0  # mean pain without massage
    noise_sd: float = 1.5  # day-to-day standard deviation (stationary)
    rho: float = 0.3  # lag-1 autocorrelation of the errors
    trend_per_week: float = 0.0
    missing_share: float = 0.0  # share of days without a check-in
    carry_over: float = 0.0  # share of the benefit lasting into the next no-massage period
    easing: float = 0.0  # points pain eases over the trial, exponentially (not in the model)


@dataclass(frozen=True)
class Simulated:
    """Simulated trials sharing one allocation and one set of recorded days."""

    layout: Layout  # the used days (washout left out) and their arms
    noise: Floats  # (count, used days): the errors and trend, without level or effect
    level: float
    exposure: Floats | None = None  # (used days,) share of the benefit felt; None: the arms

    def pain(self, benefit: float) -> Floats:
        """Return the daily pain (whole points 0-10) with massage lowering it by ``benefit``."""
        massage = (
            np.asarray(self.layout.massage, dtype=np.float64)
            if self.exposure is None
            else self.exposure
        )
        values = self.level - benefit * massage + self.noise
        result: Floats = np.clip(np.rint(values), 0.0, 10.0)
        return result


def _ar1(rng: np.random.Generator, count: int, days: int, rho: float, sd: float) -> Floats:
    shocks = rng.standard_normal((count, days))
    errors = np.empty((count, days))
    errors[:, 0] = shocks[:, 0] * sd
    innovation = sd * np.sqrt(1.0 - rho**2)
    for t in range(1, days):
        errors[:, t] = rho * errors[:, t - 1] + innovation * shocks[:, t]
    return errors


def simulate(plan: Planned, *, count: int, rng: np.random.Generator) -> Simulated | None:
    """Return ``count`` trials with one drawn allocation, or None if too few days were kept.

    The allocation (order within each pair) and the unrecorded days are drawn
    once for the whole set, so the set can be fitted at once.
    """
    arms: list[bool] = []
    in_period: list[int] = []
    for _pair in range(plan.pairs):
        first_massage = bool(rng.integers(0, 2))
        for massage in (first_massage, not first_massage):
            arms.extend([massage] * plan.period_days)
            in_period.extend(range(plan.period_days))
    total = len(arms)
    recorded = rng.random(total) >= plan.missing_share
    keep = [t for t in range(total) if recorded[t] and in_period[t] >= plan.washout_days]
    layout = Layout(tuple(keep), tuple(arms[t] for t in keep))
    errors = _ar1(rng, count, total, plan.rho, plan.noise_sd)
    trend = plan.trend_per_week * (np.arange(total) - (total - 1) / 2.0) / 7.0
    if plan.easing:
        settling = np.exp(-np.arange(total) / 10.0)
        trend = trend + plan.easing * (settling - settling.mean())
    if not layout.is_fittable():
        return None
    exposure = None
    if plan.carry_over:
        felt = np.asarray(arms, dtype=np.float64)
        for t in range(plan.period_days, total):
            if not arms[t] and arms[t - in_period[t] - 1]:  # after a massage period
                felt[t] = plan.carry_over
        exposure = felt[keep]
    return Simulated(
        layout=layout, noise=(errors + trend)[:, keep], level=plan.level, exposure=exposure
    )
