"""Charts for reports and the work summary. Each function returns a matplotlib Figure, takes
``lang`` ('zh' or 'en'), and uses one colour per patent type across every chart. Chinese
needs a CJK font: ``use_cjk_font`` finds one or says what to install."""

from __future__ import annotations

from collections.abc import Collection
from pathlib import Path
from typing import Any

import matplotlib
import pandas as pd
from matplotlib import font_manager
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator, PercentFormatter

from ..errors import PatentstatsError
from ..formatting import SMALL_BASE, check_lang, fmt_count, fmt_growth
from ..i18n import _
from ..labels import MEASURES, PATENT_TYPES, TOTAL, label
from ..table.targets import LEVELS, target_value, targets_for

__all__ = ["TYPE_COLORS", "LEVEL_COLORS", "use_cjk_font", "notebook_setup", "plot_cumulative_vs_target", "plot_monthly_by_type",
           "plot_projection_fan", "plot_completion_vs_time", "plot_type_mix", "plot_yoy_by_type", "plot_seasonality"]

TYPE_COLORS = {"invention": "#c0392b", "utility_model": "#2874a6", "design": "#229954", TOTAL: "#2c3e50"}
LEVEL_COLORS = {"floor": "#7f8c8d", "plan": "#d35400", "stretch": "#8e44ad"}
LEVEL_NAMES = {"zh": {"floor": "确保", "plan": "目标", "stretch": "力争"},
               "en": {"floor": "Floor", "plan": "Target", "stretch": "Stretch"}}
CJK_FAMILIES = ("Noto Sans CJK SC", "Source Han Sans SC", "WenQuanYi Micro Hei", "WenQuanYi Zen Hei", "Microsoft YaHei",
                "SimHei", "PingFang SC", "Noto Sans CJK JP")
CJK_FILE_HINTS = ("notosanscjk", "sourcehansans", "wqy", "msyh", "simhei")
WIDTH = 7.0  # inches: fits A4 width with margins at 300 dpi


def _months(lang: str) -> list[str]:
    return [f"{m}月" for m in range(1, 13)] if lang == "zh" else \
        ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]


def use_cjk_font() -> str:
    """Make matplotlib draw Chinese with a real CJK font; returns its name. Raises a
    PatentstatsError saying what to install when there is none."""
    def installed() -> str | None:
        names = {f.name for f in font_manager.fontManager.ttflist}
        return next((family for family in CJK_FAMILIES if family in names), None)

    family = installed()
    if family is None:  # fonts installed after matplotlib built its cache: add them by file
        for path in font_manager.findSystemFonts():
            if any(hint in Path(path).name.lower() for hint in CJK_FILE_HINTS):
                font_manager.fontManager.addfont(path)
        family = installed()
    if family is None:
        raise PatentstatsError(_("no CJK font for Chinese charts: run scripts/setup_system.sh "
                                 "(or apt-get install fonts-noto-cjk)"))
    matplotlib.rcParams.update({"font.family": "sans-serif", "font.sans-serif": [family, "DejaVu Sans"],
                         "axes.unicode_minus": False, "figure.dpi": 100, "savefig.dpi": 300,
                         "axes.spines.top": False, "axes.spines.right": False, "axes.grid": True,
                         "grid.alpha": 0.3, "font.size": 9, "axes.titlesize": 11, "legend.fontsize": 8,
                         "legend.frameon": False, "svg.fonttype": "none",
                         "text.parse_math": False,  # a "$" in a region name is text, not TeX
                         "axes.axisbelow": True})  # gridlines behind bars
    return family


def notebook_setup(dpi: int = 110) -> str:
    """For notebooks: the CJK font, and figures shown as PNG when a cell displays them."""
    family = use_cjk_font()
    from matplotlib_inline.backend_inline import set_matplotlib_formats
    set_matplotlib_formats("svg", bbox_inches=None)  # type: ignore[no-untyped-call]  # constrained layout fits
    return family


def _figure(height: float = 3.1) -> tuple[Figure, Axes]:
    """A figure outside pyplot: nothing global to close, nothing shown twice in notebooks."""
    use_cjk_font()
    fig = Figure(figsize=(WIDTH, height), layout="constrained")
    return fig, fig.subplots()


