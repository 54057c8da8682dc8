"""Finding a table inside a sheet: the title lines above it, its (possibly multi-row,
merged) header, and what each column holds."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from ..labels import match_measure, match_patent_type, normalize_text
from .cells import MONTHLY_WORDS, YTD_WORDS, Period, is_blank, parse_title
from .files import Sheet

__all__ = ["Column", "Layout", "find_layout", "column_role"]

MAX_HEADER_ROWS = 4
MAX_TITLE_ROWS = 12

# Whole-cell names of the fields of tidy tables and patent lists (normalized). Checked before
# measure and type words, because '申请号' and '授权公告日' contain '申请' and '授权'.
ROLE_NAMES: dict[str, tuple[str, ...]] = {
    "appno": ("申请号", "申请专利号", "专利申请号", "专利号", "applicationnumber", "applicationno", "appno", "app_no",
              "application_number", "application_no", "patentnumber"),
    "filing_date": ("申请日", "申请日期", "filingdate", "filing_date", "applicationdate", "application_date"),
    "grant_date": ("授权公告日", "授权日", "授权日期", "授权公告日期", "公告日", "grantdate", "grant_date"),
    "region": ("地区", "区域", "县区", "区县", "县市区", "县(市、区)", "县(市,区)", "行政区", "行政区划", "单位", "地区名称",
               "region", "area", "district", "county", "city"),
    "year": ("年份", "年度", "年", "year"),
    "period": ("月份", "月", "时间", "期间", "统计期", "统计时间", "month", "period"),
    "measure": ("指标", "项目", "统计指标", "指标名称", "measure", "indicator", "metric"),
    "patent_type": ("类型", "专利类型", "种类", "专利种类", "type", "patenttype", "patent_type", "kind"),
    "basis": ("口径", "统计口径", "basis"),
    "value": ("数量", "件数", "数值", "值", "数目", "value", "number", "amount"),
    "count": ("count", "本月", "当月"),
    "ytd": ("ytd", "累计"),
}
# Columns that hold something other than patent counts (stock, targets, ranks, trademarks...).
IGNORED_WORDS = ("序号", "排名", "名次", "备注", "说明", "占比", "比重", "完成率", "目标", "任务", "计划", "环比",
                 "有效", "拥有量", "万人", "pct", "商标", "代理", "rank", "note", "remark", "share", "target")
PREV_YEAR_WORDS = ("去年同期", "上年同期", "上年", "去年", "lastyear", "prioryear", "previousyear")
YOY_WORDS = ("同比", "增长", "增幅", "增速", "yoy", "growth", "change", "%")
UNIT_ROW = re.compile(r"^(单位|计量单位|unit)[:：]")
FOOTNOTE = re.compile(r"^(注|备注|说明|数据来源|来源|资料来源|note|source)[:：\d]")
TOTAL_ROW_WORDS = ("合计", "总计", "小计", "全县", "全市", "全区", "全省", "全国", "total")


@dataclass
class Column:
    """One column: its header path and what it holds.

    ``role`` is a field name from ROLE_NAMES for tidy tables and lists, 'figure' for a column
    of counts or growth rates in a wide table, or 'ignored'.
    """

    index: int
    path: tuple[str, ...]
    role: str
    measure: str | None = None
    patent_type: str | None = None
    basis: str | None = None  # 'count' | 'ytd'
    comparison: str | None = None  # None | 'prev_year' | 'yoy'
    period: Period | None = None

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
    return bool(re.fullmatch(r"[+-]?[\d,]+(\.\d+)?%?|(cn|zl)?[\d.x]{8,}", text))


def is_note_row(texts: list[str]) -> bool:
    """A unit row ('单位：件') or footnote ('注：…', '数据来源：…'): not data."""
    filled = [t for t in texts if t]
    if not filled:
        return False
    return all(UNIT_ROW.match(normalize_text(t)) for t in filled) or bool(FOOTNOTE.match(normalize_text(filled[0])))


def is_total_label(text: str) -> bool:
    norm = normalize_text(text)
    return any(norm.startswith(w) or norm.endswith(w) for w in TOTAL_ROW_WORDS)


def column_role(path: tuple[str, ...]) -> str | None:
    """The tidy/list field a single-name header stands for, if any."""
    if not path:
        return None
    norm = normalize_text(path[-1]).strip("()（）:：*")
    norm = re.sub(r"[(（][^)）]*[)）]$", "", norm) or norm  # '数量(件)' -> '数量'
    for role, names in ROLE_NAMES.items():
        if norm in names:
            return role
    return None


def _classify(index: int, path: tuple[str, ...]) -> Column:
    role = column_role(path) if len(path) == 1 else None
    if role in ("appno", "filing_date", "grant_date", "region", "year", "period", "measure", "patent_type", "basis"):
        return Column(index, path, role)
    joined = normalize_text("/".join(path))
    if role in ("value", "count", "ytd") and match_measure(joined) is None:
        return Column(index, path, role)
    if any(w in joined for w in IGNORED_WORDS):
        return Column(index, path, "ignored")
    measure, patent_type = match_measure(joined), match_patent_type(joined)
    comparison = "prev_year" if any(w in joined for w in PREV_YEAR_WORDS) else None
    if comparison is None and any(w in joined for w in YOY_WORDS):
        comparison = "yoy"
    basis, period = None, None
    for cell in path:
        info = parse_title(cell)
        norm = normalize_text(cell)
        if info.period is not None:
            period, basis = info.period, info.basis or basis
        if any(w in norm for w in YTD_WORDS):
            basis = "ytd"
        elif any(w in norm for w in MONTHLY_WORDS):
            basis = "count"
    if measure is None and patent_type is None and comparison is None:
        return Column(index, path, "unknown")  # a bare 去年同期 or 同比 takes the measure the title names
    return Column(index, path, "figure", measure, patent_type, basis, comparison, period)


def _continues_header(row: list[str], above: list[str]) -> bool:
    """A row under a header row is more header when its first cell is merged down (blank or
    repeated) or every cell in it is a header word; else it is the first data row."""
    if not row[0] or (above and row[0] == above[0]):
        return True
    words = (*YTD_WORDS, *MONTHLY_WORDS, *PREV_YEAR_WORDS, *YOY_WORDS)
    return all(match_measure(t) or match_patent_type(t) or any(w in normalize_text(t) for w in words)
               or column_role((t,)) for t in row if t)


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


def find_layout(sheet: Sheet) -> Layout | None:
    """Title, header and data rows of a sheet; None when the sheet holds no table at all."""
    rows = sheet.rows
    texts = [_texts(r) for r in rows]
    title_parts: list[str] = [sheet.name or ""]
    start = None
    # the header reaches at least half way across the table; a title split by a comma in a CSV does not
    width = max((_span(row) for row in texts[: MAX_TITLE_ROWS + 20]), default=0)
    for i, row in enumerate(texts[: MAX_TITLE_ROWS + 1]):
        filled = [t for t in row if t]
        if len(set(filled)) >= 2 and _span(row) >= width / 2 and not is_note_row(row):
            start = i
            break
        title_parts.extend(dict.fromkeys(filled))
    if start is None:
        return None
    header_rows = [start]
    while (
        len(header_rows) < MAX_HEADER_ROWS
        and (nxt := header_rows[-1] + 1) < len(rows)
        and any(texts[nxt])
        and not any(_is_data_cell(v) for v in rows[nxt])
        and not is_note_row(texts[nxt])
        and _continues_header(texts[nxt], texts[header_rows[-1]])
    ):
        header_rows.append(nxt)
    width = max((len(r) for r in texts), default=0)
    paths = _header_paths([texts[i] for i in header_rows], width)
    columns = [_classify(c, p) for c, p in enumerate(paths)]
    data_rows = []
    for i in range(header_rows[-1] + 1, len(rows)):
        if not any(texts[i]):
            continue
        if not is_note_row(texts[i]):
            data_rows.append(i)
    title_parts.append(re.sub(r"[_\s]+", " ", sheet.file.rsplit(".", 1)[0]))  # the file name comes last
    return Layout(sheet, " ".join(t for t in title_parts if t), header_rows, columns, data_rows)
