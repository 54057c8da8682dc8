"""Patent lists (one row per patent, or per publication as search platforms export them) to
monthly counts: applications by filing date (申请日), grants by grant date (授权公告日, or the
publication date of a grant publication). Vectorised with pyarrow and pandas: no Python loop
per row."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv

from ..errors import InputError
from ..i18n import N_, _
from ..labels import INVISIBLE, PATENT_TYPES, term
from ..limits import Limits, over_limit
from .appno import BAD_CHECK, OTHER_OFFICE, TYPE_CODES, VALID, decode_appnos
from .cells import parse_title
from .dates import parse_months, plausible_months
from .delays import delay_sample
from .headers import Layout, region_name
from .legal_status import list_stocks
from .publications import CONFLICT, UNKNOWN, decode_pubnos, kind_letters, kind_types, label_types, other_offices
from .tables import OBSERVATION_COLUMNS, ReadOptions, TableResult, region_from_text
from .vocabulary import vocabulary

__all__ = ["read_patent_list_csv", "list_table_from_layout", "count_patents", "parse_months", "LIST_ROLES"]

LIST_ROLES = ("appno", "pubno", "filing_date", "grant_date", "pub_date", "patent_type", "office", "region", "city",
              "address", "applicant", "legal_status", "lapse_date")
APPLICANT_SEPARATORS = r"[;；|\n]+"  # joint applicants in one cell
NUMBER_PROBLEMS = {"appno": {False: N_("a malformed application number (expected e.g. 201710601862.3 or 95115608.X)"),
                             True: N_("an application number whose check character is wrong")},
                   "pubno": {False: N_("a malformed publication number (expected e.g. CN103175679A)")}}
# Months from filing until most applications of a type are published: inventions about 18
# months after filing, utility models and designs when granted (within about a year).
PUBLICATION_LAG = {"invention": 18, "utility_model": 12, "design": 12}
PLACE_NAME = re.compile(r"(省|市|县|区|旗|镇|乡|街道)$")


@dataclass(frozen=True)
class ListSource:
    """Where a list came from, to name rows in messages: data row i is file row ``first_row + i``."""

    file: str
    sheet: str | None
    first_row: int
    columns: dict[str, str]  # role -> header as written

    def error(self, what: str, index: int, role: str) -> InputError:
        return InputError(what, file=self.file, sheet=self.sheet, row=self.first_row + index, column=self.columns[role])


def _wanted(layout: Layout) -> dict[str, int]:
    """The column of each list role; of duplicated headers (申请日 three times) the first; a
    city column (中国申请人地市) is the region where no county column (中国申请人区县) is."""
    wanted: dict[str, int] = {}
    for column in layout.columns:
        if column.role in LIST_ROLES:
            wanted.setdefault(column.role, column.index)
    if "city" in wanted:
        wanted.setdefault("region", wanted["city"])
        del wanted["city"]
    return wanted


def _source(layout: Layout, wanted: dict[str, int], first_row: int) -> ListSource:
    return ListSource(layout.sheet.file, layout.sheet.name, first_row,
                      {role: layout.columns[i].name for role, i in wanted.items()})


def list_table_from_layout(layout: Layout) -> tuple[pa.Table, ListSource]:
    """The list's columns of interest from a grid already read (workbooks, small CSVs)."""
    wanted = _wanted(layout)
    rows = [layout.sheet.rows[r] for r in layout.data_rows]
    arrays = {}
    for role, index in wanted.items():
        values = [row[index] if index < len(row) else None for row in rows]
        arrays[role] = pa.array([None if v is None or v == "" else (v.isoformat() if hasattr(v, "isoformat") else str(v))
                                 for v in values], pa.string())
    first = layout.data_rows[0] + 1 if layout.data_rows else layout.header_rows[-1] + 2
    return pa.table(arrays), _source(layout, wanted, first)


