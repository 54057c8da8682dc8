import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from patentstats.readers.cells import CellError, Period, parse_count, parse_percent, parse_period_label, parse_title


@pytest.mark.parametrize(("cell", "expected"), [
    (12, 12), (12.0, 12), ("12", 12), (" 12 ", 12), ("1,234", 1234), ("１２３", 123), ("１，２３４", 1234),
    ("7件", 7), ("-", 0), ("—", 0), ("－", 0), ("", None), (None, None), (float("nan"), None), ("\u3000", None),
])
def test_parse_count_accepts_what_offices_write(cell, expected):
    assert parse_count(cell) == expected


@pytest.mark.parametrize(("cell", "message"), [
    (-3, "at least 0"), ("-3", "at least 0"), (2.5, "fraction"), ("2.5", "fraction"), ("abc", "whole number"),
    ("1,23", "whole number"), (True, "whole number"), (float("inf"), "fraction"),
])
def test_parse_count_rejects_with_reason(cell, message):
    with pytest.raises(CellError, match=message):
        parse_count(cell)


@given(st.one_of(st.text(), st.integers(), st.floats(), st.none()))
def test_parse_count_returns_a_count_or_raises_cell_error(cell):
    try:
        value = parse_count(cell)
    except CellError:
        return
    assert value is None or (isinstance(value, int) and value >= 0)


@pytest.mark.parametrize(("cell", "expected"), [
    ("17.4%", (17.4, 1)), ("266", (266.0, 0)), ("-5.25", (-5.25, 2)), ("—", None), ("", None), ("n/a", None),
])
def test_parse_percent(cell, expected):
    assert parse_percent(cell) == expected


@pytest.mark.parametrize(("cell", "expected"), [
    ("1月", Period(None, 1, 1)), ("12月份", Period(None, 12, 12)), ("2018年1月", Period(2018, 1, 1)),
    ("2018-01", Period(2018, 1, 1)), ("2018/3", Period(2018, 3, 3)), ("201807", Period(2018, 7, 7)),
    ("1-3月", Period(None, 1, 3)), ("2018年1-9月", Period(2018, 1, 9)), ("１－３月", Period(None, 1, 3)),
    ("截至9月", Period(None, 1, 9)), ("十一月", Period(None, 11, 11)), ("Jan 2018", Period(2018, 1, 1)),
    ("Sep", Period(None, 9, 9)), (dt.datetime(2018, 5, 1), Period(2018, 5, 5)), ("合计", None), ("永修县", None),
])
def test_parse_period_label(cell, expected):
    assert parse_period_label(cell) == expected


@pytest.mark.parametrize("cell", ["13月", "0月", "2018-13", "3-1月"])
def test_parse_period_label_rejects_impossible_months(cell):
    with pytest.raises(CellError, match="month"):
        parse_period_label(cell)


@pytest.mark.parametrize(("title", "year", "period", "basis"), [
    ("2017年1-10月全市专利申请授权情况表", 2017, Period(2017, 1, 10), "ytd"),
    ("截至2018年9月专利统计", 2018, Period(2018, 1, 9), "ytd"),
    ("永修县2018年9月专利申请情况", 2018, Period(2018, 9, 9), None),
    ("2018年本月专利申请情况", 2018, None, "count"),
    ("永修县2017年专利申请授权情况（按月）", 2017, None, None),
    ("Patent filings Jan-Sep 2018 (cumulative)", 2018, Period(2018, 1, 9), "ytd"),
    ("专利申请情况", None, None, None),
])
def test_parse_title(title, year, period, basis):
    info = parse_title(title)
    assert (info.year, info.period, info.basis) == (year, period, basis)
