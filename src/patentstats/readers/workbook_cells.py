"""Raw cells of every visible sheet of a workbook, read with python-calamine.

Kept apart from the readers (and light to import) so that it can run in a child process:
on some damaged .xls files the Rust reader asks for hundreds of gigabytes and aborts the
whole process, which no exception handler can catch, or prints a panic to stderr. Run as
``python -m patentstats.workbook_cells FILE MAX_CELLS``, it writes the pickled result to
stdout; a crash then costs only the child."""

from __future__ import annotations

import pickle
import sys
from dataclasses import dataclass
from typing import BinaryIO

import python_calamine

__all__ = ["RawSheet", "Refusal", "read_cells"]


@dataclass
class RawSheet:
    name: str
    rows: list[list[object]]
    merged: list[tuple[int, int, int, int]]  # 0-based first row, first column, last row, last column


@dataclass
class Refusal:
    reason: str  # 'password', 'cells' or 'unreadable'
    detail: str = ""
    sheet: str | None = None


def read_cells(source: BinaryIO, max_cells: int) -> list[RawSheet] | Refusal:
    """Visible sheets of a path or binary file object; the format is taken from the content.
    A sheet whose grid would exceed max_cells is refused before its cells become objects."""
    try:
        book = python_calamine.CalamineWorkbook.from_filelike(source)
        sheets = []
        for meta in book.sheets_metadata:
            if str(meta.visible).rsplit(".", 1)[-1].lower() != "visible":
                continue
            ws = book.get_sheet_by_name(meta.name)
            if ws.height * ws.width > max_cells:
                return Refusal("cells", f"the sheet spans {ws.height:,} rows x {ws.width:,} columns", meta.name)
            rows: list[list[object]] = [list(row) for row in ws.to_python(skip_empty_area=False)]
            merged = [(a[0], a[1], b[0], b[1]) for a, b in (ws.merged_cell_ranges or [])]
            sheets.append(RawSheet(meta.name, rows, merged))
        return sheets
    except BaseException as exc:  # the Rust reader reports some malformed content as a panic, not an Exception
        if isinstance(exc, (KeyboardInterrupt, SystemExit)):
            raise
        if isinstance(exc, python_calamine.PasswordError):
            return Refusal("password")
        return Refusal("unreadable", str(exc).splitlines()[0][:120] if str(exc) else type(exc).__name__)


if __name__ == "__main__":
    from patentstats.readers import workbook_cells  # the package's classes, not __main__'s, so the parent can unpickle

    with open(sys.argv[1], "rb") as handle:
        result = workbook_cells.read_cells(handle, int(sys.argv[2]))
    sys.stdout.buffer.write(pickle.dumps(result))
