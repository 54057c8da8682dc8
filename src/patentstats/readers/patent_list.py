"""Patent lists (one row per patent) to monthly counts: applications by filing date (申请日),
grants by grant date (授权公告日). Vectorised with pyarrow and pandas: no Python loop per row."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv

from ..errors import InputError
from ..labels import PATENT_TYPES, match_patent_type
from .appno import TYPE_BY_DIGIT, appno_type_codes, check_appnos, normalize_appnos
from .cells import Period, is_blank, parse_title
from .headers import Layout
from .tables import OBSERVATION_COLUMNS, ReadOptions, TableResult, _title_measure, region_from_text

__all__ = ["read_patent_list", "read_patent_list_csv", "list_table_from_layout", "count_patents"]

LIST_ROLES = ("appno", "filing_date", "grant_date", "patent_type", "region")
APPNO_PROBLEMS = {1: "a malformed application number (expected e.g. 201710601862.3 or 95115608.X)",
                  2: "an application number whose check character is wrong"}


@dataclass(frozen=True)
class ListSource:
    """Where a list came from, to name rows in messages: data row i is file row ``first_row + i``."""

    file: str
    sheet: str | None
    first_row: int
    columns: dict[str, str]  # role -> header as written

    def error(self, what: str, index: int, role: str) -> InputError:
        return InputError(what, file=self.file, sheet=self.sheet, row=self.first_row + index, column=self.columns[role])


def list_table_from_layout(layout: Layout) -> tuple[pa.Table, ListSource]:
    """The list's columns of interest from a grid already read (workbooks, small CSVs)."""
    wanted = {c.role: c for c in layout.columns if c.role in LIST_ROLES}
    rows = [layout.sheet.rows[r] for r in layout.data_rows]
    arrays = {}
    for role, column in wanted.items():
        values = [row[column.index] if column.index < len(row) else None for row in rows]
        arrays[role] = pa.array([None if is_blank(v) else (v.isoformat() if hasattr(v, "isoformat") else str(v))
                                 for v in values], pa.string())
    first = layout.data_rows[0] + 1 if layout.data_rows else layout.header_rows[-1] + 2
    source = ListSource(layout.sheet.file, layout.sheet.name, first, {r: c.name for r, c in wanted.items()})
    return pa.table(arrays), source


def read_patent_list_csv(path: Path, layout: Layout, encoding: str) -> tuple[pa.Table, ListSource]:
    """Re-read a large CSV list with pyarrow's multi-threaded reader, only the columns needed."""
    wanted = {c.role: c for c in layout.columns if c.role in LIST_ROLES}
    header_row = layout.header_rows[-1]
    names = [f"c{i}" for i in range(len(layout.columns))]
    try:
        table = pacsv.read_csv(
            path,
            read_options=pacsv.ReadOptions(skip_rows=header_row + 1, column_names=names,
                                           encoding="utf8" if encoding.startswith("utf-8") else encoding),
            parse_options=pacsv.ParseOptions(newlines_in_values=False),
            convert_options=pacsv.ConvertOptions(
                include_columns=[f"c{c.index}" for c in wanted.values()],
                column_types={f"c{c.index}": pa.string() for c in wanted.values()}, strings_can_be_null=True),
        )
    except (pa.ArrowInvalid, UnicodeDecodeError) as exc:
        raise InputError(f"cannot read the list as CSV ({str(exc).splitlines()[0]})", file=path.name) from None
    table = table.rename_columns([next(r for r, c in wanted.items() if f"c{c.index}" == n) for n in table.column_names])
    return table, ListSource(path.name, None, header_row + 2, {r: c.name for r, c in wanted.items()})


def parse_dates(values: pa.Array) -> pa.Array:
    """Dates written as 2017-03-05, 2017/3/5, 2017.03.05, 2017年3月5日 or 20170305 (null if blank)."""
    text = pc.utf8_trim_whitespace(pc.cast(values, pa.string()))
    text = pc.replace_substring_regex(text, r"[ T]\d{1,2}:\d{2}(:\d{2})?(\.\d+)?$", "")
    text = pc.replace_substring_regex(text, r"^(\d{4})(\d{2})(\d{2})$", r"\1-\2-\3")
    text = pc.replace_substring_regex(text, r"[年月/.]", "-")
    text = pc.replace_substring_regex(text, r"日$", "")
    text = pc.replace_substring_regex(text, r"-(\d)-", r"-0\1-")
    text = pc.replace_substring_regex(text, r"-(\d)$", r"-0\1")
    text = pc.if_else(pc.equal(text, ""), pa.scalar(None, pa.string()), text)
    return pc.cast(pc.strptime(text, format="%Y-%m-%d", unit="s", error_is_null=True), pa.date32())


