"""The bundled sample reproduces every figure the seed publishes; the command behaves."""

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from patentstats import load_counts
from patentstats.cli import main
from patentstats.table.ingest import ingest, missing_months, write_outputs

RAW = Path(__file__).resolve().parents[1] / "data" / "raw"


@pytest.fixture(scope="module")
def sample(tmp_path_factory):
    out = tmp_path_factory.mktemp("processed") / "counts.parquet"
    write_outputs(ingest([RAW]), out)
    return load_counts(out)


def ytd(table, year, month, measure, patent_type, region="永修县"):
    row = table[(table.region == region) & (table.year == year) & (table.month == month)
                & (table.measure == measure) & (table.patent_type == patent_type)]
    return int(row["ytd"].iloc[0])


@pytest.mark.parametrize(("year", "month", "measure", "patent_type", "expected"), [
    # The seed: January-September 2017
    (2017, 9, "applications", "total", 135), (2017, 9, "applications", "invention", 22),
    (2017, 9, "applications", "utility_model", 77), (2017, 9, "applications", "design", 36),
    (2017, 9, "grants", "total", 105), (2017, 9, "grants", "invention", 8),
    (2017, 9, "grants", "utility_model", 80), (2017, 9, "grants", "design", 17),
    # implied by its growth rates: January-September 2016
    (2016, 9, "applications", "total", 115), (2016, 9, "applications", "invention", 6),
    (2016, 9, "grants", "total", 75), (2016, 9, "grants", "invention", 3),
    # implied by its expected full years
    (2016, 12, "applications", "total", 195), (2016, 12, "grants", "total", 99),
    (2017, 12, "applications", "total", 300), (2017, 12, "grants", "total", 160),
])
def test_sample_reproduces_the_seed(sample, year, month, measure, patent_type, expected):
    assert ytd(sample, year, month, measure, patent_type) == expected


def test_seed_growth_rates_follow(sample):
    # printed truncated in the seed: +17%, +266%, +40%, +166%; +53.8% and +61.6% for the full year
    for measure, patent_type, printed in (("applications", "total", 17), ("applications", "invention", 266),
                                          ("grants", "total", 40), ("grants", "invention", 166)):
        now, before = ytd(sample, 2017, 9, measure, patent_type), ytd(sample, 2016, 9, measure, patent_type)
        assert (now - before) * 100 // before == printed  # integer arithmetic: 105/75 is exactly +40%
    assert round(300 / ytd(sample, 2016, 12, "applications", "total") * 100 - 100, 1) == 53.8
    assert round(160 / ytd(sample, 2016, 12, "grants", "total") * 100 - 100, 1) == 61.6


def test_sample_covers_two_regions_and_2015_to_2018_09(sample):
    assert set(sample.region) == {"永修县", "武宁县"}
    yongxiu = sample[sample.region == "永修县"]
    assert (yongxiu.year.min(), yongxiu.year.max()) == (2015, 2018)
    assert yongxiu[yongxiu.year == 2018].month.max() == 9
    # monthly counts agree with the year to date everywhere
    types = yongxiu[yongxiu.patent_type != "total"].sort_values("month")
    for _, series in types.groupby(["year", "measure", "patent_type"]):
        assert series["count"].cumsum().tolist() == series["ytd"].tolist()


def test_canonical_table_columns(sample):
    assert list(sample.columns) == ["region", "year", "month", "measure", "patent_type", "count", "ytd", "source"]
    assert set(sample.measure) == {"applications", "grants"}
    assert set(sample.patent_type) == {"invention", "utility_model", "design", "total"}


def test_missing_months_reports_ytd_only_grants():
    table = pd.DataFrame([("B", 2018, 9, "grants", "total", 10, 70, "x"),
                          ("B", 2018, 9, "applications", "invention", 1, 9, "x")],
                         columns=["region", "year", "month", "measure", "patent_type", "count", "ytd", "source"])
    result = missing_months(table)
    assert result.loc[result.measure == "applications", "missing"].iloc[0] == [1, 2, 3, 4, 5, 6, 7, 8]


def test_cli_ingest_prints_what_it_read_and_writes_atomically(tmp_path, capsys):
    out = tmp_path / "counts.parquet"
    assert main(["ingest", str(RAW), "--out", str(out)]) == 0
    printed = capsys.readouterr().out
    assert "2018年1-9月全市专利申请授权情况表.xlsx: table (2 regions, 2018年9月)" in printed
    assert "patent list (95 patents; counted as applications)" in printed
    assert "武宁县 2018 grants (through month 9): months 1-9 have no monthly count" in printed
    log = json.loads(out.with_suffix(".log.json").read_text(encoding="utf-8"))
    assert "2016-2018年各县有效发明专利拥有量.xlsx: table of stocks (9 figures)" in printed  # 3 of them 全市's, checked
    assert "Stocks: 6 figures (in force or all-time totals) in 2 region(s)" in printed
    assert len(log["files"]) == 7 and log["revisions"] == []
    assert sorted(p.name for p in tmp_path.iterdir()) == ["counts.applicants.parquet", "counts.log.json",
                                                         "counts.parquet", "counts.stocks.parquet"]
    assert out.stat().st_mode & 0o044


def test_cli_bad_input_one_line_exit_2_nothing_written(tmp_path):
    bad = tmp_path / "raw"
    bad.mkdir()
    shutil.copy(RAW / "永修县_2015-2016_专利月度统计.csv", bad)
    (bad / "extra.csv").write_text("地区,年份,月份,指标,类型,数量\n永修县,2016,13,申请,发明,1\n", encoding="utf-8")
    out = tmp_path / "out" / "counts.parquet"
    run = subprocess.run([sys.executable, "-m", "patentstats", "ingest", str(bad), "--out", str(out)],
                         capture_output=True, text=True)
    assert run.returncode == 2
    assert run.stdout == ""
    assert run.stderr.strip().count("\n") == 0 and "Traceback" not in run.stderr
    assert "extra.csv, row 2, column '月份': found '13', expected a month between 1 and 12" in run.stderr
    assert not out.parent.exists()


