"""Calibration of the N-of-1 model (issue 15, item 8), the long version, and its speed.

Usage: .venv/bin/python bench/nof1_calibration.py [--simulations 200] [--seed 2015]
       [--baselines 20]

For each design (3 pairs of 1-week periods, the least backrub allows; 4 pairs
of 1 week; 3 pairs of 2 weeks; 4 pairs of 2 weeks), each true benefit (0, 1, 2,
3 points lower on massage), each autocorrelation (0, 0.3, 0.6) and without or
with a trend (pain easing by 0.25 points a week, as back pain tends to), it
simulates ``--simulations`` trials (daily pain level 5, day-to-day sd 1.5,
whole points 0-10, 2 washout days a period; ``backrub.domain.nof1_simulation``),
fits the model to each and prints:

- coverage: share of 95% credible intervals holding the true benefit
  (target >= 0.90);
- P(benefit >= 2): its 5%, 50% and 95% quantiles over the trials, and with no
  effect the share of trials where it is below 0.2 (target >= 0.95);
- the mean posterior estimate beside the truth;
- the pre-trial power check (``nof1_power``, no trend) for a person with that
  noise and autocorrelation: the smallest difference detected with 80% power
  when the noise is known, and the share of ``--baselines`` people, each with
  only a 14-day baseline diary, whom the check (drawing the noise from their
  baseline's posterior, as ``detectable_difference`` does) tells the plan is
  enough (detects 2 points with 80% power).

Every setting has its own seed (``--seed`` + 1000 x its number), so no two
settings share their simulated noise. Then a second grid with 20% of the days
unrecorded (every design, rho 0.3 and 0.6, benefit 0 and 2, no trend); then,
not gated, settings outside the model's own world for 4 pairs of 1 week and 3
pairs of 2 weeks (rho 0.3): 20% of the benefit carrying over into the next
no-massage period, pain easing by 2 points over the trial along a curve (an
acute episode settling), and pain near the floor (level 2); then the
time of one fit as a trial's analysis makes it (``nof1_model.fit``; median of
30, for each design, target well under 30 s) and the time per fit when the
calibration fits a batch. Fixed seeds: the same figures every run (timings
apart). It exits 0 when every setting passes except the known miss of the
no-effect rule at 3 pairs of 1 week (docs/n-of-1-analysis.md, "Calibration").
"""

from __future__ import annotations

import argparse
import platform
import statistics
import sys
import time
from dataclasses import replace
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from backrub.domain.nof1_calibration import Calibration, calibrate  # noqa: E402
from backrub.domain.nof1_model import fit, noise_posterior  # noqa: E402
from backrub.domain.nof1_power import (  # noqa: E402
    baseline_noise,
    power_at,
    smallest_detectable,
)
from backrub.domain.nof1_simulation import Planned, simulate  # noqa: E402

DESIGNS = ((3, 7), (4, 7), (3, 14), (4, 14))  # (pairs, period days)
# The no-effect rule is missed here at rho 0.6 (docs), so a new trial may no longer
# have this design (domain/nof1_design.py refuses it); it stays in the grid to show why.
KNOWN_MISS = (3, 7)
MISSING = 0.2  # share of unrecorded days in the second grid
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


def _baseline(rng: np.random.Generator, rho: float) -> tuple[float, ...]:
    """Return a 14-day baseline diary: level 5, sd 1.5, AR(1), whole points 0-10."""
    error = rng.normal(0, NOISE_SD)
    values = []
    for _day in range(14):
        error = rho * error + rng.normal(0, NOISE_SD * np.sqrt(1 - rho**2))
        values.append(float(np.clip(np.rint(5 + error), 0, 10)))
    return tuple(values)


def _power_check(pairs: int, period: int, rho: float, seed: int, baselines: int) -> str:
    """What the pre-trial power check says of this design for this person."""
    plan = Planned(pairs, period, WASHOUT, noise_sd=NOISE_SD, rho=rho)
    known = smallest_detectable(plan, seed=seed)[0]
    rng = np.random.default_rng([seed, 14])
    told = 0
    for person in range(baselines):
        diary = _baseline(rng, rho)
        noise = baseline_noise(noise_posterior(tuple(range(14)), diary), seed=seed + person)
        told += power_at(plan, 2.0, seed=seed + person, noise=noise) >= 0.8
    return f"known noise: detects {known}; 14-day baselines told enough: {told}/{baselines}"


def _missed(c: Calibration, benefit: float) -> bool:
    return c.coverage < TARGETS["coverage"] or (
        benefit == 0 and c.share_p_benefit_below < TARGETS["no_effect_below"]
    )


