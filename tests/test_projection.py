"""Projections: hand-worked simple methods, the model's guarantees, determinism, coherence."""

import numpy as np
import pandas as pd
import pytest

from patentstats.forecasting.projection import project_year, project_year_end
from patentstats.forecasting.simulation import METHODS, History, project_cube, project_series, region_cube
from patentstats.readers.tables import OBSERVATION_COLUMNS
from patentstats.table.counts import add_totals, merge_observations

SEASON = [2, 1, 3, 3, 3, 3, 3, 3, 3, 4, 5, 7]  # 40 a year, a quarter of it by April


def history(years, ytd, month, season=SEASON):
    monthly = np.array([season] * years, dtype=float).reshape(years, 12)
    return History(monthly, monthly.sum(axis=1), ytd, month)


def test_run_rate_by_hand():
    proj = project_series(history(2, 30, 6), "run_rate")
    assert proj.point == 60  # 30 x 12 / 6
    assert proj.lo80 >= 30


def test_seasonal_share_by_hand():
    proj = project_series(history(3, 15, 4), "seasonal_share")
    assert proj.point == 67  # 15 / (9/40) = 66.7: prior years had 9 of 40 by April


def test_seasonal_share_without_history_falls_back_to_run_rate():
    proj = project_series(history(0, 15, 4), "seasonal_share")
    assert (proj.method, proj.point) == ("run_rate", 45)


@pytest.mark.parametrize("method", METHODS)
@pytest.mark.parametrize(("years", "ytd", "month"), [(0, 0, 1), (0, 12, 3), (1, 9, 4), (4, 30, 9), (4, 200, 11)])
def test_intervals_are_whole_ordered_and_never_below_ytd(method, years, ytd, month):
    proj = project_series(history(years, ytd, month), method)
    values = [proj.lo95, proj.lo80, proj.point, proj.hi80, proj.hi95]
    assert all(isinstance(v, int) for v in values)
    assert ytd <= proj.lo95 <= proj.lo80 <= proj.point <= proj.hi80 <= proj.hi95
    assert proj.p_reach(ytd) == 1.0  # what has happened is certain
    assert proj.p_reach(ytd - 5) == 1.0


def test_december_is_the_actual_year():
    proj = project_series(history(2, 41, 12))
    assert (proj.lo95, proj.point, proj.hi95, proj.p_reach(41), proj.p_reach(42)) == (41, 41, 41, 1.0, 0.0)


def test_no_history_gives_wider_intervals_than_history():
    with_history = project_series(history(4, 12, 4))
    without = project_series(history(0, 12, 4))
    assert without.hi95 - without.lo95 > with_history.hi95 - with_history.lo95
    assert "no prior year" in without.reason and "4 prior year" in with_history.reason


def test_deterministic_for_a_seed_and_different_across_seeds():
    a, b = project_series(history(3, 20, 5), seed=7), project_series(history(3, 20, 5), seed=7)
    assert (a.point, a.lo80, a.hi95, a.p_reach(45)) == (b.point, b.lo80, b.hi95, b.p_reach(45))
    assert not np.array_equal(a.draws, project_series(history(3, 20, 5), seed=8).draws)


def test_the_model_is_centred_on_a_steady_series():
    # 4 identical years of 40, 21 of it by August; this year on the same pace: about 40
    proj = project_series(history(4, 21, 8))
    assert 36 <= proj.point <= 44 and proj.lo80 < 40 < proj.hi80


@pytest.fixture(scope="module")
def counts():
    rng = np.random.default_rng(5)
    rows = []
    for year in (2015, 2016, 2017):
        for patent_type, scale in (("invention", 1), ("utility_model", 6), ("design", 3)):
            for month in range(1, 13 if year < 2017 else 8):
                for measure in ("applications", "grants"):
                    rows.append(("A", year, month, measure, patent_type, "count", int(rng.poisson(scale * SEASON[month - 1])),
                                 "f", "", 1, "c"))
    frame = pd.DataFrame(rows, columns=OBSERVATION_COLUMNS).assign(rank=0)
    return add_totals(merge_observations(frame).counts)


