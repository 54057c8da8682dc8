"""The simple methods every projection is measured against (the backtest's anchors).

run_rate
    YTD x 12 / month.
seasonal_share
    YTD / the share of the year that prior years had reached by this month (pooled).
seasonal_naive
    YTD + what last year added after this month.
ets
    An ETS(A,N,A) model of the monthly counts (statsmodels), fitted on the complete years
    before this one and this year's months, and simulated forward: the year end's
    distribution comes from the simulated monthly paths.

The first three take their intervals from a normal approximation with Poisson variance for
the months left, which is the honest width of a method that knows nothing else.
"""

from __future__ import annotations

import math
import warnings

import numpy as np

from .projection_types import History, Projection

__all__ = ["ANCHORS", "project_anchor"]

ANCHORS = ("run_rate", "seasonal_share", "seasonal_naive", "ets")
ETS_DRAWS = 1000
ETS_YEARS = 6  # the most recent complete years an ETS is fitted on


def normal_projection(ytd: int, point: float, method: str, reason: str) -> Projection:
    remaining = max(point - ytd, 0.0)
    sd = math.sqrt(remaining) if remaining > 0 else 0.0
    z80, z95 = 1.2816, 1.96

    def bound(z: float) -> int:
        return max(ytd, int(round(point + z * sd)))
    return Projection(int(round(point)), bound(-z80), bound(z80), bound(-z95), bound(z95), method, reason, ytd,
                      normal=(point, sd))


def run_rate(history: History) -> Projection:
    return normal_projection(history.ytd, history.ytd * 12 / history.month, "run_rate", f"YTD x 12 / {history.month}")


def pooled_share(history: History) -> float | None:
    """The share of the year that the complete prior years had reached by this month, pooled."""
    done = history.complete_years
    months = history.monthly[done]
    full = months.sum()
    return float(months[:, : history.month].sum() / full) if done.any() and full > 0 else None


def seasonal_share(history: History) -> Projection:
    share = pooled_share(history)
    if share is None or share <= 0:
        fallback = run_rate(history)
        fallback.reason = "no complete prior year: run rate instead"
        return fallback
    return normal_projection(history.ytd, history.ytd / share, "seasonal_share",
                             f"YTD / {share:.1%}, the share prior years ({int(history.complete_years.sum())}) "
                             f"had reached by month {history.month}")


def seasonal_naive(history: History) -> Projection:
    """YTD plus what the latest prior year with both figures added after this month."""
    prior = history.monthly[:, history.month:]
    known = ~np.isnan(prior).any(axis=1)
    if not known.any():
        fallback = run_rate(history)
        fallback.reason = "no prior year with the months left: run rate instead"
        return fallback
    rest = float(prior[np.flatnonzero(known)[-1]].sum())
    return normal_projection(history.ytd, history.ytd + rest, "seasonal_naive",
                             f"YTD + {rest:.0f}, what the latest prior year added after month {history.month}")


def _recent_months(history: History) -> np.ndarray | None:
    """The monthly counts of the complete years just before this one, then this year's months
    (None when this year's months are not all known)."""
    current = history.current
    if current is None or np.isnan(current).any():
        return None
    done = history.complete_years
    first = len(done)
    while first > 0 and done[first - 1] and len(done) - first < ETS_YEARS:
        first -= 1
    return np.concatenate([history.monthly[first:].ravel(), current])


def ets(history: History, seed: int = 0) -> Projection:
    """ETS(A,N,A) simulated forward; ETS(A,N,N) with one complete prior year; else seasonal share."""
    series = _recent_months(history)
    if series is None or len(series) < 12 + history.month:
        fallback = seasonal_share(history)
        fallback.reason += "; too little monthly history for ETS"
        return fallback
    from statsmodels.tsa.exponential_smoothing.ets import ETSModel  # heavy: only when asked for

    seasonal = len(series) >= 24 + history.month
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # convergence chatter on short, noisy series
        model = ETSModel(series, error="add", trend=None, seasonal="add" if seasonal else None,
                         seasonal_periods=12 if seasonal else None)
        fit = model.fit(disp=False, maxiter=200)
        months = fit.simulate(12 - history.month, repetitions=ETS_DRAWS, anchor="end",
                              rng=np.random.default_rng(seed))
    paths = history.ytd + np.cumsum(np.clip(np.rint(np.asarray(months)), 0, None), axis=0).T.astype(int)
    name = "ETS(A,N,A)" if seasonal else "ETS(A,N,N)"
    return Projection.from_draws(history.ytd, paths[:, -1], paths, "ets",
                                 f"{name} on {len(series)} months, simulated", int(history.complete_years.sum()))


def project_anchor(history: History, method: str, seed: int = 0) -> Projection:
    if method == "run_rate":
        return run_rate(history)
    if method == "seasonal_share":
        return seasonal_share(history)
    if method == "seasonal_naive":
        return seasonal_naive(history)
    return ets(history, seed)
