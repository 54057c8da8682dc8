"""targets suggest: next year's 确保/目标/力争 levels, their words, and how often they were reached."""

import re
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import yaml
from scipy import stats

from patentstats.cli import main
from patentstats.forecasting.pooling import Pool
from patentstats.forecasting.projection_types import History
from patentstats.forecasting.target_suggest import (
    level_backtest,
    levels_reached,
    next_year_draws,
    nice_level,
    plan_sentences,
    suggest_targets,
    targets_yaml_block,
)
from patentstats.table.counts import COUNT_COLUMNS, add_totals
from patentstats.table.targets import parse_targets

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "bench"))
from synthetic import synthetic_counts  # noqa: E402


@pytest.mark.parametrize(("value", "nice"), [(0.4, 0), (47.4, 47), (99.6, 100), (432, 430), (433, 435),
                                             (1234, 1230), (9996, 10000), (23456, 23500), (1234567, 1230000)])
def test_levels_are_written_as_a_bureau_writes_them(value, nice):
    assert nice_level(value) == nice


def test_next_year_is_a_gamma_poisson_mixture_around_last_year_grown():
    """Three flat years of 10 a month (so Poisson months), pooled growth 0.1 (own 0, so 0.05
    is used) and spread 0.15: next year's total is negative binomial with r = 1/0.15^2 and
    mean 120 e^0.05 = 126.15, whose quantiles scipy gives independently."""
    monthly = np.full((3, 12), 10.0)
    history = History(monthly, np.full(3, 120.0), 0, 12, None, monthly.cumsum(axis=1))
    pool = Pool(level_cv=0.15, level_growth=0.1)
    draws = next_year_draws(history, pool, ("applications", "total"), np.random.default_rng(1), 100_000)
    r = 1 / 0.15**2
    mixture = stats.nbinom(r, r / (r + 120 * np.exp(0.05)))
    for q in (0.1, 0.3, 0.5):
        assert np.quantile(draws, q) == pytest.approx(mixture.ppf(q), abs=1.5)


def test_nothing_of_the_year_itself_is_read():
    counts = synthetic_counts(regions=3, years=4, seed=5)
    later_changed = counts.assign(count=counts["count"].where(counts["year"] < 2014, 0),
                                  ytd=counts["ytd"].where(counts["year"] < 2014, 0))
    a, b = suggest_targets(counts, "县00", 2014), suggest_targets(later_changed, "县00", 2014)
    pd.testing.assert_frame_equal(a.table, b.table)


def _flat_counts(years: int = 3) -> pd.DataFrame:
    """One county, 10 inventions, 20 utility models and 5 designs of each measure every month."""
    rows = [("甲县", 2015 + y, m, measure, t, n) for y in range(years) for m in range(1, 13)
            for measure in ("applications", "grants") for t, n in (("invention", 10), ("utility_model", 20),
                                                                   ("design", 5))]
    frame = pd.DataFrame(rows, columns=["region", "year", "month", "measure", "patent_type", "count"])
    frame["ytd"] = frame.groupby(["region", "year", "measure", "patent_type"])["count"].cumsum()
    frame[["count", "ytd"]] = frame[["count", "ytd"]].astype("Int64")
    return add_totals(frame.assign(source="test")[COUNT_COLUMNS])


def test_the_block_reads_back_as_targets_in_order_and_the_sentence_has_the_seeds_words():
    suggestion = suggest_targets(_flat_counts(), "甲县", 2018)
    parsed = parse_targets(yaml.safe_load(targets_yaml_block(suggestion)))
    assert parsed.warnings == []  # the types' plans never add up to more than the total's
    wide = parsed.table.pivot_table(index=["measure", "patent_type"], columns="level", values="value")
    assert (wide["floor"] <= wide["plan"]).all() and (wide["plan"] <= wide["stretch"]).all()
    total = wide.loc[("applications", "total")]
    # 420 a year, flat: the stretch (50%) is near 420, the floor (90%) well below it
    assert 380 <= total["stretch"] <= 460 and total["floor"] < total["plan"] < total["stretch"]
    sentence = plan_sentences(suggestion)[0]
    assert re.fullmatch(r"2018年专利申请量达到(\d+)件，其中发明\d+件、实用新型\d+件、外观设计\d+件；"
                        r"确保突破(\d+)件，力争达到(\d+)件。", sentence)
    assert f"达到{int(total['plan'])}件" in sentence and f"确保突破{int(total['floor'])}件" in sentence
    assert plan_sentences(suggestion, "en")[1].startswith("In 2018, grants to reach ")


def test_levels_were_reached_about_as_often_as_said():
    """On a small synthetic set (8 counties, 6 years), from the third year on (with one year
    behind, nothing says how the counts grow: the levels are low and wide, as they should be),
    4 x 8 x 8 = 256 series-years: the 90/70/50% levels were reached about that often (the
    binomial sd is at most 3.1 points, but a county's types and a year's counties move
    together; 12 allowed)."""
    frame = level_backtest(synthetic_counts(regions=8, years=6, seed=3), draws=1000)
    assert len(frame) == 5 * 8 * 8
    reached = levels_reached(frame[frame["year"] > 2012]).iloc[0]
    assert reached["n"] == 256
    assert reached["reached_floor"] == pytest.approx(0.9, abs=0.08)
    assert reached["reached_plan"] == pytest.approx(0.7, abs=0.12)
    assert reached["reached_stretch"] == pytest.approx(0.5, abs=0.12)
    first = levels_reached(frame[frame["year"] == 2012]).iloc[0]
    assert first["reached_floor"] > 0.9  # no growth known yet: cautious


@pytest.fixture
def data(tmp_path):
    path = tmp_path / "counts.parquet"
    _flat_counts().to_parquet(path)
    return path


def test_the_command_prints_the_block_and_the_sentences(capsys, data, tmp_path):
    targets = tmp_path / "targets.yaml"
    targets.write_text("甲县:\n  2018:\n    applications:\n      total: {floor: 400, plan: 430}\n", encoding="utf-8")
    code = main(["targets", "suggest", "--region", "甲县", "--year", "latest", "--data", str(data),
                 "--targets", str(targets)])
    out = capsys.readouterr().out
    assert code == 0
    assert "甲县:\n  2018:\n    applications:\n      total: {floor: " in out
    assert "2018年专利授权量达到" in out and "已设2018年专利申请量（合计）目标的把握：确保400件" in out


@pytest.mark.parametrize(("args", "message"), [
    (["--region", "乙县", "--year", "2018"], "region '乙县' is not in the data: available regions: 甲县"),
    (["--region", "甲县", "--year", "2020"],
     "targets for 甲县 2020 need its figures through December 2019; years with a December: 2015, 2016, 2017"),
])
def test_a_region_or_year_without_data_is_one_line(capsys, data, args, message):
    code = main(["targets", "suggest", "--data", str(data), *args])
    err = capsys.readouterr().err
    assert code == 2 and err == f"patentstats targets: error: {message}\n"
