"""Nowcast of applications not yet published, and projections never below what is counted."""

import numpy as np
import pandas as pd
import pytest

from patentstats.forecasting.nowcast import interval, nowcast_series, recent_level
from patentstats.forecasting.projection import project_year
from patentstats.forecasting.simulation import project_cube, region_cube
from patentstats.metrics.progress import status_table
from patentstats.output.status import status_json
from patentstats.table.completeness import Completeness, Incompleteness
from patentstats.table.counts import COUNT_COLUMNS, add_totals
from patentstats.table.publication_delay import PRIOR_WEIGHT, DelaySample, delay_cdf

INVENTION = ("applications", "invention")
FIRST = (2019 - 1970) * 12  # January 2019, in months from January 1970


def table(monthly: dict[int, list[int]]) -> pd.DataFrame:
    """Region L: inventions per month of each year given; 5 utility models and 2 designs a month."""
    rows = []
    for year, months in monthly.items():
        for patent_type, counts in (("invention", months), ("utility_model", [5] * len(months)),
                                    ("design", [2] * len(months))):
            ytd = np.cumsum(counts)
            rows += [("L", year, m + 1, "applications", patent_type, c, int(y), "x")
                     for m, (c, y) in enumerate(zip(counts, ytd, strict=True))]
    return add_totals(pd.DataFrame(rows, columns=COUNT_COLUMNS))


def test_delays_by_hand_with_right_truncation():
    # ten filings in month 0 published after 1 (x4), 2 (x4) and 3 (x2) months; five in month 10
    # seen after 1 month, the list's latest month is 11: the late ones cannot be seen at delays 2-3
    filing = np.array([0] * 10 + [10] * 5)
    published = np.array([1] * 4 + [2] * 4 + [3] * 2 + [11] * 5)
    sample = DelaySample(np.zeros(15, dtype=int), filing, published, 11)
    cdf = delay_cdf(sample, "invention")
    # with the default worth 2 filings, which puts nothing at delays 0-2 and 10% at 3:
    # g3 = (2 + 0.2) / (10 + 0.2) ; g2 = 4 / 8 ; g1 = 9 / 9 (month 10's five are old enough for delay 1)
    assert PRIOR_WEIGHT == 2.0
    f2 = cdf[3] * (1 - 2.2 / 10.2)
    assert cdf[2] == pytest.approx(f2)
    assert cdf[1] == pytest.approx(f2 * (1 - 4 / 8))
    assert cdf[0] == 0.0


def test_recent_level_by_hand():
    # 11 complete months of 10 and a month half seen with 5: 115.5 / 11.5 a month
    shape, rate = recent_level(np.array([10] * 11 + [5]), np.array([1.0] * 11 + [0.5]))
    assert shape / rate == pytest.approx(115.5 / 11.5)


def test_a_month_half_published_is_estimated_at_twice_what_is_seen():
    cdf = np.ones(61)
    cdf[0] = 0.5  # the latest month: half its filings are published
    seen = np.array([10] * 23 + [5])
    cast = nowcast_series(seen, np.arange(FIRST, FIRST + 24), Completeness(FIRST + 23, cdf), seed=1)
    assert cast.months.tolist() == [FIRST + 23]
    assert (cast.draws >= 5).all()
    estimate = interval(cast.draws[:, 0])
    # unseen ~ Poisson(10.04 x 0.5), barely overdispersed (complete months are all 10): 80% of 5 +- 3
    assert estimate["point"] == 10
    assert 6 <= estimate["lo80"] <= 8 and 12 <= estimate["hi80"] <= 14


