"""Figures of a published table, sorted by what they are: flows (counts of one period, stored),
growth rates (checked), counts by applicant kind (the applicant table), stocks (kept apart),
and what is left out (shares, ranks, labels the vocabulary does not know)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import pandas as pd

from ..errors import InputError
from ..i18n import N_, _, ngettext
from ..labels import STOCK_COLUMNS, TOTAL
from .cells import CellError, TitleInfo, parse_count
from .dates import FIRST_YEAR
from .headers import Layout
from .meaning import Meaning
from .tables import OBSERVATION_COLUMNS, ReadOptions, TableResult, region_from_text
from .vocabulary import vocabulary

__all__ = ["Figure", "Flow", "TableParts", "STOCK_COLUMNS"]

# a stock as at a month's end: in_force (有效量, patents in force) or cumulative (总累计: all filed
# or granted since 1985, ``measure`` says which)


@dataclass
class Figure:
    """One figure cell with its meaning and where it was found (0-based row)."""

    meaning: Meaning
    cell: object
    row: int
    column: str  # the column's header path, for messages
    said_by: str  # the label that says what the figure is (for notes on what was left out)
    pos: int  # position along the axis that holds the regions
    unknown: bool = False


@dataclass
class Flow:
    """A figure that counts one period's applications or grants, once its meaning is settled."""

    figure: Figure
    value: int | None
    measure: str
    patent_type: str
    region: str | None
    year: int
    month: int
    basis: str | None
    period_from: str  # where the period came from: label, year, title, option, title_year
    prev_year: bool = False
    kind: str | None = None
    stored: bool = True  # False for totals and subtotals, which are checked only

    def key(self, *without: str) -> tuple[object, ...]:
        names = ("region", "year", "month", "measure", "patent_type", "basis", "kind")
        return tuple(getattr(self, n) for n in names if n not in without)


