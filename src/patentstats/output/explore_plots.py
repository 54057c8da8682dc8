"""Exploration charts drawn with seaborn, for ``explore.ipynb``: the season and the year-end rush
as a year x month heatmap, and the regions side by side as small multiples. Kept apart from
``plots`` so that the report's kernel never imports seaborn (it needs only matplotlib)."""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd
import seaborn as sns
from matplotlib import pyplot as plt
from matplotlib.figure import Figure

from ..formatting import check_lang
from ..labels import TOTAL, label
from .plots import TYPE_COLORS, WIDTH, _months, _note_figure, use_cjk_font

__all__ = ["plot_year_month_heatmap", "plot_region_multiples", "first_short_month"]


def _monthly(counts: pd.DataFrame, measure: str, patent_type: str) -> pd.DataFrame:
    return counts[(counts["measure"] == measure) & (counts["patent_type"] == patent_type) & counts["month"].between(1, 12)]


def first_short_month(marks: Mapping[tuple[str, str], tuple[int, int]] | None,
                      measure: str = "applications") -> tuple[int, int] | None:
    """The first (year, month) whose ``measure`` counts a patent list does not yet wholly hold (``load_incomplete``).

    >>> first_short_month({("applications", "invention"): (2021, 5), ("applications", "design"): (2022, 1)})
    (2021, 5)
    """
    return min((when for (m, _), when in (marks or {}).items() if m == measure), default=None)


def plot_year_month_heatmap(counts: pd.DataFrame, region: str, measure: str = "applications", lang: str = "zh",
                            patent_type: str = TOTAL, short_since: tuple[int, int] | None = None) -> Figure:
    """A row per year, a column per month, each cell the month's count: the season reads across,
    the growth down, and December's rush stands out. Months from ``short_since`` (year, month) on
    are not all published (a patent list's) and are marked with a dot; months without a count are blank."""
    check_lang(lang)
    use_cjk_font()
    rows = _monthly(counts[counts["region"] == region], measure, patent_type)
    wide = rows.pivot_table(index="year", columns="month", values="count", aggfunc="first").reindex(
        columns=range(1, 13)).astype(float)  # the counts table's nullable integers: seaborn takes floats
    what = f"{label(measure, lang)}（{label(patent_type, lang)}）" if lang == "zh" else \
        f"{label(measure, lang).lower()} ({label(patent_type, lang).lower()})"
    if wide.notna().sum().sum() == 0:
        return _note_figure(f"{region}没有按月的{what}，不绘制热力图。" if lang == "zh" else
                            f"No monthly {what} for {region}: heatmap left out.")
    fig = Figure(figsize=(WIDTH, 0.9 + 0.32 * len(wide)))
    ax = fig.add_subplot()
    labels = wide.map(lambda v: "" if pd.isna(v) else f"{int(v)}")
    if short_since is not None:
        late = (wide.index.to_numpy()[:, None] * 12 + np.arange(1, 13)[None, :]) >= short_since[0] * 12 + short_since[1]
        labels = labels.where(~late, labels + "·")
    sns.heatmap(wide, ax=ax, cmap="YlOrRd", annot=labels, fmt="", annot_kws={"fontsize": 7}, linewidths=0.5,
                cbar_kws={"label": "件" if lang == "zh" else "patents"})
    ax.set_xticks(np.arange(12) + 0.5, _months(lang), rotation=0)
    ax.tick_params(axis="y", rotation=0)
    ax.set_xlabel("")
    ax.set_ylabel("")
    ax.set_title(f"{region}{what}逐月热力图" if lang == "zh" else f"{region}: {what} by year and month")
    if short_since is not None:
        fig.text(0.01, 0.01, f"·：{short_since[0]}年{short_since[1]}月起尚未全部公开" if lang == "zh" else
                 f"·: from {short_since[0]}-{short_since[1]:02d} not yet all published", fontsize=6.5, color="#555")
    fig.tight_layout()
    return fig


def plot_region_multiples(counts: pd.DataFrame, year: int, measure: str = "applications", lang: str = "zh",
                          regions: list[str] | None = None, columns: int = 4) -> Figure:
    """One small panel per region, monthly counts of ``year`` by type on a shared scale: which
    regions file steadily, which in bursts, which rush at the year end."""
    check_lang(lang)
    use_cjk_font()
    rows = _monthly(counts[counts["year"] == year], measure, TOTAL).astype({"count": float}).dropna(subset=["count"])
    rows = rows[rows["region"].isin(regions)] if regions else rows
    if rows.empty:
        return _note_figure(f"{year}年没有按月的{label(measure, lang)}，不绘制分地区小图。" if lang == "zh" else
                            f"No monthly {label(measure, 'en').lower()} in {year}: small multiples left out.")
    order = rows.groupby("region")["count"].sum().sort_values(ascending=False).index.tolist()
    grid = sns.FacetGrid(rows, col="region", col_order=order, col_wrap=min(columns, len(order)), height=1.5,
                         aspect=WIDTH / min(columns, len(order)) / 1.5, sharey=True)
    grid.map_dataframe(sns.barplot, x="month", y="count", color=TYPE_COLORS[TOTAL], order=range(1, 13))
    grid.set_titles("{col_name}")
    grid.set_axis_labels("", "件" if lang == "zh" else "patents")
    for ax in grid.axes.flat:
        ax.set_xticks([0, 5, 11], ["1月", "6月", "12月"] if lang == "zh" else ["Jan", "Jun", "Dec"])
    grid.figure.suptitle(f"{year}年各地区{label(measure, lang)}（逐月）" if lang == "zh" else
                         f"{year}: {label(measure, 'en').lower()} by month, each region")
    grid.figure.tight_layout()  # the title above the panels' own, not over them
    figure: Figure = grid.figure
    plt.close(figure)  # seaborn draws through pyplot: closed, the notebook shows it once, where it is displayed
    return figure
