"""The analysis of an N-of-1 trial of massage (A) against no massage (B).

Two analyses of daily pain, each twice: the primary one leaves out the washout
days (the first days of each period, when the previous period's effect may
linger), the sensitivity one keeps every day.

1. The exact randomisation test (``nof1_randomisation``): how surprising the
   difference would be if massage changed nothing, over every order the design
   allowed.
2. The Bayesian model (``nof1_model``): period effect, linear trend and AR(1)
   errors; the posterior mean of the benefit (points lower on massage days),
   its 95% credible interval and the probability that the benefit is at least
   the minimal important change (2 points, ostelo-2008).

A result is *inconclusive* when it cannot answer, and says why with codes the
words turn into sentences (``nof1_words``):

    few_days             fewer than 7 used days in an arm (product default)
    few_pairs            fewer than 3 pairs with used days in both arms (the
                         trial's minimum; a trial stopped early)
    noisy                the interval includes no difference *and* a benefit of
                         the minimal important change: the data cannot tell them apart
    no_clear_difference  the interval includes no difference, but rules out a
                         benefit as large as the minimal important change

Nothing is drawn at random (the model's quantiles are exact), so the same days
always give the same result; ``seed`` is kept with the result for the record.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from backrub.domain.nof1_days import TrialDay, checked_days, used_days
from backrub.domain.nof1_model import RHO_GRID, Layout, fit
from backrub.domain.nof1_randomisation import randomisation_test
from backrub.errors import InvalidInput
from backrub.i18n import _

__all__ = ["MIC", "MIN_DAYS_PER_ARM", "MIN_PAIRS", "Result", "TrialAnalysis", "analyse"]

MIC = 2.0  # ostelo-2008: minimal important change in pain, 0-10 scale
# Product default, as for the non-randomised comparison: fewer than a week of days
# in an arm is too little to compare, however large the difference looks.
MIN_DAYS_PER_ARM = 7
MIN_PAIRS = 3  # the trial's own minimum (issue 15; CENT 2015 asks for replication)


@dataclass(frozen=True, slots=True)
class Result:
    """One analysis of the trial's daily pain (washout days left out, or kept)."""

    days_a: int  # days with a pain value used, massage periods
    days_b: int
    mean_a: float | None
    mean_b: float | None
    difference: float | None  # mean B - mean A: positive = lower pain with massage
    pairs: int  # pairs with used days in both arms
    p_value: float | None  # randomisation test, one-sided (lower pain with massage)
    p_two_sided: float | None
    allocations: int  # 2 ** pairs the design allowed
    smallest_p: float | None
    posterior_mean: float | None  # massage effect: points lower on massage days
    lower: float | None  # its 95% credible interval
    upper: float | None
    p_benefit_mic: float | None  # P(massage lowers pain by >= mic)
    autocorrelation: float | None  # posterior mean of rho
    mic: float
    inconclusive_reasons: tuple[str, ...]

    @property
    def is_conclusive(self) -> bool:
        """Return whether the interval excludes no difference and nothing else stands in the way."""
        return not self.inconclusive_reasons

    def to_json(self) -> dict[str, object]:
        """Return the result as plain data (numbers unrounded)."""
        return {
            "days": {"massage": self.days_a, "no_massage": self.days_b},
            "mean_pain": {"massage": self.mean_a, "no_massage": self.mean_b},
            "difference": self.difference,
            "difference_meaning": "mean pain without massage minus with massage; "
            "positive = lower pain with massage",
            "pairs": self.pairs,
            "randomisation_test": {
                "p_value": self.p_value,
                "p_two_sided": self.p_two_sided,
                "allocations": self.allocations,
                "smallest_p": self.smallest_p,
            },
            "model": {
                "posterior_mean": self.posterior_mean,
                "ci95": None if self.lower is None else [self.lower, self.upper],
                "p_benefit_mic": self.p_benefit_mic,
                "autocorrelation": self.autocorrelation,
            },
            "mic": self.mic,
            "is_conclusive": self.is_conclusive,
            "inconclusive_reasons": list(self.inconclusive_reasons),
        }


