"""Files in, grids of cells out: decoding CSV (UTF-8, UTF-8 with BOM, GBK/GB18030) and
reading every sheet of a workbook with merged cells filled in: .xlsx with openpyxl (which
also gives formulas, for =HYPERLINK cells saved without a value), old binary .xls with
python-calamine (Rust, no Python per cell; xlrd would do as well but reads .xls only)."""

from __future__ import annotations

import csv
import io
import re
import warnings
import zipfile
from dataclasses import dataclass
from pathlib import Path

import openpyxl
import python_calamine
from openpyxl.utils.exceptions import InvalidFileException

from ..errors import InputError

__all__ = ["Sheet", "decode_csv_bytes", "parse_csv_text", "read_sheets", "SUPPORTED_SUFFIXES"]

SUPPORTED_SUFFIXES = (".csv", ".txt", ".xlsx", ".xlsm", ".xls")
_HYPERLINK = re.compile(r'^=\s*HYPERLINK\(\s*"(?P<link>[^"]*)"\s*(?:[,;]\s*"(?P<text>[^"]*)"\s*)?\)\s*$', re.I)


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
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)
        book = openpyxl.load_workbook(path, data_only=False)
    for sheet in sheets:
        for r, row in enumerate(book[sheet.name].iter_rows(values_only=True)):
            for c, formula in enumerate(row):
                if r < len(sheet.rows) and c < len(sheet.rows[r]) and sheet.rows[r][c] is None \
                        and (text := hyperlink_text(formula)) is not None:
                    sheet.rows[r][c] = text


def _has_hyperlink_formulas(path: Path) -> bool:
    with zipfile.ZipFile(path) as archive:
        return any(b"HYPERLINK(" in archive.read(name).upper() for name in archive.namelist()
                   if name.startswith("xl/worksheets/") and name.endswith(".xml"))


def read_workbook(path: Path) -> list[Sheet]:
    """Every visible sheet of an .xlsx, merged ranges filled with their top-left value."""
    try:
        with warnings.catch_warnings():  # 'no default style' and the like: about looks, not data
            warnings.simplefilter("ignore", UserWarning)
            book = openpyxl.load_workbook(path, data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, OSError) as exc:
        raise InputError(f"not a readable Excel workbook ({type(exc).__name__})", file=path.name) from None
    sheets = []
    for ws in book.worksheets:
        if ws.sheet_state != "visible":
            continue
        rows = [list(r) for r in ws.iter_rows(values_only=True)]
        _fill_merged(rows, [(m.min_row - 1, m.min_col - 1, m.max_row - 1, m.max_col - 1) for m in ws.merged_cells.ranges])
        sheets.append(Sheet(path.name, ws.title, rows))
    if _has_hyperlink_formulas(path):
        _formula_texts(path, sheets)
    return sheets


def read_old_workbook(path: Path) -> list[Sheet]:
    """Every visible sheet of an old binary .xls (BIFF), merged ranges filled."""
    try:
        book = python_calamine.CalamineWorkbook.from_path(str(path))
        sheets = []
        for meta in book.sheets_metadata:
            if str(meta.visible).rsplit(".", 1)[-1].lower() != "visible":
                continue
            ws = book.get_sheet_by_name(meta.name)
            rows: list[list[object]] = [[None if v == "" else v for v in row]
                                         for row in ws.to_python(skip_empty_area=False)]
            ranges = [(a[0], a[1], b[0], b[1]) for a, b in (ws.merged_cell_ranges or [])]
            _fill_merged(rows, ranges)
            sheets.append(Sheet(path.name, meta.name, rows))
    except (python_calamine.CalamineError, python_calamine.PasswordError, python_calamine.XmlError,
            python_calamine.ZipError, ValueError, OSError) as exc:
        raise InputError(f"not a readable .xls workbook ({str(exc).splitlines()[0][:120]})", file=path.name) from None
    return sheets


def read_sheets(path: Path) -> list[Sheet]:
    """The grids of a CSV or workbook. Raises InputError for other or unreadable files."""
    suffix = path.suffix.lower()
    if suffix in (".csv", ".txt"):
        return [read_csv_grid(path)]
    if suffix in (".xlsx", ".xlsm"):
        return read_workbook(path)
    if suffix == ".xls":
        return read_old_workbook(path)
    raise InputError(f"not a table file: expected one of {', '.join(SUPPORTED_SUFFIXES)}", file=path.name)
