"""Year-end projection: where each count will end the year, with intervals and the
probability of reaching each target level. Pure functions; deterministic for a given seed.

Methods
-------
run_rate
    YTD x 12 / month. Intervals and probabilities from a normal approximation with Poisson
    variance for the months left.
seasonal_share
    YTD / the share of the year that prior years had reached by this month (pooled), with the
    same normal approximation. Needs at least one complete prior year.
seasonal_model (the default)
    A seasonal gamma-Poisson model of the monthly counts, simulated forward. The year's level
    has a gamma prior centred on last year's total (times the recent trend, wide enough for
    level shifts), updated by this year's YTD; the seasonal profile is drawn from a Dirichlet
    on prior years' months (uniform, and very uncertain, with no history); months left are
    drawn with the overdispersion measured in history. Works with no, one or many prior years.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from .labels import MEASURES, PATENT_TYPES, TOTAL
from .targets import LEVELS, target_value, targets_for

__all__ = ["METHODS", "DEFAULT_METHOD", "Projection", "History", "RegionCube", "region_cube", "project_series",
           "project_cube", "project_year_end", "projection_fans"]

METHODS = ("run_rate", "seasonal_share", "seasonal_model")
DEFAULT_METHOD = "seasonal_model"
DRAWS = 4000
PRIOR_CV = 0.4  # year-to-year spread of a county's totals: trends and level shifts (checked by the backtest)
NO_HISTORY_SIZE = 10.0  # negative-binomial size of monthly counts when history cannot tell
MIN_SIZE, MAX_SIZE = 1.0, 1000.0
SEASON_PRIOR_PER_MONTH = 0.2  # pseudo-count per month added to prior years' months
NO_HISTORY_SEASON_CONCENTRATION = 12.0  # how sure a uniform profile is when there is no history


@dataclass
class History:
    """One series: ``monthly[y, k]`` counts of prior year y (NaN where unknown), ``totals[y]``
    their year totals (NaN where unknown), and this year's YTD at ``month``."""

    monthly: np.ndarray
    totals: np.ndarray
    ytd: int
    month: int

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


def _normal_projection(ytd: int, point: float, method: str, reason: str) -> Projection:
    remaining = max(point - ytd, 0.0)
    sd = math.sqrt(remaining) if remaining > 0 else 0.0
    z80, z95 = 1.2816, 1.96

    def bound(z: float) -> int:
        return max(ytd, int(round(point + z * sd)))
    return Projection(int(round(point)), bound(-z80), bound(z80), bound(-z95), bound(z95), method, reason, ytd,
                      normal=(point, sd))


def _pooled_share(history: History) -> float | None:
    done = history.complete_years
    if not done.any():
        return None
    months = history.monthly[done]
    full = months.sum()
    return float(months[:, : history.month].sum() / full) if full > 0 else None


def _nb_size(history: History) -> float:
    """The negative-binomial size k of monthly counts around each year's seasonal expectation
    (variance = mean + mean^2 / k), by the method of moments over complete prior years."""
    months = history.monthly[history.complete_years]
    if len(months) < 2 or months.sum() < 24:
        return NO_HISTORY_SIZE
    profile = (months.sum(axis=0) + SEASON_PRIOR_PER_MONTH) / (months.sum() + 12 * SEASON_PRIOR_PER_MONTH)
    expected = months.sum(axis=1, keepdims=True) * profile
    fitted = len(months) + 11  # year totals and the profile are fitted to the same counts
    squares = float(((months - expected) ** 2).sum()) * months.size / max(months.size - fitted, 1)
    excess = squares - float(expected.sum())
    return float(np.clip((expected**2).sum() / excess, MIN_SIZE, MAX_SIZE)) if excess > 0 else MAX_SIZE


def _level_prior(history: History) -> tuple[float, float] | None:
    """Gamma (shape, rate) for this year's total: last known total times the recent trend."""
    totals = history.totals[~np.isnan(history.totals)]
    if totals.size == 0:
        return None
    last = max(float(totals[-1]), 1.0)
    trend = 1.0
    positive = totals[totals > 0]
    if positive.size >= 3:  # a trend needs a few years; shrink it halfway to none
        growth = np.diff(np.log(positive[-4:]))
        trend = float(np.exp(np.clip(np.median(growth), -0.5, 0.5) / 2))
    mean = last * trend
    shape = 1 / PRIOR_CV**2
    return shape, shape / mean


