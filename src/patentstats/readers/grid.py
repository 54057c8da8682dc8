"""One reader for every published statistics table.

A table is read in small passes, on the model of table-understanding tools: the blocks
(title lines, the column-header rows, the row-label columns or stub, the figures), then every
figure's meaning from its title, its column-header path and its row-label path, each read
through the vocabulary and in the light of the labels beside it. Whether rows are regions,
months, years, origins or types is decided by the labels, never by the layout: a table with
types as rows and regions as columns is read as the same table transposed. What the labels
leave open is decided by the table's own sums (``arithmetic``).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass, replace

from ..errors import InputError
from ..i18n import _
from ..labels import TOTAL
from .arithmetic import check_and_choose
from .cells import CellError, TitleInfo, is_blank, parse_title
from .figures import Figure, TableParts
from .headers import Layout
from .meaning import Meaning, read_axis, read_label
from .tables import ReadOptions, TableResult, title_measure, title_patent_type
from .vocabulary import vocabulary

__all__ = ["read_table"]

MAX_STUB = 4
_COUNT_LIKE = re.compile(r"^[+-]?[\d,，]+(\.\d+)?%?$|^[-—–－/]{1,2}$|^——$")
_PERCENT = re.compile(r"^[+-]?\d+(\.\d+)?%$|^\d+/\d+(\.\d+)?$")


def _text(value: object) -> str:
    return "" if is_blank(value) else str(value).strip()


def _count_like(value: object) -> bool:
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return True
    return bool(_COUNT_LIKE.match(_text(value).replace(" ", "")))


@dataclass
class Grid:
    """The blocks of one table: label columns (stub), figure columns (body), data rows."""

    layout: Layout
    stub: int
    body: list[int]
    rows: list[int]

    def cell(self, row: int, col: int) -> object:
        values = self.layout.sheet.rows[row]
        return values[col] if col < len(values) else None

    def header(self, col: int) -> list[str]:
        return [_text(self.cell(r, col)) for r in self.layout.header_rows]


def _quiet_label(text: str) -> Meaning:
    """A label's meaning where an impossible month only means it is not a label."""
    try:
        return read_label(text)
    except CellError:
        return Meaning()


def _is_label_column(grid: Grid, col: int) -> bool:
    """Row labels: text that is not a figure (names, months, types), or years under 年份."""
    cells = [grid.cell(r, col) for r in grid.layout.data_rows]
    filled = [v for v in cells if not is_blank(v)]
    if not filled:
        return any(grid.header(col)) and col == 0
    if all(isinstance(v, (dt.date, dt.datetime)) or not _count_like(v) for v in filled):
        return True
    named = [_quiet_label(h) for h in grid.header(col) if h]
    return any(m.heading for m in named) and all(_quiet_label(_text(v)).year for v in filled)


def _is_share_row(grid: Grid, row: int) -> bool:
    """A row of percentages under a region (构成 %, the English-named share rows): not counts."""
    filled = [_text(grid.cell(row, c)) for c in grid.body if not is_blank(grid.cell(row, c))]
    return bool(filled) and all(_PERCENT.match(t.replace(" ", "")) for t in filled)


def find_grid(layout: Layout) -> Grid:
    width = max((len(layout.sheet.rows[r]) for r in [*layout.header_rows, *layout.data_rows]), default=0)
    grid = Grid(layout, 0, [], list(layout.data_rows))
    while grid.stub < min(MAX_STUB, width - 1) and _is_label_column(grid, grid.stub):
        grid.stub += 1
    grid.body = [c for c in range(grid.stub, width)
                 if any(grid.header(c)) or any(not is_blank(grid.cell(r, c)) for r in layout.data_rows)]
    grid.rows = _figure_rows(grid, width)
    return grid


def _figure_rows(grid: Grid, width: int) -> list[int]:
    """Data rows down to the last with figures (a date or signature below is not a row), without
    rows of percentages or empty ones."""
    rows = grid.layout.data_rows
    last = max((r for r in rows if any(not is_blank(grid.cell(r, c)) for c in grid.body)), default=-1)
    return [r for r in rows if r <= last and not _is_share_row(grid, r)
            and any(not is_blank(grid.cell(r, c)) for c in range(width))]


