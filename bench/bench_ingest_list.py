"""Benchmark: `patentstats ingest` of a generated patent list with the columns search platforms
export (publication number with its kind code, publication date, type, office, applicants),
against an embedded-engine baseline doing the core of the same work in one DuckDB query (read,
normalise the application number, type from its fifth digit, distinct applications and grants
by region, type and month, Parquet), each run as its own process, interleaved, medians of three.
Prints wall time (start-up and imports included, for both), rows per second, peak memory (the
child's VmHWM) and the ratio to the baseline; also the list without its applicant column, for
what the applicants cost in time and memory (the applicant table grows with the distinct
applicant-months it counts; the rest of the memory does not grow with the list).

    python bench/bench_ingest_list.py [--rows 2000000] [--big] [--data /tmp/patentstats_bench]

``--big`` adds the 20-million-row list, one run each (3.1 GB; generated once into --data, which
takes about 5 minutes, then reused). Needs duckdb (pip install duckdb) for the baseline.

Targets (issue 26): within 1.5 times the baseline; peak memory under 1 GiB at any length; the
20-million-row list read with the default limits. Before (issues 2, 8, 12): >= 1 million rows/s,
applicants add no more than 50%.
"""

from __future__ import annotations

import argparse
import csv
import importlib.util
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.csv as pacsv
import pyarrow.parquet as pq

REGIONS = ["永修县", "武宁县", "修水县", "德安县", "都昌县", "湖口县", "彭泽县", "瑞昌市", "共青城市", "庐山市"]
WEIGHTS = np.array([2, 3, 4, 5, 6, 7, 8, 9, 2, 3, 4, 5])


PIECE = 2_000_000