def _first_bad(mask: np.ndarray) -> int:
    return int(np.flatnonzero(mask)[0])


def _resolve_types(table: pa.Table, normalized: pa.Array, source: ListSource) -> np.ndarray:
    """The patent type per row: from the number, checked against a type column when there is one."""
    from_number = pd.Series(appno_type_codes(normalized)).map(TYPE_BY_DIGIT).to_numpy(dtype=object)
    if "patent_type" not in table.column_names:
        return from_number
    labels = pd.Series(table["patent_type"].to_pandas(), dtype=object)
    mapping = {v: (match_patent_type(v) if isinstance(v, str) else None) for v in labels.dropna().unique()}
    given = labels.map(mapping).to_numpy(dtype=object)
    written = labels.notna().to_numpy()
    unknown = written & pd.isna(given)
    if unknown.any():
        i = _first_bad(unknown)
        raise source.error(f"unknown patent type {labels.iloc[i]!r}: expected one of {', '.join(PATENT_TYPES)} "
                           f"(发明/实用新型/外观设计)", i, "patent_type")
    clash = written & (given != from_number)
    if clash.any():
        i = _first_bad(clash)
        raise source.error(f"type says {labels.iloc[i]!r} but application number {normalized[i].as_py()} is "
                           f"{from_number[i]}", i, "patent_type")
    return from_number


def count_patents(table: pa.Table, source: ListSource, options: ReadOptions, title: str,
                  skip_invalid: bool = False) -> TableResult:
    """Monthly counts per region and type from a list table with columns named by role."""
    if "appno" not in table.column_names or "filing_date" not in table.column_names:
        raise InputError("a patent list needs an application number (申请号) and a filing date (申请日) column",
                         file=source.file, sheet=source.sheet)
    warnings: list[str] = []
    normalized = normalize_appnos(table["appno"].combine_chunks())
    has_digits = pc.fill_null(pc.match_substring_regex(normalized, r"\d{6}"), False).to_numpy(zero_copy_only=False)
    filing = parse_dates(table["filing_date"].combine_chunks())
    is_patent = has_digits | pc.is_valid(filing).to_numpy(zero_copy_only=False)  # other rows are notes or totals
    status = check_appnos(normalized)
    bad = is_patent & (status != 0)
    if bad.any():
        i = _first_bad(bad)
        what = f"found {table['appno'][i].as_py()!r}: {APPNO_PROBLEMS[int(status[i])]}"
        if not skip_invalid:
            raise source.error(f"{what}; {int(bad.sum())} row(s) like this", i, "appno")
        warnings.append(f"{source.file}: skipped {int(bad.sum())} row(s) with bad application numbers, "
                        f"first at row {source.first_row + i}: {what}")
    keep = np.flatnonzero(is_patent & ~bad)
    normalized, filing = normalized.take(keep), filing.take(keep)
    missing_date = pc.is_null(filing).to_numpy(zero_copy_only=False)
    if missing_date.any():
        i = int(keep[_first_bad(missing_date)])
        raise source.error(f"found {table['filing_date'][i].as_py()!r}, expected a filing date such as 2017-03-05", i,
                           "filing_date")
    patents = pd.DataFrame({
        "appno": normalized.to_pandas(),
        "patent_type": _resolve_types(table.take(keep), normalized, source),
        "region": _regions(table, keep, source, options, title),
        "filing": filing.to_pandas(date_as_object=False),
    })
    if "grant_date" in table.column_names:
        grant_text = table["grant_date"].combine_chunks().take(keep)
        grant = parse_dates(grant_text)
        unreadable = (pc.is_null(grant).to_numpy(zero_copy_only=False)
                      & pc.fill_null(pc.match_substring_regex(grant_text, r"\d"), False).to_numpy(zero_copy_only=False))
        if unreadable.any():
            i = int(keep[_first_bad(unreadable)])
            raise source.error(f"found {grant_text[_first_bad(unreadable)].as_py()!r}, expected a grant date such as "
                               f"2018-06-12", i, "grant_date")
        patents["grant"] = grant.to_pandas(date_as_object=False)
    patents, duplicates = _deduplicate(patents, source)
    if duplicates:
        warnings.append(f"{source.file}: {duplicates} patent(s) listed more than once, counted once")
    measures = _list_measures(title, "grant" in patents)
    observations = [_monthly(patents, date_col, measure, source, title) for date_col, measure in measures]
    frame = pd.concat(observations, ignore_index=True) if observations else pd.DataFrame(columns=OBSERVATION_COLUMNS)
    shape = f"patent list ({len(patents):,} patents; counted as {' and '.join(m for _, m in measures)})"
    return TableResult(frame, shape, warnings)


