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
from backrub.domain.nof1_design import parse_design
from backrub.domain.nof1_simulation import Planned, simulate
from backrub.errors import InvalidInput

SIMULATIONS = 200

# The designs a new trial may have (3 pairs of 1 week are refused: the test below).
SETTINGS = [  # (pairs, period days, noise sd, rho, trend per week, true benefit, missing share)
    (4, 7, 1.0, 0.0, 0.0, 0.0, 0.0),
    (3, 14, 1.0, 0.6, 0.3, 0.0, 0.0),
    (3, 14, 1.5, 0.6, 0.0, 0.0, 0.0),  # where 3 pairs of 1 week miss: 2-week periods pass
    (4, 7, 1.0, 0.3, 0.3, 2.0, 0.2),
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


def test_the_known_miss_three_pairs_of_one_week_is_why_that_design_is_refused() -> None:
    # Review finding 2: at 3 pairs of 1 week, rho 0.6, sd 1.5 the no-effect rule is missed
    # (P(benefit >= 2) < 0.2 in about 92-94% of trials, not 95%; docs/n-of-1-analysis.md,
    # "Calibration"). So a new trial of 3 pairs of 1 week is refused (issue 15 item 8);
    # 4 pairs of 1 week and 3 pairs of 2 weeks pass (the settings above).
    plan = Planned(3, 7, 2, noise_sd=1.5, rho=0.6)
    result = calibrate(plan, benefit=0.0, simulations=SIMULATIONS, seed=2015)
    assert result.coverage >= 0.90
    assert result.share_p_benefit_below < 0.95  # the miss, still there
    with pytest.raises(InvalidInput, match="truly made no difference"):
        parse_design(pairs=3, period_days=7, seed=1)


def test_a_model_ignoring_autocorrelation_fails_the_same_check() -> None:
    plan = Planned(3, 14, 2, noise_sd=1.5, rho=0.6, trend_per_week=0.3)
    result = calibrate(
        plan, benefit=1.0, simulations=SIMULATIONS, seed=2015, rho_grid=np.array([0.0])
    )
    assert result.coverage < 0.90


def test_the_departures_from_the_model_do_what_the_benchmark_says() -> None:
    # Carry-over lowers pain through the no-massage period after a massage period only;
    # easing makes pain fall over the trial, fast at first. No noise, to see them plainly.
    rng = np.random.default_rng(1)
    plan = Planned(3, 7, 0, noise_sd=0.0, rho=0.0, carry_over=0.5)
    drawn = simulate(plan, count=1, rng=rng)
    assert drawn is not None
    pain = drawn.pain(2.0)[0]
    massage = drawn.layout.massage
    after = [t for t in range(7, 42) if not massage[t] and massage[t - drawn.layout.day[t] % 7 - 1]]
    assert after and all(pain[t] == 4.0 for t in after)  # 5 - 0.5 * 2
    first_b = [t for t in range(7) if not massage[t]]
    assert all(pain[t] == 5.0 for t in first_b)
    eased = simulate(Planned(3, 14, 0, noise_sd=0.0, easing=2.0), count=1, rng=rng)
    assert eased is not None
    flat = eased.noise[0]
    assert flat[0] - flat[-1] == pytest.approx(2.0, abs=0.05)
    assert flat[0] - flat[14] > 1.5 * (flat[14] - flat[-1])
