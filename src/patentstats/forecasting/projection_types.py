"""What a projection reads (History) and what it gives (Projection)."""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np

__all__ = ["History", "Projection"]


@dataclass
class History:
    """One series: ``monthly[y, k]`` counts of prior year y (NaN where unknown), ``totals[y]``
    their year totals (NaN where unknown), this year's YTD at ``month``, this year's months so
    far (``current``, NaN where unknown; None when not given), and the prior years' YTD figures
    (``prior_ytd[y, k]``, which may be known where single months are not)."""

    monthly: np.ndarray
    totals: np.ndarray
    ytd: int
    month: int
    current: np.ndarray | None = None
    prior_ytd: np.ndarray | None = None

    def shares_at_month(self, profile: np.ndarray | None = None) -> np.ndarray:
        """YTD at this month / year total, for each prior year where the total is known. Where
        that year's YTD at this month is not known but ``profile`` (12 monthly shares) is given,
        it is read between the year's nearest known YTD figures along the profile's shape (a
        year known at 6 and 9 months, as of month 7: the 6-month figure plus the profile's share
        of the 6-9 gain that falls in month 7).

        Examples
        --------
        >>> ytd = np.array([[np.nan] * 5 + [50.0] + [np.nan] * 2 + [80.0] + [np.nan] * 2 + [100.0]])
        >>> h = History(np.full((1, 12), np.nan), ytd[:, 11], 0, 7, None, ytd)
        >>> h.shares_at_month(), h.shares_at_month(np.full(12, 1 / 12))  # 50 + 30 / 3 of 100
        (array([], dtype=float64), array([0.6]))
        """
        if self.prior_ytd is None or not len(self.prior_ytd):
            return np.empty(0)
        now, total = self.prior_ytd[:, self.month - 1].copy(), self.prior_ytd[:, 11]
        if profile is not None:
            for y in np.flatnonzero(np.isnan(now)):
                now[y] = _between_known(self.prior_ytd[y], self.month, np.cumsum(profile))
        known = ~np.isnan(now) & ~np.isnan(total) & (total > 0)
        return np.asarray(now[known] / total[known])

    @property
    def complete_years(self) -> np.ndarray:
        return np.asarray(~np.isnan(self.monthly).any(axis=1))


def _between_known(ytd: np.ndarray, month: int, cumulative: np.ndarray) -> float:
    """A year's YTD at ``month`` from its known YTD figures before and after it (January 1st
    counts as 0 known), the gain between them shared out as the cumulative profile has it."""
    known = np.flatnonzero(~np.isnan(ytd)) + 1  # months with a known YTD
    after = known[known > month]
    if not after.size:
        return float("nan")
    before = known[known < month]
    k0, k1 = (int(before[-1]) if before.size else 0), int(after[0])
    y0 = float(ytd[k0 - 1]) if k0 else 0.0
    c0 = float(cumulative[k0 - 1]) if k0 else 0.0
    span = float(cumulative[k1 - 1]) - c0
    part = (float(cumulative[month - 1]) - c0) / span if span > 0 else (month - k0) / (k1 - k0)
    return y0 + (float(ytd[k1 - 1]) - y0) * part


@dataclass
class Projection:
    point: int
    lo80: int
    hi80: int
    lo95: int
    hi95: int
    method: str
    reason: str
    ytd: int  # what has already happened: certain
    draws: np.ndarray | None = field(default=None, repr=False)
    paths: np.ndarray | None = field(default=None, repr=False)  # cumulative draws for the months left
    history_years: int = 0  # complete prior years the projection learnt from
    normal: tuple[float, float] | None = field(default=None, repr=False)  # (mean, sd) of the simple methods
    # draws of the year to date with the applications not yet published (nowcast); None without one
    ytd_draws: np.ndarray | None = field(default=None, repr=False)
    prev_year_estimate: int | None = None  # last year's same period, its unpublished months estimated too

    def p_reach(self, level: float) -> float:
        """Probability that the year ends at or above ``level``."""
        if level <= self.ytd:
            return 1.0
        if self.draws is not None:
            return float(np.mean(self.draws >= level))
        mean, sd = self.normal  # type: ignore[misc]
        return 0.5 * math.erfc((level - 0.5 - mean) / (sd * math.sqrt(2))) if sd > 0 else float(mean >= level)

    @classmethod
    def from_draws(cls, ytd: int, draws: np.ndarray, paths: np.ndarray | None, method: str, reason: str,
                   history_years: int) -> Projection:
        """Point (median) and 80%/95% intervals read off simulated year ends."""
        q = np.quantile(draws, [0.5, 0.1, 0.9, 0.025, 0.975], method="inverted_cdf").astype(int)
        return cls(int(q[0]), int(q[1]), int(q[2]), int(q[3]), int(q[4]), method, reason, ytd, draws=draws,
                   paths=paths, history_years=history_years)
