"""What a patent list adds up to, gathered chunk by chunk: each chunk of rows is checked and
reduced (patent_list.py) to a few compact numbers per patent row (application key, type,
region, months, applicant), kept (records.py) until the whole list is in, so that repeats are
found across chunk boundaries; the counts, applicant table, delay sample and stocks are then
added up a part of the rows at a time, every copy of a patent in one part."""

from __future__ import annotations

import bisect
import contextlib
import ctypes
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field, replace
from itertools import repeat

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from ..errors import InputError
from ..i18n import _
from ..labels import term
from .appno import TYPE_CODES
from .cells import parse_title
from .delays import DelaySample, delay_sample, joined_sample
from .legal_status import INVENTION, list_stocks
from .records import Part, Records
from .tables import OBSERVATION_COLUMNS, TableResult
from .vocabulary import vocabulary

__all__ = ["ListSource", "ListTally", "Located"]

# Months from filing until most applications of a type are published: inventions about 18
# months after filing, utility models and designs when granted (within about a year).
PUBLICATION_LAG = {"invention": 18, "utility_model": 12, "design": 12}
# per-row columns kept for the whole list, and their types: months since 1970 fit int16
RECORD_TYPES = {"key": np.int64, "type": np.int8, "filing": np.int16, "grant": np.int16,
                "published": np.int16, "applicant": np.int32, "lapse": np.int16, "lapsed": np.bool_}
SLICE = 1 << 21  # rows per pass when adding up: temporaries stay small whatever the list's length


@dataclass(frozen=True)
class ListSource:
    """Where a list came from, to name rows in messages: data row i is file row ``first_row + i``."""

    file: str
    sheet: str | None
    first_row: int
    columns: dict[str, str]  # role -> header as written

    def error(self, what: str, index: int, role: str) -> InputError:
        return InputError(what, file=self.file, sheet=self.sheet, row=self.first_row + index, column=self.columns[role])

    def shifted(self, rows: int) -> ListSource:
        """The source of a chunk that starts ``rows`` data rows further down."""
        return replace(self, first_row=self.first_row + rows)


@dataclass
class Located:
    """How many rows had one problem, and the first of them (file row, what was found)."""

    count: int = 0
    first: tuple[int, str] | None = None

    def add(self, count: int, row: int, what: str = "") -> None:
        if count and self.first is None:
            self.first = (row, what)
        self.count += count

    def merge(self, later: Located) -> None:
        if later.first is not None:
            self.add(later.count, *later.first)


@dataclass
class ChunkCount:
    """What one chunk gave: its patent rows (region and applicant codes into its own names) and
    what it found to say. Made apart from the tally, so that chunks can be counted side by side."""

    offset: int = 0  # the chunk's first data row
    kept: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.uint8))  # its patent rows, packed bits
    patents: dict[str, np.ndarray] = field(default_factory=dict)
    region_names: list[str] = field(default_factory=list)
    applicant_names: pa.Array | None = None  # distinct, in order of first appearance
    extra: tuple[np.ndarray, np.ndarray] | None = None  # (patent, applicant) of joint applicants beyond the first
    offices: Counter[str] = field(default_factory=Counter)
    other_rows: int = 0
    skipped: Located = field(default_factory=Located)
    far: Located = field(default_factory=Located)
    in_region: list[int] | None = None  # kept, left out, where --region picks rows by address
    title_region: str = ""  # that --region
    latest_seen: int = -1  # the latest first-seen month (publication, else grant)
    latest_any: int = -1  # the latest filing, grant or publication month


