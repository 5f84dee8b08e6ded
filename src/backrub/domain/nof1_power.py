"""Before a trial: the smallest difference in daily pain the planned design can detect.

From the person's baseline diary (at least 14 days with a pain value) it
estimates the mean, the day-to-day standard deviation and the lag-1
autocorrelation, then simulates the planned design (``nof1_simulation``) many
times for each true difference on a grid (0.5 to 5 points, step 0.5) and fits
the trial's own model to each. The *power* at a difference is the share of
simulated trials whose 95% credible interval excludes no difference. The
smallest difference with at least 80% power is reported, and whether it is
within the 2-point minimal important change (ostelo-2008); if not, more pairs
are needed. Simulated trials share their noise across the differences (common
random numbers), so the power rises smoothly with the difference.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import pairwise

import numpy as np

from backrub.domain.nof1_analysis import MIC
from backrub.domain.nof1_model import benefit_cdf
from backrub.domain.nof1_simulation import Planned, Simulated, simulate
from backrub.errors import InvalidInput
from backrub.i18n import _

__all__ = [
    "DIFFERENCES",
    "MAX_SUGGESTED_PAIRS",
    "MIN_BASELINE_DAYS",
    "SIMULATIONS",
    "Detectable",
    "detectable_difference",
    "pairs_needed",
    "smallest_detectable",
]

MIN_BASELINE_DAYS = 14  # issue 15: at least two weeks of pain check-ins
DIFFERENCES = tuple(round(0.5 * k, 1) for k in range(1, 11))  # 0.5 .. 5.0 points
SIMULATIONS = 400  # per difference: power known to about +-2 percentage points
_BATCH = 20  # simulated trials sharing one drawn allocation
# Product defaults: a diary whose pain never moves still has some day-to-day error,
# and an estimated autocorrelation is kept within 0..0.9 (a negative estimate from
# two weeks is mostly noise; assuming none is the cautious choice).
MIN_NOISE_SD = 0.5
RHO_RANGE = (0.0, 0.9)
# Product default: more than 10 pairs (20 periods, 20 to 40 weeks) is not suggested.
MAX_SUGGESTED_PAIRS = 10


@dataclass(frozen=True, slots=True)
class Detectable:
    """What the planned design can detect, estimated from the person's baseline."""

    smallest_difference: float | None  # points; None: not even the largest tried
    noise_sd: float
    autocorrelation: float
    mean: float
    baseline_days: int
    power_by_difference: tuple[tuple[float, float], ...]
    pairs: int
    period_days: int
    washout_days: int
    pairs_needed: int | None  # when not enough: the fewest pairs that would be (<= 10)
    simulations: int
    seed: int
    power: float
    mic: float = MIC

    @property
    def enough(self) -> bool:
        """Return whether the design detects the minimal important change."""
        return self.smallest_difference is not None and self.smallest_difference <= self.mic

    def to_json(self) -> dict[str, object]:
        """Return the estimate and how it was made, as plain data."""
        return {
            "smallest_difference": self.smallest_difference,
            "enough": self.enough,
            "design": {
                "pairs": self.pairs,
                "period_days": self.period_days,
                "washout_days": self.washout_days,
            },
            "pairs_needed": self.pairs_needed,
            "mic": self.mic,
            "mic_source": "ostelo-2008",
            "power": self.power,
            "power_meaning": "share of simulated trials whose 95% credible interval "
            "excludes no difference",
            "noise_sd": self.noise_sd,
            "autocorrelation": self.autocorrelation,
            "mean": self.mean,
            "baseline_days": self.baseline_days,
            "power_by_difference": [list(pair) for pair in self.power_by_difference],
            "simulations_per_difference": self.simulations,
            "seed": self.seed,
        }


