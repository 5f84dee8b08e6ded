"""Put a 95% interval around a share: the Wilson score interval.

Wilson EB (1927), "Probable inference, the law of succession, and statistical
inference", J Am Stat Assoc 22:209-212; recommended and worked for small
samples and for shares of 0 or 1 by Newcombe RG (1998), "Two-sided confidence
intervals for the single proportion: comparison of seven methods", Stat Med
17:857-872 (method 3, the score method without continuity correction).

For ``r`` of ``n`` with ``p = r / n`` and the normal quantile ``z``::

    centre = (2 n p + z^2) / (2 (n + z^2))
    half   = z sqrt(z^2 + 4 n p (1 - p)) / (2 (n + z^2))
    limits = centre -/+ half

Unlike the textbook "p plus or minus 1.96 standard errors" it never leaves 0
to 1 and still says something for 0 of 20. A share of nobody (``n = 0``) has
no interval: ``wilson`` refuses it, so a caller cannot print "0%" for an
empty cell.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from statistics import NormalDist

from backrub.i18n import N_

__all__ = ["WILSON_METHOD", "Z_95", "Interval", "normal_quantile", "wilson"]

# The two-sided 95% normal quantile, 1.959964 to six places (Newcombe 1998 uses 1.960).
Z_95 = NormalDist().inv_cdf(0.975)


WILSON_METHOD = N_(
    "95% interval by the Wilson score method (Wilson 1927; Newcombe 1998, "
    "Statistics in Medicine 17:857-872): the range of shares that fit the counts."
)


def normal_quantile(coverage: float) -> float:
    """Return ``z`` such that ``coverage`` of a normal lies within ``+/- z``.

    ``normal_quantile(0.95)`` is 1.959964; ``normal_quantile(0.998)`` is 3.090232.
    """
    if not 0 < coverage < 1:
        raise ValueError(f"coverage must lie strictly between 0 and 1, not {coverage}")
    return NormalDist().inv_cdf(0.5 + coverage / 2)


@dataclass(frozen=True, slots=True)
class Interval:
    """A share ``successes / n`` with its lower and upper limits, all from 0 to 1."""

    successes: int
    n: int
    share: float
    lower: float
    upper: float

    def to_json(self) -> dict[str, object]:
        return {
            "successes": self.successes,
            "n": self.n,
            "share": self.share,
            "lower": self.lower,
            "upper": self.upper,
            "method": "wilson",
        }


def wilson(successes: int, n: int, z: float = Z_95) -> Interval:
    """Return the Wilson score interval for ``successes`` of ``n``.

    ``n`` must be at least 1 and ``successes`` from 0 to ``n`` (a count, so an
    int): anything else is a programming error, not a person's input.
    """
    if isinstance(successes, bool) or isinstance(n, bool):
        raise TypeError("counts are whole numbers, not booleans")
    if n < 1:
        raise ValueError(f"a share needs at least one person, not n={n}")
    if not 0 <= successes <= n:
        raise ValueError(f"successes must lie from 0 to {n}, not {successes}")
    p = successes / n
    z2 = z * z
    denominator = 2 * (n + z2)
    centre = (2 * n * p + z2) / denominator
    half = z * math.sqrt(z2 + 4 * n * p * (1 - p)) / denominator
    # At 0 of n (or n of n) the limit is exactly 0 (or 1); keep float noise out.
    lower = 0.0 if successes == 0 else max(0.0, centre - half)
    upper = 1.0 if successes == n else min(1.0, centre + half)
    return Interval(successes=successes, n=n, share=p, lower=lower, upper=upper)
