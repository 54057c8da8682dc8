"""What the notebooks display: titles, headline figures, the status table and data-quality
notes, as Markdown strings and formatted DataFrames in Chinese or English. Pure functions."""

from __future__ import annotations

import calendar
import json
import time
from collections.abc import Hashable, Mapping
from datetime import date
from pathlib import Path
from typing import Any

import pandas as pd

from ..forecasting.choice import MARGIN, MIN_REGION_YEARS, MODEL, Choice
from ..forecasting.projection import project_year_end
from ..forecasting.simulation import YEAR_COMPLETE
from ..formatting import DASH, chance_words, check_lang, fmt_count, fmt_growth, fmt_pct, is_missing, period_label
from ..labels import MEASURES, PATENT_TYPES, TOTAL, label
from ..metrics.progress import compare_regions, standing
from ..table.applicants import KIND_LABELS, ApplicantReport, milestone_sentences
from ..table.counts import incomplete_marks
from ..table.targets import LEVELS
from .markup import md_text, short
from .report_settings import ReportSettings

__all__ = ["title", "heading", "header_block", "progress_frame", "target_frame", "standing_frame",
           "standing_heading", "table", "no_targets", "explore_text", "overview_frame", "regions_frame",
           "top_applicants_frame", "applicant_lines", "applicant_notes", "quality_notes", "incomplete_note",
           "method_note", "expectation_check", "expectation_view", "expectation_note",
           "stock_target_rows", "stock_notes", "short_from", "short_flag",
           "annual_heading", "file_list", "short_since", "short_rows", "ProgressLine"]

HEADINGS = {
    "progress": ("主要指标进度", "Progress"), "targets": ("目标完成情况", "Targets"), "charts": ("图表", "Charts"),
    "applicants": ("申请人", "Applicants"),
    "summary": ("工作总结文字", "Paragraph for the work summary"), "quality": ("数据说明", "Data notes"),
    "projection": ("全年预计", "Year-end projection"),
}
LEVEL_NAMES = {"zh": {"floor": "确保", "plan": "目标", "stretch": "力争"},
               "en": {"floor": "floor", "plan": "target", "stretch": "stretch"}}


def title(region: str, year: int, month: int, lang: str = "zh") -> str:
    """'# 永修县 2018年1-9月专利统计月报' or '# 永修县: patent statistics, January-September 2018'."""
    check_lang(lang)
    if lang == "zh":
        return f"# {md_text(region)} {period_label(year, month, 'zh')}专利统计月报"
    return f"# {md_text(region)}: patent statistics, {period_label(year, month, 'en')}"


def heading(key: str, lang: str = "zh") -> str:
    return "## " + HEADINGS[key][0 if check_lang(lang) == "zh" else 1]


def _total(frame: pd.DataFrame, measure: str) -> pd.Series | None:
    rows = frame[(frame["measure"] == measure) & (frame["patent_type"] == TOTAL)]
    return rows.iloc[0] if len(rows) else None


def header_block(year: int, month: int, lang: str = "zh", settings: ReportSettings | None = None,
                 issued: date | None = None) -> str:
    """编制单位 and 数据来源 on one line, 数据截至 and 印发日期 on the next (what report.yaml sets, and
    dates): two lines, so that the report's first page keeps room for its tables."""
    check_lang(lang)
    settings = settings or ReportSettings()
    cut_off = date(year, month, calendar.monthrange(year, month)[1])
    issued = issued or date.today()
    if lang == "zh":
        lines = [("编制单位", settings.issuer), ("数据截至", f"{cut_off.year}年{cut_off.month}月{cut_off.day}日"),
                 ("印发日期", f"{issued.year}年{issued.month}月{issued.day}日"), ("数据来源", settings.source)]
        return _two_lines([f"{name}：{md_text(value)}" if value else "" for name, value in lines], "　")
    lines = [("Issued by", settings.issuer), ("Data to", cut_off.strftime("%d %B %Y")),
             ("Date of issue", issued.strftime("%d %B %Y")), ("Source", settings.source)]
    return _two_lines([f"{name}: {md_text(value)}" if value else "" for name, value in lines], " · ")


def _two_lines(items: list[str], gap: str) -> str:
    """(issuer, cut-off, issue date, source) as 'issuer · source' over 'cut-off · issue date'."""
    first = gap.join(item for item in (items[0], items[3]) if item)
    return "  \n".join(line for line in (first, gap.join(items[1:3])) if line)


PROGRESS_HEADERS = {"zh": ["指标", "类型", "本月", "累计", "去年同期", "同比", "环比"],
                    "en": ["Measure", "Type", "Month", "Year to date", "Same period last year", "Year on year",
                           "On last month"]}


ESTIMATE_HEADER = {"zh": "估计实际（80%区间）", "en": "Estimated actual (80%)"}


def progress_frame(status: pd.DataFrame, lang: str = "zh", projection: pd.DataFrame | None = None) -> pd.DataFrame:
    """This month, year to date and last year's same period, with the changes as bureaus print
    them; where a patent list's months are not yet all published (``projection`` from
    ``project_year`` carries the nowcast), the estimated actual year to date beside the count."""
    check_lang(lang)
    rows = [[label(r["measure"], lang), label(r["patent_type"], lang), fmt_count(r["month_count"], lang),
             fmt_count(r["ytd"], lang), fmt_count(r["ytd_prev_year"], lang), fmt_growth(r["ytd"], r["ytd_prev_year"], lang),
             fmt_growth(r["month_count"], r["prev_month_count"], lang)] for _, r in status.iterrows()]
    frame = pd.DataFrame(rows, columns=PROGRESS_HEADERS[lang])
    if projection is None or "ytd_est_point" not in projection or projection["ytd_est_point"].isna().all():
        return frame
    found = status[["measure", "patent_type"]].merge(projection, how="left", on=["measure", "patent_type"])
    frame.insert(4, ESTIMATE_HEADER[lang], [
        DASH if is_missing(r["ytd_est_point"]) else
        f"{fmt_count(r['ytd_est_point'], lang)}（{fmt_count(r['ytd_est_lo80'], lang)}-{fmt_count(r['ytd_est_hi80'], lang)}）"
        if lang == "zh" else
        f"{fmt_count(r['ytd_est_point'], lang)} ({fmt_count(r['ytd_est_lo80'], lang)}-{fmt_count(r['ytd_est_hi80'], lang)})"
        for _, r in found.iterrows()])
    return frame


