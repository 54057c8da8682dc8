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

    def shares_at_month(self) -> np.ndarray:
        """YTD at this month / year total, for each prior year where both are known."""
        if self.prior_ytd is None or not len(self.prior_ytd):
            return np.empty(0)
        now, total = self.prior_ytd[:, self.month - 1], self.prior_ytd[:, 11]
        known = ~np.isnan(now) & ~np.isnan(total) & (total > 0)
        return np.asarray(now[known] / total[known])

    @property
    def complete_years(self) -> np.ndarray:
        return np.asarray(~np.isnan(self.monthly).any(axis=1))


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
