"""Tables written to .xlsx the way a bureau works with them: one sheet per table, numbers
stored as numbers with number formats (percentages as %), the header row frozen, columns wide
enough to read. Text a spreadsheet would run as a formula (starting =, +, - or @) is stored
as text, whatever file it came from."""

from __future__ import annotations

from collections.abc import Collection, Mapping
from pathlib import Path

import pandas as pd
from openpyxl import Workbook
from openpyxl.cell import Cell
from openpyxl.styles import Font
from openpyxl.worksheet.worksheet import Worksheet

from ..atomic import atomic_path
from ..formatting import is_missing
from .markup import FORMULA_STARTS

__all__ = ["PERCENT_SUFFIX", "write_tables"]

PERCENT_SUFFIX = "(%)"  # a column whose header ends so holds percentages (61.6 for 61.6%)
FORMATS = {"percent": "0.0%", "count": "#,##0", "number": "#,##0.0"}


def write_tables(path: Path, tables: Mapping[str, pd.DataFrame], plain: Collection[str] = (),
                 titles: Mapping[str, str] | None = None) -> None:
    """Write each frame to its own sheet of a new workbook at ``path``, atomically. Columns
    named in ``plain`` (years, months) show their numbers without a thousands separator. A
    sheet with a title in ``titles`` has it in a first row (region, period, unit), above the header."""
    book = Workbook()
    book.remove(book.active)
    for name, frame in tables.items():
        _write_sheet(book.create_sheet(name[:31]), frame, plain, (titles or {}).get(name))
    with atomic_path(path) as tmp:
        book.save(tmp)


def _write_sheet(ws: Worksheet, frame: pd.DataFrame, plain: Collection[str], title: str | None = None) -> None:
    percent = [str(c).endswith(PERCENT_SUFFIX) for c in frame.columns]
    if title:
        ws.append([title])
        ws.cell(1, 1).font = Font(bold=True)
        _as_text_or_number(ws.cell(1, 1), False)  # a region name is data: never a formula
    header = ws.max_row + 1 if title else 1
    ws.append([str(c).removesuffix(PERCENT_SUFFIX) for c in frame.columns])
    for values in frame.itertuples(index=False):
        ws.append([_value(v, is_pct) for v, is_pct in zip(values, percent, strict=True)])
    for column in ws.iter_cols(min_row=header):
        for cell in column:
            _as_text_or_number(cell, percent[cell.column - 1] and cell.row > header)
            if column[0].value in plain and cell.row > header:
                cell.number_format = "0"
        width = max(_display_width(cell.value) for cell in column)
        ws.column_dimensions[column[0].column_letter].width = min(max(width + 2, 6), 40)
    ws.freeze_panes = f"A{header + 1}"


def _value(value: object, is_pct: bool) -> object:
    if is_missing(value):
        return None
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return float(value) / 100 if is_pct else value
    return value.item() if hasattr(value, "item") else str(value)  # numpy scalars to Python numbers


def _as_text_or_number(cell: Cell, is_pct: bool) -> None:
    if isinstance(cell.value, str) and cell.value.startswith(FORMULA_STARTS):
        cell.data_type = "s"  # openpyxl took '=...' for a formula
        cell.quotePrefix = True  # and Excel keeps it text when the cell is edited
    elif isinstance(cell.value, (int, float)):
        cell.number_format = FORMATS["percent" if is_pct else "count" if float(cell.value).is_integer() else "number"]


def _display_width(value: object) -> int:
    """Columns wide enough for Chinese, which takes two character widths."""
    text = "" if value is None else f"{value:,.1f}" if isinstance(value, float) else str(value)
    return sum(2 if ord(ch) > 0x2E80 else 1 for ch in text)
