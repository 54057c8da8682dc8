"""Tidy long tables (one row per figure) to observations, and what every table reader returns.

An observation is one printed figure: region, year, month, measure, patent_type, basis
('count' for that month alone, 'ytd' for January through it), value, and where it was found.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass, field

import pandas as pd

from ..errors import InputError
from ..i18n import N_, _
from ..labels import MEASURES, PATENT_TYPES, TOTAL, normalize_text
from ..limits import DEFAULT_LIMITS, Limits
from .cells import CellError, Period, TitleInfo, is_blank, parse_count, parse_period_label, parse_title
from .dates import FIRST_YEAR
from .delays import DelaySample
from .headers import Column, Layout, region_name
from .vocabulary import match_measure, match_patent_type, vocabulary

__all__ = ["ReadOptions", "OBSERVATION_COLUMNS", "TableResult", "read_tidy", "title_measure", "title_patent_type",
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
    # patent lists with publication dates: each application's filing and first publication
    delays: DelaySample | None = None
    # stocks (in force, all-time totals) as at a month's end: labels.STOCK_COLUMNS
    stocks: pd.DataFrame | None = None


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
        raise col.error(_("the file does not name its region: pass --region NAME"))
    return region


def _require_measure(column: Column, named_measure: str | None, col: _Collector) -> str:
    measure = column.measure or named_measure
    if measure is None:
        raise col.error(_("cannot tell whether this column counts applications or grants "
                          "(expected a header naming 申请/applications or 授权/grants)"), column=column)
    return measure


def title_measure(title: str) -> str | None:
    """The one measure a title names ('…专利申请受理状况月表' -> applications), else None."""
    named = vocabulary().find_all("measure", title)
    return named.pop() if len(named) == 1 else None


def title_patent_type(title: str) -> str | None:
    """The one patent type a title names ('国内发明专利授权状况表'), else None."""
    named = vocabulary().find_all("patent_type", title) - {TOTAL}
    return named.pop() if len(named) == 1 else None


# ---------------------------------------------------------------- tidy long tables


def _tidy_label(text: object, matcher: Callable[[str], str | None], choices: str, what: str, row: int, column: Column,
                col: _Collector) -> str:
    found = matcher(str(text)) if not is_blank(text) else None
    if found is None:
        raise col.error(_("unknown {what} {text!r}: expected one of {choices}").format(what=_(what), text=text,
                                                                                      choices=choices), row, column)
    return found


@dataclass
class _TidyColumns:
    """The columns a long table names, one per field."""

    measure: Column
    patent_type: Column
    period: Column
    values: list[Column]
    year: Column | None
    region: Column | None
    basis: Column | None


def _tidy_columns(layout: Layout, col: _Collector) -> _TidyColumns:
    get = layout.role_column
    measure_col, type_col, period_col = get("measure"), get("patent_type"), get("period")
    value_cols = [c for c in layout.columns if c.role in ("value", "count", "ytd")]
    assert measure_col is not None and type_col is not None  # guaranteed by the shape detection
    if period_col is None or not value_cols:
        raise col.error(_("a long table needs a month (月份/month) column and a value (数量/count/ytd) column"))
    return _TidyColumns(measure_col, type_col, period_col, value_cols, get("year"), get("region"), get("basis"))


def read_tidy(layout: Layout, options: ReadOptions) -> TableResult:
    """One row per figure: region?, year?, month or period, measure, type, value(s)."""
    col = _Collector(layout)
    cols = _tidy_columns(layout, col)
    title = parse_title(layout.title)
    for r in layout.data_rows:
        if not all(is_blank(v) for v in layout.sheet.rows[r]):
            _read_tidy_row(r, cols, title, options, col)
    return TableResult(col.frame(), _("tidy table"))


def _read_tidy_row(r: int, cols: _TidyColumns, title: TitleInfo, options: ReadOptions, col: _Collector) -> None:
    region = region_name(col.cell(r, cols.region)) if cols.region else _default_region(col.layout, options, col)
    measure = _tidy_label(col.cell(r, cols.measure), match_measure, ", ".join(MEASURES), N_("measure"), r, cols.measure,
                          col)
    patent_type = _tidy_label(col.cell(r, cols.patent_type), match_patent_type, TYPE_CHOICES, N_("patent type"), r,
                              cols.patent_type, col)
    period = _row_period(col.cell(r, cols.period), r, cols.period, col)
    year = _tidy_year(r, period, cols, title, col)
    row_basis = _basis_label(col.cell(r, cols.basis), r, cols.basis, col) if cols.basis else None
    for vc in cols.values:
        value = col.count(r, vc)
        if value is not None:
            basis = {"count": "count", "ytd": "ytd"}.get(vc.role) or row_basis or _span_basis(period) \
                or title.basis or options.basis or "count"
            col.add(region, year, period.last, measure, patent_type, basis, value, r, vc)


def _tidy_year(r: int, period: Period, cols: _TidyColumns, title: TitleInfo, col: _Collector) -> int:
    """The row's year: its month's, else its year column's, else the title's; the month and the
    year column must agree, and the year must be one patents can have."""
    column_year = col.count(r, cols.year) if cols.year else None
    if period.year and column_year and period.year != column_year:
        raise col.error(_("the month says {year} but the year column says {column_year}").format(
            year=period.year, column_year=column_year), r, cols.period)
    year = period.year or column_year or title.year
    if year is None:
        raise col.error(_("no year: expected a year (年份/year) column or a month such as 2018-01"), r, cols.period)
    if not FIRST_YEAR <= year <= dt.date.today().year:
        raise col.error(_("found the year {year}: expected a year from {first} to this year").format(
            year=year, first=FIRST_YEAR), r,
                        cols.year if column_year else cols.period)
    return year


def _basis_label(value: object, row: int, column: Column, col: _Collector) -> str:
    norm = normalize_text(value)
    if norm in ("本月", "当月", "月度", "monthly", "month", "count"):
        return "count"
    if norm in ("累计", "ytd", "cumulative", "yeartodate", "当年累计", "本年累计"):
        return "ytd"
    raise col.error(_("unknown basis {value!r}: expected monthly (本月) or ytd (累计)").format(value=value), row, column)


def _row_period(value: object, row: int, column: Column, col: _Collector) -> Period:
    try:
        if (isinstance(value, (int, float)) and not isinstance(value, bool)) or normalize_text(value).isdigit():
            month = parse_count(value)
            if month is None or not 1 <= month <= 12:
                raise CellError(_("found {value!r}, expected a month between 1 and 12").format(value=value))
            return Period(None, month, month)
        period = parse_period_label(value)
    except CellError as exc:
        raise col.error(str(exc), row, column) from None
    if period is None:
        raise col.error(_("found {value!r}, expected a month such as 1月, 2018年1月, 2018-01 or 1-3月").format(value=value),
                        row, column)
    if period.first != 1 and not period.is_single_month:
        raise col.error(_("found {value!r}: a span that does not start in January cannot be stored; "
                          "expected one month or a year-to-date span such as 1-3月").format(value=value), row, column)
    return period


def _span_basis(period: Period) -> str | None:
    return "ytd" if period.first == 1 and period.last > 1 else None
