"""The method's record on a region's own earlier years, and the cap it puts on chances."""

import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from patentstats.forecasting.choice import evidence_for, project_chosen
from patentstats.forecasting.pooling import pool_before
from patentstats.forecasting.projection import project_year_end
from patentstats.forecasting.simulation import region_cube
from patentstats.forecasting.track_record import TrackRecord, capped, track_record

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "bench"))
from synthetic import synthetic_counts  # noqa: E402


@pytest.fixture(scope="module")
def counts():
    return synthetic_counts(regions=2, years=4, seed=9)


def test_the_cap_starts_at_what_the_intervals_promise_and_moves_with_the_record():
    assert TrackRecord(9, (), {}, 0, 0).cap == pytest.approx(0.975)  # 5% misses, half in each tail
    assert TrackRecord(9, (1, 2, 3), {}, 24, 0).cap == pytest.approx(1 - (0 + 1) / 44 / 2)
    assert TrackRecord(9, (1, 2, 3), {}, 100, 8).cap == pytest.approx(1 - 9 / 120 / 2)  # 8% missed: 96.25%
    assert capped(0.999, 0.96) == 0.96 and capped(0.001, 0.96) == pytest.approx(0.04) and capped(0.5, 0.96) == 0.5


def test_record_scores_each_earlier_year_against_its_december(counts):
    record = track_record(counts, "县00", 2014, 9)
    assert record.years == (2011, 2012, 2013) and record.scored == 3 * 8
    # a second way: each year's September projection against its December, one by one, by the
    # method chosen for that year
    cube = region_cube(counts, "县00")
    errors = []
    for year in (2011, 2012, 2013):
        choice = evidence_for(counts).choice("县00", year, 9)
        point = project_chosen(cube, year, 9, choice, pool=pool_before(counts, year))[("applications", "total")].point
        actual = cube.ytd[0, 3, cube.years.index(year), 11]
        errors.append(abs(point - actual) / actual * 100)
    assert record.median_ape["applications"] == pytest.approx(np.median(errors))
    assert track_record(counts, "县00", 2011, 9).scored == 0  # nothing earlier
    # applications counted from a patent list, short from 2012-05 on: only 2011 can score them
    short = {("applications", "invention"): (2012, 5), ("applications", "total"): (2012, 5)}
    record = track_record(counts, "县00", 2014, 9, short)
    assert record.scored == 3 * 8 - 2 * 2 and record.median_ape["applications"] == pytest.approx(errors[0])


def test_chances_in_the_projection_are_held_to_the_cap(counts):
    targets = pd.DataFrame([("县00", 2014, "applications", "total", "floor", 1),
                            ("县00", 2014, "applications", "total", "plan", 10),
                            ("县00", 2014, "applications", "total", "stretch", 10**6)],
                           columns=["region", "year", "measure", "patent_type", "level", "value"])
    row = project_year_end(counts, "县00", 2014, 9, targets).set_index(["measure", "patent_type"]).loc[
        ("applications", "total")]
    assert row["track_years"] == 3 and 0.9 < row["p_cap"] < 0.98
    assert row["p_reach_floor"] == 1.0  # already reached: certain, not capped
    assert row["p_reach_stretch"] == pytest.approx(1 - row["p_cap"])