TARGET_HEADERS = {"zh": ["指标", "类型", "目标", "完成率", "序时进度", "往年同期进度", "预计全年", "完成可能性"],
                  "en": ["Measure", "Type", "Target", "Completion", "Time elapsed", "Usual by now", "Projected year",
                         "Chance"]}


def target_frame(status: pd.DataFrame, projection: pd.DataFrame | None, lang: str = "zh",
                 stocks: pd.DataFrame | None = None) -> pd.DataFrame:
    """One row per target level: the target, its completion against the time elapsed and the
    usual pace, the projected year (80% interval) and the chance of reaching it in words; then
    the stock indicators' targets (``stock_target_rows``)."""
    check_lang(lang)
    projected = {} if projection is None else {(r["measure"], r["patent_type"]): r for _, r in projection.iterrows()}
    rows = []
    for _, row in status.iterrows():
        proj = projected.get((row["measure"], row["patent_type"]))
        open_, close = ("（", "）") if lang == "zh" else (" (", ")")
        year_end = "—" if proj is None else \
            f"{fmt_count(proj['point'], lang)}{open_}{fmt_count(proj['lo80'], lang)}-{fmt_count(proj['hi80'], lang)}{close}"
        for level in LEVELS:
            if is_missing(row[f"target_{level}"]):
                continue
            chance = "—" if proj is None else _chance_cell(proj[f"p_reach_{level}"], lang)
            rows.append([label(row["measure"], lang), label(row["patent_type"], lang),
                         f"{LEVEL_NAMES[lang][level]}{'' if lang == 'zh' else ' '}{fmt_count(row[f'target_{level}'], lang)}",
                         fmt_pct(row[f"completion_pct_{level}"]), fmt_pct(row["time_progress_pct"]),
                         fmt_pct(row["seasonal_progress_pct"]), year_end, chance])
    return pd.DataFrame(rows + stock_target_rows(stocks, lang), columns=TARGET_HEADERS[lang])


def stock_target_rows(stocks: pd.DataFrame | None, lang: str = "zh") -> list[list[str]]:
    """Rows of the targets table for stock indicators with targets (``stock_status``): the
    indicator, its value now (现有48件), the target, completion, the year end projected (80%)."""
    from ..metrics.stock_indicators import fmt_indicator, fmt_target  # noqa: PLC0415 - kept out of the report's start-up path

    rows = []
    for _, row in (stocks if stocks is not None else pd.DataFrame()).iterrows():
        ind = row["indicator"]
        now = fmt_indicator(ind, row["value"], lang)
        now = f"现有{now}" if lang == "zh" else f"now {now}"
        open_, close = ("（", "）") if lang == "zh" else (" (", ")")
        year_end = DASH if is_missing(row["point"]) else (f"{fmt_indicator(ind, row['point'], lang)}{open_}"
                                                          f"{fmt_indicator(ind, row['lo80'], lang)}-"
                                                          f"{fmt_indicator(ind, row['hi80'], lang)}{close}")
        for level in LEVELS:
            if not is_missing(row[f"target_{level}"]):
                rows.append([label(ind, lang), now, f"{LEVEL_NAMES[lang][level]}{'' if lang == 'zh' else ' '}"
                             f"{fmt_target(ind, row[f'target_{level}'], lang)}", fmt_pct(row[f"completion_pct_{level}"]),
                             DASH, DASH, year_end, DASH])
    return rows


def table(frame: pd.DataFrame, empty_note: str = "") -> Any:
    """What a notebook shows for a table: its cells HTML-escaped (text from files is never
    markup; pandas' Styler does not escape by default), without the index; one line instead
    of an empty table. Text columns read left; short cells stay on one line (a browser would
    otherwise break a region name one character a line to squeeze a wide table)."""
    from IPython.display import Markdown

    if len(frame) == 0 and empty_note:
        return Markdown(empty_note)  # type: ignore[no-untyped-call]
    cells = frame.astype(str)
    text: list[Hashable] = [c for c in frame.columns if not cells[c].str.match(_FIGURE_CELL).mean() >= 0.5]
    whole = [i for i, c in enumerate(frame.columns) if len(frame) and cells[c].str.len().max() <= NOWRAP_CHARS]
    rules: list[Any] = [{"selector": f"td.col{i}", "props": "white-space: nowrap"} for i in whole]
    if frame.columns.nlevels > 1:  # 专利申请量 centred over its types
        rules.append({"selector": "th.col_heading.level0", "props": "text-align: center"})
    rules += [{"selector": f"th.col_heading.col{frame.columns.get_loc(c)}", "props": "text-align: left"} for c in text]
    styled = frame.style.hide(axis="index").format(escape="html").set_table_styles(rules)
    return styled.set_properties(subset=text, **{"text-align": "left"}) if text else styled  # names read left, headed left


NOWRAP_CHARS = 16  # longer cells (applicant names, notes) may wrap
# a number, a rate, a change (增长9.6%, 增加2件, 持平) or a dash: right-aligned as JupyterLab has it
_FIGURE_CELL = r"^\s*[-+−—–]?[\d.,%]|^\s*[—–-]\s*$|^(增长|下降|增加|减少)\d|^(持平|unchanged)$"