@dataclass(frozen=True, slots=True)
class TrialAnalysis:
    """The primary analysis (washout days left out) and the sensitivity one (every day)."""

    primary: Result
    sensitivity: Result
    washout_days: int
    seed: int
    mic: float

    @property
    def inconclusive_reasons(self) -> tuple[str, ...]:
        """Return the primary analysis' reasons (empty when it is conclusive)."""
        return self.primary.inconclusive_reasons

    def to_json(self) -> dict[str, object]:
        """Return both analyses and how they were made, as plain data."""
        return {
            "kind": "n_of_1_analysis",
            "outcome": "daily pain, 0-10",
            "washout_days": self.washout_days,
            "seed": self.seed,
            "mic": self.mic,
            "mic_source": "ostelo-2008",
            "methods": {
                "randomisation_test": "exact, every within-pair order (Edgington & Onghena 2007)",
                "model": "pain = mu + delta*massage + beta*day + AR(1) error; reference prior "
                "(flat coefficients, 1/sigma), uniform prior on rho over "
                f"{RHO_GRID[0]:.2f}..{RHO_GRID[-1]:.2f}; exact posterior (Zellner 1971; "
                "Prais & Winsten 1954)",
            },
            "primary": self.primary.to_json(),
            "sensitivity": self.sensitivity.to_json(),
        }


def analyse(
    days: Sequence[TrialDay], *, washout_days: int, seed: int, mic: float = MIC
) -> TrialAnalysis:
    """Analyse a trial's days: primary (washout left out) and sensitivity (every day)."""
    if washout_days < 0:
        raise InvalidInput("washout_days", washout_days, _("use a whole number of 0 or more"))
    if not math.isfinite(mic) or mic <= 0:
        raise InvalidInput("mic", mic, _("use a number above 0"))
    ordered = checked_days(days)
    return TrialAnalysis(
        primary=_result(used_days(ordered, washout_days), mic),
        sensitivity=_result(used_days(ordered, None), mic),
        washout_days=washout_days,
        seed=seed,
        mic=mic,
    )


def _mean(values: list[float]) -> float | None:
    return math.fsum(values) / len(values) if values else None


def _result(days: list[TrialDay], mic: float) -> Result:
    a = [float(one.pain or 0.0) for one in days if one.arm == "A"]
    b = [float(one.pain or 0.0) for one in days if one.arm == "B"]
    mean_a, mean_b = _mean(a), _mean(b)
    pairs = len(
        {one.pair for one in days if one.arm == "A"} & {one.pair for one in days if one.arm == "B"}
    )
    test = randomisation_test(days)
    layout = Layout(tuple(one.day for one in days), tuple(one.arm == "A" for one in days))
    model = None
    if layout.is_fittable():
        model = fit(layout, tuple(float(one.pain or 0.0) for one in days), threshold=mic)
    bounds = None if model is None else (float(model.lower[0]), float(model.upper[0]))
    return Result(
        days_a=len(a),
        days_b=len(b),
        mean_a=mean_a,
        mean_b=mean_b,
        difference=None if mean_a is None or mean_b is None else mean_b - mean_a,
        pairs=pairs,
        p_value=None if test is None else test.p_value,
        p_two_sided=None if test is None else test.p_two_sided,
        allocations=2 ** len({one.pair for one in days}),
        smallest_p=None if test is None else test.smallest_p,
        posterior_mean=None if model is None else float(model.mean[0]),
        lower=None if bounds is None else bounds[0],
        upper=None if bounds is None else bounds[1],
        p_benefit_mic=None if model is None else float(model.p_at_least[0]),
        autocorrelation=None if model is None else float(model.rho_mean[0]),
        mic=mic,
        inconclusive_reasons=_reasons(len(a), len(b), pairs, bounds, mic),
    )


def _reasons(
    days_a: int, days_b: int, pairs: int, bounds: tuple[float, float] | None, mic: float
) -> tuple[str, ...]:
    reasons: list[str] = []
    if min(days_a, days_b) < MIN_DAYS_PER_ARM or bounds is None:
        reasons.append("few_days")
    if pairs < MIN_PAIRS:
        reasons.append("few_pairs")
    if "few_days" not in reasons and bounds is not None and bounds[0] <= 0.0 <= bounds[1]:
        reasons.append("noisy" if bounds[1] >= mic else "no_clear_difference")
    return tuple(reasons)
