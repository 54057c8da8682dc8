"""A second synthetic generator, written apart from the projection model, so that the
benchmark does not only test the model on data shaped like its own assumptions.

Unlike ``synthetic.py`` (yearly levels, a stable seasonal profile, negative-binomial months,
grants unrelated to applications):

- the monthly level follows a log random walk with drift, so a year can turn half-way through;
- the Spring Festival dip falls in January or February by year, and some counties rush
  filings before a June subsidy deadline as well as in December;
- filings come partly in batches (an agency filing a firm's portfolio in one month);
- grants come from the applications: each utility model is granted with probability 0.85
  after a lag of about 8 months, each design with 0.9 after about 5, each invention with 0.5
  after about 2 years.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from patentstats.table.counts import COUNT_COLUMNS, add_totals

SCALE = {"invention": (4, 30), "utility_model": (30, 200), "design": (10, 90)}  # applications a year
GRANT = {"invention": (0.5, 24), "utility_model": (0.85, 8), "design": (0.9, 5)}  # (probability, mean lag)
WARM_UP = 3  # years simulated before the first one kept, so that grants flow from the start


def _season(rng: np.random.Generator, festival_in_february: bool, june_rush: float) -> np.ndarray:
    season = np.ones(12)
    season[1 if festival_in_february else 0] *= 0.4
    season[5] *= 1 + june_rush
    season[11] *= 1.3 + rng.uniform(0, 0.7)
    return season / season.mean()


def _applications(rng: np.random.Generator, per_year: float, months: int, june_rush: float) -> np.ndarray:
    """Monthly applications: AR(1) log level x season, Poisson filings plus occasional batches."""
    log_level = np.zeros(months)
    growth = rng.normal(0.006, 0.006)  # per month
    for k in range(1, months):
        log_level[k] = log_level[k - 1] + growth + rng.normal(0, 0.05)
    seasons = np.concatenate([_season(rng, rng.random() < 0.5, june_rush) for _ in range(months // 12)])
    mean = per_year / 12 * np.exp(log_level) * seasons
    batches = rng.random(months) < 0.04
    batch_sizes = rng.geometric(1 / max(per_year / 15, 1.5), months) * batches
    return rng.poisson(mean * 0.92) + batch_sizes


def _grants(rng: np.random.Generator, applications: np.ndarray, probability: float, mean_lag: float) -> np.ndarray:
    """Each application granted with ``probability`` after a gamma-distributed lag (months)."""
    months = len(applications)
    grants = np.zeros(months, dtype=int)
    for k, n in enumerate(applications):
        granted = rng.binomial(n, probability)
        lags = np.rint(rng.gamma(4, mean_lag / 4, granted)).astype(int) + 1
        at = k + lags
        np.add.at(grants, at[at < months], 1)
    return grants


def pipeline_counts(regions: int = 30, years: int = 6, first_year: int = 2013, seed: int = 7) -> pd.DataFrame:
    """The canonical table (with totals) for ``regions`` x ``years``."""
    rng = np.random.default_rng(seed)
    months = (years + WARM_UP) * 12
    rows = []
    for r in range(regions):
        june_rush = rng.choice([0.0, 0.0, 0.5, 1.0])
        for patent_type, (low, high) in SCALE.items():
            applications = _applications(rng, rng.uniform(low, high), months, june_rush)
            grants = _grants(rng, applications, *GRANT[patent_type])
            for measure, series in (("applications", applications), ("grants", grants)):
                for k in range(WARM_UP * 12, months):
                    year, month = divmod(k - WARM_UP * 12, 12)
                    rows.append((f"区{r:02d}", first_year + year, month + 1, measure, patent_type, int(series[k])))
    frame = pd.DataFrame(rows, columns=["region", "year", "month", "measure", "patent_type", "count"])
    frame["ytd"] = frame.groupby(["region", "year", "measure", "patent_type"])["count"].cumsum()
    frame[["count", "ytd"]] = frame[["count", "ytd"]].astype("Int64")
    frame["source"] = "synthetic pipeline"
    return add_totals(frame[COUNT_COLUMNS])