def no_targets(region: str, year: int, lang: str = "zh") -> str:
    return f"{md_text(region)}{year}年未设目标。" if lang == "zh" else f"No targets are set for {md_text(region)} in {year}."


def _chance_cell(p: object, lang: str) -> str:
    if is_missing(p):
        return "—"
    if float(p) >= 1.0:  # type: ignore[arg-type]
        return "已完成" if lang == "zh" else "met"
    return chance_words(p, lang)


STANDING_HEADERS = {"zh": ["指标", "类型", "累计", "排名", "占比"], "en": ["Measure", "Type", "Year to date", "Rank", "Share"]}


def standing_frame(counts: pd.DataFrame, region: str, year: int, month: int, lang: str = "zh") -> pd.DataFrame:
    """Rank and share among the regions the data hold for the same period (empty if none)."""
    check_lang(lang)
    rows = [[label(r["measure"], lang), label(r["patent_type"], lang), fmt_count(r["ytd"], lang),
             f"{r['rank']}/{r['regions']}", fmt_pct(r["share_pct"])]
            for _, r in standing(counts, region, year, month).iterrows()]
    return pd.DataFrame(rows, columns=STANDING_HEADERS[lang])


def standing_heading(counts: pd.DataFrame, region: str, year: int, month: int, lang: str = "zh") -> str:
    """'## 在同期各地区中的位置（共2个地区）'; '' when the data hold no other region for the period."""
    table = standing(counts, region, year, month)
    if table.empty:
        return ""
    regions = int(table["regions"].max())
    return f"## 在同期各地区中的位置（共{regions}个地区）" if lang == "zh" else \
        f"## Standing among the {regions} regions with figures for the period"


def quality_notes(region: str, year: int, lang: str = "zh", log_path: Path | str | None = None,
                  projection: pd.DataFrame | None = None) -> str:
    """数据说明: missing months, revisions, duplicates and other import warnings of the last
    ingest for this region and year, incomplete months and the projection method with its
    record, as Markdown bullets in ``lang``. No file names: those are in the log. The projected
    figures are in the targets table and the summary paragraph."""
    check_lang(lang)
    log = json.loads(Path(log_path).read_text(encoding="utf-8")) if log_path and Path(log_path).is_file() else None
    projected = projection is not None and len(projection) > 0
    notes = _log_notes(log, region, year, lang, projected)
    if projection is not None and projected:
        notes.append(method_note(projection, lang))
    return "\n".join(f"- {n}" for n in notes)


def _log_notes(log: dict[str, Any] | None, region: str, year: int, lang: str, projected: bool) -> list[str]:
    if log is None:
        return ["未找到数据导入记录。" if lang == "zh" else "No ingest log was found next to the data."]
    revisions = [r for r in log.get("revisions", []) if r.get("region") == region]
    duplicates = [d for d in log.get("duplicates", []) if region in d["regions"]]
    notes = [*_missing_month_notes(log, region, year, lang), *(_revision_note(r, lang) for r in revisions),
             *(_duplicate_note(d, region, lang) for d in duplicates)]
    others = len([w for w in log.get("warnings", []) if region in w]) - len(revisions) - len(duplicates)
    if others > 0:
        notes.append(f"数据导入时另有{others}条提示，详见数据导入记录。" if lang == "zh" else
                     f"{others} other warning(s) from the import: see the ingest log.")
    if note := incomplete_note(incomplete_marks(log, region), year, lang, projected):
        notes.append(note)
    return notes


def _missing_month_notes(log: dict[str, Any], region: str, year: int, lang: str) -> list[str]:
    notes = []
    for item in log.get("missing_months", []):
        if item["region"] == region and item["year"] in (year, year - 1) and item["missing"]:
            months = ("、" if lang == "zh" else ", ").join(str(m) for m in item["missing"])
            notes.append(f"{item['year']}年{label(item['measure'], 'zh')}{months}月无当月数（仅有累计数或缺失）。"
                         if lang == "zh" else
                         f"{item['year']} {label(item['measure'], 'en').lower()}: no monthly count for month(s) {months} "
                         f"(year to date only, or missing).")
    return notes


def _revision_note(r: dict[str, Any], lang: str) -> str:
    if lang == "zh":
        return (f"{r['year']}年{r['month']}月{label(r['measure'], 'zh')}（{label(r['patent_type'], 'zh')}，"
                f"{'累计' if r['basis'] == 'ytd' else '当月'}）按更正后的报表由{r['old_value']}件改为{r['new_value']}件。")
    return (f"{label(r['measure'], 'en')} ({label(r['patent_type'], 'en').lower()}, "
            f"{'year to date' if r['basis'] == 'ytd' else 'month'}) for {r['year']}-{int(r['month']):02d} "
            f"revised from {r['old_value']} to {r['new_value']} by a corrected file.")


def _duplicate_note(d: dict[str, Any], region: str, lang: str) -> str:
    if lang == "zh":
        kind = {("applications",): "申请清单", ("grants",): "授权清单"}.get(tuple(d["measures"]), "专利清单")
        return f"{md_text(region)}{kind}中有{d['count']}件专利重复列出，已按1件计。"
    return (f"The patent list for {md_text(region)} gives {d['count']} patent(s) more than once; each is "
            f"counted once.")


