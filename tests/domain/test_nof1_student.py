"""Student's t CDF (written with numpy) against published values, and mixture quantiles."""

from __future__ import annotations

import math

import numpy as np
import pytest

from backrub.domain.nof1_student import mixture_cdf, mixture_quantiles, t_cdf, t_quantile

# Upper-tail critical values t(p; df) from standard tables (e.g. NIST/SEMATECH
# e-Handbook 1.3.6.7.2), to 3 decimals, and exact closed forms for df 1 and 2.
KNOWN = [
    (1, 1.0, 0.75),  # Cauchy: 1/2 + arctan(1)/pi
    (1, 12.706, 0.975),
    (2, 4.303, 0.975),
    (2, 1.0, 0.5 + 0.5 / math.sqrt(3)),  # df 2: 1/2 + t / (2 sqrt(2 + t^2))
    (3, 3.182, 0.975),
    (5, 2.015, 0.95),
    (10, 2.228, 0.975),
    (10, 1.372, 0.90),
    (20, 2.845, 0.995),
    (30, 2.042, 0.975),
    (60, 2.000, 0.975),
    (120, 1.980, 0.975),
]


@pytest.mark.parametrize(("df", "t", "p"), KNOWN)
def test_t_cdf_matches_tables(df: int, t: float, p: float) -> None:
    assert float(t_cdf(t, df)) == pytest.approx(p, abs=2e-4)
    assert float(t_cdf(-t, df)) == pytest.approx(1 - p, abs=2e-4)


def test_t_cdf_exact_for_df_two_everywhere() -> None:
    t = np.linspace(-30, 30, 601)
    exact = 0.5 + t / (2 * np.sqrt(2 + t**2))
    assert np.max(np.abs(t_cdf(t, 2) - exact)) < 1e-14


def test_t_cdf_tends_to_the_normal() -> None:
    for z in (-2.5, -1.96, -1.0, 0.0, 0.5, 1.645):
        normal = 0.5 * (1 + math.erf(z / math.sqrt(2)))
        assert float(t_cdf(z, 4000)) == pytest.approx(normal, abs=2e-4)


def test_t_cdf_is_monotone_and_bounded() -> None:
    for df in (1, 2, 3, 7, 8, 41):
        values = t_cdf(np.linspace(-50, 50, 2001), df)
        assert np.all(np.diff(values) >= -1e-15)  # rounding only
        assert values[0] >= 0 and values[-1] <= 1
        assert values[0] < 0.01 and values[-1] > 0.99


def test_t_cdf_refuses_a_fractional_df() -> None:
    with pytest.raises(ValueError):
        t_cdf(1.0, 0)


def test_mixture_quantiles_invert_the_cdf() -> None:
    weights = np.array([[0.2, 0.5, 0.3]])
    loc = np.array([[-1.0, 0.5, 2.0]])
    scale = np.array([[0.5, 1.0, 2.0]])
    q = mixture_quantiles((0.025, 0.5, 0.975), weights, loc, scale, 9)
    back = [float(mixture_cdf(q[:, k], weights, loc, scale, 9)[0]) for k in range(3)]
    assert back == pytest.approx([0.025, 0.5, 0.975], abs=1e-10)


def test_one_component_gives_the_t_quantile() -> None:
    q = mixture_quantiles((0.975,), np.ones((1, 1)), np.zeros((1, 1)), np.ones((1, 1)), 10)
    assert float(q[0, 0]) == pytest.approx(2.228139, abs=1e-6)


@pytest.mark.parametrize(
    ("df", "p", "t"), [(1, 0.975, 12.706205), (10, 0.975, 2.228139), (30, 0.05, -1.697261)]
)
def test_t_quantile_matches_tables(df: int, p: float, t: float) -> None:
    assert t_quantile(p, df) == pytest.approx(t, abs=1e-6)


def test_mixture_quantiles_of_far_apart_components() -> None:
    weights = np.array([[0.5, 0.5]])
    loc = np.array([[-100.0, 100.0]])
    scale = np.array([[1.0, 1.0]])
    q = mixture_quantiles((0.25, 0.75), weights, loc, scale, 5)
    assert q[0] == pytest.approx([-100.0, 100.0], abs=1e-8)
