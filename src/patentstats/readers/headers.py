"""Finding a table inside a sheet: the title lines above it, its (possibly multi-row,
merged) header, and what each column holds."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass, field

from ..labels import normalize_text, strip_invisible
from .cells import CellError, Period, is_blank, parse_period_label, parse_title
from .files import Sheet
from .vocabulary import match_measure, match_patent_type, vocabulary

__all__ = ["Column", "Layout", "find_layout", "column_role", "is_note_row", "region_name"]

MAX_HEADER_ROWS = 4
MAX_TITLE_ROWS = 12
# fields a list or tidy table names by a whole header cell (the rest are kinds of figure columns)
FIELD_ROLES = ("appno", "pubno", "filing_date", "grant_date", "pub_date", "office", "applicant", "address", "region", "city",
               "legal_status", "lapse_date",
               "year", "period", "measure", "patent_type", "basis")
HEADER_KINDS = ("measure", "patent_type", "basis", "comparison", "ignore", "of_which")


@dataclass
class Column:
    """One column: its header path and what it holds.

    ``role`` is a field of the vocabulary for tidy tables and lists, 'figure' for a column of
    counts or growth rates in a wide table, 'ignored' (``why`` says what it holds instead) or
    'unknown' (nothing in its header is in the vocabulary).
    """

    index: int
    path: tuple[str, ...]
    role: str
    measure: str | None = None
    patent_type: str | None = None
    basis: str | None = None  # 'count' | 'ytd'
    comparison: str | None = None  # None | 'prev_year' | 'yoy'
    period: Period | None = None
    of_which: bool = False  # 其中: splits the column before it
    why: str | None = None  # for an ignored column: rank, share, stock, applicant_kind...

    @property
    def name(self) -> str:
        return "/".join(self.path) or f"#{self.index + 1}"


@dataclass
class Layout:
    """Where a table sits in a sheet. Row numbers are 0-based indices into ``sheet.rows``."""

    sheet: Sheet
    title: str
    header_rows: list[int]
    columns: list[Column]
    data_rows: list[int] = field(default_factory=list)

    def role_column(self, role: str) -> Column | None:
        return next((c for c in self.columns if c.role == role), None)


def _texts(row: list[object]) -> list[str]:
    return ["" if is_blank(v) else str(v).strip() for v in row]


def _span(row: list[str]) -> int:
    """How far across a row reaches: the position of its last filled cell, plus one."""
    return max((i + 1 for i, t in enumerate(row) if t), default=0)


def _is_data_cell(value: object) -> bool:
    if isinstance(value, (int, float, dt.date)) and not isinstance(value, bool):
        return True
    text = normalize_text(value) if not is_blank(value) else ""
    return bool(re.fullmatch(r"[+-]?[\d,]+(\.\d+)?%?|(cn|zl)?[\d.x]{8,}|[-—–－/]{1,2}", text))


def _is_aside(text: str) -> bool:
    """A unit cell ('单位：件') or form metadata ('表号：', '制表机关：'): beside a table, never its title."""
    words = vocabulary()
    return bool(words.prefix("unit_prefix", text) or words.prefix("meta_prefix", text))


# a note, not a title: Chinese sentence punctuation, a numbered or lettered item (1、 (2) b)),
# a comma between Chinese words, or English prose (a comma or stop before a lower-case word)
_SENTENCE = re.compile(r"[，。；;]|^[(（]?(\d{1,2}|[a-zA-Z])[、.)）](?!\d)|[\u4e00-\u9fff],[\u4e00-\u9fff]|[.,] [a-z]")
TITLE_CHARS = 160


def is_note_row(texts: list[str]) -> bool:
    """A unit row, form metadata, a footnote ('注：…', '数据来源：…') or a sentence on its own
    line (a numbered note, anything longer than a title): never data or title."""
    filled = [t for t in texts if t]
    if not filled:
        return False
    if len(filled) == 1 and (len(filled[0]) > TITLE_CHARS or _SENTENCE.search(filled[0])):
        return True
    return all(_is_aside(t) for t in filled) or vocabulary().prefix("note_prefix", filled[0]) is not None


_CJK_SPACE = re.compile(r"(?<=[\u3400-\u9fff])[\s\u3000]+|[\s\u3000]+(?=[\u3400-\u9fff])")


def region_name(value: object) -> str:
    """A region as printed, without the spaces typesetters put inside Chinese names ('澧 县' -> '澧县')."""
    return _CJK_SPACE.sub("", unicodedata.normalize("NFC", strip_invisible(str(value))).strip())


def column_role(path: tuple[str, ...]) -> str | None:
    """The list or tidy-table field a header names: one cell, or a diagonal corner cell whose
    every part is a field ('类型/单位' names the row labels by its last part)."""
    words = vocabulary()
    roles = [words.whole("field", re.sub(r"[(（][^)）]*[)）]$", "", part.strip(" :：*")) or part.strip(" :：*"))
             for part in path]
    return roles[-1] if roles and all(roles) else None


_YTD_SPAN = re.compile(r"(?<!\d)1\s*[-－—~～至到]\s*(?:[2-9]|1[0-2])\s*月")  # 申请量1-9月累计: from January


def _basis_of(cell: str) -> str | None:
    """'count', 'ytd' or None: a span from January ('1-10月累计') is year to date whatever its words."""
    try:
        span = parse_period_label(cell)
    except CellError:
        span = None
    if span is not None and span.first == 1 and span.last > 1 or _YTD_SPAN.search(cell):
        return "ytd"
    return parse_title(cell).basis or vocabulary().find("basis", cell)


def _classify(index: int, path: tuple[str, ...]) -> Column:
    words = vocabulary()
    role = column_role(path)
    joined = "/".join(path)
    if role in FIELD_ROLES or (role in ("value", "count", "ytd") and match_measure(joined) is None):
        return Column(index, path, role)
    if why := words.find("ignore", joined):
        return Column(index, path, "ignored", why=why)
    measure, patent_type = match_measure(joined), match_patent_type(joined)
    comparison = words.find("comparison", joined)
    basis, period = None, None
    for cell in path:
        info = parse_title(cell)
        period = info.period or period
        basis = _basis_of(cell) or basis
    if measure is None and patent_type is None and comparison is None and basis is None:
        return Column(index, path, "unknown")
    # a bare 当月累计, 去年同期 or 同比 takes the measure (and type) the title names
    of_which = words.find("of_which", joined) is not None
    return Column(index, path, "figure", measure, patent_type, basis, comparison, period, of_which)


def _inherit_of_which(columns: list[Column]) -> None:
    """Columns under 其中 split the column before them: they take its measure and basis."""
    whole: Column | None = None
    for column in columns:
        if column.role != "figure":
            continue
        if not column.of_which:
            whole = column
        elif whole is not None:
            column.measure = column.measure or whole.measure
            column.basis = column.basis or whole.basis


def is_header_word(text: str) -> bool:
    words = vocabulary()
    return bool(column_role((text,)) or any(words.find(kind, text) for kind in HEADER_KINDS))


def _continues_header(row: list[str], above: list[str]) -> bool:
    """A row under a header row, with no figure in it, is more header when its first cell is
    merged down (blank or repeated), every cell in it is a header word, or it labels several
    columns (an English gloss row, a label split over two rows: 按国内外 above 分组)."""
    if not row[0] or (above and row[0] == above[0]):
        return True
    filled = [t for t in row if t]
    return all(is_header_word(t) for t in filled) or len(filled) >= 3 and not any(re.search(r"\d", t) for t in filled)


def _header_paths(rows: list[list[str]], width: int) -> list[tuple[str, ...]]:
    grid = [r + [""] * (width - len(r)) for r in rows]
    for r, row in enumerate(grid[:-1]):  # merged cells saved as CSV leave blanks to the right
        for c in range(1, width):
            if not row[c] and row[c - 1] and any(grid[k][c] for k in range(r + 1, len(grid))):
                row[c] = row[c - 1]
    paths = []
    for c in range(width):
        path: list[str] = []
        for row in grid:
            if row[c] and (not path or path[-1] != row[c]):
                path.append(row[c])
        paths.append(tuple(path))
    return paths


def _title_and_start(texts: list[list[str]], sheet: Sheet) -> tuple[list[str], int | None]:
    """The title lines above the table and the header's first row: the first row that labels
    several columns and reaches at least half way across (a title split by a comma does not)."""
    title_parts: list[str] = [sheet.name or ""]
    width = max((_span(row) for row in texts[: MAX_TITLE_ROWS + 20]), default=0)
    for i, row in enumerate(texts[: MAX_TITLE_ROWS + 1]):
        content = [t for t in row if t and not _is_aside(t)]
        if len(set(content)) >= 2 and _span(row) >= width / 2 and not is_note_row(row):
            return title_parts, i
        if not is_note_row(row):
            title_parts.extend(dict.fromkeys(content))
    return title_parts, None


def _header_rows(rows: list[list[object]], texts: list[list[str]], start: int) -> list[int]:
    header_rows = [start]
    while len(header_rows) < MAX_HEADER_ROWS and (nxt := header_rows[-1] + 1) < len(rows) and any(texts[nxt]) \
            and not any(_is_data_cell(v) for v in rows[nxt]) and not is_note_row(texts[nxt]) \
            and _continues_header(texts[nxt], texts[header_rows[-1]]):
        header_rows.append(nxt)
    return header_rows


def find_layout(sheet: Sheet) -> Layout | None:
    """Title, header and data rows of a sheet; None when the sheet holds no table at all."""
    texts = [_texts(r) for r in sheet.rows]
    title_parts, start = _title_and_start(texts, sheet)
    if start is None:
        return None
    header_rows = _header_rows(sheet.rows, texts, start)
    paths = _header_paths([texts[i] for i in header_rows], max((len(r) for r in texts), default=0))
    columns = [_classify(c, p) for c, p in enumerate(paths)]
    _inherit_of_which(columns)
    data_rows = [i for i in range(header_rows[-1] + 1, len(texts)) if any(texts[i]) and not is_note_row(texts[i])]
    title_parts.append(re.sub(r"[_\s]+", " ", sheet.file.rsplit(".", 1)[0]))  # the file name comes last
    return Layout(sheet, " | ".join(t for t in title_parts if t), header_rows, columns, data_rows)  # parts stay apart