def _estimates(baseline: Sequence[float | None]) -> tuple[float, float, float, int]:
    values = [v for v in baseline if v is not None]
    for v in values:
        if not math.isfinite(v) or not 0 <= v <= 10:
            raise InvalidInput("baseline", v, _("use pain values from 0 to 10"))
    if len(values) < MIN_BASELINE_DAYS:
        raise InvalidInput(
            "baseline",
            len(values),
            _(
                "at least 14 days of pain check-ins are needed before a trial; you have %(n)d",
                n=len(values),
            ),
        )
    data = np.asarray(values)
    mean, sd = float(data.mean()), float(data.std(ddof=1))
    lagged = [(x, y) for x, y in pairwise(baseline) if x is not None and y is not None]
    rho = 0.0
    if len(lagged) >= 3 and sd > 0:
        # Lag-1 autocorrelation from the consecutive days both with a value.
        pairs = np.asarray(lagged) - mean
        rho = float(np.mean(pairs[:, 0] * pairs[:, 1]) / np.var(data))
    return mean, max(sd, MIN_NOISE_SD), float(np.clip(rho, *RHO_RANGE)), len(values)


def detectable_difference(
    baseline: Sequence[float | None],
    *,
    pairs: int,
    period_days: int,
    washout_days: int,
    seed: int,
    power: float = 0.8,
) -> Detectable:
    """Return the smallest difference the design detects with ``power``, from the baseline."""
    if pairs < 1:
        raise InvalidInput("pairs", pairs, _("use a whole number of 1 or more"))
    if period_days < 1:
        raise InvalidInput("period_days", period_days, _("use a whole number of 1 or more"))
    if not 0 <= washout_days < period_days:
        raise InvalidInput("washout_days", washout_days, _("use fewer days than a period has"))
    if not 0.0 < power < 1.0:
        raise InvalidInput("power", power, _("use a share between 0 and 1"))
    mean, sd, rho, n = _estimates(baseline)
    missing = 1.0 - n / len(baseline)
    plan = Planned(
        pairs, period_days, washout_days, level=mean, noise_sd=sd, rho=rho, missing_share=missing
    )
    smallest, curve = smallest_detectable(plan, seed=seed, power=power)
    enough = smallest is not None and smallest <= MIC
    return Detectable(
        smallest_difference=smallest,
        noise_sd=sd,
        autocorrelation=rho,
        mean=mean,
        baseline_days=n,
        power_by_difference=curve,
        pairs=pairs,
        period_days=period_days,
        washout_days=washout_days,
        pairs_needed=None if enough else pairs_needed(plan, seed=seed, power=power),
        simulations=SIMULATIONS,
        seed=seed,
        power=power,
    )


def _simulated(plan: Planned, seed: int) -> list[Simulated]:
    rng = np.random.default_rng(seed)
    sets: list[Simulated] = []
    for _batch in range(SIMULATIONS // _BATCH):
        drawn = simulate(plan, count=_BATCH, rng=rng)
        if drawn is not None:  # else too few recorded days: counted as not detected
            sets.append(drawn)
    return sets


def _power_at(sets: list[Simulated], difference: float) -> float:
    detected = 0
    for one in sets:
        cdf = benefit_cdf(one.layout, one.pain(difference), 0.0)
        detected += int(np.sum((cdf < 0.025) | (cdf > 0.975)))
    return detected / SIMULATIONS


def smallest_detectable(
    plan: Planned, *, seed: int, power: float = 0.8
) -> tuple[float | None, tuple[tuple[float, float], ...]]:
    """Return the smallest difference on the grid detected with ``power``, and the power curve.

    The curve stops at that difference (or runs to the end of the grid).
    """
    sets = _simulated(plan, seed)
    curve: list[tuple[float, float]] = []
    for difference in DIFFERENCES:
        share = _power_at(sets, difference)
        curve.append((difference, share))
        if share >= power:
            return difference, tuple(curve)
    return None, tuple(curve)


def pairs_needed(plan: Planned, *, seed: int, power: float = 0.8) -> int | None:
    """Return the fewest pairs (more than planned, at most 10) detecting the MIC, or None.

    Power rises with pairs, so the search halves the range: at most 4 simulations.
    """

    def detects(pairs: int) -> bool:
        bigger = dataclasses.replace(plan, pairs=pairs)
        return _power_at(_simulated(bigger, seed), MIC) >= power

    low, high = plan.pairs + 1, MAX_SUGGESTED_PAIRS
    if low > high or not detects(high):
        return None
    while low < high:  # invariant: ``high`` detects it
        middle = (low + high) // 2
        if detects(middle):
            high = middle
        else:
            low = middle + 1
    return high
