"""Aggregate tables to observations: tidy long tables, time series (one row per month) and
region rows (one row per county for one period, as city bureaus circulate them).

An observation is one printed figure: region, year, month, measure, patent_type, basis
('count' for that month alone, 'ytd' for January through it), value, and where it was found.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection
from dataclasses import dataclass, field

import pandas as pd

from ..errors import InputError
from ..labels import MEASURES, PATENT_TYPES, TOTAL, normalize_text
from ..limits import DEFAULT_LIMITS, Limits
from .cells import CellError, Period, is_blank, parse_count, parse_percent, parse_period_label, parse_title
from .headers import Column, Layout, is_total_label, region_name
from .vocabulary import match_measure, match_patent_type, vocabulary

__all__ = ["ReadOptions", "OBSERVATION_COLUMNS", "read_tidy", "read_time_series", "read_region_rows", "title_measure",
           "region_from_text"]

OBSERVATION_COLUMNS = ["region", "year", "month", "measure", "patent_type", "basis", "value",
                       "file", "sheet", "row", "column"]
TYPE_CHOICES = ", ".join((*PATENT_TYPES, TOTAL))
REGION_IN_TEXT = re.compile(r"([\u4e00-\u9fff]{1,10}?(?:自治县|县|市|区|旗))")


@dataclass(frozen=True)
class ReadOptions:
    """What the command line says for files that do not say it themselves."""

    region: str | None = None
    period: Period | None = None  # from --period YYYY-MM: the table's month (year to date or that month)
    basis: str | None = None  # 'count' or 'ytd', from --basis
    limits: Limits = DEFAULT_LIMITS  # from --limit NAME=N


@dataclass
class TableResult:
    """What one sheet gave: observations, its shape, warnings, and notes on what was left out
    or which rule was used (for the ingest summary)."""

    observations: pd.DataFrame
    shape: str
    warnings: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    # months from which counts are known to be incomplete: {region, measure, patent_type, year, month}
    incomplete: list[dict[str, object]] = field(default_factory=list)
    # patents a list gave more than once (counted once): {regions, measures, count}
    duplicates: list[dict[str, object]] = field(default_factory=list)
    # patent lists: counts per region, applicant, year, month, measure and patent_type
    applicants: pd.DataFrame | None = None


class _Collector:
    """Builds observation rows with their location, and raises located errors."""

    def __init__(self, layout: Layout) -> None:
        self.layout = layout
        self.rows: list[tuple[object, ...]] = []
        self.warnings: list[str] = []

    def error(self, what: str, row: int | None = None, column: Column | None = None) -> InputError:
        sheet = self.layout.sheet
        return InputError(what, file=sheet.file, sheet=sheet.name, row=None if row is None else row + 1,
                          column=column.name if column else None)

    def count(self, row: int, column: Column) -> int | None:
        try:
            return parse_count(self.cell(row, column))
        except CellError as exc:
            raise self.error(str(exc), row, column) from None

    def cell(self, row: int, column: Column) -> object:
        values = self.layout.sheet.rows[row]
        return values[column.index] if column.index < len(values) else None

    def add(self, region: str, year: int, month: int, measure: str, patent_type: str, basis: str,
            value: int, row: int, column: Column) -> None:
        self.rows.append((region, year, month, measure, patent_type, basis, value,
                          self.layout.sheet.file, self.layout.sheet.name or "", row + 1, column.name))

    def frame(self) -> pd.DataFrame:
        return pd.DataFrame(self.rows, columns=OBSERVATION_COLUMNS)


def region_from_text(text: str) -> str | None:
    """A county or city named in a title or file name, such as 永修县 in '永修县2018年专利月报'."""
    for found in REGION_IN_TEXT.finditer(text):
        name = found.group(1)
        if not name.startswith(("全", "本", "各", "我", "市区", "地区")):
            return name
    return None


def _default_region(layout: Layout, options: ReadOptions, col: _Collector) -> str:
    region = options.region or region_from_text(layout.title)
    if region is None:
        raise col.error("the file does not name its region: pass --region NAME")
    return region


def _require_measure(column: Column, named_measure: str | None, col: _Collector) -> str:
    measure = column.measure or named_measure
    if measure is None:
        raise col.error("cannot tell whether this column counts applications or grants "
                        "(expected a header naming 申请/applications or 授权/grants)", column=column)
    return measure


def title_measure(title: str) -> str | None:
    """The one measure a title names ('…专利申请受理状况月表' -> applications), else None."""
    named = vocabulary().find_all("measure", title)
    return named.pop() if len(named) == 1 else None


def title_patent_type(title: str) -> str | None:
    """The one patent type a title names ('国内发明专利授权状况表'), else None."""
    named = vocabulary().find_all("patent_type", title) - {TOTAL}
    return named.pop() if len(named) == 1 else None


def _unread_columns(layout: Layout, col: _Collector, stored: Collection[int] = ()) -> list[str]:
    """One note naming the columns that hold something other than counts by type (shares,
    ranks, stocks, applicant kinds, headers the vocabulary does not know): left out, never a
    reason to refuse the table, as long as some column holds counts."""
    left: dict[str, list[str]] = {}
    for column in layout.columns:
        if column.role in ("ignored", "unknown") and column.index not in stored \
                and any(not is_blank(col.cell(r, column)) for r in layout.data_rows):
            left.setdefault(column.why or "not in the vocabulary", []).append(column.name)
    if not left:
        return []
    parts = [f"{why.replace('_', ' ')}: {', '.join(dict.fromkeys(names))}" for why, names in left.items()]
    return [f"{layout.sheet.file}: columns left out (not counts by type): {'; '.join(parts)}"]


def _typed(column: Column, title_type: str | None) -> str:
    return column.patent_type or title_type or TOTAL


# ---------------------------------------------------------------- tidy long tables


def _tidy_label(text: object, matcher: Callable[[str], str | None], choices: str, what: str, row: int, column: Column,
                col: _Collector) -> str:
    found = matcher(str(text)) if not is_blank(text) else None
    if found is None:
        raise col.error(f"unknown {what} {text!r}: expected one of {choices}", row, column)
    return found


def read_tidy(layout: Layout, options: ReadOptions) -> TableResult:
    """One row per figure: region?, year?, month or period, measure, type, value(s)."""
    col = _Collector(layout)
    get = layout.role_column
    measure_col, type_col = get("measure"), get("patent_type")
    period_col, year_col, region_col, basis_col = get("period"), get("year"), get("region"), get("basis")
    value_cols = [c for c in layout.columns if c.role in ("value", "count", "ytd")]
    assert measure_col is not None and type_col is not None  # guaranteed by the shape detection
    if period_col is None or not value_cols:
        raise col.error("a long table needs a month (月份/month) column and a value (数量/count/ytd) column")
    title = parse_title(layout.title)
    for r in layout.data_rows:
        if all(is_blank(v) for v in layout.sheet.rows[r]):
            continue
        region = region_name(col.cell(r, region_col)) if region_col else _default_region(layout, options, col)
        measure = _tidy_label(col.cell(r, measure_col), match_measure, ", ".join(MEASURES), "measure", r, measure_col, col)
        patent_type = _tidy_label(col.cell(r, type_col), match_patent_type, TYPE_CHOICES, "patent type", r, type_col, col)
        period = _row_period(col.cell(r, period_col), r, period_col, col)
        year = period.year or (col.count(r, year_col) if year_col else None) or title.year
        if year is None:
            raise col.error("no year: expected a year (年份/year) column or a month such as 2018-01", r, period_col)
        row_basis = _basis_label(col.cell(r, basis_col), r, basis_col, col) if basis_col else None
        for vc in value_cols:
            value = col.count(r, vc)
            if value is None:
                continue
            basis = {"count": "count", "ytd": "ytd"}.get(vc.role) or row_basis or _span_basis(period) \
                or title.basis or options.basis or "count"
            col.add(region, year, period.last, measure, patent_type, basis, value, r, vc)
    return TableResult(col.frame(), "tidy table")


def _basis_label(value: object, row: int, column: Column, col: _Collector) -> str:
    norm = normalize_text(value)
    if norm in ("本月", "当月", "月度", "monthly", "month", "count"):
        return "count"
    if norm in ("累计", "ytd", "cumulative", "yeartodate", "当年累计", "本年累计"):
        return "ytd"
    raise col.error(f"unknown basis {value!r}: expected monthly (本月) or ytd (累计)", row, column)


def _row_period(value: object, row: int, column: Column, col: _Collector) -> Period:
    try:
        if (isinstance(value, (int, float)) and not isinstance(value, bool)) or normalize_text(value).isdigit():
            month = parse_count(value)
            if month is None or not 1 <= month <= 12:
                raise CellError(f"found {value!r}, expected a month between 1 and 12")
            return Period(None, month, month)
        period = parse_period_label(value)
    except CellError as exc:
        raise col.error(str(exc), row, column) from None
    if period is None:
        raise col.error(f"found {value!r}, expected a month such as 1月, 2018年1月, 2018-01 or 1-3月", row, column)
    if period.first != 1 and not period.is_single_month:
        raise col.error(f"found {value!r}: a span that does not start in January cannot be stored; "
                        f"expected one month or a year-to-date span such as 1-3月", row, column)
    return period


def _span_basis(period: Period) -> str | None:
    return "ytd" if period.first == 1 and period.last > 1 else None


# ---------------------------------------------------------------- time series: one row per month


def read_time_series(layout: Layout, options: ReadOptions) -> TableResult:
    """One row per month (1月, 2018年1月, 2018-01, 1-3月), one column per measure and type."""
    col = _Collector(layout)
    period_col = layout.role_column("period") or layout.columns[0]
    region_col = layout.role_column("region")
    figures = [c for c in layout.columns if c.role == "figure" and c.comparison != "yoy"]
    growth = [c for c in layout.columns if c.role == "figure" and c.comparison == "yoy"]
    title, named_measure = parse_title(layout.title), title_measure(layout.title)
    title_type = None if any(c.patent_type for c in figures) else title_patent_type(layout.title)
    sums: dict[tuple[str, int, int], int] = {}
    for r in layout.data_rows:
        label = col.cell(r, period_col)
        values = {c.index: col.count(r, c) for c in figures}
        if all(v is None for v in values.values()):
            continue  # a month not reported yet
        if not is_blank(label) and is_total_label(str(label)):
            _check_total_row(r, figures, values, sums, col)
            continue
        period = _row_period(label, r, period_col, col)
        year = period.year or title.year or (options.period.year if options.period else None)
        if year is None:
            raise col.error("no year: name it in the rows (2018年1月), the sheet name or a title, or pass --period",
                            r, period_col)
        region = region_name(col.cell(r, region_col)) if region_col else _default_region(layout, options, col)
        for c in figures:
            value = values[c.index]
            basis = _span_basis(period) or c.basis or title.basis or options.basis or "count"
            measure = _require_measure(c, named_measure, col)
            figure_year = year - 1 if c.comparison == "prev_year" else year  # 去年同期: last year's same month
            col.add(region, figure_year, period.last, measure, _typed(c, title_type), basis, value or 0, r, c)
            if basis == "count":
                sums[(region, year, c.index)] = sums.get((region, year, c.index), 0) + (value or 0)
        _check_growth(r, growth, figures, col, named_measure)
    if not col.rows:
        raise col.error("no figures found under the header")
    return TableResult(col.frame(), "time series (one row per month)", col.warnings, _unread_columns(layout, col))


def _check_total_row(row: int, figures: list[Column], values: dict[int, int | None],
                     sums: dict[tuple[str, int, int], int], col: _Collector) -> None:
    """A 合计 row under monthly rows must equal their sum (it is never stored)."""
    for c in figures:
        expected = sum(v for (_, _, i), v in sums.items() if i == c.index)
        printed = values[c.index]
        if printed is not None and sums and printed != expected and (c.basis or "count") == "count":
            raise col.error(f"total row says {printed}, but the months above add up to {expected}", row, c)


# ---------------------------------------------------------------- region rows: one row per county


NATIONAL = "全国"  # the total row of a table split by origin (国内/国外) is the national figure


def _sublabel_column(layout: Layout, region_col: Column, figures: list[Column], col: _Collector) -> Column | None:
    """A second label column between the region and the figures (合计/国内 x 小计/职务/非职务)."""
    first_figure = min(c.index for c in figures)
    for column in layout.columns:
        if region_col.index < column.index < first_figure and column.role in ("unknown", "ignored"):
            cells = [col.cell(r, column) for r in layout.data_rows]
            texts = [v for v in cells if not is_blank(v)]
            if texts and all(isinstance(v, str) and not re.search(r"\d", v) for v in texts):
                return column
    return None


def _labelled_rows(layout: Layout, region_col: Column, sub: Column | None,
                   col: _Collector) -> tuple[list[tuple[int, str]], list[str]]:
    """(row, label) of the rows to read, and the breakdown labels left out. Under a second label
    column, a group's label is merged down over its rows; its 小计 row is the group's figure and
    its other rows (职务/非职务, applicant kinds) split it and are left out."""
    rows, left_out = [], []
    group: object = None
    for r in layout.data_rows:
        name = col.cell(r, region_col)
        if sub is not None:
            group = name if not is_blank(name) else group
            sublabel = col.cell(r, sub)
            if not is_blank(sublabel) and not is_total_label(str(sublabel)):
                left_out.append(normalize_text(sublabel))
                continue
            name = group
        if not is_blank(name):
            rows.append((r, str(name)))
    return rows, list(dict.fromkeys(left_out))


def read_region_rows(layout: Layout, options: ReadOptions) -> TableResult:
    """One row per county or district for one period; 本月 / 累计 / 去年同期 / 同比 column groups."""
    col = _Collector(layout)
    region_col = layout.role_column("region") or layout.columns[0]
    figures = [c for c in layout.columns if c.role == "figure"]
    title, named_measure = parse_title(layout.title), title_measure(layout.title)
    title_type = None if any(c.patent_type for c in figures) else title_patent_type(layout.title)
    table_period = title.period or next((c.period for c in figures if c.period), None) or options.period
    if table_period is None or table_period.year is None:
        raise col.error("no period: name it in a title or the sheet name (2017年1-10月) or pass --period YYYY-MM")
    default_basis = "count" if title.period is not None and title.period.is_single_month else "ytd"
    stored = [c for c in figures if c.comparison != "yoy"]
    sub = _sublabel_column(layout, region_col, figures, col)
    rows, left_out = _labelled_rows(layout, region_col, sub, col)
    by_origin = any(vocabulary().whole("origin_row", name) for _, name in rows)
    region_values: dict[str, dict[int, int | None]] = {}
    total_row: tuple[int, dict[int, int | None]] | None = None
    for r, name in rows:
        values = {c.index: col.count(r, c) for c in stored}
        if all(v is None for v in values.values()):
            continue
        if is_total_label(name):
            total_row = (r, values)
            if not by_origin:
                continue
            region = NATIONAL
        else:
            region = vocabulary().whole("origin_row", name) or region_name(name)
            region_values[region] = values
        for c in stored:
            period = c.period or table_period
            year = (period.year or table_period.year) - (1 if c.comparison == "prev_year" and not c.period else 0)
            basis = (c.basis or (_span_basis(c.period) if c.period else None) or _span_basis(table_period)
                     or title.basis or options.basis or default_basis)
            col.add(region, year, period.last, _require_measure(c, named_measure, col),
                    _typed(c, title_type), basis, values[c.index] or 0, r, c)
        _check_growth(r, [c for c in figures if c.comparison == "yoy"], stored, col, named_measure)
    if total_row is not None:
        for c in stored:
            expected = sum(v[c.index] or 0 for v in region_values.values())
            printed = total_row[1][c.index]
            if printed is not None and printed != expected:
                raise col.error(f"total row says {printed}, but the regions above add up to {expected}", total_row[0], c)
    if not col.rows:
        raise col.error("no figures found under the header")
    kinds = _kind_columns(layout, named_measure)
    notes = _unread_columns(layout, col, {c.index for c, *_ in kinds})
    if left_out:
        notes.append(f"{layout.sheet.file}: rows that split a total ({', '.join(left_out)}) left out")
    if kinds:
        notes.append(f"{layout.sheet.file}: counts by applicant kind ({', '.join(c.name for c, *_ in kinds)}) "
                     f"stored in the applicant table")
    basis = title.basis or options.basis or default_basis
    applicants = [{"region": region, "applicant": "", "applicant_kind": kind, "year": table_period.year,
                   "month": table_period.last, "measure": measure, "patent_type": TOTAL, "basis": c.basis or basis,
                   "count": value}
                  for r, name in rows if not is_total_label(name) and not vocabulary().whole("origin_row", name)
                  for region in [region_name(name)] for c, kind, measure in kinds
                  if (value := col.count(r, c)) is not None]
    return TableResult(col.frame(), f"region rows ({table_period.year}年{_span_text(table_period)})", col.warnings,
                       notes, applicants=pd.DataFrame(applicants) if applicants else None)


def _kind_columns(layout: Layout, named_measure: str | None) -> list[tuple[Column, str, str]]:
    """A bureau table's columns of counts by applicant kind (其中：大专院校 | 科研单位 | 工矿企业 |
    机关团体 | 个人), with the kind and the measure: their own, or, under 其中, that of the figure
    column before them. Their basis is set on the column, as for figures."""
    found = []
    last_figure: Column | None = None
    for column in layout.columns:
        if column.role == "figure":
            last_figure = column
        joined = "/".join(column.path)
        kind = vocabulary().find("kind_column", joined) if column.why == "applicant_kind" else None
        measure = match_measure(joined) or (last_figure.measure if last_figure else None) or named_measure
        if kind is not None and measure is not None:
            column.basis = vocabulary().find("basis", joined) or (last_figure.basis if last_figure else None)
            found.append((column, kind, measure))
    return found


def _span_text(period: Period) -> str:
    return f"{period.last}月" if period.is_single_month else f"{period.first}-{period.last}月"


def _check_growth(row: int, growth: list[Column], stored: list[Column], col: _Collector,
                  named_measure: str | None) -> None:
    """Warn where a printed 同比 disagrees with this year against 去年同期 (never stored)."""
    for g in growth:
        def pair(c: Column, comparison: str | None, g: Column = g) -> bool:
            same_basis = c.basis in (None, g.basis or "ytd")  # a bare 同比 compares years to date
            return same_basis and (c.measure or named_measure, c.patent_type or TOTAL, c.comparison) == (
                g.measure or named_measure, g.patent_type or TOTAL, comparison)
        this = next((c for c in stored if pair(c, None)), None)
        prev = next((c for c in stored if pair(c, "prev_year")), None)
        printed = parse_percent(col.cell(row, g))
        if this is None or prev is None or printed is None or (g.measure or named_measure) is None:
            continue
        now, before = col.count(row, this) or 0, col.count(row, prev) or 0
        if before == 0:
            continue
        computed = (now - before) / before * 100
        tolerance = 10 ** -printed[1] + 1e-9  # printed rates may be truncated or rounded
        if abs(computed - printed[0]) > tolerance:
            where = f"{col.layout.sheet.file}, row {row + 1}, column {g.name!r}"
            col.warnings.append(f"{where}: printed growth {printed[0]:g}% but {now} against {before} is {computed:.1f}%")
