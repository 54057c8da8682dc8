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
from .appno import MALFORMED, TYPE_CODES, VALID, decode_appnos
from .cells import is_blank, parse_title
from .headers import Layout
from .tables import OBSERVATION_COLUMNS, ReadOptions, TableResult, region_from_text, title_measure

__all__ = ["read_patent_list_csv", "list_table_from_layout", "count_patents", "parse_months"]

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


def parse_months(values: pa.Array) -> np.ndarray:
    """Months since January 1970 of dates written 2017-03-05, 2017/3/5, 2017.03.05,
    2017年3月5日 or 20170305; -1 where blank or unreadable. ISO dates, the usual export, are
    read straight from Arrow's bytes; the others go through a regex pass and strptime."""
    text = pc.utf8_trim_whitespace(pc.fill_null(pc.cast(values, pa.string()), ""))
    lengths = pc.binary_length(text).to_numpy(zero_copy_only=False)
    months = np.full(len(text), -1, dtype=np.int64)
    iso = np.flatnonzero(lengths == 10)
    if iso.size:
        months[iso] = _iso_months(text.take(pa.array(iso)))
    retry = np.flatnonzero((months < 0) & (lengths > 0))
    if retry.size:
        other = text.take(pa.array(retry))
        for pattern, replacement in ((r"[ T]\d{1,2}:\d{2}(:\d{2})?(\.\d+)?$", ""), (r"^(\d{4})(\d{2})(\d{2})$", r"\1-\2-\3"),
                                     (r"[年月/.]", "-"), (r"日$", ""), (r"-(\d)-", r"-0\1-"), (r"-(\d)$", r"-0\1")):
            other = pc.replace_substring_regex(other, pattern, replacement)
        parsed = pc.strptime(other, format="%Y-%m-%d", unit="s", error_is_null=True)
        # strptime rolls 2017-02-29 over into March: a real date prints back as it was written
        same = pc.equal(pc.strftime(parsed, format="%Y-%m-%d"), other)
        valid = pc.fill_null(pc.and_(pc.is_valid(parsed), same), False).to_numpy(zero_copy_only=False)
        year, month = pc.year(parsed).to_numpy(zero_copy_only=False), pc.month(parsed).to_numpy(zero_copy_only=False)
        months[retry] = np.where(valid, (np.nan_to_num(year) - 1970) * 12 + np.nan_to_num(month) - 1, -1)
    return months


DAYS_IN_MONTH = np.array([31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31])


def _iso_months(strings: pa.Array) -> np.ndarray:
    """Months since 1970 of 'YYYY-MM-DD' strings (-1 where not a real date), from their bytes,
    one column of the (n, 10) byte matrix at a time."""
    offsets = np.frombuffer(strings.buffers()[1], dtype=np.int32)[strings.offset: strings.offset + len(strings) + 1]
    chars = np.frombuffer(strings.buffers()[2], dtype=np.uint8)[offsets[0]: offsets[-1]].reshape(-1, 10)
    digit = [chars[:, k] - np.uint8(ord("0")) for k in range(10)]  # a wrapped uint8 above 9 is not a digit
    ok = (chars[:, 4] == ord("-")) & (chars[:, 7] == ord("-"))
    for k in (0, 1, 2, 3, 5, 6, 8, 9):
        ok &= digit[k] <= 9

    def number(*places: int) -> np.ndarray:
        value = np.zeros(len(chars), dtype=np.int32)
        for k in places:
            value = value * 10 + digit[k]
        return value
    year, month, day = number(0, 1, 2, 3), number(5, 6), number(8, 9)
    ok &= (month >= 1) & (month <= 12) & (day >= 1) & (year >= 1970)
    leap = (year % 4 == 0) & ((year % 100 != 0) | (year % 400 == 0))
    last_day = np.where((month == 2) & ~leap, 28, DAYS_IN_MONTH[np.clip(month, 1, 12) - 1])
    ok &= day <= last_day
    return np.where(ok, (year.astype(np.int64) - 1970) * 12 + month - 1, -1)


def _first_bad(mask: np.ndarray) -> int:
    return int(np.flatnonzero(mask)[0])