def generate(rows: int, path: Path, seed: int = 7) -> None:
    """A realistic export: numbers in several written forms, dates, a few malformed rows. Lists
    longer than 2 million rows are written 2 million at a time (each with its 1% repeats), with
    (year, serial) pairs unique across the whole list."""
    path.parent.mkdir(parents=True, exist_ok=True)
    if rows <= PIECE:
        pacsv.write_csv(_piece(rows, seed), path)
        return
    ids = np.random.default_rng(seed).choice(4 * 10**7, rows, replace=False)
    with pacsv.CSVWriter(path, _piece(10, seed).schema) as writer:
        for start in range(0, rows, PIECE):
            part = ids[start: start + PIECE]
            writer.write_table(_piece(len(part), seed + 1 + start // PIECE, 2015 + part // 10**7, part % 10**7))


def _piece(rows: int, seed: int, year: np.ndarray | None = None, serial: np.ndarray | None = None) -> pa.Table:
    rng = np.random.default_rng(seed)
    year = rng.integers(2015, 2019, rows) if year is None else year
    kind = rng.choice([1, 2, 3, 8, 9], rows, p=[0.15, 0.55, 0.27, 0.02, 0.01])
    # unique: a repeated number is the same patent
    serial = rng.choice(10**7, rows, replace=False) if serial is None else serial
    digits = np.column_stack([year // 1000, year // 100 % 10, year // 10 % 10, year % 10, kind]
                             + [serial // 10**k % 10 for k in range(6, -1, -1)])
    check = (digits @ WEIGHTS) % 11
    body = pd.Series(year.astype(str)) + pd.Series(kind.astype(str)) + pd.Series(serial).astype(str).str.zfill(7)
    check_char = pd.Series(np.where(check == 10, "X", check.astype(str)))
    style = rng.integers(0, 4, rows)
    number = np.select([style == 0, style == 1, style == 2], [body + "." + check_char, "CN" + body + "." + check_char,
                                                              body + check_char], "ZL" + body + "." + check_char)
    bad = rng.choice(rows, max(rows // 200_000, 3), replace=False)
    number[bad] = [n[:-1] + ("0" if n[-1] != "0" else "1") for n in number[bad]]  # wrong check character
    filing = pd.to_datetime(year.astype(str), format="%Y") + pd.to_timedelta(rng.integers(0, 365, rows), unit="D")
    lag = np.where(np.isin(kind, [1, 8]), rng.integers(500, 1100, rows), rng.integers(90, 300, rows))
    granted = rng.random(rows) < np.where(np.isin(kind, [1, 8]), 0.4, 0.9)
    grant = pd.Series(filing + pd.to_timedelta(lag, unit="D")).dt.strftime("%Y-%m-%d").where(granted, "")
    invention = np.isin(kind, [1, 8])
    published = pd.Series(filing + pd.to_timedelta(np.where(invention, 548, lag), unit="D")).dt.strftime("%Y-%m-%d")
    utility = np.isin(kind, [2, 9])
    pubno = pd.Series(serial + 100_000_000 * np.select([invention, utility], [1, 2], 3)).astype(str).radd("CN")
    table = pa.table({
        "公开(公告)号": pubno.to_numpy() + np.select([invention, utility], ["A", "U"], "S"),
        "申请号": number, "专利名称": pd.Series("一种装置").repeat(rows).to_numpy(),
        "公开(公告)日": published, "专利类型": np.select([invention, utility], ["发明申请", "实用新型"], "外观设计"),
        "受理局": np.full(rows, "中国", dtype=object),
        "申请人": applicants(rng, rows),
        "申请日": pd.Series(filing).dt.strftime("%Y-%m-%d"), "授权公告日": grant,
        "地区": pd.Series(REGIONS).iloc[rng.integers(0, 10, rows)].to_numpy(),
    })
    repeated = table.take(np.sort(rng.choice(rows, rows // 100, replace=False)))  # 1% listed twice
    return pa.concat_tables([table, repeated])


def applicants(rng: np.random.Generator, rows: int) -> np.ndarray:
    """20,000 firms, universities and people, skewed as real filers are; one in ten joint."""
    pool = np.array([f"{REGIONS[i % 10]}{i}号科技有限公司" if i % 10 < 7 else f"江西第{i}大学" if i % 10 == 7
                     else f"张{i}" for i in range(20_000)], dtype=object)
    first = pool[np.minimum(rng.zipf(1.3, rows) - 1, len(pool) - 1)]
    second = pool[rng.integers(0, len(pool), rows)]
    return np.where(rng.random(rows) < 0.1, first + "；" + second, first)


def without_applicants(path: Path) -> Path:
    """The same list without its applicant column, copied a block at a time."""
    out = path.with_name(path.stem + "_no_applicants.csv")
    if out.exists():
        return out
    with path.open(encoding="utf-8") as handle:
        names = next(csv.reader(handle))
    reader = pacsv.open_csv(path, read_options=pacsv.ReadOptions(block_size=64 << 20),
                            convert_options=pacsv.ConvertOptions(column_types=dict.fromkeys(names, pa.string()),
                                                                 include_columns=[n for n in names if n != "申请人"]))
    with pacsv.CSVWriter(out.with_suffix(".part"), reader.schema) as writer:
        for batch in reader:
            writer.write_batch(batch)
    out.with_suffix(".part").rename(out)
    return out


BASELINE = """COPY (
WITH t AS (SELECT regexp_replace(upper("申请号"), '^(CN|ZL)|[.\\s]', '', 'g') AS n, "地区" AS region,
                  try_cast("申请日" AS DATE) AS f, try_cast("授权公告日" AS DATE) AS g
           FROM read_csv('{path}', all_varchar = true)),
v AS (SELECT n, region, CASE substr(n, 5, 1) WHEN '1' THEN 'invention' WHEN '8' THEN 'invention'
        WHEN '2' THEN 'utility_model' WHEN '9' THEN 'utility_model' ELSE 'design' END AS type,
        date_trunc('month', f) AS fm, date_trunc('month', g) AS gm FROM t WHERE length(n) = 13)
SELECT region, type, fm AS month, 'applications' AS measure, count(DISTINCT n) AS value FROM v GROUP BY ALL
UNION ALL
SELECT region, type, gm AS month, 'grants' AS measure, count(DISTINCT n) AS value FROM v WHERE gm IS NOT NULL
GROUP BY ALL
) TO '{out}' (FORMAT parquet)"""


def run_ingest(path: Path, out: Path) -> None:
    import contextlib
    import io

    from patentstats.cli import main
    with contextlib.redirect_stdout(io.StringIO()):
        if code := main(["ingest", str(path), "--out", str(out), "--skip-invalid"]):
            raise SystemExit(code)


def run_baseline(path: Path, out: Path) -> None:
    import duckdb
    duckdb.sql(BASELINE.format(path=path, out=out))


def counted(which: str, out: Path) -> int:
    """Applications and grants counted (the baseline's count every well-formed number, ingest's
    leave out the few with a wrong check character)."""
    table = pq.read_table(out).to_pandas()
    if which == "ingest":
        table = table[table["measure"].isin(["applications", "grants"])].rename(columns={"count": "value"})
    return int(table["value"].sum())


def peak_memory_bytes() -> int:
    """This process's peak resident memory. VmHWM, not ru_maxrss, which Linux carries over
    from the parent through fork and exec."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) * 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024


def measure(which: str, path: Path, out: Path) -> dict[str, float]:
    start = time.perf_counter()  # the child's start-up before this line is the same for both
    {"ingest": run_ingest, "baseline": run_baseline}[which](path, out)
    return {"seconds": time.perf_counter() - start, "peak_bytes": peak_memory_bytes()}


def child(which: str, path: Path) -> dict[str, float]:
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder) / "counts.parquet"
        run = subprocess.run([sys.executable, __file__, "--child", which, "--path", str(path), "--out", str(out)],
                             capture_output=True, text=True, check=False)
        if run.returncode:
            raise SystemExit(f"{which} failed on {path}:\n{run.stderr[-3000:]}")
        return {**json.loads(run.stdout), "counted": counted(which, out)}


def median(runs: list[dict[str, float]]) -> dict[str, float]:
    return sorted(runs, key=lambda run: run["seconds"])[len(runs) // 2]


def bench(rows: int, folder: Path, runs: int) -> None:
    path = folder / f"patent_list_platform_applicants_{rows}.csv"
    if not path.exists():
        print(f"generating {path} ...", flush=True)
        generate(rows, path.with_suffix(".part"))
        path.with_suffix(".part").rename(path)
    bare_path = without_applicants(path)
    found: dict[str, list[dict[str, float]]] = {"ingest": [], "baseline": [], "bare": []}
    baseline = importlib.util.find_spec("duckdb") is not None
    for _ in range(runs):  # interleaved, so that both see the same machine
        found["ingest"].append(child("ingest", path))
        if baseline:
            found["baseline"].append(child("baseline", path))
        found["bare"].append(child("ingest", bare_path))
    ours = median(found["ingest"])
    with path.open("rb") as handle:
        listed = sum(1 for _ in handle) - 1
    print(f"{listed:,} rows ({path.stat().st_size / 2**30:.1f} GiB), medians of {runs}:")
    for name, runs_of in (("ingest", found["ingest"]), ("baseline", found["baseline"])):
        if runs_of:
            r = median(runs_of)
            print(f"  {name:9s} {listed / r['seconds']:>10,.0f} rows/s  {r['seconds']:6.2f} s  "
                  f"peak {r['peak_bytes'] / 2**30:5.2f} GiB  counted {r['counted']:,}")
    ratio = f"{ours['seconds'] / median(found['baseline'])['seconds']:.2f}" if baseline else "- (pip install duckdb)"
    print(f"  ratio to the baseline: {ratio} (target <= 1.5); peak {ours['peak_bytes'] / 2**30:.2f} GiB (target < 1)")
    bare = median(found["bare"])
    print(f"  without applicants {bare['seconds']:.2f} s, peak {bare['peak_bytes'] / 2**30:.2f} GiB: "
          f"applicants add {ours['seconds'] / bare['seconds'] - 1:.0%} (target <= 50%)")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=2_000_000)
    parser.add_argument("--big", action="store_true", help="also the 20-million-row list")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--data", type=Path, default=Path(tempfile.gettempdir()) / "patentstats_bench",
                        help="where the generated lists are kept (outside the repository: 3.1 GB at 20 million)")
    parser.add_argument("--child", choices=["ingest", "baseline"])
    parser.add_argument("--path", type=Path)
    parser.add_argument("--out", type=Path)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(measure(args.child, args.path, args.out)))
        return
    for rows, runs in [(args.rows, args.runs)] + ([(20_000_000, 1)] if args.big else []):  # 20M: minutes a run
        bench(rows, args.data, runs)


if __name__ == "__main__":
    main()
