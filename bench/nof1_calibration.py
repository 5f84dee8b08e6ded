"""Calibration of the N-of-1 model (issue 15, item 8), the long version, and its speed.

Usage: .venv/bin/python bench/nof1_calibration.py [--simulations 200] [--seed 2015]

For each design (3 pairs of 1-week periods, the least backrub allows, and 4
pairs of 2-week periods), each true benefit (0, 1, 2, 3 points lower on
massage), each autocorrelation (0, 0.3, 0.6) and without or with a trend
(pain easing by 0.25 points a week, as back pain tends to), it simulates
``--simulations`` trials (daily pain level 5, day-to-day sd 1.5, whole points
0-10, 2 washout days a period; ``backrub.domain.nof1_simulation``), fits the
model to each and prints:

- coverage: share of 95% credible intervals holding the true benefit
  (target >= 0.90);
- P(benefit >= 2): its 5%, 50% and 95% quantiles over the trials, and with no
  effect the share of trials where it is below 0.2 (target >= 0.95);
- the mean posterior estimate beside the truth;
- what the pre-trial power check (``nof1_power``, no trend) says of that design
  for a person with that noise and autocorrelation: the smallest difference it
  detects with 80% power, and so whether backrub would suggest more pairs.

Then the time of one fit as a trial's analysis makes it (``nof1_model.fit``;
median of 30, for each design, target well under 30 s) and the time per fit
when the calibration fits a batch. Fixed seeds: the same figures every run
(timings apart).
"""

from __future__ import annotations

import argparse
import platform
import statistics
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from backrub.domain.nof1_calibration import calibrate  # noqa: E402
from backrub.domain.nof1_model import fit  # noqa: E402
from backrub.domain.nof1_power import smallest_detectable  # noqa: E402
from backrub.domain.nof1_simulation import Planned, simulate  # noqa: E402

DESIGNS = ((3, 7), (4, 14))  # (pairs, period days)
BENEFITS = (0.0, 1.0, 2.0, 3.0)
RHOS = (0.0, 0.3, 0.6)
TRENDS = (0.0, -0.25)  # points a week
NOISE_SD = 1.5
WASHOUT = 2
TARGETS = {"coverage": 0.90, "no_effect_below": 0.95, "fit_s": 30.0}


def _single_fit_seconds(pairs: int, period: int, seed: int) -> float:
    plan = Planned(pairs, period, WASHOUT, noise_sd=NOISE_SD, rho=0.3)
    drawn = simulate(plan, count=30, rng=np.random.default_rng(seed))
    assert drawn is not None
    rows = drawn.pain(1.0)
    times = []
    for row in rows:
        start = time.perf_counter()
        fit(drawn.layout, tuple(float(v) for v in row), threshold=2.0)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def _detectable(pairs: int, period: int, rho: float, seed: int) -> float | None:
    """What the pre-trial power check says of this design for this person."""
    plan = Planned(pairs, period, WASHOUT, noise_sd=NOISE_SD, rho=rho)
    return smallest_detectable(plan, seed=seed)[0]


def _grid(simulations: int, seed: int) -> tuple[bool, bool, float, int]:
    """Print the grid; return (all pass, all pass where the power check allows, time, fits)."""
    ok = ok_allowed = True
    spent, fits = 0.0, 0
    print(
        "design      benefit  rho  trend/wk  coverage  P(b>=2) 5%/50%/95%   "
        "P(b>=2)<0.2  mean est  power check"
    )
    for pairs, period in DESIGNS:
        for trend in TRENDS:
            for rho in RHOS:
                found = _detectable(pairs, period, rho, seed)
                allowed = found is not None and found <= 2.0
                check = f"detects {found} -> " + ("enough" if allowed else "more pairs")
                for benefit in BENEFITS:
                    plan = Planned(
                        pairs, period, WASHOUT, noise_sd=NOISE_SD, rho=rho, trend_per_week=trend
                    )
                    start = time.perf_counter()
                    c = calibrate(plan, benefit=benefit, simulations=simulations, seed=seed)
                    spent += time.perf_counter() - start
                    fits += simulations
                    low, middle, high = c.p_benefit_quantiles
                    miss = c.coverage < TARGETS["coverage"] or (
                        benefit == 0 and c.share_p_benefit_below < TARGETS["no_effect_below"]
                    )
                    ok = ok and not miss
                    ok_allowed = ok_allowed and (not miss or not allowed)
                    print(
                        f"{pairs}x{period:<2d} days  {benefit:5.1f}  {rho:4.1f}  {trend:7.2f}  "
                        f"{c.coverage:8.3f}  {low:5.3f}/{middle:5.3f}/{high:5.3f}  "
                        f"{c.share_p_benefit_below:11.3f}  {c.mean_estimate:8.2f}  {check}"
                        + ("  MISS" if miss else "")
                    )
    return ok, ok_allowed, spent, fits


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--simulations", type=int, default=200)
    parser.add_argument("--seed", type=int, default=2015)
    args = parser.parse_args()
    print(
        f"nof1 calibration on {platform.machine()}, "
        f"{platform.processor() or platform.platform()}, Python {platform.python_version()}, "
        f"numpy {np.__version__}; {args.simulations} simulations a setting, seed {args.seed}, "
        f"noise sd {NOISE_SD}, washout {WASHOUT} days"
    )
    ok, ok_allowed, spent, fits = _grid(args.simulations, args.seed)
    for pairs, period in DESIGNS:
        one = _single_fit_seconds(pairs, period, args.seed)
        fits_ok = one <= TARGETS["fit_s"]
        ok, ok_allowed = ok and fits_ok, ok_allowed and fits_ok
        print(
            f"one fit, {pairs} pairs of {period} days: median {one * 1000:.0f} ms "
            f"({'PASS' if fits_ok else 'MISS'} <= 30 s)"
        )
    print(f"batched in the calibration: {spent / fits * 1000:.2f} ms a fit ({fits} fits)")
    print(f"every setting: {'PASS' if ok else 'MISS'}")
    print(f"every setting the power check lets start: {'PASS' if ok_allowed else 'MISS'}")
    return 0 if ok_allowed else 1


if __name__ == "__main__":
    sys.exit(main())
