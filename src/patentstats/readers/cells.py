"""Parsing single cells as offices write them: counts, percentages, periods and titles."""

from __future__ import annotations

import datetime as dt
import math
import re
from dataclasses import dataclass

from ..labels import normalize_text
from .vocabulary import vocabulary

__all__ = ["CellError", "Period", "parse_count", "parse_percent", "parse_period_label", "parse_title"]


class CellError(ValueError):
    """A cell that cannot be read; the caller adds where it is and raises InputError."""


ZERO_MARKS = {"-", "—", "–", "－", "--", "——", "/"}
_INT = re.compile(r"^\d{1,3}(,\d{3})+$|^\d+$")
_FLOAT = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)(e[+-]?\d+)?$")


def is_blank(value: object) -> bool:
    """True for None, NaN and cells holding only spaces."""
    if value is None:
        return True
    if isinstance(value, float) and math.isnan(value):
        return True
    return isinstance(value, str) and normalize_text(value) == ""


def parse_count(value: object) -> int | None:
    """A whole, non-negative count; None for a blank cell; 0 for '-' or '—'.

    Accepts numbers stored as text, thousands separators, full-width digits and a trailing
    '件'. Raises CellError for anything else (negative, fractional, not a number).

    Examples
    --------
    >>> parse_count("１,２３４件"), parse_count("—"), parse_count(" ")
    (1234, 0, None)
    """
    if is_blank(value):
        return None
    if isinstance(value, bool):
        raise CellError(f"found {value!r}, expected a whole number of patents")
    if isinstance(value, (int, float)):
        number = float(value)
    else:
        text = normalize_text(value).replace("，", ",").removesuffix("件")
        if text in ZERO_MARKS:
            return 0
        if _INT.match(text):
            return int(text.replace(",", ""))
        if not _FLOAT.match(text):
            raise CellError(f"found {value!r}, expected a whole number of patents")
        number = float(text)
    if not math.isfinite(number) or number != int(number):
        raise CellError(f"found {value!r}, expected a whole number of patents (not a fraction)")
    if number < 0:
        raise CellError(f"found {value!r}, expected a count of at least 0")
    return int(number)


def parse_percent(value: object) -> tuple[float, int] | None:
    """A printed growth rate as (percent, decimals shown); None when blank or '—'.

    Examples
    --------
    >>> parse_percent("17.4%"), parse_percent("266"), parse_percent("—")
    ((17.4, 1), (266.0, 0), None)
    """
    if is_blank(value):
        return None
    text = normalize_text(value).removesuffix("%").replace("增长", "").replace("下降", "-")
    if text in ZERO_MARKS or not _FLOAT.match(text):
        return None
    decimals = len(text.split(".")[1]) if "." in text else 0
    return float(text), decimals


@dataclass(frozen=True)
class Period:
    """A span of months: ``first`` = ``last`` for one month, ``first`` = 1 for year to date."""

    year: int | None
    first: int
    last: int

    @property
    def is_single_month(self) -> bool:
        return self.first == self.last