def read_patent_list_csv(path: Path, layout: Layout, encoding: str, limits: Limits,
                         delimiter: str = ",") -> tuple[pa.Table, ListSource]:
    """Re-read a large CSV list with pyarrow's multi-threaded reader, only the columns needed;
    the row and cell limits are checked on what was read."""
    wanted = _wanted(layout)
    header_row = layout.header_rows[-1]
    names = [f"c{i}" for i in range(len(layout.columns))]
    try:
        table = pacsv.read_csv(
            path,
            read_options=pacsv.ReadOptions(skip_rows=header_row + 1, column_names=names,
                                           encoding="utf8" if encoding.startswith("utf-8") else encoding),
            parse_options=pacsv.ParseOptions(delimiter=delimiter, newlines_in_values=False),
            convert_options=pacsv.ConvertOptions(
                include_columns=[f"c{i}" for i in wanted.values()],
                column_types={f"c{i}": pa.dictionary(pa.int32(), pa.string()) if role == "applicant" else pa.string()
                              for role, i in wanted.items()}, strings_can_be_null=True),  # a list repeats its filers
        )
    except (pa.ArrowInvalid, UnicodeDecodeError) as exc:
        raise InputError(_("cannot read the list as CSV ({error})").format(error=str(exc).splitlines()[0]),
                         file=path.name) from None
    table = table.rename_columns([next(r for r, i in wanted.items() if f"c{i}" == n) for n in table.column_names])
    _check_list_limits(table, layout, wanted, limits, path.name)
    return table, _source(layout, wanted, header_row + 2)


def _check_list_limits(table: pa.Table, layout: Layout, wanted: dict[str, int], limits: Limits, file: str) -> None:
    if table.num_rows > limits.rows:
        raise over_limit(_("the patent list has {rows:,} rows").format(rows=table.num_rows), "rows", limits, file)
    for role, column in zip(table.column_names, table.columns, strict=True):
        texts = [chunk.dictionary if pa.types.is_dictionary(chunk.type) else chunk for chunk in column.chunks]
        if (longest := max((pc.max(pc.utf8_length(t)).as_py() or 0 for t in texts), default=0)) > limits.cell_chars:
            raise over_limit(_("column {column!r} has a cell of {length:,} characters").format(
                column=layout.columns[wanted[role]].name, length=longest),
                             "cell_chars", limits, file)


def _international(written: pa.Array) -> np.ndarray:
    """International applications written as PCT/CN2017/079453 or CN2017/079453: PCT filings,
    not CN applications."""
    text = pc.cast(written, pa.string())
    slashed = np.flatnonzero(pc.fill_null(pc.match_substring(text, "/"), False).to_numpy(zero_copy_only=False))
    found = np.zeros(len(text), dtype=bool)  # only numbers with a '/' can be one: the regex runs on those
    if slashed.size:
        pattern = r"(?i)^\s*(pct\s*/\s*)?[a-z]{2}\s*\d{4}\s*/\s*\d{5,6}"
        hits = pc.match_substring_regex(text.take(pa.array(slashed)), pattern)
        found[slashed] = pc.fill_null(hits, False).to_numpy(zero_copy_only=False)
    return found


def _other_publications(pubno: pa.Array | None, other: np.ndarray, offices: Counter[str],
                        pct: np.ndarray) -> tuple[np.ndarray, Counter[str]]:
    """Rows whose publication number names another office (WO…, US…) are that office's, and
    international applications are counted as PCT."""
    if pubno is not None:
        text = pc.cast(pubno, pa.string())
        cn = pc.fill_null(pc.match_substring_regex(text, r"^\s*(?i:cn)|^\s*$"), True).to_numpy(zero_copy_only=False)
        rest = np.flatnonzero(~cn)  # few rows: the others are read on those alone
        prefix = pc.utf8_upper(pc.utf8_slice_codeunits(pc.utf8_trim_whitespace(text.take(pa.array(rest))), 0, 2))
        letters = pc.fill_null(pc.match_substring_regex(prefix, r"^[A-Z]{2}$"), False).to_numpy(zero_copy_only=False)
        foreign = np.zeros(len(text), dtype=bool)
        foreign[rest[letters]] = True
        foreign &= ~other & ~pct
        codes = dict(zip(rest.tolist(), pc.fill_null(prefix, "").to_pylist(), strict=True))
        offices.update(str(codes[i]) for i in np.flatnonzero(foreign).tolist())
        other = other | foreign
    offices.update({"PCT": int((pct & ~other).sum())} if (pct & ~other).any() else {})
    return other | pct, offices


def _first_bad(mask: np.ndarray) -> int:
    return int(np.flatnonzero(mask)[0])


def _column(table: pa.Table, role: str, rows: np.ndarray | None = None) -> pa.Array | None:
    if role not in table.column_names:
        return None
    values = table[role].combine_chunks()
    return values if rows is None else values.take(pa.array(rows))


