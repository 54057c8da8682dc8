"""Patent lists (one row per patent, or per publication as search platforms export them) to
monthly counts: applications by filing date (申请日), grants by grant date (授权公告日, or the
publication date of a grant publication). A CSV list is read a piece of whole lines at a time,
each parsed by pyarrow; each chunk is checked and reduced to a few numbers per patent
(list_tally.py), so memory does not grow with the file's text. Vectorised with pyarrow and
numpy: no Python loop per row."""

from __future__ import annotations

import re
from collections import Counter, deque
from collections.abc import Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv

from ..errors import InputError
from ..i18n import N_, _
from ..labels import INVISIBLE, PATENT_TYPES, term
from ..limits import Limits, over_limit
from .appno import BAD_CHECK, OTHER_OFFICE, TYPE_CODES, VALID, decode_appnos
from .dates import parse_months, plausible_months
from .headers import Layout, region_name
from .legal_status import lapse_months, lapsed_now
from .list_tally import ChunkCount, ListSource, ListTally, release_memory, reuse_freed_memory
from .publications import CONFLICT, UNKNOWN, decode_pubnos, kind_letters, kind_types, label_types, other_offices
from .tables import ReadOptions, TableResult, region_from_text

__all__ = ["read_patent_list_csv", "list_table_from_layout", "count_patents", "parse_months", "LIST_ROLES",
           "ListSource"]

LIST_ROLES = ("appno", "pubno", "filing_date", "grant_date", "pub_date", "patent_type", "office", "region", "city",
              "address", "applicant", "legal_status", "lapse_date")
APPLICANT_SEPARATORS = r"[;；|\n]+"  # joint applicants in one cell
NUMBER_PROBLEMS = {"appno": {False: N_("a malformed application number (expected e.g. 201710601862.3 or 95115608.X)"),
                             True: N_("an application number whose check character is wrong")},
                   "pubno": {False: N_("a malformed publication number (expected e.g. CN103175679A)")}}
PARENS = np.frombuffer(b"()", dtype=np.uint8)
PLACE_NAME = re.compile(r"(省|市|县|区|旗|镇|乡|街道)$")
# The text read at a time: big enough that the per-chunk steps cost little, small enough that
# a chunk's columns and temporaries stay small (about 100,000 rows of an export) and that the
# cores wait little for the first piece and on the last.
PIECE_BYTES = 16 << 20
CHUNK_ROWS = 1 << 22  # rows per chunk at most (tests set a few, to check chunks add up as one)
WORKERS = 2  # chunks counted side by side


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


def read_patent_list_csv(path: Path, layout: Layout, encoding: str, limits: Limits, options: ReadOptions,
                         skip_invalid: bool, delimiter: str = ",") -> TableResult:
    """Count a large CSV list a chunk at a time, only the columns needed, two chunks side by
    side (the checks are numpy and Arrow calls that release the GIL), added to the tally in
    file order so that the first error in the file is the one raised; the row and cell limits
    are checked as the chunks come."""
    wanted = _wanted(layout)
    header_row = layout.header_rows[-1]
    tally = ListTally(_source(layout, wanted, header_row + 2), layout.title, frozenset(wanted), skip_invalid)
    _check_columns(tally)
    reuse_freed_memory()
    read = 0
    with ThreadPoolExecutor(max_workers=WORKERS) as pool:
        counting: deque[Future[ChunkCount]] = deque()
        for table in _chunks(path, layout, wanted, encoding, delimiter):
            if read + table.num_rows > limits.rows:
                raise over_limit(_("the patent list has more than {rows:,} rows").format(rows=limits.rows), "rows", limits,
                                 path.name)
            _check_cell_chars(table, tally.source, limits)
            counting.append(pool.submit(count_chunk, table, read, tally, options))
            read += table.num_rows
            while len(counting) >= WORKERS:
                tally.add(counting.popleft().result())
                if len(tally.chunk_rows) % 8 == 0:
                    release_memory()  # the chunks' temporaries, freed
        while counting:
            tally.add(counting.popleft().result())
    return tally.result()


