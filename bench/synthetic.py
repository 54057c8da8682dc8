"""Realistic synthetic county data with known truth, for backtesting projections.

Monthly counts per region, year and type are negative-binomial around a seasonal profile
(a Spring Festival dip, a year-end push, varying by region), with a yearly level that follows
a trend and sometimes shifts (a new policy, a big filer arriving or leaving).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from patentstats.table.counts import COUNT_COLUMNS, add_totals

TYPE_SCALE = {"invention": (5, 40), "utility_model": (40, 250), "design": (15, 120)}
BASE_SEASON = np.array([0.8, 0.5, 1.0, 1.0, 1.0, 1.0, 0.95, 0.95, 1.0, 1.1, 1.25, 1.5])


def synthetic_counts(regions: int = 40, years: int = 8, first_year: int = 2011, seed: int = 1) -> pd.DataFrame:
    """The canonical table (with totals) for ``regions`` x ``years`` of monthly counts by type."""
    rng = np.random.default_rng(seed)
    rows = []
    for r in range(regions):
        season = BASE_SEASON * rng.lognormal(0, 0.15, 12)
        push = rng.uniform(0, 0.8)  # some counties chase targets in Q4 much harder
        season[9:] *= 1 + push * np.array([0.3, 0.6, 1.0])
        season /= season.sum()
        for measure in ("applications", "grants"):
            for patent_type, (low, high) in TYPE_SCALE.items():
                level = rng.uniform(low, high) * (0.6 if measure == "grants" else 1.0)
                trend = rng.normal(0.08, 0.08)
                size = rng.uniform(4, 25)  # negative-binomial size: smaller is noisier
                for y in range(years):
                    if y:
                        level *= np.exp(trend + rng.normal(0, 0.08))
                        if rng.random() < 0.1:
                            level *= rng.choice([0.6, 1.6])
                    yearly_season = rng.dirichlet(season * 150)  # the profile wobbles year to year
                    mean = level * yearly_season
                    counts = rng.negative_binomial(size, size / (size + mean))
                    for month, n in enumerate(counts, start=1):
                        rows.append((f"县{r:02d}", first_year + y, month, measure, patent_type, int(n)))
    frame = pd.DataFrame(rows, columns=["region", "year", "month", "measure", "patent_type", "count"])
    frame["ytd"] = frame.groupby(["region", "year", "measure", "patent_type"])["count"].cumsum()
    frame[["count", "ytd"]] = frame[["count", "ytd"]].astype("Int64")
    frame["source"] = "synthetic"
    return add_totals(frame[COUNT_COLUMNS])
