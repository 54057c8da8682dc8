"""The annual work-summary pack: charts (PNG at 300 dpi and SVG), tables (.xlsx) and the
drafted sentences (.md) for one region and year, written to reports/<region>/<year>/summary/."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
from matplotlib.figure import Figure

from ..atomic import atomic_path
from ..forecasting.projection import project_year_end
from ..formatting import period_label
from ..labels import MEASURES, PATENT_TYPES, TOTAL, label
from ..metrics.progress import latest_month, status_table
from ..metrics.stock_indicators import region_stock_status
from ..paths import reports_dir
from ..table.applicants import KIND_LABELS, ApplicantReport, milestone_sentences, region_applicants
from ..table.completeness import Incompleteness
from ..table.counts import load_counts, load_incomplete
from ..table.targets import LEVELS, load_targets
from . import plots
from .markup import md_text
from .narrative import summary_paragraph, targets_sentence
from .report import safe_name
from .spreadsheet import PERCENT_SUFFIX, write_tables
from .views import applicant_headers, incomplete_note, method_note, short_from, short_rows, short_since

__all__ = ["SummaryPack", "write_summary_pack"]


@dataclass
class SummaryPack:
    sentences: str
    figures: dict[str, Figure]
    files: list[Path] = field(default_factory=list)


HEADERS = {
    "zh": {"measure": "指标", "patent_type": "类型", "month_count": "本月", "ytd": "累计", "ytd_prev_year": "去年同期",
           "full_year": "全年", "prev_year": "上年", "yoy_pct": "同比", "target": "{}目标", "completion": "{}完成率",
           "time_progress_pct": "序时进度", "seasonal_progress_pct": "往年同期进度", "point": "预计全年",
           "lo80": "80%区间下限", "hi80": "80%区间上限", "p_reach": "达成{}目标可能性", "year": "年份", "month": "月份",
           "published": "其中已公开", "estimate": "估计实际", "est_lo80": "估计80%区间下限",
           "est_hi80": "估计80%区间上限"},
    "en": {"measure": "Measure", "patent_type": "Type", "month_count": "Month", "ytd": "Year to date",
           "ytd_prev_year": "Same period last year", "full_year": "Full year", "prev_year": "Last year",
           "yoy_pct": "Year on year", "target": "{} target", "completion": "{} completion",
           "time_progress_pct": "Time elapsed", "seasonal_progress_pct": "Usual by now", "point": "Projected year end",
           "lo80": "80% interval low", "hi80": "80% interval high", "p_reach": "Chance of {} target", "year": "Year",
           "month": "Month", "published": "of which published", "estimate": "Estimated actual",
           "est_lo80": "Estimate 80% low", "est_hi80": "Estimate 80% high"},
}
SHEETS = {"zh": ("进度", "目标", "月度"), "en": ("Progress", "Targets", "Monthly")}
LEVEL_WORDS = {"zh": {"floor": "确保", "plan": "计划", "stretch": "力争"},
               "en": {"floor": "Floor", "plan": "Plan", "stretch": "Stretch"}}


def pack_tables(counts: pd.DataFrame, status: pd.DataFrame, projection: pd.DataFrame | None, year: int, month: int,
                lang: str) -> dict[str, pd.DataFrame]:
    """The pack's three tables with numbers as numbers, headers in the order a bureau reads
    them. A finished year has full-year columns only: no month, no projection."""
    words = HEADERS[lang]
    named = status.assign(measure=status["measure"].map(lambda m: label(m, lang)),
                          patent_type=status["patent_type"].map(lambda t: label(t, lang)))
    first = {words["measure"]: named["measure"], words["patent_type"]: named["patent_type"]}
    tables = dict(zip(SHEETS[lang], (_progress_table(named, status, projection, month, words, first),
                                     _targets_table(named, projection, month, lang, first),
                                     _monthly_table(counts, year, lang)), strict=True))
    return {name: table for name, table in tables.items() if len(table.columns) > len(first)}  # no empty 目标 sheet


def _progress_table(named: pd.DataFrame, status: pd.DataFrame, projection: pd.DataFrame | None, month: int,
                    words: dict[str, str], first: dict[str, pd.Series]) -> pd.DataFrame:
    if month == 12:
        progress = {words["full_year"]: named["ytd"], words["prev_year"]: named["ytd_prev_year"]}
    else:
        progress = {words["month_count"]: named["month_count"], words["ytd"]: named["ytd"],
                    words["ytd_prev_year"]: named["ytd_prev_year"]}
    return pd.DataFrame({**first, **progress, **_estimate_columns(status, projection, words),
                         words["yoy_pct"] + PERCENT_SUFFIX: named["yoy_pct"]})


def _targets_table(named: pd.DataFrame, projection: pd.DataFrame | None, month: int, lang: str,
                   first: dict[str, pd.Series]) -> pd.DataFrame:
    """Each level set, its completion, the time and seasonal progress and, before December, the projection."""
    words, levels, pct = HEADERS[lang], LEVEL_WORDS[lang], PERCENT_SUFFIX
    present = [lv for lv in LEVELS if named[f"target_{lv}"].notna().any()]
    targets = {**first}
    for lv in present:
        targets[words["target"].format(levels[lv])] = named[f"target_{lv}"]
        targets[words["completion"].format(levels[lv]) + pct] = named[f"completion_pct_{lv}"]
    if month == 12:
        return pd.DataFrame(targets)
    targets[words["time_progress_pct"] + pct] = named["time_progress_pct"]
    targets[words["seasonal_progress_pct"] + pct] = named["seasonal_progress_pct"]
    if projection is not None and len(projection):
        projected = named[["measure", "patent_type"]].merge(projection.assign(
            measure=projection["measure"].map(lambda m: label(m, lang)),
            patent_type=projection["patent_type"].map(lambda t: label(t, lang))), how="left")
        for key in ("point", "lo80", "hi80"):
            targets[words[key]] = projected[key].round()
        for lv in present:
            targets[words["p_reach"].format(levels[lv]) + pct] = projected[f"p_reach_{lv}"] * 100
    return pd.DataFrame(targets)


def _monthly_table(counts: pd.DataFrame, year: int, lang: str) -> pd.DataFrame:
    """This year's and last year's months, a column per measure and type."""
    words = HEADERS[lang]
    monthly = counts[counts["year"].isin([year - 1, year])].pivot_table(
        index=["year", "month"], columns=["measure", "patent_type"], values="count", aggfunc="first")
    order = [(m, t) for m in MEASURES for t in (*PATENT_TYPES, TOTAL) if (m, t) in monthly.columns]
    monthly = monthly[order]
    monthly.columns = [f"{label(m, lang)}·{label(t, lang)}" for m, t in order]
    return monthly.reset_index().rename(columns={"year": words["year"], "month": words["month"]})


def sheet_title(region: str, year: int, month: int, sheet: str, lang: str = "zh") -> str:
    """The title row of a pack sheet: region, period, what it holds and the unit.

    >>> sheet_title("永修县", 2018, 9, "进度"), sheet_title("Yongxiu", 2017, 12, "Progress", "en")
    ('永修县2018年1-9月专利统计：进度（单位：件）', 'Yongxiu, 2017: patent statistics, progress (unit: patents)')
    """
    if lang == "zh":
        period = f"{year}年" if month == 12 else period_label(year, month, "zh")
        return f"{region}{period}专利统计：{sheet}（单位：件）"
    period = f"{year}" if month == 12 else period_label(year, month, "en")
    return f"{region}, {period}: patent statistics, {sheet.lower()} (unit: patents)"


def _estimate_columns(status: pd.DataFrame, projection: pd.DataFrame | None, words: dict[str, str]
                      ) -> dict[str, pd.Series]:
    """Where a patent list's months are not yet all published: the nowcast of the actual year to
    date beside what the list holds (blank on rows that are complete)."""
    if projection is None or "ytd_est_point" not in projection or projection["ytd_est_point"].isna().all():
        return {}
    found = status[["measure", "patent_type"]].merge(projection, how="left", on=["measure", "patent_type"])
    return {words["estimate"]: found["ytd_est_point"].astype("Float64"),
            words["est_lo80"]: found["ytd_est_lo80"].astype("Float64"),
            words["est_hi80"]: found["ytd_est_hi80"].astype("Float64")}


APPLICANT_SHEET = {"zh": "申请人", "en": "Applicants"}
STOCK_SHEET = {"zh": "存量", "en": "Stocks"}
STOCK_HEADERS = {"zh": ("指标", "截至", "数值", "常住人口（万人）", "预计年底", "年失效率"),
                 "en": ("Indicator", "As at", "Value", "Population (10,000s)", "Projected year end", "Lapse rate")}


def _other_sheets(filers: ApplicantReport | None, stocks: pd.DataFrame, lang: str) -> dict[str, pd.DataFrame]:
    """The 申请人 sheet where patent lists name applicants, the 存量 sheet where there are stocks."""
    sheets = {APPLICANT_SHEET[lang]: applicant_table(filers, lang)} if filers is not None else {}
    return sheets | ({STOCK_SHEET[lang]: stock_table(stocks, lang)} if len(stocks) else {})


def stock_table(stocks: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The stock indicators (``stock_status``) with numbers as numbers: in force whole, per 10,000
    people to one decimal, each target level and its completion, the year end and its 80% interval."""
    words, heads = HEADERS[lang], STOCK_HEADERS[lang]
    digits = stocks["indicator"].map(lambda ind: 1 if ind == "invention_per_10k" else 0)

    def rounded(column: str) -> pd.Series:
        return pd.Series([None if pd.isna(v) else round(float(v) + 1e-9, int(d)) for v, d in zip(
            stocks[column], digits, strict=True)], dtype="Float64")

    table = {heads[0]: stocks["indicator"].map(lambda ind: label(ind, lang)),
             heads[1]: [None if pd.isna(y) else f"{int(y)}-{int(m):02d}" for y, m in zip(
                 stocks["as_of_year"], stocks["as_of_month"], strict=True)],
             heads[2]: rounded("value"), heads[3]: stocks["population"].astype("Float64")}
    for lv in LEVELS:
        if stocks[f"target_{lv}"].notna().any():
            table[words["target"].format(LEVEL_WORDS[lang][lv])] = stocks[f"target_{lv}"].astype("Float64")
            table[words["completion"].format(LEVEL_WORDS[lang][lv]) + PERCENT_SUFFIX] = \
                stocks[f"completion_pct_{lv}"].astype("Float64")
    table |= {heads[4]: rounded("point"), words["lo80"]: rounded("lo80"), words["hi80"]: rounded("hi80"),
              heads[5] + PERCENT_SUFFIX: stocks["lapse_rate"].astype(float) * 100}
    return pd.DataFrame(table)


