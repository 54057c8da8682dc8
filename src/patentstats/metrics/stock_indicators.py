"""Stock indicators of one region and month against their targets: invention patents in force
(有效发明专利) and per 10,000 resident people (每万人口发明专利拥有量 = in force / 常住人口 in 万人,
one decimal as bureaus print it), with completion, gap and the year end projected.

The year end is this year's latest stock, plus the inventions granted since it (counted) and
still expected this year (the quantiles of the invention-grant projection), less the lapses
expected at the region's own lapse rate: measured from its stock observations and the grants
between them, ``DEFAULT_LAPSE_RATE`` where there are not two. The interval is the grant
projection's; the lapse rate is taken as known.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from ..errors import InputError
from ..formatting import DASH, fmt_count, is_missing
from ..table.population import load_population, population_file_for, population_of
from ..table.stocks import load_stocks
from ..table.targets import LEVELS, Targets, stock_targets_for

__all__ = ["fmt_indicator", "fmt_target", "DEFAULT_LAPSE_RATE", "MAX_LAPSE_RATE", "StockStatus", "LapseRate", "in_force_series",
           "grants_between", "lapse_rate", "stock_status", "region_stock_status", "per_10k"]

# Domestic invention patents in force (CNIPA's yearly figures): 1.602 million at the end of 2018, 0.361
# million granted in 2019, 1.862 million at the end of 2019: 0.101 million lapsed, about 6% of the stock.
DEFAULT_LAPSE_RATE = 0.06
# A fall beyond this share of the stock a year is more than lapses explain (a typo, a changed region).
MAX_LAPSE_RATE = 0.25
QUANTILES = ("lo95", "lo80", "point", "hi80", "hi95")
INDICATORS = ("invention_in_force", "invention_per_10k")
Month = tuple[int, int]


@dataclass
class LapseRate:
    rate: float  # share of the stock lapsing in a year
    source: str  # 'region' (measured) or 'default'
    span: tuple[Month, Month] | None = None  # the observations it was measured between


@dataclass
class StockStatus:
    table: pd.DataFrame  # one row per indicator (see ``stock_status``)
    warnings: list[str] = field(default_factory=list)


def per_10k(stock: float, population: float) -> float:
    """Invention patents in force per 10,000 people, one decimal: 48 / 37.5 万人 -> 1.3.

    >>> per_10k(48, 37.5), per_10k(55, 37.5)
    (1.3, 1.5)
    """
    return round(stock / population + 1e-9, 1)


def fmt_indicator(indicator: str, value: object, lang: str = "zh") -> str:
    """A stock as bureaus print it: whole patents in force, per 10,000 people to one decimal.

    >>> fmt_indicator("invention_in_force", 52.18), fmt_indicator("invention_per_10k", 1.2845), fmt_indicator("x", None)
    ('52', '1.3', '—')
    """
    if is_missing(value):
        return DASH
    if indicator == "invention_per_10k":
        return f"{round(float(value) + 1e-9, 1):.1f}"  # type: ignore[arg-type]
    return fmt_count(value, lang)


def fmt_target(indicator: str, value: object, lang: str = "zh") -> str:
    """A stock target as the plan gives it (a per-capita target of 1.45 stays 1.45).

    >>> fmt_target("invention_per_10k", 1.45), fmt_target("invention_per_10k", 1.5), fmt_target("invention_in_force", 52.0)
    ('1.45', '1.5', '52')
    """
    if indicator == "invention_per_10k" and not is_missing(value):
        return f"{float(value):g}"  # type: ignore[arg-type]
    return fmt_indicator(indicator, value, lang)


def in_force_series(stocks: pd.DataFrame, region: str) -> pd.Series:
    """Invention patents in force by (year, month), oldest first."""
    part = stocks[(stocks["region"] == region) & (stocks["stock"] == "in_force") &
                  (stocks["patent_type"] == "invention")]
    series = part.set_index(["year", "month"])["value"].astype(float)
    return series[~series.index.duplicated()].sort_index()


def _points(stocks: pd.DataFrame, region: str, upto: Month) -> list[tuple[Month, float]]:
    """The in-force observations up to ``upto``, oldest first, as ((year, month), value)."""
    series = in_force_series(stocks, region)
    years, months = series.index.get_level_values(0), series.index.get_level_values(1)
    found = [((int(y), int(m)), float(v)) for y, m, v in zip(years, months, series.to_numpy(), strict=True)]
    return [(when, value) for when, value in found if when <= upto]


def _ytd(counts: pd.DataFrame, region: str, year: int, month: int) -> float | None:
    if month == 0:
        return 0.0
    found = counts.loc[(counts["region"] == region) & (counts["year"] == year) & (counts["month"] == month) &
                       (counts["measure"] == "grants") & (counts["patent_type"] == "invention"), "ytd"].dropna()
    return float(found.iloc[0]) if len(found) else None


def grants_between(counts: pd.DataFrame, region: str, start: Month, end: Month) -> float | None:
    """Invention grants in the months after ``start`` through ``end``; None where a year to date
    it needs is unknown."""
    parts = []
    for year in range(start[0], end[0] + 1):
        first = start[1] if year == start[0] else 0
        last = end[1] if year == end[0] else 12
        if first == last:
            continue  # nothing between: a stock at December and the year after
        before, through = _ytd(counts, region, year, first), _ytd(counts, region, year, last)
        if before is None or through is None:
            return None
        parts.append(through - before)
    return float(sum(parts))


def _months(start: Month, end: Month) -> int:
    return (end[0] - start[0]) * 12 + end[1] - start[1]


def _pair_note(region: str, start: Month, end: Month, before: float, after: float, grants: float) -> str | None:
    """A warning where the stock moved more than grants and lapses can explain."""
    span = f"{region}: invention patents in force went from {before:.0f} ({start[0]}-{start[1]:02d}) to {after:.0f} " \
           f"({end[0]}-{end[1]:02d}) with {grants:.0f} granted between"
    lapsed = before + grants - after
    if lapsed < 0:
        return f"{span}: {-lapsed:.0f} more than the grants can explain; check the stock table"
    rate = lapsed / before / (_months(start, end) / 12) if before > 0 else 0.0
    if rate > MAX_LAPSE_RATE:
        return f"{span}: {lapsed:.0f} lapsed, {rate:.0%} a year, more than the {MAX_LAPSE_RATE:.0%} lapses explain; " \
               f"check the stock table"
    return None


def lapse_rate(stocks: pd.DataFrame, counts: pd.DataFrame, region: str, upto: Month) -> tuple[LapseRate, list[str]]:
    """The region's yearly lapse rate, pooled over consecutive stock observations up to ``upto``
    whose grants between are known: lapses (stock before + grants - stock after) over stock-years;
    ``DEFAULT_LAPSE_RATE`` where there is no such pair. Warnings for pairs that grants and lapses
    cannot explain (those are left out of the rate)."""
    points = _points(stocks, region, upto)
    lapsed, exposure, warnings = 0.0, 0.0, []
    span: list[Month] = []
    for (start, before), (end, after) in zip(points, points[1:], strict=False):
        grants = grants_between(counts, region, start, end)
        if grants is None and after < before and (note := _pair_note(region, start, end, before, after, 0.0)):
            warnings.append(note.replace("with 0 granted between", "(grants between unknown)"))
        if grants is None or _months(start, end) <= 0:
            continue
        if note := _pair_note(region, start, end, before, after, grants):
            warnings.append(note)
            continue
        lapsed += before + grants - after
        exposure += before * _months(start, end) / 12
        span = [span[0] if span else start, end]
    if exposure <= 0:
        return LapseRate(DEFAULT_LAPSE_RATE, "default"), warnings
    return LapseRate(lapsed / exposure, "region", (span[0], span[1])), warnings


def _year_end_stock(counts: pd.DataFrame, region: str, year: int, month: int,
                    grants: pd.Series | None, as_of: Month, value: float, rate: LapseRate) -> dict[str, float] | None:
    """Quantiles of the stock at December: the latest stock, plus the grants since (counted and
    projected), less lapses of that stock at ``rate`` over the months to December."""
    if as_of == (year, 12):
        return dict.fromkeys(QUANTILES, value)
    counted = grants_between(counts, region, as_of, (year, month))
    ytd = _ytd(counts, region, year, month)
    if grants is None or counted is None or ytd is None:
        return None
    lapses = value * (1 - (1 - rate.rate) ** (_months(as_of, (year, 12)) / 12))
    return {q: value + counted + max(float(grants[q]) - ytd, 0.0) - lapses for q in QUANTILES}


def _levels(value: float | None, targets: dict[str, float]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for level in LEVELS:
        target = targets.get(level)
        out[f"target_{level}"] = target
        known = target is not None and value is not None
        out[f"completion_pct_{level}"] = value / target * 100 if known else None  # type: ignore[operator]
        out[f"gap_{level}"] = max(target - value, 0.0) if known else None  # type: ignore[operator]
    return out


def _per_10k_row(stock_row: dict[str, Any], people: float | None, people_now: float | None,
                 targets: dict[str, float]) -> dict[str, Any]:
    raw = None if people is None or stock_row["value"] is None else stock_row["value"] / people
    row = {**stock_row, "indicator": "invention_per_10k", "population": people, "value": raw}
    row |= _levels(raw, targets)
    for q in QUANTILES:
        row[q] = None if people_now is None or stock_row[q] is None else stock_row[q] / people_now
    return row


def stock_status(stocks: pd.DataFrame, counts: pd.DataFrame, population: pd.DataFrame, targets: dict[str, dict[str, float]],
                 region: str, year: int, month: int, projection: pd.DataFrame | None = None,
                 population_file: str = "population.yaml") -> StockStatus:
    """One row per indicator (invention_in_force, invention_per_10k) with: as_of_year, as_of_month
    (the latest stock at or before ``year``-``month``), value (件; per 10,000 people unrounded),
    population (万人, of the stock's year), target_<level>, completion_pct_<level>, gap_<level>
    (what is still needed, 0 once passed), the December quantiles lo95, lo80, point, hi80, hi95,
    lapse_rate and lapse_source. An indicator with neither a stock nor a target is left out; a
    per-capita target for a year with no population is an error."""
    points = _points(stocks, region, (year, month))
    rate, warnings = lapse_rate(stocks, counts, region, (year, month))
    as_of, value = points[-1] if points else (None, None)
    grants = _projected(projection)
    ends = _year_end_stock(counts, region, year, month, grants, as_of, value, rate) \
        if as_of is not None and value is not None else None
    base = {"indicator": "invention_in_force", "region": region, "as_of_year": as_of[0] if as_of else None,
            "as_of_month": as_of[1] if as_of else None, "value": value, "population": None,
            "lapse_rate": rate.rate, "lapse_source": rate.source, **(ends or dict.fromkeys(QUANTILES))}
    rows = []
    if value is not None or "invention_in_force" in targets:
        rows.append(base | _levels(value, targets.get("invention_in_force", {})))
    people_now = population_of(population, region, year)
    if "invention_per_10k" in targets and people_now is None:
        raise InputError(f"{region} / {year}: no resident population (常住人口, 万人), which its invention_per_10k "
                         f"target needs: add '{year}: 万人' under '{region}'", file=population_file)
    people = population_of(population, region, as_of[0]) if as_of else None
    if (value is not None and people is not None) or "invention_per_10k" in targets:
        rows.append(_per_10k_row(base, people, people_now, targets.get("invention_per_10k", {})))
    return StockStatus(pd.DataFrame(rows), warnings)


def _projected(projection: pd.DataFrame | None) -> pd.Series | None:
    if projection is None or not len(projection):
        return None
    found = projection[(projection["measure"] == "grants") & (projection["patent_type"] == "invention")]
    return found.iloc[0] if len(found) else None


def region_stock_status(counts: pd.DataFrame, region: str, year: int, month: int, targets: Targets,
                        projection: pd.DataFrame | None = None, data_path: Path | str | None = None,
                        targets_path: Path | str | None = None) -> StockStatus:
    """``stock_status`` with the stock table beside the counts (``data_path``) and the population
    file beside the targets (``targets_path``)."""
    return stock_status(load_stocks(data_path, region), counts, load_population(targets_path),
                        stock_targets_for(targets, region, year), region, year, month, projection,
                        population_file_for(targets_path).name)
