"""Invariants of the N-of-1 analysis on any diary (Hypothesis)."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from backrub.domain.nof1_analysis import Result, analyse
from backrub.domain.nof1_days import TrialDay

PAIRS = 3
PERIOD = 7

pains = st.lists(
    st.one_of(st.none(), st.integers(0, 10).map(float)),
    min_size=2 * PAIRS * PERIOD,
    max_size=2 * PAIRS * PERIOD,
)
orders = st.lists(st.booleans(), min_size=PAIRS, max_size=PAIRS)


def days_of(
    values: list[float | None], massage_first: list[bool], *, swap: bool = False
) -> list[TrialDay]:
    days = []
    for d, pain in enumerate(values):
        pair, in_pair = divmod(d, 2 * PERIOD)
        first_period = in_pair < PERIOD
        massage = first_period == massage_first[pair]
        if swap:
            massage = not massage
        days.append(TrialDay(d, pair, "A" if massage else "B", in_pair % PERIOD, pain))
    return days


@settings(max_examples=30, deadline=None)
@given(pains, orders)
def test_p_values_are_whole_shares_of_the_allowed_orders(
    values: list[float | None], massage_first: list[bool]
) -> None:
    for result in _both(days_of(values, massage_first)):
        if result.p_value is not None and result.smallest_p is not None:
            assert result.smallest_p <= result.p_value <= 1.0
            assert (result.p_value * result.allocations) == pytest.approx(
                round(result.p_value * result.allocations)
            )
        if result.lower is not None and result.upper is not None:
            assert result.lower <= (result.posterior_mean or 0.0) <= result.upper
            assert 0.0 <= (result.p_benefit_mic or 0.0) <= 1.0


@settings(max_examples=25, deadline=None)
@given(pains, orders)
def test_swapping_the_arms_mirrors_the_answer(
    values: list[float | None], massage_first: list[bool]
) -> None:
    straight = analyse(days_of(values, massage_first), washout_days=2, seed=0).primary
    mirrored = analyse(days_of(values, massage_first, swap=True), washout_days=2, seed=0).primary
    if straight.lower is None or mirrored.upper is None or mirrored.lower is None:
        assert mirrored.lower is None
        return
    assert mirrored.lower == pytest.approx(-(straight.upper or 0.0), abs=1e-6)
    assert mirrored.upper == pytest.approx(-straight.lower, abs=1e-6)
    if straight.p_two_sided is not None:
        assert mirrored.p_two_sided == pytest.approx(straight.p_two_sided)


@settings(max_examples=25, deadline=None)
@given(pains, orders, st.integers(-3, 3))
def test_moving_every_day_by_the_same_amount_changes_no_effect(
    values: list[float | None], massage_first: list[bool], shift: int
) -> None:
    moved = [None if v is None else v + shift for v in values]
    if any(v is not None and not 0 <= v <= 10 for v in moved):
        return
    before = analyse(days_of(values, massage_first), washout_days=2, seed=0).primary
    after = analyse(days_of(moved, massage_first), washout_days=2, seed=0).primary
    assert after.p_value == before.p_value
    if before.lower is not None:
        assert after.lower == pytest.approx(before.lower, abs=1e-6)
        assert after.upper == pytest.approx(before.upper, abs=1e-6)


def _both(days: list[TrialDay]) -> tuple[Result, Result]:
    analysis = analyse(days, washout_days=2, seed=0)
    return analysis.primary, analysis.sensitivity