def _chunks(path: Path, layout: Layout, wanted: dict[str, int], encoding: str, delimiter: str) -> Iterator[pa.Table]:
    """The list's columns of interest, named by role, CHUNK_ROWS rows at a time at most. The
    file is cut into pieces of whole lines (a list has no line breaks inside cells), each parsed
    in one thread while the pieces before it are counted: the counting workers keep the cores
    busy, and pyarrow's own parse threads cost 10-20% more CPU on two cores for no gain."""
    names = [f"c{i}" for i in range(len(layout.columns))]
    role_of = {f"c{i}": role for role, i in wanted.items()}
    options = (pacsv.ReadOptions(column_names=names, use_threads=False,
                                 encoding="utf8" if encoding.startswith("utf-8") else encoding),
               pacsv.ParseOptions(delimiter=delimiter, newlines_in_values=False),
               pacsv.ConvertOptions(include_columns=list(role_of), column_types=dict.fromkeys(role_of, pa.string()),
                                    strings_can_be_null=True))

    def parsed() -> Iterator[pa.Table]:
        for piece in _pieces(path, layout.header_rows[-1] + 1):
            yield pacsv.read_csv(pa.BufferReader(piece), *options)

    try:
        for table in _ahead(parsed()):
            table = table.rename_columns([role_of[n] for n in table.column_names])
            for start in range(0, table.num_rows, CHUNK_ROWS):
                yield table.slice(start, CHUNK_ROWS)
    except (pa.ArrowInvalid, UnicodeDecodeError) as exc:
        raise InputError(_("cannot read the list as CSV ({error})").format(error=str(exc).splitlines()[0]),
                         file=path.name) from None


def _ahead(items: Iterator[pa.Table]) -> Iterator[pa.Table]:
    """``items``, the next one read in a thread while this one is counted: reading and parsing
    release the GIL, so on two cores they overlap the checks. One piece ahead at most."""
    with ThreadPoolExecutor(max_workers=1) as pool:
        coming = pool.submit(next, items, None)
        while (item := coming.result()) is not None:
            coming = pool.submit(next, items, None)
            yield item


def _pieces(path: Path, skip_lines: int) -> Iterator[pa.Buffer]:
    """The file's bytes after its first ``skip_lines`` lines, PIECE_BYTES or so at a time, each
    ending at a line's end (a GB18030 character never holds the byte of a line break). One
    buffer is read into again and again: a fresh buffer a piece cost as much in page faults as
    parsing it. A piece is parsed (into new arrays) before the next is read."""
    with path.open("rb") as handle:
        for _line in range(skip_lines):
            handle.readline()
        buffer, start = bytearray(PIECE_BYTES), 0  # start: bytes of an unfinished line at its front
        while got := handle.readinto(memoryview(buffer)[start:]):
            end = start + got
            cut = buffer.rfind(b"\n", 0, end) + 1
            if cut:
                yield pa.py_buffer(buffer)[:cut]  # a view: no copy
            start = end - cut
            buffer[:start] = buffer[cut:end]  # the same length: the buffer is not resized while a view holds it
            if start == len(buffer):  # a line longer than the buffer
                buffer = buffer + bytearray(len(buffer))
        if buffer[:start].strip():
            yield pa.py_buffer(bytes(buffer[:start]))


def _check_cell_chars(table: pa.Table, source: ListSource, limits: Limits) -> None:
    """A cell has no more characters than bytes: the characters are counted (a pass over all
    the text) only in a column whose longest cell has more bytes than the limit allows."""
    for role, column in zip(table.column_names, table.columns, strict=True):
        if max((pc.max(pc.binary_length(t)).as_py() or 0 for t in column.chunks), default=0) <= limits.cell_chars:
            continue
        if (longest := max((pc.max(pc.utf8_length(t)).as_py() or 0 for t in column.chunks), default=0)) \
                > limits.cell_chars:
            raise over_limit(_("column {column!r} has a cell of {length:,} characters").format(
                column=source.columns[role], length=longest),
                             "cell_chars", limits, source.file)


def _international(written: pa.Array) -> np.ndarray:
    """International applications written as PCT/CN2017/079453 or CN2017/079453: PCT filings,
    not CN applications."""
    text = pc.cast(written, pa.string())
    found = np.zeros(len(text), dtype=bool)  # only numbers with a '/' can be one: the regex runs on those
    text_bytes = text.buffers()[2] if isinstance(text, pa.StringArray) else None
    if text_bytes is not None and not (np.frombuffer(text_bytes, dtype=np.uint8) == ord("/")).any():
        return found  # no '/' in any number (the usual list): no pass per string
    slashed = np.flatnonzero(pc.fill_null(pc.match_substring(text, "/"), False).to_numpy(zero_copy_only=False))
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
        cn = _cn_or_blank(text)
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


