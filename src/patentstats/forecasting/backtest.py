"""Backtest: project every complete year from each as-of month using only the data up to
that month, and score the projections against the actual year end."""

from __future__ import annotations

import os
from collections.abc import Mapping
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass

import numpy as np
import pandas as pd

from ..labels import MEASURES
from ..table.targets import target_value, targets_for
from .choice import CHOSEN, METHODS, Choice, Evidence, project_chosen
from .pooling import Pool, pools_before
from .simulation import SERIES_TYPES, Incomplete, RegionCube, project_cube, region_cube, whole_year

__all__ = ["BacktestResult", "backtest", "score", "will_we_hit_it", "mdape_gap"]


@dataclass
class BacktestResult:
    projections: pd.DataFrame  # one row per region, year, as-of month, method, measure, type
    scores: pd.DataFrame  # per method and as-of month


def _complete_years(counts: pd.DataFrame) -> list[tuple[str, int]]:
    december = counts[(counts["month"] == 12) & counts["ytd"].notna()]
    return sorted(set(zip(december["region"], december["year"].astype(int), strict=False)))


def _threshold(wide: pd.DataFrame | None, measure: str, patent_type: str, previous: float) -> float:
    """The target to score probabilities on: the plan (else floor, else stretch), or last year's total."""
    for level in ("plan", "floor", "stretch"):
        if (value := target_value(wide, measure, patent_type, level)) is not None:
            return value
    return previous


Task = tuple[pd.DataFrame, Pool, pd.DataFrame | None, str, int, tuple[str, ...], tuple[int, ...], Incomplete,
             dict[int, Choice]]


def _one_region_year(args: Task) -> list[dict[str, object]]:
    counts, pool, targets, region, year, methods, months, incomplete, choices = args
    cube = region_cube(counts, region)
    y = cube.years.index(year)
    wide = targets_for(targets, region, year) if targets is not None else None  # once, not per projection
    records = []
    for month in months:
        for method in methods:
            # project_cube reads nothing after year-month (tests/test_backtest.py proves it)
            projections = (project_chosen(cube, year, month, choices[month], pool=pool) if method == CHOSEN else
                           project_cube(cube, year, month, method, pool=pool))
            for (measure, patent_type), proj in projections.items():
                m, t = MEASURES.index(measure), SERIES_TYPES.index(patent_type)
                actual = cube.ytd[m, t, y, 11]
                if np.isnan(actual) or not whole_year(incomplete, (measure, patent_type), year):
                    continue
                previous = cube.ytd[m, t, y - 1, 11] if y else np.nan
                threshold = _threshold(wide, measure, patent_type, previous)
                records.append({"region": region, "year": year, "month": month, "method": method,
                                "measure": measure, "patent_type": patent_type, "point": proj.point,
                                "lo80": proj.lo80, "hi80": proj.hi80, "lo95": proj.lo95, "hi95": proj.hi95,
                                "actual": int(actual), "threshold": threshold,
                                "scale": _naive_scale(cube, m, t, y, month),
                                "p_reach": np.nan if np.isnan(threshold) else proj.p_reach(threshold)})
    return records


def _naive_scale(cube: RegionCube, m: int, t: int, y: int, month: int) -> float:
    """MASE's scale: the mean absolute seasonal difference of the monthly counts known as of
    ``month`` (the in-sample error of a seasonal naive forecast), times the months left."""
    ytd = cube.ytd[m, t, : y + 1].copy()
    ytd[-1, month:] = np.nan
    monthly = np.diff(np.hstack([np.zeros((len(ytd), 1)), ytd]), axis=1).ravel()
    differences = np.abs(monthly[12:] - monthly[:-12])
    differences = differences[~np.isnan(differences)]
    return float(differences.mean()) * (12 - month) if differences.size else np.nan


def score(projections: pd.DataFrame) -> pd.DataFrame:
    """Per method and as-of month: median absolute percentage error, mean absolute scaled error
    (MASE), 80% and 95% interval coverage, the median width of the 80% interval and its
    Winkler score (width plus 10 times any miss; both in % of the actual), and the Brier score
    of the probability of reaching the threshold."""
    p = projections
    actual = p["actual"].where(p["actual"] > 0)
    miss80 = (p["lo80"] - p["actual"]).clip(lower=0) + (p["actual"] - p["hi80"]).clip(lower=0)
    frame = p.assign(ape=(p["point"] - p["actual"]).abs() / actual * 100,
                     scaled=(p["point"] - p["actual"]).abs() / p["scale"].where(p["scale"] > 0),
                     in80=(p["lo80"] <= p["actual"]) & (p["actual"] <= p["hi80"]),
                     in95=(p["lo95"] <= p["actual"]) & (p["actual"] <= p["hi95"]),
                     width80=(p["hi80"] - p["lo80"]) / actual * 100,
                     winkler80=(p["hi80"] - p["lo80"] + miss80 / 0.1) / actual * 100,
                     brier=(p["p_reach"] - (p["actual"] >= p["threshold"]).astype(float)) ** 2)
    return frame.groupby(["method", "month"]).agg(
        n=("actual", "size"), mdape=("ape", "median"), mase=("scaled", "mean"), coverage80=("in80", "mean"),
        coverage95=("in95", "mean"), width80=("width80", "median"), winkler80=("winkler80", "median"),
        brier=("brier", "mean")).reset_index()


