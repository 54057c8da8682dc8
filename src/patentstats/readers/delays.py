"""What a patent list says about publication delays: for each application, its type, filing
month and first publication month, gathered while the list is counted, so that the nowcast of
months not yet published learns from the list without reading it again."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

__all__ = ["DelaySample", "first_publications"]


@dataclass(frozen=True)
class DelaySample:
    """One list's applications: type code (index into TYPE_CODES), filing month and first
    publication month (months from January 1970), and the list's latest publication month."""

    patent_type: np.ndarray
    filing: np.ndarray
    published: np.ndarray
    latest: int

    def cut(self, at: int) -> DelaySample:
        """The list as an export made at month ``at`` would have held it."""
        keep = self.published <= at
        return DelaySample(self.patent_type[keep], self.filing[keep], self.published[keep], at)


def first_publications(key: np.ndarray, type_code: np.ndarray, filing: np.ndarray, published: np.ndarray
                       ) -> DelaySample | None:
    """One row per application (``key``): its type, filing month and earliest publication month;
    None where no row has both dates."""
    rows = (filing >= 0) & (published >= 0) & (type_code >= 0)
    if not rows.any():
        return None
    key, type_code, filing, published = key[rows], type_code[rows], filing[rows], published[rows]
    if key.min() >= 0 and key.max() < 2**50:  # one sort of one int64, about 3x a lexsort's speed
        order = np.argsort(key * 4096 + np.clip(published, 0, 4095), kind="stable")
    else:
        order = np.lexsort((published, key))
    first = np.ones(len(order), dtype=bool)
    first[1:] = key[order][1:] != key[order][:-1]
    chosen = order[first]
    return DelaySample(type_code[chosen], filing[chosen], np.maximum(published[chosen], filing[chosen]),
                       int(published.max()))