def incomplete_note(marks: Mapping[tuple[str, str], tuple[int, int]], year: int, lang: str = "zh",
                    projected: bool = True) -> str | None:
    """One sentence saying from which month application counts are incomplete (``load_incomplete``),
    where that reaches into ``year``; and, when a projection is shown, that it uses the complete months."""
    first = min((when for (measure, _), when in marks.items() if measure == "applications" and when[0] <= year),
                default=None)
    if first is None:
        return None
    since, month = first
    estimated = bool(getattr(marks, "completeness", None))
    if lang == "zh":
        how = ("；尚未公开的申请按清单中较早申请从申请到公开的时间分布估计，同比和全年预计均按估计数计算，"
               "图中虚线或斜线部分为尚未全部公开的月份。" if estimated else
               "，全年预计按此前的完整月份推算，且不低于已公开数。" if projected else "，同比变化据此会偏低。")
        return (f"{since}年{month}月起的专利申请量不完整：数据来自专利检索清单，只含已公开的申请"
                f"（发明申请一般在申请后约18个月公开，实用新型和外观设计在授权时公告）" + how)
    how = ("; the applications not yet published are estimated from how long the list's earlier filings took to be "
           "published, and growth and the projection use the estimate; charts draw those months dashed or hatched."
           if estimated else "; the projection uses the complete months before, and is never below the count."
           if projected else ", so changes on last year read lower than they are.")
    return (f"Applications from {since}-{month:02d} on are incomplete: the list holds only published applications "
            f"(inventions are published about 18 months after filing, utility models and designs when granted)" + how)


METHOD_NAMES = {"seasonal_model": ("季节性负二项模型模拟", "a seasonal negative-binomial model, simulated forward"),
                "grant_lag": ("按此前申请量和授权周期推算", "the applications of earlier months and the usual time to grant"),
                "ets": ("指数平滑（ETS）模型模拟", "an exponential smoothing (ETS) model, simulated forward"),
                "seasonal_naive": ("累计加上年同期以后的数量", "YTD plus what last year added after this month"),
                "seasonal_share": ("往年同期完成比例推算", "YTD divided by the share prior years had reached by now"),
                "run_rate": ("按目前月均进度推算", "the run rate (YTD x 12 / month)")}


def short_since(marks: Mapping[tuple[str, str], tuple[int, int]] | None, measure: str = "applications") -> int | None:
    """The first year a region's ``measure`` counts are not all published (``load_incomplete``), for
    the charts over years; None where nothing is short.

    >>> short_since({("applications", "invention"): (2021, 5)}), short_since({("applications", "total"): (2021, 5)}, "grants")
    (2021, None)
    """
    years = [when[0] for (m, _), when in (marks or {}).items() if m == measure]
    return min(years) if years else None


def short_rows(projection: pd.DataFrame | None) -> set[tuple[str, str]]:
    """The (measure, type) series whose year to date a patent list does not yet wholly hold."""
    if projection is None or "incomplete_from" not in projection:
        return set()
    rows = projection[projection["incomplete_from"].notna()]
    return set(zip(rows["measure"], rows["patent_type"], strict=True))


def short_from(projection: pd.DataFrame | None, measure: str = "applications") -> int | None:
    """The first month of the report's year whose counts of ``measure`` are not yet all
    published (a patent list's), from ``project_year``'s table, for the charts; else None."""
    if projection is None or "incomplete_from" not in projection:
        return None
    rows = projection[(projection["measure"] == measure) & projection["incomplete_from"].notna()]
    return int(rows["incomplete_from"].min()) if len(rows) else None


def method_note(projection: pd.DataFrame, lang: str = "zh") -> str:
    """How the projection was made, from how much history, and how it has done before, in ``lang``;
    or, where December is known for every series, that nothing was projected."""
    short = "incomplete_from" in projection and projection["incomplete_from"].notna().any()
    if projection["reason"].str.startswith(YEAR_COMPLETE).all() and not short:
        return "全年数据已齐，年末数为实际数，不作预计。" if lang == "zh" else \
            "The year is complete: year-end figures are actual, not projected."
    method, years = str(projection["method"].iloc[0]), int(projection["history_years"].max())
    name = METHOD_NAMES.get(method, (method, method))[0 if lang == "zh" else 1]
    pooled = not years and projection["reason"].str.contains("pooled|share of the year reached").any()
    if lang == "zh":
        basis = (f"依据此前{years}年的月度数据" if years else "往年月度数据不全，借用往年累计数和其他地区、类型的季节规律"
                 if pooled else "没有往年数据，按全年均匀分布估计，区间较宽")
        note = f"预计方法：{name}，{basis}；预计值为模拟的中位数，真实值有80%的可能落在80%区间内。"
    else:
        basis = (f"from {years} prior year(s) of monthly data" if years else
                 "without complete prior years, borrowing the season of earlier year-to-date figures and other series"
                 if pooled else "with no prior year, assuming an even year, so the intervals are wide")
        note = (f"Projection method: {name}, {basis}; figures are medians of the simulations, and an 80% "
                f"interval holds the actual figure four times in five.")
    note += choice_note(projection, lang)
    return note + track_note(projection.iloc[0], projection, lang) if "p_cap" in projection else note


CANDIDATE_NAMES = {"seasonal_model": ("季节性模型", "the seasonal model"),
                   "grant_lag": ("按申请量和授权周期推算", "grants from applications"),
                   "seasonal_share": ("往年同期完成比例推算", "seasonal share"),
                   "seasonal_naive": ("累计加上年同期以后的数量", "last year's months left")}


def choice_note(projection: pd.DataFrame, lang: str) -> str:
    """Which method the default chose at this month and on what record (nothing for another method)."""
    choice = projection["choice"].iloc[0] if "choice" in projection and len(projection) else None
    if not isinstance(choice, Choice) or choice.month >= 12:
        return ""
    zh = lang == "zh"
    if not choice.errors:
        return ("此前没有可检验的年份，采用季节性模型。" if zh else
                " With no earlier year to check methods on, the seasonal model is used.")
    basis = (f"方法按往年同月预计的误差选定（此前{choice.pooled}个地区年度，本地区{choice.own}个）：" if zh else
             f" Chosen on earlier years at this month ({choice.pooled} region-years, {choice.own} here): ")
    return basis + _why_chosen(choice, zh) + ("。" if zh else ".") + _grants_note(choice, zh)