def _cn_or_blank(text: pa.Array) -> np.ndarray:
    """Whether each number starts with CN (any case) or is blank: from the first two bytes
    where no number starts with a space or control character (the usual export), else by
    regex (which skips leading spaces)."""
    if isinstance(text, pa.StringArray) and len(text):
        offsets = np.frombuffer(text.buffers()[1], dtype=np.int32)[text.offset: text.offset + len(text) + 1]
        data = np.frombuffer(text.buffers()[2], dtype=np.uint8) if text.buffers()[2] is not None else np.zeros(0, np.uint8)
        if len(data) < 2:
            data = np.concatenate([data, np.zeros(2, dtype=np.uint8)])
        starts, lengths = offsets[:-1], np.diff(offsets)
        first = np.where(lengths > 0, data[np.minimum(starts, len(data) - 1)], 0x21)
        second = np.where(lengths > 1, data[np.minimum(starts + 1, len(data) - 1)], 0)
        if not (first <= 0x20).any():
            cn: np.ndarray = (lengths == 0) | (((first | 0x20) == ord("c")) & ((second | 0x20) == ord("n")))
            return cn | ~text.is_valid().to_numpy(zero_copy_only=False) if text.null_count else cn
    found: np.ndarray = pc.fill_null(pc.match_substring_regex(text, r"^\s*(?i:cn)|^\s*$"), True).to_numpy(
        zero_copy_only=False)
    return found


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


def _identify(table: pa.Table, source: ListSource, tally: ListTally, chunk: ChunkCount) -> tuple[_Rows, np.ndarray]:
    """Leave out other offices and notes; check every number; key each application. Returns the
    rows to count and their filing months."""
    key_role = tally.key_role
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
    pct = _international(written)
    other, offices = other_offices(written, foreign & ~pct, _column(table, "office"))
    other, offices = _other_publications(pubno, other, offices, pct)
    chunk.offices.update(offices)
    chunk.other_rows += int(other.sum())
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
        if not tally.skip_invalid:
            raise source.error(_("{what}; {rows} row(s) like this").format(what=what, rows=int(bad.sum())), i, key_role)
        chunk.skipped.add(int(bad.sum()), source.first_row + i, what)
    rows = np.flatnonzero(is_patent & ~bad)
    _check_dates(table, "filing_date", rows, filing[rows], source, _("a filing date such as 2017-03-05"), required=True)
    found = _Rows(rows, key[rows], number_type[rows], kind.take(pa.array(rows)) if kind is not None else None)
    if key_role == "appno":
        _warn_far_filings(found, filing[rows], source, chunk)
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
    months: np.ndarray = parse_months(table[role].combine_chunks())[rows]  # every row read: no copy of the text
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


