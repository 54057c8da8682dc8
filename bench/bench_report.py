"""Benchmark: the monthly PDF report, end to end, against the floor it cannot beat; and a batch
of 20 regions in parallel against the same reports one after another.

    python bench/bench_report.py [--regions 20]

Targets (issue 11): one report, in either language, within 3 times the floor (start Python and
import pandas, matplotlib and seaborn); the batch at least 1.8 times faster than one after
another, and no slower per region than a single report. Beside the batch, in the same runs, what
2 processes give on this machine at all: twice a pure-Python loop in 2 processes against once
in 1, the ceiling no batch can pass.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from synthetic import synthetic_counts  # noqa: E402

from patentstats.table.counts import save_counts  # noqa: E402

RUNS = 3
SPIN = [sys.executable, "-c", "s = 0\nfor i in range(2 * 10**7): s += i"]  # about a second of one core


def seconds(command: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(command, check=True, capture_output=True)
    return time.perf_counter() - start


def cpu_speedup() -> float:
    """Two loops in 2 processes against one in 1: this machine's 2-process speed-up right now."""
    one = seconds(SPIN)
    start = time.perf_counter()
    for process in [subprocess.Popen(SPIN) for _ in range(2)]:
        process.wait()
    return 2 * one / (time.perf_counter() - start)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--regions", type=int, default=20)
    args = parser.parse_args()
    python = sys.executable
    with tempfile.TemporaryDirectory() as folder:
        data = Path(folder) / "counts.parquet"
        save_counts(synthetic_counts(regions=args.regions, years=5, seed=3), data)
        report = [python, "-m", "patentstats", "report", "--region", "县00", "--year", "2015", "--month", "9",
                  "--data", str(data), "--out-dir", folder]
        seconds(report)  # warm the file cache and matplotlib's font cache once
        floor = statistics.median(seconds([python, "-c", "import pandas, matplotlib, seaborn"]) for _ in range(RUNS))
        print(f"floor (python + import pandas, matplotlib, seaborn): {floor:.2f} s")
        for lang in ("zh", "en"):
            one = statistics.median(seconds([*report, "--lang", lang]) for _ in range(RUNS))
            print(f"one report ({lang}): {one:.2f} s; ratio to the floor {one / floor:.2f} (target <= 3)")
        batch = [python, "-m", "patentstats", "batch", "--year", "2015", "--month", "9", "--data", str(data),
                 "--out-dir", folder]
        runs = [(seconds([*batch, "--jobs", "1"]), seconds([*batch, "--jobs", "2"]), cpu_speedup())
                for _ in range(RUNS)]  # interleaved, so that all three meet the same machine
        serial, parallel, ceiling = (statistics.median(values) for values in zip(*runs, strict=True))
        print(f"batch of {args.regions} (medians of {RUNS}): one after another {serial:.1f} s, 2 processes {parallel:.1f} s; "
              f"speed-up {serial / parallel:.2f}x (target >= 1.8; a CPU loop gets {ceiling:.2f}x on this machine); "
              f"{parallel / args.regions:.2f} s per region (target <= one report)")


if __name__ == "__main__":
    main()
