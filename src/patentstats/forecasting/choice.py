"""The default projection, ``chosen``: at each as-of month, the candidate method that has done
best at that month on earlier years, the region's own and a few regions' pooled (``Choice``).

For a region, year Y and month m, the complete years Y-5 .. Y-1 of the region and of up to
``POOLED_REGIONS`` other regions (evenly by name, so a large table costs no more) are projected
as of month m by each of ``CANDIDATES``, each from the data before it as the backtest does, and
scored by the median absolute % error of their type series' year ends. The region's own median
counts for as much as the pooled one once it rests on ``OWN_PRIOR`` projections. The seasonal
model is kept unless another candidate's error is lower by ``MARGIN`` of it, on a record of at
least ``MIN_REGION_YEARS``: which method is best at a month changes from year to year, and on
the benchmark's data (bench/bench_backtest.py, 12 counties x 6 years of each generator) a
choice on smaller differences swapped methods on noise and lost to the model it replaced.
Nothing from year Y or later is read, so the backtest scores the choice exactly as ``status``
makes it.

Grants have a choice of their own between the model and ``grant_lag``, on the record of grant
series alone: ``grant_lag`` is the model wherever its lag fit did not predict a held-out year
better than a seasonal profile (pipeline.py), so where it differs it has already proved itself
out of sample, and on grants it needs only a smaller margin (``GRANTS_MARGIN``), with the
same ``MIN_REGION_YEARS`` (with no margin, the full benchmark's synthetic.py got worse at months 1
and 10: 14.27% against 14.22% over months 1-11). On the benchmark's pipeline generator (grants are applications after
a lag) this takes the lag where it is better; on synthetic.py (grants unrelated to
applications) the model's grant record is as good or better and it is kept.

A simulated candidate (the model, ``grant_lag``) is used as it is; a simple one (seasonal share,
seasonal naive) gives the point, and the model's draws are moved to it: the simple methods'
own intervals are too narrow (they know only Poisson noise).
"""

from __future__ import annotations

import weakref
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from ..labels import MEASURES, PATENT_TYPES
from .anchors import project_anchor
from .pipeline import lag_projection
from .pooling import Pool, pools_before
from .projection_types import Projection
from .simulation import METHODS as PROJECTED
from .simulation import MODEL, Incomplete, RegionCube, project_cube, project_series, region_cube, total_from_types

__all__ = ["CHOSEN", "DEFAULT_METHOD", "METHODS", "MODEL", "MARGIN", "GRANTS_MARGIN", "MIN_REGION_YEARS", "CANDIDATES", "Choice",
           "Evidence", "evidence_for", "project_chosen"]

CHOSEN = "chosen"
DEFAULT_METHOD = CHOSEN
METHODS = (*PROJECTED, CHOSEN)  # every method a backtest scores
CANDIDATES = (MODEL, "grant_lag", "seasonal_share", "seasonal_naive")  # ETS: too slow to refit for every status
EVIDENCE_YEARS = 5  # the record is of recent years: what works now, and quick to make
POOLED_REGIONS = 3
OWN_PRIOR = 30  # projections: the region's own record weighs as much as the pooled one from this many
MARGIN = 0.2  # another method replaces the model when its median error is a fifth lower (8% against 10%)
GRANTS_MARGIN = 0.05  # grant_lag replaces the model on grants when its median error on grants is 5% lower
MIN_REGION_YEARS = 4  # a record of fewer region-years cannot overrule the model
EVIDENCE_DRAWS = 100  # a point (a median) needs far fewer draws than an interval


@dataclass(frozen=True)
class Choice:
    """The method chosen for one region, year and month, and the record it was chosen on:
    each candidate's median % error (own and pooled shrunk together), and how many earlier
    years of the region itself (``own``) and region-years of all regions pooled (``pooled``)
    it rests on."""

    method: str
    month: int
    errors: dict[str, float]
    own: int = 0
    pooled: int = 0
    grants: str | None = None  # grant series' own method where it is not ``method`` ("grant_lag")
    grant_errors: dict[str, float] = field(default_factory=dict)  # the model's and grant_lag's on grants

    @property
    def runner_up(self) -> str | None:
        others = {m: e for m, e in self.errors.items() if m != self.method}
        return min(others, key=others.__getitem__) if others else None


def _decide(errors: dict[str, float]) -> str:
    """The model unless another candidate's error is lower than the model's by ``MARGIN`` of it.

    >>> _decide({"seasonal_model": 10.0, "seasonal_share": 8.1}), _decide({"seasonal_model": 10.0, "seasonal_share": 7.9})
    ('seasonal_model', 'seasonal_share')
    """
    if MODEL not in errors:
        return MODEL
    best = min(errors, key=errors.__getitem__)
    return best if errors[best] < errors[MODEL] * (1 - MARGIN) else MODEL


