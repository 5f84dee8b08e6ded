"""Student's t distribution with whole degrees of freedom, and mixtures of it, in numpy.

The N-of-1 model's posterior of the massage effect is, for each value of the
autocorrelation on a grid, a Student t with ``n - 3`` degrees of freedom (a
whole number), so the posterior is a mixture of t distributions sharing one
``df``. Its CDF uses the exact finite sums of Abramowitz & Stegun (1964),
26.7.3 (odd df) and 26.7.4 (even df), with theta = arctan(t / sqrt(df)); no
series is cut short and no special function is needed (scipy is not installed).
Quantiles of a mixture are found by bisection on its CDF, which is monotone,
to a width far below anything shown (1e-10 points).
"""

from __future__ import annotations

import math
from functools import lru_cache

import numpy as np
from numpy.typing import NDArray

__all__ = ["mixture_cdf", "mixture_quantiles", "t_cdf", "t_quantile"]

Floats = NDArray[np.float64]

# At most this many bisection steps for a mixture (2**-60 of any bracket met here
# is far below 1e-10); twice as many for a single t's quantile from +-1e7.
_STEPS = 60


def t_cdf(x: Floats | float, df: int) -> Floats:
    """Return P(T <= x) for Student's t with ``df`` (a whole number >= 1) degrees of freedom.

    Exact up to rounding: Abramowitz & Stegun 26.7.3/26.7.4 sum at most df/2 terms.
    The absolute error is about 1e-15, so tail probabilities far below that are
    not resolved (nothing backrub shows needs them: it says "less than 1%").
    """
    if df < 1 or int(df) != df:
        raise ValueError("df must be a whole number of at least 1")
    t = np.asarray(x, dtype=np.float64)
    theta = np.arctan(t / math.sqrt(df))
    sin, cos2 = np.sin(theta), np.cos(theta) ** 2
    if df % 2 == 0:
        # A = sin(theta) * (1 + 1/2 cos^2 + 1*3/(2*4) cos^4 + ... up to cos^(df-2))
        term = np.ones_like(t)
        total = np.ones_like(t)
        for k in range(1, df // 2):
            term = term * cos2 * (2 * k - 1) / (2 * k)
            total = total + term
        a = sin * total
    else:
        # A = 2/pi * (theta + sin*cos*(1 + 2/3 cos^2 + 2*4/(3*5) cos^4 + ... up to cos^(df-3)))
        if df == 1:
            a = 2.0 * theta / math.pi
        else:
            term = np.ones_like(t)
            total = np.ones_like(t)
            for k in range(1, (df - 1) // 2):
                term = term * cos2 * (2 * k) / (2 * k + 1)
                total = total + term
            a = 2.0 / math.pi * (theta + sin * np.sqrt(cos2) * total)
    result: Floats = np.clip(0.5 + 0.5 * a, 0.0, 1.0)
    return result


def mixture_cdf(x: Floats, weights: Floats, loc: Floats, scale: Floats, df: int) -> Floats:
    """Return the CDF at ``x`` (shape (B,)) of B mixtures of t, each with K components.

    ``weights``, ``loc`` and ``scale`` have shape (B, K); each row of weights sums to 1.
    """
    z = (x[:, None] - loc) / scale
    result: Floats = np.sum(weights * t_cdf(z, df), axis=1)
    return result


@lru_cache(maxsize=256)
def t_quantile(p: float, df: int) -> float:
    """Return the ``p`` quantile of Student's t with ``df`` degrees of freedom (bisection).

    Kept once computed: a trial's fits ask for the same two quantiles again and again.
    """
    if not 0.0 < p < 1.0:
        raise ValueError("p must lie between 0 and 1")
    low, high = -1e7, 1e7  # beyond any quantile from 1e-14 to 1 - 1e-14 at df >= 1
    for _step in range(_STEPS * 2):
        middle = 0.5 * (low + high)
        if float(t_cdf(middle, df)) < p:
            low = middle
        else:
            high = middle
    return 0.5 * (low + high)


def mixture_quantiles(
    probabilities: tuple[float, ...], weights: Floats, loc: Floats, scale: Floats, df: int
) -> Floats:
    """Return the quantiles (shape (B, len(probabilities))) of B mixtures of t.

    Bisection on the mixture CDF, which is monotone. A mixture's p quantile lies
    between the smallest and the largest of its components' p quantiles (at the
    smallest every component has at most p below it, at the largest at least p),
    so that is the starting bracket; it is halved until narrower than 1e-10.
    """
    rows = loc.shape[0]
    t_p = np.array([t_quantile(p, df) for p in probabilities])  # (P,)
    ends = loc[:, None, :] + t_p[None, :, None] * scale[:, None, :]  # (B, P, K)
    low, high = ends.min(axis=2), ends.max(axis=2)
    target = np.broadcast_to(np.asarray(probabilities), (rows, len(probabilities)))
    width = float(np.max(high - low)) if rows else 0.0
    steps = min(_STEPS, max(0, math.ceil(math.log2(width / 1e-10)))) if width > 0 else 0
    for _step in range(steps):
        middle = 0.5 * (low + high)
        z = (middle[:, :, None] - loc[:, None, :]) / scale[:, None, :]
        below = np.sum(weights[:, None, :] * t_cdf(z, df), axis=2) < target
        low = np.where(below, middle, low)
        high = np.where(below, high, middle)
    result: Floats = 0.5 * (low + high)
    return result
