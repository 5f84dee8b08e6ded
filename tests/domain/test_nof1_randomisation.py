"""The exact randomisation test of an N-of-1 trial, checked by hand on tiny designs."""

from __future__ import annotations

import pytest

from backrub.domain.nof1_days import TrialDay
from backrub.domain.nof1_randomisation import randomisation_test
from backrub.errors import InvalidInput


def day(day: int, pair: int, arm: str, pain: float) -> TrialDay:
    return TrialDay(day=day, pair=pair, arm=arm, day_in_period=0, pain=pain)  # type: ignore[arg-type]


def test_two_pairs_by_hand() -> None:
    # Pair 0: A then B; pair 1: B then A. Observed: B (5, 6) - A (3, 2) = 3.
    # Swapping pair 0: B (3, 6) - A (5, 2) = 1; pair 1: B (5, 2) - A (3, 6) = -1;
    # both: B (3, 2) - A (5, 6) = -3. Only the observed order is >= 3: p = 1/4.
    days = [day(0, 0, "A", 3), day(1, 0, "B", 5), day(2, 1, "B", 6), day(3, 1, "A", 2)]
    test = randomisation_test(days)
    assert test is not None
    assert test.observed == pytest.approx(3.0)
    assert test.allocations == 4
    assert test.p_value == pytest.approx(0.25)
    assert test.p_two_sided == pytest.approx(0.5)
    assert test.smallest_p == pytest.approx(0.25)


def test_unequal_days_by_hand() -> None:
    # Pair 0 lost a day of its B period: A (2, 2), B (6); pair 1: A (4), B (4).
    # Observed: B (6, 4) mean 5 - A (2, 2, 4) mean 8/3 = 7/3.
    # Swap 0: A (6, 4) = 5, B (2, 2, 4) = 8/3 -> -7/3. Swap 1: A (2, 2, 4), B (6, 4): 7/3.
    # Swap both: -7/3. Two of four allocations reach 7/3: p = 1/2.
    days = [
        day(0, 0, "A", 2),
        day(1, 0, "A", 2),
        day(2, 0, "B", 6),
        day(4, 1, "B", 4),
        day(6, 1, "A", 4),
    ]
    test = randomisation_test(days)
    assert test is not None
    assert test.observed == pytest.approx(7 / 3)
    assert test.p_value == pytest.approx(0.5)
    assert test.p_two_sided == pytest.approx(1.0)


def test_three_pairs_can_never_go_below_one_eighth() -> None:
    days = []
    for pair in range(3):
        days += [day(4 * pair, pair, "A", 0), day(4 * pair + 1, pair, "B", 10)]
    test = randomisation_test(days)
    assert test is not None
    assert test.allocations == 8
    assert test.p_value == pytest.approx(1 / 8) == test.smallest_p


def test_no_effect_in_every_pair_gives_p_one() -> None:
    days = [day(2 * p + k, p, "AB"[k], 5) for p in range(4) for k in range(2)]
    test = randomisation_test(days)
    assert test is not None
    assert test.observed == 0
    assert test.p_value == 1.0 == test.p_two_sided


def test_undefined_when_an_allocation_leaves_an_arm_empty() -> None:
    assert randomisation_test([day(0, 0, "A", 3), day(1, 0, "A", 4)]) is None
    assert randomisation_test([]) is None


def test_refuses_more_pairs_than_it_enumerates() -> None:
    days = [day(2 * p + k, p, "AB"[k], 5) for p in range(17) for k in range(2)]
    with pytest.raises(InvalidInput) as refused:
        randomisation_test(days)
    assert refused.value.field == "pairs"
