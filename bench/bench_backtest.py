"""Benchmark: the backtest on synthetic county data with known truth.

    python bench/bench_backtest.py [--regions 50] [--years 6]

Prints, per method and as-of month, the median absolute percentage error, 80% and 95% interval
coverage and the Brier score, then checks issue 4's targets for the default method against
run-rate, and times a 1,500-projection backtest on one core and on every core.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parent))
from synthetic import synthetic_counts  # noqa: E402

from patentstats.backtest import backtest  # noqa: E402
from patentstats.projection import DEFAULT_METHOD  # noqa: E402


def check(scores: pd.DataFrame) -> list[str]:
    """Issue 4's targets, each as a line saying the figure and whether it is met."""
    model = scores[scores["method"] == DEFAULT_METHOD].set_index("month")
    run_rate = scores[scores["method"] == "run_rate"].set_index("month")
    late = model.loc[3:11]
    ratio = model.loc[6, "mdape"] / run_rate.loc[6, "mdape"]
    lines = [
        (f"MdAPE at month 6: {model.loc[6, 'mdape']:.1f}% vs run-rate {run_rate.loc[6, 'mdape']:.1f}%: ratio "
         f"{ratio:.2f} (target <= 0.8)", ratio <= 0.8),
        (f"80% coverage, months 3-11: {late['coverage80'].min():.1%} to {late['coverage80'].max():.1%} "
         f"(target 75%-85%)", late["coverage80"].between(0.75, 0.85).all()),
        (f"95% coverage, months 3-11: {late['coverage95'].min():.1%} to {late['coverage95'].max():.1%} "
         f"(target 91%-98%)", late["coverage95"].between(0.91, 0.98).all()),
        (f"Brier: {model['brier'].mean():.3f} vs run-rate {run_rate['brier'].mean():.3f} (target below)",
         model["brier"].mean() < run_rate["brier"].mean()),
    ]
    return [f"{'ok  ' if ok else 'MISS'} {text}" for text, ok in lines]


def timing() -> str:
    """A backtest of about 1,500 projections: 4 regions x 8 series x 5 years x 11 months, 3 methods."""
    counts = synthetic_counts(regions=4, years=5, seed=11)
    seconds = {}
    for jobs in (1, os.cpu_count() or 1):
        start = time.perf_counter()
        result = backtest(counts, jobs=jobs)
        seconds[jobs] = time.perf_counter() - start
    per_method = len(result.projections) // 3
    cores = max(seconds)
    return (f"timing: {per_method:,} projections per method ({len(result.projections):,} in all): "
            f"{seconds[1]:.1f} s on 1 core, {seconds[cores]:.1f} s on {cores} cores "
            f"(speed-up {seconds[1] / seconds[cores]:.2f}x; target < 30 s)")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--regions", type=int, default=50)
    parser.add_argument("--years", type=int, default=6)
    parser.add_argument("--seed", type=int, default=2)
    args = parser.parse_args()
    counts = synthetic_counts(regions=args.regions, years=args.years, seed=args.seed)
    result = backtest(counts)
    pd.set_option("display.width", 200)
    print(f"{args.regions} regions x {args.years} years x 8 series (region-years: {args.regions * args.years})")
    print(result.scores.round(3).to_string(index=False))
    print("\n".join(check(result.scores)))
    print(timing())


if __name__ == "__main__":
    main()