def _decide_grants(errors: dict[str, float]) -> str | None:
    """``grant_lag`` for grants where its median error on grants is below the model's by
    ``GRANTS_MARGIN`` of it, else None (grants as the rest).

    >>> _decide_grants({"seasonal_model": 6.0, "grant_lag": 5.6}), _decide_grants({"seasonal_model": 6.0, "grant_lag": 5.8})
    ('grant_lag', None)
    """
    if MODEL not in errors or "grant_lag" not in errors:
        return None
    return "grant_lag" if errors["grant_lag"] < errors[MODEL] * (1 - GRANTS_MARGIN) else None


def _series_points(cube: RegionCube, year: int, month: int, pool: Pool, seed: int) -> list[list[float]]:
    """Rows [candidate index, % error, measure index] for each type series of ``year`` (complete)
    as of ``month``."""
    y = cube.years.index(year)
    rows = []
    for m, measure in enumerate(MEASURES):
        for t, patent_type in enumerate(PATENT_TYPES):
            actual = cube.ytd[m, t, y, 11]
            history = cube.history(m, t, year, month)
            if history is None or np.isnan(actual) or actual <= 0:
                continue
            model = project_series(history, MODEL, seed + 7 * m + t, EVIDENCE_DRAWS, pool, (measure, patent_type))
            points = {MODEL: model.point, "grant_lag": model.point}
            if measure == "grants":
                applications = cube.months_through(MEASURES.index("applications"), t, year, month)
                lagged = lag_projection(applications, cube.months_through(m, t, year, month), history.ytd, month,
                                        seed + t, EVIDENCE_DRAWS)
                points["grant_lag"] = lagged.point if lagged is not None else model.point
            for name in ("seasonal_share", "seasonal_naive"):
                simple = project_anchor(history, name)
                points[name] = simple.point if simple.method == name else model.point  # no fallback run rate
            rows += [[c, abs(points[name] - actual) / actual * 100, m] for c, name in enumerate(CANDIDATES)]
    return rows


def _errors(own: np.ndarray, pooled: np.ndarray, names: tuple[str, ...]) -> dict[str, float]:
    """Each candidate's pooled median % error, shrunk to the region's own by how many it rests on."""
    errors = {}
    for name in names:
        c = CANDIDATES.index(name)
        theirs = pooled[pooled[:, 0] == c, 1]
        if not len(theirs):
            continue
        median = float(np.median(theirs))
        mine = own[own[:, 0] == c, 1]
        if len(mine):
            median = (len(mine) * float(np.median(mine)) + OWN_PRIOR * median) / (len(mine) + OWN_PRIOR)
        errors[name] = median
    return errors


