"""How the default projection has done on a region's own earlier years, as of the same month,
and the probability that record lets us claim: no model whose 95% intervals have missed 8%
of the time may say "more than 99%"."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from ..labels import MEASURES, TOTAL
from .choice import evidence_for, project_chosen
from .simulation import SERIES_TYPES, Incomplete, region_cube, whole_year

__all__ = ["TrackRecord", "track_record", "capped"]

# Before a region has a record, the cap assumes what the intervals promise: 95% intervals that
# miss 5% of the time, as if seen in this many projections. A record moves it from there.
PRIOR_PROJECTIONS = 20
NOMINAL_MISS95 = 0.05
RECENT_YEARS = 5  # the record is of the method as it does now: recent years, and quick to make


@dataclass(frozen=True)
class TrackRecord:
    month: int
    years: tuple[int, ...]  # earlier complete years projected as of ``month``
    median_ape: dict[str, float]  # measure -> median absolute % error of its total over those years
    scored: int  # projections scored (every type and total, both measures)
    missed95: int  # of which the 95% interval missed the actual year end

    @property
    def miss_rate(self) -> float:
        """The 95% intervals' miss rate, shrunk towards the nominal 5% when the record is short."""
        return (self.missed95 + NOMINAL_MISS95 * PRIOR_PROJECTIONS) / (self.scored + PRIOR_PROJECTIONS)

    @property
    def cap(self) -> float:
        """The most a chance may say: a miss rate q puts q/2 in each tail."""
        return 1 - self.miss_rate / 2


def track_record(counts: pd.DataFrame, region: str, year: int, month: int,
                 incomplete: Incomplete | None = None) -> TrackRecord:
    """Project each earlier complete year of ``region`` as of ``month`` with the default method
    (each from the data before it, by the method chosen on the years before it, as the backtest
    does) and score it against its December, except where ``incomplete`` (``load_incomplete``)
    says that December is short of the year."""
    cube = region_cube(counts, region)
    errors: dict[str, list[float]] = {m: [] for m in MEASURES}
    years, scored, missed = [], 0, 0
    earlier_years = [y for y in cube.years if y < year][-RECENT_YEARS:] if month < 12 else []
    evidence = evidence_for(counts)  # its pools and choices are the projection's
    for earlier in earlier_years:
        y = cube.years.index(earlier)
        choice = evidence.choice(region, earlier, month)  # as it would have been chosen then
        projections = project_chosen(cube, earlier, month, choice, pool=evidence.pool(earlier))
        scored_before = scored
        for (measure, patent_type), proj in projections.items():
            actual = cube.ytd[MEASURES.index(measure), SERIES_TYPES.index(patent_type), y, 11]
            if np.isnan(actual) or not whole_year(incomplete, (measure, patent_type), earlier):
                continue
            scored += 1
            missed += not proj.lo95 <= actual <= proj.hi95
            if patent_type == TOTAL and actual > 0:
                errors[measure].append(abs(proj.point - actual) / actual * 100)
        if scored > scored_before:
            years.append(earlier)
    return TrackRecord(month, tuple(years), {m: float(np.median(e)) for m, e in errors.items() if e}, scored, missed)


def capped(probability: float, cap: float) -> float:
    """``probability`` kept within [1 - cap, cap]."""
    return float(min(max(probability, 1 - cap), cap))
