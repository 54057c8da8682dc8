"""Benchmark: every projection method backtested on data with known truth.

    python bench/bench_backtest.py [--regions 12] [--years 6] [--seed 2] [--quick]

``--quick`` (4 regions x 4 years, no timing) takes about 4 minutes, for iterating; the full
run about 16 minutes on 2 cores, most of it ETS fits.

Three data sets: ``synthetic.py`` (negative-binomial months around yearly levels), the
independently written ``synthetic_pipeline.py`` (a drifting level, moving festival, batch
filings, grants from applications after lags) and the bundled sample (ingested from
data/raw). For each it prints, per method and as-of month: median APE, MASE, 80%/95%
coverage, median 80% interval width and Winkler score (% of the actual) and the Brier score
of reaching the target; then checks the default against issue 10's goal, and times a backtest
of about 1,500 projections on every core, of the default and of all methods.
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
from synthetic_pipeline import pipeline_counts  # noqa: E402

from patentstats.forecasting.backtest import backtest, mdape_gap, score, will_we_hit_it  # noqa: E402
from patentstats.forecasting.choice import DEFAULT_METHOD, METHODS  # noqa: E402
from patentstats.forecasting.target_suggest import level_backtest, levels_reached  # noqa: E402
from patentstats.table.counts import add_totals  # noqa: E402
from patentstats.table.ingest import ingest  # noqa: E402

RAW = Path(__file__).resolve().parents[1] / "data" / "raw"
COVERAGE80, COVERAGE95 = (0.75, 0.85), (0.92, 0.97)


def goal(scores: pd.DataFrame, projections: pd.DataFrame | None = None) -> list[str]:
    """Issue 10's goal for the default, each as a line saying the figure and whether it is met.
    With the ``projections``, each month lost says how sure the loss is: the 95% interval of the
    gap over region-years drawn again (``mdape_gap``)."""
    mdape = scores.pivot(index="month", columns="method", values="mdape")
    others = mdape.drop(columns=DEFAULT_METHOD)
    lost, beyond = [], []
    for m in mdape.index:
        best = others.loc[m].idxmin()
        if others.loc[m, best] >= mdape.loc[m, DEFAULT_METHOD]:
            continue
        text = f"{m} ({best} {others.loc[m, best]:.1f}% < {mdape.loc[m, DEFAULT_METHOD]:.1f}%"
        if projections is not None:
            _, lo, hi = mdape_gap(projections, DEFAULT_METHOD, best, int(m))
            text += f", gap 95% {lo:+.1f} to {hi:+.1f}"
            if lo > 0:
                beyond.append(str(m))
        lost.append(text + ")")
    model = scores[scores["method"] == DEFAULT_METHOD]
    calibrated = scores.groupby("method").filter(
        lambda s: s["coverage80"].mean() >= COVERAGE80[0] and s["coverage95"].mean() >= COVERAGE95[0])
    widths = calibrated.groupby("method")["width80"].median().sort_values()
    lines = [
        (f"lowest median APE at every month: {'yes' if not lost else 'lost at ' + ', '.join(lost)}", not lost),
        *([(f"months lost beyond the backtest's noise (gap's 95% interval above 0): {', '.join(beyond) or 'none'}",
            not beyond)] if projections is not None else []),
        (f"80% coverage by month: {model['coverage80'].min():.1%} to {model['coverage80'].max():.1%} "
         f"(goal 75%-85%)", model["coverage80"].between(*COVERAGE80).all()),
        (f"95% coverage by month: {model['coverage95'].min():.1%} to {model['coverage95'].max():.1%} "
         f"(goal 92%-97%)", model["coverage95"].between(*COVERAGE95).all()),
        (f"narrowest 80% interval among calibrated methods: "
         f"{', '.join(f'{m} {w:.1f}%' for m, w in widths.items()) or 'none calibrated'}",
         len(widths) > 0 and widths.index[0] == DEFAULT_METHOD),
    ]
    return [f"{'ok  ' if ok else 'MISS'} {text}" for text, ok in lines]


def report(name: str, counts: pd.DataFrame) -> pd.DataFrame:
    start = time.perf_counter()
    result = backtest(counts)
    series_years = result.projections.groupby(["region", "year"]).ngroups
    print(f"\n## {name}: {counts['region'].nunique()} regions, {series_years} region-years, "
          f"{len(result.projections):,} projections in {time.perf_counter() - start:.1f} s")
    print(result.scores.round(3).to_string(index=False))
    print("\n".join(goal(result.scores, result.projections)))
    print("\nwill we hit it: the chance at month 6 of reaching the target (or last year's total)")
    print(will_we_hit_it(result.projections).round(3).to_string(index=False))
    print("\ntargets suggest: levels set from the years before, and how often they were reached "
          "(goal: floor 90%, plan 70%, stretch 50%)")
    print(levels_table(counts))
    return result.scores


def levels_table(counts: pd.DataFrame) -> str:
    """``levels_reached`` overall, by history (years behind the year set) and by type."""
    frame = level_backtest(counts)
    if frame.empty:
        return "no region has two consecutive complete years"
    first = frame.groupby("region")["year"].transform("min")
    frame = frame.assign(history=(frame["year"] - first + 1).clip(upper=3).map({1: "1 year", 2: "2 years",
                                                                                  3: "3+ years"}))
    parts = [levels_reached(frame), levels_reached(frame, ["history"]), levels_reached(frame, ["patent_type"])]
    table = pd.concat([p.rename(columns={p.columns[0]: "group"}) for p in parts], ignore_index=True)
    return str(table.round(3).to_string(index=False))


BIG_SERIES = 200  # a year: room for a 95% interval of 1.5x at month 6 (Poisson months alone: 1.2x; at 50 a year 1.5x)
THIN_MONTHS = (3, 6, 9, 12)  # year-to-date figures kept in a thin year (quarterly, as national tables are known)


def thin_history(counts: pd.DataFrame) -> tuple[pd.DataFrame, list[str]]:
    """Every other county's years before its last cut to year-to-date figures at
    ``THIN_MONTHS`` (no monthly detail), and those counties' names."""
    regions = sorted(counts["region"].unique())[1::2]
    last = counts.groupby("region")["year"].transform("max")
    cut = counts["region"].isin(regions) & (counts["year"] < last) & ~counts["month"].isin(THIN_MONTHS)
    earlier = counts["region"].isin(regions) & (counts["year"] < last)
    return counts.assign(count=counts["count"].mask(earlier), ytd=counts["ytd"].mask(cut)), regions


