"""Parsing single cells as offices write them: counts, percentages, periods and titles."""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Callable
from dataclasses import dataclass

from ..i18n import _
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
        raise CellError(_("found {value!r}, expected a whole number of patents").format(value=value))
    if isinstance(value, (int, float)):
        number = float(value)
    else:
        text = normalize_text(value).replace("，", ",").removesuffix("件")
        if text in ZERO_MARKS:
            return 0
        if _INT.match(text):
            return int(text.replace(",", ""))
        if not _FLOAT.match(text):
            raise CellError(_("found {value!r}, expected a whole number of patents").format(value=value))
        number = float(text)
    if not math.isfinite(number) or number != int(number):
        raise CellError(_("found {value!r}, expected a whole number of patents (not a fraction)").format(value=value))
    if number < 0:
        raise CellError(_("found {value!r}, expected a count of at least 0").format(value=value))
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


def _label_months(parts: dict[str, str]) -> tuple[int, int] | None:
    """(first, last) month of a matched period label; None for a word that is not a month."""
    if "en" in parts:
        if parts["en"] not in EN_MONTHS:
            return None
        last = EN_MONTHS[parts["en"]]
    elif "zh" in parts:
        last = ZH_MONTHS[parts["zh"]]
    else:
        last = int(parts.get("last") or parts.get("last2") or parts["ytd"])
    return (1 if "ytd" in parts else int(parts.get("first", last))), last


def _checked(value: object, first: int, last: int) -> None:
    for month in (first, last):
        if not 1 <= month <= 12:
            raise CellError(_("found {value!r}, expected a month between 1 and 12").format(value=value))
    if first > last:
        raise CellError(_("found {value!r}, expected a span of months in order").format(value=value))


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
    found = next((m for pattern in _PERIOD_PATTERNS if (m := pattern.match(text))), None)
    if found is None:
        return None
    parts = {k: v for k, v in found.groupdict().items() if v}
    months = _label_months(parts)
    if months is None:
        return None
    _checked(value, *months)
    return Period(int(parts["year"]) if "year" in parts else None, *months)


_YEAR = r"(?P<year>(?:19|20)\d{2})"
_EN_MONTH = ("(?P<m1>jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
             "sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\\.?")
_YEAR_ANYWHERE = re.compile(rf"(?<!\d){_YEAR}(?!\d)")
_EN_MONTH2 = _EN_MONTH.replace("m1", "m2")


@dataclass(frozen=True)
class TitleInfo:
    """What a title, sheet name or file name says: year, the period's months, the basis.
    ``since`` is the first year of an all-time span such as '1985.4-2013.12' (a stock)."""

    year: int | None = None
    period: Period | None = None
    basis: str | None = None  # 'count' or 'ytd'
    since: int | None = None


def _span(year: int, first: int, last: int, basis: str | None) -> TitleInfo | None:
    if not 1 <= first <= last <= 12:
        return None
    return TitleInfo(year, Period(year, first, last), "ytd" if first == 1 < last else basis)


def _dates(m: re.Match[str], basis: str | None) -> TitleInfo | None:
    """2003年9月1日-2003年9月30日, 1985.4-2013.12: one year's span, or all time since a year."""
    year, year2 = int(m["year"]), int(m["year2"])
    if year != year2:
        return TitleInfo(year2, None, None, since=year) if year < year2 else None
    return _span(year, int(m["first"]), int(m["last"]), basis)


def _month_span(m: re.Match[str], basis: str | None) -> TitleInfo | None:
    last = int(m["last"])
    return _span(int(m["year"]), int(m["first"] or last), last, basis) or TitleInfo(int(m["year"]), None, basis)


def _upto(m: re.Match[str], basis: str | None) -> TitleInfo | None:
    return _span(int(m["year"]), 1, int(m["last"]), "ytd") or TitleInfo(int(m["year"]))


def _en_span(m: re.Match[str], basis: str | None) -> TitleInfo | None:
    return _span(int(m["year"]), EN_MONTHS[m["m1"][:3]], EN_MONTHS[m["m2"][:3]], basis)


def _en_month(m: re.Match[str], basis: str | None) -> TitleInfo | None:
    month = EN_MONTHS[m["m1"][:3]]
    return _span(int(m["year"]), month, month, basis)


def _bare_span(m: re.Match[str], basis: str | None) -> TitleInfo | None:
    """1-2月 with the year elsewhere in the title (or nowhere)."""
    first, last = int(m["first"]), int(m["last"])
    year = _YEAR_ANYWHERE.search(m.string)
    found = _span(int(year["year"]) if year else 0, first, last, basis)
    if found is None or year is not None:
        return found
    return TitleInfo(None, Period(None, first, last), found.basis)


def _year_only(m: re.Match[str], basis: str | None) -> TitleInfo | None:
    return TitleInfo(int(m["year"]), None, basis)


# tried in order; the first form that matches names the period
_TITLE_FORMS: list[tuple[re.Pattern[str], Callable[[re.Match[str], str | None], TitleInfo | None]]] = [
    (re.compile(rf"{_YEAR}[年.](?P<first>\d{{1,2}})(?:月\d{{1,2}}日?)?\s*[-~至到—–]+\s*"
                rf"(?P<year2>(?:19|20)\d{{2}})[年.](?P<last>\d{{1,2}})(?:月\d{{1,2}}日?|月)?(?!\d)"), _dates),
    (re.compile(rf"(?:截至|截止){_YEAR}年(?P<last>\d{{1,2}})月"), _upto),
    (re.compile(rf"{_YEAR}年(?:(?P<first>\d{{1,2}}){_SPAN})?(?P<last>\d{{1,2}})月"), _month_span),
    (re.compile(rf"{_EN_MONTH}[-–~]{_EN_MONTH2},?{_YEAR}"), _en_span),
    (re.compile(rf"(?<![a-z]){_EN_MONTH},?{_YEAR}"), _en_month),
    (re.compile(rf"(?<!\d){_YEAR}[.](?P<first>\d{{1,2}})(?![\d.])"), lambda m, b: _span(
        int(m["year"]), int(m["first"]), int(m["first"]), b)),
    (re.compile(rf"(?<![\d年.])(?P<first>\d{{1,2}}){_SPAN}(?P<last>\d{{1,2}})月"), _bare_span),
    (_YEAR_ANYWHERE, _year_only),
]


def parse_title(text: str) -> TitleInfo:
    """Year, period and basis named by a title such as '2017年1-10月全市专利申请授权情况表'.

    Examples
    --------
    >>> parse_title("2017年1-10月全市专利申请授权情况表")
    TitleInfo(year=2017, period=Period(year=2017, first=1, last=10), basis='ytd', since=None)
    >>> parse_title("Aug, 2014").period, parse_title("1985.4-2013.12").since
    (Period(year=2014, first=8, last=8), 1985)
    """
    norm = normalize_text(text)
    basis = vocabulary().find("basis", norm)
    for pattern, build in _TITLE_FORMS:
        if (found := pattern.search(norm)) and (info := build(found, basis)) is not None:
            return info
    return TitleInfo(None, None, basis)