def _series(counts: pd.DataFrame, region: str, year: int, measure: str, patent_type: str, field: str) -> pd.Series:
    rows = counts[(counts["region"] == region) & (counts["year"] == year) & (counts["measure"] == measure)
                  & (counts["patent_type"] == patent_type)]
    return rows.set_index("month")[field].astype("Float64").reindex(range(1, 13))


def _legend_below(ax: Axes, ncols: int = 4) -> None:
    """Legends go under the axes, where they never cover data or target labels."""
    ax.legend(ncols=ncols, loc="upper center", bbox_to_anchor=(0.5, -0.1))


def _axis_label(what_zh: str, what_en: str, lang: str) -> str:
    return f"{what_zh}（件）" if lang == "zh" else f"{what_en} (patents)"


def _title(region: str, year: int | str, zh: str, en: str, lang: str) -> str:
    """Every chart's title names the region and the year: '永修县2018年专利申请量累计'."""
    return f"{region}{year}年{zh}" if lang == "zh" else f"{region}, {year}: {en}"


def _note_figure(text: str) -> Figure:
    """A one-line figure saying why a chart is not drawn, instead of empty axes."""
    fig = Figure(figsize=(WIDTH, 0.45))
    ax = fig.add_axes((0, 0, 1, 1))  # notebooks draw no figure without axes
    ax.axis("off")
    ax.text(0.5, 0.5, text, ha="center", va="center", fontsize=9, color="#555")
    return fig


def _no_data(region: str, year: int, what_zh: str, what_en: str, lang: str) -> Figure:
    return _note_figure(f"{region}{year}年没有{what_zh}数据，不绘制此图。" if lang == "zh" else
                        f"No {what_en} data for {region} in {year}: chart left out.")


def _count_axis(ax: Axes) -> None:
    """Counts: whole-number ticks from zero."""
    ax.yaxis.set_major_locator(MaxNLocator(integer=True))
    ax.set_ylim(bottom=0, top=max(ax.get_ylim()[1], 1))


def _short_footnote(ax: Axes, short_from: int | None, lang: str, drawn: str = "虚线") -> None:
    """The footnote of charts whose months from ``short_from`` are not yet all published."""
    if short_from is None:
        return
    en = "dashed" if drawn == "虚线" else "hatched"
    ax.annotate(f"{drawn}部分：{short_from}月起申请尚未全部公开，为已公开数" if lang == "zh" else
                f"{en}: applications from month {short_from} not yet all published (published so far)",
                (0, 0), xycoords="figure fraction", xytext=(4, 3), textcoords="offset points", fontsize=6.5,
                color="#555")


def _plot_ytd(ax: Axes, series: pd.Series, short_from: int | None, **style: object) -> None:
    """A year-to-date line, dashed from the last complete month where later months are not all published."""
    values = series.to_numpy(dtype=float, na_value=float("nan"))
    if short_from is None:
        ax.plot(series.index, values, **style)  # type: ignore[arg-type]
        return
    whole = series.index < short_from
    ax.plot(series.index[whole], values[whole], **style)  # type: ignore[arg-type]
    tail = series.index >= short_from - 1
    ax.plot(series.index[tail], values[tail], **(style | {"linestyle": "--", "label": None}))  # type: ignore[arg-type]


def _month_axis(ax: Axes, lang: str) -> None:
    ax.set_xticks(range(1, 13), _months(lang))
    ax.set_xlim(0.5, 12.5)


def _target_lines(ax: Axes, targets: pd.DataFrame | None, region: str, year: int, measure: str,
                  patent_type: str, lang: str) -> None:
    """Dashed lines at the target levels, labelled in the right margin (nudged apart)."""
    wide = targets_for(targets, region, year) if targets is not None else None
    levels = [(lv, v) for lv in LEVELS if (v := target_value(wide, measure, patent_type, lv)) is not None]
    if not levels:
        return
    top = max(ax.get_ylim()[1], max(v for _, v in levels) * 1.08)
    ax.set_ylim(0, top)
    gap, last = top * 0.055, -float("inf")
    for level, value in sorted(levels, key=lambda lv: lv[1]):
        ax.axhline(value, color=LEVEL_COLORS[level], linestyle="--", linewidth=1)
        y = max(value, last + gap)
        ax.annotate(f"{LEVEL_NAMES[lang][level]} {value:.0f}", xy=(1.0, y), xycoords=("axes fraction", "data"),
                    xytext=(4, 0), textcoords="offset points", color=LEVEL_COLORS[level], fontsize=8, va="center",
                    annotation_clip=False)
        last = y