ZH_MONTHS = {"一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "十": 10, "十一": 11, "十二": 12}
EN_MONTHS = {m.lower(): i for i, m in enumerate(
    ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"], start=1)}
_ZH_NUM = "(十[一二]?|[一二三四五六七八九十])"
_SPAN = r"[-~至到—–－]"
_PERIOD_PATTERNS = [
    # 2018年1-3月, 1-3月, 2018年1至3月累计
    re.compile(rf"^(?:(?P<year>\d{{4}})年)?(?P<first>\d{{1,2}}){_SPAN}(?P<last>\d{{1,2}})月(?:份)?(?:累计|合计)?$"),
    # 2018年1月, 1月, 1月份
    re.compile(r"^(?:(?P<year>\d{4})年)?(?P<last>\d{1,2})月(?:份)?$"),
    # 2018-01, 2018/1, 2018.01, 201801
    re.compile(r"^(?P<year>\d{4})(?:[-/.](?P<last>\d{1,2})|(?P<last2>\d{2}))$"),
    # 2018-01-01 style dates that stand for a month
    re.compile(r"^(?P<year>\d{4})[-/.](?P<last>\d{1,2})[-/.]\d{1,2}(?:\s*00:00:00)?$"),
    # 截至9月, 截止2018年9月底
    re.compile(r"^(?:截至|截止|至)(?:(?P<year>\d{4})年)?(?P<ytd>\d{1,2})月(?:底|末)?$"),
    # 一月, 十二月
    re.compile(rf"^(?P<zh>{_ZH_NUM})月(?:份)?$"),
    # jan, january 2018, jan-2018, 2018 jan
    re.compile(r"^(?P<en>[a-z]{3})[a-z]*\.?[-/ ]?(?P<year>\d{4})?$"),
]


def parse_period_label(value: object) -> Period | None:
    """The months a row label names, or None if it names none. Raises CellError for month 0 or 13+.

    Examples
    --------
    >>> parse_period_label("2018年1-3月")
    Period(year=2018, first=1, last=3)
    >>> parse_period_label("7月")
    Period(year=None, first=7, last=7)
    """
    if isinstance(value, (dt.date, dt.datetime)):
        return Period(value.year, value.month, value.month)
    if is_blank(value) or isinstance(value, (int, float)):
        return None
    text = normalize_text(value)
    for pattern in _PERIOD_PATTERNS:
        found = pattern.match(text)
        if found is None:
            continue
        parts = {k: v for k, v in found.groupdict().items() if v}
        if "en" in parts:
            if parts["en"] not in EN_MONTHS:
                return None
            last = EN_MONTHS[parts["en"]]
        elif "zh" in parts:
            last = ZH_MONTHS[parts["zh"]]
        else:
            last = int(parts.get("last") or parts.get("last2") or parts["ytd"])
        first = 1 if "ytd" in parts else int(parts.get("first", last))
        for month in (first, last):
            if not 1 <= month <= 12:
                raise CellError(f"found {value!r}, expected a month between 1 and 12")
        if first > last:
            raise CellError(f"found {value!r}, expected a span of months in order")
        year = int(parts["year"]) if "year" in parts else None
        return Period(year, first, last)
    return None


_TITLE_SPAN = re.compile(rf"(?P<year>(?:19|20)\d{{2}})年(?:(?P<first>\d{{1,2}}){_SPAN})?(?P<last>\d{{1,2}})月")
_TITLE_UPTO = re.compile(r"(?:截至|截止)(?P<year>(?:19|20)\d{2})年(?P<last>\d{1,2})月")
_TITLE_YEAR = re.compile(r"(?<!\d)(?P<year>(?:19|20)\d{2})(?!\d)")
_EN_MONTH = "(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\\.?"
_EN_TITLE = re.compile(rf"{_EN_MONTH}[-–~]{_EN_MONTH}(?P<year>(?:19|20)\d{{2}})")
_TITLE_DATES = re.compile(r"(?P<year>(?:19|20)\d{2})年(?P<first>\d{1,2})月\d{1,2}日?[-~至到—–]+"
                          r"(?P<year2>(?:19|20)\d{2})年(?P<last>\d{1,2})月\d{1,2}日?")


@dataclass(frozen=True)
class TitleInfo:
    """What a title, sheet name or file name says: year, the period's months, the basis."""

    year: int | None = None
    period: Period | None = None
    basis: str | None = None  # 'count' or 'ytd'


def parse_title(text: str) -> TitleInfo:
    """Year, period and basis named by a title such as '2017年1-10月全市专利申请授权情况表'.

    Examples
    --------
    >>> parse_title("2017年1-10月全市专利申请授权情况表")
    TitleInfo(year=2017, period=Period(year=2017, first=1, last=10), basis='ytd')
    """
    norm = normalize_text(text)
    basis = vocabulary().find("basis", norm)
    if (found := _TITLE_DATES.search(norm)) and found["year"] == found["year2"]:  # 2003年9月1日-2003年9月30日
        year, first, last = int(found["year"]), int(found["first"]), int(found["last"])
        if 1 <= first <= last <= 12:
            return TitleInfo(year, Period(year, first, last), "ytd" if first == 1 < last else basis)
    if found := _TITLE_UPTO.search(norm):
        year, last = int(found["year"]), int(found["last"])
        return TitleInfo(year, Period(year, 1, last), "ytd") if 1 <= last <= 12 else TitleInfo(year)
    if found := _TITLE_SPAN.search(norm):
        year, last = int(found["year"]), int(found["last"])
        first = int(found["first"]) if found["first"] else last
        if not (1 <= first <= last <= 12):
            return TitleInfo(year, None, basis)
        if first == 1 and last > 1:
            basis = "ytd"
        return TitleInfo(year, Period(year, first, last), basis)
    if found := _EN_TITLE.search(norm):
        first, last = EN_MONTHS[found[1]], EN_MONTHS[found[2]]
        year = int(found["year"])
        if first == 1 and last:
            return TitleInfo(year, Period(year, 1, last), "ytd")
    if found := _TITLE_YEAR.search(norm):
        return TitleInfo(int(found["year"]), None, basis)
    return TitleInfo(None, None, basis)
