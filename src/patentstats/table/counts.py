"""The canonical table of monthly patent counts: merging observations from many files,
deriving monthly counts and year-to-date figures from each other, validating, saving.

One row per (region, year, month, measure, patent_type) with ``count`` (that month alone)
and ``ytd`` (January through that month); either may be missing where no source determines
it. Totals are derived from the three types; a printed total is stored (as patent_type
'total') only where its types are not all known.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from ..errors import ConflictError, InputError
from ..i18n import _, join
from ..labels import PATENT_TYPES, TOTAL, term
from ..paths import counts_file, ingest_log_for
from .completeness import Completeness, Incompleteness

__all__ = ["COUNT_COLUMNS", "MergeResult", "merge_observations", "add_totals", "load_counts", "load_incomplete",
           "incomplete_by_region", "incomplete_marks",
           "revision_rank"]

KEY = ["region", "year", "month", "measure", "patent_type"]
SERIES = ["region", "year", "measure", "patent_type"]
COUNT_COLUMNS = [*KEY, "count", "ytd", "source"]
MONTHS = np.arange(1, 13)
_REVISION = re.compile(r"(?<![a-z])(?:rev(?:ision)?|v)[\s_.-]*(\d+)(?![a-z\d])|(?<![a-z])(?:rev|revised|revision)(?![a-z])"
                       r"|(?:修订|更正|更新|第)(\d*)版?", re.I)


def revision_rank(file_name: str) -> int:
    """How late a revision a file says it is: 0 none, 1 '修订'/'revised', N for 'rev N'/'vN'."""
    ranks = [int(m.group(1) or m.group(2) or 1) for m in _REVISION.finditer(Path(file_name).stem)]
    return max(ranks, default=0)


@dataclass
class MergeResult:
    counts: pd.DataFrame
    warnings: list[str] = field(default_factory=list)
    revisions: list[dict[str, object]] = field(default_factory=list)


def _where(obs: pd.Series) -> str:
    parts = [str(obs["file"])]
    if obs["sheet"]:
        parts.append(_("sheet {sheet!r}").format(sheet=obs["sheet"]))
    if pd.notna(obs["row"]):
        parts.append(_("row {row}").format(row=int(obs["row"])))
    parts.append(_("column {column!r}").format(column=obs["column"]))
    return " ".join(parts)


def _cell_name(key: tuple[Any, ...]) -> str:
    """'永修县 2017-09 applications invention (year to date)' for a (*KEY, basis) tuple."""
    region, year, month, measure, patent_type, basis = key
    what = _("year to date") if basis == "ytd" else _("month")
    return f"{region} {year}-{int(month):02d} {term(measure)} {term(patent_type)} ({what})"


def _resolve_duplicates(obs: pd.DataFrame) -> tuple[pd.DataFrame, list[str], list[dict[str, object]]]:
    """One value per cell and basis. Equal values merge; differing values are an error unless
    one file is explicitly a later revision than every other, which then wins."""
    cell = [*KEY, "basis"]
    spread = obs.groupby(cell, sort=False)["value"].transform("nunique")
    agreed = obs[spread == 1]
    warnings: list[str] = []
    revisions: list[dict[str, object]] = []
    winners = []
    for key, group in obs[spread > 1].groupby(cell, sort=False):
        top = group["rank"].max()
        best = group[group["rank"] == top]
        if best["value"].nunique() > 1 or top == 0:
            shown = "; ".join(_("{where} says {value}").format(where=_where(r), value=r["value"])
                              for _i, r in group.iterrows())
            raise ConflictError(_("{cell}: sources disagree: {sources} (name the corrected file '..._rev2' or '修订' to "
                                  "make it win)").format(cell=_cell_name(key), sources=shown))
        winner = best.iloc[0]
        for _i, old in group[group["rank"] < top].drop_duplicates("file").iterrows():
            where = {name: value.item() if hasattr(value, "item") else value for name, value in zip(cell, key, strict=True)}
            revisions.append({"cell": _cell_name(key), **where, "old_value": int(old["value"]),
                              "old_file": str(old["file"]), "new_value": int(winner["value"]),
                              "new_file": str(winner["file"])})
            warnings.append(_("{cell}: {new_file} (revision) replaces {old} from {old_file} with {new}").format(
                cell=_cell_name(key), new_file=winner["file"], old=old["value"], old_file=old["file"], new=winner["value"]))
        winners.append(best)
    merged = pd.concat([agreed, *winners]) if winners else agreed
    first = merged.drop_duplicates(cell).set_index(cell)
    sources = first["file"].astype(str)  # a cell one file gives; the files joined where several do
    if (several := merged.duplicated(cell, keep=False)).any():
        joined = merged[several].groupby(cell, sort=False)["file"].agg(lambda f: "; ".join(sorted(set(f))))
        sources = joined.combine_first(sources)
    first["source"] = sources
    return first.reset_index(), warnings, revisions


def _to_arrays(cells: pd.DataFrame) -> tuple[pd.MultiIndex, np.ndarray, np.ndarray]:
    """Per series (region, year, measure, type): 12 monthly counts and 12 YTDs, NaN if unknown."""
    wide = cells.pivot_table(index=SERIES, columns=["basis", "month"], values="value", aggfunc="first")
    series = pd.MultiIndex.from_tuples(list(wide.index), names=SERIES)

    def block(basis: str) -> np.ndarray:
        if basis not in wide.columns.get_level_values(0):
            return np.full((len(series), 12), np.nan)
        months = pd.DataFrame(wide[basis]).reindex(columns=MONTHS)
        return months.to_numpy(dtype=float, copy=True)
    return series, block("count"), block("ytd")


def _derive(count: np.ndarray, ytd: np.ndarray) -> None:
    """Fill what the known cells determine, in place: ytd(m) = ytd(m-1) + count(m)."""
    changed = True
    while changed:
        before = np.isnan(count).sum() + np.isnan(ytd).sum()
        prev = np.hstack([np.zeros((len(ytd), 1)), ytd[:, :-1]])
        ytd[:] = np.where(np.isnan(ytd), prev + count, ytd)
        count[:] = np.where(np.isnan(count), ytd - prev, count)
        back = ytd[:, 1:] - count[:, 1:]
        ytd[:, :-1] = np.where(np.isnan(ytd[:, :-1]), back, ytd[:, :-1])
        changed = np.isnan(count).sum() + np.isnan(ytd).sum() < before


def _total_rows(series: pd.MultiIndex) -> list[tuple[int, list[int]]]:
    """(row of a printed-total series, rows of its three types) where all four exist."""
    index = {key: i for i, key in enumerate(series)}
    pairs = []
    for s, (region, year, measure, patent_type) in enumerate(series):
        rows = [index.get((region, year, measure, t)) for t in PATENT_TYPES]
        if patent_type == TOTAL and None not in rows:
            pairs.append((s, [r for r in rows if r is not None]))
    return pairs


def _fill_totals_from_types(series: pd.MultiIndex, count: np.ndarray, ytd: np.ndarray) -> None:
    """Where a printed-total series has gaps its types fill, fill them (in place)."""
    for s, rows in _total_rows(series):
        for values in (count, ytd):
            values[s] = np.where(np.isnan(values[s]), values[rows].sum(axis=0), values[s])


def _check_series(series: pd.MultiIndex, count: np.ndarray, ytd: np.ndarray, cells: pd.DataFrame) -> None:
    """Year-to-date figures never decrease and agree with the monthly counts."""
    prev = np.hstack([np.zeros((len(ytd), 1)), ytd[:, :-1]])
    mismatch = ~np.isnan(ytd) & ~np.isnan(prev) & ~np.isnan(count) & (ytd != prev + count)
    known = np.where(np.isnan(ytd), -np.inf, ytd)
    decreasing = ~np.isnan(ytd) & (ytd < np.maximum.accumulate(known, axis=1))
    negative = (count < 0) | (ytd < 0)  # e.g. a monthly count larger than the YTD it ends in
    problems = ((decreasing, _("the year-to-date series decreases")),
                (negative, _("monthly counts and year-to-date figures disagree (one would be negative)")),
                (mismatch, _("monthly counts and year-to-date figures disagree")))
    for problem, what in problems:
        if problem.any():
            s, m = map(int, np.argwhere(problem)[0])
            region, year, measure, patent_type = series[s]
            mine = cells[(cells["region"] == region) & (cells["year"] == year) & (cells["measure"] == measure)
                         & (cells["patent_type"] == patent_type)].sort_values(["month", "basis"])
            shown = "; ".join(f"{r['month']}月 {term(r['basis'])} {r['value']} ({_where(r)})" for _i, r in mine.iterrows()
                              if abs(int(r["month"]) - (m + 1)) <= 1)
            raise InputError(_("{series}, month {month}: {what}: {cells}").format(
                series=f"{region} {year} {term(str(measure))} {term(str(patent_type))}", month=m + 1, what=what, cells=shown))


def _check_printed_totals(series: pd.MultiIndex, count: np.ndarray, ytd: np.ndarray, cells: pd.DataFrame) -> None:
    """A printed total must be the sum of its three types wherever all three are known."""
    for basis, values in (("count", count), ("ytd", ytd)):
        for s, rows in _total_rows(series):
            region, year, measure, _type = series[s]
            derived = values[rows].sum(axis=0)
            wrong = ~np.isnan(values[s]) & ~np.isnan(derived) & (values[s] != derived)
            if wrong.any():
                month = int(np.flatnonzero(wrong)[0]) + 1
                printed = cells[(cells["region"] == region) & (cells["year"] == year) & (cells["measure"] == measure)
                                & (cells["patent_type"] == TOTAL)]
                near = printed.iloc[(printed["month"] - month).abs().argsort()].iloc[0]
                raise InputError(_("printed total is not the sum of its types for {series} ({basis}): total {total}, "
                                   "types add up to {added} (total printed at {where})").format(
                    series=f"{region} {year}-{month:02d} {term(str(measure))}", basis=term(basis),
                    total=int(values[s, month - 1]), added=int(derived[month - 1]), where=_where(near)))


def merge_observations(observations: pd.DataFrame) -> MergeResult:
    """The canonical table from observations of many files (columns as readers produce them,
    plus ``rank``, the file's revision rank). Raises InputError or ConflictError."""
    empty = pd.DataFrame(columns=COUNT_COLUMNS)
    if observations.empty:
        return MergeResult(empty)
    cells, warnings, revisions = _resolve_duplicates(observations)
    series, count, ytd = _to_arrays(cells)
    _derive(count, ytd)
    _fill_totals_from_types(series, count, ytd)
    _derive(count, ytd)
    _check_series(series, count, ytd, cells)
    _check_printed_totals(series, count, ytd, cells)
    long = pd.concat({"count": pd.DataFrame(count, index=series, columns=MONTHS).stack(future_stack=True),
                      "ytd": pd.DataFrame(ytd, index=series, columns=MONTHS).stack(future_stack=True)}, axis=1)
    long.index = long.index.set_names([*SERIES, "month"])
    long = long.dropna(how="all").reset_index()
    long = long.join(_series_sources(cells), on=SERIES)
    long = _drop_derivable_totals(long)
    for col in ("count", "ytd"):
        long[col] = long[col].round().astype("Int64")
    long = long[COUNT_COLUMNS].sort_values(KEY, key=_type_order).reset_index(drop=True)
    long["year"] = long["year"].astype("int64")
    long["month"] = long["month"].astype("int64")
    return MergeResult(long, warnings, revisions)


def _series_sources(cells: pd.DataFrame) -> pd.Series:
    """The files of each series, joined; where each series has one file (a single list), that
    file, without a Python step per series."""
    named = cells[[*SERIES, "source"]].drop_duplicates()
    if not named.duplicated(SERIES).any() and not named["source"].str.contains("; ", regex=False).any():
        return named.set_index(SERIES)["source"]
    return cells.groupby(SERIES)["source"].agg(lambda s: "; ".join(sorted({f for x in s for f in x.split("; ")})))


def _type_order(col: pd.Series) -> pd.Series:
    order = {t: i for i, t in enumerate((*PATENT_TYPES, TOTAL))}
    return col.map(order) if col.name == "patent_type" else col


def _drop_derivable_totals(long: pd.DataFrame) -> pd.DataFrame:
    """Keep a printed total only for the cells whose types do not determine it."""
    totals = long["patent_type"] == TOTAL
    if not totals.any():  # no printed total to keep or drop (every list): the types alone
        return long.reset_index(drop=True)
    derived = add_totals(long[~totals]).query("patent_type == @TOTAL").set_index(["region", "year", "month", "measure"])
    printed = long[totals].set_index(["region", "year", "month", "measure"])
    covered = derived.reindex(printed.index)
    needed = (printed["count"].notna() & covered["count"].isna()) | (printed["ytd"].notna() & covered["ytd"].isna())
    return pd.concat([long[~totals], printed[needed.to_numpy()].reset_index()], ignore_index=True)


def add_totals(counts: pd.DataFrame) -> pd.DataFrame:
    """The table with a 'total' row per cell: the sum of the three types where all three are
    known, else the stored printed total.

    Examples
    --------
    >>> rows = [("A", 2017, 1, "grants", t, n, n, "x") for t, n in
    ...         [("invention", 1), ("utility_model", 5), ("design", 2)]]
    >>> table = add_totals(pd.DataFrame(rows, columns=COUNT_COLUMNS))
    >>> int(table.query("patent_type == 'total'")["count"].iloc[0])
    8
    """
    types = counts[counts["patent_type"].isin(PATENT_TYPES)]
    cell = ["region", "year", "month", "measure"]
    grouped = types.groupby(cell, sort=False)
    n_types = grouped["patent_type"].nunique()
    sums = grouped[["count", "ytd"]].sum(min_count=1)
    complete = grouped[["count", "ytd"]].count().eq(3) & (n_types == 3).to_numpy()[:, None]
    derived = sums.where(complete).astype("Float64")
    printed = counts[counts["patent_type"] == TOTAL].set_index(cell)[["count", "ytd"]]
    combined = derived.combine_first(printed.astype("Float64")) if len(printed) else derived
    combined = combined.dropna(how="all").astype("Int64").reset_index()
    combined["patent_type"] = TOTAL
    if "source" in counts:
        sources = types.groupby(cell, sort=False)["source"].first()
        printed_sources = counts[counts["patent_type"] == TOTAL].set_index(cell)["source"]
        combined = combined.join(sources.combine_first(printed_sources).rename("source"), on=cell)
    rest = counts[counts["patent_type"] != TOTAL]
    return pd.concat([rest, combined[counts.columns]], ignore_index=True).sort_values(KEY, key=_type_order,
                                                                                    ignore_index=True)


def load_counts(path: Path | str | None = None, *, totals: bool = True, region: str | None = None) -> pd.DataFrame:
    """The canonical table as a tidy DataFrame, with derived totals unless ``totals=False``.

    Parameters
    ----------
    path : the Parquet file written by ``patentstats ingest`` (default data/processed/patent_counts.parquet).
    totals : add a 'total' row per cell (the sum of the three types, or the printed total).
    region : read only this region's rows (fast on large tables). A region not in the table is
        an error that lists the regions there are.
    """
    path = Path(path or counts_file())
    if not path.is_file():
        raise InputError(_("no counts table here: run `patentstats ingest` first"), file=str(path))
    try:
        counts = pd.read_parquet(path, filters=[("region", "==", region)] if region is not None else None)
    except (OSError, ValueError) as exc:
        raise InputError(_("not a readable Parquet file ({error})").format(error=str(exc).splitlines()[0]),
                         file=str(path)) from None
    missing = set(COUNT_COLUMNS) - set(counts.columns)
    if missing:
        raise InputError(_("not a patentstats counts table: missing columns {columns}").format(columns=sorted(missing)),
                         file=str(path))
    if region is not None and counts.empty:
        available = sorted(pd.read_parquet(path, columns=["region"])["region"].unique())
        raise InputError(_("region {region!r} is not in the data: available regions: {regions}").format(
            region=region, regions=join(available) or _("none")))
    return add_totals(counts) if totals else counts


def load_incomplete(region: str, path: Path | str | None = None) -> Incompleteness:
    """For one region, the first month whose counts are known to be incomplete, per (measure,
    patent_type), from the ingest log beside the table: a list of published applications cannot
    hold applications not yet published. The total is incomplete from its types' earliest.
    Where the log has the list's publication delays, ``.completeness`` holds them per type.

    Examples
    --------
    >>> load_incomplete("永修县")  # doctest: +SKIP
    {('applications', 'invention'): (2021, 6), ...}
    """
    return incomplete_by_region(path).get(region, Incompleteness())


def incomplete_by_region(path: Path | str | None = None) -> dict[str, Incompleteness]:
    """``load_incomplete`` for every region the ingest log marks, from one read of the log."""
    log = ingest_log_for(path)
    if not log.is_file():
        return {}
    read = json.loads(log.read_text(encoding="utf-8"))
    return {region: incomplete_marks(read, region) for region in {mark["region"] for mark in read.get("incomplete", [])}}


def incomplete_marks(log: dict[str, Any], region: str) -> Incompleteness:
    """``load_incomplete`` of an ingest log already read."""
    marks: dict[tuple[str, str], tuple[int, int]] = {}
    for mark in log.get("incomplete", []):
        if mark["region"] != region:
            continue
        when = (int(mark["year"]), int(mark["month"]))
        for key in ((mark["measure"], mark["patent_type"]), (mark["measure"], TOTAL)):
            marks[key] = min(marks.get(key, when), when)
    completeness: dict[tuple[str, str], Completeness] = {}
    for item in log.get("publication_delay", []):
        key = (item["measure"], item["patent_type"])
        if region in item["regions"] and key in marks:
            found = Completeness.from_json(item)
            if key not in completeness or found.latest > completeness[key].latest:  # the latest list knows most
                completeness[key] = found
    return Incompleteness(marks, completeness)
