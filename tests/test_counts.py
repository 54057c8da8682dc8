"""Merging observations into the canonical table, with hand-worked expectations."""

import pandas as pd
import pytest

from patentstats.errors import ConflictError, InputError
from patentstats.readers.tables import OBSERVATION_COLUMNS
from patentstats.table.counts import add_totals, merge_observations, revision_rank


def obs(*rows, file="a.csv", rank=0):
    """rows: (month, measure, patent_type, basis, value) for region A, 2018."""
    frame = pd.DataFrame([("A", 2018, m, meas, t, b, v, file, "", i + 2, "col")
                          for i, (m, meas, t, b, v) in enumerate(rows)], columns=OBSERVATION_COLUMNS)
    frame["rank"] = rank
    return frame


def cell(table, month, patent_type="invention", measure="applications"):
    row = table[(table.month == month) & (table.patent_type == patent_type) & (table.measure == measure)]
    assert len(row) == 1
    return (None if pd.isna(row["count"].iloc[0]) else int(row["count"].iloc[0]),
            None if pd.isna(row["ytd"].iloc[0]) else int(row["ytd"].iloc[0]))


def test_monthly_counts_give_year_to_date():
    table = merge_observations(obs((1, "applications", "invention", "count", 2),
                                   (2, "applications", "invention", "count", 0),
                                   (3, "applications", "invention", "count", 5))).counts
    assert [cell(table, m) for m in (1, 2, 3)] == [(2, 2), (0, 2), (5, 7)]


def test_year_to_date_gives_monthly_counts_and_lone_ytd_stays_alone():
    table = merge_observations(obs((2, "grants", "design", "ytd", 4), (3, "grants", "design", "ytd", 9),
                                   (10, "grants", "design", "ytd", 30))).counts
    assert cell(table, 3, "design", "grants") == (5, 9)
    assert cell(table, 2, "design", "grants") == (None, 4)
    assert cell(table, 10, "design", "grants") == (None, 30)
    assert set(table.month) == {2, 3, 10}


def test_same_figures_in_two_shapes_merge_once():
    monthly = obs((1, "applications", "invention", "count", 2), (2, "applications", "invention", "count", 3))
    ytd = obs((2, "applications", "invention", "ytd", 5), file="b.xlsx")
    table = merge_observations(pd.concat([monthly, ytd, monthly])).counts
    assert cell(table, 2) == (3, 5)
    assert table.loc[table.month == 2, "source"].iloc[0] == "a.csv; b.xlsx"


def test_monthly_and_ytd_that_disagree_are_an_error():
    frames = pd.concat([obs((1, "applications", "invention", "count", 2), (2, "applications", "invention", "count", 3)),
                        obs((2, "applications", "invention", "ytd", 6), file="b.xlsx")])
    with pytest.raises(InputError, match="month 2: monthly counts and year-to-date figures disagree.*b.xlsx"):
        merge_observations(frames)


def test_decreasing_year_to_date_is_an_error():
    with pytest.raises(InputError, match="month 5: the year-to-date series decreases"):
        merge_observations(obs((3, "grants", "design", "ytd", 9), (5, "grants", "design", "ytd", 8)))


def test_two_files_that_disagree_name_both():
    frames = pd.concat([obs((9, "applications", "invention", "ytd", 22)),
                        obs((9, "applications", "invention", "ytd", 23), file="b.xlsx")])
    with pytest.raises(ConflictError, match=r"A 2018-09 applications invention \(year to date\): sources disagree: "
                                            r"a.csv row 2 column 'col' says 22; b.xlsx row 2 column 'col' says 23"):
        merge_observations(frames)


def test_a_later_revision_wins_and_is_logged():
    frames = pd.concat([obs((9, "applications", "invention", "ytd", 22)),
                        obs((9, "applications", "invention", "ytd", 23), file="b_修订.xlsx", rank=1)])
    result = merge_observations(frames)
    assert cell(result.counts, 9) == (None, 23)
    assert result.revisions == [{"cell": "A 2018-09 applications invention (year to date)", "region": "A", "year": 2018,
                                 "month": 9, "measure": "applications", "patent_type": "invention", "basis": "ytd",
                                 "old_value": 22, "old_file": "a.csv", "new_value": 23, "new_file": "b_修订.xlsx"}]
    assert "replaces 22 from a.csv with 23" in result.warnings[0]


@pytest.mark.parametrize(("name", "rank"), [("table.xlsx", 0), ("table_rev2.xlsx", 2), ("表_修订.xlsx", 1),
                                            ("2018年9月(更正).csv", 1), ("report v3.csv", 3), ("revised.csv", 1),
                                            ("preview.csv", 0)])
def test_revision_rank(name, rank):
    assert revision_rank(name) == rank


TYPES_AT_9 = [(9, "applications", "invention", "ytd", 22), (9, "applications", "utility_model", "ytd", 77),
              (9, "applications", "design", "ytd", 36)]


def test_printed_total_is_a_checksum_and_not_stored():
    result = merge_observations(obs(*TYPES_AT_9, (9, "applications", "total", "ytd", 135)))
    assert "total" not in set(result.counts.patent_type)
    assert cell(add_totals(result.counts), 9, "total") == (None, 135)


def test_printed_total_that_is_not_the_sum_is_an_error():
    with pytest.raises(InputError, match=r"printed total is not the sum of its types for A 2018-09 applications "
                                         r"\(ytd\): total 136, types add up to 135"):
        merge_observations(obs(*TYPES_AT_9, (9, "applications", "total", "ytd", 136)))


def test_total_without_all_types_is_stored():
    table = merge_observations(obs((9, "grants", "total", "ytd", 105), (9, "grants", "invention", "ytd", 8))).counts
    assert cell(table, 9, "total", "grants") == (None, 105)
    assert cell(add_totals(table), 9, "total", "grants") == (None, 105)


def test_add_totals_mixes_derived_and_printed_fields():
    # types known monthly for month 1 only, printed total YTD at month 2
    rows = [(1, "grants", t, "count", n) for t, n in (("invention", 1), ("utility_model", 4), ("design", 2))]
    table = merge_observations(obs(*rows, (2, "grants", "total", "ytd", 12))).counts
    totals = add_totals(table)
    assert cell(totals, 1, "total", "grants") == (7, 7)
    assert cell(totals, 2, "total", "grants") == (5, 12)  # derived from the printed total's own series


def test_a_monthly_count_above_its_year_to_date_is_an_error():
    with pytest.raises(InputError, match="month 2: monthly counts and year-to-date figures disagree"):
        merge_observations(obs((3, "grants", "design", "ytd", 5), (3, "grants", "design", "count", 9)))
