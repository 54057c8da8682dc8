"""How long filings take to appear in a patent list: per type, the distribution of the delay
from filing (申请日) to first publication (公开/公告日), estimated from the list itself.

A list found by searching publications holds an application only once it is published, so a
filing month close to the list's latest publication is short by the share of its filings whose
delay is longer than the time since. That share comes from older filings, whose publications
are in the list, with the right truncation handled by the reverse-time hazard estimator
(Kalbfleisch and Lawless 1991): for each delay d, among the filings old enough to have been
seen at d, the share seen exactly at d. A default delay distribution per type, worth a few
dozen filings, keeps a short list from claiming certainty it has not earned.

The readers gather each application's filing and first publication month while they count a
list (``readers.delays``); this module turns them into delay distributions.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

from ..limits import Limits
from ..readers import ReadOptions, read_file
from ..readers.appno import TYPE_CODES
from ..readers.delays import DelaySample
from .completeness import MAX_DELAY, month_text

__all__ = ["MAX_DELAY", "DelaySample", "delay_cdf", "delay_cdfs", "delay_samples_of_file", "month_text"]

WINDOW = 96  # months of filings before the latest publication that the estimate learns from
SLICE = 1 << 20  # filings counted at a time
PRIOR_WEIGHT = 2.0  # pseudo-filings given to the default distribution: a short list still learns its own delays
# Default delays (months, probability), from CNIPA practice: inventions are published 18 months
# after filing (priority), sooner when the applicant asks (common, a few months on); utility
# models and designs are published when granted, mostly 3-12 months after filing.
PRIOR_DELAYS = {
    "invention": {3: 0.10, 4: 0.10, 5: 0.08, 6: 0.06, 8: 0.06, 10: 0.05, 12: 0.05, 15: 0.05, 17: 0.15, 18: 0.25,
                  19: 0.05},
    "utility_model": {3: 0.05, 4: 0.10, 5: 0.15, 6: 0.20, 7: 0.15, 8: 0.10, 9: 0.08, 10: 0.06, 12: 0.06, 15: 0.05},
    "design": {2: 0.05, 3: 0.15, 4: 0.20, 5: 0.20, 6: 0.15, 7: 0.10, 8: 0.07, 10: 0.05, 12: 0.03},
}


def delay_samples_of_file(path: Path, limits: Limits) -> list[DelaySample]:
    """A DelaySample for each patent-list sheet of ``path`` that has publication dates (the region
    does not matter to delays: lists that name none are read as one)."""
    return [r.delays for r in read_file(path, ReadOptions(region="-", limits=limits)) if r.delays is not None]


def _prior_pmf(patent_type: str) -> np.ndarray:
    pmf = np.zeros(MAX_DELAY + 1)
    for delay, p in PRIOR_DELAYS[patent_type].items():
        pmf[delay] = p
    return np.asarray(pmf / pmf.sum())


def delay_cdf(sample: DelaySample, patent_type: str) -> np.ndarray:
    """F[d], d = 0..MAX_DELAY: the share of a type's filings published within d months of filing.

    Reverse-time hazard: g[d] = (filings seen at delay d) / (filings seen at delay <= d), both
    among filings at least d months before the list's latest publication; F[d-1] = F[d] (1 - g[d]),
    F[MAX_DELAY] = 1. The default distribution enters as PRIOR_WEIGHT filings seen in full.

    Examples
    --------
    >>> sample = DelaySample(np.zeros(4, dtype=int), np.array([0, 0, 0, 10]), np.array([2, 4, 4, 12]), 20)
    >>> cdf = delay_cdf(sample, "invention")
    >>> bool(cdf[-1] == 1.0), bool(np.all(np.diff(cdf) >= 0))
    (True, True)
    """
    return _cdf(_seen(sample)[TYPE_CODES.index(patent_type)], patent_type)


def delay_cdfs(sample: DelaySample) -> dict[str, np.ndarray]:
    """delay_cdf of every type, from one pass over the sample."""
    seen = _seen(sample)
    return {patent_type: _cdf(seen[code], patent_type) for code, patent_type in enumerate(TYPE_CODES)}


def _cdf(seen: np.ndarray, patent_type: str) -> np.ndarray:
    seen_at_d, seen_by_d = seen
    prior = PRIOR_WEIGHT * _prior_pmf(patent_type)
    prior_below = np.cumsum(prior)
    cdf = np.ones(MAX_DELAY + 1)
    for d in range(MAX_DELAY, 0, -1):
        seen_at = float(seen_at_d[d]) + prior[d]
        seen_by = float(seen_by_d[d]) + prior_below[d]
        cdf[d - 1] = cdf[d] * (1 - seen_at / seen_by) if seen_by > 0 else cdf[d]
    return cdf


def _seen(sample: DelaySample) -> np.ndarray:
    """Per type code and delay d: the filings of the window old enough to be seen at d (at
    least d months before the latest publication) seen exactly at d, and seen by d; counted in
    one pass over the sample for every type, a slice at a time."""
    size = MAX_DELAY + 1
    counts = np.zeros(len(TYPE_CODES) * size * size, dtype=np.int64)
    for start in range(0, len(sample.filing), SLICE):
        kind = sample.patent_type[start: start + SLICE]
        mine = (sample.filing[start: start + SLICE] >= sample.latest - WINDOW) & (kind >= 0) & (kind < len(TYPE_CODES))
        filing = sample.filing[start: start + SLICE][mine].astype(np.int32)
        # delays and ages clipped to 0..MAX_DELAY: the same counts for every d in 1..MAX_DELAY
        delay = np.clip(sample.published[start: start + SLICE][mine].astype(np.int32) - filing, 0, MAX_DELAY)
        age = np.clip(sample.latest - filing, 0, MAX_DELAY)
        weights = None if sample.count is None else sample.count[start: start + SLICE][mine]
        counts += np.bincount((kind[mine].astype(np.int32) * size + age) * size + delay, weights,
                              minlength=counts.size).astype(np.int64)
    by_age = counts.reshape(len(TYPE_CODES), size, size)
    old = np.cumsum(by_age[:, ::-1], axis=1)[:, ::-1]  # old[t, d, k]: filings of age >= d seen at delay k
    return np.stack([np.diagonal(old, axis1=1, axis2=2), np.diagonal(np.cumsum(old, axis=2), axis1=1, axis2=2)], axis=1)
