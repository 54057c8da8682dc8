"""What one label says: a title, a header cell or a row label, read through the vocabulary.

A label is read on its own (``read_label``); what a total word or an unknown name means is
decided by the labels beside it on the same axis (``read_axis``): 合计 among 发明/实用新型 is
the type total, among counties the total row, among 国内/国外 the national figure.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, fields, replace
from functools import cache

from ..labels import TOTAL, strip_invisible
from .cells import CellError, Period, parse_period_label, parse_title
from .vocabulary import match_measure, match_patent_type, vocabulary

__all__ = ["Meaning", "label_text", "read_label", "read_axis", "NATIONAL"]

NATIONAL = "全国"  # the total of a table split by origin (国内/国外) is the national figure
_CJK = re.compile(r"[\u3400-\u9fff]")
_CJK_SPACE = re.compile(r"(?<=[\u3400-\u9fff])[\s\u3000]+|[\s\u3000]+(?=[\u3400-\u9fff])")
# an English gloss beside Chinese words: 合计Total, 北 京 Beijing, 有效量* In Force, 大专院校 A*
_GLOSS = re.compile(r"[A-Za-z][A-Za-z'’.&\-]*(?:\s+[A-Za-z][A-Za-z'’.&\-]*)*\s*\*?")
_YEAR_LABEL = re.compile(r"^((?:19|20)\d{2})(?:\.0)?\s*年?(?:度)?$")
_SPLIT_OF = re.compile(r"^[#＃\s]*")  # '#' marks 'of which' in yearbooks


@dataclass(frozen=True)
class Meaning:
    """What a label, or a path of labels, says about the figures it heads."""

    measure: str | None = None
    patent_type: str | None = None  # invention, utility_model, design, or total
    basis: str | None = None  # count | ytd
    comparison: str | None = None  # prev_year | yoy
    period: Period | None = None
    year: int | None = None  # a year on its own: the whole year, unless months are named elsewhere
    since: int | None = None  # an all-time span (1985.4-2013.12): a stock
    region: str | None = None
    origin: str | None = None
    kind: str | None = None  # applicant kind: university ... employer, individual
    aside: str | None = None  # share, rank, note, target, rate, other: not a count
    stock: str | None = None  # in_force | cumulative
    heading: bool = False  # 类型, 地区: names what the labels below are
    total: bool = False  # a total word, before the axis says of what
    region_total: bool = False  # the total of the regions: checked, not stored
    period_total: bool = False  # the total of the months: checked, not stored
    of_which: bool = False  # 其中: splits the figure before it
    name: str | None = None  # text the vocabulary does not know
    unknown_type: bool = False  # an unreadable label among types ('#'): the sums decide
    type_total: bool = False  # a total word that totals the types, unless the path names one
    stray: bool = False  # an unknown word where the labels beside it are types, kinds or months

    def merged(self, other: Meaning) -> Meaning:
        """This meaning with every field that ``other`` sets taken from it."""
        return replace(self, **{f.name: v for f in fields(other) if (v := getattr(other, f.name)) not in (None, False)})

    @property
    def unknown(self) -> bool:
        """A label the vocabulary does not know, where no region can stand."""
        bare_name = self.name is not None and self.region is None and not replace(self, name=None).says_something
        return self.stray or bare_name

    @property
    def says_something(self) -> bool:
        return any(getattr(self, f.name) not in (None, False) for f in fields(self) if f.name != "name")


def label_text(value: object) -> str:
    """A label as printed, without an English gloss beside Chinese words and without the spaces
    typesetters put inside them ('北 京 Beijing' -> '北京'); English-only labels stay as they are.

    Examples
    --------
    >>> label_text("北 京 Beijing"), label_text("合计Total"), label_text("A County")
    ('北京', '合计', 'A County')
    """
    text = " ".join(unicodedata.normalize("NFC", strip_invisible(str(value))).split())
    if _CJK.search(text):
        text = _GLOSS.sub(" ", text)
    return _CJK_SPACE.sub("", text).strip()


def _period_parts(text: str) -> dict[str, object]:
    if found := _YEAR_LABEL.match(text):
        return {"year": int(found[1])}
    period = parse_period_label(text)  # a month 13 is an error the caller locates
    if period is not None:
        return {"period": period}
    info = parse_title(text)
    if info.since is not None:
        return {"since": info.since}
    return {"period": info.period} if info.period is not None else {}


def _basis(text: str) -> str | None:
    try:
        span = parse_period_label(text)
    except CellError:
        span = None
    if span is not None and span.first == 1 < span.last:
        return "ytd"
    return parse_title(text).basis or vocabulary().find("basis", text)


@cache
def read_label(value: str) -> Meaning:
    """What a label says on its own.

    Examples
    --------
    >>> m = read_label("发明专利累计")
    >>> m.patent_type, m.basis
    ('invention', 'ytd')
    """
    printed = label_text(value)
    text = _SPLIT_OF.sub("", printed)
    if not text:
        return Meaning(unknown_type=bool(printed))
    words = vocabulary()
    patent_type = match_patent_type(text)
    meaning = Meaning(
        measure=match_measure(text), patent_type=None if patent_type == TOTAL else patent_type, basis=_basis(text),
        comparison=words.find("comparison", text), origin=words.whole("origin_row", text),
        kind=words.find("kind_column", text), aside=words.find("ignore", text), stock=words.find("stock", text),
        heading=words.find("heading", text) is not None or words.whole("field", text) is not None,
        total=words.edge("total_row", text) is not None, of_which=words.find("of_which", text) is not None,
        **_period_parts(text))  # type: ignore[arg-type]
    if meaning.says_something:
        return meaning
    return Meaning(name=text) if re.search(r"[A-Za-z\u3400-\u9fff]", text) else Meaning(unknown_type=True)


def _key(meaning: Meaning) -> str | None:
    """The dimension a label enumerates along its axis."""
    for name in ("origin", "patent_type", "kind", "measure", "period", "year"):
        if getattr(meaning, name) is not None:
            return name
    return "region" if meaning.name else None


def level_dimension(labels: Sequence[str], fewest_names: int = 2) -> str | None:
    """What the labels at one depth of an axis enumerate: regions, origins, types, kinds,
    measures, months or years (the most common among its distinct labels that are not totals).
    Unknown words are region names where they are most labels and at least ``fewest_names``."""
    meanings = [read_label(t) for t in dict.fromkeys(labels) if t]
    keys = Counter(k for m in meanings if not m.total and (k := _key(m)) is not None)
    if not keys:
        return None
    key, count = keys.most_common(1)[0]
    if key == "region" and (count < fewest_names or count * 2 < len(meanings)):
        return None
    return key


def _in_context(meaning: Meaning, dimension: str | None) -> Meaning:
    """A label's meaning once its axis level is known: totals and names resolved."""
    if meaning.total:
        return _total_of(meaning, dimension)
    if meaning.name is not None and dimension == "region":
        return replace(meaning, region=meaning.name)
    if meaning.name is not None and dimension is not None:
        return replace(meaning, stray=True)  # an unknown word among kinds or types: not a region
    return meaning


