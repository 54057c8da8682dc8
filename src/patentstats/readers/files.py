"""Files in, grids of cells out: decoding CSV (UTF-8, UTF-8 with BOM, GBK/GB18030) and
reading every sheet of a workbook with merged cells filled in. Workbooks, .xlsx and old
binary .xls alike, are read with python-calamine (Rust: 20 times openpyxl's speed at a third
of its memory on a 200,000-row list); openpyxl only supplies formulas, for =HYPERLINK cells
saved without a value."""

from __future__ import annotations

import csv
import io
import os
import pickle
import re
import subprocess
import sys
import warnings
from collections import Counter
from collections.abc import Sequence
from pathlib import Path

from ..errors import InputError
from ..i18n import _, language
from ..limits import DEFAULT_LIMITS, Limits, over_limit
from .containers import check_file_size, is_workbook, password_protected, scan_xlsx, workbook_format
from .html import looks_like_html, read_html
from .sheet import Sheet, decode_csv_bytes
from .workbook_cells import RawSheet, Refusal, read_cells

__all__ = ["Sheet", "decode_csv_bytes", "parse_csv_text", "read_sheets", "sniff_delimiter", "SUPPORTED_SUFFIXES"]

SUPPORTED_SUFFIXES = (".csv", ".txt", ".xlsx", ".xlsm", ".xls", ".html", ".htm")
SNIFF_CHARS = 65_536
_HYPERLINK = re.compile(r'^=\s*HYPERLINK\(\s*"(?P<link>[^"]*)"\s*(?:[,;]\s*"(?P<text>[^"]*)"\s*)?\)\s*$', re.I)


def sniff_delimiter(text: str) -> str:
    """The delimiter whose most common row width covers the most cells, parsed with quotes
    honoured (a ' | ' between IPC classes inside quoted fields does not split them), over the
    first 64 KB: enough rows even where quoted abstracts run over many lines."""
    sample = text[:SNIFF_CHARS].rsplit("\n", 1)[0] if len(text) > SNIFF_CHARS else text
    best, best_cells = ",", 0
    for delimiter in (",", "\t", ";", "|"):
        try:
            widths = Counter(len(row) for row in csv.reader(io.StringIO(sample), delimiter=delimiter) if len(row) > 1)
        except csv.Error:
            continue
        cells = max((width * rows for width, rows in widths.items()), default=0)
        if cells > best_cells:
            best, best_cells = delimiter, cells
    return best


def parse_csv_text(text: str, file: str, limits: Limits = DEFAULT_LIMITS) -> Sheet:
    """The cells of decoded CSV text, with the delimiter it uses (comma, tab, semicolon, bar)."""
    csv.field_size_limit(limits.cell_chars)
    reader = csv.reader(io.StringIO(text), delimiter=sniff_delimiter(text))
    rows: list[list[object]] = []
    try:
        for row in reader:
            if len(row) > limits.columns:
                raise over_limit(_("row {row} has {columns:,} columns").format(row=reader.line_num, columns=len(row)),
                                 "columns", limits, file)
            rows.append(list(row))
    except csv.Error as exc:
        if "field limit" in str(exc):
            raise over_limit(_("line {line} has a longer field").format(line=reader.line_num), "cell_chars", limits,
                             file) from None
        raise InputError(_("not a readable CSV table ({error})").format(error=exc), file=file) from None
    return Sheet(file, None, rows)


def read_csv_grid(path: Path, limits: Limits = DEFAULT_LIMITS) -> Sheet:
    """All cells of a small CSV as text."""
    check_file_size(path, limits)
    text, _ = decode_csv_bytes(path.read_bytes(), path.name)
    return parse_csv_text(text, path.name, limits)


def _fill_merged(rows: list[list[object]], ranges: list[tuple[int, int, int, int]]) -> None:
    """Every cell of a merged range (0-based first row, first column, last row, last column,
    inclusive) takes the range's top-left value."""
    for first_row, first_col, last_row, last_col in ranges:
        if first_row >= len(rows) or first_col >= len(rows[first_row]):
            continue
        top_left = rows[first_row][first_col]
        for r in range(first_row, min(last_row + 1, len(rows))):
            for c in range(first_col, min(last_col + 1, len(rows[r]))):
                rows[r][c] = top_left


def hyperlink_text(formula: object) -> str | None:
    """The text a =HYPERLINK(link, text) cell shows: its text, else its link.

    Examples
    --------
    >>> hyperlink_text('=HYPERLINK("http://x/CN115438209A","CN115438209A")')
    'CN115438209A'
    """
    found = _HYPERLINK.match(formula) if isinstance(formula, str) else None
    return None if found is None else found["text"] or found["link"]


