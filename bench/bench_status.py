"""Benchmark: `patentstats status` for one region and month, interpreter start-up included,
on a counts table of just under 100,000 rows; against the floor a Python tool on pandas cannot
beat (start the interpreter and `import pandas`) in the same run.

    python bench/bench_status.py

Target (issue 3): under 1 second.
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd

from patentstats.table.counts import COUNT_COLUMNS
from patentstats.table.outputs import write_parquet

REGIONS, YEARS = 130, range(2009, 2019)
RUNS = 7


def make_counts(path: Path) -> int:
    rng = np.random.default_rng(3)
    index = pd.MultiIndex.from_product([[f"县{i:03d}" for i in range(REGIONS)], YEARS, ["applications", "grants"],
                                        ["invention", "utility_model", "design"], range(1, 13)],
                                       names=["region", "year", "measure", "patent_type", "month"])
    table = index.to_frame(index=False)
    table["count"] = rng.poisson(8, len(table))
    table["ytd"] = table.groupby(["region", "year", "measure", "patent_type"])["count"].cumsum()
    table[["count", "ytd"]] = table[["count", "ytd"]].astype("Int64")
    table["source"] = "bench"
    write_parquet(table[COUNT_COLUMNS], path, "counts")
    return len(table)


def timed(command: list[str]) -> float:
    times = []
    for _ in range(RUNS):
        start = time.perf_counter()
        subprocess.run(command, check=True, capture_output=True)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "counts.parquet"
        rows = make_counts(path)
        status = timed([sys.executable, "-m", "patentstats", "status", "--region", "县042", "--year", "2018",
                        "--month", "9", "--data", str(path), "--json"])
        floor = timed([sys.executable, "-c", "import pandas"])
    print(f"status on {rows:,} rows: {status:.2f} s (median of {RUNS}, start-up included; target < 1 s)")
    print(f"floor (python -c 'import pandas'): {floor:.2f} s; status / floor = {status / floor:.2f}")


if __name__ == "__main__":
    main()