@dataclass
class ListTally:
    """Everything the chunks of one list have given so far."""

    source: ListSource
    title: str
    roles: frozenset[str]  # the list's column roles
    skip_invalid: bool
    store: Records = field(default_factory=Records)  # the patent rows
    regions: dict[str, int] = field(default_factory=dict)  # name -> code, in order of first appearance
    applicants: pa.Array = field(default_factory=lambda: pa.array([], pa.string()))  # in order of first appearance
    offices: Counter[str] = field(default_factory=Counter)
    other_rows: int = 0
    skipped: Located = field(default_factory=Located)
    far: Located = field(default_factory=Located)
    in_region: list[int] | None = None  # kept, left out, where --region picks rows by address
    title_region: str = ""  # that --region
    latest_seen: int = -1  # the latest first-seen month (publication, else grant)
    latest_any: int = -1  # the latest filing, grant or publication month
    # per chunk: its first patent row's index, its first data row, and which of its rows are
    # patent rows (a bit each): a patent row's file row, for a message, without 4 bytes a row
    chunk_rows: list[tuple[int, int, np.ndarray]] = field(default_factory=list)

    @property
    def key_role(self) -> str:
        return "appno" if "appno" in self.roles else "pubno"

    def region_codes(self, names: list[str]) -> np.ndarray:
        return np.array([self.regions.setdefault(n, len(self.regions)) for n in names] or [0], dtype=np.int32)

    def applicant_codes(self, names: pa.Array) -> np.ndarray:
        """The code of each name: its place among the names of every chunk so far, new names
        appended in order of first appearance. A hash lookup in Arrow, not a loop per name."""
        codes = pc.index_in(names, value_set=self.applicants)
        unseen = pc.is_null(codes)
        found: np.ndarray = pc.fill_null(codes, -1).to_numpy(zero_copy_only=False).astype(np.int32)
        if pc.any(unseen).as_py():  # the new names' codes follow the known ones: a lookup among the new alone
            new = pc.unique(names.filter(unseen))
            at = np.flatnonzero(unseen.to_numpy(zero_copy_only=False))
            found[at] = len(self.applicants) + pc.index_in(names.take(pa.array(at)), value_set=new).to_numpy(
                zero_copy_only=False)
            self.applicants = pa.concat_arrays([self.applicants, new])
        return found

    def add(self, chunk: ChunkCount) -> None:
        """One chunk, after those before it: its codes become the list's."""
        self.offices.update(chunk.offices)
        self.other_rows += chunk.other_rows
        self.skipped.merge(chunk.skipped)
        self.far.merge(chunk.far)
        if chunk.in_region is not None:
            counted = self.in_region or [0, 0]
            self.in_region = [counted[0] + chunk.in_region[0], counted[1] + chunk.in_region[1]]
            self.title_region = chunk.title_region
        self.latest_seen, self.latest_any = max(self.latest_seen, chunk.latest_seen), max(self.latest_any,
                                                                                            chunk.latest_any)
        patents, extra = chunk.patents, chunk.extra
        self.chunk_rows.append((self.store.count, chunk.offset, chunk.kept))
        codes = self.region_codes(chunk.region_names)
        # int16 while the regions are few (counties: about 2,850); a list of more is read as int32
        patents["region"] = np.take(codes.astype(np.int16 if len(self.regions) < 2**15 else np.int32), patents["region"])
        if chunk.applicant_names is not None:
            codes = np.append(self.applicant_codes(chunk.applicant_names), -1)  # -1: no applicant
            patents["applicant"] = np.take(codes, patents["applicant"])  # take: twice as fast as codes[...]
            extra = (extra[0], np.take(codes, extra[1])) if extra is not None else None
        self._append(patents, extra)

    def _append(self, patents: dict[str, np.ndarray], extra: tuple[np.ndarray, np.ndarray] | None = None) -> None:
        """One chunk's patent rows; ``extra``: (index among them, applicant code) of joint applicants."""
        # a copy made here: the worker's memory is then all freed, for reuse
        self.store.append({name: values.astype(RECORD_TYPES.get(name, values.dtype))
                           for name, values in patents.items()}, extra)

    def row_of(self, record: int) -> int:
        """The data row (from 0) of the ``record``-th patent row."""
        at = bisect.bisect_right([first for first, _, _ in self.chunk_rows], record) - 1
        first, offset, kept = self.chunk_rows[at]
        return offset + int(np.flatnonzero(np.unpackbits(kept))[record - first])

    def result(self) -> TableResult:
        """The list's counts, once every chunk is in: added up a part of the rows at a time."""
        result = TableResult(pd.DataFrame(columns=OBSERVATION_COLUMNS), _("patent list"))
        self._chunk_notes(result)
        names = list(self.regions)
        measures = _list_measures(self.title, "grant" in self.store.names)
        sums = _Sums(measures, (max(len(self.applicants), 1), len(names), len(TYPE_CODES)))
        for part in self.store.parts():
            release_memory()  # the chunks' columns, joined
            sums.add(part, self)
            del part
            release_memory()
        published = bool({"pubno", "pub_date"} & self.roles)
        _say_repeats(sums.repeats, published, names, measures, self.source, result)
        result.observations = pd.concat([_monthly_frame(sums.months.get(measure), month_col, measure, names,
                                                        self.source, self.title) for month_col, measure in measures],
                                        ignore_index=True)
        if "applicant" in self.roles:
            result.applicants = _applicant_frame(sums.applicants, sums.shape, pd.Index(self.applicants.to_pylist()),
                                                 names)
        result.shape = _("patent list ({patents:,} patents; counted as {measures})").format(
            patents=sums.kept, measures=_(" and ").join(term(m) for _m, m in measures))
        if published and measures[0][1] == "applications":
            _mark_unpublished(self.latest_any, names, self.source, result)
        if sums.stock_rows:
            result.stocks = list_stocks({name: np.concatenate([rows[name] for rows in sums.stock_rows])
                                         for name in sums.stock_rows[0]}, names, np.flatnonzero(sums.present),
                                        self.latest, self.source.file, result)
        result.delays = joined_sample(sums.delays)
        release_memory()
        return result

    @property
    def latest(self) -> int | None:
        """The delay sample's latest: every first-seen month survives deduplication in its earliest copy."""
        return self.latest_seen if "published" in self.store.names and self.latest_seen >= 0 else None

    def _chunk_notes(self, result: TableResult) -> None:
        """What the chunks found, said once for the whole list, in the order one pass would say it."""
        file = self.source.file
        if self.key_role == "pubno":
            result.notes.append(_("{file}: no application number: publications of one application are matched by their "
                                  "publication number without its kind code (CN103175679A and B are one)").format(file=file))
        if self.other_rows:
            shown = ", ".join(f"{office} {n}" for office, n in self.offices.most_common())
            result.notes.append(_("{file}: left out {rows} row(s) of other offices: {offices}").format(
                file=file, rows=self.other_rows, offices=shown))
        if self.skipped.first is not None:
            row, what = self.skipped.first
            result.warnings.append(_("{file}: skipped {rows} row(s) with bad numbers, first at row {row}: {what}").format(
                file=file, rows=self.skipped.count, row=row, what=what))
        if self.far.first is not None:
            result.warnings.append(_("{file}: {rows} row(s) filed more than a year from their application number's "
                                     "year, first at row {row}: check the filing date").format(
                file=file, rows=self.far.count, row=self.far.first[0]))
        if self.in_region is not None:
            self._region_note(result)

    def _region_note(self, result: TableResult) -> None:
        assert self.in_region is not None
        kept, left = self.in_region
        source = self.source
        region = self.title_region
        if not kept:
            raise InputError(_("no address in column {column!r} names {region}: expected the list's patents of {region} "
                               "(or a --region that the addresses name)").format(column=source.columns["address"],
                                                                                 region=region),
                             file=source.file, sheet=source.sheet)
        result.notes.append(_("{file}: kept {kept} patent row(s) whose address names {region}, left out {left}").format(
            file=source.file, kept=kept, region=region, left=left))