def applicant_table(filers: ApplicantReport, lang: str) -> pd.DataFrame:
    """The year's top applicants with numbers as numbers, for the pack's 申请人 sheet."""
    headers = applicant_headers(filers.first_year, lang)
    top = filers.top
    return pd.DataFrame({headers[0]: top["applicant"], headers[1]: top["kind"].map(lambda k: KIND_LABELS[k][lang == "en"]),
                         headers[2]: top["applications"], headers[3]: top["grants"],
                         headers[4] + PERCENT_SUFFIX: top["invention_share_pct"], headers[5]: top["cumulative"]})


def _silent(step: str) -> None:
    """No progress shown (outside a notebook)."""


def _save_figures(figures: dict[str, Figure], folder: Path, lang: str, say: Callable[[str], None]) -> list[Path]:
    """Each chart as PNG at 300 dpi and SVG: most of the pack's time, so each is announced."""
    files = []
    for number, (name, figure) in enumerate(figures.items(), 1):
        say(STEPS[lang][2].format(number, len(figures)))
        for suffix, dpi in ((".png", 300), (".svg", None)):
            path = folder / f"{name}_{lang}{suffix}"
            with atomic_path(path) as tmp:
                figure.savefig(tmp, dpi=dpi, format=suffix[1:])
            files.append(path)
    return files


