"""The Bayesian model of daily pain in an N-of-1 trial, fitted exactly (no sampler).

    pain_t = mu + delta * [massage period on day t] + beta * t + e_t
    e_t = rho * e_(t-1) + eps_t,   eps_t ~ Normal(0, sigma^2),   e stationary

Days without a value (missing, or washout days left out) are gaps: across a gap
of k days the error follows e_t = rho^k e_(t-k) + (noise of variance
sigma^2 (1 - rho^2k) / (1 - rho^2)), exactly. Given rho, the model is a linear
regression after the Prais & Winsten (1954) transform (extended to gaps), and
with the reference prior p(mu, delta, beta, sigma) proportional to 1/sigma the
posterior of the coefficients is Student t with n - 3 degrees of freedom and
the marginal likelihood of rho is closed form (Zellner 1971, ch. 4; Chib 1993,
J Econometrics 58:275-294, on regression with autoregressive errors). rho gets
a uniform prior on a grid of 95 values from -0.94 to 0.94 (step 0.02: product
default), and the posterior of delta is the mixture of the t distributions over
that grid, weighted by the posterior of rho. Quantiles come from that mixture's
exact CDF (``nof1_student``), so the same data always give the same numbers.

``fit_many`` fits many series sharing the same days and arms at once (the power
simulation and the calibration fit thousands); ``fit`` fits one.
The effect is reported as *benefit* = -delta: points of pain lower on massage days.
Pain is recorded in whole points, so the residual variance is floored at the
variance of rounding to a whole point (1/12): a diary that never moves does
not give a falsely certain answer.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from backrub.domain.nof1_student import Floats, mixture_cdf, mixture_quantiles

__all__ = [
    "RHO_GRID",
    "Fitted",
    "Layout",
    "NoisePosterior",
    "benefit_cdf",
    "fit",
    "fit_many",
    "noise_posterior",
]

# Product default: a uniform prior on the autocorrelation, a grid from -0.94 to 0.94.
RHO_GRID: Floats = np.round(np.arange(-0.94, 0.9401, 0.02), 10)
COEFFICIENTS = 3  # mu, delta, beta


@dataclass(frozen=True)
class Layout:
    """Which days carry a value, and which of them fall in a massage period."""

    day: tuple[int, ...]  # day index since the trial's first day, increasing
    massage: tuple[bool, ...]

    @property
    def df(self) -> int:
        """Return the posterior's degrees of freedom: values minus coefficients."""
        return len(self.day) - COEFFICIENTS

    def is_fittable(self) -> bool:
        """Return whether the model can be fitted: both arms twice, and df >= 3."""
        a = sum(self.massage)
        return a >= 2 and len(self.massage) - a >= 2 and self.df >= 3


@dataclass(frozen=True)
class Fitted:
    """The posterior of the benefit (points lower on massage) for each series fitted."""

    mean: Floats  # (B,)
    lower: Floats  # 2.5% quantile
    upper: Floats  # 97.5% quantile
    p_at_least: Floats  # P(benefit >= threshold)
    rho_mean: Floats  # posterior mean of the autocorrelation


def _transformed(layout: Layout, ys: Floats, grid: Floats) -> tuple[Floats, Floats, Floats]:
    """Return X* (G, n, 3), y* (G, B, n) and the log Jacobian (G,) for every rho."""
    day = np.asarray(layout.day, dtype=np.float64)
    x = np.column_stack(
        [np.ones_like(day), np.asarray(layout.massage, dtype=np.float64), _weeks(day)]
    )
    return _whitened(day, x, ys, grid)


def _weeks(day: Floats) -> Floats:
    """Return the trend's column: weeks from the middle of the days used."""
    result: Floats = (day - day.mean()) / 7.0
    return result


def _whitened(day: Floats, x: Floats, ys: Floats, grid: Floats) -> tuple[Floats, Floats, Floats]:
    """Return X* (G, n, p), y* (G, B, n) and the log Jacobian (G,): the gap-aware transform."""
    gaps = np.diff(day)  # (n-1,)
    rho = grid[:, None]
    one_minus = 1.0 - rho**2
    lag = rho**gaps  # (G, n-1)
    # Innovation variance across a gap of k days, in units of sigma^2.
    spread = (1.0 - rho ** (2 * gaps)) / one_minus
    inv = 1.0 / np.sqrt(spread)
    first = np.sqrt(one_minus)[:, 0]  # (G,)
    xs = np.empty((grid.size, *x.shape))
    xs[:, 0, :] = first[:, None] * x[0]
    xs[:, 1:, :] = (x[None, 1:, :] - lag[:, :, None] * x[None, :-1, :]) * inv[:, :, None]
    yst = np.empty((grid.size, *ys.shape))
    yst[:, :, 0] = first[:, None] * ys[None, :, 0]
    yst[:, :, 1:] = (ys[None, :, 1:] - lag[:, None, :] * ys[None, :, :-1]) * inv[:, None, :]
    log_jacobian = np.log(first) - 0.5 * np.sum(np.log(spread), axis=1)
    return xs, yst, log_jacobian


@dataclass(frozen=True)
class _Posterior:
    """The benefit's posterior for B series: a mixture over the rho grid of t's."""

    weight: Floats  # (B, G), rows sum to 1
    loc: Floats  # (B, G)
    scale: Floats  # (B, G)
    df: int
    rho_mean: Floats  # (B,)

    def cdf(self, value: Floats | float) -> Floats:
        """Return P(benefit <= value) for each series (value: scalar or shape (B,))."""
        at = np.broadcast_to(np.asarray(value, dtype=np.float64), self.loc.shape[:1])
        return mixture_cdf(at, self.weight, self.loc, self.scale, self.df)


