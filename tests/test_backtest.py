import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from patentstats.forecasting.backtest import backtest, mdape_gap, score, will_we_hit_it
from patentstats.forecasting.choice import METHODS

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "bench"))
from synthetic import synthetic_counts  # noqa: E402


def test_score_by_hand():
    p = pd.DataFrame({"method": "m", "month": 6, "point": [90, 100, 130], "actual": [100, 100, 100],
                      "lo80": [85, 95, 120], "hi80": [95, 105, 140], "lo95": [80, 90, 110], "hi95": [101, 110, 150],
                      "threshold": [95, 95, 95], "p_reach": [0.2, 0.9, 1.0], "scale": [5, 10, 20]})
    row = score(p).iloc[0]
    assert row["mdape"] == pytest.approx(10.0)  # errors 10%, 0%, 30%
    assert row["mase"] == pytest.approx((10 / 5 + 0 + 30 / 20) / 3)
    assert row["width80"] == pytest.approx(10.0)  # widths 10, 10, 20 on an actual of 100
    assert row["winkler80"] == pytest.approx(60.0)  # 10 + 5 / 0.1, 10, 20 + 20 / 0.1
    assert row["coverage80"] == pytest.approx(1 / 3) and row["coverage95"] == pytest.approx(2 / 3)
    assert row["brier"] == pytest.approx((0.8**2 + 0.1**2 + 0) / 3)


def _two_region_years(m_apes: list[float], o_apes: list[float]) -> pd.DataFrame:
    """Projections of methods m and o at month 6, two series in each of region-years a and b."""
    return pd.DataFrame({"region": ["a", "a", "b", "b"] * 2, "year": 2020, "month": 6, "method": ["m"] * 4 + ["o"] * 4,
                         "point": [100 + e for e in m_apes + o_apes], "actual": 100})


def test_mdape_gap_by_hand():
    # m: 1% in a, 9% in b (median 5); o: 3% in a, 5% in b (median 4). Region-years drawn again:
    # {a, a} (1/4): 1 - 3 = -2; {b, b} (1/4): 9 - 5 = +4; {a, b} (1/2): +1. So the gap is +1 and its
    # 95% interval is -2 to +4: one region-year against the other, the backtest cannot tell them apart.
    assert mdape_gap(_two_region_years([1, 1, 9, 9], [3, 3, 5, 5]), "m", "o", 6) == (1.0, -2.0, 4.0)
    # m 3 points worse than o in every series: in every resample too
    assert mdape_gap(_two_region_years([4, 6, 8, 12], [1, 3, 5, 9]), "m", "o", 6) == (3.0, 3.0, 3.0)
    # o far out in one series of b: the median shrugs it off ({a, b}: o's median 1, gap +1), but
    # not when b is drawn twice (o's median (1 + 40) / 2 = 20.5, gap -18.5)
    assert mdape_gap(_two_region_years([2, 2, 2, 2], [1, 1, 1, 40]), "m", "o", 6) == (1.0, -18.5, 1.0)


def test_goal_says_whether_a_lost_month_is_beyond_noise():
    from bench_backtest import goal

    unsure = _two_region_years([1, 1, 9, 9], [3, 3, 5, 5]).replace({"m": "chosen"})
    sure = _two_region_years([4, 6, 8, 12], [1, 3, 5, 9]).replace({"m": "chosen"}).assign(month=7)
    p = pd.concat([unsure, sure]).assign(lo80=0, hi80=200, lo95=0, hi95=200, threshold=np.nan, p_reach=np.nan,
                                         scale=1.0)
    lines = goal(score(p), p)
    assert lines[0] == ("MISS lowest median APE at every month: lost at 6 (o 4.0% < 5.0%, gap 95% -2.0 to +4.0), "
                        "7 (o 4.0% < 7.0%, gap 95% +3.0 to +3.0)")
    assert lines[1] == "MISS months lost beyond the backtest's noise (gap's 95% interval above 0): 7"
    assert not any("beyond" in line for line in goal(score(p)))  # without the projections, as before


@pytest.fixture(scope="module")
def synthetic():
    return synthetic_counts(regions=2, years=3, seed=4)


def test_backtest_covers_every_series_year_and_month(synthetic):
    result = backtest(synthetic, methods=("run_rate", "seasonal_model"), jobs=1)
    assert len(result.projections) == 2 * 3 * 11 * 2 * 8  # regions x years x months x methods x series
    assert set(result.scores["month"]) == set(range(1, 12))
    every = backtest(synthetic, months=(2,), jobs=1).projections
    assert set(every["method"]) == set(METHODS) and len(every) == 2 * 3 * len(METHODS) * 8
    first_year = result.projections[result.projections["year"] == 2011]
    assert first_year["threshold"].isna().all()  # no previous year, no target: no probability to score


