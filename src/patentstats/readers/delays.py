"""What a patent list says about publication delays: how many applications of each type were
filed in a month and first published in another (the earliest of their copies, kept as the list
is counted), so that the nowcast of months not yet published learns from the list without
reading it again."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

__all__ = ["DelaySample", "delay_sample", "joined_sample"]

DENSE_CELLS = 1 << 22  # (type, filing, publication) cells counted in an array; beyond, by sorting


@dataclass(frozen=True)
class DelaySample:
    """Applications by type code (index into TYPE_CODES), filing month and first publication
    month (months from January 1970), ``count`` of each (None: one each), and the list's latest
    publication month."""

    patent_type: np.ndarray
    filing: np.ndarray
    published: np.ndarray
    latest: int
    count: np.ndarray | None = None

    def cut(self, at: int) -> DelaySample:
        """The list as an export made at month ``at`` would have held it."""
        keep = self.published <= at
        return DelaySample(self.patent_type[keep], self.filing[keep], self.published[keep], at,
                           None if self.count is None else self.count[keep])


def delay_sample(patent_type: np.ndarray, filing: np.ndarray, published: np.ndarray, latest: int
                 ) -> DelaySample | None:
    """The applications (one row each: type code, filing month, first publication month) by
    type, filing and publication month, with the list's latest publication of any kind; None
    where no application has both dates. Its size follows the months, not the list."""
    rows = (filing >= 0) & (published >= 0) & (patent_type >= 0)
    if not rows.any():
        return None
    filed, first = filing[rows], published[rows]
    return _tallied(patent_type[rows], filed, np.maximum(first, filed), None, max(latest, int(first.max())))


def joined_sample(samples: list[DelaySample]) -> DelaySample | None:
    """The samples of parts of one list, as one."""
    if len(samples) < 2:
        return samples[0] if samples else None

    def joined(name: str) -> np.ndarray:
        return np.concatenate([getattr(s, name) for s in samples])

    counts = [s.count if s.count is not None else np.ones(len(s.filing), dtype=np.int64) for s in samples]
    return _tallied(joined("patent_type"), joined("filing"), joined("published"), np.concatenate(counts),
                    max(s.latest for s in samples))


def _tallied(patent_type: np.ndarray, filing: np.ndarray, published: np.ndarray, count: np.ndarray | None,
             latest: int) -> DelaySample:
    """Rows (``count`` applications each, None: one) of one (type, filing, publication) cell
    added up: by bincount over the cells the months span, or by sorting where they span too many."""
    low = (int(filing.min()), int(published.min()))
    size = (int(patent_type.max()) + 1, int(filing.max()) - low[0] + 1, int(published.max()) - low[1] + 1)
    dense = size[0] * size[1] * size[2] <= DENSE_CELLS
    kind = np.int32 if dense else np.int64  # a dense cell's index fits int32

    def offset(values: np.ndarray, base: int) -> np.ndarray:
        return values.astype(kind) - base

    cell = (offset(patent_type, 0) * size[1] + offset(filing, low[0])) * size[2] + offset(published, low[1])
    if dense:
        total = np.bincount(cell, count, minlength=size[0] * size[1] * size[2]).astype(np.int64)
        cell = np.flatnonzero(total)
        total = total[cell]
    else:
        cell, where = np.unique(cell, return_inverse=True)
        total = np.bincount(where, count).astype(np.int64)
    code, filed, first = np.unravel_index(cell, size)
    return DelaySample(code.astype(np.int8), (filed + low[0]).astype(np.int16), (first + low[1]).astype(np.int16),
                       latest, total)
