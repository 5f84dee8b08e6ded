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

__all__ = ["DIFFERENCES", "MIN_BASELINE_DAYS", "SIMULATIONS", "Detectable", "detectable_difference"]

MIN_BASELINE_DAYS = 14  # issue 15: at least two weeks of pain check-ins
DIFFERENCES = tuple(round(0.5 * k, 1) for k in range(1, 11))  # 0.5 .. 5.0 points
SIMULATIONS = 400  # per difference: power known to about +-2 percentage points
_BATCH = 20  # simulated trials sharing one drawn allocation
# Product defaults: a diary whose pain never moves still has some day-to-day error,
# and an estimated autocorrelation is kept within 0..0.9 (a negative estimate from
# two weeks is mostly noise; assuming none is the cautious choice).
MIN_NOISE_SD = 0.5
RHO_RANGE = (0.0, 0.9)


@dataclass(frozen=True, slots=True)
class Detectable:
    """What the planned design can detect, estimated from the person's baseline."""

    smallest_difference: float | None  # points; None: not even the largest tried
    noise_sd: float
    autocorrelation: float
    mean: float
    baseline_days: int
    power_by_difference: tuple[tuple[float, float], ...]
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
    mean, sd, rho, n = _estimates(baseline)
    if pairs < 1 or period_days < 1 or not 0 <= washout_days < period_days:
        raise InvalidInput("washout_days", washout_days, _("use fewer days than a period has"))
    missing = 1.0 - n / len(baseline)
    plan = Planned(
        pairs, period_days, washout_days, level=mean, noise_sd=sd, rho=rho, missing_share=missing
    )
    rng = np.random.default_rng(seed)
    sets: list[Simulated] = []
    for _batch in range(SIMULATIONS // _BATCH):
        drawn = simulate(plan, count=_BATCH, rng=rng)
        if drawn is not None:  # else too few recorded days: counted as not detected
            sets.append(drawn)
    curve: list[tuple[float, float]] = []
    smallest = None
    for difference in DIFFERENCES:
        detected = 0
        for one in sets:
            cdf = benefit_cdf(one.layout, one.pain(difference), 0.0)
            detected += int(np.sum((cdf < 0.025) | (cdf > 0.975)))
        share = detected / SIMULATIONS
        curve.append((difference, share))
        if share >= power:
            smallest = difference
            break
    return Detectable(smallest, sd, rho, mean, n, tuple(curve), SIMULATIONS, seed, power)