def test_years_marked_incomplete_are_not_scored(synthetic):
    # a patent list: applications for inventions filed from 2012-05 on are not all published yet
    region = sorted(synthetic["region"].unique())[0]
    short = {region: {("applications", "invention"): (2012, 5), ("applications", "total"): (2012, 5)}}
    every = backtest(synthetic, methods=("run_rate",), months=(6,), jobs=1).projections
    result = backtest(synthetic, methods=("run_rate",), months=(6,), jobs=1, incomplete=short).projections
    left_out = ((every["region"] == region) & (every["year"] >= 2012) & (every["measure"] == "applications")
                & every["patent_type"].isin(["invention", "total"]))
    assert left_out.sum() == 2 * 2  # 2012 and 2013, the type and the total
    pd.testing.assert_frame_equal(result.reset_index(drop=True), every[~left_out].reset_index(drop=True))


def test_backtest_sees_no_data_after_its_month(synthetic):
    months = (3, 9)
    # every method reads the same History (RegionCube.history); ETS, the slow one, is left out
    methods = tuple(m for m in METHODS if m != "ets")
    base = backtest(synthetic, methods=methods, months=months, jobs=1).projections
    changed = synthetic.copy()
    # change everything in the last year after March except December, which is the actual
    late = (changed["year"] == 2013) & changed["month"].between(4, 11)
    changed.loc[late, ["count", "ytd"]] = changed.loc[late, ["count", "ytd"]] * 5
    again = backtest(changed, methods=methods, months=months, jobs=1).projections
    march = (base["year"] == 2013) & (base["month"] == 3)
    cols = ["point", "lo80", "hi80", "lo95", "hi95", "p_reach"]
    pd.testing.assert_frame_equal(base.loc[march, cols].reset_index(drop=True),
                                  again.loc[march, cols].reset_index(drop=True))
    september = (base["year"] == 2013) & (base["month"] == 9)
    assert not base.loc[september, "point"].equals(again.loc[september, "point"])  # the change is seen later


def test_parallel_equals_serial(synthetic):
    serial = backtest(synthetic, methods=("seasonal_model", "grant_lag"), months=(4,), jobs=1).projections
    parallel = backtest(synthetic, methods=("seasonal_model", "grant_lag"), months=(4,), jobs=2).projections
    pd.testing.assert_frame_equal(serial, parallel)
    assert np.isfinite(serial["point"]).all()


@pytest.mark.parametrize(("p_reach", "reached", "right_side", "brier"), [
    ([0.9, 0.2], [True, True], 0.5, (0.1**2 + 0.8**2) / 2),  # one on the right side, one not
    ([0.5, 0.7], [False, False], 0.25, (0.25 + 0.49) / 2),  # exactly 50% counts half
    ([0.0, 1.0], [False, True], 1.0, 0.0),
])
def test_will_we_hit_it_by_hand(p_reach, reached, right_side, brier):
    actual = [10, 10]
    threshold = [9 if hit else 11 for hit in reached]
    p = pd.DataFrame({"method": "m", "month": 6, "p_reach": p_reach, "actual": actual, "threshold": threshold})
    other_month = p.assign(month=7, p_reach=0.5)
    row = will_we_hit_it(pd.concat([p, other_month])).iloc[0]
    assert (row["n"], row["right_side"], row["brier"]) == (2, pytest.approx(right_side), pytest.approx(brier))


def test_the_backtest_ends_with_what_it_means_in_either_language():
    import pandas as pd

    from patentstats.cli import meaning_line

    scores = pd.DataFrame({"method": ["chosen"] * 3 + ["run_rate"], "month": [6, 9, 11, 9],
                           "n": [10, 10, 20, 10], "mdape": [16.2, 11.8, 5.0, 30.0],
                           "coverage80": [0.7, 0.8, 0.9, 0.1]})
    # coverage over months, weighted by projections: (7 + 8 + 18) / 40 = 82.5%, printed 82 (round half even)
    assert meaning_line(scores, "zh") == ("对本地数据的往年检验：6月所作预计一般偏差16%左右、9月所作预计一般偏差12%左右；"
                                          "80%区间有82%的时候包含了实际全年数（应约为80%）。")
    assert meaning_line(scores, "en").startswith("On this data's earlier years, the default projection of the year end "
                                                 "was typically right by month 6 within about 16%, by month 9 within "
                                                 "about 12%; its 80% interval held the actual year 82% of the time")
