"""The status of one region and month for people (an aligned table) and for programs (a JSON
object whose names stay stable: reports, schedulers and other tools read them)."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from .formatting import check_lang, fmt_change, fmt_count, fmt_pct, is_missing, period_label, text_table
from .labels import label
from .targets import LEVELS

__all__ = ["status_json", "status_text"]

SCALARS = ["month_count", "ytd", "ytd_prev_year", "yoy_pct", "prev_month_count", "mom_pct", "time_progress_pct",
           "seasonal_progress_pct", "prev_year_total", "share_pct"]
PER_LEVEL = {"targets": "target", "completion_pct": "completion_pct", "gap_pp": "gap_pp",
             "seasonal_gap_pp": "seasonal_gap_pp", "remaining": "remaining", "needed_per_month": "needed_per_month"}


def _plain(value: Any) -> Any:
    """JSON-ready: None for unknown, int for counts, float (2 decimals) for rates."""
    if is_missing(value):
        return None
    if isinstance(value, (int, np.integer)):
        return int(value)
    return round(float(value), 2)


def status_json(status: pd.DataFrame, region: str, year: int, month: int) -> dict[str, Any]:
    """``{region, year, month, rows: [{measure, patent_type, month_count, ytd, ytd_prev_year,
    yoy_pct, targets: {level: value}, completion_pct: {level: %}, time_progress_pct, ...}]}``.
    Unknown values are null; a level without a target is left out of the per-level objects."""
    rows = []
    for _, row in status.iterrows():
        item: dict[str, Any] = {"measure": row["measure"], "patent_type": row["patent_type"]}
        item |= {name: _plain(row[name]) for name in SCALARS}
        levels = [lv for lv in LEVELS if not is_missing(row[f"target_{lv}"])]
        item |= {key: {lv: _plain(row[f"{prefix}_{lv}"]) for lv in levels} for key, prefix in PER_LEVEL.items()}
        if "projection" in status.columns:
            item["projection"] = row["projection"]
        rows.append(item)
    return {"region": region, "year": year, "month": month, "rows": rows}


HEADERS = {
    "zh": ["指标", "类型", "本月", "累计", "去年同期", "同比", "目标(确保/目标/力争)", "完成率", "时间进度", "往年同期进度"],
    "en": ["Measure", "Type", "Month", "YTD", "Same period LY", "YoY", "Target (floor/plan/stretch)", "Completion",
           "Time elapsed", "Usual by now"],
}


def status_text(status: pd.DataFrame, region: str, year: int, month: int, lang: str = "zh") -> str:
    """An aligned table for the terminal, labels in ``lang``."""
    check_lang(lang)
    rows = []
    for _, row in status.iterrows():
        levels = [lv for lv in LEVELS if not is_missing(row[f"target_{lv}"])]
        targets = "/".join(fmt_count(row[f"target_{lv}"], lang) if lv in levels else "—" for lv in LEVELS) \
            if levels else "—"
        completion = "/".join(fmt_pct(row[f"completion_pct_{lv}"]) for lv in levels) if levels else "—"
        rows.append([label(row["measure"], lang), label(row["patent_type"], lang), fmt_count(row["month_count"], lang),
                     fmt_count(row["ytd"], lang), fmt_count(row["ytd_prev_year"], lang), fmt_change(row["yoy_pct"], lang),
                     targets, completion, fmt_pct(row["time_progress_pct"]), fmt_pct(row["seasonal_progress_pct"])])
    title = f"{region} {period_label(year, month, lang)}" + (" 专利统计" if lang == "zh" else ": patent statistics")
    return title + "\n\n" + text_table(HEADERS[lang], rows)
