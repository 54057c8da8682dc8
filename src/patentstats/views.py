"""What the notebooks display: titles, headline figures, the status table and data-quality
notes, as Markdown strings and formatted DataFrames in Chinese or English. Pure functions."""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path

import pandas as pd

from .counts import incomplete_marks
from .formatting import check_lang, fmt_change, fmt_count, fmt_pct, fmt_prob, is_missing, period_label
from .labels import MEASURES, TOTAL, label
from .markup import md_text
from .projection import project_year_end
from .targets import LEVELS

__all__ = ["title", "heading", "headline", "status_frame", "quality_notes", "incomplete_note", "method_note",
           "expectation_check"]

HEADINGS = {
    "headline": ("主要指标", "Headline figures"), "table": ("统计表", "Status table"), "charts": ("图表", "Charts"),
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


def headline(status: pd.DataFrame, projection: pd.DataFrame | None, lang: str = "zh") -> str:
    """One bullet per measure: year to date, change, target completion, projection."""
    check_lang(lang)
    lines = []
    for measure in MEASURES:
        row = _total(status, measure)
        if row is None or is_missing(row["ytd"]):
            continue
        parts = [f"**{label(measure, lang)}**: {fmt_count(row['ytd'], lang, unit=lang == 'zh')}"]
        if not is_missing(row["yoy_pct"]):
            parts.append(("同比" if lang == "zh" else "year on year ") + fmt_change(row["yoy_pct"], lang))
        for level in LEVELS:
            if not is_missing(row[f"target_{level}"]):
                parts.append(f"{LEVEL_NAMES[lang][level]} {fmt_count(row[f'target_{level}'], lang)}: "
                             f"{fmt_pct(row[f'completion_pct_{level}'])}")
        proj = _total(projection, measure) if projection is not None and len(projection) else None
        if proj is not None:
            parts.append(("预计全年" if lang == "zh" else "projected year end ")
                         + f"{fmt_count(proj['point'], lang)} ({fmt_count(proj['lo80'], lang)}-"
                           f"{fmt_count(proj['hi80'], lang)})")
        lines.append("- " + ("，" if lang == "zh" else "; ").join(parts))
    time_pct = fmt_pct(status["time_progress_pct"].iloc[0])
    lines.append(f"- {'时间进度' if lang == 'zh' else 'Time elapsed'}: {time_pct}")
    return "\n".join(lines)


TABLE_HEADERS = {
    "zh": ["指标", "类型", "本月", "累计", "去年同期", "同比", "目标", "完成率", "时间进度", "往年同期进度", "预计全年",
           "80%区间", "达成可能性"],
    "en": ["Measure", "Type", "Month", "YTD", "Same period LY", "YoY", "Targets", "Completion", "Time elapsed",
           "Usual by now", "Year end", "80% interval", "Chance"],
}


def status_frame(status: pd.DataFrame, projection: pd.DataFrame | None, lang: str = "zh") -> pd.DataFrame:
    """The status table as display strings, headers in ``lang``; targets and completion show
    each level that exists (确保/目标/力争)."""
    check_lang(lang)
    projected = {} if projection is None else {(r["measure"], r["patent_type"]): r for _, r in projection.iterrows()}
    rows = []
    for _, row in status.iterrows():
        levels = [lv for lv in LEVELS if not is_missing(row[f"target_{lv}"])]
        proj = projected.get((row["measure"], row["patent_type"]))
        rows.append([
            label(row["measure"], lang), label(row["patent_type"], lang), fmt_count(row["month_count"], lang),
            fmt_count(row["ytd"], lang), fmt_count(row["ytd_prev_year"], lang), fmt_change(row["yoy_pct"], lang),
            " / ".join(f"{LEVEL_NAMES[lang][lv]} {fmt_count(row[f'target_{lv}'], lang)}" for lv in levels) or "—",
            " / ".join(fmt_pct(row[f"completion_pct_{lv}"]) for lv in levels) or "—",
            fmt_pct(row["time_progress_pct"]), fmt_pct(row["seasonal_progress_pct"]),
            fmt_count(proj["point"], lang) if proj is not None else "—",
            f"{fmt_count(proj['lo80'], lang)}-{fmt_count(proj['hi80'], lang)}" if proj is not None else "—",
            " / ".join(fmt_prob(proj[f"p_reach_{lv}"], lang) for lv in levels) if proj is not None and levels else "—",
        ])
    return pd.DataFrame(rows, columns=TABLE_HEADERS[lang])


def quality_notes(region: str, year: int, lang: str = "zh", log_path: Path | str | None = None,
                  projection: pd.DataFrame | None = None) -> str:
    """Missing months, revisions and warnings from the last ingest for this region and year,
    and the projection method, as Markdown bullets."""
    check_lang(lang)
    notes = []
    log = json.loads(Path(log_path).read_text(encoding="utf-8")) if log_path and Path(log_path).is_file() else None
    if log is None:
        notes.append("未找到数据导入记录" if lang == "zh" else "No ingest log was found next to the data")
    else:
        for item in log.get("missing_months", []):
            if item["region"] == region and item["year"] in (year, year - 1) and item["missing"]:
                months = ", ".join(str(m) for m in item["missing"])
                notes.append(f"{item['year']}年{label(item['measure'], 'zh')}: {months}月无当月数(仅有累计数或缺失)"
                             if lang == "zh" else
                             f"{item['year']} {item['measure']}: no monthly count for month(s) {months} "
                             f"(year to date only, or missing)")
        notes += [f"{'修订' if lang == 'zh' else 'Revision'}: {md_text(r['cell'])}: {md_text(r['old_value'])} → "
                  f"{md_text(r['new_value'])} ({md_text(r['new_file'])})"
                  for r in log.get("revisions", []) if str(r["cell"]).startswith(region)]
        notes += [f"{'提示' if lang == 'zh' else 'Warning'}: {md_text(w)}" for w in log.get("warnings", []) if region in w]
        if note := incomplete_note(incomplete_marks(log, region), lang):
            notes.append(note)
    if projection is not None and len(projection):
        notes.append(method_note(projection, lang))
    notes.append("预计值为模拟的中位数；区间表示真实值有80%的可能落入的范围。" if lang == "zh" else
                 "Projections are the median of simulated years; the 80% interval holds the actual figure "
                 "four times out of five.")
    return "\n".join(f"- {n}" for n in notes) if notes else ("- 无" if lang == "zh" else "- None")


def incomplete_note(marks: Mapping[tuple[str, str], tuple[int, int]], lang: str = "zh") -> str | None:
    """One sentence saying from which month application counts are incomplete (``load_incomplete``)."""
    first = min((when for (measure, _), when in marks.items() if measure == "applications"), default=None)
    if first is None:
        return None
    year, month = first
    if lang == "zh":
        return (f"{year}年{month}月起的专利申请量不完整：数据来自专利检索清单，只含已公开的申请"
                f"（发明申请一般在申请后约18个月公开，实用新型和外观设计在授权时公告），全年预计按此前的完整月份推算。")
    return (f"Applications from {year}-{month:02d} on are incomplete: the list holds only published applications "
            f"(inventions are published about 18 months after filing, utility models and designs when granted); the "
            f"projection uses the complete months before.")


METHOD_NAMES = {"seasonal_model": ("季节性负二项模型模拟", "a seasonal negative-binomial model, simulated forward"),
                "seasonal_share": ("往年同期完成比例推算", "YTD divided by the share prior years had reached by now"),
                "run_rate": ("按目前月均进度推算", "the run rate (YTD x 12 / month)")}


def method_note(projection: pd.DataFrame, lang: str = "zh") -> str:
    """How the projection was made and from how much history, in ``lang``."""
    method, years = str(projection["method"].iloc[0]), int(projection["history_years"].max())
    name = METHOD_NAMES.get(method, (method, method))[0 if lang == "zh" else 1]
    if lang == "zh":
        basis = f"依据此前{years}年的月度数据" if years else "没有往年数据,按全年均匀分布估计,区间较宽"
        return f"预计方法: {name},{basis}。"
    basis = f"from {years} prior year(s) of monthly data" if years else \
        "with no prior year, assuming an even year, so the intervals are wide"
    return f"Projection method: {name}, {basis}."


def expectation_check(counts: pd.DataFrame, region: str, year: int, month: int, expected: dict[str, int],
                      lang: str = "zh") -> pd.DataFrame:
    """The projection made at ``year``-``month`` beside another expectation and, where the year
    is complete, the actual year end. For the sample: the seed document expected 300
    applications and 160 grants at September 2017. Empty when the region has no such data."""
    if region not in set(counts["region"]):
        return pd.DataFrame()
    projection = project_year_end(counts, region, year, month)
    december = counts[(counts["region"] == region) & (counts["year"] == year) & (counts["month"] == 12)
                      & (counts["patent_type"] == TOTAL)].set_index("measure")["ytd"]
    rows = []
    for measure, value in expected.items():
        proj = _total(projection, measure)
        if proj is None:
            continue
        actual = december.get(measure)
        rows.append([label(measure, lang), fmt_count(proj["point"], lang),
                     f"{fmt_count(proj['lo80'], lang)}-{fmt_count(proj['hi80'], lang)}",
                     f"{fmt_count(proj['lo95'], lang)}-{fmt_count(proj['hi95'], lang)}", fmt_count(value, lang),
                     fmt_count(actual, lang)])
    headers = (["指标", "模型预计", "80%区间", "95%区间", "另一预计", "实际全年"] if lang == "zh" else
               ["Measure", "Projected", "80% interval", "95% interval", "Other expectation", "Actual year"])
    return pd.DataFrame(rows, columns=headers)
