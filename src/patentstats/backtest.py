"""Backtest: project every complete year from each as-of month using only the data up to
that month, and score the projections against the actual year end."""

from __future__ import annotations

import os
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass

import numpy as np
import pandas as pd

from .labels import MEASURES
from .projection import METHODS, SERIES_TYPES, project_cube, region_cube
from .targets import target_value, targets_for

__all__ = ["BacktestResult", "backtest", "score"]


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


def _one_region_year(args: tuple[pd.DataFrame, pd.DataFrame | None, str, int, tuple[str, ...], tuple[int, ...]]
                     ) -> list[dict[str, object]]:
    counts, targets, region, year, methods, months = args
    cube = region_cube(counts, region)
    y = cube.years.index(year)
    wide = targets_for(targets, region, year) if targets is not None else None  # once, not per projection
    records = []
    for month in months:
        for method in methods:
            # project_cube reads nothing after year-month (tests/test_backtest.py proves it)
            for (measure, patent_type), proj in project_cube(cube, year, month, method).items():
                m, t = MEASURES.index(measure), SERIES_TYPES.index(patent_type)
                actual = cube.ytd[m, t, y, 11]
                if np.isnan(actual):
                    continue
                previous = cube.ytd[m, t, y - 1, 11] if y else np.nan
                threshold = _threshold(wide, measure, patent_type, previous)
                records.append({"region": region, "year": year, "month": month, "method": method,
                                "measure": measure, "patent_type": patent_type, "point": proj.point,
                                "lo80": proj.lo80, "hi80": proj.hi80, "lo95": proj.lo95, "hi95": proj.hi95,
                                "actual": int(actual), "threshold": threshold,
                                "p_reach": np.nan if np.isnan(threshold) else proj.p_reach(threshold)})
    return records


def score(projections: pd.DataFrame) -> pd.DataFrame:
    """Per method and as-of month: median absolute percentage error, 80% and 95% interval
    coverage, and the Brier score of the probability of reaching the threshold."""
    p = projections
    ape = (p["point"] - p["actual"]).abs() / p["actual"].where(p["actual"] > 0) * 100
    frame = p.assign(ape=ape, in80=(p["lo80"] <= p["actual"]) & (p["actual"] <= p["hi80"]),
                     in95=(p["lo95"] <= p["actual"]) & (p["actual"] <= p["hi95"]),
                     brier=(p["p_reach"] - (p["actual"] >= p["threshold"]).astype(float)) ** 2)
    return frame.groupby(["method", "month"]).agg(
        n=("actual", "size"), mdape=("ape", "median"), coverage80=("in80", "mean"), coverage95=("in95", "mean"),
        brier=("brier", "mean")).reset_index()


def backtest(counts: pd.DataFrame, targets: pd.DataFrame | None = None, methods: tuple[str, ...] = METHODS,
             months: tuple[int, ...] = tuple(range(1, 12)), jobs: int | None = None) -> BacktestResult:
    """Backtest every region and complete year in ``counts`` (with totals), in parallel processes."""
    tasks = [(counts[counts["region"] == region], targets, region, year, methods, months)
             for region, year in _complete_years(counts)]
    jobs = jobs or os.cpu_count() or 1
    if jobs > 1 and len(tasks) > 1:
        with ProcessPoolExecutor(max_workers=jobs) as pool:
            chunks = list(pool.map(_one_region_year, tasks, chunksize=max(1, len(tasks) // (4 * jobs))))
    else:
        chunks = [_one_region_year(task) for task in tasks]
    projections = pd.DataFrame([r for chunk in chunks for r in chunk])
    return BacktestResult(projections, score(projections) if len(projections) else pd.DataFrame())
