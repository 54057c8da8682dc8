"""Web pages in, grids out: the tables of a saved page (.html, .htm, or HTML saved under an
Excel or CSV name, as many government sites export), read like sheets. Parsing only: nothing
is fetched, scripts and styles are skipped, and rowspan/colspan fill every cell they cover with
their text, as merged cells do in a workbook. The lines of text just above a table are its title."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

from ..errors import InputError
from ..i18n import _
from ..limits import Limits, over_limit
from .containers import check_file_size
from .sheet import Sheet, decode_csv_bytes

__all__ = ["looks_like_html", "read_html"]

TITLE_LINES = 8
_INDENT = re.compile(r"[ \t\xa0\u3000]+(?=\S)")
_FIGURE = re.compile(r"^[\d,，]+$")
_BREAKS = {"p", "div", "br", "h1", "h2", "h3", "h4", "h5", "h6", "li", "tr", "caption", "title", "center", "span"}
_SKIPPED = {"script", "style", "noscript", "template"}


def looks_like_html(head: bytes) -> bool:
    text = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    return text.startswith((b"<html", b"<!doctype html", b"<table", b"<meta", b"<!--")) or b"<html" in text[:1024] \
        or b"<table" in text[:4096]


@dataclass
class _Table:
    title: list[str]
    rows: list[list[tuple[str, int, int]]] = field(default_factory=list)  # (text, rowspan, colspan)
    nested: bool = False


class _PageParser(HTMLParser):
    """Collects every table's cells and the text lines above it."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tables: list[_Table] = []
        self.open: list[_Table] = []
        self.lines: list[str] = [""]
        self.cell: list[str] | None = None
        self.span = (1, 1)
        self.skipping = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIPPED:
            self.skipping += 1
        elif tag == "table":
            if self.open:
                self.open[-1].nested = True
            self.open.append(_Table([line for line in self.lines if line.strip()][-TITLE_LINES:]))
            self.lines = [""]
        elif tag == "tr" and self.open:
            self.open[-1].rows.append([])
        elif tag in ("td", "th") and self.open:
            values = dict(attrs)
            self.cell, self.span = [], (_span(values.get("rowspan")), _span(values.get("colspan")))
        elif tag in _BREAKS:
            self._break()

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIPPED:
            self.skipping = max(0, self.skipping - 1)
        elif tag in ("td", "th") and self.cell is not None and self.open:
            self._close_cell()
        elif tag == "table" and self.open:
            if self.cell is not None:
                self._close_cell()
            self.tables.append(self.open.pop())
        elif tag in _BREAKS:
            self._break()

    def handle_data(self, data: str) -> None:
        if self.skipping:
            return
        if self.cell is not None:
            self.cell.append(data)
        elif not self.open:
            self.lines[-1] += data

    def _break(self) -> None:
        if self.cell is not None:
            self.cell.append("\n")
        elif not self.open:
            self.lines.append("")

    def _close_cell(self) -> None:
        raw = "".join(self.cell or [])
        text = "\n".join(" ".join(line.split()) for line in raw.splitlines()).strip()
        indent = _INDENT.match(raw)  # &nbsp; or spaces before the text, on its line: a yearbook's hierarchy
        text = " " * len(indent.group().replace("\u3000", "  ")) + text if indent else text
        if not self.open[-1].rows:
            self.open[-1].rows.append([])
        self.open[-1].rows[-1].append((text, *self.span))
        self.cell = None


def _span(value: str | None) -> int:
    try:
        return max(1, min(int(value or 1), 1000))
    except ValueError:
        return 1


def _grid(table: _Table) -> list[list[object]]:
    """The table's cells placed as a browser places them, each span filled with its text."""
    grid: dict[tuple[int, int], str] = {}
    for r, row in enumerate(table.rows):
        c = 0
        for text, rowspan, colspan in row:
            while (r, c) in grid:
                c += 1
            for dr in range(rowspan):
                for dc in range(colspan):
                    grid[(r + dr, c + dc)] = text
            c += colspan
    height = max((r for r, _col in grid), default=-1) + 1
    width = max((c for _row, c in grid), default=-1) + 1
    return [[grid.get((r, c)) or None for c in range(width)] for r in range(height)]


def read_html(path: Path, limits: Limits) -> list[Sheet]:
    """A sheet per table of the page that holds figures (layout tables around others are skipped)."""
    check_file_size(path, limits)
    text, _encoding = decode_csv_bytes(path.read_bytes(), path.name)
    parser = _PageParser()
    parser.feed(text)
    parser.close()
    sheets = []
    for number, table in enumerate(parser.tables, start=1):
        if table.nested or not any(_FIGURE.match(text) for row in table.rows for text, _, _ in row):
            continue  # a layout table around the data, or a table of links
        cells = _grid(table)
        size = len(cells) * max((len(r) for r in cells), default=0)
        if size > limits.cells:
            raise over_limit(_("table {number} of the page has {cells:,} cells").format(number=number, cells=size), "cells",
                             limits, path.name)
        if any(isinstance(v, str) and len(v) > limits.cell_chars for row in cells for v in row):
            raise over_limit(_("table {number} of the page has a longer cell").format(number=number), "cell_chars", limits,
                             path.name)
        title_rows: list[list[object]] = [[line.strip()] for line in table.title]
        sheets.append(Sheet(path.name, None if len(parser.tables) == 1 else _("table {number}").format(number=number),
                            [*title_rows, *cells]))
    if not sheets:
        raise InputError(_("a web page (HTML) with no table of figures in it"), file=path.name)
    return sheets
