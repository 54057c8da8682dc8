"""Chinese patent application numbers (申请号): normalising, checking, and the patent type
they encode. Vectorised over pyarrow arrays so that lists of millions of rows stay fast.

Since October 2003: ``YYYY T NNNNNNN . C`` (12 digits); before: ``YY T NNNNN . C`` (8 digits).
``T`` is 1 invention, 2 utility model, 3 design, 8 PCT invention, 9 PCT utility model. The
check character is the weighted digit sum (weights 2..9, 2..5) mod 11, 10 written 'X'.
Exports add a publication kind letter: ``CN2009101277538A`` (Google Patents) or, without the
check character, ``CN201711214252A`` (Derwent); the check character is then computed.
Numbers of other offices (``TW110132167``, ``WOIT20000045``) are recognised as such.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

__all__ = ["Appnos", "decode_appnos", "check_character", "TYPE_BY_DIGIT", "TYPE_CODES", "VALID", "MALFORMED", "BAD_CHECK",
           "OTHER_OFFICE"]

TYPE_BY_DIGIT = {"1": "invention", "2": "utility_model", "3": "design", "8": "invention", "9": "utility_model"}
TYPE_CODES = ("invention", "utility_model", "design")
WEIGHTS = {12: np.array([2, 3, 4, 5, 6, 7, 8, 9, 2, 3, 4, 5]), 8: np.arange(2, 10)}
# digit -> index into TYPE_CODES, -1 for a digit that names no type
_TYPE_OF_DIGIT = np.full(256, -1, dtype=np.int8)
for _digit, _name in TYPE_BY_DIGIT.items():
    _TYPE_OF_DIGIT[ord(_digit)] = TYPE_CODES.index(_name)

VALID, MALFORMED, BAD_CHECK, OTHER_OFFICE = 0, 1, 2, 3
KIND_LETTERS = np.frombuffer(b"ABCDSUY", dtype=np.uint8)  # a publication kind letter right after the number
_IS_KIND = np.zeros(256, dtype=bool)
_IS_KIND[KIND_LETTERS] = True


def check_character(digits: str) -> str:
    """The check character of 8 or 12 digits.

    Examples
    --------
    >>> check_character("201710601862")
    '3'
    """
    total = int(sum(int(d) * w for d, w in zip(digits, WEIGHTS[len(digits)], strict=False)))
    return "X" if total % 11 == 10 else str(total % 11)


@dataclass
class Appnos:
    """Per number: ``status`` (VALID, MALFORMED, BAD_CHECK), ``key`` (a unique int64 per valid
    number, the same however it is written, for finding repeats fast) and ``type_code``
    (index into TYPE_CODES, -1 if none)."""

    status: np.ndarray
    key: np.ndarray
    type_code: np.ndarray


MAX_WIDTH = 40  # longer cells are no application number in any written form


CHUNK_ROWS = 1 << 17  # small enough for the temporaries to stay in cache and be reused


def decode_appnos(written: pa.Array) -> Appnos:
    """Check every number as written (CN/ZL prefix, dots, spaces, full-width digits, lower-case
    x allowed) and read its type and key. The strings are padded to one width so that Arrow's
    byte buffer is an (n, width) matrix: numpy passes over chunks, no Python loop per row.

    Examples
    --------
    >>> decode_appnos(pa.array(["ZL 201710601862.3", "95115608.X", "201710601862.4", "CN201711214252A",
    ...                         "TW110132167"])).status.tolist()
    [0, 0, 2, 0, 3]
    """
    written = pc.fill_null(pc.cast(written, pa.string()), "")
    if not pc.all(pc.string_is_ascii(written)).as_py():
        written = pc.utf8_normalize(written, form="NFKC")  # full-width digits and dots
        written = pc.if_else(pc.string_is_ascii(written), written, "?")  # other scripts: malformed
    if (pc.max(pc.binary_length(written)).as_py() or 0) > MAX_WIDTH:  # else no copy
        written = pc.if_else(pc.greater(pc.binary_length(written), MAX_WIDTH), "?", written)
    n = len(written)
    result = Appnos(np.full(n, MALFORMED, dtype=np.int8), np.full(n, -1, dtype=np.int64), np.full(n, -1, dtype=np.int8))
    for start in range(0, n, CHUNK_ROWS):
        _decode_chunk(written.slice(start, CHUNK_ROWS), result, start)
    return result


def _decode_chunk(written: pa.Array, result: Appnos, start: int) -> None:
    width = max(int(pc.max(pc.binary_length(written)).as_py() or 0), 2)
    matrix = _fixed_width(pc.utf8_rpad(written, width=width, padding=" "), width)
    kept = ((matrix - np.uint8(ord("0"))) < 10) | ((matrix | 0x20) == ord("x"))
    separator = (matrix == ord(" ")) | (matrix == ord(".")) | (matrix == ord("\t"))
    with_kind = _drop_kind_letter(matrix, kept, separator)
    stray = ~(kept | separator)
    prefix_rows, prefix_cols, other = _prefix(matrix, separator)
    np.put(stray, prefix_rows * width + prefix_cols, False)  # the CN or ZL at its start is all it may have
    ones = np.ones(width, dtype=np.uint8)  # a row's count of True as a uint8 product (width <= 40): 3x a sum(axis=1)
    n_kept = (kept.view(np.uint8) @ ones).astype(np.int16)
    result.status[start + np.flatnonzero(other & (n_kept > 0))] = OTHER_OFFICE
    n_kept[(stray.view(np.uint8) @ ones) > 0] = -1
    for digits, weights in WEIGHTS.items():
        for with_check, rows in ((True, np.flatnonzero(n_kept == digits + 1)),
                                 (False, np.flatnonzero((n_kept == digits) & with_kind))):  # Derwent: no check
            if rows.size == 0:
                continue
            chosen = np.zeros(len(matrix), dtype=bool)
            chosen[rows] = True  # one mask over the whole matrix: half the cost of copying the rows first
            compact = matrix[kept & chosen[:, None]].reshape(rows.size, digits + with_check)
            at = rows + start
            result.status[at], result.key[at], result.type_code[at] = _check(compact, digits, weights, with_check)


def _drop_kind_letter(matrix: np.ndarray, kept: np.ndarray, separator: np.ndarray) -> np.ndarray:
    """Rows whose last character is a kind letter right after a digit or X (CN201711214252A);
    the letter counts as a separator from then on (``separator`` is changed in place)."""
    last = matrix.shape[1] - 1 - np.argmin(separator[:, ::-1], axis=1)  # last byte that is not a separator
    at = np.maximum(last, 1)[:, None]  # every row read at once, those with one byte masked below
    hit: np.ndarray = (last >= 1) & _IS_KIND[np.take_along_axis(matrix, at, 1)[:, 0]] & np.take_along_axis(kept, at - 1, 1)[:, 0]
    rows = np.flatnonzero(hit)
    separator[rows, last[rows]] = True
    return hit


def _prefix(matrix: np.ndarray, separator: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Row and column indices of a CN or ZL prefix (any case, after any leading spaces), and the
    rows that start with two other letters: numbers of other offices (TW110132167, WOIT2000...)."""
    first = np.argmin(separator, axis=1)  # first byte that is not a separator
    room = first + 1 < matrix.shape[1]
    at = np.minimum(first, matrix.shape[1] - 2)[:, None]  # every row read at once, those without room masked
    a = np.take_along_axis(matrix, at, 1)[:, 0] | 0x20
    b = np.take_along_axis(matrix, at + 1, 1)[:, 0] | 0x20
    hit = room & (((a == ord("c")) & (b == ord("n"))) | ((a == ord("z")) & (b == ord("l"))))
    other = room & (a >= ord("a")) & (a <= ord("z")) & (b >= ord("a")) & (b <= ord("z")) & ~hit
    rows = np.flatnonzero(hit)
    cols = first[rows]
    return np.concatenate([rows, rows]), np.concatenate([cols, cols + 1]), other


