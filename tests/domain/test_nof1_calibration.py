"""Calibration of the N-of-1 model (issue 15, item 8), the short version for the suite.

On simulated trials with a known effect the 95% interval must cover the truth
in at least 90% of 200 simulations per setting, and with no effect the
probability of a benefit of at least 2 points must stay below 0.2 in at least
95% of them. Fixed seeds; ``bench/nof1_calibration.py`` runs the full grid. Some settings
leave 20% of the days without a check-in, so gaps other than the washout are
calibrated too.
The last test shows the check can fail: a model that ignores day-to-day
correlation does.
"""

from __future__ import annotations

import numpy as np
import pytest

from backrub.domain.nof1_calibration import calibrate
from backrub.domain.nof1_simulation import Planned

SIMULATIONS = 200

SETTINGS = [  # (pairs, period days, noise sd, rho, trend per week, true benefit, missing share)
    (3, 7, 1.0, 0.0, 0.0, 0.0, 0.0),
    (3, 7, 1.0, 0.6, 0.3, 0.0, 0.0),
    (3, 7, 1.0, 0.3, 0.3, 2.0, 0.2),
    (4, 7, 1.5, 0.6, 0.0, 0.0, 0.2),
    (4, 14, 1.5, 0.6, 0.0, 0.0, 0.0),
    (4, 14, 1.5, 0.3, 0.3, 1.0, 0.0),
    (4, 14, 1.5, 0.6, 0.3, 3.0, 0.2),
]


@pytest.mark.parametrize(("pairs", "period", "sd", "rho", "trend", "benefit", "missing"), SETTINGS)
def test_the_interval_covers_the_true_effect(
    pairs: int, period: int, sd: float, rho: float, trend: float, benefit: float, missing: float
) -> None:
    plan = Planned(
        pairs, period, 2, noise_sd=sd, rho=rho, trend_per_week=trend, missing_share=missing
    )
    result = calibrate(plan, benefit=benefit, simulations=SIMULATIONS, seed=2015)
    assert result.coverage >= 0.90
    assert result.mean_estimate == pytest.approx(benefit, abs=0.25)
    if benefit == 0.0:
        assert result.share_p_benefit_below >= 0.95


def test_the_known_miss_three_pairs_of_one_week_with_strongly_correlated_pain() -> None:
    # Review finding 2: at 3 pairs of 1 week, rho 0.6, sd 1.5 the no-effect rule is missed
    # (P(benefit >= 2) < 0.2 in about 92-94% of trials, not 95%; docs/n-of-1-analysis.md,
    # "Calibration"). The interval still covers, and the miss stays within this bound; the
    # power check warns such a plan, and 4 pairs pass (the setting above).
    plan = Planned(3, 7, 2, noise_sd=1.5, rho=0.6)
    result = calibrate(plan, benefit=0.0, simulations=SIMULATIONS, seed=2015)
    assert result.coverage >= 0.90
    assert result.share_p_benefit_below >= 0.90  # not 0.95: the accepted miss


def test_a_model_ignoring_autocorrelation_fails_the_same_check() -> None:
    plan = Planned(3, 14, 2, noise_sd=1.5, rho=0.6, trend_per_week=0.3)
    result = calibrate(
        plan, benefit=1.0, simulations=SIMULATIONS, seed=2015, rho_grid=np.array([0.0])
    )
    assert result.coverage < 0.90