def _formula_texts(path: Path, sheets: list[Sheet]) -> None:
    """Blank cells that hold a =HYPERLINK formula (files written without cached values) take
    the link's text. Read only for workbooks that have such formulas."""
    import openpyxl  # here: only for workbooks with hyperlink formulas; 0.1-0.2 s of every ingest's start-up

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)
        book = openpyxl.load_workbook(path, data_only=False)
    for sheet in sheets:
        for r, row in enumerate(book[sheet.name].iter_rows(values_only=True)):
            for c, formula in enumerate(row):
                if r < len(sheet.rows) and c < len(sheet.rows[r]) and sheet.rows[r][c] is None \
                        and (text := hyperlink_text(formula)) is not None:
                    sheet.rows[r][c] = text


def _grid(values: Sequence[Sequence[object]], limits: Limits, file: str, sheet: str) -> list[list[object]]:
    """Rows of cell values with empty strings as None; a cell over the length limit is refused."""
    rows = []
    for number, row in enumerate(values, start=1):
        if any(isinstance(v, str) and len(v) > limits.cell_chars for v in row):
            longest = max(len(v) for v in row if isinstance(v, str))
            raise over_limit(_("row {row} has a cell of {length:,} characters").format(row=number, length=longest),
                             "cell_chars", limits, file, sheet)
        rows.append([None if v == "" else v for v in row])
    return rows


def _cells_in_child(path: Path, limits: Limits) -> list[RawSheet] | Refusal:
    """Run the reader in a child process; a crash there is a damaged file, not a dead run."""
    package_parent = str(Path(__file__).resolve().parents[2])  # the child imports this very patentstats
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [package_parent, os.environ.get("PYTHONPATH")])),
           "PATENTSTATS_LANG": language()}  # the child's refusals in the language chosen here
    run = subprocess.run([sys.executable, "-m", "patentstats.readers.workbook_cells", str(path), str(limits.cells)],
                         capture_output=True, check=False, env=env)
    if run.returncode != 0:
        return Refusal("unreadable", _("the reader stopped on damaged content"))
    result: list[RawSheet] | Refusal = pickle.loads(run.stdout)  # from our own child process
    return result


def _sheets(path: Path, form: str, limits: Limits) -> list[Sheet]:
    """Every visible sheet, merged ranges filled with their top-left value. The .xlsx reader
    runs in this process (its input is checked by scan_xlsx and it allocates nothing ahead);
    the .xls reader, which can abort on a damaged file, in a child process."""
    if form == "xls":
        raw = _cells_in_child(path, limits)
    else:
        with path.open("rb") as handle:
            raw = read_cells(handle, limits.cells)
    if isinstance(raw, Refusal):
        if raw.reason == "password":
            raise password_protected(path.name)
        if raw.reason == "cells":
            raise over_limit(raw.detail, "cells", limits, path.name, raw.sheet)
        raise InputError(_("not a readable {form} workbook ({detail})").format(form=form, detail=raw.detail), file=path.name)
    sheets = []
    for sheet in raw:
        rows = _grid(sheet.rows, limits, path.name, sheet.name)
        _fill_merged(rows, sheet.merged)
        sheets.append(Sheet(path.name, sheet.name, rows))
    return sheets


def read_workbook(path: Path, limits: Limits = DEFAULT_LIMITS) -> list[Sheet]:
    """Every visible sheet of an .xlsx or .xls, whatever its suffix says, checked against the
    limits first. Anything the readers cannot parse ends in one InputError."""
    form = workbook_format(path, limits)
    scans = scan_xlsx(path, limits) if form == "xlsx" else {}
    if uncached := sum(scan.uncached for scan in scans.values()):
        raise InputError(_("{cells:,} cell(s) hold formulas saved without their values (the file was written by a "
                           "program, not saved by Excel), so their figures cannot be read: open the file in Excel or "
                           "WPS, save it, and run again").format(cells=uncached), file=path.name)
    sheets = _sheets(path, form, limits)
    if any(scan.has_hyperlinks for scan in scans.values()):
        try:
            _formula_texts(path, sheets)
        except Exception as exc:  # openpyxl's errors on content have no common base class
            raise InputError(_("not a readable xlsx workbook ({error})").format(error=type(exc).__name__),
                             file=path.name) from None
    return sheets


def read_sheets(path: Path, limits: Limits = DEFAULT_LIMITS) -> list[Sheet]:
    """The grids of a CSV, workbook or web page. Raises InputError for other or unreadable files."""
    suffix = path.suffix.lower()
    with path.open("rb") as handle:
        head = handle.read(4096)
    if suffix in (".html", ".htm") or (suffix in SUPPORTED_SUFFIXES and looks_like_html(head)):
        return read_html(path, limits)
    if suffix in (".csv", ".txt") and not is_workbook(path):  # a workbook saved as .csv is read as what it is
        return [read_csv_grid(path, limits)]
    if suffix in (".xlsx", ".xlsm", ".xls", ".csv", ".txt"):
        return read_workbook(path, limits)
    raise InputError(_("not a table file: expected one of {suffixes}").format(suffixes=", ".join(SUPPORTED_SUFFIXES)),
                     file=path.name)