@dataclass
class TableParts:
    """Everything one table gave, as it is sorted and checked."""

    layout: Layout
    info: TitleInfo
    options: ReadOptions
    months_named: bool = False  # some label names months: a bare year in the title is not the whole year
    flows: list[Flow] = field(default_factory=list)
    growth: list[Figure] = field(default_factory=list)
    stocks: list[Figure] = field(default_factory=list)
    left_out: dict[str, list[str]] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    def error(self, what: str, figure: Figure | None = None) -> InputError:
        sheet = self.layout.sheet
        return InputError(what, file=sheet.file, sheet=sheet.name, row=None if figure is None else figure.row + 1,
                          column=figure.column or None if figure else None)

    def header_error(self, what: str, figure: Figure | None = None) -> InputError:
        """An error about the header: it points at the header's first row, and at the column."""
        sheet = self.layout.sheet
        return InputError(what, file=sheet.file, sheet=sheet.name, row=self.layout.header_rows[0] + 1,
                          column=figure.column or None if figure else None)

    def count(self, figure: Figure) -> int | None:
        try:
            return parse_count(figure.cell)
        except CellError as exc:
            raise self.error(str(exc), figure) from None

    def add(self, figure: Figure) -> None:
        m = figure.meaning
        if m.aside or figure.unknown:
            self.left_out.setdefault(m.aside or N_("not in the vocabulary"), []).append(figure.said_by)
        elif m.stock or m.since:
            self.count(figure)
            self.stocks.append(figure)
        elif m.comparison == "yoy":
            self.growth.append(figure)
        else:
            self.flows.append(self._flow(figure))

    def _flow(self, figure: Figure) -> Flow:
        m = figure.meaning
        if m.measure is None:
            raise self.header_error(_("cannot tell whether these figures count applications or grants: expected "
                                      "申请/applications or 授权/grants in this header, a row label or the title"), figure)
        year, month, basis, source = self._period(figure)
        self._check_year(year, figure, source)
        prev_year = m.comparison == "prev_year"
        if prev_year and not (m.period and m.period.year):
            year -= 1  # 去年同期: last year's same period
        patent_type = "?" if m.unknown_type and not m.patent_type else m.patent_type or TOTAL
        return Flow(figure, self.count(figure), m.measure, patent_type, m.region or m.origin, year, month,
                    basis, source, prev_year, m.kind, stored=not (m.region_total or m.period_total))

    def _period(self, figure: Figure) -> tuple[int, int, str | None, str]:
        """Year, last month, basis (None where only the sums can tell) and where the period came from."""
        m, info, given = figure.meaning, self.info, self.options.period
        year = (m.period.year if m.period else None) or m.year or info.year or (given.year if given else None)
        if m.period_total:
            return year or 0, 0, "count", "total"  # a total under months adds up their own counts
        if m.period is not None and year is not None:
            span = "ytd" if m.period.first == 1 < m.period.last else "count"
            return year, m.period.last, m.basis or span, "label"
        if m.year is not None:
            return m.year, 12, m.basis or "ytd", "year"
        return self._table_period(figure)

    def _check_year(self, year: int, figure: Figure, source: str) -> None:
        """A year before the office opened or after this one is a typo that would move 'latest'."""
        if source != "total" and not FIRST_YEAR <= year <= dt.date.today().year:
            where = _("a label") if source in ("label", "year") else _("the title") if source.startswith("title") else "--period"
            raise self.error(_("{where} names the year {year}: expected a year from {first} to this year").format(
                where=where, year=year, first=FIRST_YEAR), figure)

    def _table_period(self, figure: Figure) -> tuple[int, int, str | None, str]:
        """The period of the whole table: its title, --period, or a title naming only a year."""
        m, info = figure.meaning, self.info
        for period, source in ((info.period, "title"), (self.options.period, "option")):
            if period is not None and period.year is not None:
                return period.year, period.last, m.basis or self.options.basis, source  # else the sums, then the span
        if info.year is not None and not self.months_named:
            return info.year, 12, m.basis or "ytd", "title_year"
        raise self.error(_("no period: name it in a title or the sheet name (2017年1-10月) or pass --period YYYY-MM"),
                         figure if m.period else None)

    def default_region(self) -> str:
        region = self.options.region or region_from_text(self.layout.title) \
            or vocabulary().find("title_region", self.layout.title)
        if region is None:
            raise self.error(_("the file does not name its region: pass --region NAME"))
        return region

    def result(self) -> TableResult:
        """The observations, applicant-kind counts and notes of the table."""
        stored = [f for f in self.flows if f.stored and f.value is not None]
        if not stored and not self.stocks:
            raise self.header_error(_("not a table of patent counts: no figure under this header is named as "
                                      "applications (申请) or grants (授权) by type, and there is no application number "
                                      "(申请号) column"))
        file, sheet = self.layout.sheet.file, self.layout.sheet.name or ""
        rows = [(f.region, f.year, f.month, f.measure, f.patent_type, f.basis, f.value, file, sheet, f.figure.row + 1,
                 f.figure.column) for f in stored if f.kind is None]
        kinds = [f for f in stored if f.kind is not None]
        stocks = [row for figure in self.stocks if (row := self._stock_row(figure)) is not None]
        return TableResult(pd.DataFrame(rows, columns=OBSERVATION_COLUMNS), self.describe(), self.warnings,
                           self._left_out_notes() + self.notes + self._kind_notes(kinds),
                           applicants=_kind_table(kinds) if kinds else None,
                           stocks=pd.DataFrame(stocks, columns=STOCK_COLUMNS) if stocks else None)

    def _stock_row(self, figure: Figure) -> tuple[object, ...] | None:
        """A stock figure as at its month's end; totals of regions and counts by kind are checked
        or kept elsewhere, not stored."""
        m = figure.meaning
        value = self.count(figure)
        if value is None or m.region_total or m.kind:
            return None
        year, month = self._as_at(figure)
        stock = "cumulative" if m.stock == "cumulative" or m.measure else "in_force"  # 总累计/受理量 vs 有效量
        region = m.region or m.origin or self.default_region()
        return (region, year, month, stock, m.measure if stock == "cumulative" else None, m.patent_type or TOTAL,
                value, self.layout.sheet.file, self.layout.sheet.name or "", figure.row + 1, figure.column)

    def _as_at(self, figure: Figure) -> tuple[int, int]:
        """The month a stock stands at: its label's, its year's end, the title's or --period's."""
        m, info, given = figure.meaning, self.info, self.options.period
        year = (m.period.year if m.period else None) or m.year or info.year or (given.year if given else None)
        last = m.period or (None if m.year else info.period) or given
        if year is None:
            raise self.error(_("a stock with no date: name it in the title (2009.12, 截至2023年10月) or pass --period"),
                             figure)
        self._check_year(year, figure, "title")
        return year, last.last if last is not None else 12

    def _kind_notes(self, kinds: list[Flow]) -> list[str]:
        if not kinds:
            return []
        labels = dict.fromkeys(f.figure.said_by.split("/")[-1] for f in kinds)
        return [_("{file}: counts by applicant kind ({kinds}) stored in the applicant table").format(
            file=self.layout.sheet.file, kinds=", ".join(labels))]

    def describe(self) -> str:
        regions = {f.region for f in self.flows if f.stored and not f.prev_year}
        if not regions:
            return _("table of stocks ({figures} figures)").format(figures=len(self.stocks))
        if all(f.kind for f in self.flows if f.stored):
            return _("table of counts by applicant kind ({regions}, {period})").format(
                regions=_regions_text(regions), period=self._span_text())
        return _("table ({regions}, {period})").format(regions=_regions_text(regions), period=self._span_text())

    def _span_text(self) -> str:
        """The table's own period, as a title writes it (last year's comparison figures aside)."""
        flows = [f for f in self.flows if f.stored and not f.prev_year]
        periods = sorted({(f.year, f.month) for f in flows})
        (y0, m0), (y1, m1) = periods[0], periods[-1]
        if (y0, m0) != (y1, m1):
            return f"{y0}年{m0}月-{y1}年{m1}月"
        ytd_only = {f.basis for f in flows} == {"ytd"}
        return f"{y0}年" if ytd_only and m0 == 12 else f"{y0}年1-{m0}月" if ytd_only and m0 > 1 else f"{y0}年{m0}月"

    def _left_out_notes(self) -> list[str]:
        notes = []
        if self.left_out:
            parts = [f"{_(why.replace('_', ' '))}: {', '.join(dict.fromkeys(n for n in names if n))}"
                     for why, names in self.left_out.items()]
            notes.append(_("{file}: left out (not counts by type): {what}").format(file=self.layout.sheet.file,
                                                                                   what="; ".join(parts)))
        if self.stocks:
            labels = dict.fromkeys(f.column or f.said_by for f in self.stocks)
            notes.append(_("{file}: {figures} stock figures (in force or all-time totals: {labels}) kept apart from "
                           "the year's flows, in the stock table").format(file=self.layout.sheet.file,
                                                                          figures=len(self.stocks),
                                                                          labels=", ".join(labels)))
        return notes


def _kind_table(kinds: list[Flow]) -> pd.DataFrame:
    """Counts by applicant kind as the applicant table holds them: no applicant name."""
    return pd.DataFrame([{"region": f.region, "applicant": "", "applicant_kind": f.kind, "year": f.year,
                          "month": f.month, "measure": f.measure, "patent_type": f.patent_type, "basis": f.basis,
                          "count": f.value} for f in kinds])


def _regions_text(regions: set[str | None]) -> str:
    return ngettext("{count} region", "{count} regions", len(regions)).format(count=len(regions))


# The kinds of figures a table may hold beside its counts (the vocabulary's "ignore" meanings),
# named in the notes of what was left out.
ASIDE_KINDS = (N_("note"), N_("other"), N_("rank"), N_("rate"), N_("share"), N_("target"))