def _fixed_width(strings: pa.Array, width: int) -> np.ndarray:
    """The (n, width) byte matrix of strings that all have ``width`` bytes (zero copy)."""
    strings = pa.concat_arrays([strings]) if isinstance(strings, pa.ChunkedArray) else strings
    offsets = np.frombuffer(strings.buffers()[1], dtype=np.int32)[strings.offset: strings.offset + len(strings) + 1]
    data = np.frombuffer(strings.buffers()[2], dtype=np.uint8)[offsets[0]: offsets[-1]]
    return data.reshape(len(strings), width)


def _check(compact: np.ndarray, digits: int, weights: np.ndarray,
           with_check: bool = True) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Status, key and type of numbers reduced to their digits and check character (computed
    where the number is written without one)."""
    n = len(compact)
    total, number, digit = np.zeros(n, dtype=np.int32), np.zeros(n, dtype=np.int64), np.empty(n, dtype=np.int32)
    not_digit = np.zeros(n, dtype=bool)
    by_place = np.ascontiguousarray(compact.T)  # a row per place: contiguous passes, in place
    for k, weight in enumerate(weights):
        np.subtract(by_place[k], ord("0"), out=digit, dtype=np.int32)
        not_digit |= (by_place[k] - np.uint8(ord("0"))) > 9  # an X belongs only in the check place
        total += digit * int(weight)
        number *= 10
        number += digit
    well_formed = ~not_digit
    if with_check:
        last = compact[:, digits]
        check_value = np.where((last | 0x20) == ord("x"), 10, last.astype(np.int32) - ord("0"))
    else:
        check_value = total % 11
    types = _TYPE_OF_DIGIT[compact[:, 4 if digits == 12 else 2]]
    status = np.where(~well_formed | (types < 0), MALFORMED, np.where(check_value == total % 11, VALID, BAD_CHECK))
    return status, number * 11 + check_value, types
