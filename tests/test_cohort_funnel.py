"""Funnel-plot control limits (Spiegelhalter 2005, Stat Med 24:1185-1202), issue 14.

The paper's own worked figures were not retrieved, so the limits are checked against
sums done by hand (in the comments) and against a brute-force binomial sum with
math.comb. The interpolation (Appendix A.1.1) is the one the paper describes; two
independent implementations read through the search tool use the same formula
(the SAS/IML code in Rick Wicklin's "Funnel plots for proportions", The DO Loop, 2011,
and ``contAdjustBin`` in the oizin/funnelplot R package).
"""

from __future__ import annotations

import math
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from backrub.domain.cohort_funnel import (
    Method,
    Position,
    binomial_cdf,
    binomial_quantile,
    funnel_curve,
    funnel_limits,
    interpolated_limit,
    position,
)


def _exact_cdfs(n: int, p: Fraction) -> list[Fraction]:
    """Return P(R <= r) for r = 0..n as exact fractions, summed term by term."""
    running, out = Fraction(0), []
    for k in range(n + 1):
        running += math.comb(n, k) * p**k * (1 - p) ** (n - k)
        out.append(running)
    return out


def test_limits_for_ten_clients_at_a_half_match_the_hand_sum() -> None:
    # Binomial(10, 1/2): P(R <= r) = (1, 11, 56, 176, 386, 638, 848, 968, 1013, 1023) / 1024.
    # Upper 95% (q = 0.975): r = 8 (968/1024 < 0.975 <= 1013/1024);
    #   a = (1013/1024 - 0.975) / (45/1024) = 14.6 / 45;
    #   limit = (8 - a) / 10 = 345.4/450 = 0.767556.
    # Lower 95% (q = 0.025): r = 2 (11/1024 < 0.025 <= 56/1024);
    #   a = (56 - 25.6) / 45 = 30.4 / 45; limit = (2 - a) / 10 = 59.6/450 = 0.132444.
    # Upper 99.8% (q = 0.999): r = 9, a = (1023 - 1022.976) / 10 = 0.0024; limit = 0.89976.
    # Lower 99.8% (q = 0.001): r = 1, a = (11 - 1.024) / 10 = 0.9976; limit = 0.00024.
    limits = funnel_limits(0.5, 10)
    assert limits.upper_95 == pytest.approx(345.4 / 450, abs=1e-12)
    assert limits.lower_95 == pytest.approx(59.6 / 450, abs=1e-12)
    assert limits.upper_998 == pytest.approx(0.89976, abs=1e-12)
    assert limits.lower_998 == pytest.approx(0.00024, abs=1e-12)
    assert limits.method is Method.EXACT


def test_the_normal_limits_are_two_and_three_standard_errors_wide() -> None:
    # p0 = 0.5, n = 100: standard error sqrt(0.25 / 100) = 0.05;
    # 95%: 0.5 +/- 1.959964 * 0.05 = 0.402002 to 0.597998;
    # 99.8%: 0.5 +/- 3.090232 * 0.05 = 0.345488 to 0.654512.
    limits = funnel_limits(0.5, 100, Method.NORMAL)
    assert (round(limits.lower_95, 6), round(limits.upper_95, 6)) == (0.402002, 0.597998)
    assert (round(limits.lower_998, 6), round(limits.upper_998, 6)) == (0.345488, 0.654512)


@pytest.mark.parametrize(("n", "p"), [(1, 0.3), (10, 0.5), (37, 0.21), (120, 0.62), (400, 0.05)])
def test_the_binomial_sum_matches_an_exact_sum_with_math_comb(n: int, p: float) -> None:
    exact = _exact_cdfs(n, Fraction(str(p)))  # the decimal itself, so the sums stay small
    for r in range(n + 1):
        assert binomial_cdf(r, n, p) == pytest.approx(float(exact[r]), abs=1e-12)


@pytest.mark.parametrize("q", [0.001, 0.025, 0.975, 0.999])
@pytest.mark.parametrize(("n", "p"), [(12, 0.4), (55, 0.3), (230, 0.55)])
def test_the_quantile_and_interpolation_follow_the_papers_definition(
    q: float, n: int, p: float
) -> None:
    cdf = _exact_cdfs(n, Fraction(str(p)))
    r = next(r for r in range(n + 1) if cdf[r] >= Fraction(q))  # smallest r with F(r) >= q
    below = cdf[r - 1] if r else Fraction(0)
    a = (cdf[r] - Fraction(q)) / (cdf[r] - below)
    assert binomial_quantile(q, n, p) == r
    assert interpolated_limit(q, n, p) == pytest.approx(max(0.0, float((r - a) / n)), abs=1e-9)


def test_the_exact_limits_approach_the_normal_ones_for_many_clients() -> None:
    exact = funnel_limits(0.3, 20_000)
    normal = funnel_limits(0.3, 20_000, Method.NORMAL)
    for name in ("lower_95", "upper_95", "lower_998", "upper_998"):
        assert getattr(exact, name) == pytest.approx(getattr(normal, name), abs=2e-4)


def test_the_funnel_narrows_as_the_number_of_clients_grows() -> None:
    small, large = funnel_curve(0.4, [25, 400])
    assert large.upper_95 - large.lower_95 < small.upper_95 - small.lower_95
    assert large.upper_998 - large.lower_998 < small.upper_998 - small.lower_998


@given(st.integers(1, 600), st.floats(0.01, 0.99))
def test_the_limits_nest_around_the_target(n: int, p: float) -> None:
    limits = funnel_limits(p, n)
    assert 0.0 <= limits.lower_998 <= limits.lower_95 <= limits.upper_95 <= limits.upper_998 <= 1.0
    assert limits.lower_95 <= p + 1 / n and limits.upper_95 >= p - 1 / n


def test_a_share_of_nobody_or_everybody_leaves_no_room_for_chance() -> None:
    assert funnel_limits(1.0, 10).lower_998 == 1.0
    assert funnel_limits(0.0, 10).upper_998 == 0.0
    assert interpolated_limit(0.025, 10, 1.0) == 1.0


def test_a_therapist_is_placed_against_the_limits_never_ranked() -> None:
    limits = funnel_limits(0.5, 10)  # 95%: 0.1324 to 0.7676; 99.8%: 0.00024 to 0.89976
    assert position(0.5, limits) is Position.INSIDE
    assert position(0.8, limits) is Position.ABOVE_95
    assert position(0.1, limits) is Position.BELOW_95
    assert position(0.9, limits) is Position.ABOVE_998
    assert position(0.0, limits) is Position.BELOW_998
    assert position(0.5, limits).words == "consistent with chance"


def test_a_funnel_needs_clients_and_a_share() -> None:
    with pytest.raises(ValueError, match="at least one client"):
        funnel_limits(0.5, 0)
    with pytest.raises(ValueError, match="from 0 to 1"):
        funnel_limits(1.5, 10)