def _posterior(layout: Layout, ys: Floats, grid: Floats) -> _Posterior:
    if not layout.is_fittable():
        raise ValueError("too few days to fit the model")
    df = layout.df
    xs, yst, log_jacobian = _transformed(layout, ys, grid)
    xtx = np.einsum("gni,gnj->gij", xs, xs)
    inverse = np.linalg.inv(xtx)  # (G, 3, 3)
    xty = np.einsum("gni,gbn->gbi", xs, yst)
    coef = np.einsum("gij,gbj->gbi", inverse, xty)  # (G, B, 3)
    yty = np.einsum("gbn,gbn->gb", yst, yst)
    # Pain is recorded in whole points, so every value carries up to half a point of
    # rounding (variance 1/12): the residual variance is never taken as smaller than
    # that, or a diary that never moves would give an interval of zero width.
    ssr = np.maximum(yty - np.einsum("gbi,gbi->gb", coef, xty), df / 12.0)
    _sign, logdet = np.linalg.slogdet(xtx)
    # log p(y | rho) up to a constant: Jacobian, |X*'X*|^-1/2, SSR^-(n-3)/2 (Zellner 1971).
    log_weight = (log_jacobian - 0.5 * logdet)[:, None] - 0.5 * df * np.log(ssr)
    log_weight -= log_weight.max(axis=0, keepdims=True)
    weight = np.exp(log_weight)
    weight /= weight.sum(axis=0, keepdims=True)
    # Benefit = -delta; its t has location -coef and scale sqrt(s^2 * (X'X)^-1 [1,1]).
    return _Posterior(
        weight=weight.T,
        loc=-coef[:, :, 1].T,
        scale=np.sqrt(ssr / df * inverse[:, 1, 1][:, None]).T,
        df=df,
        rho_mean=weight.T @ grid,
    )


def fit_many(
    layout: Layout, ys: Floats, *, threshold: float, rho_grid: Floats = RHO_GRID
) -> Fitted:
    """Fit the model to each row of ``ys`` (shape (B, n), values on ``layout``'s days).

    ``rho_grid`` is the autocorrelation's grid (uniform prior); only the
    calibration tests change it, to show that a model ignoring autocorrelation
    (a grid of one value, 0) fails the calibration.
    """
    post = _posterior(layout, ys, rho_grid)
    quantiles = mixture_quantiles((0.025, 0.975), post.weight, post.loc, post.scale, post.df)
    return Fitted(
        mean=np.sum(post.weight * post.loc, axis=1),
        lower=quantiles[:, 0],
        upper=quantiles[:, 1],
        p_at_least=np.clip(1.0 - post.cdf(threshold), 0.0, 1.0),
        rho_mean=post.rho_mean,
    )


def benefit_cdf(layout: Layout, ys: Floats, value: float) -> Floats:
    """Return P(benefit <= value) for each row of ``ys``: one CDF, no quantile search.

    The 95% interval excludes ``value`` exactly when this is below 0.025 or above 0.975.
    """
    return _posterior(layout, ys, RHO_GRID).cdf(value)


def fit(layout: Layout, pain: tuple[float, ...], *, threshold: float) -> Fitted:
    """Fit the model to one series (one value per day in ``layout``)."""
    if len(pain) != len(layout.day) or not all(math.isfinite(v) for v in pain):
        raise ValueError("one finite value per day is needed")
    return fit_many(layout, np.asarray([pain], dtype=np.float64), threshold=threshold)


@dataclass(frozen=True)
class NoisePosterior:
    """The posterior of a diary's noise with no periods: a level and AR(1) errors.

    rho has the weights ``weight`` on ``grid``; given rho, the innovation
    variance sigma^2 is ``ssr / chi-square(df)`` (the same reference prior).
    """

    grid: Floats  # (G,)
    weight: Floats  # (G,), sums to 1
    ssr: Floats  # (G,) residual sum of squares after the transform
    df: int


def noise_posterior(
    day: tuple[int, ...], pain: tuple[float, ...], *, rho_grid: Floats = RHO_GRID
) -> NoisePosterior:
    """Fit the trial's model without a period effect to a diary (at least 5 values).

    The same exact machinery as ``fit``: the gap-aware transform, the marginal
    likelihood of rho and the rounding floor, with one column, the level. No
    trend: over two weeks a trend cannot be told from a slow drift, and taking
    a drift as noise is the cautious choice for a power check (product default).
    """
    if len(day) != len(pain) or len(day) < 5:
        raise ValueError("at least 5 days, one value each, are needed")
    days = np.asarray(day, dtype=np.float64)
    x = np.ones_like(days)[:, None]
    xs, yst, log_jacobian = _whitened(days, x, np.asarray([pain], dtype=np.float64), rho_grid)
    df = len(day) - x.shape[1]
    xtx = np.einsum("gni,gnj->gij", xs, xs)
    xty = np.einsum("gni,gbn->gbi", xs, yst)[:, 0, :]  # (G, 2)
    coef = np.linalg.solve(xtx, xty[:, :, None])[:, :, 0]
    yty = np.einsum("gbn,gbn->g", yst, yst)
    ssr = np.maximum(yty - np.einsum("gi,gi->g", coef, xty), df / 12.0)
    _sign, logdet = np.linalg.slogdet(xtx)
    log_weight = log_jacobian - 0.5 * logdet - 0.5 * df * np.log(ssr)
    weight = np.exp(log_weight - log_weight.max())
    return NoisePosterior(grid=rho_grid, weight=weight / weight.sum(), ssr=ssr, df=df)
