"""What each row of a patent-search export is: a publication of which office, of which
application, of which type, and whether it publishes a grant. Read from the publication
number and its kind code (CN103175679A / CN103175679B), the type column (发明申请, 授权发明,
实用新型...) and the office column (受理局, 公开国别), with the meanings of vocabulary.csv.
Vectorised over pyarrow arrays: one Python step per distinct label, not per row."""

from __future__ import annotations

from collections import Counter

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from .appno import TYPE_CODES
from .vocabulary import match_patent_type, vocabulary

__all__ = ["decode_pubnos", "kind_letters", "kind_types", "label_types", "other_offices", "UNKNOWN", "CONFLICT"]

UNKNOWN, CONFLICT = -1, -2  # type codes besides the indices into TYPE_CODES
_PUBNO = r"^\s*(?P<office>[A-Za-z]{2})?\s*(?P<number>\d{6,12})\s*(?P<kind>[A-Za-z]\d?)?\s*$"


def _text(values: pa.Array) -> pa.Array:
    text = pc.fill_null(pc.cast(values, pa.string()), "")
    return pc.utf8_normalize(text, form="NFKC") if not pc.all(pc.string_is_ascii(text)).as_py() else text


def decode_pubnos(written: pa.Array) -> tuple[np.ndarray, pa.Array, np.ndarray]:
    """Per publication number: the application's key (its digits without the kind code, -1 if
    not a publication number), the kind letter (upper case, '' if none) and whether it is a
    publication of another office than CNIPA.

    Examples
    --------
    >>> key, kind, other = decode_pubnos(pa.array(["CN103175679A", "CN103175679B", "US2015123456A1", "n/a"]))
    >>> key.tolist(), kind.to_pylist(), other.tolist()
    ([103175679, 103175679, 2015123456, -1], ['A', 'B', 'A', ''], [False, False, True, False])
    """
    parts = pc.extract_regex(_text(written), _PUBNO)
    key = pc.fill_null(pc.cast(pc.struct_field(parts, "number"), pa.int64()), -1).to_numpy(zero_copy_only=False)
    office = pc.fill_null(pc.utf8_upper(pc.struct_field(parts, "office")), "CN")
    other = pc.invert(pc.is_in(office, pa.array(["CN", "ZL"]))).to_numpy(zero_copy_only=False)
    return key, kind_letters(written), other


def kind_letters(written: pa.Array) -> pa.Array:
    """The kind letter after a publication number's digits ('A' of CN103175679A and of
    WO2021234742A1; '' where there is none)."""
    text = _text(written)
    if isinstance(text, pa.StringArray) and (letters := _ascii_kind_letters(text)) is not None:
        return letters
    text = pc.utf8_rtrim_whitespace(text)
    last, before = pc.utf8_slice_codeunits(text, -1), pc.utf8_slice_codeunits(text, -2, -1)
    third = pc.utf8_slice_codeunits(text, -3, -2)
    letter = pc.if_else(pc.and_(pc.utf8_is_alpha(last), pc.utf8_is_digit(before)), last,
                        pc.if_else(pc.and_(pc.and_(pc.utf8_is_alpha(before), pc.utf8_is_digit(last)),
                                           pc.utf8_is_digit(third)), before, ""))
    return pc.fill_null(pc.utf8_upper(letter), "")


