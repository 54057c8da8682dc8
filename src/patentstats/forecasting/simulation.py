"""The simulation behind every projection: each series' remaining months drawn forward, per
region (``project_cube``). Pure functions; deterministic for a given seed.

The default, ``seasonal_model``, is a seasonal gamma-Poisson model of the monthly counts,
simulated forward. The year's level has a gamma prior centred on last year's total (times the
recent trend, as wide as year-to-year changes in the data have been), updated by this year's
YTD; the seasonal profile is drawn from a Dirichlet on prior years' months, with the profile
pooled from the other regions and types in the data as its prior (the whole of it when the
series has no complete year of its own); months left are drawn with the overdispersion
measured in history. The simple methods it is measured against are in ``anchors``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd

from ..labels import MEASURES, PATENT_TYPES, TOTAL
from .anchors import ANCHORS, project_anchor, seasonal_naive
from .nowcast import SeriesNowcast, nowcast_series
from .pipeline import lag_projection
from .pooling import Pool, Season
from .projection_types import History, Projection

__all__ = ["METHODS", "MODEL", "YEAR_COMPLETE", "SERIES_TYPES", "Incomplete", "RegionCube", "region_cube",
           "project_series", "project_cube", "total_from_types", "whole_year", "complete_month"]

METHODS = (*ANCHORS, "seasonal_model", "grant_lag")  # what project_cube makes; the default chooses among them (choice)
MODEL = "seasonal_model"
DRAWS = 4000
YEAR_COMPLETE = "the year is complete"  # the reason given where December is known: nothing is projected
NO_HISTORY_SIZE = 10.0  # negative-binomial size of monthly counts when history cannot tell
MIN_SIZE, MAX_SIZE = 1.0, 1000.0
SEASON_PRIOR_PER_MONTH = 0.2  # pseudo-count per month added to prior years' months
NO_HISTORY_SEASON_CONCENTRATION = 12.0  # how sure a uniform profile is when nothing can be borrowed
POOLED_PRIOR_WEIGHT = 0.5  # the pooled profile's weight, in series-years, beside a series' own years
# Early in the year the months so far say little, and last year's months left say as much as
# the model: on both synthetic generators and on the sample, an even blend of the two beat
# each of them at months 1-2, and at no later month (bench/bench_backtest.py).
NAIVE_BLEND = {1: 0.5, 2: 0.5}
POOLED_CONCENTRATION_CAP = 400.0  # no season is surer than this, however many counts it rests on


def _nb_size(history: History) -> float:
    """The negative-binomial size k of monthly counts around each year's seasonal expectation
    (variance = mean + mean^2 / k), by the method of moments over complete prior years."""
    months = history.monthly[history.complete_years]
    if len(months) < 2 or months.sum() < 24:
        scattered = _size_from_scattered(history)
        return scattered if scattered is not None else NO_HISTORY_SIZE
    profile = (months.sum(axis=0) + SEASON_PRIOR_PER_MONTH) / (months.sum() + 12 * SEASON_PRIOR_PER_MONTH)
    expected = months.sum(axis=1, keepdims=True) * profile
    fitted = len(months) + 11  # year totals and the profile are fitted to the same counts
    squares = float(((months - expected) ** 2).sum()) * months.size / max(months.size - fitted, 1)
    excess = squares - float(expected.sum())
    return float(np.clip((expected**2).sum() / excess, MIN_SIZE, MAX_SIZE)) if excess > 0 else MAX_SIZE


def _size_from_scattered(history: History) -> float | None:
    """``_nb_size`` for a series known only by scattered YTD figures: the counts between the
    months known in every prior year (say each quarter's) around each year's total times their
    average share. A span of s months holds s independent months, so its extra variance is
    E^2 / (s k). None where fewer than two years or no month before December is known in all."""
    if history.prior_ytd is None:
        return None
    ytd = history.prior_ytd[~np.isnan(history.prior_ytd[:, 11]) & (history.prior_ytd[:, 11] > 0)]
    known = [k for k in range(11) if len(ytd) and not np.isnan(ytd[:, k]).any()]
    if len(ytd) < 2 or not known or ytd[:, 11].sum() < 24:
        return None
    parts = np.diff(np.column_stack([np.zeros(len(ytd)), ytd[:, known], ytd[:, 11]]), axis=1)
    spans = np.diff([0, *(k + 1 for k in known), 12])
    expected = parts.sum(axis=1, keepdims=True) * parts.sum(axis=0) / parts.sum()
    fitted = len(parts) + parts.shape[1] - 1  # year totals and the average shares
    if parts.size <= fitted:
        return None
    squares = float(((parts - expected) ** 2).sum()) * parts.size / (parts.size - fitted)
    excess = squares - float(expected.sum())
    return float(np.clip((expected**2 / spans).sum() / excess, MIN_SIZE, MAX_SIZE)) if excess > 0 else MAX_SIZE


def _level_prior(history: History, level_cv: float) -> tuple[float, float] | None:
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
    shape = 1 / level_cv**2
    return shape, shape / mean


def _season_alpha(history: History, size: float, pooled: Season | None) -> np.ndarray:
    """Dirichlet parameters of this year's profile: the series' own complete years, with the
    pooled profile as a prior (all of it when the series has no complete year)."""
    done = history.complete_years
    prior = (pooled.profile * pooled.concentration if pooled is not None else
             np.full(12, NO_HISTORY_SEASON_CONCENTRATION / 12))
    if not done.any():
        return _from_scattered_years(history, prior, size)
    own = history.monthly[done].sum(axis=0)
    mean_month = own.sum() / done.sum() / 12
    alpha = (own + SEASON_PRIOR_PER_MONTH) / (1 + mean_month / size)  # fewer effective counts when noisy
    return np.asarray(alpha + POOLED_PRIOR_WEIGHT * prior if pooled is not None else alpha)


def _from_scattered_years(history: History, prior: np.ndarray, size: float) -> np.ndarray:
    """A series without a complete year may still have prior years' YTD at this month and in
    December (a bureau's quarterly or January-September figures): their shares fix how much
    of the year is behind us, as surely as their counts and spread allow. Within the months
    behind and ahead, the prior's shape is kept."""
    shares = history.shares_at_month(prior / prior.sum())
    if not shares.size or history.prior_ytd is None:
        return prior
    counted = float(np.nansum(history.prior_ytd[:, 11]))
    share = float(np.clip(np.average(shares), 0.02, 0.98))
    concentration = counted / (1 + counted / len(shares) / 12 / size)  # negative-binomial noise
    if shares.size >= 3 and shares.var() > 0:
        concentration = min(concentration, share * (1 - share) / shares.var() - 1)
    concentration = float(np.clip(concentration, NO_HISTORY_SEASON_CONCENTRATION, POOLED_CONCENTRATION_CAP))
    month = history.month
    behind, ahead = prior[:month] / prior[:month].sum(), prior[month:] / prior[month:].sum()
    return np.concatenate([behind * share * concentration, ahead * (1 - share) * concentration])


def _simulate(history: History, rng: np.random.Generator, draws: int, pool: Pool, key: tuple[str, str]
              ) -> np.ndarray:
    """Cumulative paths through the months left (draws x (12 - month)) from the seasonal
    gamma-Poisson (negative-binomial) model; the last column is the year end."""
    size = _nb_size(history)
    profiles = rng.dirichlet(_season_alpha(history, size, pool.season(*key)), size=draws)
    month = history.month
    elapsed = profiles[:, :month].sum(axis=1)
    prior = _level_prior(history, pool.level_cv)
    shape0, rate0 = prior if prior is not None else (0.5, 1e-3)  # no history: a vague prior
    # this year's YTD updates the level (quasi-likelihood): the negative-binomial extra variance
    # of the months so far shrinks the weight of what they say
    guess = history.ytd / elapsed if history.ytd > 0 else shape0 / rate0
    inflation = 1 + guess * (profiles[:, :month] ** 2).sum(axis=1) / elapsed / size
    level = rng.gamma(shape0 + history.ytd / inflation, 1 / (rate0 + elapsed / inflation))
    rates = rng.gamma(size, (level[:, None] * profiles[:, month:]) / size)
    return np.asarray(history.ytd + np.cumsum(rng.poisson(rates), axis=1))


def project_series(history: History, method: str = MODEL, seed: int = 0, draws: int = DRAWS,
                   pool: Pool | None = None, key: tuple[str, str] = ("applications", TOTAL)) -> Projection:
    """Project one series (``key``: measure and type) to December from its history and this
    year's YTD, borrowing from ``pool`` what its own history lacks."""
    ytd, month = history.ytd, history.month
    n_years = int(history.complete_years.sum())
    if month == 12:
        return Projection(ytd, ytd, ytd, ytd, ytd, method, YEAR_COMPLETE, ytd, draws=np.array([ytd]),
                          paths=np.zeros((1, 0), dtype=int))
    if method in ANCHORS:
        return project_anchor(history, method, seed)
    if method not in SIMULATED:
        raise ValueError(f"unknown method {method!r}: expected one of {', '.join(METHODS)}")
    pool = pool or Pool()
    paths = _simulate(history, np.random.default_rng(seed), draws, pool, key)
    scattered = history.shares_at_month(np.full(12, 1 / 12)).size  # years whose share can be read
    basis = (f"{n_years} prior year(s) of monthly history" if n_years else
             f"no complete prior year: the share of the year reached by month {month} in {scattered} prior year(s)"
             if scattered else
             "no prior year: the season pooled from the other series" if pool.season(*key) is not None else
             "no prior year: uniform season and a vague level, so wide intervals")
    reason = f"seasonal gamma-Poisson model, {basis}"
    paths, blended = _blend_with_naive(history, paths)
    if blended:
        reason += "; centred halfway to last year's months left, as early in the year"
    return Projection.from_draws(ytd, paths[:, -1], paths, method, reason, n_years)


def _blend_with_naive(history: History, paths: np.ndarray) -> tuple[np.ndarray, bool]:
    """Early in the year, scale the simulated months left so that their median moves
    ``NAIVE_BLEND`` of the way to the seasonal naive projection (the spread scales with it)."""
    weight = NAIVE_BLEND.get(history.month, 0.0)
    naive = seasonal_naive(history)
    if not weight or naive.method != "seasonal_naive":
        return paths, False
    ahead = float(np.median(paths[:, -1])) - history.ytd
    if ahead <= 0:
        return paths, False
    factor = 1 + weight * ((naive.point - history.ytd) / ahead - 1)
    return np.rint(history.ytd + (paths - history.ytd) * factor).astype(int), True


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
        current = np.diff(np.concatenate([[0.0], self.ytd[measure, patent_type, y, :month]]))
        return History(monthly, prior[:, 11].copy(), int(now), month, current, prior.copy())

    def monthly_series(self, measure: int, patent_type: int) -> tuple[np.ndarray, np.ndarray]:
        """Every known monthly count of a series, oldest first, and its months (from January 1970)."""
        ytd = self.ytd[measure, patent_type]
        monthly = np.diff(np.hstack([np.zeros((len(ytd), 1)), ytd]), axis=1).ravel()
        months = ((np.asarray(self.years)[:, None] - 1970) * 12 + np.arange(12)).ravel()
        known = ~np.isnan(monthly)
        return monthly[known], months[known]

    def with_estimates(self, nowcasts: Mapping[tuple[str, str], SeriesNowcast]) -> RegionCube:
        """A copy with each nowcast month's median estimate in place of its count (types and total)."""
        if not nowcasts:
            return self
        ytd = self.ytd.copy()
        for (measure, patent_type), cast in nowcasts.items():
            m, t = MEASURES.index(measure), SERIES_TYPES.index(patent_type)
            for month, extra in zip(cast.months, np.rint(cast.point() - cast.seen), strict=True):
                year, k = 1970 + int(month) // 12, int(month) % 12
                if year in self.years and extra > 0:
                    ytd[m, [t, SERIES_TYPES.index(TOTAL)], self.years.index(year), k:] += extra
        return RegionCube(self.years, ytd)

    def months_through(self, measure: int, patent_type: int, year: int, month: int) -> np.ndarray:
        """Monthly counts of every year up to ``year``-``month``, flat and oldest first (NaN where unknown)."""
        ytd = self.ytd[measure, patent_type, : self.years.index(year) + 1]
        monthly = np.diff(np.hstack([np.zeros((len(ytd), 1)), ytd]), axis=1).ravel()
        return monthly[: len(monthly) - 12 + month]


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


def total_from_types(parts: list[Projection]) -> Projection:
    """The total as the sum of its types' draws, draw by draw, so that it is coherent with them.
    Types projected from different months (incomplete counts) are summed over the months all of
    them simulate; a type whose year is complete has one draw, which counts for every draw."""
    finals = np.sum(np.broadcast_arrays(*[p.draws for p in parts if p.draws is not None]), axis=0)
    simulated = [p.paths for p in parts if p.paths is not None]
    paths = None
    if len(simulated) == len(parts):
        common = min(path.shape[1] for path in simulated)
        paths = np.sum(np.broadcast_arrays(*[path[:, path.shape[1] - common:] for path in simulated]), axis=0)
    total = Projection.from_draws(sum(p.ytd for p in parts), finals, paths, parts[0].method,
                                  parts[0].reason + "; total = sum of the three types' simulations",
                                  parts[0].history_years)
    if any(p.ytd_draws is not None for p in parts):
        total.ytd_draws = np.sum(np.broadcast_arrays(*[p.ytd_draws if p.ytd_draws is not None else np.array([p.ytd])
                                                       for p in parts]), axis=0)
    return total


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


def whole_year(incomplete: Incomplete | None, key: tuple[str, str], year: int) -> bool:
    """Whether a series' December of ``year`` is its true year end: no incompleteness marked in or before ``year``.

    Examples
    --------
    >>> key = ("applications", "invention")
    >>> whole_year({key: (2021, 6)}, key, 2020), whole_year({key: (2021, 6)}, key, 2021), whole_year(None, key, 2021)
    (True, False, True)
    """
    mark = (incomplete or {}).get(key)
    return mark is None or mark[0] > year


SIMULATED = ("seasonal_model", "grant_lag")


def _project_one(cube: RegionCube, history: History, method: str, seed: int, pool: Pool | None,
                 where: tuple[int, int], year: int) -> Projection:
    """One series: grants from the application pipeline where the method asks for it and the
    fit allows, else ``project_series``."""
    m, t = where
    key = (MEASURES[m], SERIES_TYPES[t])
    if method == "grant_lag" and key[0] == "grants":
        applications = cube.months_through(MEASURES.index("applications"), t, year, history.month)
        grants = cube.months_through(m, t, year, history.month)
        if (lagged := lag_projection(applications, grants, history.ytd, history.month, seed)) is not None:
            return lagged
    return project_series(history, "seasonal_model" if method == "grant_lag" else method, seed, pool=pool, key=key)


def project_cube(cube: RegionCube, year: int, month: int, method: str = MODEL, seed: int = 0,
                 incomplete: Incomplete | None = None, pool: Pool | None = None,
                 measures: tuple[str, ...] = MEASURES) -> dict[tuple[str, str], Projection]:
    """Projections of every series of a region as of ``year``-``month``, borrowing from ``pool``
    (``pool_before``) what a series' own history lacks. A series whose recent months are known
    to be incomplete is projected from the nowcast of its unpublished applications where the
    list's publication delays are known (``Incompleteness.completeness``), else from its last
    complete month (and not at all when no month of the year is complete). Either way no
    projection, interval or simulated path is below what is counted. Only the series of
    ``measures`` are projected (each the same as with all)."""
    nowcasts = _nowcasts(cube, incomplete, seed)
    estimated = cube.with_estimates(nowcasts)
    out: dict[tuple[str, str], Projection] = {}
    for m, measure in enumerate(MEASURES):
        if measure not in measures:
            continue
        for t, patent_type in enumerate(SERIES_TYPES):
            parts = [out.get((measure, p)) for p in PATENT_TYPES]
            if patent_type == TOTAL and method in SIMULATED and all(p is not None for p in parts):
                out[(measure, TOTAL)] = total_from_types(parts)  # type: ignore[arg-type]
                continue
            key = (measure, patent_type)
            projection = _project_counted(cube, estimated, nowcasts, (m, t), year, month, method,
                                          seed + 97 * m + 13 * t, pool, (incomplete or {}).get(key))
            if projection is not None:
                out[key] = projection
    _estimate_last_year(out, estimated, year, month)
    return out


def _estimate_last_year(projections: dict[tuple[str, str], Projection], estimated: RegionCube, year: int,
                        month: int) -> None:
    """Growth on last year compares estimates with estimates: last year's same period, nowcast too."""
    for (measure, patent_type), projection in projections.items():
        if projection.ytd_draws is not None:
            before = estimated.history(MEASURES.index(measure), SERIES_TYPES.index(patent_type), year - 1, month)
            projection.prev_year_estimate = before.ytd if before is not None else None


def _nowcasts(cube: RegionCube, incomplete: Incomplete | None, seed: int) -> dict[tuple[str, str], SeriesNowcast]:
    """The nowcast of every type series whose list's publication delays are known."""
    completeness = getattr(incomplete, "completeness", {})
    out = {}
    for key, known in completeness.items():
        if key[0] in MEASURES and key[1] in PATENT_TYPES:
            m, t = MEASURES.index(key[0]), SERIES_TYPES.index(key[1])
            seen, months = cube.monthly_series(m, t)
            if len(seen):
                out[key] = nowcast_series(seen, months, known, DRAWS, seed + 31 * t)
    return out


def _estimated_ytd(cube: RegionCube, nowcasts: dict[tuple[str, str], SeriesNowcast], key: tuple[str, str],
                   year: int, month: int) -> np.ndarray | None:
    """Draws of the year to date with the unpublished applications added (None without a nowcast)."""
    parts = PATENT_TYPES if key[1] == TOTAL else (key[1],)
    casts = [nowcasts[(key[0], p)] for p in parts if (key[0], p) in nowcasts]
    if not casts:
        return None
    return np.asarray(np.sum([cast.unseen_through(year, month) for cast in casts], axis=0))


def _project_counted(cube: RegionCube, estimated: RegionCube, nowcasts: dict[tuple[str, str], SeriesNowcast],
                     where: tuple[int, int], year: int, month: int, method: str, seed: int, pool: Pool | None,
                     mark: tuple[int, int] | None) -> Projection | None:
    """One series, never below its count to date: from the nowcast where there is one, else from
    its last complete month."""
    m, t = where
    counted = cube.history(m, t, year, month)
    if counted is None:
        return None
    unseen = _estimated_ytd(cube, nowcasts, (MEASURES[m], SERIES_TYPES[t]), year, month)
    if unseen is not None:  # even where no draw finds one unpublished: the estimate, not the fallback
        history = estimated.history(m, t, year, month)
        projection = _project_one(estimated, history, method, seed, pool, where, year)  # type: ignore[arg-type]
        return _with_unseen(projection, counted.ytd, history.ytd, unseen)  # type: ignore[union-attr]
    as_of = complete_month(year, month, mark)
    history = cube.history(m, t, year, as_of) if as_of else None
    if history is None:
        return None
    projection = _project_one(cube, history, method, seed, pool, where, year)
    if as_of < month and mark is not None:
        projection.reason += (f"; counts from {mark[0]}-{mark[1]:02d} on are incomplete, "
                              f"so projected from month {as_of}")
        return _floored(projection, counted.ytd, month - as_of)
    return projection


def _with_unseen(projection: Projection, counted: int, estimated_ytd: int, unseen: np.ndarray) -> Projection:
    """A projection made from the estimated year to date, with that estimate's uncertainty: each
    draw's months ahead start from the count to date plus that draw of the unpublished."""
    start = counted + unseen
    paths = projection.paths
    if paths is not None and paths.size and len(paths) == len(unseen):
        paths = np.maximum(paths - estimated_ytd, 0) + start[:, None]
        finals = paths[:, -1]
    else:  # December, or a method without simulated paths: the year end moves with the estimate
        ahead = (projection.draws if projection.draws is not None else np.array([projection.point])) - estimated_ytd
        finals = start + np.maximum(np.resize(ahead, len(start)), 0)
        paths = paths if paths is not None and not paths.size else None
    result = Projection.from_draws(counted, finals, paths, projection.method,
                                   projection.reason + "; applications not yet published estimated from the list's "
                                   "publication delays", projection.history_years)
    result.ytd_draws = start
    return result


def _floored(projection: Projection, counted: int, months_behind: int) -> Projection:
    """A projection made from an earlier month, lifted draw by draw so that no path is below the
    count at the as-of month (later months are no fewer than counted); its paths start after it."""
    paths = projection.paths
    if paths is None or paths.shape[1] < months_behind:
        floor = max(counted, projection.ytd)
        return Projection(max(projection.point, floor), max(projection.lo80, floor), max(projection.hi80, floor),
                          max(projection.lo95, floor), max(projection.hi95, floor), projection.method,
                          projection.reason, floor, projection.draws, projection.paths, projection.history_years,
                          projection.normal)
    at_month = paths[:, months_behind - 1]
    lifted = paths[:, months_behind:] + np.maximum(counted - at_month, 0)[:, None]
    finals = lifted[:, -1] if lifted.size else np.maximum(at_month, counted)
    return Projection.from_draws(counted, finals, lifted, projection.method, projection.reason, projection.history_years)