def test_cli_conflicting_files_are_named_and_a_revision_wins(tmp_path, capsys):
    def table(value):
        return f"地区,年份,月份,指标,类型,数量\n永修县,2016,1,申请,发明,{value}\n"
    (tmp_path / "a.csv").write_text(table(1), encoding="utf-8")
    (tmp_path / "b.csv").write_text(table(2), encoding="utf-8")
    out = tmp_path / "c.parquet"
    assert main(["ingest", str(tmp_path / "a.csv"), str(tmp_path / "b.csv"), "--out", str(out)]) == 2
    assert "a.csv row 2 column '数量' says 1; b.csv row 2 column '数量' says 2" in capsys.readouterr().err
    (tmp_path / "b.csv").rename(tmp_path / "b_rev2.csv")
    assert main(["ingest", str(tmp_path / "a.csv"), str(tmp_path / "b_rev2.csv"), "--out", str(out)]) == 0
    assert "b_rev2.csv (revision) replaces 1 from a.csv with 2" in capsys.readouterr().out
    assert int(load_counts(out, totals=False)["count"].iloc[0]) == 2


@pytest.mark.parametrize("args", [["ingest", "--period", "2017-13"], ["ingest", "--basis", "weekly"]])
def test_cli_bad_options_exit_2(args, capsys):
    with pytest.raises(SystemExit) as exit_:
        main(args)
    assert exit_.value.code == 2


def test_stocks_from_two_tables_are_stored_and_a_disagreement_names_both(tmp_path, write_csv):
    from patentstats.errors import ConflictError
    from patentstats.table.stocks import load_stocks

    one = write_csv("a.csv", [["国内三种专利有效量"], ["2009.12"], ["地区", "发明", "合计"], ["北京", 60, 200]])
    same = write_csv("b.csv", [["2009.12 有效专利"], ["地区", "发明"], ["北京", 60], ["天津", 4]])
    out = write_outputs(ingest([one, same]), tmp_path / "c.parquet")
    stocks = {(r.region, r.stock, r.patent_type): r.value for r in load_stocks(out).itertuples()}
    assert stocks == {("北京", "in_force", "invention"): 60, ("北京", "in_force", "total"): 200,
                      ("天津", "in_force", "invention"): 4}
    other = write_csv("d.csv", [["2009.12 有效专利"], ["地区", "发明"], ["北京", 61]])
    with pytest.raises(ConflictError, match=r"北京 2009-12 in_force invention: sources disagree: 60 \(a.csv row 4\) "
                                            r"and 61 \(d.csv row 3\)"):
        ingest([one, other])


def test_publication_delays_counted_a_slice_at_a_time_are_the_same(monkeypatch):
    """The delay sample's filings counted 7 at a time (a 20-million-row list's sample is counted
    a million at a time) give the same distributions, every type, one at a time or all at once."""
    import numpy as np

    import patentstats.table.publication_delay as publication_delay
    from patentstats.table.publication_delay import DelaySample, delay_cdf, delay_cdfs
    rng = np.random.default_rng(3)
    filing = rng.integers(500, 600, 200)
    sample = DelaySample(rng.integers(0, 3, 200), filing, filing + rng.integers(0, 30, 200), 610)
    whole = {t: delay_cdf(sample, t) for t in ("invention", "utility_model", "design")}
    monkeypatch.setattr(publication_delay, "SLICE", 7)
    for patent_type, cdf in delay_cdfs(sample).items():
        assert np.array_equal(cdf, whole[patent_type])
        assert np.array_equal(delay_cdf(sample, patent_type), cdf)


def test_a_delay_sample_is_tallied_by_type_and_months_whole_or_in_parts(monkeypatch):
    """One row per application becomes a count per (type, filing, publication) cell, the same
    by array or by sorting, whole or as parts joined; the distributions are those of the rows."""
    import numpy as np

    import patentstats.readers.delays as delays
    from patentstats.table.publication_delay import DelaySample, delay_cdfs
    rng = np.random.default_rng(5)
    kind, filing = rng.integers(0, 3, 300), rng.integers(500, 560, 300)
    published = filing + rng.integers(0, 25, 300)
    tallied = delays.delay_sample(kind, filing, published, 580)
    assert tallied is not None and tallied.count is not None
    cells = {}
    for k, f, p in zip(kind.tolist(), filing.tolist(), published.tolist(), strict=True):
        cells[(k, f, p)] = cells.get((k, f, p), 0) + 1
    got = dict(zip(zip(tallied.patent_type.tolist(), tallied.filing.tolist(), tallied.published.tolist(), strict=True),
                   tallied.count.tolist(), strict=True))
    assert got == cells and tallied.count.sum() == 300 and len(got) < 300
    rows = DelaySample(kind, filing, published, tallied.latest)
    for patent_type, cdf in delay_cdfs(rows).items():
        assert np.allclose(delay_cdfs(tallied)[patent_type], cdf)
    monkeypatch.setattr(delays, "DENSE_CELLS", 0)  # by sorting
    parts = [delays.delay_sample(kind[i::3], filing[i::3], published[i::3], 580) for i in range(3)]
    joined = delays.joined_sample(parts)
    assert joined is not None and joined.latest == tallied.latest
    for name in ("patent_type", "filing", "published", "count"):
        assert np.array_equal(getattr(joined, name), getattr(tallied, name))
