"""Pull each therapist's share toward the clinic's share: empirical Bayes.

A therapist with 12 clients and 9 responders (75%) tells us less than one with
120 and 90: small numbers swing by chance. Shrinkage says how much of each
therapist's difference from the clinic is likely to be real.

The model (a beta-binomial, the usual empirical-Bayes model for shares; Efron
B, Morris C (1975), "Data analysis using Stein's estimator and its
generalizations", J Am Stat Assoc 70:311-319, give the idea and its worked
baseball example):

- therapist ``i`` has ``x_i`` responders of ``n_i`` clients; their true share
  comes from a beta distribution with mean ``p0`` (the clinic's share) and a
  between-therapist variance ``tau2``;
- ``tau2`` is estimated by the method of moments, in the form Spiegelhalter
  (2005, Stat Med 24:1185-1202) uses for over-dispersion in funnel plots
  (DerSimonian R, Laird N (1986), Control Clin Trials 7:177-188), with
  ``s_i^2 = p0 (1 - p0) / n_i``, ``z_i = (x_i / n_i - p0) / s_i``,
  ``w_i = 1 / s_i^2`` and ``N`` therapists::

      tau2 = max(0, (sum z_i^2 - (N - 1)) / (sum w_i - sum w_i^2 / sum w_i))

- the beta distribution with that mean and variance has ``a + b = m`` with
  ``m = p0 (1 - p0) / tau2 - 1``, so each shrunk share is::

      (x_i + m p0) / (n_i + m)

  a weighted average of the raw share (weight ``n_i / (n_i + m)``) and the
  clinic's share. Fewer clients, smaller weight, further pull.

When the therapists differ no more than chance would make them (``tau2 = 0``)
every shrunk share is the clinic's share: the data cannot tell them apart,
and the report says so rather than inventing a difference.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from backrub.i18n import N_

__all__ = [
    "SHRINKAGE_METHOD",
    "Shrinkage",
    "Shrunk",
    "Tally",
    "between_variance",
    "pooled_share",
    "shrink",
]

SHRINKAGE_METHOD = N_(
    "Each therapist's share is pulled toward the clinic's share by empirical Bayes "
    "(a beta-binomial model; the spread between therapists is estimated by the method "
    "of moments of DerSimonian and Laird 1986, as Spiegelhalter 2005 uses for funnel "
    "plots). The fewer a therapist's clients, the further the pull."
)


@dataclass(frozen=True, slots=True)
class Tally:
    """One therapist's counts in one cell: ``responders`` of ``n`` clients.

    ``key`` is a stable id (a public id), used to break ties in the order of
    display; ``name`` is what a page shows. Neither is ever ordered by share.
    """

    key: str
    name: str
    n: int
    responders: int

    def __post_init__(self) -> None:
        if self.n < 0 or not 0 <= self.responders <= self.n:
            raise ValueError(f"responders must lie from 0 to n, not {self.responders} of {self.n}")

    @property
    def share(self) -> float:
        return self.responders / self.n


@dataclass(frozen=True, slots=True)
class Shrunk:
    key: str
    name: str
    n: int
    responders: int
    raw: float
    shrunk: float
    weight: float  # of the raw share, from 0 (all clinic) to 1 (all own)


@dataclass(frozen=True, slots=True)
class Shrinkage:
    target: float
    between_variance: float
    prior_strength: float | None  # m, in clients; None when tau2 is 0 (cannot tell apart)
    estimates: tuple[Shrunk, ...]


def pooled_share(tallies: Sequence[Tally]) -> float:
    """Return all responders over all clients (the clinic's share when it has no others)."""
    total = sum(t.n for t in tallies)
    if total == 0:
        raise ValueError("a pooled share needs at least one client")
    return sum(t.responders for t in tallies) / total


def between_variance(tallies: Sequence[Tally], target: float) -> float:
    """Return the method-of-moments between-therapist variance ``tau2`` (0 or more)."""
    counted = [t for t in tallies if t.n > 0]
    if len(counted) < 2 or not 0 < target < 1:
        return 0.0
    spread = target * (1 - target)
    weights = [t.n / spread for t in counted]
    q = sum(w * (t.share - target) ** 2 for w, t in zip(weights, counted, strict=True))
    total = sum(weights)
    denominator = total - sum(w * w for w in weights) / total
    if denominator <= 0:
        return 0.0
    return max(0.0, (q - (len(counted) - 1)) / denominator)


def shrink(tallies: Sequence[Tally], target: float) -> Shrinkage:
    """Return each therapist's share shrunk toward ``target``, in the order given.

    A therapist with no clients in the cell has no share and is left out.
    """
    if not 0 <= target <= 1:
        raise ValueError(f"the target share must lie from 0 to 1, not {target}")
    tau2 = between_variance(tallies, target)
    spread = target * (1 - target)
    if tau2 == 0.0:
        strength: float | None = None
    else:
        strength = max(0.0, spread / tau2 - 1)
    estimates = []
    for t in tallies:
        if t.n == 0:
            continue
        if spread == 0.0:
            weight = 1.0  # a clinic share of 0 or 1 leaves nothing to pull toward
        elif strength is None:
            weight = 0.0
        else:
            weight = t.n / (t.n + strength)
        value = weight * t.share + (1 - weight) * target
        estimates.append(Shrunk(t.key, t.name, t.n, t.responders, t.share, value, weight))
    return Shrinkage(target, tau2, strength, tuple(estimates))
