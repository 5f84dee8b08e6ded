"""Calibration of the N-of-1 model (issue 15, item 8), the short version for the suite.

On simulated trials with a known effect the 95% interval must cover the truth
in at least 90% of 200 simulations per setting, and with no effect the
probability of a benefit of at least 2 points must stay below 0.2 in at least
95% of them. Fixed seeds; ``bench/nof1_calibration.py`` runs the full grid.
The last test shows the check can fail: a model that ignores day-to-day
correlation does.
"""

from __future__ import annotations

import numpy as np
import pytest

from backrub.domain.nof1_calibration import calibrate
from backrub.domain.nof1_simulation import Planned

SIMULATIONS = 200

SETTINGS = [  # (pairs, period days, noise sd, rho, trend per week, true benefit)
    (3, 7, 1.0, 0.0, 0.0, 0.0),
    (3, 7, 1.0, 0.6, 0.3, 0.0),
    (3, 7, 1.0, 0.3, 0.3, 2.0),
    (4, 14, 1.5, 0.6, 0.0, 0.0),
    (4, 14, 1.5, 0.3, 0.3, 1.0),
    (4, 14, 1.5, 0.6, 0.3, 3.0),
]


@pytest.mark.parametrize(("pairs", "period", "sd", "rho", "trend", "benefit"), SETTINGS)
def test_the_interval_covers_the_true_effect(
    pairs: int, period: int, sd: float, rho: float, trend: float, benefit: float
) -> None:
    plan = Planned(pairs, period, 2, noise_sd=sd, rho=rho, trend_per_week=trend)
    result = calibrate(plan, benefit=benefit, simulations=SIMULATIONS, seed=2015)
    assert result.coverage >= 0.90
    assert result.mean_estimate == pytest.approx(benefit, abs=0.25)
    if benefit == 0.0:
        assert result.share_p_benefit_below >= 0.95


def test_a_model_ignoring_autocorrelation_fails_the_same_check() -> None:
    plan = Planned(3, 14, 2, noise_sd=1.5, rho=0.6, trend_per_week=0.3)
    result = calibrate(
        plan, benefit=1.0, simulations=SIMULATIONS, seed=2015, rho_grid=np.array([0.0])
    )
    assert result.coverage < 0.90
