"""Calibration of the N-of-1 model on simulated trials with a known effect (issue 15, item 8).

For a setting (design, true benefit, autocorrelation, trend, noise) it simulates
trials (``nof1_simulation``), fits the model to each, and reports how often
the 95% credible interval covers the true benefit and the spread of the
probability of a benefit of at least the minimal important change. A
calibrated model covers the truth in about 95% of trials; issue 15 asks for at
least 90%, and with no effect for P(benefit >= 2 points) < 0.2 in at least
95% of trials. The suite runs a short version, ``bench/nof1_calibration.py``
the long one.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from backrub.domain.nof1_analysis import MIC
from backrub.domain.nof1_model import RHO_GRID, fit_many
from backrub.domain.nof1_simulation import Planned, simulate
from backrub.domain.nof1_student import Floats

__all__ = ["Calibration", "calibrate"]

_BATCH = 20  # simulated trials sharing one drawn allocation


@dataclass(frozen=True, slots=True)
class Calibration:
    """How the model did on simulated trials of one setting."""

    plan: Planned
    benefit: float
    simulations: int
    coverage: float  # share of 95% intervals holding the true benefit
    p_benefit_quantiles: tuple[float, float, float]  # 5%, 50%, 95% of P(benefit >= MIC)
    share_p_benefit_below: float  # share of trials with P(benefit >= MIC) < 0.2
    mean_estimate: float  # average posterior mean (the true value is ``benefit``)


def calibrate(
    plan: Planned, *, benefit: float, simulations: int, seed: int, rho_grid: Floats = RHO_GRID
) -> Calibration:
    """Simulate ``simulations`` trials of ``plan`` with a true ``benefit`` and fit each."""
    rng = np.random.default_rng(seed)
    covered: list[NDArray[np.bool_]] = []
    p_benefit: list[Floats] = []
    estimates: list[Floats] = []
    done = 0
    while done < simulations:
        count = min(_BATCH, simulations - done)
        drawn = simulate(plan, count=count, rng=rng)
        if drawn is None:
            continue  # a draw with too few recorded days is redrawn
        fitted = fit_many(drawn.layout, drawn.pain(benefit), threshold=MIC, rho_grid=rho_grid)
        covered.append((fitted.lower <= benefit) & (benefit <= fitted.upper))
        p_benefit.append(fitted.p_at_least)
        estimates.append(fitted.mean)
        done += count
    chance = np.concatenate(p_benefit)
    low, middle, high = np.quantile(chance, [0.05, 0.5, 0.95])
    return Calibration(
        plan=plan,
        benefit=benefit,
        simulations=simulations,
        coverage=float(np.mean(np.concatenate(covered))),
        p_benefit_quantiles=(float(low), float(middle), float(high)),
        share_p_benefit_below=float(np.mean(chance < 0.2)),
        mean_estimate=float(np.mean(np.concatenate(estimates))),
    )