def _regions(table: pa.Table, keep: np.ndarray, source: ListSource, options: ReadOptions, title: str) -> pd.Series:
    if "region" in table.column_names:
        regions = pd.Series(table["region"].combine_chunks().take(keep).to_pandas(), dtype="string").str.strip()
        if regions.isna().any():
            i = int(keep[_first_bad(regions.isna().to_numpy())])
            raise source.error("empty region: expected the county or district of every patent", i, "region")
        return regions.astype("category")
    region = options.region or region_from_text(title)
    if region is None:
        raise InputError("the list does not name its region: add a region (地区) column or pass --region NAME",
                         file=source.file, sheet=source.sheet)
    return pd.Series(pd.Categorical([region] * len(keep)))


def _deduplicate(patents: pd.DataFrame, source: ListSource) -> tuple[pd.DataFrame, int]:
    """One row per application number; a grant date on any copy applies to the patent."""
    repeated = patents["appno"].duplicated(keep=False)
    if not repeated.any():
        return patents, 0
    copies = patents[repeated]
    agg = {"patent_type": "first", "region": "nunique", "filing": "nunique"}
    if "grant" in patents:
        agg["grant"] = "nunique"
    clash = copies.groupby("appno", observed=True).agg(agg)
    clash = clash[(clash["region"] > 1) | (clash["filing"] > 1) | (clash.get("grant", 0) > 1)]
    if len(clash):
        appno = clash.index[0]
        raise InputError(f"patent {appno} is listed more than once with different region, filing or grant dates",
                         file=source.file, sheet=source.sheet, column=source.columns["appno"])
    if "grant" in patents:
        patents = patents.sort_values("grant", na_position="last", kind="stable")
    kept = patents.drop_duplicates("appno", keep="first")
    return kept, int(len(patents) - len(kept))


def _list_measures(title: str, has_grants: bool) -> list[tuple[str, str]]:
    """What a list counts: a list titled as applications or as grants counts only that."""
    named = _title_measure(title)
    if named == "applications" or not has_grants:
        return [("filing", "applications")]
    if named == "grants":
        return [("grant", "grants")]
    return [("filing", "applications"), ("grant", "grants")]


def _coverage(dates: pd.Series, title: str) -> pd.PeriodIndex:
    """The months the list covers: the title's period (2018年1-9月) and every month with a date."""
    months = dates.dropna().dt.to_period("M")
    bounds = [months.min(), months.max()] if len(months) else []
    info = parse_title(title)
    if info.period is not None and info.period.year is not None:
        p: Period = info.period
        bounds += [pd.Period(f"{p.year}-{p.first:02d}", "M"), pd.Period(f"{p.year}-{p.last:02d}", "M")]
    return pd.period_range(min(bounds), max(bounds), freq="M") if bounds else pd.PeriodIndex([], freq="M")


def _monthly(patents: pd.DataFrame, date_col: str, measure: str, source: ListSource, title: str) -> pd.DataFrame:
    """Counts for every region, type and covered month (zero where no patent fell)."""
    dated = patents.dropna(subset=[date_col])
    months = _coverage(dated[date_col], title)
    counts = (dated.assign(month=dated[date_col].dt.to_period("M"))
              .groupby(["region", "patent_type", "month"], observed=True).size())
    regions = patents["region"].astype(str).unique()
    full = pd.MultiIndex.from_product([regions, PATENT_TYPES, months], names=["region", "patent_type", "month"])
    counts.index = counts.index.set_levels(counts.index.levels[0].astype(str), level=0)
    grid = counts.reindex(full, fill_value=0).reset_index(name="value")
    return pd.DataFrame({
        "region": grid["region"], "year": grid["month"].dt.year, "month": grid["month"].dt.month,
        "measure": measure, "patent_type": grid["patent_type"], "basis": "count", "value": grid["value"].astype("int64"),
        "file": source.file, "sheet": source.sheet or "", "row": pd.NA,
        "column": source.columns["grant_date" if date_col == "grant" else "filing_date"],
    })[OBSERVATION_COLUMNS]