@dataclass
class _Rows:
    """The rows that are CNIPA patents to count, with what identifies them."""

    rows: np.ndarray  # indices into the table
    key: np.ndarray  # one int64 per application
    number_type: np.ndarray  # type code from the application number (UNKNOWN without one)
    kind: pa.Array | None  # publication kind letters, where the list has publication numbers


def _identify(table: pa.Table, source: ListSource, skip_invalid: bool, result: TableResult) -> tuple[_Rows, np.ndarray]:
    """Leave out other offices and notes; check every number; key each application. Returns the
    rows to count and their filing months."""
    key_role = "appno" if "appno" in table.column_names else "pubno"
    written = table[key_role].combine_chunks()
    filing = parse_months(table["filing_date"].combine_chunks())
    pubno = _column(table, "pubno")
    kind = kind_letters(pubno) if pubno is not None else None
    if key_role == "appno":
        appnos = decode_appnos(written)
        key, number_type, status = appnos.key, appnos.type_code, appnos.status
        valid, bad_check, foreign = status == VALID, status == BAD_CHECK, status == OTHER_OFFICE
    else:
        key, _kinds, foreign = decode_pubnos(written)
        number_type = np.full(len(key), UNKNOWN, dtype=np.int8)
        valid, bad_check = key >= 0, np.zeros(len(key), dtype=bool)
        result.notes.append(_("{file}: no application number: publications of one application are matched by their "
                              "publication number without its kind code (CN103175679A and B are one)").format(
                                  file=source.file))
    pct = _international(written)
    other, offices = other_offices(written, foreign & ~pct, _column(table, "office"))
    other, offices = _other_publications(pubno, other, offices, pct)
    if other.any():
        shown = ", ".join(f"{office} {n}" for office, n in offices.most_common())
        result.notes.append(_("{file}: left out {rows} row(s) of other offices: {offices}").format(
            file=source.file, rows=int(other.sum()), offices=shown))
    is_patent = ~other & (valid | (filing >= 0))
    unsure = np.flatnonzero(~is_patent & ~other)
    if unsure.size:  # undated rows with a bad number: a patent if it has digits, else a note or total row
        digits = pc.match_substring_regex(written.take(pa.array(unsure)), r"\d{6}")
        is_patent[unsure] = pc.fill_null(digits, False).to_numpy(zero_copy_only=False)
    bad = is_patent & ~valid
    if bad.any():
        i = _first_bad(bad)
        what = _("found {value!r}: {problem}").format(value=written[i].as_py(),
                                                      problem=_(NUMBER_PROBLEMS[key_role][bool(bad_check[i])]))
        if not skip_invalid:
            raise source.error(_("{what}; {rows} row(s) like this").format(what=what, rows=int(bad.sum())), i, key_role)
        result.warnings.append(_("{file}: skipped {rows} row(s) with bad numbers, first at row {row}: {what}").format(
            file=source.file, rows=int(bad.sum()), row=source.first_row + i, what=what))
    rows = np.flatnonzero(is_patent & ~bad)
    _check_dates(table, "filing_date", rows, filing[rows], source, _("a filing date such as 2017-03-05"), required=True)
    found = _Rows(rows, key[rows], number_type[rows], kind.take(pa.array(rows)) if kind is not None else None)
    if key_role == "appno":
        _warn_far_filings(found, filing[rows], source, result)
    return found, filing[rows]


