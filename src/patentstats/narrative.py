"""Ready sentences for the work summary (工作总结), in the seed document's style, from a
status table (``metrics.status_table``)."""

from __future__ import annotations

import pandas as pd

from .formatting import EN_MONTHS, check_lang, fmt_change, fmt_count, fmt_pct, fmt_prob, is_missing
from .labels import MEASURES, PATENT_TYPES, TOTAL
from .targets import LEVELS

__all__ = ["summary_paragraph"]

ZH_MEASURE = {"applications": "专利申请量", "grants": "专利授权量"}
EN_MEASURE = {"applications": "patent applications", "grants": "patent grants"}
ZH_TYPE = {"invention": "发明", "utility_model": "实用新型", "design": "外观设计"}
EN_TYPE = {"invention": ("invention", "inventions"), "utility_model": ("utility model", "utility models"),
           "design": ("design", "designs")}
ZH_LEVEL = {"floor": "确保目标", "plan": "目标", "stretch": "力争目标"}
EN_LEVEL = {"floor": "floor", "plan": "target", "stretch": "stretch target"}


def _row(status: pd.DataFrame, measure: str, patent_type: str) -> pd.Series:
    return status[(status["measure"] == measure) & (status["patent_type"] == patent_type)].iloc[0]


def _zh_counts(status: pd.DataFrame, month: int) -> str:
    opening = "全年" if month == 12 else f"截至{month}月"
    parts = []
    for i, measure in enumerate(MEASURES):
        total = _row(status, measure, TOTAL)
        if is_missing(total["ytd"]):
            continue
        text = f"{ZH_MEASURE[measure]}{fmt_count(total['ytd'], 'zh', unit=True)}"
        if not is_missing(total["yoy_pct"]):
            text += f",同比{fmt_change(total['yoy_pct'], 'zh')}"
        types = []
        for patent_type in PATENT_TYPES:
            row = _row(status, measure, patent_type)
            if is_missing(row["ytd"]):
                continue
            piece = f"{ZH_TYPE[patent_type]}{fmt_count(row['ytd'], 'zh', unit=True)}"
            if patent_type == "invention" and not is_missing(row["yoy_pct"]):  # the quality indicator
                piece += f",同比{fmt_change(row['yoy_pct'], 'zh')}"
            types.append(piece)
        if types:
            text += ("。其中" if i == 0 else ",其中") + ";".join(types)
        parts.append(text + "。")
    return f"{opening}," + "".join(parts) if parts else ""


def _levels_of(row: pd.Series) -> list[str]:
    return [lv for lv in LEVELS if not is_missing(row[f"target_{lv}"])]


def _with_targets(status: pd.DataFrame) -> list[tuple[str, pd.Series, list[str], str]]:
    """(measure, total row, its target levels, the main level: plan, else the first) of each
    measure whose total has targets and a year to date."""
    found = []
    for measure in MEASURES:
        row = _row(status, measure, TOTAL)
        levels = _levels_of(row)
        if levels and not is_missing(row["ytd"]):
            found.append((measure, row, levels, "plan" if "plan" in levels else levels[0]))
    return found


def _zh_targets(status: pd.DataFrame) -> str:
    sentences = []
    for measure, row, levels, main in _with_targets(status):
        done = ",".join(f"{ZH_LEVEL[lv]}{fmt_count(row[f'target_{lv}'], 'zh', unit=True)}的"
                        f"{fmt_pct(row[f'completion_pct_{lv}'])}" for lv in levels)
        text = f"{ZH_MEASURE[measure]}已完成{done};时间进度{fmt_pct(row['time_progress_pct'])}"
        if not is_missing(row["seasonal_progress_pct"]):
            text += f",往年同期一般完成全年的{fmt_pct(row['seasonal_progress_pct'])}"
        if row[f"remaining_{main}"] > 0 and not is_missing(row[f"needed_per_month_{main}"]):
            text += (f"。完成{ZH_LEVEL[main]}尚需{fmt_count(row[f'remaining_{main}'], 'zh', unit=True)},"
                     f"月均{float(row[f'needed_per_month_{main}']):.1f}件")
        elif row[f"remaining_{main}"] == 0:
            text += f"。已完成全年{ZH_LEVEL[main]}"
        sentences.append(text + "。")
    return "对照全年目标," + "".join(sentences) if sentences else ""


def _en_counts(status: pd.DataFrame, month: int) -> str:
    opening = "In the full year" if month == 12 else f"By the end of {EN_MONTHS[month - 1]}"
    sentences = []
    for i, measure in enumerate(MEASURES):
        total = _row(status, measure, TOTAL)
        if is_missing(total["ytd"]):
            continue
        text = (f"{opening if i == 0 else 'In the same period'}, {EN_MEASURE[measure]} totalled "
                f"{fmt_count(total['ytd'], 'en')}")
        if not is_missing(total["yoy_pct"]):
            text += f", {_en_change(total['yoy_pct'])} year on year"
        types = []
        for patent_type in PATENT_TYPES:
            row = _row(status, measure, patent_type)
            if is_missing(row["ytd"]):
                continue
            piece = f"{fmt_count(row['ytd'], 'en')} {EN_TYPE[patent_type][int(row['ytd']) != 1]}"
            if patent_type == "invention" and not is_missing(row["yoy_pct"]):
                piece += f" ({_en_change(row['yoy_pct'])})"
            types.append(piece)
        if types:
            text += ": " + (", ".join(types[:-1]) + " and " + types[-1] if len(types) > 1 else types[0])
        sentences.append(text + ".")
    return " ".join(sentences)


