"""Grants from the application pipeline: a granted patent was applied for months (utility
models, designs) or years (inventions) before, so this year's grants still to come are mostly
the applications of last year and this year, at the series' own lag and grant rate.

The lag L, the width W of the window it is spread over, and the rate r are fitted to the
series' own months by least squares: grants(t) ~ r x mean(applications(t-L-W//2 .. t-L+W//2)).
The months left are then drawn negative-binomial around that, with the overdispersion of the
fit's residuals, times a rate that drifts from year to year as much as the fit's yearly sums
missed.

The lag projection must prove itself out of sample: the same fit made on the series without its
last ``HELD_OUT`` months (as this projection is made, a year earlier) predicts those months
from their applications, and its squared error must be ``HELD_OUT_GAIN`` below that of a seasonal
profile (the complete years before them) times the total of the 12 months a year before each. Of
108 (lag, width) combinations one fits any series' own months well by chance; a held-out year
it did not see tells a real lag from such a fit. Where the series is too short to hold a year
out, the fit must beat a seasonal profile on the series' own months (after counting the
parameters each fits). Otherwise, and when the applications the months left depend on are not
known yet or the history is too short to fit, there is no lag projection (None) and the caller
keeps the univariate one.
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
HELD_OUT = 12  # months the fit must predict without having seen them
HELD_OUT_GAIN = 0.2  # its squared error there a fifth below the seasonal profile's


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


Best = tuple[float, int, int, float]  # mean squared error per month, lag, width, rate


def _best(applications: np.ndarray, grants: np.ndarray, future: int, ends: tuple[int, ...]) -> list[Best | None]:
    """For each end, the best (lag, width) by squared error over the grants before it, with its
    rate, or None. One end's fit is the fit of the series cut there: a month's driver is made of
    applications at least ``future`` months before it, none after the end."""
    extended = np.concatenate([applications, np.full(future, np.nan)])
    bests: list[Best | None] = [None] * len(ends)
    for width in WIDTHS:
        lags = np.array([lag for lag in LAGS if lag - width // 2 >= future])  # else months left need unknown ones
        if not lags.size:
            continue
        drivers = _lagged(extended, width, lags, len(grants))
        seen = ~np.isnan(drivers) & ~np.isnan(grants)[None, :]
        for e, end in enumerate(ends):
            known = seen & (np.arange(len(grants)) < end)[None, :]
            driven = np.where(known, drivers, 0.0).sum(axis=1)
            granted = np.where(known, grants[None, :], 0.0).sum(axis=1)
            usable = (known.sum(axis=1) >= MIN_MONTHS) & (driven > 0)
            if not usable.any():
                continue
            rates = np.where(usable, granted / np.where(driven > 0, driven, 1.0), 0.0)
            squares = np.where(known, (grants[None, :] - rates[:, None] * drivers) ** 2, 0.0).sum(axis=1)
            errors = np.where(usable, squares / np.maximum(known.sum(axis=1), 1), np.inf)
            i = int(np.argmin(errors))
            best = bests[e]
            if best is None or errors[i] < best[0]:
                bests[e] = (float(errors[i]), int(lags[i]), width, float(rates[i]))
    return bests


def _fit(applications: np.ndarray, grants: np.ndarray, future: int, best: Best | None = None) -> LagFit | None:
    """The best (lag, width) by squared error (``best`` where already found), with its rate and
    noise, or None."""
    extended = np.concatenate([applications, np.full(future, np.nan)])
    if best is None:
        best = _best(applications, grants, future, (len(grants),))[0]
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


def _lag_left(applications: np.ndarray, grants: np.ndarray, future: int,
              best: Best | None = None) -> tuple[LagFit, np.ndarray] | None:
    """The lag fit of these months and its expected grants in the ``future`` months after them."""
    fit = _fit(applications, grants, future, best)
    if fit is None:
        return None
    extended = np.concatenate([applications, np.full(future, np.nan)])
    means = fit.rate * _windowed(extended, fit.lag, fit.width)[len(grants):len(grants) + future]
    return None if np.isnan(means).any() else (fit, means)


def held_out_errors(applications: np.ndarray, grants: np.ndarray, month: int) -> tuple[float, float] | None:
    """Squared errors, summed over the series' last ``HELD_OUT`` months, of the lag fit made on the
    months before them (for the same months left, ``12 - month``) and of the seasonal profile of
    the complete years before them times the total of the 12 months a year before each; None
    where the series is too short or too gappy to hold them out. Only the series' own months are
    read (it ends at this year's ``month``)."""
    cut = len(grants) - HELD_OUT
    if cut < MIN_MONTHS + 12:
        return None
    return _held_out(applications, grants, month, _best(applications, grants, 12 - month, (cut,))[0])


def _held_out(applications: np.ndarray, grants: np.ndarray, month: int,
              best: Best | None) -> tuple[float, float] | None:
    """``held_out_errors`` with the fit on the months before the held-out ones found."""
    n, cut = len(grants), len(grants) - HELD_OUT
    if best is None or cut < MIN_MONTHS + 12:
        return None
    _, lag, width, rate = best
    lagged = rate * _windowed(applications, lag, width)[cut:]
    start = (cut - (n - month)) % 12  # calendar month of grants[cut] (grants[n - month] is a January)
    january = cut - start
    years = grants[january % 12:january].reshape(-1, 12)
    years = years[~np.isnan(years).any(axis=1)]
    if not len(years) or years.sum() <= 0:
        return None
    profile = years.sum(axis=0) / years.sum()
    totals = np.concatenate([[0.0], np.cumsum(np.nan_to_num(grants))])
    gaps = np.concatenate([[0], np.cumsum(np.isnan(grants))])
    t = np.arange(cut, n)
    seasonal = profile[(start + np.arange(HELD_OUT)) % 12] * (totals[t - 11] - totals[t - 23])  # months t-23 .. t-12
    ok = ~np.isnan(grants[cut:]) & ~np.isnan(lagged) & (gaps[t - 11] == gaps[t - 23])
    if ok.sum() < HELD_OUT // 2:
        return None
    actual = grants[cut:][ok]
    return float(((actual - lagged[ok]) ** 2).sum()), float(((actual - seasonal[ok]) ** 2).sum())


def lag_projection(applications: np.ndarray, grants: np.ndarray, ytd: int, month: int, seed: int = 0,
                   draws: int = 4000) -> Projection | None:
    """Year-end grants from monthly ``applications`` and ``grants`` up to this month (flat,
    oldest first, NaN where unknown, the same length, ending at this year's ``month``)."""
    cut = len(grants) - HELD_OUT  # the fit without the last months is found with the whole one's
    bests = _best(applications, grants, 12 - month, (len(grants), cut) if cut >= MIN_MONTHS + 12 else (len(grants),))
    lagged = _lag_left(applications, grants, 12 - month, bests[0])
    if lagged is None:
        return None
    fit, means = lagged
    held_out = _held_out(applications, grants, month, bests[-1]) if len(bests) > 1 else None
    if held_out is not None:
        if held_out[0] >= (1 - HELD_OUT_GAIN) * held_out[1]:
            return None
    elif (univariate := seasonal_error(grants[: len(grants) - month])) is not None and fit.error >= univariate:
        return None
    lag, width, rate, size = fit.lag, fit.width, fit.rate, fit.size
    rng = np.random.default_rng(seed)
    drift = rng.gamma(1 / fit.rate_cv**2, fit.rate_cv**2, size=(draws, 1))
    rates = rng.gamma(size, np.maximum(means * drift, 1e-9) / size)
    paths = ytd + np.cumsum(rng.poisson(rates), axis=1)
    proven = "it predicted the last 12 months better than the seasonal profile" if held_out is not None else \
        "it fits the series' months better than the seasonal profile"
    reason = (f"grants from applications: {rate:.0%} of the applications of {lag} months before "
              f"(averaged over {width} months; {proven})")
    return Projection.from_draws(ytd, paths[:, -1], paths, "grant_lag", reason, len(grants) // 12)