def _types(table: pa.Table, found: _Rows, source: ListSource) -> tuple[np.ndarray, np.ndarray]:
    """Type code of every patent and whether its row publishes a grant: from the application
    number, else the type column, else the kind code; where two say different things, an error."""
    n = len(found.rows)
    said: list[tuple[str, np.ndarray]] = [("appno", found.number_type)]
    grant_pub = np.zeros(n, dtype=bool)
    labels = _column(table, "patent_type", found.rows)
    if labels is not None:
        codes, grants = label_types(labels)
        if (codes == CONFLICT).any():
            i = _first_bad(codes == CONFLICT)
            raise source.error(_("unknown patent type {value!r}: expected one of {types} (发明/实用新型/外观设计)").format(
                value=labels[i].as_py(), types=", ".join(PATENT_TYPES)), int(found.rows[i]), "patent_type")
        said.append(("patent_type", codes))
        grant_pub |= grants
    if found.kind is not None:
        codes, grants = kind_types(found.kind)
        said.append(("pubno", codes))
        grant_pub |= grants
    patent_type = np.full(n, UNKNOWN, dtype=np.int8)
    for role, codes in said:
        clash = (patent_type >= 0) & (codes >= 0) & (codes != patent_type)
        if clash.any():
            i = _first_bad(clash)
            first = next(r for r, c in said if c[i] == patent_type[i])
            raise source.error(_("type says {said!r} but {what} {number} is {type}").format(
                said=_written(table, role, found.rows[i]), what=_what(first), number=_written(table, first, found.rows[i]),
                type=term(TYPE_CODES[patent_type[i]])), int(found.rows[i]), role)
        patent_type = np.where(patent_type >= 0, patent_type, codes)
    if (patent_type < 0).any():
        i = _first_bad(patent_type < 0)
        raise source.error(_("cannot tell the patent type: expected an application number, a type column (专利类型) "
                             "or a publication kind code (A/B/U/S)"), int(found.rows[i]), said[0][0] if
                           "appno" in table.column_names else "pubno")
    return patent_type, grant_pub


def _what(role: str) -> str:
    return {"appno": _("application number"), "patent_type": _("type column"), "pubno": _("publication number")}[role]


def _written(table: pa.Table, role: str, row: int) -> object:
    return table[role][int(row)].as_py()


def _checked_months(table: pa.Table, role: str, rows: np.ndarray, source: ListSource, example: str) -> np.ndarray:
    """Months of a date column; a cell with digits that is no date is an error, a blank is -1."""
    months = parse_months(table[role].combine_chunks().take(pa.array(rows)))
    _check_dates(table, role, rows, months, source, example)
    return months


def _check_dates(table: pa.Table, role: str, rows: np.ndarray, months: np.ndarray, source: ListSource, example: str,
                 required: bool = False) -> None:
    """An unreadable date is an error; so is a blank one where the date is ``required``, and
    one before the office opened or after this month (a typo that would move 'latest')."""
    _check_plausible(table, role, rows, months, source)
    missing = np.flatnonzero(months < 0)
    if missing.size == 0:
        return
    text = table[role].combine_chunks().take(pa.array(rows[missing]))
    digits = pc.fill_null(pc.match_substring_regex(text, r"\d"), False).to_numpy(zero_copy_only=False)
    if required or digits.any():
        i = int(np.flatnonzero(digits)[0]) if digits.any() else 0
        what = _("found {value!r}").format(value=text[i].as_py()) if text[i].as_py() else _("found no date")
        raise source.error(_("{what}, expected {example}").format(what=what, example=example), int(rows[missing[i]]), role)


def _check_plausible(table: pa.Table, role: str, rows: np.ndarray, months: np.ndarray, source: ListSource) -> None:
    first, last = plausible_months()
    wrong = np.flatnonzero((months >= 0) & ((months < first) | (months > last)))
    if wrong.size:
        i = int(wrong[0])
        found = table[role].combine_chunks()[int(rows[i])].as_py()
        raise source.error(_("found {value!r}: a date {when}, when CNIPA has received patents since 1985; correct the "
                             "date ({rows} row(s) like this)").format(
            value=found, when=_("after this month") if months[i] > last else _("before 1985"), rows=wrong.size),
            int(rows[i]), role)