def _row(plan: Planned, benefit: float, c: Calibration, note: str) -> str:
    low, middle, high = c.p_benefit_quantiles
    return (
        f"{plan.pairs}x{plan.period_days:<2d} days  {benefit:5.1f}  {plan.rho:4.1f}  "
        f"{plan.trend_per_week:7.2f}  {plan.missing_share:4.0%}  {c.coverage:8.3f}  "
        f"{low:5.3f}/{middle:5.3f}/{high:5.3f}  {c.share_p_benefit_below:11.3f}  "
        f"{c.mean_estimate:8.2f}  {note}" + ("  MISS" if _missed(c, benefit) else "")
    )


def _settings() -> list[tuple[Planned, float]]:
    grid = [
        (Planned(p, d, WASHOUT, noise_sd=NOISE_SD, rho=rho, trend_per_week=trend), benefit)
        for p, d in DESIGNS
        for trend in TRENDS
        for rho in RHOS
        for benefit in BENEFITS
    ]
    grid += [
        (Planned(p, d, WASHOUT, noise_sd=NOISE_SD, rho=rho, missing_share=MISSING), benefit)
        for p, d in DESIGNS
        for rho in (0.3, 0.6)
        for benefit in (0.0, 2.0)
    ]
    return grid


def _misspecified() -> list[tuple[str, Planned, float]]:
    grid = []
    for p, d in ((4, 7), (3, 14)):
        base = Planned(p, d, WASHOUT, noise_sd=NOISE_SD, rho=0.3)
        for label, plan in (
            ("20% carry-over", replace(base, carry_over=0.2)),
            ("easing 2 points, curved", replace(base, easing=2.0)),
            ("level 2 (near the floor)", replace(base, level=2.0)),
        ):
            grid += [(label, plan, benefit) for benefit in (0.0, 2.0)]
    return grid


def _outside(simulations: int, seed: int) -> None:
    """Print the settings outside the model's world: how it degrades (not gated)."""
    print("outside the model's own world (not gated):")
    for number, (label, plan, benefit) in enumerate(_misspecified()):
        c = calibrate(
            plan, benefit=benefit, simulations=simulations, seed=seed + 500 + 1000 * number
        )
        print(_row(plan, benefit, c, label).replace("  MISS", "  (below target)"))


def _grid(simulations: int, seed: int, baselines: int) -> tuple[bool, bool, float, int]:
    """Print the grid; return (all pass, all pass but the known miss, time, fits)."""
    ok = ok_but_known = True
    spent, fits = 0.0, 0
    checks: dict[tuple[int, int, float], str] = {}
    print(
        "design      benefit  rho  trend/wk  miss  coverage  P(b>=2) 5%/50%/95%   "
        "P(b>=2)<0.2  mean est  power check"
    )
    for number, (plan, benefit) in enumerate(_settings()):
        key = (plan.pairs, plan.period_days, plan.rho)
        if key not in checks:
            checks[key] = _power_check(*key, seed, baselines)
            note = checks[key]
        else:
            note = ""
        start = time.perf_counter()
        c = calibrate(plan, benefit=benefit, simulations=simulations, seed=seed + 1000 * number)
        spent += time.perf_counter() - start
        fits += simulations
        missed = _missed(c, benefit)
        ok = ok and not missed
        known = (plan.pairs, plan.period_days) == KNOWN_MISS and c.coverage >= 0.9
        ok_but_known = ok_but_known and (not missed or known)
        print(_row(plan, benefit, c, note))
    return ok, ok_but_known, spent, fits


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--simulations", type=int, default=200)
    parser.add_argument("--seed", type=int, default=2015)
    parser.add_argument("--baselines", type=int, default=20)
    args = parser.parse_args()
    print(
        f"nof1 calibration on {platform.machine()}, "
        f"{platform.processor() or platform.platform()}, Python {platform.python_version()}, "
        f"numpy {np.__version__}; {args.simulations} simulations a setting, seed {args.seed}, "
        f"noise sd {NOISE_SD}, washout {WASHOUT} days"
    )
    ok, ok_but_known, spent, fits = _grid(args.simulations, args.seed, args.baselines)
    _outside(args.simulations, args.seed)
    for pairs, period in DESIGNS:
        one = _single_fit_seconds(pairs, period, args.seed)
        fits_ok = one <= TARGETS["fit_s"]
        ok, ok_but_known = ok and fits_ok, ok_but_known and fits_ok
        print(
            f"one fit, {pairs} pairs of {period} days: median {one * 1000:.0f} ms "
            f"({'PASS' if fits_ok else 'MISS'} <= 30 s)"
        )
    print(f"batched in the calibration: {spent / fits * 1000:.2f} ms a fit ({fits} fits)")
    print(f"every setting: {'PASS' if ok else 'MISS'}")
    print(
        "every setting but the known no-effect miss at 3 pairs of 1 week: "
        + ("PASS" if ok_but_known else "MISS")
    )
    return 0 if ok_but_known else 1


if __name__ == "__main__":
    sys.exit(main())