def _grants_note(choice: Choice, zh: bool) -> str:
    """Grants by their own method where the choice made one for them."""
    if choice.grants is None or choice.grants not in choice.grant_errors or MODEL not in choice.grant_errors:
        return ""
    lag, model = fmt_pct(choice.grant_errors[choice.grants]), fmt_pct(choice.grant_errors[MODEL])
    if zh:
        return (f"授权量另按申请量和授权周期推算（仅用于留出一年检验优于季节规律的序列）："
                f"往年授权误差中位数{lag}，季节性模型{model}。")
    return (f" Grants from applications (only where the lag fit predicted a held-out year better than the "
            f"seasonal profile): median error on grants {lag}, against {model} for the model.")


def _why_chosen(choice: Choice, zh: bool) -> str:
    """The chosen method's median error against the model's (or the best other's), and why it is used."""
    def name(method: str) -> str:
        return CANDIDATE_NAMES.get(method, (method, method))[0 if zh else 1]

    other = choice.runner_up if choice.method == MODEL else MODEL
    if other is None:
        return name(choice.method)
    mine, theirs = fmt_pct(choice.errors[choice.method]), fmt_pct(choice.errors[other])
    if choice.method != MODEL:
        return (f"{name(choice.method)}误差中位数{mine}，{name(other)}{theirs}，故采用前者" if zh else
                f"median error {mine}, against {theirs} for {name(other)}")
    if choice.errors[other] >= choice.errors[MODEL]:
        return (f"{name(MODEL)}误差中位数{mine}，其他方法不低于{theirs}" if zh else
                f"the model's median error {mine}, the others' {theirs} or more")
    short = choice.pooled < MIN_REGION_YEARS
    if zh:
        why = f"记录不足{MIN_REGION_YEARS}个地区年度" if short else f"优势不足{MARGIN:.0%}"
        return f"{name(other)}误差中位数{theirs}，{name(MODEL)}{mine}，{why}，仍用{name(MODEL)}"
    why = f"a record under {MIN_REGION_YEARS} region-years" if short else f"not {MARGIN:.0%} lower"
    return f"the model's median error {mine}, against {theirs} for {name(other)}: {why}, so the model is kept"


def track_note(first: pd.Series, projection: pd.DataFrame, lang: str) -> str:
    """The method's record on this region's earlier years at the same month, and the cap on chances."""
    cap, floor = f"{first['p_cap']:.0%}", f"{1 - first['p_cap']:.0%}"
    apes = {row["measure"]: row["track_ape"] for _, row in projection.iterrows()
            if row["patent_type"] == "total" and not is_missing(row["track_ape"])}
    years, scored, missed = int(first["track_years"]), int(first["track_scored"]), int(first["track_missed95"])
    if not years:
        return (f"本地区尚无往年同期的预计可供检验，完成可能性按{floor}至{cap}之间表述。" if lang == "zh" else
                f" There is no earlier year of this region to check the method on; chances are stated between "
                f"{floor} and {cap}.")
    if lang == "zh":
        errors = "、".join(f"{label(m, 'zh').removeprefix('专利')}{fmt_pct(v)}" for m, v in apes.items())
        return (f"过去{years}年同月所作预计，全年误差中位数为{errors}；{scored}个预计中{missed}个落在95%区间外，"
                f"故可能性按{floor}至{cap}表述。")
    errors = ", ".join(f"{label(m, 'en').lower()} by a median {fmt_pct(v)}" for m, v in apes.items())
    return (f" At this month in the past {years} year(s) it missed the year's {errors}; {missed} of "
            f"{scored} 95% intervals missed, so chances are stated between {floor} and {cap}.")


EXPECTATION_HEADERS = {"zh": ["指标", "模型预计", "80%区间", "95%区间", "已发布预期", "实际全年"],
                       "en": ["Measure", "Projected", "80% interval", "95% interval", "Published expectation",
                              "Actual year"]}
Expectation = tuple[str, pd.Series, int, float | None]  # measure, projected total, published, actual year end


def _expectations(counts: pd.DataFrame, region: str, year: int, month: int, expected: Mapping[str, int]
                  ) -> list[Expectation]:
    """The projection made at ``year``-``month`` for each expected measure, with the published
    figure and, where the year is complete, the actual year end."""
    if region not in set(counts["region"]):
        return []
    projection = project_year_end(counts, region, year, month)
    december = counts[(counts["region"] == region) & (counts["year"] == year) & (counts["month"] == 12)
                      & (counts["patent_type"] == TOTAL)].set_index("measure")["ytd"]
    found = []
    for measure, value in expected.items():
        if (proj := _total(projection, measure)) is not None:
            actual = december.get(measure)
            found.append((measure, proj, value, None if actual is None or is_missing(actual) else float(actual)))
    return found


def _span(proj: pd.Series, level: str, lang: str) -> str:
    return f"{fmt_count(proj[f'lo{level}'], lang)}-{fmt_count(proj[f'hi{level}'], lang)}"


def expectation_check(counts: pd.DataFrame, region: str, year: int, month: int, expected: dict[str, int],
                      lang: str = "zh") -> pd.DataFrame:
    """The projection made at ``year``-``month`` beside a published expectation and, where the
    year is complete, the actual year end. For the sample: 永修县's 2017 review expected 300
    applications and 160 grants at September 2017. Empty when the region has no such data."""
    return _expectation_frame(_expectations(counts, region, year, month, expected), check_lang(lang))