@dataclass
class _Sums:
    """What a list adds up to, gathered a part of its rows at a time: every copy of a patent is
    in one part, so each part is deduplicated on its own."""

    measures: list[tuple[str, str]]
    shape: tuple[int, int, int]  # applicants, regions, types
    repeats: int = 0
    kept: int = 0
    months: dict[str, tuple[int, np.ndarray] | None] = field(default_factory=dict)  # measure -> first month, counts
    applicants: dict[str, tuple[np.ndarray, np.ndarray]] = field(default_factory=dict)  # see _merged
    stock_rows: list[dict[str, np.ndarray]] = field(default_factory=list)  # granted inventions
    present: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=bool))  # regions with a patent
    delays: list[DelaySample] = field(default_factory=list)

    def add(self, part: Part, tally: ListTally) -> None:
        columns = part.columns
        keep, repeats = _deduplicate(part, tally)
        self.repeats += repeats
        self.kept += int(keep.sum())
        del columns["key"]
        release_memory()
        series = columns["region"].astype(np.int32) * self.shape[2] + columns["type"]  # region and type, one index
        for month_col, measure in self.measures:
            self.months[measure] = _wider(self.months.get(measure), _month_counts(series, columns[month_col], keep,
                                                                                 self.shape[1] * self.shape[2]))
        del series
        if "applicant" in columns:
            _add_applicants(self.applicants, part, keep, self.measures, self.shape)
        if "grant" in columns and {"lapse", "lapsed"} & set(columns) and tally.latest is not None:
            self._add_stock_rows(columns, keep)
        if "published" in columns:
            sample = delay_sample(columns["type"][keep], columns["filing"][keep], columns["published"][keep],
                                  tally.latest_seen)
            self.delays += [sample] if sample is not None else []

    def _add_stock_rows(self, columns: dict[str, np.ndarray], keep: np.ndarray) -> None:
        granted = keep & (columns["type"] == INVENTION) & (columns["grant"] >= 0)
        self.stock_rows.append({name: columns[name][granted] for name in ("type", "region", "grant", "lapse", "lapsed")
                                if name in columns})
        present = np.bincount(columns["region"][keep], minlength=self.shape[1]) > 0
        self.present = present | self.present if self.present.size else present