def plot_cumulative_vs_target(counts: pd.DataFrame, region: str, year: int, measure: str,
                              targets: pd.DataFrame | None = None, lang: str = "zh",
                              patent_type: str = TOTAL, short_from: int | None = None, month: int = 12) -> Figure:
    """This year's cumulative count by month, through ``month`` (the report's), against last
    year's and the target levels; months from ``short_from`` on (not yet all published, a
    patent list's) dashed, with a footnote. Without this year's data, a one-line note instead."""
    check_lang(lang)
    this, last = (_series(counts, region, y, measure, patent_type, "ytd") for y in (year, year - 1))
    this = this.loc[:month]  # a report as of a month shows nothing after it
    if this.isna().all():
        return _no_data(region, year, label(measure, lang), label(measure, "en").lower(), lang)
    fig, ax = _figure()
    ax.plot(last.index, last.to_numpy(dtype=float, na_value=float("nan")), color="#95a5a6", linestyle=":",
            marker="o", markersize=3, label=f"{year - 1}" + ("年" if lang == "zh" else ""))
    _plot_ytd(ax, this, short_from, color=TYPE_COLORS[patent_type], marker="o", markersize=4, linewidth=2,
              label=f"{year}" + ("年" if lang == "zh" else ""))
    _target_lines(ax, targets, region, year, measure, patent_type, lang)
    _month_axis(ax, lang)
    _count_axis(ax)
    _short_footnote(ax, short_from, lang)
    ax.set_ylabel(_axis_label("累计", "Year to date", lang))
    ax.set_title(_title(region, year, f"{label(measure, lang)}累计（{label(patent_type, lang)}）",
                        f"{label(measure, lang).lower()}, year to date ({label(patent_type, lang).lower()})", lang))
    _legend_below(ax, 2)
    return fig


def plot_monthly_by_type(counts: pd.DataFrame, region: str, year: int, measure: str, lang: str = "zh",
                         short_from: int | None = None, month: int = 12) -> Figure:
    """Monthly counts stacked by patent type; months from ``short_from`` on (not yet all
    published) hatched, with a footnote. Without this year's data, a one-line note instead."""
    check_lang(lang)
    if _series(counts, region, year, measure, TOTAL, "count").isna().all():
        return _no_data(region, year, label(measure, lang), label(measure, "en").lower(), lang)
    by_type = {t: _series(counts, region, year, measure, t, "count").astype(float) for t in PATENT_TYPES}
    if all(values[values.index <= month].isna().all() for values in by_type.values()):  # types' year to date only
        return _no_data(region, year, f"分类型的{label(measure, lang)}当月", f"monthly {label(measure, 'en').lower()} by type",
                        lang)
    fig, ax = _figure(height=2.9)
    bottom = pd.Series(0.0, index=range(1, 13))
    hatches = ["//" if short_from is not None and m >= short_from else "" for m in range(1, 13)]
    for patent_type, values in by_type.items():
        values = values.fillna(0.0)
        values[values.index > month] = 0.0  # a report as of a month shows nothing after it
        ax.bar(values.index, values, bottom=bottom, color=TYPE_COLORS[patent_type], label=label(patent_type, lang),
               width=0.7, hatch=hatches, edgecolor="white", linewidth=0)
        bottom += values
    _month_axis(ax, lang)
    _count_axis(ax)
    _short_footnote(ax, short_from, lang, "斜线")
    ax.set_ylabel(_axis_label("当月", "In the month", lang))
    ax.set_title(_title(region, year, f"{label(measure, lang)}（按月）", f"{label(measure, lang).lower()} by month", lang))
    _legend_below(ax, 3)
    return fig


