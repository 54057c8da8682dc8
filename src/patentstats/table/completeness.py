"""Which months of a series a patent list holds only in part: the list's latest publication and
its filing-to-publication delays, as ingest stores them and the nowcast reads them."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np

__all__ = ["Completeness", "Incompleteness", "MAX_DELAY", "month_text"]

MAX_DELAY = 60  # months: a filing not published five years on is treated as published then


def month_text(absolute: int) -> str:
    """'YYYY-MM' of a month counted from January 1970 (0).

    >>> month_text(0), month_text(619)
    ('1970-01', '2021-08')
    """
    return f"{1970 + absolute // 12}-{absolute % 12 + 1:02d}"


@dataclass(frozen=True)
class Completeness:
    """How fully a series' months are in the list: ``cdf[d]`` of the filing-to-publication delay
    and the list's latest publication month (months from January 1970)."""

    latest: int
    cdf: np.ndarray

    def share(self, months: np.ndarray) -> np.ndarray:
        """Share of each month's filings already published (0 for months after the latest)."""
        age = self.latest - np.asarray(months)
        return np.where(age < 0, 0.0, np.where(age > MAX_DELAY, 1.0, self.cdf[np.clip(age, 0, MAX_DELAY)]))

    def to_json(self) -> dict[str, object]:
        return {"latest": month_text(self.latest), "cdf": [round(float(v), 4) for v in self.cdf]}

    @classmethod
    def from_json(cls, item: Mapping[str, object]) -> Completeness:
        year, month = str(item["latest"]).split("-")
        return cls((int(year) - 1970) * 12 + int(month) - 1, np.asarray(item["cdf"], dtype=float))


class Incompleteness(dict[tuple[str, str], tuple[int, int]]):
    """The first incomplete month (year, month) of each (measure, type) series, as
    ``load_incomplete`` gives it, and, where the list's publication delays are known,
    ``completeness`` per type series, from which the missing applications are estimated."""

    def __init__(self, marks: Mapping[tuple[str, str], tuple[int, int]] | None = None,
                 completeness: Mapping[tuple[str, str], Completeness] | None = None) -> None:
        super().__init__(marks or {})
        self.completeness: dict[tuple[str, str], Completeness] = dict(completeness or {})