class Evidence:
    """Every candidate's record for one counts table, made lazily and kept: each region-year's
    projections at a month are made once, whichever later year's choice asks for them."""

    def __init__(self, counts: pd.DataFrame) -> None:
        self._counts = counts
        self._regions = sorted(str(r) for r in counts["region"].unique()) if len(counts) else []
        december = counts[(counts["month"] == 12) & counts["ytd"].notna()]
        self._complete = set(zip(december["region"].astype(str), december["year"].astype(int), strict=False))
        self._cubes: dict[str, RegionCube] = {}
        self._pools: dict[int, Pool] | None = None
        self._rows: dict[tuple[str, int, int], np.ndarray] = {}
        self._choices: dict[tuple[str, int, int], Choice] = {}

    def choice(self, region: str, year: int, month: int) -> Choice:
        """The method for ``region``'s projection of ``year`` as of ``month``."""
        if month >= 12:  # nothing is projected
            return Choice(MODEL, month, {})
        key = (region, year, month)
        if key not in self._choices:
            self._choices[key] = self._choose(region, year, month)
        return self._choices[key]

    def _choose(self, region: str, year: int, month: int) -> Choice:
        years = range(year - EVIDENCE_YEARS, year)
        own, own_years = self._record([region], years, month)
        pooled, pooled_years = self._record(self._pooled_regions(region), years, month)
        if not len(pooled):
            return Choice(MODEL, month, {})
        errors = _errors(own, pooled, CANDIDATES)
        method = _decide(errors) if pooled_years >= MIN_REGION_YEARS else MODEL
        granted = MEASURES.index("grants")
        grant_errors = _errors(own[own[:, 2] == granted], pooled[pooled[:, 2] == granted], (MODEL, "grant_lag"))
        grants = _decide_grants(grant_errors) if method != "grant_lag" and pooled_years >= MIN_REGION_YEARS else None
        return Choice(method, month, errors, own_years, pooled_years, grants, grant_errors)

    def _pooled_regions(self, region: str) -> list[str]:
        """The region and ``POOLED_REGIONS`` others, evenly by name."""
        others = [r for r in self._regions if r != region]
        step = max(1, len(others) // POOLED_REGIONS)
        return sorted([*others[::step][:POOLED_REGIONS], region])

    def _record(self, regions: list[str], years: range, month: int) -> tuple[np.ndarray, int]:
        """Rows [candidate, % error] of these regions' complete years, and how many region-years had any."""
        parts = [self._rows_of(r, y, month) for r in regions for y in years if (r, y) in self._complete]
        parts = [part for part in parts if len(part)]
        return (np.concatenate(parts) if parts else np.empty((0, 3))), len(parts)

    def _rows_of(self, region: str, year: int, month: int) -> np.ndarray:
        key = (region, year, month)
        if key not in self._rows:
            cube = self._cube(region)
            rows = _series_points(cube, year, month, self.pool(year), 0) if year in cube.years else []
            self._rows[key] = np.array(rows, dtype=float).reshape(-1, 3)
        return self._rows[key]

    def _cube(self, region: str) -> RegionCube:
        if region not in self._cubes:
            self._cubes[region] = region_cube(self._counts, region)
        return self._cubes[region]

    def pool(self, year: int) -> Pool:
        """``pool_before(counts, year)``, all years' made at once and kept."""
        if self._pools is None:
            years = sorted(int(y) for y in self._counts["year"].unique())
            self._pools = pools_before(self._counts, years)
        return self._pools.get(year, Pool())


_SHARED: dict[int, tuple[weakref.ref[pd.DataFrame], Evidence]] = {}


def evidence_for(counts: pd.DataFrame) -> Evidence:
    """The one Evidence of this counts table in this run: a status asks for choices several times
    (the projection, each track-record year) and projects each earlier year once."""
    held = _SHARED.get(id(counts))
    if held is not None and held[0]() is counts:
        return held[1]
    evidence = Evidence(counts)
    for key in [k for k, (ref, _) in _SHARED.items() if ref() is None]:
        del _SHARED[key]
    _SHARED[id(counts)] = (weakref.ref(counts), evidence)
    return evidence


def project_chosen(cube: RegionCube, year: int, month: int, choice: Choice, seed: int = 0,
                   incomplete: Incomplete | None = None, pool: Pool | None = None) -> dict[tuple[str, str], Projection]:
    """``project_cube`` by the chosen method: a simulated one as it is, a simple one's point with
    the model's draws moved to it (the total: the sum of its types' moved draws); grants by
    ``grant_lag`` where the choice says so for them."""
    out = _project_chosen(cube, year, month, choice, seed, incomplete, pool)
    if choice.grants is not None:
        out.update(project_cube(cube, year, month, choice.grants, seed, incomplete, pool, ("grants",)))
    return out


def _project_chosen(cube: RegionCube, year: int, month: int, choice: Choice, seed: int,
                    incomplete: Incomplete | None, pool: Pool | None) -> dict[tuple[str, str], Projection]:
    if choice.method not in ("seasonal_share", "seasonal_naive"):
        return project_cube(cube, year, month, choice.method, seed, incomplete, pool)
    model = project_cube(cube, year, month, MODEL, seed, incomplete, pool)
    simple = project_cube(cube, year, month, choice.method, seed, incomplete, pool)
    out = {}
    for key, projection in model.items():
        if key[1] in PATENT_TYPES or not all((key[0], t) in out for t in PATENT_TYPES):
            out[key] = _moved(projection, simple.get(key), choice.method)
        else:
            out[key] = total_from_types([out[(key[0], t)] for t in PATENT_TYPES])
    return out


def _moved(model: Projection, simple: Projection | None, method: str) -> Projection:
    """The model's draws moved by the simple method's point less the model's, none below the
    year to date; the model as it is where the simple method fell back to another."""
    if simple is None or simple.method != method or model.paths is None or not model.paths.size:
        return model
    paths = np.maximum(model.paths + (simple.point - model.point), model.ytd)
    moved = Projection.from_draws(model.ytd, paths[:, -1], paths, method,
                                  f"{simple.reason}; spread of the seasonal model ({model.reason})",
                                  model.history_years)
    moved.ytd_draws, moved.prev_year_estimate = model.ytd_draws, model.prev_year_estimate
    return moved