def _column_paths(grid: Grid) -> list[list[str]]:
    """Each figure column's header cells, top down: a merged group label (saved as CSV, left
    blank to its right) reaches over the columns below it that share its own parent; a cell
    merged down counts once."""
    rows = [[_text(grid.cell(r, c)) for c in range(max(grid.body, default=0) + 1)] for r in grid.layout.header_rows]
    for i in range(len(rows) - 1):
        _fill_group(rows, i, grid.stub)
    paths = []
    for c in grid.body:
        path = [rows[i][c] for i in range(len(rows))]
        paths.append([t if i == 0 or t != path[i - 1] else "" for i, t in enumerate(path)])
    return paths


def _fill_group(rows: list[list[str]], i: int, stub: int) -> None:
    row = rows[i]
    for c in range(stub + 1, len(row)):
        same_parent = i == 0 or rows[i - 1][c] == rows[i - 1][c - 1]
        if not row[c] and row[c - 1] and same_parent and any(rows[k][c] for k in range(i + 1, len(rows))):
            row[c] = row[c - 1]


def _row_paths(grid: Grid) -> list[list[str]]:
    """Each data row's labels, left to right: a group label merged down (blank below it) is
    carried to the rows under it that have a label of their own. A single label column whose
    labels are indented (yearbooks) is a hierarchy: each row's path runs through the nearest
    less indented labels above it."""
    if grid.stub == 1 and len({_indent(grid.cell(r, 0)) for r in grid.rows if not is_blank(grid.cell(r, 0))}) > 1:
        return _indented_paths(grid)
    raw = [[_text(grid.cell(r, c)) for c in range(grid.stub)] for r in grid.rows]
    for level in range(grid.stub - 1):
        if raw and not raw[0][level] and raw[0][level + 1]:
            _center_groups(raw, level)
    return _carried_down(raw)


def _carried_down(raw: list[list[str]]) -> list[list[str]]:
    paths, above = [], [""] * (len(raw[0]) if raw else 0)
    for path in raw:
        deepest = max((i for i, t in enumerate(path) if t), default=-1)
        path = [t or (above[i] if i < deepest else "") for i, t in enumerate(path)]
        paths.append(path)
        above = path
    return paths


def _center_groups(raw: list[list[str]], level: int) -> None:
    """A group label set in the middle of its rows, as copied web pages have it (小计 / 合计 职务 /
    非职务): the groups start where the labels below start over; each takes the label inside it."""
    starts = [i for i, path in enumerate(raw) if path[level + 1] == raw[0][level + 1]]
    for start, end in zip(starts, [*starts[1:], len(raw)], strict=True):
        labels = {raw[i][level] for i in range(start, end) if raw[i][level]}
        if len(labels) == 1:
            label = labels.pop()
            for i in range(start, end):
                raw[i][level] = label


def _indent(value: object) -> int:
    text = str(value).replace("\u3000", "  ")
    return len(text) - len(text.lstrip())


def _indented_paths(grid: Grid) -> list[list[str]]:
    depths = sorted({_indent(grid.cell(r, 0)) for r in grid.rows if not is_blank(grid.cell(r, 0))})
    chain: list[str] = [""] * len(depths)
    paths = []
    for r in grid.rows:
        value = grid.cell(r, 0)
        if not is_blank(value):
            level = depths.index(_indent(value))
            chain = [*chain[:level], _text(value), *[""] * (len(depths) - level - 1)]
        paths.append(list(chain))
    return paths