def thin_report(name: str, counts: pd.DataFrame) -> None:
    """The default on thin counties' last year: 95% interval top over bottom (median), coverage."""
    thinned, regions = thin_history(counts)
    projections = backtest(thinned, methods=(DEFAULT_METHOD,)).projections
    last = projections.groupby("region")["year"].transform("max")
    own = projections[projections["region"].isin(regions) & (projections["year"] == last)]
    ratio = own["hi95"] / own["lo95"].where(own["lo95"] > 0)
    big = own["actual"] >= BIG_SERIES
    scores = score(own).assign(**{"hi95/lo95": lambda s: s["month"].map(ratio.groupby(own["month"]).median())})
    scores = scores.merge(score(own[big])[["month", "n", "coverage80", "coverage95"]], on="month",
                          suffixes=("", "_big"))
    scores["hi95/lo95_big"] = scores["month"].map(ratio[big].groupby(own["month"]).median())
    print(f"\nthin history, {name}: {len(regions)} counties with only {'/'.join(map(str, THIN_MONTHS))}月 "
          f"year to date in earlier years, their last year ({len(own):,} projections of the default; "
          f"_big: series of {BIG_SERIES} or more a year, where counting noise allows 1.5x)")
    print(scores[["month", "n", "mdape", "coverage80", "coverage95", "hi95/lo95", "n_big", "coverage80_big",
                  "coverage95_big", "hi95/lo95_big"]].round(3).to_string(index=False))


def sample_counts() -> pd.DataFrame:
    return add_totals(ingest([RAW]).counts)


def timing() -> list[str]:
    """About 1,500 projections: of the default alone, and spread over every method."""
    lines = []
    for label, regions, years, methods in (("of " + DEFAULT_METHOD, 4, 6, (DEFAULT_METHOD,)),
                                           ("over all methods", 1, 3, METHODS)):
        counts = synthetic_counts(regions=regions, years=years, seed=11)
        start = time.perf_counter()
        result = backtest(counts, methods=methods)
        lines.append(f"timing: {len(result.projections):,} projections {label} in {time.perf_counter() - start:.1f} s "
                     f"on {os.cpu_count()} cores (target < 30 s)")
    return lines


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--regions", type=int, default=12)
    parser.add_argument("--years", type=int, default=6)
    parser.add_argument("--seed", type=int, default=2)
    parser.add_argument("--quick", action="store_true", help="4 regions x 4 years and no timing, for iterating")
    args = parser.parse_args()
    if args.quick:
        args.regions, args.years = 4, 4
    pd.set_option("display.width", 200)
    generated = {"synthetic.py": synthetic_counts(regions=args.regions, years=args.years, seed=args.seed),
                 "synthetic_pipeline.py": pipeline_counts(regions=args.regions, years=args.years, seed=args.seed)}
    for name, counts in generated.items():
        report(name, counts)
    report("bundled sample", sample_counts())
    for name, counts in generated.items():
        thin_report(name, counts)
    if not args.quick:
        print("\n".join(timing()))


if __name__ == "__main__":
    main()