def _check_type_column(table: pa.Table, type_code: np.ndarray, rows: np.ndarray, source: ListSource) -> None:
    """A type column, where there is one, must agree with the type in the number."""
    if "patent_type" not in table.column_names:
        return
    labels = table["patent_type"].combine_chunks().take(pa.array(rows)).dictionary_encode()
    mapping = {v: match_patent_type(v) for v in labels.dictionary.to_pylist()}
    unknown = [v for v, t in mapping.items() if t is None or t == "total"]
    codes = np.array([TYPE_CODES.index(mapping[v]) if v not in unknown else -2 for v in labels.dictionary.to_pylist()]
                     + [-1], dtype=np.int8)
    given = codes[pc.fill_null(labels.indices, len(codes) - 1).to_numpy(zero_copy_only=False)]
    if (given == -2).any():
        i = _first_bad(given == -2)
        raise source.error(f"unknown patent type {labels[i].as_py()!r}: expected one of {', '.join(PATENT_TYPES)} "
                           f"(发明/实用新型/外观设计)", int(rows[i]), "patent_type")
    clash = (given >= 0) & (given != type_code)
    if clash.any():
        i = _first_bad(clash)
        raise source.error(f"type says {labels[i].as_py()!r} but application number "
                           f"{table['appno'][int(rows[i])].as_py()} is {TYPE_CODES[type_code[i]]}", int(rows[i]),
                           "patent_type")


def count_patents(table: pa.Table, source: ListSource, options: ReadOptions, title: str,
                  skip_invalid: bool = False) -> TableResult:
    """Monthly counts per region and type from a list table with columns named by role."""
    if "appno" not in table.column_names or "filing_date" not in table.column_names:
        raise InputError("a patent list needs an application number (申请号) and a filing date (申请日) column",
                         file=source.file, sheet=source.sheet)
    warnings: list[str] = []
    written = table["appno"].combine_chunks()
    appnos = decode_appnos(written)
    filing = parse_months(table["filing_date"].combine_chunks())
    is_patent = (appnos.status == VALID) | (filing >= 0)
    unsure = np.flatnonzero(~is_patent)
    if unsure.size:  # undated rows with a bad number: a patent if it has digits, else a note or total row
        digits = pc.match_substring_regex(written.take(pa.array(unsure)), r"\d{6}")
        is_patent[unsure] = pc.fill_null(digits, False).to_numpy(zero_copy_only=False)
    bad = is_patent & (appnos.status != VALID)
    if bad.any():
        i = _first_bad(bad)
        what = f"found {written[i].as_py()!r}: {APPNO_PROBLEMS[int(appnos.status[i] != MALFORMED) + 1]}"
        if not skip_invalid:
            raise source.error(f"{what}; {int(bad.sum())} row(s) like this", i, "appno")
        warnings.append(f"{source.file}: skipped {int(bad.sum())} row(s) with bad application numbers, "
                        f"first at row {source.first_row + i}: {what}")
    rows = np.flatnonzero(is_patent & ~bad)
    if (filing[rows] < 0).any():
        i = int(rows[_first_bad(filing[rows] < 0)])
        raise source.error(f"found {table['filing_date'][i].as_py()!r}, expected a filing date such as 2017-03-05", i,
                           "filing_date")
    _check_type_column(table, appnos.type_code[rows], rows, source)
    region_codes, region_names = _regions(table, rows, source, options, title)
    patents = {"key": appnos.key[rows], "type": appnos.type_code[rows], "region": region_codes,
               "filing": filing[rows]}
    if "grant_date" in table.column_names:
        grant_text = table["grant_date"].combine_chunks().take(pa.array(rows))
        grant = parse_months(grant_text)
        unreadable = (grant < 0) & pc.fill_null(pc.match_substring_regex(grant_text, r"\d"), False).to_numpy(
            zero_copy_only=False)
        if unreadable.any():
            i = _first_bad(unreadable)
            raise source.error(f"found {grant_text[i].as_py()!r}, expected a grant date such as 2018-06-12",
                               int(rows[i]), "grant_date")
        patents["grant"] = grant
    patents, repeats = _deduplicate(patents, table, rows, source)
    if repeats:
        warnings.append(f"{source.file}: {repeats} patent(s) listed more than once, counted once")
    measures = _list_measures(title, "grant" in patents)
    frames = [_monthly(patents, month_col, measure, region_names, source, title) for month_col, measure in measures]
    shape = f"patent list ({len(patents['key']):,} patents; counted as {' and '.join(m for _, m in measures)})"
    return TableResult(pd.concat(frames, ignore_index=True), shape, warnings)


