"""Where a year stands: year to date against targets, the calendar and last year. Pure
functions: the canonical table (with totals) and the targets in, a tidy DataFrame out."""

from __future__ import annotations

import pandas as pd

from ..errors import InputError
from ..labels import MEASURES, PATENT_TYPES, TOTAL
from ..table.periods import Periods, resolve_period
from ..table.targets import LEVELS, TARGET_COLUMNS, targets_for

__all__ = ["STATUS_TYPES", "latest_month", "check_period", "status_table", "seasonal_share", "compare_regions", "standing"]

STATUS_TYPES = (*PATENT_TYPES, TOTAL)


def _periods(counts: pd.DataFrame, region: str) -> Periods:
    rows = counts[(counts["region"] == region) & counts["ytd"].notna()]
    if rows.empty:
        available = ", ".join(sorted(counts["region"].unique())) or "none"
        raise InputError(f"region {region!r} is not in the data: available regions: {available}")
    pairs = set(zip(rows["year"].astype(int), rows["month"].astype(int), strict=True))
    return {year: sorted(m for y, m in pairs if y == year) for year in sorted({y for y, _ in pairs})}


def latest_month(counts: pd.DataFrame, region: str, year: int) -> int:
    """The last month of ``year`` with any figure for ``region``."""
    return resolve_period(_periods(counts, region), region, year, "latest")[1]


def check_period(counts: pd.DataFrame, region: str, year: int, month: int) -> None:
    """Raise a one-line error naming what is available when (region, year, month) has no data."""
    resolve_period(_periods(counts, region), region, year, month)


def _pct(numerator: pd.Series, denominator: pd.Series) -> pd.Series:
    """numerator / denominator in %, NaN where the denominator is 0 or unknown."""
    den = denominator.astype("Float64")
    return (numerator.astype("Float64") / den.where(den != 0) * 100).astype("Float64")


def seasonal_share(counts: pd.DataFrame, region: str, year: int, month: int) -> pd.Series:
    """Per (measure, patent_type): the share of the year's total that the complete prior years
    had reached by ``month``, in %, pooled over those years (NaN where there are none).

    Examples
    --------
    >>> rows = [("A", y, m, "grants", "total", None, ytd, "") for y, m, ytd in
    ...         [(2016, 6, 20), (2016, 12, 80), (2017, 6, 30), (2017, 12, 120)]]
    >>> table = pd.DataFrame(rows, columns=["region", "year", "month", "measure", "patent_type", "count", "ytd", "source"])
    >>> float(seasonal_share(table, "A", 2018, 6).iloc[0])
    25.0
    """
    prior = counts[(counts["region"] == region) & (counts["year"] < year)]
    wide = prior.pivot_table(index=["measure", "patent_type", "year"], columns="month", values="ytd", aggfunc="first")
    if month not in wide.columns or 12 not in wide.columns:
        return pd.Series(dtype="Float64", name="seasonal_progress_pct")
    complete = wide[month].notna() & wide[12].notna()
    by_type = ["measure", "patent_type"]
    reached, full = (wide.loc[complete, m].groupby(level=by_type).sum() for m in (month, 12))
    return _pct(reached, full).rename("seasonal_progress_pct")


def status_table(counts: pd.DataFrame, region: str, year: int, month: int,
                 targets: pd.DataFrame | None = None) -> pd.DataFrame:
    """One row per measure and patent type (invention, utility_model, design, total).

    Parameters
    ----------
    counts : the canonical table with totals (``load_counts()``).
    targets : the tidy targets table (``load_targets().table``); None for no targets.

    Returns
    -------
    DataFrame with month_count, ytd, ytd_prev_year, yoy_pct, prev_month_count, mom_pct,
    time_progress_pct, seasonal_progress_pct, prev_year_total, share_pct and, per target level
    L (floor, plan, stretch): target_L, completion_pct_L, gap_pp_L (completion minus time
    progress, in percentage points), remaining_L and needed_per_month_L.
    """
    check_period(counts, region, year, month)
    rows = counts[counts["region"] == region].set_index(["measure", "patent_type", "year", "month"])
    index = pd.MultiIndex.from_product([MEASURES, STATUS_TYPES], names=["measure", "patent_type"])

    def field(name: str, y: int, m: int) -> pd.Series:
        try:
            part = rows.xs((y, m), level=["year", "month"])[name]
        except KeyError:
            return pd.Series(pd.NA, index=index, dtype="Int64")
        return part.reindex(index).astype("Int64")

    prev_y, prev_m = (year, month - 1) if month > 1 else (year - 1, 12)
    out = pd.DataFrame(index=index)
    out["month_count"] = field("count", year, month)
    out["ytd"] = field("ytd", year, month)
    out["ytd_prev_year"] = field("ytd", year - 1, month)
    out["yoy_pct"] = _pct(out["ytd"] - out["ytd_prev_year"], out["ytd_prev_year"])
    out["prev_month_count"] = field("count", prev_y, prev_m)
    out["mom_pct"] = _pct(out["month_count"] - out["prev_month_count"], out["prev_month_count"])
    out["time_progress_pct"] = round(month / 12 * 100, 1)
    out["seasonal_progress_pct"] = seasonal_share(counts, region, year, month).reindex(index)
    out["prev_year_total"] = field("ytd", year - 1, 12)
    totals = out.xs(TOTAL, level="patent_type")["ytd"]
    out["share_pct"] = _pct(out["ytd"], totals.reindex(index.get_level_values("measure")).set_axis(index))
    _add_targets(out, targets, region, year, month)
    return out.reset_index()