def _expectation_frame(found: list[Expectation], lang: str) -> pd.DataFrame:
    rows = [[label(m, lang), fmt_count(p["point"], lang), _span(p, "80", lang), _span(p, "95", lang),
             fmt_count(v, lang), fmt_count(a, lang)] for m, p, v, a in found]
    return pd.DataFrame(rows, columns=EXPECTATION_HEADERS[lang])


def _where(actual: float, proj: pd.Series) -> str:
    """Where the actual fell: 'above95', 'above80', 'within', 'below80' or 'below95'."""
    for side, sign, bound in (("above", 1, "hi"), ("below", -1, "lo")):
        if sign * (actual - proj[f"{bound}80"]) > 0:
            return side + ("95" if sign * (actual - proj[f"{bound}95"]) > 0 else "80")
    return "within"


WHERE_WORDS = {  # {a}: the actual, {s80} {s95}: the intervals; the model's miss said in words
    "zh": {"above95": "高于模型的95%区间（{s95}件），模型低估了{m}月以后的数量",
           "above80": "高于模型的80%区间（{s80}件），仍在95%区间之内",
           "within": "在模型的80%区间（{s80}件）之内",
           "below80": "低于模型的80%区间（{s80}件），仍在95%区间之内",
           "below95": "低于模型的95%区间（{s95}件），模型高估了{m}月以后的数量"},
    "en": {"above95": "above the model's 95% interval ({s95}): it underestimated the months after {m}",
           "above80": "above the model's 80% interval ({s80}) but within its 95% one",
           "within": "within the model's 80% interval ({s80})",
           "below80": "below the model's 80% interval ({s80}) but within its 95% one",
           "below95": "below the model's 95% interval ({s95}): it overestimated the months after {m}"},
}


def expectation_note(found: list[Expectation], month: int, lang: str = "zh") -> str:
    """In words, where each actual year end fell against the model's intervals (an actual
    outside them is the thing a reader of the table must not miss); '' before the year ends."""
    zh = check_lang(lang) == "zh"
    when = str(month) if zh else calendar.month_name[month]
    parts = []
    for measure, proj, _, actual in found:
        if actual is None:
            continue
        said = WHERE_WORDS[lang][_where(actual, proj)].format(s80=_span(proj, "80", lang), s95=_span(proj, "95", lang),
                                                              m=when)
        parts.append(f"实际全年{label(measure, 'zh')}{fmt_count(actual, 'zh')}件，{said}" if zh else
                     f"the actual year's {label(measure, 'en').lower()} ({fmt_count(actual, 'en')}) were {said}")
    if not parts:
        return ""
    missed = any(_where(a, p).endswith("95") for _, p, _, a in found if a is not None)
    if zh:
        return "；".join(parts) + "。" + (f"模型只依据截至{when}月的数据和往年的月度分布；"
                                         "此后各月若与往年不同，实际便可能落在区间之外。" if missed else "")
    text = "; ".join(parts)
    return text[0].upper() + text[1:] + "." + (f" The model sees only the data to {when} and the usual monthly pattern "
                                               "of earlier years; when the later months differ from it, the actual can "
                                               "fall outside its intervals." if missed else "")


def expectation_view(counts: pd.DataFrame, region: str, year: int, month: int, expected: Mapping[str, int],
                     lang: str = "zh") -> list[Any]:
    """What the explore notebook shows for a published expectation: a heading with what was
    published, the table, and a note on where the actual fell (measures expected as 0 left out)."""
    from IPython.display import Markdown

    given = {m: v for m, v in expected.items() if v}
    found = _expectations(counts, region, year, month, given)
    zh = check_lang(lang) == "zh"
    items = ("、" if zh else " and ").join(f"{label(m, lang)}{v}件" if zh else f"{v:,} {label(m, lang).lower()}"
                                           for m, v in given.items())
    intro = (f"## 预计与已发布预期的对照\n\n{md_text(region)}{year}年{month}月发布的预期：全年{items}（“已发布预期”列）。"
             f"“模型预计”及其区间依据截至{month}月的数据；全年结束后，“实际全年”为实际结果。" if zh else
             f"## The projection against a published expectation\n\nPublished for {md_text(region)} in "
             f"{calendar.month_name[month]} {year}: {items} for the year (column 'Published expectation'). The projection "
             f"and its intervals use the data to {calendar.month_name[month]}; once the year is over, 'Actual year' is "
             "what it turned out to be.")
    shown = [Markdown(intro), table(_expectation_frame(found, lang), no_data_note(region, year, month, lang))]  # type: ignore[no-untyped-call]
    note = expectation_note(found, month, lang)
    return shown + ([Markdown(note)] if note else [])  # type: ignore[no-untyped-call]


def no_data_note(region: str, year: int, month: int, lang: str = "zh") -> str:
    return (f"{md_text(region)}没有{year}年{month}月可作预计的数据。" if lang == "zh" else
            f"{md_text(region)} has no data for {year}-{month:02d} to project from.")


EXPLORE_TEXT = {
    "title": ("# 专利数据总览", "# Explore the patent counts"),
    "intro": ("各地区、各年份、各类型一览；地区之间比较；长期趋势与季节分布。",
              "Every region, year and type at a glance; comparisons between regions; long-run trends and seasonality."),
    "overview": ("## 各地区各年份一览\n\n年末（或最新月份）的累计数；“—”表示来源未提供。",
                 "## Every region, year and type at a glance\n\nYear-end (or latest) year-to-date figures; "
                 "'—' means the source did not give it."),
    "regions": ("## 地区比较\n\n各地区最新年份截至同一月份的累计数。", "## Regions compared\n\n"
                "Totals through the same month in each region's latest year."),
    "trends": ("## 各地区长期趋势与季节分布", "## Long-run trends and seasonality, per region"),
    "multiples": ("## 各地区逐月对比（最近一年）\n\n每个小图一个地区，纵轴相同：看哪些地区申请平稳、哪些集中在年末。",
                  "## Regions month by month (latest year)\n\nOne small panel per region on a shared scale: which regions "
                  "file steadily, which rush at the year end."),
}


