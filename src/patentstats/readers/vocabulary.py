"""The header and label vocabulary: which words mean what, read from ``vocabulary.csv``.

The readers ask this module what a header or row label means; the words themselves live in
the CSV table beside it, so teaching the readers a new header is a one-line edit of data.
"""

from __future__ import annotations

import csv
import re
from functools import cache
from importlib import resources

from ..labels import normalize_text

__all__ = ["Vocabulary", "vocabulary", "normalize_word", "match_measure", "match_patent_type"]

_BRACKETS = str.maketrans("【】〔〕", "[][]")
_PREFIX_END = re.compile(r"[:：\d]")


_PLAIN = re.compile(r"[\u4e00-\u9fff0-9]*")  # common ideographs and digits: what normalize_word leaves as it is


def normalize_word(value: object) -> str:
    """The form words are compared in: NFKC, lower case, no spaces, one kind of bracket."""
    if type(value) is str and _PLAIN.fullmatch(value):
        return value  # most applicant names: one regex instead of four passes (20,000 names a list)
    return normalize_text(value).translate(_BRACKETS)


class Vocabulary:
    """Words by kind, each with its meaning, in the order of the table."""

    def __init__(self, entries: list[tuple[str, str, str]]) -> None:
        self.entries: dict[str, list[tuple[str, str]]] = {}
        for kind, word, meaning in entries:
            self.entries.setdefault(kind, []).append((normalize_word(word), meaning))
        self._whole = {kind: dict(reversed(words)) for kind, words in self.entries.items()}  # first line wins
        # longest first, ties in table order: '当月累计' is found before '累计'
        self._longest = {kind: sorted(words, key=lambda w: -len(w[0])) for kind, words in self.entries.items()}
        self._from_end: dict[str, tuple[re.Pattern[str], dict[str, str]]] = {}

    def whole(self, kind: str, text: object) -> str | None:
        """The meaning of ``text`` as a whole word of ``kind`` (a field name, an office)."""
        return self._whole.get(kind, {}).get(normalize_word(text))

    def find(self, kind: str, text: object) -> str | None:
        """The meaning of the longest word of ``kind`` that ``text`` contains."""
        norm = normalize_word(text)
        return next((meaning for word, meaning in self._longest.get(kind, []) if word in norm), None)

    def find_all(self, kind: str, text: object) -> set[str]:
        """The meanings of every word of ``kind`` that ``text`` contains."""
        norm = normalize_word(text)
        return {meaning for word, meaning in self.entries.get(kind, []) if word in norm}

    def find_each(self, kind: str, text: object) -> set[str]:
        """The meanings of the words of ``kind`` in ``text``, longest first, each place read once:
        '申请授权量' is one word (grants), not 申请 and 授权."""
        norm = normalize_word(text)
        found = set()
        for word, meaning in self._longest.get(kind, []):
            if word and word in norm:
                found.add(meaning)
                norm = norm.replace(word, "\0")
        return found - {"-"}

    def last(self, kind: str, text: object) -> str | None:
        """The meaning of the word of ``kind`` that ends nearest the end of ``text``, the longest
        at a tie: '北京大学科技园有限公司' is a company, '中国科学院物理研究所' an institute."""
        if kind not in self._from_end:  # the words reversed, longest first: the first match in the reversed text
            words = [(word[::-1], meaning) for word, meaning in self._longest.get(kind, []) if word]
            self._from_end[kind] = (re.compile("|".join(re.escape(w) for w, _m in words) or "(?!)"),
                                    dict(reversed(words)))
        pattern, meanings = self._from_end[kind]
        found = pattern.search(normalize_word(text)[::-1])  # one regex pass per name (20,000 names in a list)
        return meanings[found.group()] if found else None

    def edge(self, kind: str, text: object) -> str | None:
        """The meaning of a word of ``kind`` that ``text`` starts or ends with (row labels)."""
        norm = normalize_word(text)
        return next((meaning for word, meaning in self._longest.get(kind, [])
                     if norm.startswith(word) or norm.endswith(word)), None)

    def prefix(self, kind: str, text: object) -> str | None:
        """The meaning of a word of ``kind`` that ``text`` begins with, followed by ':' or a digit
        ('单位：件', '注1'), as unit rows, footnotes and form metadata begin."""
        norm = normalize_word(text)
        return next((meaning for word, meaning in self._longest.get(kind, [])
                     if norm.startswith(word) and _PREFIX_END.match(norm, len(word))), None)


def _read_table(text: str) -> list[tuple[str, str, str]]:
    lines = [line for line in text.splitlines() if line.strip() and not line.startswith("#")]
    rows = list(csv.reader(lines))
    if rows[0] != ["kind", "word", "meaning"]:
        raise ValueError("vocabulary.csv must start with the header kind,word,meaning")
    bad = next((row for row in rows[1:] if len(row) != 3), None)
    if bad is not None:
        raise ValueError(f"vocabulary.csv: {','.join(bad)!r} is not kind,word,meaning (quote a word with a comma)")
    return [(kind, word, meaning) for kind, word, meaning in rows[1:]]


@cache
def vocabulary() -> Vocabulary:
    """The package's vocabulary, read once."""
    text = resources.files(__package__).joinpath("vocabulary.csv").read_text(encoding="utf-8")
    return Vocabulary(_read_table(text))


def match_measure(text: object) -> str | None:
    """``'applications'``, ``'grants'`` or None for a header or label such as '专利申请量'.

    Examples
    --------
    >>> match_measure("年专利 授权量累 计")
    'grants'
    """
    found = vocabulary().find("measure", text)
    return None if found == "-" else found


def match_patent_type(text: object) -> str | None:
    """``'invention'``, ``'utility_model'``, ``'design'``, ``'total'`` or None.

    Examples
    --------
    >>> match_patent_type("授权发明"), match_patent_type("实用新型合计")
    ('invention', 'utility_model')
    """
    return vocabulary().find("patent_type", text)