def _warn_far_filings(found: _Rows, filing: np.ndarray, source: ListSource, chunk: ChunkCount) -> None:
    """A filing date more than a year from its application number's year: a typo in one of them."""
    number = found.key // 11
    known = (found.key >= 0) & (filing >= 0)
    yy = number // 10**6
    year = np.where(number >= 10**11, number // 10**8, np.where(yy >= 85, 1900 + yy, 2000 + yy))
    far = np.flatnonzero(known & (np.abs(year - (1970 + filing // 12)) > 1))
    if far.size:
        chunk.far.add(int(far.size), source.first_row + int(found.rows[far[0]]))


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


def _check_columns(tally: ListTally) -> None:
    if "filing_date" not in tally.roles or not {"appno", "pubno"} & tally.roles:
        raise InputError(_("a patent list needs an application number (申请号) or a publication number (公开号), and a "
                           "filing date (申请日) column"), file=tally.source.file, sheet=tally.source.sheet)


def count_patents(table: pa.Table, source: ListSource, options: ReadOptions, title: str,
                  skip_invalid: bool = False) -> TableResult:
    """Monthly counts per region and type from a list table with columns named by role, as one chunk."""
    tally = ListTally(source, title, frozenset(table.column_names), skip_invalid)
    _check_columns(tally)
    tally.add(count_chunk(table, 0, tally, options))
    return tally.result()


def count_chunk(table: pa.Table, offset: int, tally: ListTally, options: ReadOptions) -> ChunkCount:
    """Check one chunk of a list (its first row is data row ``offset``) and reduce it to its
    patent rows; ``tally`` is only read. An error is located by the chunk's own source,
    shifted to its file rows."""
    source, chunk = tally.source.shifted(offset), ChunkCount()
    found, filing = _identify(table, source, tally, chunk)
    found, filing = _in_region(table, found, filing, options, chunk)
    patent_type, grant_pub = _types(table, found, source)
    patents = {"key": found.key, "type": patent_type,
               "region": _regions(table, found.rows, source, options, tally.title, chunk),
               "filing": filing}
    kept = np.zeros(table.num_rows, dtype=bool)
    kept[found.rows] = True
    chunk.offset, chunk.kept = offset, np.packbits(kept)
    published_on = _add_dates(patents, table, found.rows, grant_pub, source)
    if published_on is not None or "grant_date" in table.column_names:
        chunk.latest_seen = int(patents["published"].max(initial=-1))
    chunk.latest_any = max([int(m.max()) for m in (filing, patents.get("grant"), published_on)
                            if m is not None and m.size] or [-1])
    if "lapse_date" in table.column_names:
        patents["lapse"] = lapse_months(table, found.rows)
    elif "legal_status" in table.column_names:
        patents["lapsed"] = lapsed_now(table, found.rows)
    if "applicant" in table.column_names:
        patents["applicant"], chunk.extra, chunk.applicant_names = _chunk_applicants(table, found.rows)
    chunk.patents = patents
    return chunk


def _add_dates(patents: dict[str, np.ndarray], table: pa.Table, rows: np.ndarray, grant_pub: np.ndarray,
               source: ListSource) -> np.ndarray | None:
    """Each row's grant month and first-seen month (its publication, or its grant where the list
    has no publication dates) added to ``patents``; the publication months."""
    published_on = _published(table, rows, source) if "pub_date" in table.column_names else None
    grant = _grant_months(table, rows, grant_pub, published_on, source)
    if grant is not None:
        patents["grant"] = grant
    first_seen = published_on if published_on is not None else grant if "grant_date" in table.column_names else None
    if first_seen is not None:
        patents["published"] = first_seen  # the earliest of an application's copies is kept when the list is added up
    return published_on


def _in_region(table: pa.Table, found: _Rows, filing: np.ndarray, options: ReadOptions,
               chunk: ChunkCount) -> tuple[_Rows, np.ndarray]:
    """With --region R naming a place (永修县, 九江市) and only an address column, the rows whose
    address names R. A region that names no place (a company, a project) labels the whole list."""
    region = options.region
    if "region" in table.column_names or "address" not in table.column_names or not region \
            or not PLACE_NAME.search(region):
        return found, filing
    address = table["address"].combine_chunks().take(pa.array(found.rows))
    keep = pc.fill_null(pc.match_substring(address, region), False).to_numpy(zero_copy_only=False)
    chunk.in_region, chunk.title_region = [int(keep.sum()), int((~keep).sum())], region
    kept = _Rows(found.rows[keep], found.key[keep], found.number_type[keep],
                 found.kind.filter(pa.array(keep)) if found.kind is not None else None)
    return kept, filing[keep]


def _regions(table: pa.Table, rows: np.ndarray, source: ListSource, options: ReadOptions, title: str,
             chunk: ChunkCount) -> np.ndarray:
    """Per patent a code into the chunk's region names."""
    if "region" not in table.column_names:
        region = options.region or region_from_text(title)
        if region is None:
            raise InputError(_("the list does not name its region: add a region (地区) column or pass --region NAME"),
                             file=source.file, sheet=source.sheet)
        chunk.region_names = [region]
        return np.zeros(len(rows), dtype=np.int32)
    encoded = table["region"].combine_chunks().take(pa.array(rows)).dictionary_encode()
    codes_of: dict[str, int] = {}  # two ways of writing one region (永修, 永修县) are one
    entry_code = np.array([codes_of.setdefault(name, len(codes_of)) if (name := region_name(v)) else -1
                           for v in encoded.dictionary.to_pylist()] + [-1], dtype=np.int32)  # the last: a blank cell
    chunk.region_names = list(codes_of)
    indices: np.ndarray = pc.fill_null(encoded.indices, len(encoded.dictionary)).to_numpy(zero_copy_only=False)
    codes: np.ndarray = entry_code[indices]
    if (codes < 0).any():
        raise source.error(_("empty region: expected the county or district of every patent"),
                           int(rows[_first_bad(codes < 0)]), "region")
    return codes


def _chunk_applicants(table: pa.Table, rows: np.ndarray) -> tuple[np.ndarray, tuple[np.ndarray, np.ndarray], pa.Array]:
    """Each patent row's first applicant (a code into the returned names, -1 for none), the
    (patent, applicant) pairs of joint applicants beyond the first, and the chunk's distinct
    names. The text work is done once per distinct cell (a list repeats its filers), then
    spread by index."""
    cells = pc.dictionary_encode(table["applicant"].combine_chunks())
    names, cell_of_name = _applicant_names(cells.dictionary)
    encoded = pc.dictionary_encode(names)
    codes = encoded.indices.to_numpy(zero_copy_only=False).astype(np.int32)
    per_cell = np.bincount(cell_of_name, minlength=len(cells.dictionary))
    first_of_cell = np.concatenate([[0], np.cumsum(per_cell)[:-1]]).astype(np.int64)
    cell = pc.fill_null(cells.indices, len(cells.dictionary)).to_numpy(zero_copy_only=False)[rows]
    per_cell = np.append(per_cell, 0)  # an empty cell names nobody
    first_of_cell = np.append(first_of_cell, 0)
    first = np.full(len(rows), -1, dtype=np.int32)
    names_in_cell = np.take(per_cell, cell)
    named = names_in_cell > 0
    first[named] = np.take(codes, np.take(first_of_cell, cell[named]))
    patents, applicants = [], []
    joint = np.flatnonzero(names_in_cell > 1)
    for extra in range(1, int(per_cell.max(initial=0))):  # a list's cells are mostly single
        joint = joint[per_cell[cell[joint]] > extra]
        patents.append(joint)
        applicants.append(codes[first_of_cell[cell[joint]] + extra])
    empty = np.zeros(0, dtype=np.int64)
    return first, (np.concatenate(patents) if patents else empty,
                   np.concatenate(applicants).astype(np.int32) if applicants else empty.astype(np.int32)), \
        encoded.dictionary


def _applicant_names(cells: pa.Array) -> tuple[pa.Array, np.ndarray]:
    """The applicants in each distinct cell, in cell order, with the cell each came from."""
    split = pc.split_pattern_regex(cells, APPLICANT_SEPARATORS)
    # each step only where it changes something: a scan costs a fraction of a rewrite
    visible = pc.list_flatten(split)
    if pc.any(pc.match_substring_regex(visible, INVISIBLE)).as_py():
        visible = pc.replace_substring_regex(visible, INVISIBLE, "")  # one applicant, not three
    names = pc.utf8_trim_whitespace(_nfkc(visible))
    text_bytes = names.buffers()[2]
    if text_bytes is not None and np.isin(np.frombuffer(text_bytes, dtype=np.uint8), PARENS).any():
        chinese = pc.match_substring_regex(names, "[\u4e00-\u9fff]")
        names = pc.if_else(chinese, pc.replace_substring(pc.replace_substring(names, "(", "（"), ")", "）"), names)
    named = pc.greater(pc.utf8_length(names), 0)
    return names.filter(named), pc.list_parent_indices(split).to_numpy()[named.to_numpy(zero_copy_only=False)]


NFKC_STABLE = r"[^\x{0}-\x{7f}\x{4e00}-\x{9fff}]"  # a character outside ASCII and the common CJK ideographs


def _nfkc(text: pa.Array) -> pa.Array:
    """NFKC of the strings with a character it may change (ASCII and the common ideographs it
    leaves as they are): the usual applicant is not normalised at all."""
    changing = pc.fill_null(pc.match_substring_regex(text, NFKC_STABLE), False)
    if not pc.any(changing).as_py():
        return text
    return pc.replace_with_mask(text, changing, pc.utf8_normalize(text.filter(changing), "NFKC"))