def _month_counts(series: np.ndarray, months: np.ndarray, keep: np.ndarray,
                  n_series: int) -> tuple[int, np.ndarray] | None:
    """Counts by series (region and type) and month, from the first dated month to the last
    (None: no dates), by bincount a slice at a time."""
    dated = keep & (months >= 0)
    if not dated.any():
        return None
    seen = months[dated]  # a copy, then min and max: a third of the time of np.min(where=...)
    first, n_months = int(seen.min()), int(seen.max()) - int(seen.min()) + 1
    del seen
    size = n_series * n_months
    counts = np.zeros(size, dtype=np.int64)
    for start in range(0, len(months), SLICE):
        part = slice(start, start + SLICE)  # every row, the undated counted in a last bin and dropped
        flat = series[part].astype(np.int64) * n_months + (months[part] - first)
        counts += np.bincount(np.where(dated[part], flat, size), minlength=size + 1)[:size]
    return first, counts.reshape(-1, len(TYPE_CODES), n_months)


def _wider(counted: tuple[int, np.ndarray] | None, more: tuple[int, np.ndarray] | None) -> tuple[int, np.ndarray] | None:
    """Two spans of monthly counts added up over the months of both."""
    if counted is None or more is None:
        return counted or more
    first = min(counted[0], more[0])
    last = max(counted[0] + counted[1].shape[-1], more[0] + more[1].shape[-1])
    total = np.zeros((*counted[1].shape[:-1], last - first), dtype=np.int64)
    for start, counts in (counted, more):
        total[..., start - first: start - first + counts.shape[-1]] += counts
    return first, total


def _add_applicants(found: dict[str, tuple[np.ndarray, np.ndarray]], part: Part, keep: np.ndarray,
                    measures: list[tuple[str, str]], shape: tuple[int, int, int]) -> None:
    """Counts per region, applicant, month, measure and type added to ``found``: a joint
    application once for each of its applicants; a slice of rows at a time."""
    columns = part.columns
    none = (np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64))
    for start in range(0, len(keep), SLICE):
        stop = start + SLICE
        first = columns["applicant"][start:stop]
        named = np.flatnonzero(keep[start:stop] & (first >= 0))
        lo, hi = np.searchsorted(part.extra_row, [start, stop])
        joint = part.extra_row[lo:hi] - start
        joint_kept = keep[start:stop][joint]
        patent = np.concatenate([named, joint[joint_kept]])
        applicant = np.concatenate([first[named], part.extra_applicant[lo:hi][joint_kept]]).astype(np.int64)
        group = (applicant * shape[1] + columns["region"][start:stop][patent]) * shape[2] \
            + columns["type"][start:stop][patent]
        with ThreadPoolExecutor(len(measures)) as pool:  # numpy releases the GIL: a measure a core
            counted = pool.map(_measure_merged, [found.get(m, none) for _c, m in measures], repeat(group),
                               [columns[c][start:stop][patent] for c, _m in measures])
            found.update(zip([m for _c, m in measures], counted, strict=True))
        release_memory()  # the merge's sort temporaries: else they pile up, slice on slice