def mdape_gap(projections: pd.DataFrame, method: str, other: str, month: int, draws: int = 1000,
              seed: int = 0) -> tuple[float, float, float]:
    """Median APE of ``method`` less that of ``other`` at ``month``, and the 95% interval of that
    difference when the region-years are drawn again with replacement (a cluster bootstrap: a
    region-year's series share its surprises, so they are resampled together). An interval that
    holds 0 says the backtest cannot tell the two methods apart at that month.

    Examples
    --------
    >>> p = pd.DataFrame({"region": ["a", "a", "b", "b"] * 2, "year": 2020, "month": 6,
    ...                   "method": ["m"] * 4 + ["o"] * 4, "point": [103, 105, 110, 120, 101, 103, 108, 118],
    ...                   "actual": 100})
    >>> mdape_gap(p, "m", "o", 6)  # m is 2 points worse in every series, so in every resample
    (2.0, 2.0, 2.0)
    """
    at = projections[(projections["month"] == month) & (projections["actual"] > 0)]
    clusters = at[["region", "year"]].drop_duplicates().reset_index(drop=True)
    ids = pd.MultiIndex.from_frame(clusters)
    counts = np.random.default_rng(seed).multinomial(len(clusters), np.full(len(clusters), 1 / len(clusters)),
                                                     size=draws)  # how often each region-year is drawn
    medians = []
    for name in (method, other):
        rows = at[at["method"] == name]
        ape = ((rows["point"] - rows["actual"]).abs() / rows["actual"] * 100).to_numpy(dtype=float)
        order = np.argsort(ape, kind="stable")
        cluster = ids.get_indexer(pd.MultiIndex.from_frame(rows[["region", "year"]]))[order]
        medians.append((float(np.median(ape)), _weighted_medians(ape[order], counts[:, cluster])))
    (point, resampled), (other_point, other_resampled) = medians
    lo, hi = np.quantile(resampled - other_resampled, [0.025, 0.975])
    return round(point - other_point, 6), round(float(lo), 6), round(float(hi), 6)


def _weighted_medians(values: np.ndarray, weights: np.ndarray) -> np.ndarray:
    """The median of ``values`` (sorted) repeated ``weights`` times, for each row of ``weights``
    (the mean of the middle two where the count is even, as ``np.median``).

    >>> _weighted_medians(np.array([1.0, 2.0, 10.0]), np.array([[1, 1, 1], [2, 0, 2], [0, 3, 1]]))
    array([2. , 5.5, 2. ])
    """
    cumulative = np.cumsum(weights, axis=1)
    total = cumulative[:, -1:]
    lower = (cumulative <= (total - 1) // 2).sum(axis=1)
    upper = (cumulative <= total // 2).sum(axis=1)
    return np.asarray((values[lower] + values[upper]) / 2)


def will_we_hit_it(projections: pd.DataFrame, month: int = 6) -> pd.DataFrame:
    """How good the stated chance of reaching the target (or last year's total) was at ``month``,
    per method: ``right_side``, how often it was on the side of 50% that happened (a chance of
    exactly 50% counts half), and its Brier score, over the ``n`` projections with a threshold.
    The actual total is never reached with certainty at ``month``, so these are honest.

    Examples
    --------
    >>> p = pd.DataFrame({"method": "m", "month": 6, "p_reach": [0.9, 0.2, 0.5, 0.7], "actual": [10, 10, 10, 10],
    ...                   "threshold": [9, 9, 11, 11]})
    >>> will_we_hit_it(p).round(4).to_dict("records")  # right: yes, no, half, no; Brier (.01+.64+.25+.49)/4
    [{'method': 'm', 'n': 4, 'right_side': 0.375, 'brier': 0.3475}]
    """
    at = projections[(projections["month"] == month) & projections["p_reach"].notna()]
    hit = (at["actual"] >= at["threshold"]).astype(float)
    said = (at["p_reach"] > 0.5).astype(float).where(at["p_reach"] != 0.5, 0.5)
    frame = at.assign(right=1 - (said - hit).abs(), brier=(at["p_reach"] - hit) ** 2)
    return frame.groupby("method").agg(n=("right", "size"), right_side=("right", "mean"),
                                       brier=("brier", "mean")).reset_index()


def backtest(counts: pd.DataFrame, targets: pd.DataFrame | None = None, methods: tuple[str, ...] = METHODS,
             months: tuple[int, ...] = tuple(range(1, 12)), jobs: int | None = None,
             incomplete: Mapping[str, Incomplete] | None = None) -> BacktestResult:
    """Backtest every region and complete year in ``counts`` (with totals), in parallel processes.
    A series is not scored on a year whose counts ``incomplete`` (``incomplete_by_region``) marks short."""
    complete = _complete_years(counts)
    pools = pools_before(counts, sorted({year for _, year in complete}))  # from every region
    evidence = Evidence(counts) if CHOSEN in methods else None  # the default's choices: as status makes them
    tasks = [(counts[counts["region"] == region], pools[year], targets, region, year, methods, months,
              (incomplete or {}).get(region, {}),
              {month: evidence.choice(region, year, month) for month in months} if evidence else {})
             for region, year in complete]
    jobs = jobs or os.cpu_count() or 1
    if jobs > 1 and len(tasks) > 1:
        with ProcessPoolExecutor(max_workers=jobs) as pool:
            chunks = list(pool.map(_one_region_year, tasks, chunksize=max(1, len(tasks) // (4 * jobs))))
    else:
        chunks = [_one_region_year(task) for task in tasks]
    projections = pd.DataFrame([r for chunk in chunks for r in chunk])
    return BacktestResult(projections, score(projections) if len(projections) else pd.DataFrame())