STEPS = {"zh": ("读取数据、预计全年", "画图", "保存图表{}/{}（PNG与SVG）", "写表格与文字"),
         "en": ("Reading the data, projecting the year", "Drawing the charts", "Saving chart {} of {} (PNG and SVG)",
                "Writing the tables and sentences")}


def write_summary_pack(region: str, year: int, lang: str = "zh", data_path: Path | str | None = None,
                       targets_path: Path | str | None = None, out_dir: Path | str | None = None,
                       progress: Callable[[str], None] | None = None) -> SummaryPack:
    """Charts, tables and sentences for ``region``'s ``year`` (through its latest month);
    ``progress`` is told each step in ``lang`` (``views.ProgressLine`` shows it in a notebook)."""
    steps = STEPS[lang]
    say = progress or _silent
    say(steps[0])
    counts = load_counts(data_path, region=region)
    target_file = load_targets(targets_path)
    targets = target_file.table
    month = latest_month(counts, region, year)
    filers = region_applicants(data_path, region, year, month, top=20, threshold=target_file.applicant_milestone)
    status = status_table(counts, region, year, month, targets)
    incomplete = load_incomplete(region, data_path)
    projection = project_year_end(load_counts(data_path), region, year, month, targets,  # seasons borrowed from all
                                  incomplete=incomplete)
    stocks = region_stock_status(counts, region, year, month, target_file, projection, data_path, targets_path)
    say(steps[1])
    figures = _figures(counts, status, projection, incomplete, region, year, month, targets, lang)
    folder = Path(out_dir) if out_dir else reports_dir() / safe_name(region) / str(year) / "summary"
    folder.mkdir(parents=True, exist_ok=True)
    files = _save_figures(figures, folder, lang, say)
    say(steps[3])
    sentences = _sentences(status, projection, incomplete, filers, stocks.table, region, year, month, targets, lang)
    text_path = folder / f"summary_{lang}.md"
    with atomic_path(text_path) as tmp:
        tmp.write_text(md_text(sentences) + "\n", encoding="utf-8")  # applicant names are data, not markup
    period = f"{year}" if month == 12 else f"{year}-{month:02d}"
    tables_path = folder / f"{safe_name(region)}_{period}_tables_{lang}.xlsx"  # a copy sent on says whose and when
    tables = pack_tables(counts, status, projection, year, month, lang)
    tables |= _other_sheets(filers, stocks.table, lang)
    write_tables(tables_path, tables, plain=(HEADERS[lang]["year"], HEADERS[lang]["month"]),
                 titles={name: sheet_title(region, year, month, name, lang) for name in tables})
    return SummaryPack(sentences, figures, [*files, text_path, tables_path])


