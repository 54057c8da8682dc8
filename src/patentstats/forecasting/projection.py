"""Year-end projection: where each count will end the year, with intervals and the
probability of reaching each target level, held to the method's track record in the region
(``track_record``). The simulation itself is in ``simulation``."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from ..labels import MEASURES, TOTAL
from ..table.targets import LEVELS, target_value, targets_for
from .choice import CHOSEN, DEFAULT_METHOD, evidence_for, project_chosen
from .nowcast import interval
from .pooling import pool_before
from .projection_types import Projection
from .simulation import Incomplete, project_cube, region_cube
from .track_record import capped, track_record

__all__ = ["YearEnd", "project_year", "project_year_end"]


@dataclass(frozen=True)
class YearEnd:
    """A region's year-end projection (``table``, as ``project_year_end`` gives it) and, per
    measure, the fan of its total's simulated paths (``fans``), drawn from the same simulation."""

    table: pd.DataFrame
    fans: dict[str, pd.DataFrame]


def project_year(counts: pd.DataFrame, region: str, year: int, month: int, targets: pd.DataFrame | None = None,
                 method: str = DEFAULT_METHOD, seed: int = 0, incomplete: Incomplete | None = None) -> YearEnd:
    """``project_year_end``'s table and the fan charts' quantiles, from one simulation."""
    evidence = evidence_for(counts) if method == CHOSEN else None
    cube, pool = region_cube(counts, region), evidence.pool(year) if evidence else pool_before(counts, year)
    choice = evidence.choice(region, year, month) if evidence else None
    projections = (project_chosen(cube, year, month, choice, seed, incomplete, pool) if choice else
                   project_cube(cube, year, month, method, seed, incomplete, pool))
    table = _projection_table(projections, counts, region, year, month, targets, incomplete)
    if choice is not None:
        table["choice"] = pd.Series([choice] * len(table), index=table.index, dtype=object)
    return YearEnd(table,
                   {measure: _fan(projections.get((measure, TOTAL))) for measure in MEASURES})


def project_year_end(counts: pd.DataFrame, region: str, year: int, month: int, targets: pd.DataFrame | None = None,
                     method: str = DEFAULT_METHOD, seed: int = 0, incomplete: Incomplete | None = None) -> pd.DataFrame:
    """Projection per measure and patent type (and total) for one region and as-of month.

    Returns one row per (measure, patent_type) with point, lo80, hi80, lo95, hi95, method,
    reason and p_reach_<level> for each target level (None where there is no target), and the
    method's track record on the region's earlier years at this month (``track_record``):
    track_years, track_ape (the median error of the row's measure), track_scored,
    track_missed95 and p_cap, the cap its chances are held to. Only data up to ``month`` of
    ``year`` is used. The total is the sum of the types' simulations where all three are known.
    ``incomplete`` (``load_incomplete``) names series whose counts are incomplete from a month
    on: they are projected from their last complete month. The default (``chosen``) adds the
    column ``choice``: the ``Choice`` of method at this month and the record it rests on.
    """
    return project_year(counts, region, year, month, targets, method, seed, incomplete).table


def _projection_table(projections: dict[tuple[str, str], Projection], counts: pd.DataFrame, region: str, year: int,
                      month: int, targets: pd.DataFrame | None, incomplete: Incomplete | None) -> pd.DataFrame:
    record = track_record(counts, region, year, month, incomplete)
    wide = targets_for(targets, region, year) if targets is not None else None
    out = []
    for (measure, patent_type), proj in projections.items():
        row: dict[str, object] = {"measure": measure, "patent_type": patent_type, "point": proj.point,
                                  "lo80": proj.lo80, "hi80": proj.hi80, "lo95": proj.lo95, "hi95": proj.hi95,
                                  "method": proj.method, "reason": proj.reason, "history_years": proj.history_years,
                                  "track_years": len(record.years), "track_ape": record.median_ape.get(measure),
                                  "track_scored": record.scored, "track_missed95": record.missed95,
                                  "p_cap": record.cap, "ytd_published": proj.ytd,
                                  "ytd_prev_estimate": proj.prev_year_estimate,
                                  "incomplete_from": _first_short_month((incomplete or {}).get((measure, patent_type)),
                                                                        year, month)}
        estimate = interval(proj.ytd_draws) if proj.ytd_draws is not None else {}
        row |= {f"ytd_est_{name}": estimate.get(name) for name in ("point", "lo80", "hi80", "lo95", "hi95")}
        for level in LEVELS:
            target = target_value(wide, measure, patent_type, level)
            # what has happened is certain, unless part of it is not yet published
            uncertain = target is not None and target > proj.ytd and (month < 12 or proj.ytd_draws is not None)
            row[f"p_reach_{level}"] = (None if target is None else
                                       capped(proj.p_reach(target), record.cap) if uncertain else proj.p_reach(target))
        out.append(row)
    return pd.DataFrame(out)


def _first_short_month(mark: tuple[int, int] | None, year: int, month: int) -> int | None:
    """The first month of ``year`` (up to ``month``) whose counts are incomplete, else None.

    >>> _first_short_month((2021, 5), 2021, 8), _first_short_month((2020, 3), 2021, 8), _first_short_month((2021, 9), 2021, 8)
    (5, 1, None)
    """
    if mark is None or mark > (year, month):
        return None
    return 1 if mark[0] < year else mark[1]


def _fan(projection: Projection | None) -> pd.DataFrame:
    """Quantiles of the simulated cumulative count for each month after the one projected from
    (the last complete month): columns month, q025, q10, q50, q90, q975. Empty when nothing is left."""
    columns = ["month", "q025", "q10", "q50", "q90", "q975"]
    if projection is None or projection.paths is None or projection.paths.size == 0:
        return pd.DataFrame(columns=columns)
    months = np.arange(13 - projection.paths.shape[1], 13)
    quantiles = np.quantile(projection.paths, [0.025, 0.1, 0.5, 0.9, 0.975], axis=0, method="inverted_cdf")
    return pd.DataFrame(np.column_stack([months, quantiles.T]), columns=columns).astype(int)
