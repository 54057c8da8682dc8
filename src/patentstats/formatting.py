"""Numbers and tables as people read them, in Chinese or English: 件 and 万 in Chinese,
thousands separators in English, '—' for what is unknown."""

from __future__ import annotations

import math
import unicodedata

import pandas as pd

from .errors import InputError
from .i18n import _

__all__ = ["LANGS", "check_lang", "is_missing", "fmt_count", "fmt_pct", "fmt_change", "fmt_growth", "fmt_prob",
           "chance_words", "period_label", "text_table"]

EN_MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
             "November", "December"]

LANGS = ("zh", "en")
DASH = "—"


def check_lang(lang: str) -> str:
    if lang not in LANGS:
        raise InputError(_("unknown language {lang!r}: expected one of {languages}").format(lang=lang,
                                                                                          languages=", ".join(LANGS)))
    return lang


def is_missing(value: object) -> bool:
    return value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value))


def fmt_count(value: object, lang: str = "zh", unit: bool = False) -> str:
    """135 -> '135' ('135件' with unit); 12,345 -> '1.23万' in Chinese, '12,345' in English.

    Examples
    --------
    >>> fmt_count(12345, "zh", unit=True), fmt_count(12345, "en"), fmt_count(None)
    ('1.23万件', '12,345', '—')
    """
    if is_missing(value):
        return DASH
    number = float(value)  # type: ignore[arg-type]
    if lang == "zh":
        text = f"{number / 10000:.2f}".rstrip("0").rstrip(".") + "万" if abs(number) >= 10000 else f"{number:.0f}"
        return text + ("件" if unit else "")
    return f"{number:,.0f}"


def fmt_pct(value: object, digits: int = 1) -> str:
    """17.39 -> '17.4%'; unknown -> '—'."""
    return DASH if is_missing(value) else f"{float(value):.{digits}f}%"  # type: ignore[arg-type]


def fmt_change(value: object, lang: str = "zh") -> str:
    """A signed change: '增长17.4%' / '下降7.7%' / '持平' in Chinese, '+17.4%' / '-7.7%' in English."""
    if is_missing(value):
        return DASH
    number = round(float(value), 1)  # type: ignore[arg-type]
    if lang == "zh":
        return "持平" if number == 0 else f"{'增长' if number > 0 else '下降'}{abs(number):.1f}%"
    return "unchanged" if number == 0 else f"{number:+.1f}%"


SMALL_BASE = 10  # below this, a rate says more than the counts do: +150% on 2 is three more


def fmt_growth(now: object, before: object, lang: str = "zh") -> str:
    """Change on the same period last year as bureaus print it: one decimal of percent, or the
    difference in counts when last year's figure is under 10.

    Examples
    --------
    >>> fmt_growth(265, 135), fmt_growth(10, 8), fmt_growth(10, 8, "en"), fmt_growth(5, 5)
    ('增长96.3%', '增加2件', '+2', '持平')
    """
    if is_missing(now) or is_missing(before):
        return DASH
    now_n, before_n = float(now), float(before)  # type: ignore[arg-type]
    if before_n >= SMALL_BASE:
        return fmt_change((now_n / before_n - 1) * 100, lang)
    diff = round(now_n - before_n)
    if lang == "zh":
        return "持平" if diff == 0 else f"{'增加' if diff > 0 else '减少'}{abs(diff)}件"
    return "unchanged" if diff == 0 else f"{diff:+d}"


def chance_words(p: object, lang: str = "zh") -> str:
    """A probability in the words of a bureau's report: 很可能 (90% or more) / 较大 (70%) /
    一般 (30%) / 较小; the figure itself goes in a note."""
    if is_missing(p):
        return DASH
    value = float(p)  # type: ignore[arg-type]
    bands = (("很可能", "very likely"), ("较大", "likely"), ("一般", "uncertain"), ("较小", "unlikely"))
    band = bands[0 if value >= 0.9 else 1 if value >= 0.7 else 2 if value >= 0.3 else 3]
    return band[0 if lang == "zh" else 1]


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def text_table(header: list[str], rows: list[list[str]]) -> str:
    """A plain aligned table for the terminal; Chinese characters count as two columns."""
    widths = [max(_width(r[i]) for r in [header, *rows]) for i in range(len(header))]

    def line(cells: list[str]) -> str:
        return "  ".join(c + " " * (w - _width(c)) if i < 2 else " " * (w - _width(c)) + c
                         for i, (c, w) in enumerate(zip(cells, widths, strict=False))).rstrip()
    rule = "  ".join("-" * w for w in widths)
    return "\n".join([line(header), rule, *(line(r) for r in rows)])


def period_label(year: int, month: int, lang: str = "zh") -> str:
    """The year-to-date period: '2018年1-9月', '2018年1月'; 'January-September 2018'.

    Examples
    --------
    >>> period_label(2018, 9), period_label(2018, 1, "en")
    ('2018年1-9月', 'January 2018')
    """
    if lang == "zh":
        return f"{year}年1月" if month == 1 else f"{year}年1-{month}月"
    return f"January {year}" if month == 1 else f"January-{EN_MONTHS[month - 1]} {year}"


def fmt_prob(p: object, lang: str = "zh", cap: object = None) -> str:
    """A probability as people say it: '96%', '不足1%' / 'below 1%', '超过99%' / 'above 99%',
    and '已达到' / 'reached' for a level already passed (probability exactly 1). A chance held
    to ``cap`` (the projection's track record) is a bound, not an estimate: '超过94%', '不足6%'.

    Examples
    --------
    >>> fmt_prob(0.94, cap=0.94), fmt_prob(0.06, cap=0.94), fmt_prob(0.5, cap=0.94), fmt_prob(0.06, "en", 0.94)
    ('超过94%', '不足6%', '50%', 'below 6%')
    """
    if is_missing(p):
        return DASH
    value = float(p)  # type: ignore[arg-type]
    if value >= 1.0:
        return "已达到" if lang == "zh" else "reached"
    if not is_missing(cap) and 0.5 < float(cap) < 1.0:  # type: ignore[arg-type]
        bound = float(cap)  # type: ignore[arg-type]
        if value >= bound - 1e-9:
            return f"超过{bound:.0%}" if lang == "zh" else f"above {bound:.0%}"
        if value <= 1 - bound + 1e-9:
            return f"不足{1 - bound:.0%}" if lang == "zh" else f"below {1 - bound:.0%}"
    if value > 0.99:
        return "超过99%" if lang == "zh" else "above 99%"
    if value < 0.01:
        return "不足1%" if lang == "zh" else "below 1%"
    return f"{value:.0%}"