def _en_change(pct: object) -> str:
    value = round(float(pct), 1)  # type: ignore[arg-type]
    return "unchanged" if value == 0 else f"{'up' if value > 0 else 'down'} {abs(value):.1f}%"


def _en_targets(status: pd.DataFrame) -> str:
    sentences = []
    for measure, row, levels, main in _with_targets(status):
        done = ", ".join(f"{fmt_pct(row[f'completion_pct_{lv}'])} of the {EN_LEVEL[lv]} of "
                         f"{fmt_count(row[f'target_{lv}'], 'en')}" for lv in levels)
        text = (f"{EN_MEASURE[measure].capitalize()} have reached {done}, with "
                f"{fmt_pct(row['time_progress_pct'])} of the year elapsed")
        if not is_missing(row["seasonal_progress_pct"]):
            text += f"; in past years {fmt_pct(row['seasonal_progress_pct'])} of the year's figure was in by this month"
        if row[f"remaining_{main}"] > 0 and not is_missing(row[f"needed_per_month_{main}"]):
            text += (f". {fmt_count(row[f'remaining_{main}'], 'en')} more are needed to meet the {EN_LEVEL[main]}, "
                     f"{float(row[f'needed_per_month_{main}']):.1f} a month")
        elif row[f"remaining_{main}"] == 0:
            text += f". The {EN_LEVEL[main]} for the year has been met"
        sentences.append(text + ".")
    return " ".join(sentences)


def _projection_rows(projection: pd.DataFrame | None, status: pd.DataFrame) -> list[tuple[str, pd.Series, pd.Series]]:
    """(measure, projection row, status row) of each measure's total that has a projection."""
    if projection is None or projection.empty:
        return []
    found = []
    for measure in MEASURES:
        match = projection[(projection["measure"] == measure) & (projection["patent_type"] == TOTAL)]
        if len(match):
            found.append((measure, match.iloc[0], _row(status, measure, TOTAL)))
    return found


def _zh_chance(p: object) -> str:
    said = fmt_prob(p, "zh")
    return "已达到" if said == "已达到" else f"的可能性{'约为' if said[0].isdigit() else ''}{said}"


def _zh_projection(projection: pd.DataFrame | None, status: pd.DataFrame, month: int) -> str:
    if month == 12:
        return ""
    sentences = []
    for measure, proj, row in _projection_rows(projection, status):
        text = (f"按目前进度,预计全年{ZH_MEASURE[measure]}将达到{fmt_count(proj['point'], 'zh', unit=True)}左右"
                f"(80%的可能在{fmt_count(proj['lo80'], 'zh')}至{fmt_count(proj['hi80'], 'zh', unit=True)}之间)")
        if not is_missing(row["prev_year_total"]) and row["prev_year_total"] > 0:
            text += f",比上年{fmt_change((proj['point'] / row['prev_year_total'] - 1) * 100, 'zh')}"
        chances = [f"{ZH_LEVEL[lv]}{fmt_count(row[f'target_{lv}'], 'zh', unit=True)}{_zh_chance(proj[f'p_reach_{lv}'])}"
                   for lv in _levels_of(row) if not is_missing(proj.get(f"p_reach_{lv}"))]
        if chances:
            text += ";完成" + ",".join(chances)
        sentences.append(text + "。")
    return "".join(sentences)


def _en_projection(projection: pd.DataFrame | None, status: pd.DataFrame, month: int) -> str:
    if month == 12:
        return ""
    sentences = []
    for measure, proj, row in _projection_rows(projection, status):
        text = (f"At the current pace, {EN_MEASURE[measure]} are projected to reach about "
                f"{fmt_count(proj['point'], 'en')} for the year (80% interval {fmt_count(proj['lo80'], 'en')}-"
                f"{fmt_count(proj['hi80'], 'en')})")
        chances = [f"the {EN_LEVEL[lv]} of {fmt_count(row[f'target_{lv}'], 'en')}: {fmt_prob(proj[f'p_reach_{lv}'], 'en')}"
                   for lv in _levels_of(row) if not is_missing(proj.get(f"p_reach_{lv}"))]
        if chances:
            text += "; chance of reaching " + ", ".join(chances)
        sentences.append(text + ".")
    return " ".join(sentences)


def summary_paragraph(status: pd.DataFrame, month: int, lang: str = "zh",
                      projection: pd.DataFrame | None = None) -> str:
    """The paragraph an analyst pastes into the work summary: year to date against last year,
    progress against the targets and, given ``projection`` (``project_year_end``), the expected
    full year and the chance of reaching each target level.

    Examples
    --------
    >>> import patentstats as ps  # doctest: +SKIP
    >>> status = ps.status_table(ps.load_counts(), "永修县", 2017, 9)  # doctest: +SKIP
    >>> summary_paragraph(status, 9, "zh")[:40]  # doctest: +SKIP
    '截至9月,专利申请量135件,同比增长17.4%。其中发明22件,同比增长266.7%'
    """
    if check_lang(lang) == "zh":
        return _zh_counts(status, month) + _zh_targets(status) + _zh_projection(projection, status, month)
    parts = (_en_counts(status, month), _en_targets(status), _en_projection(projection, status, month))
    return " ".join(part for part in parts if part)