def test_total_is_the_sum_of_the_types_draw_by_draw(counts):
    projections = project_cube(region_cube(counts, "A"), 2017, 7)
    for measure in ("applications", "grants"):
        types = [projections[(measure, t)].draws for t in ("invention", "utility_model", "design")]
        assert np.array_equal(projections[(measure, "total")].draws, np.sum(types, axis=0))


def test_the_fans_come_from_the_tables_simulation(counts):
    year_end = project_year(counts, "A", 2017, 7)
    pd.testing.assert_frame_equal(year_end.table, project_year_end(counts, "A", 2017, 7))
    totals = year_end.table.query("patent_type == 'total'").set_index("measure")
    for measure, fan in year_end.fans.items():
        assert fan["month"].tolist() == [8, 9, 10, 11, 12]
        assert fan["q50"].iloc[-1] == totals.loc[measure, "point"]  # the year-end median of the same draws
        assert (fan["q025"].iloc[-1], fan["q975"].iloc[-1]) == (totals.loc[measure, "lo95"], totals.loc[measure, "hi95"])


def test_types_incomplete_from_different_months_still_add_up_to_the_total(counts):
    # a patent list: inventions are published later than utility models, so their counts stop being whole sooner
    incomplete = {("applications", "invention"): (2017, 4), ("applications", "utility_model"): (2017, 6),
                  ("applications", "total"): (2017, 4)}
    year_end = project_year(counts, "A", 2017, 7, incomplete=incomplete)
    projections = project_cube(region_cube(counts, "A"), 2017, 7, incomplete=incomplete)
    types = [projections[("applications", t)] for t in ("invention", "utility_model", "design")]
    # projected from months 3, 5 and 7, each lifted to no less than its count at July: paths from August
    assert [t.paths.shape[1] for t in types] == [5, 5, 5]
    total = projections[("applications", "total")]
    assert np.array_equal(total.draws, np.sum([t.draws for t in types], axis=0))
    assert np.array_equal(total.paths, np.sum([t.paths[:, -5:] for t in types], axis=0))  # the months all three simulate
    assert year_end.fans["applications"]["month"].tolist() == [8, 9, 10, 11, 12]


def test_a_finished_year_with_one_type_short_adds_up(counts):
    # December: utility models and designs are final, inventions projected from April
    incomplete = {("applications", "invention"): (2016, 5), ("applications", "total"): (2016, 5)}
    projections = project_cube(region_cube(counts, "A"), 2016, 12, incomplete=incomplete)
    invention, utility, design, total = (projections[("applications", t)]
                                         for t in ("invention", "utility_model", "design", "total"))
    assert utility.draws.size == 1 and invention.draws.size > 1
    assert np.array_equal(total.draws, invention.draws + utility.ytd + design.ytd)
    assert total.paths.shape == (invention.draws.size, 0)  # no month left that all three simulate


def test_project_year_end_uses_nothing_after_the_month(counts):
    before = project_year_end(counts, "A", 2016, 6)
    changed = counts.copy()
    later = (changed["year"] == 2016) & (changed["month"] > 6) | (changed["year"] > 2016)
    changed.loc[later, ["count", "ytd"]] = changed.loc[later, ["count", "ytd"]] * 3
    pd.testing.assert_frame_equal(before, project_year_end(changed, "A", 2016, 6))


def test_probabilities_of_targets(counts):
    targets = pd.DataFrame([("A", 2017, "applications", "total", "floor", 1),
                            ("A", 2017, "applications", "total", "stretch", 100_000)],
                           columns=["region", "year", "measure", "patent_type", "level", "value"])
    row = project_year_end(counts, "A", 2017, 7, targets).query("measure == 'applications' and patent_type == 'total'")
    assert row["p_reach_floor"].iloc[0] == 1.0  # already passed
    # far out of reach, yet said no more surely than the record allows
    assert row["p_reach_stretch"].iloc[0] == pytest.approx(1 - row["p_cap"].iloc[0])
    assert row["p_reach_plan"].iloc[0] is None


def test_only_what_has_happened_is_certain_for_the_simple_methods():
    proj = project_series(history(2, 30, 6), "run_rate")  # point 60, sd sqrt(30)
    assert proj.lo95 > 45
    assert 0.99 < proj.p_reach(45) < 1.0  # below the interval, yet not already reached
    assert proj.p_reach(30) == 1.0