def _read_labels(grid: Grid, paths: list[list[str]], fewest_names: int) -> list[Meaning]:
    """The axis read; a label naming an impossible month is an error at that label."""
    try:
        return read_axis(paths, fewest_names)
    except CellError:
        pass
    for i, path in enumerate(paths):
        for j, text in enumerate(path):
            try:
                read_label(text)
            except CellError as exc:
                columns = fewest_names == 1  # rows: the label is in stub column j of data row i
                row = grid.rows[i] if columns else grid.layout.header_rows[j]
                col = j if columns else grid.body[i]
                header = "/".join(t for t in grid.header(col) if t) or f"#{col + 1}"
                raise InputError(str(exc), file=grid.layout.sheet.file, sheet=grid.layout.sheet.name, row=row + 1,
                                 column=header) from None
    raise AssertionError("unreachable: read_axis failed on no label")


def _title_meaning(layout: Layout, grid: Grid) -> tuple[Meaning, TitleInfo]:
    """What the title, sheet name and file name say, with a year or period in the corner cell."""
    info = parse_title(layout.title)
    file_words = re.sub(r"[_\s]+", " ", layout.sheet.file.rsplit(".", 1)[0])
    info = replace(info, basis=parse_title(layout.title.removesuffix(file_words)).basis)  # 'monthly' in a file name
    corner = [_quiet_label(_text(grid.cell(r, c))) for r in layout.header_rows for c in range(grid.stub)]
    for m in corner:
        if m.year is not None and info.year is None:
            info = TitleInfo(m.year, None, info.basis)
    words = vocabulary()
    measures = words.find_each("measure", layout.title)
    meaning = Meaning(measure=measures.pop() if len(measures) == 1 else title_measure(layout.title),
                      patent_type=title_patent_type(layout.title), kind=words.find("kind_column", layout.title),
                      stock=words.find("stock", layout.title), since=info.since)
    return meaning, info


def _column_name(path: Sequence[str]) -> str:
    return "/".join(" ".join(t.split()) for t in path if t)


def read_table(layout: Layout, options: ReadOptions) -> TableResult:
    """Every figure of a published table with its meaning, checked against the table's sums."""
    if other := vocabulary().find("other_title", layout.title):
        raise InputError(_("not a table of patent applications or grants by type: its title names {other}").format(
                         other=other),
                         file=layout.sheet.file, sheet=layout.sheet.name)
    grid = find_grid(layout)
    col_paths, row_paths = _column_paths(grid), _row_paths(grid)
    columns, rows = _read_labels(grid, col_paths, 2), _read_labels(grid, row_paths, 1)
    title, info = _title_meaning(layout, grid)
    parts = TableParts(layout, info, options, months_named=any(m.period for m in [*columns, *rows]))
    for i, r in enumerate(grid.rows):
        for j, c in enumerate(grid.body):
            name = _column_name(col_paths[j])
            said_by = _column_name(row_paths[i]) if _row_says(columns[j], rows[i]) else name
            parts.add(Figure(_combined(title, columns[j], rows[i]), grid.cell(r, c), r, name, said_by,
                             pos=r if rows[i].region or rows[i].region_total else c,
                             unknown=columns[j].unknown or rows[i].unknown))
    check_and_choose(parts)
    return parts.result()


def _row_says(column: Meaning, row: Meaning) -> bool:
    """Whether the row's label, rather than the column's, says what a figure is (for notes)."""
    if column.aside or column.unknown:
        return False
    return bool(row.aside or row.unknown or row.unknown_type or row.kind and not column.kind)


def _combined(title: Meaning, column: Meaning, row: Meaning) -> Meaning:
    """Title, then column, then row; a type total never hides a type named elsewhere (合计 in a
    table of inventions, or beside a column 发明, totals something else)."""
    meaning = title.merged(column).merged(row)
    named = {column.patent_type, row.patent_type, title.patent_type} - {None, TOTAL}
    if meaning.patent_type == TOTAL and len(named) == 1:  # a 合计 that totals something else
        meaning = replace(meaning, patent_type=named.pop())
    if title.stock and not title.since and (column.measure or row.measure) and not (column.stock or row.stock):
        meaning = replace(meaning, stock=None)  # '…申请、授权及有效量': the title's stock is its own columns'
    return meaning
