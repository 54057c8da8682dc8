"""Canonical identifiers, their Chinese and English display labels, and the words real
tables use for them. The only place where a Chinese or English label is spelled out."""

from __future__ import annotations

import re
import unicodedata

__all__ = [
    "MEASURES",
    "PATENT_TYPES",
    "TOTAL",
    "DISPLAY",
    "label",
    "normalize_text",
    "match_measure",
    "match_patent_type",
]

MEASURES = ("applications", "grants")
PATENT_TYPES = ("invention", "utility_model", "design")
TOTAL = "total"

DISPLAY: dict[str, dict[str, str]] = {
    "applications": {"zh": "专利申请量", "en": "Applications"},
    "grants": {"zh": "专利授权量", "en": "Grants"},
    "invention": {"zh": "发明", "en": "Invention"},
    "utility_model": {"zh": "实用新型", "en": "Utility model"},
    "design": {"zh": "外观设计", "en": "Design"},
    "total": {"zh": "合计", "en": "Total"},
    "count": {"zh": "本月", "en": "This month"},
    "ytd": {"zh": "累计", "en": "Year to date"},
}

# Words seen in headers and label cells, most specific first; matched after normalize_text.
MEASURE_WORDS: dict[str, tuple[str, ...]] = {
    "applications": ("申请受理", "申请量", "申请数", "申请", "受理", "applications", "application", "filings", "filed"),
    "grants": ("授权量", "授权数", "授权", "grants", "granted", "grant"),
}
PATENT_TYPE_WORDS: dict[str, tuple[str, ...]] = {
    "utility_model": ("实用新型", "实用", "utility_model", "utilitymodel", "utility"),
    "invention": ("发明", "invention", "inventions"),
    "design": ("外观设计", "外观", "design", "designs"),
    TOTAL: ("合计", "总计", "小计", "总量", "总数", "total"),
}


def label(key: str, lang: str = "zh") -> str:
    """Display label of a canonical identifier in ``lang`` ('zh' or 'en').

    Examples
    --------
    >>> label("utility_model", "zh")
    '实用新型'
    """
    return DISPLAY[key][lang]


_SPACES = re.compile(r"[\s\u3000]+")


def normalize_text(value: object) -> str:
    """Full-width to half-width (NFKC), lower case, no spaces: the form labels are matched in."""
    return _SPACES.sub("", unicodedata.normalize("NFKC", str(value))).lower()


def _match(text: str, words: dict[str, tuple[str, ...]]) -> str | None:
    norm = normalize_text(text)
    for key, options in words.items():
        if any(word in norm for word in options):
            return key
    return None


def match_measure(text: str) -> str | None:
    """``'applications'``, ``'grants'`` or None for a header or label such as '专利申请量'."""
    return _match(text, MEASURE_WORDS)


def match_patent_type(text: str) -> str | None:
    """``'invention'``, ``'utility_model'``, ``'design'``, ``'total'`` or None."""
    return _match(text, PATENT_TYPE_WORDS)
