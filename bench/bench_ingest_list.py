"""Benchmark: a patent list of 2 million rows, with the columns search platforms export
(publication number with its kind code, publication date, type, office, applicants), to monthly counts, patentstats
against a plain pandas baseline (read_csv, per-row parsing with apply, groupby), each in its own process so
that peak memory is its own (patentstats: the median of five runs). Prints rows per second,
peak memory and the ratios; then the same list without its applicant column, for what
reading the applicants costs.

    python bench/bench_ingest_list.py [--rows 2000000]

Targets (issues 2, 8 and 12): >= 1 million rows/s with platform-style columns, >= 5x the baseline,
peak memory < 2 GiB; applicants add no more than 50% to the time.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.csv as pacsv

OUT = Path(__file__).resolve().parent / "out"
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
    """The same list without its applicant column."""
    out = path.with_name(path.stem + "_no_applicants.csv")
    if not out.exists():
        pacsv.write_csv(pacsv.read_csv(path).drop_columns(["申请人"]), out)
    return out


def run_patentstats(path: Path) -> int:
    from patentstats.applicants import applicant_counts
    from patentstats.readers import ReadOptions, read_file
    (result,) = read_file(path, ReadOptions(), skip_invalid=True)
    if result.applicants is not None:  # the applicant table as ingest writes it, kinds included
        applicant_counts([result.applicants])
    return int(result.observations["value"].sum())


def _check_ok(number: str) -> bool:
    digits = number[:-1]
    weights = [2, 3, 4, 5, 6, 7, 8, 9, 2, 3, 4, 5] if len(digits) == 12 else list(range(2, 10))
    total = sum(int(d) * w for d, w in zip(digits, weights, strict=False)) % 11
    return number[-1] == ("X" if total == 10 else str(total))


def run_baseline(path: Path) -> int:
    """What an analyst would write in plain pandas: per-row apply for numbers and dates."""
    frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    number = frame["申请号"].apply(lambda s: s.upper().replace("CN", "").replace("ZL", "").replace(".", "").strip())
    frame = frame[number.apply(_check_ok)]
    number = number[frame.index]
    frame["type"] = number.apply(lambda s: {"1": "invention", "2": "utility_model", "3": "design", "8": "invention",
                                            "9": "utility_model"}[s[4]])
    frame["filing"] = frame["申请日"].apply(lambda s: pd.Timestamp(s).to_period("M"))
    frame = frame.drop_duplicates(subset=["申请号"])
    applications = frame.groupby(["地区", "type", "filing"]).size()
    grants = frame[frame["授权公告日"] != ""]
    grants = grants.assign(month=grants["授权公告日"].apply(lambda s: pd.Timestamp(s).to_period("M")))
    return int(applications.sum() + grants.groupby(["地区", "type", "month"]).size().sum())


def peak_memory_bytes() -> int:
    """This process's peak resident memory. VmHWM, not ru_maxrss, which Linux carries over
    from the parent through fork and exec."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) * 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024


def measure(which: str, path: Path) -> dict[str, float]:
    import patentstats.readers  # noqa: F401  imports are outside the timing, as pandas is for the baseline
    start = time.perf_counter()
    total = {"patentstats": run_patentstats, "baseline": run_baseline}[which](path)
    seconds = time.perf_counter() - start
    peak = peak_memory_bytes()
    return {"seconds": seconds, "peak_bytes": peak, "counted": total}


def child(which: str, path: Path) -> dict[str, float]:
    out = subprocess.run([sys.executable, __file__, "--child", which, "--path", str(path)],
                         capture_output=True, text=True, check=True)
    return json.loads(out.stdout)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=2_000_000)
    parser.add_argument("--child", choices=["patentstats", "baseline"])
    parser.add_argument("--path", type=Path)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(measure(args.child, args.path)))
        return
    path = OUT / f"patent_list_platform_applicants_{args.rows}.csv"
    if not path.exists():
        generate(args.rows, path)
    bare_path = without_applicants(path)
    runs, bare_runs = [], []
    for _ in range(5):  # interleaved, so that both see the same machine; a fresh process varies by ~30% here
        runs.append(child("patentstats", path))
        bare_runs.append(child("patentstats", bare_path))
    ours, bare = (sorted(r, key=lambda run: run["seconds"])[2] for r in (runs, bare_runs))  # medians of five
    base = child("baseline", path)
    assert ours["counted"] == base["counted"], (ours["counted"], base["counted"])
    for name, r in (("patentstats", ours), ("baseline", base)):
        print(f"{name:12s} {args.rows / r['seconds']:>12,.0f} rows/s  {r['seconds']:6.2f} s  "
              f"peak {r['peak_bytes'] / 2**30:5.2f} GiB  counted {r['counted']:,}")
    print(f"speed-up: {base['seconds'] / ours['seconds']:.1f}x (target >= 5); "
          f"patentstats {args.rows / ours['seconds'] / 1e6:.2f} M rows/s (target >= 1); "
          f"peak {ours['peak_bytes'] / 2**30:.2f} GiB (target < 2)")
    print(f"without applicants {bare['seconds']:.2f} s: applicants add {ours['seconds'] / bare['seconds'] - 1:.0%} "
          f"(target <= 50%)")


if __name__ == "__main__":
    main()