def annual_heading(region: str, year: int, lang: str = "zh") -> str:
    """'# 永修县2017年专利工作总结素材' / '# Yongxiu, 2017: work summary pack'."""
    return (f"# {md_text(region)}{year}年专利工作总结素材" if check_lang(lang) == "zh" else
            f"# {md_text(region)}, {year}: work summary pack")


def file_list(paths: list[Path], lang: str = "zh") -> str:
    """What the summary pack wrote, as a short Markdown list: the folder, then its files by kind."""
    if not paths:
        return ""
    folder = paths[0].parent
    kinds: dict[str, list[str]] = {}
    for path in paths:
        kinds.setdefault(path.suffix.lstrip(".").upper(), []).append(md_text(path.name))
    zh = check_lang(lang) == "zh"
    lines = [f"{'文件保存在' if zh else 'Files written to'} `{md_text(str(folder))}`{'：' if zh else ':'}"]
    for kind, names in kinds.items():
        shown = "、".join(names) if zh and len(names) <= 2 else ", ".join(names) if len(names) <= 2 else \
            (f"{len(names)}{'个，如' if zh else ' files, e.g. '}{names[0]}")
        lines.append(f"- {kind}{'：' if zh else ': '}{shown}")
    return "\n".join(lines)


def explore_text(key: str, lang: str = "zh") -> str:
    """The explore notebook's headings and notes in ``lang``."""
    return EXPLORE_TEXT[key][0 if check_lang(lang) == "zh" else 1]


SHORT_HEADER = {"zh": "注", "en": "Note"}


def short_flag(marks: Mapping[tuple[str, str], tuple[int, int]] | None, year: int, lang: str = "zh") -> str:
    """'申请5月起未全部公开' for a year whose application counts a patent list does not yet wholly hold.

    >>> short_flag({("applications", "invention"): (2021, 5)}, 2021), short_flag({("applications", "total"): (2020, 3)}, 2021)
    ('申请5月起未全部公开', '申请全年未全部公开')
    >>> short_flag({("applications", "total"): (2021, 5)}, 2020, "en")
    ''
    """
    first = min((when for (measure, _), when in (marks or {}).items() if measure == "applications" and when[0] <= year),
                default=None)
    if first is None:
        return ""
    whole = first[0] < year or first[1] == 1
    if lang == "zh":
        return "申请全年未全部公开" if whole else f"申请{first[1]}月起未全部公开"
    return "applications not all published" + ("" if whole else f" from month {first[1]}")


def _with_flags(frame: pd.DataFrame, regions: pd.Series, years: pd.Series,
                incomplete: Mapping[str, Mapping[tuple[str, str], tuple[int, int]]] | None, lang: str) -> pd.DataFrame:
    """An explore table with a note column flagging the years a patent list holds only in part."""
    if not incomplete:
        return frame
    flags = [short_flag(incomplete.get(str(r)), int(y), lang) for r, y in zip(regions, years, strict=True)]
    if not any(flags):
        return frame
    key = (SHORT_HEADER[lang], "") if isinstance(frame.columns, pd.MultiIndex) else SHORT_HEADER[lang]
    return pd.concat([frame, pd.DataFrame({key: flags}, index=frame.index)], axis=1)


def overview_frame(counts: pd.DataFrame, lang: str = "zh",
                   incomplete: Mapping[str, Mapping[tuple[str, str], tuple[int, int]]] | None = None) -> pd.DataFrame:
    """Each region and year: its latest month and the year to date per measure and type, as text;
    with ``incomplete`` (``incomplete_by_region``), a note on years a patent list holds only in part."""
    check_lang(lang)
    latest = counts[counts["ytd"].notna()].sort_values("month").groupby(["region", "year", "measure", "patent_type"]).tail(1)
    wide = latest.pivot_table(index=["region", "year", "month"], columns=["measure", "patent_type"], values="ytd",
                              aggfunc="first")
    order = [(m, t) for m in MEASURES for t in (*PATENT_TYPES, TOTAL) if (m, t) in wide.columns]
    body = wide[order].map(lambda v: fmt_count(v, lang))
    # two header rows, 专利申请量 over 发明/实用新型/外观设计/合计, as the bureau's tables have it:
    # "专利申请量·实用新型" in every header made the table wider than the notebook
    body.columns = pd.MultiIndex.from_tuples([(label(m, lang), label(t, lang)) for m, t in order])
    index = wide.index.to_frame(index=False)
    names = ["地区", "年份", "截至月份"] if lang == "zh" else ["Region", "Year", "Month"]
    index.columns = pd.MultiIndex.from_tuples([(n, "") for n in names])
    frame = pd.concat([index.astype(str), body.reset_index(drop=True)], axis=1)
    return _with_flags(frame, index[names[0]], index[names[1]], incomplete, lang)


def regions_frame(counts: pd.DataFrame, measure: str = "applications", lang: str = "zh",
                  incomplete: Mapping[str, Mapping[tuple[str, str], tuple[int, int]]] | None = None) -> pd.DataFrame:
    """``metrics.compare_regions`` as text: year to date by type, last year's, and the change;
    with ``incomplete``, a note on years a patent list holds only in part."""
    check_lang(lang)
    table = compare_regions(counts, measure)
    headers = (["地区", "年份", "截至月份"] if lang == "zh" else ["Region", "Year", "Month"]) + \
        [label(t, lang) for t in (*PATENT_TYPES, TOTAL)] + (["去年同期", "同比"] if lang == "zh" else
                                                           ["Last year", "Year on year"])  # short: the table fits
    rows = [[r["region"], str(r["year"]), str(r["month"]), *(fmt_count(r[t], lang) for t in (*PATENT_TYPES, TOTAL)),
             fmt_count(r["total_prev_year"], lang), fmt_growth(r[TOTAL], r["total_prev_year"], lang)]
            for _, r in table.iterrows()]
    frame = pd.DataFrame(rows, columns=headers)
    return _with_flags(frame, table["region"], table["year"], incomplete if measure == "applications" else None, lang)