def _simulate(history: History, rng: np.random.Generator, draws: int) -> np.ndarray:
    """Cumulative paths through the months left (draws x (12 - month)) from the seasonal
    gamma-Poisson (negative-binomial) model; the last column is the year end."""
    done = history.complete_years
    size = _nb_size(history)
    if done.any():
        pooled = history.monthly[done].sum(axis=0)
        mean_month = pooled.sum() / done.sum() / 12
        alpha = (pooled + SEASON_PRIOR_PER_MONTH) / (1 + mean_month / size)  # fewer effective counts when noisy
    else:
        alpha = np.full(12, NO_HISTORY_SEASON_CONCENTRATION / 12)
    profiles = rng.dirichlet(alpha, size=draws)
    month = history.month
    elapsed = profiles[:, :month].sum(axis=1)
    prior = _level_prior(history)
    shape0, rate0 = prior if prior is not None else (0.5, 1e-3)  # no history: a vague prior
    # this year's YTD updates the level (quasi-likelihood): the negative-binomial extra variance
    # of the months so far shrinks the weight of what they say
    guess = history.ytd / elapsed if history.ytd > 0 else shape0 / rate0
    inflation = 1 + guess * (profiles[:, :month] ** 2).sum(axis=1) / elapsed / size
    level = rng.gamma(shape0 + history.ytd / inflation, 1 / (rate0 + elapsed / inflation))
    rates = rng.gamma(size, (level[:, None] * profiles[:, month:]) / size)
    return np.asarray(history.ytd + np.cumsum(rng.poisson(rates), axis=1))


def project_series(history: History, method: str = DEFAULT_METHOD, seed: int = 0, draws: int = DRAWS) -> Projection:
    """Project one series to December from its history and this year's YTD."""
    ytd, month = history.ytd, history.month
    n_years = int(history.complete_years.sum())
    if month == 12:
        return Projection(ytd, ytd, ytd, ytd, ytd, method, "the year is complete", ytd, draws=np.array([ytd]),
                          paths=np.zeros((1, 0), dtype=int))
    if method == "run_rate":
        return _normal_projection(ytd, ytd * 12 / month, method, f"YTD x 12 / {month}")
    if method == "seasonal_share":
        share = _pooled_share(history)
        if share is None or share <= 0:
            return _normal_projection(ytd, ytd * 12 / month, "run_rate", "no complete prior year: run rate instead")
        return _normal_projection(ytd, ytd / share, method,
                                  f"YTD / {share:.1%}, the share prior years ({n_years}) had reached by month {month}")
    if method != "seasonal_model":
        raise ValueError(f"unknown method {method!r}: expected one of {', '.join(METHODS)}")
    paths = _simulate(history, np.random.default_rng(seed), draws)
    basis = (f"{n_years} prior year(s) of monthly history" if n_years else
             "no prior year: uniform season and a vague level, so wide intervals")
    return Projection.from_draws(ytd, paths[:, -1], paths, method, f"seasonal gamma-Poisson model, {basis}", n_years)


@dataclass
class RegionCube:
    """A region's year-to-date figures as an array: ``ytd[measure, patent_type, year, month]``
    (NaN where unknown), built once so that many projections need no further pandas work."""

    years: list[int]
    ytd: np.ndarray

    def history(self, measure: int, patent_type: int, year: int, month: int) -> History | None:
        """The History of one series as of ``year``-``month``: nothing later is in it."""
        if year not in self.years:
            return None
        y = self.years.index(year)
        now = self.ytd[measure, patent_type, y, month - 1]
        if np.isnan(now):
            return None
        prior = self.ytd[measure, patent_type, :y]
        monthly = np.diff(np.hstack([np.zeros((y, 1)), prior]), axis=1)
        return History(monthly, prior[:, 11].copy(), int(now), month)


SERIES_TYPES = (*PATENT_TYPES, TOTAL)


def region_cube(counts: pd.DataFrame, region: str) -> RegionCube:
    """The RegionCube of one region from the canonical table (with totals)."""
    rows = counts[counts["region"] == region]
    years = sorted(int(y) for y in rows["year"].unique())
    cube = np.full((len(MEASURES), len(SERIES_TYPES), max(len(years), 1), 12), np.nan)
    known = rows[rows["ytd"].notna() & rows["measure"].isin(MEASURES) & rows["patent_type"].isin(SERIES_TYPES)]
    cube[known["measure"].map(MEASURES.index).to_numpy(), known["patent_type"].map(SERIES_TYPES.index).to_numpy(),
         known["year"].map({y: i for i, y in enumerate(years)}).to_numpy(),
         known["month"].to_numpy(dtype=int) - 1] = known["ytd"].to_numpy(dtype=float)
    return RegionCube(years, cube)


def _total_from_types(parts: list[Projection]) -> Projection:
    """The total as the sum of its types' draws, draw by draw, so that it is coherent with them."""
    finals = np.sum([p.draws for p in parts if p.draws is not None], axis=0)
    paths = np.sum([p.paths for p in parts if p.paths is not None], axis=0) if all(
        p.paths is not None for p in parts) else None
    return Projection.from_draws(sum(p.ytd for p in parts), finals, paths, parts[0].method,
                                 parts[0].reason + "; total = sum of the three types' simulations",
                                 parts[0].history_years)


