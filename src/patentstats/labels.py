"""Canonical identifiers and their Chinese and English display labels: the only place where a
display label is spelled out. The words real tables use are in ``readers/vocabulary.csv``."""

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
