"""What a patent list says about publication delays: for each application, its type, filing
month and first publication month (the earliest of its copies, kept as the list is counted), so
that the nowcast of months not yet published learns from the list without reading it again."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

__all__ = ["DelaySample", "delay_sample"]


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


def delay_sample(patent_type: np.ndarray, filing: np.ndarray, published: np.ndarray, latest: int
                 ) -> DelaySample | None:
    """The sample of one row per application (type code, filing month, first publication
    month), with the list's latest publication of any kind; None where no application has both
    dates."""
    rows = (filing >= 0) & (published >= 0) & (patent_type >= 0)
    if not rows.any():
        return None
    filed = filing[rows].astype(np.int16)  # months since 1970 fit int16; a row per application, so not int64
    first = published[rows].astype(np.int16)
    return DelaySample(patent_type[rows].astype(np.int8), filed, np.maximum(first, filed),
                       max(latest, int(first.max())))