APPLICANT_HEADERS = {"zh": ["申请人", "类型", "申请", "授权", "发明占比", "累计申请"],
                     "en": ["Applicant", "Kind", "Applications", "Grants", "Invention share", "Applications in all"]}


def top_applicants_frame(report: ApplicantReport, lang: str = "zh") -> pd.DataFrame:
    """The year's top filers: applications and grants this year, invention share, all years' total."""
    check_lang(lang)
    rows = [[short(r["applicant"]), KIND_LABELS[r["kind"]][0 if lang == "zh" else 1], fmt_count(r["applications"], lang),
             fmt_count(r["grants"], lang), fmt_pct(r["invention_share_pct"]), fmt_count(r["cumulative"], lang)]
            for _, r in report.top.iterrows()]
    return pd.DataFrame(rows, columns=applicant_headers(report.first_year, lang))


def applicant_headers(first_year: int, lang: str = "zh") -> list[str]:
    """APPLICANT_HEADERS with the all-years column saying from when: '2018年以来累计申请'."""
    headers = list(APPLICANT_HEADERS[lang])
    if first_year:
        headers[5] = f"{first_year}年以来累计申请" if lang == "zh" else f"Applications since {first_year}"
    return headers


def applicant_lines(report: ApplicantReport, lang: str = "zh") -> list[str]:
    """New filers, the split by applicant kind and the milestones, as plain sentences."""
    check_lang(lang)
    zh = lang == "zh"
    if not report.earlier_years:
        new = "数据中没有更早的年份，无法区分新申请人。" if zh else \
            "The data hold no earlier year: new applicants cannot be told."
    elif report.new:
        names = ("、" if zh else ", ").join(map(short, report.new[:10])) + ("等" if zh and len(report.new) > 10 else "")
        new = f"本年新申请人{len(report.new)}个：{names}。" if zh else f"{len(report.new)} new applicant(s) this year: {names}."
    else:
        new = "本年没有新申请人。" if zh else "No new applicant this year."
    kinds = ("；" if zh else "; ").join(
        f"{KIND_LABELS[r['applicant_kind']][0]}{r['applicants']}个、{r['applications']}件" if zh else
        f"{KIND_LABELS[r['applicant_kind']][1]} {r['applicants']} ({r['applications']} applications)"
        for _, r in report.kinds.sort_values("applications", ascending=False).iterrows())
    return [new, (f"按申请人类型：{kinds}（联合申请按每个申请人各计1件）。" if zh else
                  f"By kind of applicant: {kinds} (a joint application counts once for each applicant)."),
            *milestone_sentences(report, lang)]


def applicant_notes(report: ApplicantReport, lang: str = "zh") -> str:
    """``applicant_lines`` as Markdown bullets, names escaped."""
    return "\n".join(f"- {md_text(line)}" for line in applicant_lines(report, lang))


def stock_notes(stocks: pd.DataFrame | None, warnings: list[str] | None = None, lang: str = "zh") -> str:
    """How the stock indicators' year end was projected (the lapse rate and where it comes from,
    the population used) where the rate is a default or the stocks have warnings, and those
    warnings, as Markdown; '' otherwise (the report keeps its pages; `status` gives the rate)."""
    if stocks is None or not len(stocks) or is_missing(stocks.iloc[0]["point"]) or \
            (stocks.iloc[0]["lapse_source"] == "region" and not warnings):
        return "\n\n".join(md_text(w) for w in warnings or [])  # the region's own rate is in `status`
    first = stocks.iloc[0]
    rate = fmt_pct(float(first["lapse_rate"]) * 100)
    people = stocks["population"].dropna()
    own = first["lapse_source"] == "region"
    if lang == "zh":
        text = ("有效发明专利年底预计 = 现有量 + 年内已授权和预计授权的发明 − 按" +
                (f"本地区年失效率{rate}" if own else f"全国年失效率约{rate}（本地区存量数据不足两期）") + "计的失效" +
                (f"；常住人口{float(people.iloc[0]):g}万人。" if len(people) else "。"))
    else:
        text = ("Inventions in force at the year end: now, plus grants since and expected, less lapses at "
                + (f"the region's {rate} a year" if own else f"the national {rate} a year") +
                (f"; population {float(people.iloc[0]):g} (10,000s)." if len(people) else "."))
    return "\n\n".join([text, *(md_text(w) for w in warnings or [])])


class ProgressLine:
    """One line in a notebook that says which step a long cell is at, then the time it took (the
    annual pack runs several seconds, mostly saving its charts at 300 dpi, and showed nothing)."""

    WORDS = {"zh": ("正在{}……", "已完成，用时{:.1f}秒。"), "en": ("{}…", "Done: it took {:.1f} s.")}

    def __init__(self, lang: str = "zh") -> None:
        from IPython.display import Markdown, display

        self.lang, self.start = check_lang(lang), time.monotonic()
        self.handle = display(Markdown(""), display_id=True)  # type: ignore[no-untyped-call]

    def _show(self, text: str) -> None:
        from IPython.display import Markdown

        if self.handle is not None:  # None outside a notebook
            self.handle.update(Markdown(text))  # type: ignore[no-untyped-call]

    def __call__(self, step: str) -> None:
        self._show(self.WORDS[self.lang][0].format(md_text(step)))

    def done(self) -> None:
        self._show(self.WORDS[self.lang][1].format(time.monotonic() - self.start))