def _measure_merged(counted: tuple[np.ndarray, np.ndarray], group: np.ndarray,
                    months: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """``_merged`` with each patent's group in its month of one measure (the undated left out)."""
    dated = months >= 0
    return _merged(counted, group[dated] * 10_000 + months[dated])


def _merged(counted: tuple[np.ndarray, np.ndarray], groups: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The distinct groups counted so far and how many of each, with ``groups`` added: held
    merged slice by slice, so that memory follows the distinct groups, not the rows."""
    new, count = np.unique(groups, return_counts=True)
    if not counted[0].size:
        return new, count
    found, total = counted[0], counted[1].copy()  # both sorted: a merge, not a sort of both (less memory)
    at = np.searchsorted(found, new)
    known = at < len(found)
    known[known] = found[at[known]] == new[known]
    total[at[known]] += count[known]
    return np.insert(found, at[~known], new[~known]), np.insert(total, at[~known], count[~known])


def _applicant_frame(counted: dict[str, tuple[np.ndarray, np.ndarray]], shape: tuple[int, int, int],
                     names: pd.Index, region_names: list[str]) -> pd.DataFrame:
    """One frame for every measure, built a column at a time (millions of rows for a
    provincial list: each int64 temporary is 8 bytes a row)."""
    group, month = np.divmod(np.concatenate([f for f, _ in counted.values()]), 10_000)  # months < 10,000
    count = np.concatenate([c for _, c in counted.values()])
    measure = pd.Categorical.from_codes(np.repeat(np.arange(len(counted), dtype=np.int8),
                                                  [len(f) for f, _ in counted.values()]), pd.Index(list(counted)))
    n_regions, n_types = shape[1], shape[2]
    region = pd.Categorical.from_codes((group // n_types % n_regions).astype(np.int32), categories=pd.Index(region_names))
    kind = pd.Categorical.from_codes((group % n_types).astype(np.int8), categories=pd.Index(TYPE_CODES))
    who = pd.Categorical.from_codes((group // (n_types * n_regions)).astype(np.int32), categories=names)
    del group
    year = 1970 + month // 12
    month = month % 12 + 1
    return pd.DataFrame({"region": region, "applicant": who, "year": year, "month": month, "measure": measure,
                         "patent_type": kind, "count": count}, copy=False)


def reuse_freed_memory() -> None:
    """Serve the chunks' temporaries (a few MB each) from glibc's heap, freed blocks kept for
    reuse up to 64 MB: above its threshold glibc maps each array fresh and unmaps it when freed,
    so every chunk paid its temporaries again in page faults (0.4 s of system time on 2 million
    rows). Arrays of more than 32 MB are still mapped apart; release_memory still trims."""
    with contextlib.suppress(OSError, AttributeError):
        libc = ctypes.CDLL("libc.so.6")
        libc.mallopt(-3, 32 << 20)  # M_MMAP_THRESHOLD
        libc.mallopt(-1, 64 << 20)  # M_TRIM_THRESHOLD


def release_memory() -> None:
    """Hand freed memory back to the system. glibc (numpy's) and Arrow's allocator keep freed
    blocks for reuse, and the chunks' temporaries and the column parts, freed once joined, left
    a 20-million-row list holding about 0.4 GB it no longer used; malloc_trim returns glibc's
    (a no-op elsewhere), release_unused Arrow's."""
    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL("libc.so.6").malloc_trim(0)
    pa.default_memory_pool().release_unused()


def _repeated(key: np.ndarray) -> np.ndarray:
    """Whether each key occurs more than once: a sort of a copy (8 bytes a row, freed), then a
    hash lookup among the few repeated keys, not a hash table of every key."""
    ordered = np.sort(key)
    twice = np.unique(ordered[1:][ordered[1:] == ordered[:-1]])
    del ordered
    found = np.zeros(len(key), dtype=bool)
    if not twice.size:
        return found
    low = np.zeros(1 << 20, dtype=bool)  # the repeated keys' low 20 bits: a one-gather filter, exact lookups after
    low[twice & 0xFFFFF] = True
    for start in range(0, len(key), SLICE):
        part = key[start: start + SLICE]
        maybe = np.flatnonzero(low[part & 0xFFFFF])
        found[start + maybe] = pd.Series(part[maybe]).isin(twice).to_numpy()
    return found


def _written_number(key: int, role: str) -> str:
    """An application or publication number as the list's key holds it (its digits)."""
    if role == "pubno":
        return f"CN{key}"
    number, check = divmod(key, 11)
    return f"{number:0{12 if number >= 10**8 else 8}d}.{'X' if check == 10 else check}"


def _deduplicate(part: Part, tally: ListTally) -> tuple[np.ndarray, int]:
    """Which rows of a part to count, one per patent, and how many were repeats; a grant date on
    any copy applies to the patent, its first publication to its publication month (changed in place)."""
    patents = part.columns
    repeated = _repeated(patents["key"])
    keep = ~repeated
    if not repeated.any():
        return keep, 0
    copies = pd.DataFrame({name: values[repeated] for name, values in patents.items()
                           if name in ("key", "region", "filing", "grant", "published")})
    copies["at"] = np.flatnonzero(repeated)
    spread = copies.assign(grant=copies["grant"].where(copies["grant"] >= 0)).groupby("key").nunique() \
        if "grant" in copies else copies.groupby("key").nunique()
    clash = spread[(spread["region"] > 1) | (spread["filing"] > 1) | (spread.get("grant", 0) > 1)]
    if len(clash):
        row = tally.row_of(part.record(int(copies.loc[copies["key"] == clash.index[0], "at"].iloc[-1])))
        role = tally.key_role
        raise tally.source.error(_("patent {number} is listed more than once with different region, filing or grant "
                                   "dates").format(number=_written_number(int(clash.index[0]), role)), row, role)
    first = copies.drop_duplicates("key")
    keep[first["at"].to_numpy()] = True
    for column, earliest in (("grant", False), ("published", True)):  # any copy's grant; the first publication
        if column in copies:
            values = copies[column].where(copies[column] >= 0).groupby(copies["key"])
            chosen = values.min() if earliest else values.max()
            patents[column][first["at"].to_numpy()] = chosen.reindex(first["key"]).fillna(-1).to_numpy(dtype=np.int64)
    return keep, int(len(keep) - keep.sum())


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


def _mark_unpublished(latest: int, names: list[str], source: ListSource, result: TableResult) -> None:
    """A list of publications cannot hold applications not yet published: from as many months
    before its latest publication as publication takes, its application counts are incomplete."""
    for patent_type, lag in PUBLICATION_LAG.items():
        start = latest - lag
        result.incomplete += [{"region": name, "measure": "applications", "patent_type": patent_type,
                               "year": 1970 + start // 12, "month": start % 12 + 1} for name in names]
    start = latest - max(PUBLICATION_LAG.values())
    result.notes.append(_("{file}: applications filed from {month} on are incomplete: the list holds only published "
                          "applications (inventions are published about 18 months after filing, utility models and "
                          "designs when granted)").format(file=source.file,
                                                          month=f"{1970 + start // 12}-{start % 12 + 1:02d}"))


def _list_measures(title: str, has_grants: bool) -> list[tuple[str, str]]:
    """What a list counts: a list titled as applications or as grants counts only that."""
    named = vocabulary().find("list_title", title)
    if named == "applications" or not has_grants:
        return [("filing", "applications")]
    if named == "grants":
        return [("grant", "grants")]
    return [("filing", "applications"), ("grant", "grants")]


def _coverage(counted: tuple[int, np.ndarray] | None, title: str) -> np.ndarray:
    """The months the list covers: the title's period (2018年1-9月) and every month with a date."""
    bounds = [counted[0], counted[0] + counted[1].shape[-1] - 1] if counted is not None else []
    info = parse_title(title)
    if info.period is not None and info.period.year is not None:
        year = info.period.year - 1970
        bounds += [year * 12 + info.period.first - 1, year * 12 + info.period.last - 1]
    return np.arange(min(bounds), max(bounds) + 1) if bounds else np.arange(0)


def _monthly_frame(counted: tuple[int, np.ndarray] | None, month_col: str, measure: str, region_names: list[str],
                   source: ListSource, title: str) -> pd.DataFrame:
    """Counts for every region, type and covered month (zero where no patent fell)."""
    span = _coverage(counted, title)
    n_regions, n_types, n_months = len(region_names), len(TYPE_CODES), len(span)
    counts = np.zeros((n_regions, n_types, n_months), dtype=np.int64)
    if counted is not None:
        start = counted[0] - int(span[0])
        counts[..., start: start + counted[1].shape[-1]] = counted[1]
    region_idx, type_idx, month_idx = np.unravel_index(np.arange(counts.size), counts.shape)
    absolute = span[month_idx] if n_months else month_idx
    return pd.DataFrame({
        "region": np.array(region_names, dtype=object)[region_idx], "year": 1970 + absolute // 12,
        "month": absolute % 12 + 1, "measure": measure, "patent_type": np.array(TYPE_CODES, dtype=object)[type_idx],
        "basis": "count", "value": counts.ravel(), "file": source.file, "sheet": source.sheet or "",
        "row": pd.NA, "column": source.columns["filing_date"] if month_col == "filing"
        else source.columns.get("grant_date") or source.columns["pub_date"],
    })[OBSERVATION_COLUMNS]