Incomplete = Mapping[tuple[str, str], tuple[int, int]]  # (measure, type) -> first incomplete (year, month)


def complete_month(year: int, month: int, first_incomplete: tuple[int, int] | None) -> int:
    """The last month of ``year`` up to ``month`` whose counts are complete (0 if none is).

    Examples
    --------
    >>> complete_month(2021, 9, (2021, 6)), complete_month(2021, 9, None), complete_month(2021, 9, (2020, 11))
    (5, 9, 0)
    """
    if first_incomplete is None:
        return month
    return min(month, max(0, (first_incomplete[0] - year) * 12 + first_incomplete[1] - 1))


def project_cube(cube: RegionCube, year: int, month: int, method: str = DEFAULT_METHOD,
                 seed: int = 0, incomplete: Incomplete | None = None) -> dict[tuple[str, str], Projection]:
    """Projections of every series of a region as of ``year``-``month``. A series whose recent
    months are known to be incomplete is projected from its last complete month (and not at
    all when no month of the year is complete)."""
    out: dict[tuple[str, str], Projection] = {}
    for m, measure in enumerate(MEASURES):
        for t, patent_type in enumerate(SERIES_TYPES):
            parts = [out.get((measure, p)) for p in PATENT_TYPES]
            if patent_type == TOTAL and method == "seasonal_model" and all(p is not None for p in parts):
                out[(measure, TOTAL)] = _total_from_types(parts)  # type: ignore[arg-type]
                continue
            mark = (incomplete or {}).get((measure, patent_type))
            as_of = complete_month(year, month, mark)
            history = cube.history(m, t, year, as_of) if as_of else None
            if history is not None:
                projection = project_series(history, method, seed + 97 * m + 13 * t)
                if as_of < month and mark is not None:
                    projection.reason += (f"; counts from {mark[0]}-{mark[1]:02d} on are incomplete, "
                                          f"so projected from month {as_of}")
                out[(measure, patent_type)] = projection
    return out


def project_year_end(counts: pd.DataFrame, region: str, year: int, month: int, targets: pd.DataFrame | None = None,
                     method: str = DEFAULT_METHOD, seed: int = 0, incomplete: Incomplete | None = None) -> pd.DataFrame:
    """Projection per measure and patent type (and total) for one region and as-of month.

    Returns one row per (measure, patent_type) with point, lo80, hi80, lo95, hi95, method,
    reason and p_reach_<level> for each target level (None where there is no target). Only
    data up to ``month`` of ``year`` is used. The total is the sum of the types' simulations
    where all three are known. ``incomplete`` (``load_incomplete``) names series whose counts
    are incomplete from a month on: they are projected from their last complete month.
    """
    projections = project_cube(region_cube(counts, region), year, month, method, seed, incomplete)
    wide = targets_for(targets, region, year) if targets is not None else None
    out = []
    for (measure, patent_type), proj in projections.items():
        record: dict[str, object] = {"measure": measure, "patent_type": patent_type, "point": proj.point,
                                     "lo80": proj.lo80, "hi80": proj.hi80, "lo95": proj.lo95, "hi95": proj.hi95,
                                     "method": proj.method, "reason": proj.reason, "history_years": proj.history_years}
        for level in LEVELS:
            target = target_value(wide, measure, patent_type, level)
            record[f"p_reach_{level}"] = proj.p_reach(target) if target is not None else None
        out.append(record)
    return pd.DataFrame(out)


def projection_fans(counts: pd.DataFrame, region: str, year: int, month: int, patent_type: str = TOTAL,
                    seed: int = 0) -> dict[str, pd.DataFrame]:
    """Per measure, quantiles of the simulated cumulative count for the months after ``month``
    (the model's paths): columns month, q025, q10, q50, q90, q975. Empty when nothing is left."""
    columns = ["month", "q025", "q10", "q50", "q90", "q975"]
    projections = project_cube(region_cube(counts, region), year, month, DEFAULT_METHOD, seed)
    fans = {}
    for measure in MEASURES:
        proj = projections.get((measure, patent_type))
        if proj is None or proj.paths is None or proj.paths.size == 0:
            fans[measure] = pd.DataFrame(columns=columns)
            continue
        quantiles = np.quantile(proj.paths, [0.025, 0.1, 0.5, 0.9, 0.975], axis=0, method="inverted_cdf")
        fans[measure] = pd.DataFrame(np.column_stack([np.arange(month + 1, 13), quantiles.T]), columns=columns).astype(int)
    return fans
