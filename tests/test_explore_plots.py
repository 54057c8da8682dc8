"""The seaborn charts of explore.ipynb: the heatmap's cells are the counts, unpublished months
are marked, and the report never imports seaborn."""

import subprocess
import sys

import pandas as pd
import pytest

from patentstats.output import explore_plots
from patentstats.output.kernel import PRELOAD


def monthly(region: str, year: int, counts: list[int]) -> pd.DataFrame:
    return pd.DataFrame({"region": region, "year": year, "month": range(1, len(counts) + 1), "measure": "applications",
                         "patent_type": "total", "count": pd.array(counts, dtype="Int64")})  # as load_counts has it


@pytest.fixture(scope="module")
def counts():
    return pd.concat([monthly("甲县", 2020, [3, 1, 4, 1, 5, 9, 2, 6, 5, 3, 5, 30]),
                      monthly("甲县", 2021, [2, 7, 1, 8, 2, 8]),
                      monthly("乙县", 2021, [1] * 11 + [None])], ignore_index=True)  # December not in: blank


def cell_texts(fig) -> list[str]:
    return [t.get_text() for t in fig.axes[0].texts]


def test_heatmap_cells_are_the_counts_year_by_month(counts):
    fig = explore_plots.plot_year_month_heatmap(counts, "甲县", lang="zh")
    assert cell_texts(fig) == [*map(str, [3, 1, 4, 1, 5, 9, 2, 6, 5, 3, 5, 30]), *map(str, [2, 7, 1, 8, 2, 8])]
    assert [t.get_text() for t in fig.axes[0].get_yticklabels()] == ["2020", "2021"]
    assert "甲县" in fig.axes[0].get_title()


def test_heatmap_marks_months_not_yet_published(counts):
    fig = explore_plots.plot_year_month_heatmap(counts, "甲县", lang="en", short_since=(2021, 5))
    texts = cell_texts(fig)
    assert texts[12:] == ["2", "7", "1", "8", "2·", "8·"] and texts[11] == "30"
    assert any("2021-05" in t.get_text() for t in fig.texts)


def test_heatmap_leaves_a_missing_month_blank(counts):
    assert cell_texts(explore_plots.plot_year_month_heatmap(counts, "乙县", lang="zh")) == ["1"] * 11


def test_heatmap_without_monthly_counts_says_so(counts):
    fig = explore_plots.plot_year_month_heatmap(counts, "丙县", lang="zh")
    assert "不绘制" in fig.axes[0].texts[0].get_text()


def test_small_multiples_one_panel_per_region_largest_first(counts):
    fig = explore_plots.plot_region_multiples(counts, 2021, lang="zh")
    titles = [ax.get_title() for ax in fig.axes if ax.get_title()]
    assert titles == ["甲县", "乙县"]  # 28 against 11 applications
    heights = sorted(round(p.get_height()) for p in fig.axes[1].patches)
    assert heights == [1] * 11


def test_the_report_kernel_never_imports_seaborn():
    code = f"{PRELOAD}\nimport sys\nprint('seaborn' in sys.modules)"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "False"
