"""Helpers that write real-shaped CSV and Excel files into tmp_path."""

from __future__ import annotations

import csv
import os
from collections.abc import Callable, Sequence
from pathlib import Path

import pytest
from openpyxl import Workbook

# Messages in English whatever the machine's locale: the tests read them (tests/test_messages.py
# chooses Chinese where it means to). Set before patentstats is imported, and inherited by the
# commands the tests run in child processes.
os.environ["PATENTSTATS_LANG"] = "en"

Rows = Sequence[Sequence[object]]


@pytest.fixture
def write_csv(tmp_path: Path) -> Callable[..., Path]:
    def write(name: str, rows: Rows, encoding: str = "utf-8") -> Path:
        path = tmp_path / name
        with path.open("w", encoding=encoding, newline="") as handle:
            csv.writer(handle).writerows(rows)
        return path
    return write


@pytest.fixture
def write_xlsx(tmp_path: Path) -> Callable[..., Path]:
    def write(name: str, sheets: dict[str, Rows], merges: dict[str, list[str]] | None = None) -> Path:
        book = Workbook()
        book.remove(book.active)
        for title, rows in sheets.items():
            ws = book.create_sheet(title)
            for row in rows:
                ws.append(list(row))
            for cells in (merges or {}).get(title, []):
                ws.merge_cells(cells)
        path = tmp_path / name
        book.save(path)
        return path
    return write
