"""Grants from the application pipeline: a granted patent was applied for months (utility
models, designs) or years (inventions) before, so this year's grants still to come are mostly
the applications of last year and this year, at the series' own lag and grant rate.

The lag L, the width W of the window it is spread over, and the rate r are fitted to the
series' own months by least squares: grants(t) ~ r x mean(applications(t-L-W//2 .. t-L+W//2)).
The months left are then drawn negative-binomial around that, with the overdispersion of the
fit's residuals, times a rate that drifts from year to year as much as the fit's yearly sums
missed. The lag projection is used only where it fits the series' own months better than a
seasonal profile does (after counting the parameters each fits); otherwise, and when the
applications the months left depend on are not known yet or the history is too short to fit,
there is no lag projection (None) and the caller keeps the univariate one.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .projection_types import Projection

__all__ = ["lag_projection"]

LAGS = range(1, 37)
WIDTHS = (3, 7, 13)
MIN_MONTHS = 24  # of fitted grants
MIN_SIZE, MAX_SIZE = 1.0, 1000.0
MIN_RATE_CV = 0.05


@dataclass(frozen=True)
class LagFit:
    lag: int
    width: int
    rate: float
    size: float  # negative-binomial size of the months around the fit
    rate_cv: float  # year-to-year drift of the rate
    error: float  # mean squared error per month, corrected for the 3 fitted parameters


def _windowed(applications: np.ndarray, lag: int, width: int) -> np.ndarray:
    """For every t, mean(applications[t - lag - width//2 .. t - lag + width//2]), NaN where
    any of them is unknown or before the series."""
    padded = np.concatenate([np.full(lag + width // 2, np.nan), applications, np.full(width, np.nan)])
    return np.asarray(np.lib.stride_tricks.sliding_window_view(padded, width)[: len(applications)].mean(axis=1))


def _lagged(extended: np.ndarray, width: int, lags: np.ndarray, length: int) -> np.ndarray:
    """``_windowed`` for every lag at once (rows), the first ``length`` months: one window mean
    per month, shifted by each lag (a status fits a lag for every earlier year it scores)."""
    half = width // 2
    padded = np.concatenate([np.full(half, np.nan), extended, np.full(half, np.nan)])
    means = np.lib.stride_tricks.sliding_window_view(padded, width).mean(axis=1)  # centred on each month
    index = np.arange(length)[None, :] - lags[:, None]
    inside = (index >= 0) & (index < len(means))
    return np.where(inside, means[np.clip(index, 0, len(means) - 1)], np.nan)


def _fit(applications: np.ndarray, grants: np.ndarray, future: int) -> LagFit | None:
    """The best (lag, width) by squared error, with its rate and noise, or None."""
    extended = np.concatenate([applications, np.full(future, np.nan)])
    best: tuple[float, int, int, float] | None = None
    for width in WIDTHS:
        lags = np.array([lag for lag in LAGS if lag - width // 2 >= future])  # else months left need unknown ones
        if not lags.size:
            continue
        drivers = _lagged(extended, width, lags, len(grants))
        known = ~np.isnan(drivers) & ~np.isnan(grants)[None, :]
        driven = np.where(known, drivers, 0.0).sum(axis=1)
        granted = np.where(known, grants[None, :], 0.0).sum(axis=1)
        usable = (known.sum(axis=1) >= MIN_MONTHS) & (driven > 0)
        if not usable.any():
            continue
        rates = np.where(usable, granted / np.where(driven > 0, driven, 1.0), 0.0)
        squares = np.where(known, (grants[None, :] - rates[:, None] * drivers) ** 2, 0.0).sum(axis=1)
        errors = np.where(usable, squares / np.maximum(known.sum(axis=1), 1), np.inf)
        i = int(np.argmin(errors))
        if best is None or errors[i] < best[0]:
            best = (float(errors[i]), int(lags[i]), width, float(rates[i]))
    if best is None:
        return None
    error, lag, width, rate = best
    driver = _windowed(extended, lag, width)[: len(grants)]
    known = ~np.isnan(driver) & ~np.isnan(grants)
    expected = rate * driver[known]
    excess = error * known.sum() - expected.sum()
    size = float(np.clip((expected**2).sum() / excess, MIN_SIZE, MAX_SIZE)) if excess > 0 else MAX_SIZE
    return LagFit(lag, width, rate, size, _rate_cv(grants, rate * driver),
                  error * known.sum() / max(known.sum() - 3, 1))


def _rate_cv(grants: np.ndarray, fitted: np.ndarray) -> float:
    """Spread of log(actual / fitted) over the complete years of the fit, less counting noise."""
    whole = len(grants) // 12 * 12
    start = len(grants) - whole
    actual = grants[start:].reshape(-1, 12).sum(axis=1)
    expected = fitted[start:].reshape(-1, 12).sum(axis=1)
    ok = np.isfinite(actual) & np.isfinite(expected) & (actual > 0) & (expected > 0)
    if ok.sum() < 2:
        return 0.2
    ratios = np.log(actual[ok] / expected[ok])
    noise = float(np.mean(1 / expected[ok]))
    return float(max(np.sqrt(max(np.mean(ratios**2) - noise, 0.0)), MIN_RATE_CV))


def seasonal_error(grants: np.ndarray) -> float | None:
    """Mean squared error per month of a seasonal profile times each complete year's total
    (what the univariate model assumes), corrected for the parameters it fits."""
    whole = len(grants) // 12 * 12
    years = grants[len(grants) - whole:].reshape(-1, 12)
    years = years[~np.isnan(years).any(axis=1)]
    if len(years) < 2:
        return None
    expected = years.sum(axis=1, keepdims=True) * years.sum(axis=0) / max(years.sum(), 1)
    return float(((years - expected) ** 2).sum() / max(years.size - len(years) - 11, 1))


def lag_projection(applications: np.ndarray, grants: np.ndarray, ytd: int, month: int, seed: int = 0,
                   draws: int = 4000) -> Projection | None:
    """Year-end grants from monthly ``applications`` and ``grants`` up to this month (flat,
    oldest first, NaN where unknown, the same length, ending at this year's ``month``)."""
    future = 12 - month
    fit = _fit(applications, grants, future)
    univariate = seasonal_error(grants[: len(grants) - month])
    if fit is None or (univariate is not None and fit.error >= univariate):
        return None
    lag, width, rate, size = fit.lag, fit.width, fit.rate, fit.size
    extended = np.concatenate([applications, np.full(future, np.nan)])
    means = rate * _windowed(extended, lag, width)[len(grants):len(grants) + future]
    if np.isnan(means).any():
        return None
    rng = np.random.default_rng(seed)
    drift = rng.gamma(1 / fit.rate_cv**2, fit.rate_cv**2, size=(draws, 1))
    rates = rng.gamma(size, np.maximum(means * drift, 1e-9) / size)
    paths = ytd + np.cumsum(rng.poisson(rates), axis=1)
    reason = (f"grants from applications: {rate:.0%} of the applications of {lag} months before "
              f"(averaged over {width} months)")
    return Projection.from_draws(ytd, paths[:, -1], paths, "grant_lag", reason, len(grants) // 12)
