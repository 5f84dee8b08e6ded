"""Before a trial: the smallest difference in daily pain the planned design can detect.

From the person's baseline diary (at least 14 days with a pain value) it fits
the trial's own model without a period effect (level, trend, AR(1) errors;
``nof1_model.noise_posterior``), which gives the posterior of the day-to-day
spread and of the lag-1 autocorrelation. Two weeks tell little about either,
so they are not taken as known: each batch of simulated trials draws its own
spread and autocorrelation from that posterior, and the power is averaged over
those draws (a posterior-predictive power, sometimes called assurance). It
then simulates the planned design (``nof1_simulation``) many times for each
true difference on a grid (0.5 to 5 points, step 0.5) and fits the trial's
model to each. The *power* at a difference is the share of simulated trials
whose 95% credible interval lies wholly above no difference (lower pain with
massage). The smallest difference
with at least 80% power is reported, and whether it is within the 2-point
minimal important change (ostelo-2008); if not, more pairs are needed.
Simulated trials share their noise across the differences (common random
numbers), so the power rises smoothly with the difference. The figure stays
rough: it rests on the baseline's few days and on the model's assumptions.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from backrub.domain.nof1_analysis import MIC, MIN_DAYS_PER_ARM, MIN_PAIRS
from backrub.domain.nof1_model import NoisePosterior, benefit_cdf, noise_posterior
from backrub.domain.nof1_simulation import Planned, Simulated, simulate
from backrub.domain.nof1_student import Floats
from backrub.errors import InvalidInput
from backrub.i18n import _

__all__ = [
    "DIFFERENCES",
    "MAX_SUGGESTED_PAIRS",
    "MIN_BASELINE_DAYS",
    "SIMULATIONS",
    "Detectable",
    "Noise",
    "baseline_noise",
    "detectable_difference",
    "pairs_needed",
    "power_at",
    "smallest_detectable",
]

MIN_BASELINE_DAYS = 14  # issue 15: at least two weeks of pain check-ins
DIFFERENCES = tuple(round(0.5 * k, 1) for k in range(1, 11))  # 0.5 .. 5.0 points
SIMULATIONS = 400  # per difference: power known to about +-2 percentage points
_BATCH = 20  # simulated trials sharing one drawn allocation
# Product defaults: a diary whose pain never moves still has some day-to-day error,
# and a drawn autocorrelation is kept within 0..0.9 (a negative one from two weeks
# is mostly noise; assuming none is the cautious choice).
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
    # The baseline's uncertainty: 10% and 90% points of the posterior draws.
    noise_sd_range: tuple[float, float] | None = None
    autocorrelation_range: tuple[float, float] | None = None

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
            "lies wholly above no difference (lower pain with massage)",
            "noise_sd": self.noise_sd,
            "autocorrelation": self.autocorrelation,
            "estimates": "posterior medians from the baseline (level, trend, AR(1) errors); "
            "the simulated trials draw the spread and autocorrelation from that posterior",
            "noise_sd_range": self.noise_sd_range and list(self.noise_sd_range),
            "autocorrelation_range": self.autocorrelation_range
            and list(self.autocorrelation_range),
            "mean": self.mean,
            "baseline_days": self.baseline_days,
            "power_by_difference": [list(pair) for pair in self.power_by_difference],
            "simulations_per_difference": self.simulations,
            "seed": self.seed,
        }


def _checked(baseline: Sequence[float | None]) -> tuple[tuple[int, ...], tuple[float, ...]]:
    """Return the baseline's days with a value and their values, or refuse the baseline."""
    days = tuple(t for t, v in enumerate(baseline) if v is not None)
    values = tuple(float(v) for v in baseline if v is not None)
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
    return days, values


@dataclass(frozen=True)
class Noise:
    """Draws of a person's day-to-day spread (stationary sd) and autocorrelation."""

    sd: Floats  # (D,)
    rho: Floats  # (D,)

    def batch(self, plan: Planned, index: int) -> Planned:
        """Return ``plan`` with the noise of draw ``index`` (cycling through the draws)."""
        k = index % self.sd.size
        return dataclasses.replace(plan, noise_sd=float(self.sd[k]), rho=float(self.rho[k]))


def baseline_noise(posterior: NoisePosterior, *, seed: int, draws: int = 2000) -> Noise:
    """Draw (spread, autocorrelation) pairs from a baseline's posterior, from ``seed``."""
    rng = np.random.default_rng([seed, 15])
    pick = rng.choice(posterior.grid.size, size=draws, p=posterior.weight)
    rho = posterior.grid[pick]
    innovation = posterior.ssr[pick] / rng.chisquare(posterior.df, size=draws)
    sd = np.sqrt(innovation / (1.0 - rho**2))  # the stationary spread around the level
    return Noise(sd=np.maximum(sd, MIN_NOISE_SD), rho=np.clip(rho, *RHO_RANGE))


