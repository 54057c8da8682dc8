"""Benchmark: how well the nowcast estimates the applications a patent list does not hold yet.

Each list is cut at earlier publication months (keeping only applications published by then,
as an export made that month would have held them); the cut list's delays and counts give the
nowcast of its last 12 filing months, which is compared, per type, with what the full export
holds for those months. A cut is scored only where the full export has had two more years to
publish them, and the cut hides at least 5% of them.

    python bench/bench_nowcast.py [LIST ...]

Lists: those named, else every file in ../shared/real_inputs/lists/ (when present), plus
synthetic lists: the counts of bench/synthetic.py's generator (6 counties pooled, and three
single counties) with delays drawn from a mixture unlike the nowcast's default (so that the
delays must be learnt from the list).
Aim (issue 21): median error under 15%, 80% intervals covering 70-90%.
"""

from __future__ import annotations

import statistics
import sys
from pathlib import Path

import numpy as np

from patentstats.forecasting.nowcast import interval, nowcast_series
from patentstats.limits import Limits
from patentstats.readers.appno import TYPE_CODES
from patentstats.table.completeness import Completeness
from patentstats.table.publication_delay import DelaySample, delay_cdf, delay_samples_of_file, month_text

sys.path.insert(0, str(Path(__file__).parent))
from synthetic import synthetic_counts  # noqa: E402

REAL_LISTS = Path(__file__).resolve().parents[2] / "shared" / "real_inputs" / "lists"
WINDOW = 12  # filing months scored: the last year before the cut
SETTLE = 24  # months the full export must run past a cut for its counts to be the truth
MIN_HIDDEN = 0.05  # a cut that hides less than this share scores nothing worth knowing


def synthetic_sample(seed: int = 7, regions: int = 6) -> DelaySample:
    """A list from synthetic filing counts of ``regions`` counties pooled, 2011-2018, with delays
    of a mixture unlike the default (inventions: early publication after 2-6 months or the
    18-month rule)."""
    rng = np.random.default_rng(seed)
    counts = synthetic_counts(regions=regions, years=8, first_year=2011, seed=seed)
    counts = counts[(counts["measure"] == "applications") & (counts["patent_type"] != "total")]
    kinds, filed = [], []
    for (patent_type, year, month), n in counts.groupby(["patent_type", "year", "month"])["count"].sum().items():
        kinds.append(np.full(int(n), TYPE_CODES.index(patent_type)))
        filed.append(np.full(int(n), (int(year) - 1970) * 12 + int(month) - 1))
    kind, filing = np.concatenate(kinds), np.concatenate(filed)
    early = rng.random(len(kind)) < 0.4
    delay = np.where(kind == 0, np.where(early, rng.integers(2, 7, len(kind)), 18 + rng.poisson(0.5, len(kind))),
                     1 + rng.poisson(np.where(kind == 1, 7.0, 4.0)))
    published = filing + delay
    return DelaySample(kind, filing, published, int(published.max()))


def monthly(sample: DelaySample, code: int, months: np.ndarray) -> np.ndarray:
    mine = (sample.patent_type == code) & (sample.filing >= months[0]) & (sample.filing <= months[-1])
    count = None if sample.count is None else sample.count[mine]
    return np.bincount(sample.filing[mine] - months[0], count, minlength=len(months)).astype(np.int64)


def score_cut(sample: DelaySample, cut: int, patent_type: str, seed: int) -> dict[str, float] | None:
    """Nowcast of the cut list's last WINDOW filing months of one type against the full list."""
    code = TYPE_CODES.index(patent_type)
    earlier = sample.cut(cut)
    months = np.arange(max(int(sample.filing.min()), cut - 71), cut + 1)
    seen, truth = monthly(earlier, code, months), monthly(sample, code, months)
    actual, held = float(truth[-WINDOW:].sum()), float(seen[-WINDOW:].sum())
    if actual < 5 or (actual - held) / actual < MIN_HIDDEN:
        return None
    cast = nowcast_series(seen, months, Completeness(cut, delay_cdf(earlier, patent_type)), seed=seed)

    inside = cast.months >= months[-WINDOW]
    draws = held + (cast.draws[:, inside] - cast.seen[inside]).sum(axis=1)
    estimate = interval(draws)
    return {"actual": actual, "held": held, "point": estimate["point"], "error": abs(estimate["point"] - actual) / actual,
            "naive_error": (actual - held) / actual, "in80": estimate["lo80"] <= actual <= estimate["hi80"],
            "in95": estimate["lo95"] <= actual <= estimate["hi95"], "lo80": estimate["lo80"], "hi80": estimate["hi80"]}


def cuts_of(sample: DelaySample, step: int) -> list[int]:
    """Cut months from SETTLE before the latest publication back to two years after the first filing."""
    return list(range(sample.latest - SETTLE, int(sample.filing.min()) + 24, -step))


def bench(name: str, sample: DelaySample, step: int) -> list[dict[str, float]]:
    rows = []
    for cut in cuts_of(sample, step):
        for patent_type in TYPE_CODES:
            scored = score_cut(sample, cut, patent_type, seed=cut)
            if scored is not None:
                rows.append(scored)
                print(f"  {name[:38]:38s} cut {month_text(cut)} {patent_type:13s} list {scored['held']:6.0f} "
                      f"actual {scored['actual']:6.0f} nowcast {scored['point']:6.0f} "
                      f"({scored['lo80']:.0f}-{scored['hi80']:.0f}) error {100 * scored['error']:5.1f}%")
    return rows


def summary(label: str, rows: list[dict[str, float]]) -> str:
    if not rows:
        return f"{label}: no cut scored"
    return (f"{label}: {len(rows)} cuts x types; median error {100 * statistics.median(r['error'] for r in rows):.1f}% "
            f"(the list alone: {100 * statistics.median(r['naive_error'] for r in rows):.1f}%); 80% interval covered "
            f"{100 * np.mean([r['in80'] for r in rows]):.0f}%, 95% covered {100 * np.mean([r['in95'] for r in rows]):.0f}%")


def main(paths: list[str]) -> None:
    files = [Path(p) for p in paths] or (sorted(REAL_LISTS.iterdir()) if REAL_LISTS.is_dir() else [])
    real: list[dict[str, float]] = []
    for path in files:
        for sample in delay_samples_of_file(path, Limits()):
            rows = bench(path.name, sample, step=1)
            print(summary(f" {path.name}", rows))
            real += rows
    synthetic = bench("synthetic (6 counties pooled)", synthetic_sample(), step=2)
    small = [row for seed in (11, 12, 13) for row in bench(f"synthetic (one county, seed {seed})",
                                                              synthetic_sample(seed, regions=1), step=3)]
    print()
    print(summary("real lists", real))
    print(summary("synthetic list, 6 counties", synthetic))
    print(summary("synthetic lists, one county each", small))
    print(summary("all", real + synthetic + small))


if __name__ == "__main__":
    main(sys.argv[1:])
