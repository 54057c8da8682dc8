"""What a series with little history borrows from the others in the data (partial pooling):
the seasonal profile of each measure and type, how much one series-year's profile strays from
it, and how much a year's total strays from the last one."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from ..labels import MEASURES, PATENT_TYPES

__all__ = ["Pool", "pool_before", "pools_before", "DEFAULT_LEVEL_CV"]

DEFAULT_LEVEL_CV = 0.4  # year-to-year spread of a county's totals when the data cannot tell
MIN_YEAR_TOTAL = 20  # smaller series-years say more about noise than about season or level
LEVEL_CV_RANGE = (0.15, 0.6)
CONCENTRATION_RANGE = (12.0, 400.0)


@dataclass(frozen=True)
class Season:
    profile: np.ndarray  # 12 shares summing to 1
    concentration: float  # Dirichlet concentration of one series-year's profile around it
    series_years: int


@dataclass(frozen=True)
class Pool:
    seasons: dict[tuple[str, str | None], Season] = field(default_factory=dict)
    level_cv: float = DEFAULT_LEVEL_CV
    level_pairs: int = 0
    level_growth: float = 0.0  # median log year-on-year change of series totals (0 when the data cannot tell)

    def season(self, measure: str, patent_type: str) -> Season | None:
        """The profile of this measure and type, else of the measure over all types."""
        return self.seasons.get((measure, patent_type)) or self.seasons.get((measure, None))


def _season(months: np.ndarray) -> Season | None:
    """Profile and Dirichlet concentration (method of moments) from series-years of 12 months."""
    totals = months.sum(axis=1)
    months = months[totals >= MIN_YEAR_TOTAL]
    if len(months) < 2:
        return None
    profile = months.sum(axis=0) / months.sum()
    shares = months / months.sum(axis=1, keepdims=True)
    spread = float(((shares - profile) ** 2).sum(axis=1).mean())  # includes counting noise: conservative
    concentration = float(np.clip((profile * (1 - profile)).sum() / max(spread, 1e-9) - 1, *CONCENTRATION_RANGE))
    return Season(profile, concentration, len(months))


def _level_cv(wide: pd.DataFrame) -> tuple[float, int, float]:
    """Spread of log year-on-year changes of series totals (``wide``: a row per series, a
    column per year) around their median, how many changes it rests on, and the median."""
    values = wide.to_numpy(dtype=float, copy=True)
    values[values < MIN_YEAR_TOTAL] = np.nan
    ratios = np.diff(np.log(values), axis=1).ravel()
    ratios = ratios[np.isfinite(ratios)]
    if len(ratios) < 8:
        return DEFAULT_LEVEL_CV, len(ratios), 0.0
    median = float(np.median(ratios))
    spread = float(np.sqrt(np.mean((ratios - median) ** 2)))
    return float(np.clip(spread, *LEVEL_CV_RANGE)), len(ratios), median


def pool_before(counts: pd.DataFrame, year: int) -> Pool:
    """The Pool learnt from every region's complete years before ``year`` (nothing later)."""
    return pools_before(counts, [year])[year]


def pools_before(counts: pd.DataFrame, years: list[int]) -> dict[int, Pool]:
    """``pool_before`` for several years, from one pass over the table."""
    rows = counts[(counts["year"] < max(years, default=0)) & counts["patent_type"].isin(PATENT_TYPES)
                  & counts["ytd"].notna()]
    if rows.empty:
        return {year: Pool() for year in years}
    wide = rows.pivot_table(index=["measure", "patent_type", "region", "year"], columns="month", values="ytd")
    wide = wide.reindex(columns=range(1, 13)).dropna()
    monthly = np.diff(np.hstack([np.zeros((len(wide), 1)), wide.to_numpy(dtype=float)]), axis=1)
    keys = wide.index.to_frame(index=False)
    ends = rows[rows["month"] == 12]
    december = (ends.pivot_table(index=["region", "measure", "patent_type"], columns="year", values="ytd")
                if len(ends) else pd.DataFrame())  # once: each year's pool takes the years before it
    return {year: _pool(monthly[(keys["year"] < year).to_numpy()], keys[keys["year"] < year],
                        december.loc[:, december.columns.to_numpy(dtype=float) < year]) for year in years}


def _pool(monthly: np.ndarray, keys: pd.DataFrame, december: pd.DataFrame) -> Pool:
    seasons: dict[tuple[str, str | None], Season] = {}
    for measure in MEASURES:
        of_measure = (keys["measure"] == measure).to_numpy()
        for patent_type in (*PATENT_TYPES, None):
            chosen = of_measure & ((keys["patent_type"] == patent_type).to_numpy() if patent_type else True)
            if (season := _season(monthly[chosen])) is not None:
                seasons[(measure, patent_type)] = season
    level_cv, pairs, growth = _level_cv(december) if december.shape[1] else (DEFAULT_LEVEL_CV, 0, 0.0)
    return Pool(seasons, level_cv, pairs, growth)