def plot_projection_fan(counts: pd.DataFrame, fan: pd.DataFrame, region: str, year: int, month: int, measure: str,
                        targets: pd.DataFrame | None = None, lang: str = "zh", short_from: int | None = None) -> Figure:
    """The cumulative count so far and the projected months as 80% and 95% bands, with targets.
    ``fan`` is ``project_year(...).fans[measure]`` for the same region and month. Months from
    ``short_from`` on (not yet all published) are dashed. A one-line note instead where there is
    nothing to project: no data, or a finished year."""
    check_lang(lang)
    ytd = _series(counts, region, year, measure, TOTAL, "ytd")
    known = ytd.loc[:month]
    if known.isna().all():
        return _no_data(region, year, label(measure, lang), label(measure, "en").lower(), lang)
    if not len(fan):
        return _note_figure(f"{region}{year}年{label(measure, lang)}全年已结束或无从预计，不绘制全年预计图。" if lang == "zh"
                            else f"{region}, {year}: nothing to project for {label(measure, 'en').lower()}: "
                                 f"chart left out.")
    fig, ax = _figure()
    _plot_ytd(ax, known, short_from, color=TYPE_COLORS[TOTAL], marker="o", markersize=4, linewidth=2,
              label="实际累计" if lang == "zh" else "Actual")
    if len(fan):  # from the month projected from: earlier than ``month`` where later counts are incomplete
        since = int(fan["month"].iloc[0]) - 1
        start = float(known.loc[since]) if pd.notna(known.get(since)) else float("nan")
        months = [since, *fan["month"]]
        for low, high, alpha, name in (("q025", "q975", 0.15, "95%"), ("q10", "q90", 0.3, "80%")):
            ax.fill_between(months, [start, *fan[low]], [start, *fan[high]], color=TYPE_COLORS[TOTAL], alpha=alpha,
                            linewidth=0, label=f"{name}{'区间' if lang == 'zh' else ' interval'}")
        ax.plot(months, [start, *fan["q50"]], color=TYPE_COLORS[TOTAL], linestyle="--",
                label="预计" if lang == "zh" else "Projected")
    _target_lines(ax, targets, region, year, measure, TOTAL, lang)
    _month_axis(ax, lang)
    _count_axis(ax)
    _short_footnote(ax, short_from, lang)
    ax.set_ylabel(_axis_label("累计", "Year to date", lang))
    ax.set_title(_title(region, year, f"{label(measure, lang)}全年预计", f"{label(measure, lang).lower()}, projected year end",
                        lang))
    _legend_below(ax, 4)
    return fig


def _completion_bars(status: pd.DataFrame, lang: str, short: Collection[tuple[str, str]]) -> list[tuple[Any, ...]]:
    """(label, completion %, colour, usual % or None, hatch) of each series with a target."""
    bars = []
    for measure in MEASURES:
        for patent_type in (*PATENT_TYPES, TOTAL):
            row = status[(status["measure"] == measure) & (status["patent_type"] == patent_type)].iloc[0]
            level = next((lv for lv in ("plan", "floor", "stretch") if pd.notna(row[f"target_{lv}"])), None)
            if level is None:
                continue
            name = (f"{label(measure, lang)}·{label(patent_type, lang)}（{LEVEL_NAMES[lang][level]}）" if lang == "zh"
                    else f"{label(measure, lang)} · {label(patent_type, lang)} ({LEVEL_NAMES[lang][level]})")
            usual = float(row["seasonal_progress_pct"]) if pd.notna(row["seasonal_progress_pct"]) else None
            bars.append((name, float(row[f"completion_pct_{level}"]), TYPE_COLORS[patent_type], usual,
                         "//" if (measure, patent_type) in short else ""))
    return bars


def plot_completion_vs_time(status: pd.DataFrame, region: str, year: int, lang: str = "zh",
                            short: Collection[tuple[str, str]] = ()) -> Figure:
    """Completion of each type's main target (plan, else floor) against the time elapsed and,
    where prior years exist, the share they usually had by now; bars of the ``short`` series
    (measure, type: a list's months not yet all published) hatched. Without targets, one line
    saying so."""
    check_lang(lang)
    if status.filter(like="target_").isna().all(axis=None):
        return _note_figure(f"{region}{year}年未设目标，无目标完成率图。" if lang == "zh" else
                            f"No targets for {region} in {year}: no completion chart.")
    fig, ax = _figure(height=2.8)
    bars = _completion_bars(status, lang, short)
    labels, values, colors, usual, hatches = ([bar[k] for bar in bars] for k in range(5))
    y = range(len(labels))
    ax.barh(list(y), values, color=colors, height=0.6, hatch=hatches, edgecolor="white", linewidth=0)
    _short_rows_footnote(ax, any(hatches), lang)
    for i, value in enumerate(values):  # the value at the bar's start, clear of the markers near its end
        inside = value >= 15
        ax.annotate(f"{value:.1f}%", (0 if inside else value, i), xytext=(3, 0), textcoords="offset points",
                    va="center", ha="left", fontsize=8, color="white" if inside else "black")
        if (by_now := usual[i]) is not None:
            ax.plot(by_now, i, marker="D", color="black", markersize=4, linestyle="none",
                    label=("往年同期进度" if lang == "zh" else "Usual by now") if i == 0 else None)
    time_pct = float(status["time_progress_pct"].iloc[0])
    ax.axvline(time_pct, color="black", linestyle="--", linewidth=1,
               label=f"{'序时进度' if lang == 'zh' else 'Time elapsed'} {time_pct:.1f}%")
    ax.set_yticks(list(y), labels)
    ax.invert_yaxis()
    ax.xaxis.set_major_formatter(PercentFormatter())
    ax.set_xlim(0, max([*values, time_pct, 100]) * 1.12)
    ax.set_title(_title(region, year, "目标完成率与序时进度", "completion of targets against time elapsed", lang))
    _legend_below(ax, 2)
    return fig