def _total_of(meaning: Meaning, dimension: str | None) -> Meaning:
    if dimension == "origin":
        return replace(meaning, origin=NATIONAL)
    if dimension == "region":
        return replace(meaning, region_total=True)
    if dimension == "period":
        return replace(meaning, period_total=True)
    if dimension in ("kind", "year"):
        return meaning
    return replace(meaning, type_total=True)


def _all_time_total(labels: Iterable[str]) -> str | None:
    """Beside a month's total and a year's total (Monthly Total, Yearly Total), a bare total
    (Total) is the all-time one: a stock."""
    meanings = {text: read_label(text) for text in labels if text}
    bases = {m.basis for m in meanings.values() if m.total}
    bare = [text for text, m in meanings.items() if m.total and m.basis is None and not m.patent_type]
    return bare[0] if {"count", "ytd"} <= bases and len(bare) == 1 else None


def read_axis(paths: Sequence[Sequence[str]], fewest_names: int = 2) -> list[Meaning]:
    """The meaning of each path along an axis (each row's labels, or each column's header
    cells), every level read in the light of the other labels at the same depth."""
    depth = max((len(p) for p in paths), default=0)
    dimensions = [level_dimension([p[d] for p in paths if len(p) > d], fewest_names) for d in range(depth)]
    all_time = [_all_time_total(p[d] for p in paths if len(p) > d) for d in range(depth)]
    return [_path_meaning(path, dimensions, all_time) for path in paths]


def _path_meaning(path: Sequence[str], dimensions: list[str | None], all_time: list[str | None]) -> Meaning:
    meaning = Meaning()
    for d, text in enumerate(path):
        if text:
            label = read_label(text)
            label = replace(label, stock="cumulative") if label.total and text == all_time[d] else label
            meaning = meaning.merged(_in_context(label, dimensions[d]))
    if meaning.type_total and meaning.patent_type is None and not meaning.unknown_type:  # 月合计: all types
        meaning = replace(meaning, patent_type=TOTAL)
    return meaning
