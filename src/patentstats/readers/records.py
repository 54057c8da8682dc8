"""The reduced rows of a patent list (a few numbers per patent row: key, type, region, months,
applicant), held until the whole list is in, so that repeats are found across it. A list of up
to HELD_ROWS rows is held in memory; a longer one goes to disk as it comes, SPILL_ROWS at a
time, cut by a hash of the key into PARTS parts, so that every copy of a patent is in one part
and the list is then added up a part at a time: memory follows the part, not the list."""

from __future__ import annotations

import shutil
import tempfile
import weakref
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

import numpy as np

from ..i18n import _

__all__ = ["Part", "Records"]

HELD_ROWS = 1 << 22  # rows held in memory (about 20 bytes each) before they go to disk
SPILL_ROWS = 1 << 20  # rows sent to disk at a time, and held at most once some have gone
PART_BITS = 4
PARTS = 1 << PART_BITS  # a 30-million-row list (the default rows limit): about 2 million rows a part
RECORD = "record"  # a spilled row's place among the list's patent rows, for a message's file row


@dataclass
class Part:
    """Patent rows with every copy of their keys, in file order: ``columns`` by name, joint
    applicants beyond the first as (row in the part, applicant code), sorted by row."""

    columns: dict[str, np.ndarray]
    extra_row: np.ndarray
    extra_applicant: np.ndarray

    def record(self, row: int) -> int:
        """The row's place among the list's patent rows (the rows of one part held in memory are the list's)."""
        return int(self.columns[RECORD][row]) if RECORD in self.columns else row


@dataclass
class Records:
    """The list's patent rows, appended chunk by chunk in file order."""

    count: int = 0
    names: dict[str, np.dtype] = field(default_factory=dict)  # column -> type, in order of first appearance
    held: dict[str, list[np.ndarray]] = field(default_factory=dict)
    held_extra: list[tuple[np.ndarray, np.ndarray]] = field(default_factory=list)  # (record, applicant)
    held_from: int = 0  # the first held row's record
    folder: Path | None = None  # the parts on disk, once the list outgrows memory
    files: dict[tuple[int, str], BinaryIO] = field(default_factory=dict)  # (part, column) -> open for appending
    part_rows: np.ndarray = field(default_factory=lambda: np.zeros(PARTS, dtype=np.int64))

    def append(self, columns: dict[str, np.ndarray], extra: tuple[np.ndarray, np.ndarray] | None) -> None:
        """One chunk's rows; ``extra``: (index among them, applicant code) of joint applicants."""
        for name, values in columns.items():
            self.names.setdefault(name, values.dtype)
            self.held.setdefault(name, []).append(values)
        if extra is not None:
            self.held_extra.append((extra[0].astype(np.int64) + self.count, extra[1].astype(np.int32)))
        self.count += len(columns["key"])
        if self.count - self.held_from >= (HELD_ROWS if self.folder is None else SPILL_ROWS):
            self._spill()

    def parts(self) -> Iterator[Part]:
        """The rows a part at a time (the held columns are given up as they are joined); the
        parts on disk are removed once read."""
        if self.folder is None:
            yield self._held_part()
            return
        self._spill()
        _closed(list(self.files.values()))  # flushed, to be read
        for part in range(PARTS):
            columns = {name: np.fromfile(self._file(part, name), dtype=dtype)
                       for name, dtype in {**self.names, RECORD: np.dtype(np.int64)}.items()}
            extra = (np.fromfile(self._file(part, "extra_row"), dtype=np.int64),
                     np.fromfile(self._file(part, "extra_applicant"), dtype=np.int32))
            yield Part(columns, *extra)
        self.close()

    def close(self) -> None:
        _closed(list(self.files.values()))
        if self.folder is not None:
            shutil.rmtree(self.folder, ignore_errors=True)

    def _held_part(self) -> Part:
        """The held rows as one part, given up by the holder; joint applicants' records made rows of it."""
        columns = {name: _joined(self.held.pop(name, []), dtype) for name, dtype in self.names.items()}
        extra, self.held_extra = self.held_extra, []
        return Part(columns, _joined([e[0] for e in extra], np.dtype(np.int64)) - self.held_from,
                    _joined([e[1] for e in extra], np.dtype(np.int32)))

    def _spill(self) -> None:
        """The held rows appended to the parts on disk, a slice at a time, each row to the part of its key."""
        if self.folder is None:
            self.folder = Path(tempfile.mkdtemp(prefix="patentstats-list-"))
            weakref.finalize(self, shutil.rmtree, self.folder, ignore_errors=True)  # also when reading fails
            self.files = {(part, name): self._file(part, name).open("wb") for part in range(PARTS)
                          for name in (*self.names, RECORD, "extra_row", "extra_applicant")}
            weakref.finalize(self, _closed, list(self.files.values()))
        held = self._held_part()
        rows = len(held.columns["key"])
        try:
            for start in range(0, rows, SPILL_ROWS):
                self._spill_slice(held, start, min(start + SPILL_ROWS, rows))
        except OSError as exc:  # a full disk: say which folder, and how to choose another
            self.close()
            raise OSError(exc.errno, _("{error} (a long list's rows wait there until it is read; TMPDIR chooses "
                                       "another folder)").format(error=exc.strerror or exc), str(self.folder)) from None
        self.held_from += rows

    def _spill_slice(self, held: Part, start: int, stop: int) -> None:
        columns = {name: values[start:stop] for name, values in held.columns.items()}
        columns[RECORD] = np.arange(self.held_from + start, self.held_from + stop, dtype=np.int64)
        part_of = _part_of(columns["key"])
        order = np.argsort(part_of, kind="stable")  # file order kept within a part
        bounds = np.searchsorted(part_of[order], np.arange(PARTS + 1))
        for name, values in columns.items():
            self._write(name, values[order], bounds)
        # joint applicants go with their rows: a row's index in the slice becomes its row in its part
        lo, hi = np.searchsorted(held.extra_row, [start, stop])
        row = held.extra_row[lo:hi] - start
        place = np.empty(len(order), dtype=np.int64)
        place[order] = np.arange(len(order))
        part = part_of[row]
        by_part = np.argsort(part, kind="stable")
        cut = np.searchsorted(part[by_part], np.arange(PARTS + 1))
        self._write("extra_row", (self.part_rows[part] + place[row] - bounds[part])[by_part], cut)
        self._write("extra_applicant", held.extra_applicant[lo:hi][by_part], cut)
        self.part_rows += np.diff(bounds)

    def _write(self, name: str, values: np.ndarray, bounds: np.ndarray) -> None:
        """``values`` ordered by part, part p's from bounds[p] to bounds[p + 1], each appended to its file."""
        for part in range(PARTS):
            values[bounds[part]: bounds[part + 1]].tofile(self.files[part, name])

    def _file(self, part: int, name: str) -> Path:
        assert self.folder is not None
        return self.folder / f"{part}.{name}"


def _closed(files: list[BinaryIO]) -> None:
    for handle in files:
        handle.close()


def _joined(parts: list[np.ndarray], dtype: np.dtype) -> np.ndarray:
    return np.concatenate(parts) if parts else np.zeros(0, dtype=dtype)


def _part_of(key: np.ndarray) -> np.ndarray:
    """A part for each key: the top bits of a multiplicative hash (Fibonacci hashing), so that
    keys in runs (serial numbers) spread evenly."""
    mixed = key.astype(np.uint64) * np.uint64(0x9E3779B97F4A7C15)
    return (mixed >> np.uint64(64 - PART_BITS)).astype(np.int64)
