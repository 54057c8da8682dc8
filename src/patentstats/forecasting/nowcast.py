"""Nowcast: the applications a patent list does not hold yet. Pure functions.

A month filed d months before the list's latest publication is seen in the share F(d) of the
publication-delay distribution (``publication_delay.delay_cdf``): seen ~ Poisson(rate x F(d)).
The month's rate has a gamma prior centred on the series' recent level (the rate that best
explains the last months' counts given their shares seen) with the month-to-month spread of
its complete months; the posterior is gamma, and the applications still unpublished are
Poisson(rate x (1 - F(d))). Draws of the actual count are never below the count seen.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..table.completeness import Completeness

__all__ = ["SeriesNowcast", "nowcast_series", "recent_level", "month_size", "interval", "DRAWS"]

DRAWS = 4000
COMPLETE_SHARE = 0.995  # a month seen at least this fully is taken as complete
LEVEL_MONTHS = 12  # the recent level is read from this many latest months...
LEVEL_MIN_SEEN = 6.0  # ...or more, until they add up to this many months seen in full
# A series with fewer filings than this in those months (a company's, a small county's) reads
# its level from LONG_LEVEL_MONTHS: on the real lists of bench_nowcast.py (5-30 filings a year,
# in bursts) that halved the median error; series this small rarely have a trend to lag behind.
FEW_FILINGS, LONG_LEVEL_MONTHS = 60, 24
LEVEL_DRIFT = 0.12  # coefficient of variation of the level between the months read and those estimated
DEFAULT_SIZE = 5.0  # gamma shape of a month's rate around the level when history cannot tell
MIN_SIZE, MAX_SIZE = 1.0, 50.0


@dataclass(frozen=True)
class SeriesNowcast:
    """Draws of the actual counts (``draws``: draws x months) of the months not wholly
    published (``months``, from January 1970), beside the counts the list holds (``seen``)."""

    months: np.ndarray
    seen: np.ndarray
    draws: np.ndarray

    def unseen_through(self, year: int, month: int, first_month: int = 1) -> np.ndarray:
        """Per draw, the applications not yet published among months ``first_month``..``month`` of ``year``."""
        start, end = (year - 1970) * 12 + first_month - 1, (year - 1970) * 12 + month - 1
        inside = (self.months >= start) & (self.months <= end)
        return np.asarray((self.draws[:, inside] - self.seen[inside]).sum(axis=1))

    def point(self) -> np.ndarray:
        """The median actual count of each month."""
        return np.asarray(np.median(self.draws, axis=0))


def recent_level(seen: np.ndarray, share: np.ndarray) -> tuple[float, float]:
    """Gamma (shape, rate) of the monthly rate that explains the latest months' counts given
    the shares seen (seen ~ Poisson(rate x share), so the posterior is Gamma(sum seen, sum
    share)), over the last LEVEL_MONTHS months or as many more as make LEVEL_MIN_SEEN months
    seen in full.

    >>> [round(v, 2) for v in recent_level(np.array([10, 10, 5, 1]), np.array([1.0, 1.0, 0.5, 0.1]))]
    [19.18, 1.88]
    """
    total_share = np.cumsum(share[::-1])
    enough = np.flatnonzero(total_share >= LEVEL_MIN_SEEN)
    n = max(LEVEL_MONTHS, int(enough[0]) + 1 if enough.size else len(share))
    if seen[-n:].sum() < FEW_FILINGS:  # a few filings, often in bursts: a longer window says more
        n = max(n, LONG_LEVEL_MONTHS)
    counted, exposure = float(seen[-n:].sum() + 0.5), float(max(share[-n:].sum(), 0.5))
    shape = 1 / (1 / counted + LEVEL_DRIFT**2)  # the level may have moved since the months it is read from
    return shape, shape * exposure / counted


def month_size(seen: np.ndarray, share: np.ndarray) -> float:
    """Gamma shape of a month's rate around the level, by the method of moments over the
    complete months among the last three years (variance = mean + mean^2 / size)."""
    complete = seen[-36:][share[-36:] >= COMPLETE_SHARE]
    if complete.size < 6 or complete.mean() <= 0:
        return DEFAULT_SIZE
    excess = complete.var(ddof=1) - complete.mean()
    return float(np.clip(complete.mean() ** 2 / excess, MIN_SIZE, MAX_SIZE)) if excess > 0 else MAX_SIZE


def nowcast_series(seen: np.ndarray, months: np.ndarray, completeness: Completeness, draws: int = DRAWS,
                   seed: int = 0) -> SeriesNowcast:
    """Draws of the actual counts of a series' months not wholly published.

    ``seen``: the monthly counts the list holds for ``months`` (months from January 1970,
    consecutive, oldest first, up to the latest month in the data).

    Examples
    --------
    >>> cdf = np.ones(61); cdf[:3] = [0.0, 0.25, 0.5]
    >>> cast = nowcast_series(np.array([10] * 12 + [5, 2]), np.arange(100, 114), Completeness(114, cdf))
    >>> cast.months.tolist(), bool((cast.draws >= cast.seen).all())
    ([112, 113], True)
    """
    share = completeness.share(months)
    open_months = share < COMPLETE_SHARE
    if not open_months.any():
        return SeriesNowcast(np.empty(0, dtype=int), np.empty(0), np.zeros((draws, 0)))
    shape, rate0 = recent_level(seen, share)
    size = month_size(seen, share)
    s, c = seen[open_months].astype(float), share[open_months]
    rng = np.random.default_rng(seed)
    level = rng.gamma(shape, 1.0 / rate0, size=(draws, 1))  # one level per draw: the months share its error
    rate = rng.gamma(size + s, 1.0 / (size / level + c))
    unseen = rng.poisson(rate * (1 - c))
    return SeriesNowcast(np.asarray(months)[open_months], s, s + unseen)


def interval(draws: np.ndarray) -> dict[str, int]:
    """``{point, lo80, hi80, lo95, hi95}``: the median and the 80% and 95% intervals of draws."""
    q = np.quantile(draws, [0.5, 0.1, 0.9, 0.025, 0.975], method="inverted_cdf").astype(int)
    return dict(zip(("point", "lo80", "hi80", "lo95", "hi95"), (int(v) for v in q), strict=True))