def _add_targets(out: pd.DataFrame, targets: pd.DataFrame | None, region: str, year: int, month: int) -> None:
    wide = targets_for(targets if targets is not None else pd.DataFrame(columns=TARGET_COLUMNS), region, year)
    months_left = 12 - month
    for level in LEVELS:
        target = wide[level].reindex(out.index).astype("Float64") if level in wide else pd.Series(
            pd.NA, index=out.index, dtype="Float64")
        out[f"target_{level}"] = target.round().astype("Int64")
        out[f"completion_pct_{level}"] = _pct(out["ytd"], target)
        out[f"gap_pp_{level}"] = out[f"completion_pct_{level}"] - out["time_progress_pct"]
        out[f"seasonal_gap_pp_{level}"] = out[f"completion_pct_{level}"] - out["seasonal_progress_pct"]
        remaining = (target - out["ytd"].astype("Float64")).clip(lower=0)
        out[f"remaining_{level}"] = remaining.round().astype("Int64")
        out[f"needed_per_month_{level}"] = (remaining / months_left if months_left else
                                            remaining.where(remaining == 0)).astype("Float64")




def compare_regions(counts: pd.DataFrame, measure: str = "applications") -> pd.DataFrame:
    """Per region: its latest year and month with data, the year to date per type and total,
    last year's same period and the change, largest total first."""
    rows = []
    for region, part in counts[counts["measure"] == measure].groupby("region"):
        known = part[part["ytd"].notna()]
        year = int(known["year"].max())
        month = int(known.loc[known["year"] == year, "month"].max())
        now = known[(known["year"] == year) & (known["month"] == month)].set_index("patent_type")["ytd"]
        before = known[(known["year"] == year - 1) & (known["month"] == month)].set_index("patent_type")["ytd"]
        row: dict[str, object] = {"region": region, "year": year, "month": month}
        row |= {t: now.get(t, pd.NA) for t in STATUS_TYPES}
        row["total_prev_year"] = before.get(TOTAL, pd.NA)
        rows.append(row)
    table = pd.DataFrame(rows)
    if table.empty:
        return table
    table["yoy_pct"] = _pct(table[TOTAL].astype("Float64") - table["total_prev_year"].astype("Float64"),
                            table["total_prev_year"].astype("Float64"))
    return table.sort_values(TOTAL, ascending=False, ignore_index=True)


AGGREGATE_REGIONS = {"全国", "国内", "国外"}  # rows of a national table that sum other rows
STANDING_SERIES = (("applications", TOTAL), ("grants", TOTAL), ("applications", "invention"))


def standing(counts: pd.DataFrame, region: str, year: int, month: int) -> pd.DataFrame:
    """The region's rank and share among the regions with figures for the same period (a city
    table's counties): per series, its year to date, rank (1 = most), the number of regions
    and its share of their sum in percent. Empty when no other region has that period."""
    same = counts[(counts["year"] == year) & (counts["month"] == month) & counts["ytd"].notna()
                  & ~counts["region"].isin(AGGREGATE_REGIONS)]
    rows = []
    for measure, patent_type in STANDING_SERIES:
        values = same[(same["measure"] == measure) & (same["patent_type"] == patent_type)].set_index("region")["ytd"]
        if region not in values.index or len(values) < 2:
            continue
        mine = float(values[region])
        rows.append({"measure": measure, "patent_type": patent_type, "ytd": mine,
                     "rank": int((values.astype(float) > mine).sum()) + 1, "regions": len(values),
                     "share_pct": mine / float(values.sum()) * 100 if values.sum() else pd.NA})
    return pd.DataFrame(rows)