def _warn_far_filings(found: _Rows, filing: np.ndarray, source: ListSource, result: TableResult) -> None:
    """A filing date more than a year from its application number's year: a typo in one of them."""
    number = found.key // 11
    known = (found.key >= 0) & (filing >= 0)
    yy = number // 10**6
    year = np.where(number >= 10**11, number // 10**8, np.where(yy >= 85, 1900 + yy, 2000 + yy))
    far = np.flatnonzero(known & (np.abs(year - (1970 + filing // 12)) > 1))
    if far.size:
        i = int(found.rows[far[0]])
        result.warnings.append(_("{file}: {rows} row(s) filed more than a year from their application number's year, "
                                 "first at row {row}: check the filing date").format(
                                     file=source.file, rows=far.size, row=source.first_row + i))


def _grant_months(table: pa.Table, rows: np.ndarray, grant_pub: np.ndarray, published: np.ndarray | None,
                  source: ListSource) -> np.ndarray | None:
    """Grant month of each row: its grant date where the list has one; else the publication
    date of a grant publication; None where the list cannot tell grants."""
    if "grant_date" in table.column_names:
        return _checked_months(table, "grant_date", rows, source, _("a grant date such as 2018-06-12"))
    if published is not None and ({"pubno", "patent_type"} & set(table.column_names)):
        return np.where(grant_pub, published, -1)
    return None


def _published(table: pa.Table, rows: np.ndarray, source: ListSource) -> np.ndarray:
    return _checked_months(table, "pub_date", rows, source, _("a publication date such as 2018-06-12"))


def count_patents(table: pa.Table, source: ListSource, options: ReadOptions, title: str,
                  skip_invalid: bool = False) -> TableResult:
    """Monthly counts per region and type from a list table with columns named by role."""
    if "filing_date" not in table.column_names or not {"appno", "pubno"} & set(table.column_names):
        raise InputError(_("a patent list needs an application number (申请号) or a publication number (公开号), and a "
                           "filing date (申请日) column"), file=source.file, sheet=source.sheet)
    result = TableResult(pd.DataFrame(columns=OBSERVATION_COLUMNS), _("patent list"))
    found, filing = _identify(table, source, skip_invalid, result)
    found, filing = _in_region(table, found, filing, source, options, result)
    patent_type, grant_pub = _types(table, found, source)
    codes, names = _regions(table, found.rows, source, options, title)
    patents = {"key": found.key, "type": patent_type, "region": codes, "filing": filing, "row": found.rows}
    published_on, latest = _add_dates(patents, table, found.rows, grant_pub, source)
    published = bool({"pubno", "pub_date"} & set(table.column_names))
    patents, repeats = _deduplicate(patents, table, found.rows, source)
    result.delays = delay_sample(patents["type"], patents["filing"], patents["published"], latest) \
        if "published" in patents else None
    measures = _list_measures(title, "grant" in patents)
    _say_repeats(repeats, published, names, measures, source, result)
    frames = [_monthly(patents, month_col, measure, names, source, title) for month_col, measure in measures]
    result.observations = pd.concat(frames, ignore_index=True)
    if "applicant" in table.column_names:
        result.applicants = _applicant_rows(table, patents, measures, names)
    result.shape = _("patent list ({patents:,} patents; counted as {measures})").format(
        patents=len(patents["key"]), measures=_(" and ").join(term(m) for _m, m in measures))
    if published and measures[0][1] == "applications":
        _mark_unpublished(published_on, patents, names, source, result)
    result.stocks = list_stocks(table, patents, names, result.delays.latest if result.delays else None, source.file,
                                result)
    return result


def _add_dates(patents: dict[str, np.ndarray], table: pa.Table, rows: np.ndarray, grant_pub: np.ndarray,
               source: ListSource) -> tuple[np.ndarray | None, int]:
    """Each row's grant month and first-seen month (its publication, or its grant where the list
    has no publication dates) added to ``patents``; the publication months, and the latest."""
    published_on = _published(table, rows, source) if "pub_date" in table.column_names else None
    grant = _grant_months(table, rows, grant_pub, published_on, source)
    if grant is not None:
        patents["grant"] = grant
    first_seen = published_on if published_on is not None else grant if "grant_date" in table.column_names else None
    if first_seen is not None:
        patents["published"] = first_seen  # the earliest of an application's copies is kept by _deduplicate
    return published_on, int(first_seen.max()) if first_seen is not None and first_seen.size else -1


def _say_repeats(repeats: int, published: bool, names: list[str], measures: list[tuple[str, str]], source: ListSource,
                 result: TableResult) -> None:
    """Patents listed more than once are counted once: a note for a list of publications (one row
    each), a warning, and a mark for ingest, for a list that should have one row per patent."""
    if not repeats:
        return
    (result.notes if published else result.warnings).append(
        (_("{file}: {patents} patent(s) listed more than once (one row per publication), counted once") if published
         else _("{file}: {patents} patent(s) listed more than once, counted once")).format(file=source.file,
                                                                                          patents=repeats))
    if not published:
        result.duplicates.append({"regions": names, "measures": [m for _, m in measures], "count": repeats})


def _mark_unpublished(published: np.ndarray | None, patents: dict[str, np.ndarray], names: list[str],
                      source: ListSource, result: TableResult) -> None:
    """A list of publications cannot hold applications not yet published: from as many months
    before its latest publication as publication takes, its application counts are incomplete."""
    seen = [m for m in (patents["filing"], patents.get("grant"), published) if m is not None]
    latest = int(max(int(m.max()) for m in seen if m.size))
    for patent_type, lag in PUBLICATION_LAG.items():
        start = latest - lag
        result.incomplete += [{"region": name, "measure": "applications", "patent_type": patent_type,
                               "year": 1970 + start // 12, "month": start % 12 + 1} for name in names]
    start = latest - max(PUBLICATION_LAG.values())
    result.notes.append(_("{file}: applications filed from {month} on are incomplete: the list holds only published "
                          "applications (inventions are published about 18 months after filing, utility models and "
                          "designs when granted)").format(file=source.file,
                                                          month=f"{1970 + start // 12}-{start % 12 + 1:02d}"))


def _in_region(table: pa.Table, found: _Rows, filing: np.ndarray, source: ListSource, options: ReadOptions,
               result: TableResult) -> tuple[_Rows, np.ndarray]:
    """With --region R naming a place (永修县, 九江市) and only an address column, the rows whose
    address names R. A region that names no place (a company, a project) labels the whole list."""
    region = options.region
    if "region" in table.column_names or "address" not in table.column_names or not region \
            or not PLACE_NAME.search(region):
        return found, filing
    address = table["address"].combine_chunks().take(pa.array(found.rows))
    keep = pc.fill_null(pc.match_substring(address, region), False).to_numpy(zero_copy_only=False)
    if not keep.any():
        raise InputError(_("no address in column {column!r} names {region}: expected the list's patents of {region} (or "
                           "a --region that the addresses name)").format(column=source.columns["address"], region=region),
                         file=source.file,
                         sheet=source.sheet)
    result.notes.append(_("{file}: kept {kept} patent row(s) whose address names {region}, left out {left}").format(
        file=source.file, kept=int(keep.sum()), region=options.region, left=int((~keep).sum())))
    kept = _Rows(found.rows[keep], found.key[keep], found.number_type[keep],
                 found.kind.filter(pa.array(keep)) if found.kind is not None else None)
    return kept, filing[keep]


def _regions(table: pa.Table, rows: np.ndarray, source: ListSource, options: ReadOptions,
             title: str) -> tuple[np.ndarray, list[str]]:
    """Per patent a code into the returned region names."""
    if "region" not in table.column_names:
        region = options.region or region_from_text(title)
        if region is None:
            raise InputError(_("the list does not name its region: add a region (地区) column or pass --region NAME"),
                             file=source.file, sheet=source.sheet)
        return np.zeros(len(rows), dtype=np.int32), [region]
    encoded = table["region"].combine_chunks().take(pa.array(rows)).dictionary_encode()
    names = pd.Series([region_name(v) for v in encoded.dictionary.to_pylist()], dtype=object)
    codes_of_names, unique = pd.factorize(names.replace("", None))
    indices = encoded.indices.to_numpy(zero_copy_only=False)
    missing = encoded.indices.is_null().to_numpy(zero_copy_only=False)
    codes = np.where(missing, -1, codes_of_names[np.where(missing, 0, indices)])
    if (codes < 0).any():
        raise source.error(_("empty region: expected the county or district of every patent"),
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
    spread = copies.assign(grant=copies["grant"].where(copies["grant"] >= 0)).groupby("key").nunique() \
        if "grant" in copies else copies.groupby("key").nunique()
    clash = spread[(spread["region"] > 1) | (spread["filing"] > 1) | (spread.get("grant", 0) > 1)]
    if len(clash):
        at = int(copies.loc[copies["key"] == clash.index[0], "at"].iloc[-1])
        role = "appno" if "appno" in table.column_names else "pubno"
        raise source.error(_("patent {number} is listed more than once with different region, filing or grant dates").format(
            number=_written(table, role, rows[at])), int(rows[at]), role)
    keep = ~repeated
    first = copies.drop_duplicates("key")
    keep[first["at"].to_numpy()] = True
    for column, earliest in (("grant", False), ("published", True)):  # any copy's grant; the first publication
        if column in copies:
            values = copies[column].where(copies[column] >= 0).groupby(copies["key"])
            chosen = values.min() if earliest else values.max()
            patents[column][first["at"].to_numpy()] = chosen.reindex(first["key"]).fillna(-1).to_numpy(dtype=np.int64)
    return {name: values[keep] for name, values in patents.items()}, int(len(keep) - keep.sum())


def _applicant_rows(table: pa.Table, patents: dict[str, np.ndarray], measures: list[tuple[str, str]],
                    region_names: list[str]) -> pd.DataFrame:
    """Counts per region, applicant, month, measure and type: a joint application once for each
    of its applicants. Each name is brought to one form (``_applicant_names``); the text work
    is done once per distinct cell (a list repeats its filers), then spread by index."""
    column = table["applicant"]
    cells = column.unify_dictionaries().combine_chunks() if pa.types.is_dictionary(column.type) \
        else pc.dictionary_encode(column.combine_chunks())
    names, cell_of_name = _applicant_names(cells.dictionary)
    per_cell = np.bincount(cell_of_name, minlength=len(cells.dictionary))
    first_of_cell = np.concatenate([[0], np.cumsum(per_cell)[:-1]])
    cell = pc.fill_null(cells.indices, len(cells.dictionary)).to_numpy(zero_copy_only=False)[patents["row"]]
    per_cell = np.append(per_cell, 0)  # an empty cell names nobody
    patent, applicant = _each_applicant(cell, per_cell, first_of_cell, names.codes)
    shape = (len(names.categories), len(region_names), len(TYPE_CODES))
    group = (applicant * shape[1] + patents["region"][patent]) * shape[2] + patents["type"][patent]
    frames = []
    for month_col, measure in measures:
        months = patents[month_col][patent]
        dated = months >= 0
        found, count = np.unique(group[dated] * 10_000 + months[dated], return_counts=True)  # months < 10,000
        who, region, kind = np.unravel_index(found // 10_000, shape)
        frames.append(pd.DataFrame({
            "region": pd.Categorical.from_codes(region, categories=pd.Index(region_names)),
            "applicant": pd.Categorical.from_codes(who, categories=names.categories),
            "year": 1970 + found % 10_000 // 12, "month": found % 10_000 % 12 + 1, "measure": measure,
            "patent_type": pd.Categorical.from_codes(kind, categories=pd.Index(TYPE_CODES)), "count": count}))
    return pd.concat(frames, ignore_index=True)


def _each_applicant(cell: np.ndarray, per_cell: np.ndarray, first_of_cell: np.ndarray,
                    codes: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(patent, applicant code) pairs: every patent with its cell's first applicant, then the
    patents of joint cells again for each further applicant (a list's cells are mostly single)."""
    named = np.flatnonzero(per_cell[cell] > 0)
    patents, applicants = [named], [codes[first_of_cell[cell[named]]]]
    joint = np.flatnonzero(per_cell[cell] > 1)
    for extra in range(1, int(per_cell.max(initial=0))):
        joint = joint[per_cell[cell[joint]] > extra]
        patents.append(joint)
        applicants.append(codes[first_of_cell[cell[joint]] + extra])
    return np.concatenate(patents), np.concatenate(applicants).astype(np.int64)


def _applicant_names(cells: pa.Array) -> tuple[pd.Categorical, np.ndarray]:
    """The applicants in each distinct cell, in cell order, with the cell each came from."""
    split = pc.split_pattern_regex(cells, APPLICANT_SEPARATORS)
    visible = pc.replace_substring_regex(pc.list_flatten(split), INVISIBLE, "")  # one applicant, not three
    names = pc.utf8_trim_whitespace(pc.utf8_normalize(visible, "NFKC"))
    chinese = pc.match_substring_regex(names, "[\u4e00-\u9fff]")
    names = pc.if_else(chinese, pc.replace_substring(pc.replace_substring(names, "(", "（"), ")", "）"), names)
    named = pc.greater(pc.utf8_length(names), 0)
    encoded = pc.dictionary_encode(names.filter(named))
    codes = encoded.indices.to_numpy(zero_copy_only=False)
    categorical = pd.Categorical.from_codes(codes, categories=pd.Index(encoded.dictionary.to_pylist()))
    return categorical, pc.list_parent_indices(split).to_numpy()[named.to_numpy(zero_copy_only=False)]


def _list_measures(title: str, has_grants: bool) -> list[tuple[str, str]]:
    """What a list counts: a list titled as applications or as grants counts only that."""
    named = vocabulary().find("list_title", title)
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
        "row": pd.NA, "column": source.columns["filing_date"] if month_col == "filing"
        else source.columns.get("grant_date") or source.columns["pub_date"],
    })[OBSERVATION_COLUMNS]