def plot_type_mix(counts: pd.DataFrame, region: str, measure: str = "applications", lang: str = "zh",
                  month: int = 12, short_since: int | None = None) -> Figure:
    """Each year's share of invention, utility model and design (January through ``month``);
    years from ``short_since`` on (a patent list's, not yet all published) hatched, with a
    footnote. Without a year of all three types, a one-line note instead."""
    check_lang(lang)
    rows = counts[(counts["region"] == region) & (counts["measure"] == measure) & (counts["month"] == month)
                  & counts["patent_type"].isin(PATENT_TYPES)]
    wide = rows.pivot_table(index="year", columns="patent_type", values="ytd", aggfunc="first").reindex(
        columns=list(PATENT_TYPES)).dropna()
    wide = wide[wide.sum(axis=1) > 0]
    if wide.empty:
        return _note_figure(f"{region}没有分类型的{label(measure, lang)}数据，不绘制类型结构图。" if lang == "zh" else
                            f"No {label(measure, 'en').lower()} by type for {region}: chart left out.")
    fig, ax = _figure()
    shares = wide.div(wide.sum(axis=1), axis=0) * 100
    left = pd.Series(0.0, index=shares.index)
    years = [str(y) for y in shares.index]
    hatches = ["//" if short_since is not None and int(y) >= short_since else "" for y in shares.index]
    for patent_type in PATENT_TYPES:
        ax.barh(years, shares[patent_type], left=left, color=TYPE_COLORS[patent_type], label=label(patent_type, lang),
                hatch=hatches, edgecolor="white", linewidth=0)
        for y, (start, share) in enumerate(zip(left, shares[patent_type], strict=True)):
            if share >= 6:
                ax.text(start + share / 2, y, f"{share:.0f}%", ha="center", va="center", color="white", fontsize=8)
        left += shares[patent_type]
    ax.xaxis.set_major_formatter(PercentFormatter())
    ax.set_xlim(0, 100)
    ax.grid(False)
    period = "全年" if month == 12 else f"1-{month}月"
    span = f"{years[0]}-{years[-1]}" if len(years) > 1 else "".join(years)
    ax.set_title(_title(region, span, f"{label(measure, lang)}类型结构（{period}）", f"{label(measure, lang).lower()} by type",
                        lang))
    if short_since is not None and any(hatches):
        ax.annotate(f"斜线：{short_since}年起申请尚未全部公开，为已公开数的结构" if lang == "zh" else
                    f"hatched: applications from {short_since} not yet all published (the published ones' mix)",
                    (0, 0), xycoords="figure fraction", xytext=(4, 3), textcoords="offset points", fontsize=6.5,
                    color="#555")
    _legend_below(ax, 3)
    return fig


def _short_rows_footnote(ax: Axes, shown: bool, lang: str) -> None:
    if shown:
        ax.annotate("斜线：申请尚未全部公开，按已公开数计" if lang == "zh" else
                    "hatched: applications not yet all published, as published so far",
                    (0, 0), xycoords="figure fraction", xytext=(4, 3), textcoords="offset points", fontsize=6.5,
                    color="#555")


def _yoy_height(row: pd.Series) -> float:
    """The bar's percent; on last year's figure under 10 none: the change is in counts, in the label."""
    known = pd.notna(row["yoy_pct"]) and pd.notna(row["ytd_prev_year"]) and row["ytd_prev_year"] >= SMALL_BASE
    return float(row["yoy_pct"]) if known else 0.0


