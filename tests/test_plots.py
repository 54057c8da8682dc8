"""Every chart renders in both languages with a real CJK font: a missing glyph warning is an
error here (pytest turns warnings into errors), as is a missing font."""

import io
import re
import warnings
from pathlib import Path

import pytest
from matplotlib import font_manager

from patentstats.errors import PatentstatsError
from patentstats.forecasting.projection import project_year
from patentstats.metrics.progress import status_table
from patentstats.output import plots
from patentstats.table.counts import add_totals
from patentstats.table.ingest import ingest
from patentstats.table.targets import load_targets

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def sample():
    counts = add_totals(ingest([ROOT / "data" / "raw"]).counts)
    targets = load_targets(ROOT / "data" / "targets.yaml").table
    return counts, targets, status_table(counts, "永修县", 2018, 9, targets)


def charts(counts, targets, status, lang):
    fans = project_year(counts, "永修县", 2018, 9).fans
    return {
        "cumulative": plots.plot_cumulative_vs_target(counts, "永修县", 2018, "applications", targets, lang),
        "monthly": plots.plot_monthly_by_type(counts, "永修县", 2018, "grants", lang),
        "fan": plots.plot_projection_fan(counts, fans["applications"], "永修县", 2018, 9, "applications", targets, lang),
        "completion": plots.plot_completion_vs_time(status, "永修县", 2018, lang),
        "mix": plots.plot_type_mix(counts, "永修县", "applications", lang, month=9),
        "yoy": plots.plot_yoy_by_type(status, "永修县", 2018, lang),
        "season": plots.plot_seasonality(counts, "永修县", "applications", lang),
    }


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_chart_renders_without_missing_glyphs(sample, lang):
    for name, figure in charts(*sample, lang).items():
        buffer = io.BytesIO()
        with warnings.catch_warnings():
            warnings.simplefilter("error")  # "Glyph ... missing from font(s)" would raise here
            figure.savefig(buffer, format="png", dpi=72)
        assert buffer.tell() > 5000, name
        assert figure.get_figwidth() == pytest.approx(plots.WIDTH)  # fits A4 width


def test_chart_text_is_in_the_chosen_language(sample):
    zh = charts(*sample, "zh")["cumulative"].axes[0]
    en = charts(*sample, "en")["cumulative"].axes[0]
    assert "专利申请量" in zh.get_title() and "applications" in en.get_title()
    assert [t.get_text() for t in zh.get_xticklabels()][:2] == ["1月", "2月"]
    assert [t.get_text() for t in en.get_xticklabels()][:2] == ["Jan", "Feb"]


def test_types_have_one_colour_everywhere(sample):
    figure = charts(*sample, "en")["monthly"]
    bars = {c.get_label(): c.patches[0].get_facecolor() for c in figure.axes[0].containers}
    from matplotlib.colors import to_rgba
    assert bars["Invention"] == to_rgba(plots.TYPE_COLORS["invention"])
    assert bars["Design"] == to_rgba(plots.TYPE_COLORS["design"])


def test_no_cjk_font_says_what_to_install(monkeypatch):
    monkeypatch.setattr(plots, "CJK_FAMILIES", ("No Such Font",))
    monkeypatch.setattr(font_manager, "findSystemFonts", lambda: [])
    with pytest.raises(PatentstatsError, match="apt-get install fonts-noto-cjk"):
        plots.use_cjk_font()


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_chart_title_names_region_and_year(sample, lang):
    for name, figure in charts(*sample, lang).items():
        title = figure.axes[0].get_title()
        assert "永修县" in title and re.search(r"20\d\d", title), (name, title)
        if lang == "zh":
            assert not re.search(r"[(),:;]", title), (name, title)  # full-width punctuation in Chinese


def test_a_region_without_targets_gets_one_line_not_an_empty_chart(sample):
    counts, _, _ = sample
    status = status_table(counts, "武宁县", 2018, 9, None)
    figure = plots.plot_completion_vs_time(status, "武宁县", 2018, "zh")
    assert [t.get_text() for t in figure.axes[0].texts] == ["武宁县2018年未设目标，无目标完成率图。"]
    assert not figure.axes[0].axison


def test_year_on_year_bars_carry_counts_and_changes(sample):
    labels = [t.get_text() for t in charts(*sample, "zh")["yoy"].axes[0].texts]
    assert "+96.3%\n265件" in labels  # applications: 265 on 135
    assert "+2件\n10件" in labels  # invention grants: 10 on 8, a base under 10


def test_a_fan_projected_from_an_earlier_month_starts_from_the_count(sample):
    counts, targets, _ = sample
    incomplete = {("applications", t): (2018, 7) for t in ("invention", "utility_model", "design", "total")}
    fan = project_year(counts, "永修县", 2018, 9, incomplete=incomplete).fans["applications"]
    axes = plots.plot_projection_fan(counts, fan, "永修县", 2018, 9, "applications", targets, "en", short_from=7).axes[0]
    median = next(line for line in axes.get_lines() if line.get_label() == "Projected")
    assert list(median.get_xdata()) == [9, 10, 11, 12]  # from the month counted: never below it
    actual = counts.query("region == '永修县' and year == 2018 and month == 9 and measure == 'applications' "
                          "and patent_type == 'total'")["ytd"].iloc[0]
    assert median.get_ydata()[0] == actual == 265
    assert fan[["q025", "q50", "q975"]].min().min() >= 265
    dashed = [line for line in axes.get_lines() if line.get_linestyle() == "--" and line.get_label() != "Projected"]
    assert list(dashed[0].get_xdata()) == [6, 7, 8, 9]  # July-September not yet all published
    assert "dashed: applications from month 7" in axes.texts[-1].get_text()


