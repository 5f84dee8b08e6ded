"""Student's t distribution with whole degrees of freedom, and mixtures of it, in numpy.

The N-of-1 model's posterior of the massage effect is, for each value of the
autocorrelation on a grid, a Student t with ``n - 3`` degrees of freedom (a
whole number), so the posterior is a mixture of t distributions sharing one
``df``. Its CDF uses the exact finite sums of Abramowitz & Stegun (1964),
26.7.3 (odd df) and 26.7.4 (even df), with theta = arctan(t / sqrt(df)); no
series is cut short and no special function is needed (scipy is not installed).
Quantiles of a mixture are found by bisection on its CDF, which is monotone,
to a width far below anything shown (1e-9 points).
"""

from __future__ import annotations

import math

import numpy as np
from numpy.typing import NDArray

__all__ = ["mixture_cdf", "mixture_quantiles", "t_cdf"]

Floats = NDArray[np.float64]

# Bisection steps: the starting bracket is at most a few thousand scale units wide,
# and 2**-60 of that is below 1e-12 points.
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


def mixture_quantiles(
    probabilities: tuple[float, ...], weights: Floats, loc: Floats, scale: Floats, df: int
) -> Floats:
    """Return the quantiles (shape (B, len(probabilities))) of B mixtures of t.

    Bisection on the mixture CDF from a bracket that holds every component's
    0.001 and 0.999 quantiles many times over (at df = 1, the Cauchy, 0.1% of the
    mass lies beyond 318 scale units; the bracket is 2,000 wide each side).
    """
    span = 2000.0
    low0 = np.min(loc - span * scale, axis=1)
    high0 = np.max(loc + span * scale, axis=1)
    out = np.empty((loc.shape[0], len(probabilities)))
    for column, p in enumerate(probabilities):
        low, high = low0.copy(), high0.copy()
        for _step in range(_STEPS):
            middle = 0.5 * (low + high)
            below = mixture_cdf(middle, weights, loc, scale, df) < p
            low = np.where(below, middle, low)
            high = np.where(below, high, middle)
        out[:, column] = 0.5 * (low + high)
    return out