def test_projection_from_an_early_complete_month_is_lifted_to_the_count():
    # 2021: 1 invention in each of January-February, then 40 a month; counts incomplete from March
    # (no delays known): projected from February (year to date 2), a year of ~120 at most, while
    # 242 are already counted by August
    counts = table({2019: [10] * 12, 2020: [10] * 12, 2021: [1, 1] + [40] * 6})
    marks = {INVENTION: (2021, 3), ("applications", "total"): (2021, 3)}
    year_end = project_year(counts, "L", 2021, 8, incomplete=marks)
    invention = year_end.table.set_index(["measure", "patent_type"]).loc[INVENTION]
    assert invention["lo95"] >= 242 and invention["point"] >= 242
    total = year_end.table.set_index(["measure", "patent_type"]).loc[("applications", "total")]
    assert total["lo95"] >= 242 + 8 * 7  # utility models and designs are complete: 56 more
    fan = year_end.fans["applications"]
    assert fan["month"].tolist() == [9, 10, 11, 12]  # after the month counted, never below it
    assert (fan[["q025", "q10", "q50", "q90", "q975"]] >= 242 + 56).all().all()


def test_a_december_count_is_never_cut_down():
    # the second case: a whole year counted (1,428), incomplete from May, projected from April
    counts = table({2019: [60] * 12, 2020: [60] * 12, 2021: [60] * 4 + [138] * 8})
    marks = {INVENTION: (2021, 5), ("applications", "total"): (2021, 5)}
    row = project_year(counts, "L", 2021, 12, incomplete=marks).table.set_index(["measure", "patent_type"]).loc[INVENTION]
    assert 240 + 8 * 138 == 1344
    assert min(row["lo95"], row["lo80"], row["point"]) >= 1344


def test_nowcast_adds_the_unpublished_and_the_projection_starts_from_it():
    # 2021-06 as of, inventions of April-June a quarter, half and three quarters unpublished
    counts = table({2019: [10] * 12, 2020: [10] * 12, 2021: [10, 10, 10, 8, 5, 2]})
    cdf = np.ones(61)
    cdf[:3] = [0.2, 0.5, 0.8]
    latest = (2021 - 1970) * 12 + 5
    marks = Incompleteness({INVENTION: (2021, 4), ("applications", "total"): (2021, 4)},
                           {INVENTION: Completeness(latest, cdf)})
    year_end = project_year(counts, "L", 2021, 6, incomplete=marks)
    rows = year_end.table.set_index(["measure", "patent_type"])
    invention = rows.loc[INVENTION]
    assert invention["ytd_published"] == 45
    # April 8 of ~10 (0.8 seen), May 5 of ~10 (0.5), June 2 of ~10 (0.2): about 60 in all
    assert 56 <= invention["ytd_est_point"] <= 62
    assert 45 <= invention["ytd_est_lo95"] <= invention["ytd_est_lo80"] <= invention["ytd_est_point"]
    assert invention["point"] >= invention["ytd_est_point"] + 50  # July-December at ~10 a month
    assert year_end.fans["applications"]["q025"].min() >= 45 + 6 * 7
    total = rows.loc[("applications", "total")]
    assert total["ytd_est_point"] == invention["ytd_est_point"] + 6 * 7
    projected = project_cube(region_cube(counts, "L"), 2021, 6, incomplete=marks)
    assert projected[INVENTION].ytd == 45  # what the list holds is certain


def test_status_json_carries_what_is_published_and_the_estimate():
    counts = table({2019: [10] * 12, 2020: [10] * 12, 2021: [10, 10, 10, 8, 5, 2]})
    cdf = np.ones(61)
    cdf[:3] = [0.2, 0.5, 0.8]
    marks = Incompleteness({INVENTION: (2021, 4), ("applications", "total"): (2021, 4)},
                           {INVENTION: Completeness((2021 - 1970) * 12 + 5, cdf)})
    projection = project_year(counts, "L", 2021, 6, incomplete=marks).table
    status = status_table(counts, "L", 2021, 6)
    rows = {(r["measure"], r["patent_type"]): r for r in status_json(status, "L", 2021, 6, projection, marks)["rows"]}
    invention = rows[INVENTION]
    assert invention["ytd_published"] == 45
    assert set(invention["ytd_estimate"]) == {"point", "lo80", "hi80", "lo95", "hi95"}
    assert invention["ytd_estimate"]["lo95"] >= 45
    # last year's January-June, 60, was complete: the change is the estimate's
    assert invention["yoy_estimate_pct"] == round((invention["ytd_estimate"]["point"] / 60 - 1) * 100, 2)
    assert "ytd_estimate" not in rows[("applications", "design")]  # complete: no estimate to give