def test_months_not_all_published_are_hatched_with_a_footnote(sample):
    counts, _, _ = sample
    axes = plots.plot_monthly_by_type(counts, "永修县", 2018, "applications", "zh", short_from=7).axes[0]
    hatched = sorted({round(bar.get_x() + bar.get_width() / 2) for bar in axes.patches if bar.get_hatch()})
    assert hatched == [7, 8, 9, 10, 11, 12]
    assert axes.texts[-1].get_text() == "斜线部分：7月起申请尚未全部公开，为已公开数"
    assert axes.get_ylim()[0] == 0


def test_charts_without_data_are_one_line(sample):
    counts, targets, _ = sample
    for figure in (plots.plot_cumulative_vs_target(counts, "永修县", 2030, "applications", targets, "zh"),
                   plots.plot_monthly_by_type(counts, "永修县", 2030, "applications", "zh")):
        assert [t.get_text() for t in figure.axes[0].texts] == ["永修县2030年没有专利申请量数据，不绘制此图。"]
    ytd_only = plots.plot_monthly_by_type(counts, "武宁县", 2018, "grants", "en")  # the city table gives year to date only
    said = [t.get_text() for t in ytd_only.axes[0].texts]
    assert said == ["No monthly grants by type data for 武宁县 in 2018: chart left out."]
    finished = project_year(counts, "永修县", 2017, 12).fans["applications"]
    figure = plots.plot_projection_fan(counts, finished, "永修县", 2017, 12, "applications", targets, "zh")
    assert not figure.axes[0].axison  # a finished year has no year-end projection to draw


def test_count_axes_have_whole_ticks_from_zero(sample):
    counts, targets, _ = sample
    axes = plots.plot_cumulative_vs_target(counts, "永修县", 2018, "grants", targets, "zh").axes[0]
    ticks = axes.get_yticks()
    assert all(float(t).is_integer() for t in ticks) and axes.get_ylim()[0] == 0


def test_year_on_year_bars_on_a_small_base_give_no_percent(sample):
    counts, _, status = sample
    axes = charts(*sample, "zh")["yoy"].axes[0]
    invention_grants = status.query("measure == 'grants' and patent_type == 'invention'").iloc[0]
    assert invention_grants["ytd_prev_year"] == 8  # under 10: the label says +2件, the bar no 25%
    heights = sorted(round(bar.get_height(), 1) for bar in axes.patches)
    assert 25.0 not in heights and 0.0 in heights


def test_short_series_are_hatched_in_completion_and_year_on_year_bars(sample):
    _, _, status = sample
    short = {("applications", "invention"), ("applications", "total")}
    completion = plots.plot_completion_vs_time(status, "永修县", 2018, "zh", short=short).axes[0]
    assert sum(bool(bar.get_hatch()) for bar in completion.patches) == 2
    assert "斜线：申请尚未全部公开，按已公开数计" in [t.get_text() for t in completion.texts]
    yoy = plots.plot_yoy_by_type(status, "永修县", 2018, "en", short=short).axes[0]
    assert sum(bool(bar.get_hatch()) for bar in yoy.patches) == 2


def test_years_a_list_holds_in_part_are_hatched_in_the_mix_and_left_out_of_the_season(sample):
    counts, _, _ = sample
    mix = plots.plot_type_mix(counts, "永修县", "applications", "zh", short_since=2017).axes[0]
    hatched = {round(bar.get_y() + bar.get_height() / 2) for bar in mix.patches if bar.get_hatch()}
    assert hatched == {2}  # the third bar of 2015-2017, the whole years
    season = plots.plot_seasonality(counts, "永修县", "applications", "zh", short_since=2016).axes[0]
    assert [line.get_label() for line in season.get_lines() if line.get_label().isdigit()] == ["2015"]
    empty = plots.plot_seasonality(counts, "永修县", "applications", "zh", short_since=2015)
    assert [t.get_text() for t in empty.axes[0].texts] == ["永修县没有完整年份的专利申请量，不绘制月度分布图。"]


def test_a_report_as_of_a_month_draws_nothing_after_it(sample):
    counts, targets, _ = sample
    axes = plots.plot_cumulative_vs_target(counts, "永修县", 2017, "applications", targets, "zh", month=9).axes[0]
    this = next(line for line in axes.get_lines() if line.get_label() == "2017年")
    assert list(this.get_xdata()) == list(range(1, 10))
    bars = plots.plot_monthly_by_type(counts, "永修县", 2017, "applications", "zh", month=9).axes[0].patches
    assert all(bar.get_height() == 0 for bar in bars if bar.get_x() > 9)