def _yoy_label(row: pd.Series, lang: str) -> str:
    change = fmt_growth(row["ytd"], row["ytd_prev_year"], "en").replace("unchanged", "±0")
    change += "件" if lang == "zh" and change[-1].isdigit() else ""  # a difference in counts
    return f"{change}\n{fmt_count(row['ytd'], lang, unit=lang == 'zh')}"


def plot_yoy_by_type(status: pd.DataFrame, region: str, year: int, lang: str = "zh",
                     short: Collection[tuple[str, str]] = ()) -> Figure:
    """Year-on-year change of the year to date, per measure and type; each bar labelled with
    the change and this year's count (on last year's figure under 10, the change in counts)."""
    check_lang(lang)
    fig, ax = _figure(height=2.6)  # a few bars: shorter, so that the report keeps to four pages
    width = 0.2
    for i, patent_type in enumerate((*PATENT_TYPES, TOTAL)):
        rows = [status[(status["measure"] == m) & (status["patent_type"] == patent_type)].iloc[0] for m in MEASURES]
        xs = [j + (i - 1.5) * width for j in range(len(MEASURES))]
        heights = [_yoy_height(r) for r in rows]
        ax.bar(xs, heights, width=width, color=TYPE_COLORS[patent_type], label=label(patent_type, lang),
               hatch=["//" if (m, patent_type) in short else "" for m in MEASURES], edgecolor="white", linewidth=0)
        for x, height, row in zip(xs, heights, rows, strict=True):
            ax.annotate(_yoy_label(row, lang), (x, height), xytext=(0, -3 if height < 0 else 2), textcoords="offset points",
                        ha="center", va="top" if height < 0 else "bottom", fontsize=6.5, linespacing=1.0)
    ax.axhline(0, color="black", linewidth=0.8)
    _short_rows_footnote(ax, bool(set(short) & {(m, t) for m in MEASURES for t in (*PATENT_TYPES, TOTAL)}), lang)
    ax.margins(y=0.25)  # room for the two-line labels beyond the tallest bars
    ax.set_xticks(range(len(MEASURES)), [label(m, lang) for m in MEASURES])
    ax.yaxis.set_major_formatter(PercentFormatter())
    if not any(_yoy_height(row) for _, row in status.iterrows()):  # every base under 10: the labels give counts
        ax.set_ylim(-10, 100)
    ax.set_title(_title(region, year, "专利同比增长（累计）", "year-on-year change, year to date", lang))
    _legend_below(ax, 4)
    return fig


def plot_seasonality(counts: pd.DataFrame, region: str, measure: str = "applications", lang: str = "zh",
                     short_since: int | None = None) -> Figure:
    """Each complete year's monthly share of its total (thin lines) and their average (bars):
    when in the year this region's filings usually come. Years from ``short_since`` on (a patent
    list's, not yet all published) are not complete. Without a complete year, a one-line note."""
    check_lang(lang)
    rows = counts[(counts["region"] == region) & (counts["measure"] == measure) & (counts["patent_type"] == TOTAL)]
    if short_since is not None:
        rows = rows[rows["year"] < short_since]
    wide = rows.pivot_table(index="year", columns="month", values="count", aggfunc="first").reindex(
        columns=range(1, 13)).dropna()
    wide = wide[wide.sum(axis=1) > 0]
    if wide.empty:
        return _note_figure(f"{region}没有完整年份的{label(measure, lang)}，不绘制月度分布图。" if lang == "zh" else
                            f"No complete year of {label(measure, 'en').lower()} for {region}: chart left out.")
    fig, ax = _figure()
    shares = wide.div(wide.sum(axis=1), axis=0) * 100
    ax.bar(range(1, 13), shares.mean(), color=TYPE_COLORS[TOTAL], alpha=0.35, width=0.7,
           label="平均" if lang == "zh" else "Average")
    for year, values in shares.iterrows():
        ax.plot(range(1, 13), values, linewidth=1, marker=".", label=str(year))
    ax.axhline(100 / 12, color="black", linestyle=":", linewidth=0.8)
    _month_axis(ax, lang)
    ax.yaxis.set_major_formatter(PercentFormatter())
    ax.set_ylabel("占全年比重" if lang == "zh" else "Share of the year")
    span = f"{shares.index.min()}-{shares.index.max()}"
    ax.set_title(_title(region, span, f"{label(measure, lang)}月度分布", f"{label(measure, lang).lower()}, seasonality", lang))
    _legend_below(ax, min(len(shares) + 1, 6))
    return fig