def test_ingest_keeps_the_lists_delays_and_zero_fills_to_its_latest_publication(write_csv, tmp_path):
    import json

    from patentstats.readers import ReadOptions
    from patentstats.table.counts import load_counts, load_incomplete
    from patentstats.table.ingest import ingest, write_outputs

    rows = [["公开(公告)号", "申请日", "公开(公告)日", "专利类型"],
            ["CN103175679A", "2013-03-01", "2013-06-26", "发明申请"],
            ["CN103175679B", "2013-03-01", "2015-08-12", "授权发明"],
            ["CN203111111U", "2013-01-15", "2013-08-14", "实用新型"],
            ["CN303222222S", "2013-02-20", "2013-07-03", "外观设计"],
            ["CN104302547A", "2013-02-12", "2015-01-21", "发明申请"]]
    out = write_outputs(ingest([write_csv("list.csv", rows)], ReadOptions(region="测试")), tmp_path / "c.parquet")
    counts = load_counts(out)
    grants = counts.query("measure == 'grants' and patent_type == 'design'")
    # the design was granted 2013-07, the list's latest publication is 2015-08: zeros to then, not unknown
    assert (int(grants["year"].max()), int(grants.query("year == 2015")["month"].max())) == (2015, 8)
    assert int(grants.query("year == 2015")["count"].sum()) == 0 and int(grants["count"].sum()) == 1
    log = json.loads(out.with_suffix(".log.json").read_text(encoding="utf-8"))
    delays = {item["patent_type"]: item for item in log["publication_delay"]}
    assert delays["invention"]["latest"] == "2015-08" and delays["invention"]["regions"] == ["测试"]
    marks = load_incomplete("测试", out)
    assert marks[INVENTION] == (2014, 2) and INVENTION in marks.completeness
    # first publications: 3 months after filing (the A), and 23 for the other invention
    assert marks.completeness[INVENTION].share(np.array([(2015 - 1970) * 12 + 7]))[0] == 0.0


def test_explore_tables_flag_the_years_a_list_holds_in_part():
    from patentstats.output.views import overview_frame, regions_frame

    counts = table({2020: [10] * 12, 2021: [10] * 6})
    marks = {"L": {INVENTION: (2021, 4), ("applications", "total"): (2021, 4)}}
    overview = overview_frame(counts, "zh", marks)
    assert overview["注"].tolist() == ["", "申请4月起未全部公开"]
    assert regions_frame(counts, "applications", "en", marks)["Note"].tolist() == [
        "applications not all published from month 4"]
    assert "注" not in overview_frame(counts, "zh")  # nothing short: no note column


def test_a_december_with_unpublished_months_is_never_said_to_be_complete():
    from patentstats.output.views import method_note

    counts = table({2019: [10] * 12, 2020: [10] * 12, 2021: [10] * 9 + [8, 5, 2]})
    cdf = np.ones(61)
    cdf[:3] = [0.2, 0.5, 0.8]
    marks = Incompleteness({INVENTION: (2021, 10), ("applications", "total"): (2021, 10)},
                           {INVENTION: Completeness((2021 - 1970) * 12 + 11, cdf)})
    projection = project_year(counts, "L", 2021, 12, incomplete=marks).table
    assert "全年数据已齐" not in method_note(projection, "zh")
    complete = project_year(counts, "L", 2021, 12).table
    assert method_note(complete, "zh") == "全年数据已齐，年末数为实际数，不作预计。"
    invention = projection.set_index(["measure", "patent_type"]).loc[INVENTION]
    assert invention["lo95"] >= 105 and invention["ytd_est_point"] >= 105  # 90 + 8 + 5 + 2 counted
