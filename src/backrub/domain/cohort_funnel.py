"""Draw a funnel plot's control limits around the clinic's share.

Spiegelhalter DJ (2005), "Funnel plots for comparing institutional
performance", Stat Med 24:1185-1202. Each therapist's share of responders is
plotted against their number of clients ``n``; the target ``p0`` is the
clinic's share. Limits at 95% and 99.8% (about 2 and 3 standard deviations)
form a funnel that narrows as ``n`` grows: a point inside the funnel is
consistent with chance, and therapists are never put in order. With many
therapists, about 1 in 20 falls outside the 95% limits by chance alone.

Two ways to draw the limits, both from the paper:

- ``Method.NORMAL``: ``p0 +/- z sqrt(p0 (1 - p0) / n)``, kept within 0 to 1.
- ``Method.EXACT`` (the default): the binomial quantile with the paper's
  interpolation (Appendix A.1.1), so the line is smooth although counts are
  whole. For a tail probability ``q`` (0.001, 0.025, 0.975, 0.999), ``r`` is the
  smallest count with ``P(R <= r) >= q`` for ``R ~ Binomial(n, p0)``, and::

      a     = (P(R <= r) - q) / (P(R <= r) - P(R <= r - 1))
      limit = (r - a) / n

The binomial distribution is summed here with numpy in log space (no scipy);
``binomial_cdf`` is exposed so the tests can check it against an exact sum
with ``math.comb``.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

import numpy as np

from backrub.domain.cohort_intervals import normal_quantile
from backrub.i18n import N_, _

__all__ = [
    "COVERAGES",
    "FUNNEL_METHOD",
    "FunnelLimits",
    "Method",
    "Position",
    "binomial_cdf",
    "binomial_cdfs",
    "binomial_quantile",
    "funnel_curve",
    "funnel_limits",
    "interpolated_limit",
    "position",
]

# Spiegelhalter 2005 draws 95% and 99.8% limits (tail probabilities 0.025 and 0.001).
COVERAGES = (0.95, 0.998)

FUNNEL_METHOD = N_(
    "Funnel plot with 95% and 99.8% control limits around the clinic's share "
    "(Spiegelhalter 2005, Statistics in Medicine 24:1185-1202), "
    "from the binomial distribution."
)


class Method(StrEnum):
    EXACT = "exact binomial, interpolated"
    NORMAL = "normal approximation"


def binomial_cdfs(n: int, p: float) -> np.ndarray:
    """Return ``P(R <= r)`` for ``r = 0..n``, ``R ~ Binomial(n, p)``, as one array.

    Summed in log space so that ``n`` in the tens of thousands neither
    overflows nor underflows; the last value is 1.
    """
    if n < 0:
        raise ValueError(f"n must be 0 or more, not {n}")
    if not 0 <= p <= 1:
        raise ValueError(f"p must lie from 0 to 1, not {p}")
    if p in (0.0, 1.0):
        pmf = np.zeros(n + 1)
        pmf[0 if p == 0 else n] = 1.0
        return np.cumsum(pmf)
    k = np.arange(1, n + 1, dtype=float)
    log_choose = np.concatenate(([0.0], np.cumsum(np.log(n - k + 1) - np.log(k))))
    r = np.arange(n + 1, dtype=float)
    log_pmf = log_choose + r * math.log(p) + (n - r) * math.log1p(-p)
    cdf = np.cumsum(np.exp(log_pmf - log_pmf.max()))
    return np.asarray(cdf / cdf[-1])


def binomial_cdf(r: int, n: int, p: float) -> float:
    """Return ``P(R <= r)`` for ``R ~ Binomial(n, p)`` (0 below 0, 1 from ``n``)."""
    if r < 0:
        return 0.0
    if r >= n:
        return 1.0
    return float(binomial_cdfs(n, p)[r])


def binomial_quantile(q: float, n: int, p: float) -> int:
    """Return the smallest ``r`` with ``P(R <= r) >= q``."""
    if not 0 < q < 1:
        raise ValueError(f"q must lie strictly between 0 and 1, not {q}")
    return int(np.searchsorted(binomial_cdfs(n, p), q, side="left"))


def interpolated_limit(q: float, n: int, p: float) -> float:
    """Return the limit at tail probability ``q``, interpolated as in Spiegelhalter 2005.

    At ``p`` of 0 or 1 nothing varies by chance, so the limit is ``p`` itself.
    """
    if p in (0.0, 1.0):
        return p
    return _interpolated(q, n, binomial_cdfs(n, p))


def _interpolated(q: float, n: int, cdfs: np.ndarray) -> float:
    r = int(np.searchsorted(cdfs, q, side="left"))
    r = min(r, n)  # float noise can leave the last value a hair under q
    at = float(cdfs[r])
    below = float(cdfs[r - 1]) if r > 0 else 0.0
    a = (at - q) / (at - below)
    return min(1.0, max(0.0, (r - a) / n))


@dataclass(frozen=True, slots=True)
class FunnelLimits:
    """The control limits at one ``n`` around ``target``."""

    n: int
    target: float
    lower_95: float
    upper_95: float
    lower_998: float
    upper_998: float
    method: Method

    def to_json(self) -> dict[str, object]:
        return {
            "n": self.n,
            "target": self.target,
            "lower_95": self.lower_95,
            "upper_95": self.upper_95,
            "lower_998": self.lower_998,
            "upper_998": self.upper_998,
            "method": self.method.value,
        }


def _normal_limits(target: float, n: int, coverage: float) -> tuple[float, float]:
    half = normal_quantile(coverage) * math.sqrt(target * (1 - target) / n)
    return max(0.0, target - half), min(1.0, target + half)


def funnel_limits(target: float, n: int, method: Method = Method.EXACT) -> FunnelLimits:
    """Return the 95% and 99.8% limits around ``target`` for ``n`` clients."""
    if n < 1:
        raise ValueError(f"a funnel needs at least one client, not n={n}")
    if not 0 <= target <= 1:
        raise ValueError(f"the target share must lie from 0 to 1, not {target}")
    if target in (0.0, 1.0):  # nobody (or everybody) responds: no chance variation at all
        return FunnelLimits(n, target, target, target, target, target, method)
    cdfs = binomial_cdfs(n, target) if method is Method.EXACT else np.zeros(0)
    limits: list[float] = []
    for coverage in COVERAGES:
        tail = (1 - coverage) / 2
        if method is Method.EXACT:
            limits += [_interpolated(tail, n, cdfs), _interpolated(1 - tail, n, cdfs)]
        else:
            limits += list(_normal_limits(target, n, coverage))
    return FunnelLimits(n, target, limits[0], limits[1], limits[2], limits[3], method)


class Position(StrEnum):
    INSIDE = "inside"
    ABOVE_95 = "above 95%"
    BELOW_95 = "below 95%"
    ABOVE_998 = "above 99.8%"
    BELOW_998 = "below 99.8%"

    @property
    def words(self) -> str:
        return _(_POSITION_WORDS[self])


_POSITION_WORDS = {
    Position.INSIDE: N_("consistent with chance"),
    Position.ABOVE_95: N_("higher than the clinic, beyond the 95% limit"),
    Position.BELOW_95: N_("lower than the clinic, beyond the 95% limit"),
    Position.ABOVE_998: N_("higher than the clinic, beyond the 99.8% limit"),
    Position.BELOW_998: N_("lower than the clinic, beyond the 99.8% limit"),
}


def position(share: float, limits: FunnelLimits) -> Position:
    """Say where ``share`` lies against ``limits`` (on a limit counts as inside)."""
    if share > limits.upper_998:
        return Position.ABOVE_998
    if share < limits.lower_998:
        return Position.BELOW_998
    if share > limits.upper_95:
        return Position.ABOVE_95
    if share < limits.lower_95:
        return Position.BELOW_95
    return Position.INSIDE


def funnel_curve(
    target: float, ns: Sequence[int], method: Method = Method.EXACT
) -> tuple[FunnelLimits, ...]:
    """Return the limits at each ``n`` in ``ns`` (for drawing the funnel's lines)."""
    return tuple(funnel_limits(target, n, method) for n in ns)
