"""Files in, observations out: recognise each sheet's shape and read it.

Shapes: patent lists (one row per patent), tidy long tables (one row per figure) and every
other published table, read by one generic reader (``grid``).
"""

from __future__ import annotations

from pathlib import Path

from ..errors import InputError
from ..i18n import _
from ..limits import Limits, over_limit
from .containers import is_workbook
from .files import SUPPORTED_SUFFIXES, Sheet, decode_csv_bytes, parse_csv_text, read_sheets, sniff_delimiter
from .grid import read_table
from .headers import Layout, find_layout
from .patent_list import count_patents, list_table_from_layout, read_patent_list_csv
from .tables import ReadOptions, TableResult, read_tidy

__all__ = ["ReadOptions", "TableResult", "read_file", "SUPPORTED_SUFFIXES"]

LARGE_CSV_BYTES = 2_000_000  # above this, a CSV list is re-read with pyarrow rather than held as a grid
SNIFF_BYTES = 64_000


def shape_of(layout: Layout) -> str:
    """'list', 'tidy' or 'table', from the header."""
    roles = {c.role for c in layout.columns}
    if "appno" in roles or {"pubno", "filing_date"} <= roles:
        return "list"
    if {"measure", "patent_type"} <= roles:
        return "tidy"
    return "table"


def read_sheet(sheet: Sheet, options: ReadOptions, skip_invalid: bool) -> TableResult | None:
    """Observations of one sheet; None for a sheet with no table at all (e.g. notes)."""
    layout = find_layout(sheet)
    if layout is None:
        return None
    shape = shape_of(layout)
    _check_rows(layout, shape, options.limits)
    if shape == "list":
        table, source = list_table_from_layout(layout)
        return count_patents(table, source, options, layout.title, skip_invalid)
    if shape == "tidy":
        return read_tidy(layout, options)
    return read_table(layout, options)


def _check_rows(layout: Layout, shape: str, limits: Limits) -> None:
    name = "rows" if shape == "list" else "table_rows"
    if len(layout.data_rows) > getattr(limits, name):
        what = (_("the patent list has {rows:,} rows") if shape == "list"
                else _("the statistics table has {rows:,} rows")).format(rows=len(layout.data_rows))
        raise over_limit(what, name, limits, layout.sheet.file,
                         layout.sheet.name)


def _read_large_csv(path: Path, options: ReadOptions, skip_invalid: bool) -> list[TableResult] | None:
    """Large CSV patent lists skip the grid: sniff the header, then stream the columns with
    pyarrow. The file's size is not limited (the list is read a chunk at a time; its rows are);
    any other CSV is held whole, so read_sheets checks its size."""
    with path.open("rb") as handle:
        head = handle.read(SNIFF_BYTES)
    text, encoding = decode_csv_bytes(head[: head.rfind(b"\n") + 1] or head, path.name)
    layout = find_layout(parse_csv_text(text, path.name, options.limits))
    if layout is None or shape_of(layout) != "list" or encoding == "utf-16":  # lines cut at b"\n": not UTF-16
        return None
    return [read_patent_list_csv(path, layout, encoding, options.limits, options, skip_invalid, sniff_delimiter(text))]


def read_file(path: Path, options: ReadOptions, skip_invalid: bool = False) -> list[TableResult]:
    """Observations from every sheet of one file. Raises InputError for anything unreadable."""
    if not path.is_file():
        raise InputError(_("no such file"), file=str(path))
    if path.stat().st_size == 0:
        raise InputError(_("the file is empty"), file=path.name)
    if path.suffix.lower() == ".csv" and path.stat().st_size > LARGE_CSV_BYTES and not is_workbook(path):
        results = _read_large_csv(path, options, skip_invalid)
        if results is not None:
            return results
    results = [r for sheet in read_sheets(path, options.limits) if (r := read_sheet(sheet, options, skip_invalid)) is not None]
    if not results:
        raise InputError(_("no table found: the file holds no header row with patent figures"), file=path.name)
    return results
