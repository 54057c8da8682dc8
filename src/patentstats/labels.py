"""Canonical identifiers and their Chinese and English display labels: the only place where a
display label is spelled out. The words real tables use are in ``readers/vocabulary.csv``."""

from __future__ import annotations

import re
import unicodedata

from .i18n import language

__all__ = [
    "MEASURES",
    "PATENT_TYPES",
    "TOTAL",
    "DISPLAY",
    "label",
    "term",
    "normalize_text",
    "strip_invisible",
    "INVISIBLE",
    "STOCK_COLUMNS",
]

MEASURES = ("applications", "grants")
PATENT_TYPES = ("invention", "utility_model", "design")
TOTAL = "total"
# the stocks table (in force, all-time totals, as at a month's end), read by the readers and kept by table.stocks
STOCK_COLUMNS = ["region", "year", "month", "stock", "measure", "patent_type", "value", "file", "sheet", "row",
                 "column"]

DISPLAY: dict[str, dict[str, str]] = {
    "applications": {"zh": "专利申请量", "en": "Applications"},
    "grants": {"zh": "专利授权量", "en": "Grants"},
    "invention": {"zh": "发明", "en": "Invention"},
    "utility_model": {"zh": "实用新型", "en": "Utility model"},
    "design": {"zh": "外观设计", "en": "Design"},
    "total": {"zh": "合计", "en": "Total"},
    "count": {"zh": "本月", "en": "This month"},
    "ytd": {"zh": "累计", "en": "Year to date"},
    "invention_in_force": {"zh": "有效发明专利", "en": "Inventions in force"},
    "invention_per_10k": {"zh": "每万人口发明专利拥有量", "en": "Inventions per 10k"},
}


def term(key: str) -> str:
    """A canonical identifier as messages name it: as is in English, its Chinese label under zh."""
    return DISPLAY.get(key, {}).get("zh", key) if language() == "zh" else key


def label(key: str, lang: str = "zh") -> str:
    """Display label of a canonical identifier in ``lang`` ('zh' or 'en').

    Examples
    --------
    >>> label("utility_model", "zh")
    '实用新型'
    """
    return DISPLAY[key][lang]


_SPACES = re.compile(r"[\s\u3000]+")
# control characters, soft hyphens, zero-width and bidirectional marks, byte-order marks: never part of a name
INVISIBLE = "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u00ad\u200b-\u200f\u202a-\u202e\u2060-\u206f\ufeff]"
_INVISIBLE = re.compile(INVISIBLE)


def strip_invisible(text: str) -> str:
    """Text without the characters that print as nothing (or reorder what follows).

    Examples
    --------
    >>> strip_invisible("永修\u200b县\u202e")
    '永修县'
    """
    return _INVISIBLE.sub("", text)


def normalize_text(value: object) -> str:
    """Full-width to half-width (NFKC), lower case, no spaces: the form labels are matched in."""
    return _SPACES.sub("", unicodedata.normalize("NFKC", strip_invisible(str(value)))).lower()
