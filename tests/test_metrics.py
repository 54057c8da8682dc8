"""Status metrics against hand-worked values, and the seed's published figures."""

import math
from pathlib import Path

import pandas as pd
import pytest

from patentstats.errors import InputError
from patentstats.metrics.progress import latest_month, status_table
from patentstats.readers.tables import OBSERVATION_COLUMNS
from patentstats.table.counts import add_totals, merge_observations
from patentstats.table.targets import parse_targets

MONTHLY = {  # (year, measure, type): monthly counts from January
    (2017, "applications", "invention"): [1, 0, 2, 0, 1, 1, 0, 2, 1, 0, 3, 5],
    (2017, "applications", "utility_model"): [0] * 12,
    (2018, "applications", "invention"): [2, 1, 0],
    (2018, "applications", "utility_model"): [4, 4, 4],
    (2018, "applications", "design"): [1, 1, 1],
    (2018, "grants", "invention"): [5, 5, 5],
    (2018, "grants", "utility_model"): [5, 5, 5],
    (2018, "grants", "design"): [5, 5, 5],
}
TARGETS = parse_targets({"A": {2018: {"applications": {"total": 120}, "grants": {"total": {"floor": 10, "stretch": 60}}},
                               2017: {"applications": {"invention": {"floor": 10, "plan": 20}}}}}).table


@pytest.fixture(scope="module")
def counts():
    rows = [("A", y, m + 1, meas, t, "count", v, "f", "", 1, "c")
            for (y, meas, t), values in MONTHLY.items() for m, v in enumerate(values)]
    frame = pd.DataFrame(rows, columns=OBSERVATION_COLUMNS).assign(rank=0)
    return add_totals(merge_observations(frame).counts)


def row(status, measure, patent_type):
    return status[(status.measure == measure) & (status.patent_type == patent_type)].iloc[0]


def test_march_by_hand(counts):
    status = status_table(counts, "A", 2018, 3, TARGETS)
    inv = row(status, "applications", "invention")
    assert (inv.month_count, inv.ytd, inv.ytd_prev_year, inv.yoy_pct) == (0, 3, 3, 0)
    assert (inv.prev_month_count, inv.mom_pct) == (1, -100)
    assert inv.seasonal_progress_pct == pytest.approx(3 / 16 * 100)  # 2017 had 3 of its 16 by March
    assert inv.prev_year_total == 16
    assert inv.share_pct == pytest.approx(3 / 18 * 100)
    assert inv.time_progress_pct == 25.0
    um = row(status, "applications", "utility_model")
    assert um.ytd_prev_year == 0 and pd.isna(um.yoy_pct)  # last year was 0: no rate
    assert pd.isna(um.seasonal_progress_pct)  # 2017 had none at all
    design = row(status, "applications", "design")
    assert pd.isna(design.ytd_prev_year) and pd.isna(design.yoy_pct)  # last year unknown


def test_targets_by_hand(counts):
    status = status_table(counts, "A", 2018, 3, TARGETS)
    total = row(status, "applications", "total")
    assert total.ytd == 18 and total.target_plan == 120
    assert total.completion_pct_plan == pytest.approx(15.0)
    assert total.gap_pp_plan == pytest.approx(-10.0)
    assert total.remaining_plan == 102
    assert total.needed_per_month_plan == pytest.approx(102 / 9)
    assert pd.isna(total.target_floor) and pd.isna(total.completion_pct_floor)
    grants = row(status, "grants", "total")  # 45 against a floor of 10: already passed
    assert grants.completion_pct_floor == pytest.approx(450.0)
    assert (grants.remaining_floor, grants.needed_per_month_floor) == (0, 0)
    assert grants.remaining_stretch == 15 and grants.needed_per_month_stretch == pytest.approx(15 / 9)


def test_january_compares_with_last_december(counts):
    inv = row(status_table(counts, "A", 2018, 1, TARGETS), "applications", "invention")
    assert (inv.month_count, inv.prev_month_count) == (2, 5)
    assert inv.mom_pct == pytest.approx(-60.0)
    assert inv.time_progress_pct == pytest.approx(8.3)


def test_december_has_no_months_left(counts):
    inv = row(status_table(counts, "A", 2017, 12, TARGETS), "applications", "invention")
    assert inv.time_progress_pct == 100.0 and inv.ytd == 16
    assert inv.remaining_plan == 4 and pd.isna(inv.needed_per_month_plan)  # missed, nothing left to spread over
    assert inv.remaining_floor == 0 and inv.needed_per_month_floor == 0


def test_no_targets_for_a_region_is_not_an_error(counts):
    status = status_table(counts, "A", 2018, 3, None)
    assert status[[c for c in status.columns if c.startswith("target_")]].isna().all().all()


def test_unknown_region_and_month_name_what_is_available(counts):
    with pytest.raises(InputError, match="region 'B' is not in the data: available regions: A"):
        status_table(counts, "B", 2018, 3)
    with pytest.raises(InputError, match="no data for A 2018-04: months with data in 2018: 1, 2, 3"):
        status_table(counts, "A", 2018, 4)
    with pytest.raises(InputError, match="no data for A in 2019: years with data: 2017, 2018"):
        latest_month(counts, "A", 2019)
    assert latest_month(counts, "A", 2018) == 3


def test_seed_figures_from_the_sample():
    import patentstats
    from patentstats.table.ingest import ingest

    counts = add_totals(ingest([Path(__file__).resolve().parents[1] / "data" / "raw"]).counts)
    status = patentstats.status_table(counts, "永修县", 2017, 9)
    apps, grants = row(status, "applications", "total"), row(status, "grants", "total")
    assert (apps.ytd, apps.ytd_prev_year, round(apps.yoy_pct, 1)) == (135, 115, 17.4)
    assert (grants.ytd, grants.ytd_prev_year, round(grants.yoy_pct, 1)) == (105, 75, 40.0)
    assert round(row(status, "applications", "invention").yoy_pct, 1) == 266.7
    assert round(row(status, "grants", "invention").yoy_pct, 1) == 166.7
    assert [row(status, "applications", t).ytd for t in ("invention", "utility_model", "design")] == [22, 77, 36]
    assert [row(status, "grants", t).ytd for t in ("invention", "utility_model", "design")] == [8, 80, 17]
    assert not math.isnan(apps.seasonal_progress_pct)
