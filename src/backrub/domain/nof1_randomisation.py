"""The randomisation test of an N-of-1 trial: every allocation the design allowed.

The design drew the order of the two periods within each pair, so with P pairs
it could have given 2**P allocations, all equally likely. Under the null
hypothesis that massage makes no difference to any day's pain, each day's pain
would have been the same whatever the allocation; the test recomputes the
difference in mean pain (no-massage minus massage days) for every allocation
(swapping the two periods of a pair swaps their arms) and counts how many are
at least as large as the one observed (Edgington & Onghena, Randomization
Tests, 4th ed. 2007, on single-case designs). The p-value is exact; its
smallest possible value is 1 / 2**P (3 pairs: 1/8), whatever the data.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from backrub.domain.nof1_days import TrialDay
from backrub.errors import InvalidInput
from backrub.i18n import _

__all__ = ["MAX_PAIRS", "RandomisationTest", "randomisation_test"]

# 2**16 = 65,536 allocations are enumerated in well under a second; a design
# with more pairs is beyond any N-of-1 trial backrub plans.
MAX_PAIRS = 16
# Differences this close count as equal (sums of pain values in tenths).
_TIE = 1e-9


@dataclass(frozen=True, slots=True)
class RandomisationTest:
    """The exact randomisation test of the difference in mean pain (B minus A)."""

    observed: float
    p_value: float  # one-sided: a difference at least this much in favour of massage
    p_two_sided: float  # a difference at least this large either way
    allocations: int  # 2 ** pairs: every order the design allowed
    smallest_p: float  # 1 / allocations: the least p-value this design can give

    def to_json(self) -> dict[str, object]:
        """Return the test as plain data."""
        return {
            "method": "exact randomisation test over every within-pair order",
            "statistic": "mean pain on no-massage days minus mean pain on massage days",
            "observed": self.observed,
            "p_value": self.p_value,
            "p_two_sided": self.p_two_sided,
            "allocations": self.allocations,
            "smallest_p": self.smallest_p,
        }


def randomisation_test(days: Sequence[TrialDay]) -> RandomisationTest | None:
    """Return the exact test on ``days`` (each with a pain value), or None if undefined.

    None when some allowed allocation would leave an arm without any day, since
    the difference in means does not exist for it.
    """
    pairs = sorted({one.pair for one in days})
    if len(pairs) > MAX_PAIRS:
        raise InvalidInput("pairs", len(pairs), _("use at most %(most)d pairs", most=MAX_PAIRS))
    if not pairs:
        return None
    index = {pair: i for i, pair in enumerate(pairs)}
    # Per pair: sum and count of pain in the period that was A, and in the one that was B.
    sums = np.zeros((len(pairs), 2))
    counts = np.zeros((len(pairs), 2))
    for one in days:
        column = 0 if one.arm == "A" else 1
        sums[index[one.pair], column] += float(one.pain or 0.0)
        counts[index[one.pair], column] += 1
    swap = np.array(list(itertools.product((False, True), repeat=len(pairs))))
    a_sum = np.where(swap, sums[:, 1], sums[:, 0]).sum(axis=1)
    b_sum = np.where(swap, sums[:, 0], sums[:, 1]).sum(axis=1)
    a_count = np.where(swap, counts[:, 1], counts[:, 0]).sum(axis=1)
    b_count = np.where(swap, counts[:, 0], counts[:, 1]).sum(axis=1)
    if np.any(a_count == 0) or np.any(b_count == 0):
        return None
    differences = b_sum / b_count - a_sum / a_count
    observed = float(differences[0])  # no pair swapped: the allocation that was drawn
    total = differences.size
    return RandomisationTest(
        observed=observed,
        p_value=float(np.sum(differences >= observed - _TIE)) / total,
        p_two_sided=float(np.sum(np.abs(differences) >= abs(observed) - _TIE)) / total,
        allocations=total,
        smallest_p=1.0 / total,
    )
