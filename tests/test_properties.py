"""Property-based: malformed tables end in a PatentstatsError or a correct table, never anything else."""

import contextlib
import csv
import tempfile
from pathlib import Path

import pandas as pd
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from patentstats.errors import PatentstatsError
from patentstats.readers import ReadOptions, read_file
from patentstats.table.counts import merge_observations

ZH_MEASURE = {"applications": "专利申请量", "grants": "授权量"}
ZH_TYPE = {"invention": "发明", "utility_model": "实用新型", "design": "外观设计"}
HEADER = ["地区", "年份", "月份", "指标", "类型", "数量"]

cells = st.one_of(st.text(max_size=12), st.integers(-5, 10**6).map(str), st.sampled_from(
    ["", "-", "—", "1,000", "１２", "2.5", "13", "0", "合计", "注：", "单位：件", "申请", "发明", "2018-01", "1-3月"]))
values = st.dictionaries(st.tuples(st.sampled_from(["永修县", "武宁县"]), st.integers(1, 12),
                                   st.sampled_from(list(ZH_MEASURE)), st.sampled_from(list(ZH_TYPE))),
                         st.integers(0, 5000), min_size=1, max_size=30)
fast = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def write(rows, encoding="utf-8") -> Path:
    folder = Path(tempfile.mkdtemp())
    path = folder / "table.csv"
    with path.open("w", encoding=encoding, newline="") as handle:
        csv.writer(handle).writerows(rows)
    return path


def read_and_merge(path: Path) -> pd.DataFrame:
    observations = pd.concat([r.observations for r in read_file(path, ReadOptions(region="甲县"))])
    observations["rank"] = 0
    return merge_observations(observations).counts


def as_dict(table: pd.DataFrame) -> dict:
    return {(r.region, r.month, r.measure, r.patent_type): int(r.count) for r in table.itertuples()
            if pd.notna(r.count)}


def tidy_rows(data: dict, style: int) -> list[list[str]]:
    def number(n: int) -> str:
        if style == 1:
            return f"{n:,}"
        if style == 2:
            return str(n).translate(str.maketrans("0123456789", "０１２３４５６７８９"))
        return "—" if n == 0 else str(n)
    body = [[r, "2018", f"{m}月" if style else str(m), ZH_MEASURE[meas], ZH_TYPE[t], number(n)]
            for (r, m, meas, t), n in data.items()]
    return [["2018年专利统计"], ["单位：件"], HEADER, *body, [], ["注：数据来源：示例"]]


@fast
@given(values, st.integers(0, 2), st.sampled_from(["utf-8", "utf-8-sig", "gb18030"]))
def test_formatting_noise_does_not_change_the_figures(data, style, encoding):
    table = read_and_merge(write(tidy_rows(data, style), encoding))
    assert as_dict(table) == data


@fast
@given(values, st.lists(st.tuples(st.integers(0, 40), st.integers(0, 6), cells), min_size=1, max_size=4))
def test_corrupted_tidy_tables_fail_cleanly_or_stay_correct(data, damage):
    rows = tidy_rows(data, 0)
    for r, c, junk in damage:
        row = rows[r % len(rows)]
        row.extend([""] * (c + 1 - len(row)))
        row[c] = junk
    try:
        table = read_and_merge(write(rows))
    except PatentstatsError:
        return
    assert (table["ytd"].dropna() >= 0).all() and (table["count"].dropna() >= 0).all()
    assert set(table.measure) <= {"applications", "grants"}
    assert set(table.month) <= set(range(1, 13))


@fast
@given(st.lists(st.lists(cells, min_size=1, max_size=8), min_size=1, max_size=12))
def test_arbitrary_grids_fail_cleanly_or_read(grid):
    try:
        table = read_and_merge(write(grid))
    except PatentstatsError:
        return
    assert set(table.columns) >= {"region", "year", "month", "count", "ytd"}


@fast
@given(st.binary(min_size=1, max_size=300))
def test_arbitrary_bytes_fail_cleanly_or_read(blob):
    path = Path(tempfile.mkdtemp()) / "blob.csv"
    path.write_bytes(blob)
    with contextlib.suppress(PatentstatsError):
        read_file(path, ReadOptions(region="甲县"))
