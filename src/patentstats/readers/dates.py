"""Dates in patent lists to months, vectorised: ISO dates straight from Arrow's bytes, the
other written forms (2017/3/5, 2017.03.05, 2017年3月5日, 20170305) through one regex pass."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

__all__ = ["parse_months"]


def parse_months(values: pa.Array) -> np.ndarray:
    """Months since January 1970 of dates written 2017-03-05, 2017/3/5, 2017.03.05,
    2017年3月5日 or 20170305; -1 where blank or unreadable. ISO dates, the usual export, are
    read straight from Arrow's bytes; the others go through a regex pass and strptime. Cells of
    ten bytes are tried as ISO dates as written (a valid one has no space to trim), the rest
    trimmed and read as below: no copy of a column that is all ISO dates and blanks."""
    text = pc.cast(values, pa.string())
    if isinstance(text, pa.ChunkedArray):
        text = text.combine_chunks()
    if not len(text):
        return np.full(0, -1, dtype=np.int64)
    written = np.diff(np.frombuffer(text.buffers()[1], dtype=np.int32)[text.offset: text.offset + len(text) + 1])
    valid = text.is_valid().to_numpy(zero_copy_only=False) if text.null_count else None
    lengths = written if valid is None else np.where(valid, written, 0)
    ten = written == 10
    if ten.all():
        months = _iso_months(text)
    elif (ten | (written == 0)).all():  # ISO dates and blanks: the bytes are the ISO dates' (n, 10) matrix
        months = np.full(len(text), -1, dtype=np.int64)
        months[ten] = _iso_months(text)
    else:
        months = np.full(len(text), -1, dtype=np.int64)
        if (iso := np.flatnonzero(lengths == 10)).size:
            months[iso] = _iso_months(text.take(pa.array(iso)))
    if valid is not None:
        months[~valid] = -1
    rest = np.flatnonzero((months < 0) & (lengths > 0))
    if rest.size:
        months[rest] = _written_months(text.take(pa.array(rest)))
    return months


def _written_months(values: pa.Array) -> np.ndarray:
    """parse_months of cells that are not ISO dates as written."""
    text = pc.utf8_trim_whitespace(pc.fill_null(pc.cast(values, pa.string()), ""))
    lengths = pc.binary_length(text).to_numpy(zero_copy_only=False)
    months = np.full(len(text), -1, dtype=np.int64)
    iso = np.flatnonzero(lengths == 10)
    if iso.size and iso.size == len(text):
        months = _iso_months(text)  # the usual export: every date ISO, nothing to pick out
    elif iso.size:
        months[iso] = _iso_months(text.take(pa.array(iso)))
    retry = np.flatnonzero((months < 0) & (lengths > 0))
    if retry.size:
        other = text.take(pa.array(retry))
        for pattern, replacement in ((r"[ T]\d{1,2}:\d{2}(:\d{2})?(\.\d+)?$", ""), (r"^(\d{4})(\d{2})(\d{2})$", r"\1-\2-\3"),
                                     (r"[年月/.]", "-"), (r"日$", ""), (r"-(\d)-", r"-0\1-"), (r"-(\d)$", r"-0\1")):
            other = pc.replace_substring_regex(other, pattern, replacement)
        parsed = pc.strptime(other, format="%Y-%m-%d", unit="s", error_is_null=True)
        # strptime rolls 2017-02-29 over into March: a real date prints back as it was written
        same = pc.equal(pc.strftime(parsed, format="%Y-%m-%d"), other)
        valid = pc.fill_null(pc.and_(pc.is_valid(parsed), same), False).to_numpy(zero_copy_only=False)
        year, month = pc.year(parsed).to_numpy(zero_copy_only=False), pc.month(parsed).to_numpy(zero_copy_only=False)
        months[retry] = np.where(valid, (np.nan_to_num(year) - 1970) * 12 + np.nan_to_num(month) - 1, -1)
    return months


DAYS_IN_MONTH = np.array([31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31])


def _iso_months(strings: pa.Array) -> np.ndarray:
    """Months since 1970 of 'YYYY-MM-DD' strings (-1 where not a real date), from their bytes,
    one column of the (n, 10) byte matrix at a time."""
    offsets = np.frombuffer(strings.buffers()[1], dtype=np.int32)[strings.offset: strings.offset + len(strings) + 1]
    chars = np.frombuffer(strings.buffers()[2], dtype=np.uint8)[offsets[0]: offsets[-1]].reshape(-1, 10)
    digit = [chars[:, k] - np.uint8(ord("0")) for k in range(10)]  # a wrapped uint8 above 9 is not a digit
    ok = (chars[:, 4] == ord("-")) & (chars[:, 7] == ord("-"))
    for k in (0, 1, 2, 3, 5, 6, 8, 9):
        ok &= digit[k] <= 9

    def number(*places: int) -> np.ndarray:
        value = np.zeros(len(chars), dtype=np.int32)
        for k in places:
            value = value * 10 + digit[k]
        return value
    year, month, day = number(0, 1, 2, 3), number(5, 6), number(8, 9)
    ok &= (month >= 1) & (month <= 12) & (day >= 1) & (year >= 1970)
    leap = (year % 4 == 0) & ((year % 100 != 0) | (year % 400 == 0))
    last_day = np.where((month == 2) & ~leap, 28, np.take(DAYS_IN_MONTH, np.clip(month, 1, 12) - 1))
    ok &= day <= last_day
    return np.where(ok, (year.astype(np.int64) - 1970) * 12 + month - 1, -1)


FIRST_YEAR = 1985  # CNIPA (then the Patent Office) received its first applications on 1 April 1985


def plausible_months() -> tuple[int, int]:
    """The first and last month (since January 1970) a patent date can fall in: January 1985
    through this month."""
    today = dt.date.today()
    return (FIRST_YEAR - 1970) * 12, (today.year - 1970) * 12 + today.month - 1