_ALPHA = np.zeros(256, dtype=bool)
_ALPHA[np.frombuffer(b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz", dtype=np.uint8)] = True
_DIGIT = np.zeros(256, dtype=bool)
_DIGIT[np.frombuffer(b"0123456789", dtype=np.uint8)] = True


def _ascii_kind_letters(text: pa.StringArray) -> pa.Array | None:
    """kind_letters of ASCII numbers from their last three bytes (numpy over Arrow's buffers:
    the usual export, at a tenth of the string kernels' cost); None where a number is not
    ASCII or ends in a space or control character, for the string kernels."""
    n = len(text)
    offsets = np.frombuffer(text.buffers()[1], dtype=np.int32)[text.offset: text.offset + n + 1]
    if not n or offsets[-1] == offsets[0]:
        return None
    data = np.frombuffer(text.buffers()[2], dtype=np.uint8)
    if data[offsets[0]: offsets[-1]].max() >= 0x80:
        return None
    ends, lengths = offsets[1:], np.diff(offsets)

    def back(k: int) -> np.ndarray:  # the k-th byte from the end, 0 where the number is shorter
        return np.where(lengths >= k, data[np.maximum(ends - k, 0)], 0).astype(np.uint8)
    last, before, third = back(1), back(2), back(3)
    if ((last <= 0x20) & (lengths > 0)).any():  # trailing spaces: trimmed by the kernels
        return None
    letter = np.where(_ALPHA[last] & _DIGIT[before], last,
                      np.where(_ALPHA[before] & _DIGIT[last] & _DIGIT[third], before, 0)).astype(np.uint8)
    letter = np.where((letter >= ord("a")) & (letter <= ord("z")), letter - 32, letter).astype(np.uint8)
    has = letter > 0
    out = np.zeros(n + 1, dtype=np.int32)
    np.cumsum(has, out=out[1:])
    return pa.StringArray.from_buffers(n, pa.py_buffer(out), pa.py_buffer(letter[has].tobytes()))


def kind_types(kind: pa.Array) -> tuple[np.ndarray, np.ndarray]:
    """Type code (UNKNOWN where the kind says nothing) and whether the kind publishes a grant."""
    return _per_label(kind, lambda letter: _kind_meaning(letter))


def _kind_meaning(letter: str) -> tuple[int, bool]:
    meaning = vocabulary().whole("kind_code", letter)
    if meaning is None:
        return UNKNOWN, False
    patent_type, publication = meaning.split()
    return TYPE_CODES.index(patent_type), publication == "grant"


def label_types(labels: pa.Array) -> tuple[np.ndarray, np.ndarray]:
    """Type code of a type column's labels (UNKNOWN where blank, CONFLICT where not a type) and
    whether the label marks a grant publication (授权发明, 实用新型...)."""
    def meaning(label: str) -> tuple[int, bool]:
        if not label.strip():
            return UNKNOWN, False
        found = match_patent_type(label)
        if found is None or found not in TYPE_CODES:
            return CONFLICT, False
        return TYPE_CODES.index(found), vocabulary().find("pub_type", label) == "grant"
    return _per_label(labels, meaning)


def _per_label(values: pa.Array, meaning: object) -> tuple[np.ndarray, np.ndarray]:
    encoded = pc.dictionary_encode(pc.fill_null(pc.cast(values, pa.string()), ""))  # the few labels normalised
    pairs = [meaning(v) for v in _text(encoded.dictionary).to_pylist()]  # type: ignore[operator]
    codes = np.array([p[0] for p in pairs] or [UNKNOWN], dtype=np.int8)
    grants = np.array([p[1] for p in pairs] or [False], dtype=bool)
    indices = encoded.indices.to_numpy(zero_copy_only=False)
    return np.take(codes, indices), np.take(grants, indices)


def other_offices(numbers: pa.Array, by_number: np.ndarray, offices: pa.Array | None) -> tuple[np.ndarray, Counter[str]]:
    """Rows of offices other than CNIPA, by their number (``by_number``: TW, WO, US...) or the
    office column (中国台湾, 世界知识产权组织...), and how many of each, for the summary."""
    n = len(numbers)
    other = np.zeros(n, dtype=bool)
    labels, indices = [""], np.zeros(n, dtype=np.int64)  # each row's office label, by its index
    if offices is not None:
        encoded = pc.dictionary_encode(pc.fill_null(pc.cast(offices, pa.string()), ""))
        labels = pc.utf8_trim_whitespace(_text(encoded.dictionary)).to_pylist() or [""]  # each distinct cell once
        foreign = np.array([bool(v) and vocabulary().whole("office", v) is None for v in labels])
        indices = encoded.indices.to_numpy(zero_copy_only=False)
        other |= foreign[indices]
    rows = np.flatnonzero(by_number)
    other[rows] = True
    named = np.flatnonzero(other)  # the few rows named: the label of each, or its number's prefix
    names = np.array(labels, dtype=object)[indices[named]]
    if rows.size:
        prefixes = pc.utf8_upper(pc.utf8_slice_codeunits(pc.utf8_trim_whitespace(_text(numbers.take(pa.array(rows)))), 0, 2))
        names[np.searchsorted(named, rows)] = prefixes.to_numpy(zero_copy_only=False)
    return other, Counter(str(v) for v in names)
