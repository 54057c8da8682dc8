"""Files in, grids of cells out: decoding CSV (UTF-8, UTF-8 with BOM, GBK/GB18030) and
reading every sheet of a workbook with merged cells filled in."""

from __future__ import annotations

import csv
import io
import zipfile
from dataclasses import dataclass
from pathlib import Path

import openpyxl
from openpyxl.utils.exceptions import InvalidFileException

from ..errors import InputError

__all__ = ["Sheet", "decode_csv_bytes", "parse_csv_text", "read_sheets", "SUPPORTED_SUFFIXES"]

SUPPORTED_SUFFIXES = (".csv", ".txt", ".xlsx", ".xlsm")


@dataclass
class Sheet:
    """One grid of cells; ``rows[i]`` is spreadsheet row ``i + 1``."""

    file: str
    name: str | None
    rows: list[list[object]]


def decode_csv_bytes(data: bytes, file: str) -> tuple[str, str]:
    """Text and encoding name of a CSV: BOM, then UTF-8, then GB18030 (a superset of GBK)."""
    candidates: tuple[str, ...]
    if data.startswith(b"\xef\xbb\xbf"):
        candidates = ("utf-8-sig",)
    elif data.startswith((b"\xff\xfe", b"\xfe\xff")):
        candidates = ("utf-16",)
    else:
        candidates = ("utf-8", "gb18030")
    for encoding in candidates:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if "\x00" in text:
            break
        return text, encoding
    raise InputError("cannot decode the text: expected UTF-8 (with or without BOM), GBK or GB18030", file=file)


def _sniff_delimiter(text: str) -> str:
    sample = "\n".join(text.splitlines()[:50])
    counts = {d: sample.count(d) for d in (",", "\t", ";", "|")}
    return max(counts, key=lambda d: counts[d]) if any(counts.values()) else ","


def parse_csv_text(text: str, file: str) -> Sheet:
    """The cells of decoded CSV text, with the delimiter it uses (comma, tab, semicolon, bar)."""
    try:
        rows: list[list[object]] = [list(r) for r in csv.reader(io.StringIO(text), delimiter=_sniff_delimiter(text))]
    except csv.Error as exc:
        raise InputError(f"not a readable CSV table ({exc})", file=file) from None
    return Sheet(file, None, rows)


def read_csv_grid(path: Path) -> Sheet:
    """All cells of a small CSV as text."""
    text, _ = decode_csv_bytes(path.read_bytes(), path.name)
    return parse_csv_text(text, path.name)


def read_workbook(path: Path) -> list[Sheet]:
    """Every visible sheet of an .xlsx, merged ranges filled with their top-left value."""
    try:
        book = openpyxl.load_workbook(path, data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, OSError) as exc:
        raise InputError(f"not a readable Excel workbook ({type(exc).__name__})", file=path.name) from None
    sheets = []
    for ws in book.worksheets:
        if ws.sheet_state != "visible":
            continue
        rows = [list(r) for r in ws.iter_rows(values_only=True)]
        for merged in ws.merged_cells.ranges:
            top_left = rows[merged.min_row - 1][merged.min_col - 1]
            for r in range(merged.min_row - 1, min(merged.max_row, len(rows))):
                for c in range(merged.min_col - 1, min(merged.max_col, len(rows[r]))):
                    rows[r][c] = top_left
        sheets.append(Sheet(path.name, ws.title, rows))
    return sheets


def read_sheets(path: Path) -> list[Sheet]:
    """The grids of a CSV or workbook. Raises InputError for other or unreadable files."""
    suffix = path.suffix.lower()
    if suffix in (".csv", ".txt"):
        return [read_csv_grid(path)]
    if suffix in (".xlsx", ".xlsm"):
        return read_workbook(path)
    if suffix == ".xls":
        raise InputError("old .xls workbooks are not read: save it as .xlsx or CSV", file=path.name)
    raise InputError(f"not a table file: expected one of {', '.join(SUPPORTED_SUFFIXES)}", file=path.name)