def _figures(counts: pd.DataFrame, status: pd.DataFrame, projection: pd.DataFrame, incomplete: Incompleteness,
             region: str, year: int, month: int, targets: pd.DataFrame, lang: str) -> dict[str, Figure]:
    short = short_from(projection)  # a patent list's months not yet all published: dashed or hatched
    figures = {
        "cumulative_applications": plots.plot_cumulative_vs_target(counts, region, year, "applications", targets, lang,
                                                                   short_from=short),
        "cumulative_grants": plots.plot_cumulative_vs_target(counts, region, year, "grants", targets, lang),
        "monthly_applications": plots.plot_monthly_by_type(counts, region, year, "applications", lang,
                                                           short_from=short),
        "monthly_grants": plots.plot_monthly_by_type(counts, region, year, "grants", lang),
        "completion": plots.plot_completion_vs_time(status, region, year, lang, short=short_rows(projection)),
        "type_mix": plots.plot_type_mix(counts, region, "applications", lang, month=month,
                                        short_since=short_since(incomplete)),
        "yoy": plots.plot_yoy_by_type(status, region, year, lang, short=short_rows(projection)),
    }
    if status.filter(like="target_").isna().all(axis=None):
        del figures["completion"]  # no targets: a chart would only say so
    return figures


def _sentences(status: pd.DataFrame, projection: pd.DataFrame, incomplete: Incompleteness,
               filers: ApplicantReport | None, stocks: pd.DataFrame, region: str, year: int, month: int,
               targets: pd.DataFrame, lang: str) -> str:
    """The paragraph, milestones, how far the projection can be trusted, unpublished months and next year's plan."""
    space = "" if lang == "zh" else " "
    sentences = summary_paragraph(status, month, lang, projection, stocks=stocks)  # with patents in force
    if filers is not None and (milestones := milestone_sentences(filers, lang)):
        sentences += space + space.join(milestones)
    if (month < 12 or short_from(projection) is not None) and len(projection):  # its record here
        sentences += "\n\n" + method_note(projection, lang).strip()
    if note := incomplete_note(incomplete, year, lang, projected=month < 12 and len(projection) > 0):
        sentences += "\n\n" + note  # a list's unpublished months must not pass for a fall
    if plans := targets_sentence(targets, region, year + 1, lang):  # the plan for next year, as section 三 states it
        sentences += "\n\n" + plans
    return sentences
