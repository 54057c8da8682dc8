"""The default: at each as-of month, the method with the best record at that month on earlier years."""

import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from patentstats.forecasting.backtest import backtest
from patentstats.forecasting.choice import CANDIDATES, CHOSEN, MODEL, Choice, Evidence, evidence_for, project_chosen
from patentstats.forecasting.pooling import pool_before
from patentstats.forecasting.projection import project_year_end
from patentstats.forecasting.simulation import project_cube, region_cube
from patentstats.output.views import method_note

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "bench"))
from synthetic_pipeline import pipeline_counts  # noqa: E402


@pytest.fixture(scope="module")
def counts():
    return pipeline_counts(regions=3, years=4, seed=5)


def test_the_choice_reads_no_year_it_projects_or_later(counts):
    region, last = sorted(counts["region"].unique())[0], int(counts["year"].max())
    changed = counts.copy()
    late = changed["year"] == last
    changed.loc[late, ["count", "ytd"]] = changed.loc[late, ["count", "ytd"]] * 5
    for month in (2, 7):
        assert Evidence(counts).choice(region, last, month) == Evidence(changed).choice(region, last, month)
    first = int(counts["year"].min())
    assert Evidence(counts).choice(region, first, 6) == Choice(MODEL, 6, {})  # nothing earlier to go on


def test_a_simple_method_lends_its_point_to_the_model_spread(counts):
    region, year = sorted(counts["region"].unique())[1], int(counts["year"].max())
    cube, pool = region_cube(counts, region), pool_before(counts, year)
    moved = project_chosen(cube, year, 8, Choice("seasonal_share", 8, {}), pool=pool)
    model, share = project_cube(cube, year, 8, pool=pool), project_cube(cube, year, 8, "seasonal_share", pool=pool)
    for key in [("applications", "design"), ("grants", "utility_model")]:
        assert moved[key].method == "seasonal_share" and abs(moved[key].point - share[key].point) <= 1
        assert moved[key].hi95 - moved[key].lo95 == pytest.approx(model[key].hi95 - model[key].lo95, abs=2)
        assert moved[key].lo95 >= moved[key].ytd
    total = moved[("applications", "total")]
    parts = sum(moved[("applications", t)].draws for t in ("invention", "utility_model", "design"))
    assert np.array_equal(total.draws, parts)  # the total stays the sum of its types


def test_the_backtest_scores_the_default_as_status_makes_it(counts):
    result = backtest(counts, methods=(CHOSEN,), months=(3, 10), jobs=1).projections
    region, year = sorted(counts["region"].unique())[2], int(counts["year"].max())
    for month in (3, 10):
        mine = result[(result["region"] == region) & (result["year"] == year) & (result["month"] == month)]
        status = project_year_end(counts, region, year, month)
        merged = mine.merge(status, on=["measure", "patent_type"], suffixes=("", "_status"))
        assert len(merged) == 8
        for column in ("point", "lo80", "hi80", "lo95", "hi95"):
            assert (merged[column] == merged[f"{column}_status"]).all()
        assert set(status["method"]) <= set(CANDIDATES)


def test_the_method_note_says_what_was_chosen_and_why(counts):
    region, year = sorted(counts["region"].unique())[0], int(counts["year"].max())
    projection = project_year_end(counts, region, year, 9)
    choice = projection["choice"].iloc[0]
    assert isinstance(choice, Choice) and choice.errors and choice.method in CANDIDATES
    assert evidence_for(counts).choice(region, year, 9) is choice  # made once per table
    zh, en = method_note(projection, "zh"), method_note(projection, "en")
    assert "方法按往年同月预计的误差选定" in zh and f"本地区{choice.own}个" in zh
    assert "Chosen on earlier years at this month" in en and f"{choice.pooled} region-years" in en

    def note(choice: Choice, lang: str) -> str:
        return method_note(pd.DataFrame(projection).assign(choice=[choice] * len(projection)), lang)

    kept = Choice(MODEL, 9, {MODEL: 10.0, "seasonal_share": 9.8}, 2, 8)
    assert "往年同期完成比例推算误差中位数9.8%，季节性模型10.0%，优势不足20%，仍用季节性模型" in note(kept, "zh")
    kept_en = "the model's median error 10.0%, against 9.8% for seasonal share: not 20% lower, so the model is kept"
    assert kept_en in note(kept, "en")
    used = Choice("seasonal_share", 9, {MODEL: 10.0, "seasonal_share": 7.5}, 2, 8)
    assert "往年同期完成比例推算误差中位数7.5%，季节性模型10.0%，故采用前者" in note(used, "zh")
    assert "median error 7.5%, against 10.0% for the seasonal model." in note(used, "en")
    short = Choice(MODEL, 9, {MODEL: 10.0, "seasonal_naive": 7.0}, 1, 2)
    assert "记录不足4个地区年度" in note(short, "zh") and "a record under 4 region-years" in note(short, "en")


def test_grants_follow_grant_lag_where_the_choice_says_so(counts):
    region, year = sorted(counts["region"].unique())[1], int(counts["year"].max())
    cube, pool = region_cube(counts, region), pool_before(counts, year)
    chosen = project_chosen(cube, year, 9, Choice(MODEL, 9, {}, grants="grant_lag"), pool=pool)
    model, lagged = project_cube(cube, year, 9, pool=pool), project_cube(cube, year, 9, "grant_lag", pool=pool)
    assert chosen.keys() == model.keys()
    assert chosen[("grants", "invention")].method == "grant_lag"  # its lag fit passed the held-out check
    for (measure, patent_type), projection in chosen.items():
        same = lagged if measure == "grants" else model
        assert np.array_equal(projection.draws, same[(measure, patent_type)].draws)
        assert projection.method == same[(measure, patent_type)].method


def test_the_method_note_says_when_grants_come_from_applications(counts):
    region, year = sorted(counts["region"].unique())[0], int(counts["year"].max())
    projection = project_year_end(counts, region, year, 9)
    both = {MODEL: 6.0, "grant_lag": 5.0}
    split = Choice(MODEL, 9, {MODEL: 10.0, "seasonal_share": 9.8}, 2, 8, "grant_lag", both)
    framed = pd.DataFrame(projection).assign(choice=[split] * len(projection))
    assert "median error on grants 5.0%, against 6.0% for the model" in method_note(framed, "en")
    assert "往年授权误差中位数5.0%，季节性模型6.0%" in method_note(framed, "zh")
    alone = Choice(MODEL, 9, {MODEL: 10.0, "seasonal_share": 9.8}, 2, 8)
    assert "Grants from applications" not in method_note(framed.assign(choice=[alone] * len(projection)), "en")