def _regions(table: pa.Table, rows: np.ndarray, source: ListSource, options: ReadOptions,
             title: str) -> tuple[np.ndarray, list[str]]:
    """Per patent a code into the returned region names."""
    if "region" not in table.column_names:
        region = options.region or region_from_text(title)
        if region is None:
            raise InputError("the list does not name its region: add a region (地区) column or pass --region NAME",
                             file=source.file, sheet=source.sheet)
        return np.zeros(len(rows), dtype=np.int32), [region]
    encoded = table["region"].combine_chunks().take(pa.array(rows)).dictionary_encode()
    names = pd.Series(encoded.dictionary.to_pylist(), dtype=object).str.strip()
    codes_of_names, unique = pd.factorize(names.replace("", None))
    indices = encoded.indices.to_numpy(zero_copy_only=False)
    missing = encoded.indices.is_null().to_numpy(zero_copy_only=False)
    codes = np.where(missing, -1, codes_of_names[np.where(missing, 0, indices)])
    if (codes < 0).any():
        raise source.error("empty region: expected the county or district of every patent",
                           int(rows[_first_bad(codes < 0)]), "region")
    return codes.astype(np.int32), [str(u) for u in unique]


def _deduplicate(patents: dict[str, np.ndarray], table: pa.Table, rows: np.ndarray,
                 source: ListSource) -> tuple[dict[str, np.ndarray], int]:
    """One row per patent; a grant date on any copy applies to the patent."""
    keys = pd.Series(patents["key"])
    later_copies = keys.duplicated().to_numpy()
    if not later_copies.any():
        return patents, 0
    repeated = keys.isin(keys[later_copies]).to_numpy()
    copies = pd.DataFrame({name: values[repeated] for name, values in patents.items()})
    copies["at"] = np.flatnonzero(repeated)
    if "grant" in copies:
        copies["grant"] = copies["grant"].where(copies["grant"] >= 0)
    spread = copies.groupby("key").nunique()
    clash = spread[(spread["region"] > 1) | (spread["filing"] > 1) | (spread.get("grant", 0) > 1)]
    if len(clash):
        at = int(copies.loc[copies["key"] == clash.index[0], "at"].iloc[-1])
        raise source.error(f"patent {table['appno'][int(rows[at])].as_py()} is listed more than once with "
                           f"different region, filing or grant dates", int(rows[at]), "appno")
    keep = ~repeated
    first = copies.drop_duplicates("key")
    keep[first["at"].to_numpy()] = True
    if "grant" in copies:  # the first copy takes the grant date any copy has
        patents["grant"][first["at"].to_numpy()] = copies.groupby("key")["grant"].max().reindex(
            first["key"]).fillna(-1).to_numpy(dtype=np.int64)
    return {name: values[keep] for name, values in patents.items()}, int(len(keep) - keep.sum())


def _list_measures(title: str, has_grants: bool) -> list[tuple[str, str]]:
    """What a list counts: a list titled as applications or as grants counts only that."""
    named = title_measure(title)
    if named == "applications" or not has_grants:
        return [("filing", "applications")]
    if named == "grants":
        return [("grant", "grants")]
    return [("filing", "applications"), ("grant", "grants")]


def _coverage(months: np.ndarray, title: str) -> np.ndarray:
    """The months the list covers: the title's period (2018年1-9月) and every month with a date."""
    dated = months[months >= 0]
    bounds = [int(dated.min()), int(dated.max())] if dated.size else []
    info = parse_title(title)
    if info.period is not None and info.period.year is not None:
        year = info.period.year - 1970
        bounds += [year * 12 + info.period.first - 1, year * 12 + info.period.last - 1]
    return np.arange(min(bounds), max(bounds) + 1) if bounds else np.arange(0)


def _monthly(patents: dict[str, np.ndarray], month_col: str, measure: str, region_names: list[str],
             source: ListSource, title: str) -> pd.DataFrame:
    """Counts for every region, type and covered month (zero where no patent fell), by bincount."""
    months = patents[month_col]
    dated = months >= 0
    span = _coverage(months, title)
    n_regions, n_types, n_months = len(region_names), len(TYPE_CODES), len(span)
    flat = ((patents["region"][dated] * n_types + patents["type"][dated]) * n_months
            + (months[dated] - (span[0] if n_months else 0)))
    counts = np.bincount(flat, minlength=n_regions * n_types * n_months)
    region_idx, type_idx, month_idx = np.unravel_index(np.arange(counts.size), (n_regions, n_types, n_months))
    absolute = span[month_idx] if n_months else month_idx
    return pd.DataFrame({
        "region": np.array(region_names, dtype=object)[region_idx], "year": 1970 + absolute // 12,
        "month": absolute % 12 + 1, "measure": measure, "patent_type": np.array(TYPE_CODES, dtype=object)[type_idx],
        "basis": "count", "value": counts.astype(np.int64), "file": source.file, "sheet": source.sheet or "",
        "row": pd.NA, "column": source.columns["grant_date" if month_col == "grant" else "filing_date"],
    })[OBSERVATION_COLUMNS]