def _range(values: Floats) -> tuple[float, float]:
    low, high = np.quantile(values, [0.1, 0.9])
    return round(float(low), 2), round(float(high), 2)


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
    days, values = _checked(baseline)
    noise = baseline_noise(noise_posterior(days, values), seed=seed)
    sd, rho = float(np.median(noise.sd)), float(np.median(noise.rho))
    mean, n = float(np.mean(values)), len(values)
    missing = 1.0 - n / len(baseline)
    plan = Planned(
        pairs, period_days, washout_days, level=mean, noise_sd=sd, rho=rho, missing_share=missing
    )
    smallest, curve = smallest_detectable(plan, seed=seed, power=power, noise=noise)
    enough = smallest is not None and smallest <= MIC
    return Detectable(
        smallest_difference=smallest,
        noise_sd=round(sd, 2),
        autocorrelation=round(rho, 2),
        mean=mean,
        baseline_days=n,
        power_by_difference=curve,
        pairs=pairs,
        period_days=period_days,
        washout_days=washout_days,
        pairs_needed=None if enough else pairs_needed(plan, seed=seed, power=power, noise=noise),
        simulations=SIMULATIONS,
        seed=seed,
        power=power,
        noise_sd_range=_range(noise.sd),
        autocorrelation_range=_range(noise.rho),
    )


def _simulated(plan: Planned, seed: int, noise: Noise | None) -> list[Simulated]:
    """Simulate the plan; with ``noise``, each batch has its own drawn spread and rho."""
    rng = np.random.default_rng(seed)
    sets: list[Simulated] = []
    for batch in range(SIMULATIONS // _BATCH):
        person = plan if noise is None else noise.batch(plan, batch)
        drawn = simulate(person, count=_BATCH, rng=rng)
        if drawn is not None and _analysable(drawn, plan):
            sets.append(drawn)  # else the analysis would call it inconclusive: not detected
    return sets


def _analysable(drawn: Simulated, plan: Planned) -> bool:
    """Return whether the analysis' own rules allow an answer: days per arm, and pairs."""
    massage = drawn.layout.massage
    days_a = sum(massage)
    if min(days_a, len(massage) - days_a) < MIN_DAYS_PER_ARM:
        return False
    arms_by_pair: dict[int, set[bool]] = {}
    for day, arm in zip(drawn.layout.day, massage, strict=True):
        arms_by_pair.setdefault(day // (2 * plan.period_days), set()).add(arm)
    return sum(len(arms) == 2 for arms in arms_by_pair.values()) >= MIN_PAIRS


def _power_at(sets: list[Simulated], difference: float) -> float:
    detected = 0
    for one in sets:
        # Detected: the 95% interval lies wholly on the side of lower pain with massage
        # (an interval wholly on the other side finds harm, not the benefit looked for).
        cdf = benefit_cdf(one.layout, one.pain(difference), 0.0)
        detected += int(np.sum(cdf < 0.025))
    return detected / SIMULATIONS


def power_at(plan: Planned, difference: float, *, seed: int, noise: Noise | None = None) -> float:
    """Return the share of simulated trials of ``plan`` detecting ``difference``."""
    return _power_at(_simulated(plan, seed, noise), difference)


def smallest_detectable(
    plan: Planned, *, seed: int, power: float = 0.8, noise: Noise | None = None
) -> tuple[float | None, tuple[tuple[float, float], ...]]:
    """Return the smallest difference on the grid detected with ``power``, and the power curve.

    The curve stops at that difference (or runs to the end of the grid). Without
    ``noise`` the plan's spread and autocorrelation are taken as known.
    """
    sets = _simulated(plan, seed, noise)
    curve: list[tuple[float, float]] = []
    for difference in DIFFERENCES:
        share = _power_at(sets, difference)
        curve.append((difference, share))
        if share >= power:
            return difference, tuple(curve)
    return None, tuple(curve)


def pairs_needed(
    plan: Planned, *, seed: int, power: float = 0.8, noise: Noise | None = None
) -> int | None:
    """Return the fewest pairs (more than planned, at most 10) detecting the MIC, or None.

    Power rises with pairs, so the search halves the range: at most 4 simulations.
    """

    def detects(pairs: int) -> bool:
        bigger = dataclasses.replace(plan, pairs=pairs)
        return power_at(bigger, MIC, seed=seed, noise=noise) >= power

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
