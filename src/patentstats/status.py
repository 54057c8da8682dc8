"""The status of one region and month for people (an aligned table) and for programs (a JSON
object whose names stay stable: reports, schedulers and other tools read them)."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from .formatting import check_lang, fmt_count, fmt_growth, fmt_pct, fmt_prob, is_missing, period_label, text_table
from .labels import label
from .narrative import estimate_clause
from .projection import Incomplete
from .targets import LEVELS
from .views import incomplete_note, method_note

__all__ = ["status_json", "status_text", "projection_json"]

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


def projection_json(row: pd.Series) -> dict[str, Any]:
    """``{point, lo80, hi80, lo95, hi95, method, reason, p_reach: {level: probability}}``."""
    item = {key: _plain(row[key]) for key in ("point", "lo80", "hi80", "lo95", "hi95")}
    item |= {"method": row["method"], "reason": row["reason"]}
    item["p_reach"] = {lv: round(float(row[f"p_reach_{lv}"]), 4) for lv in LEVELS if not is_missing(row[f"p_reach_{lv}"])}
    return item


def _projections_by_key(projection: pd.DataFrame | None) -> dict[tuple[str, str], pd.Series]:
    if projection is None:
        return {}
    return {(r["measure"], r["patent_type"]): r for _, r in projection.iterrows()}


def status_json(status: pd.DataFrame, region: str, year: int, month: int,
                projection: pd.DataFrame | None = None, incomplete: Incomplete | None = None) -> dict[str, Any]:
    """``{region, year, month, rows: [{measure, patent_type, month_count, ytd, ytd_prev_year,
    yoy_pct, targets: {level: value}, completion_pct: {level: %}, time_progress_pct, ...,
    projection: {point, lo80, hi80, lo95, hi95, method, reason, p_reach}}], track_record}``.
    Unknown values are null; a level without a target is left out of the per-level objects."""
    projected = _projections_by_key(projection)
    rows = []
    for _, row in status.iterrows():
        item: dict[str, Any] = {"measure": row["measure"], "patent_type": row["patent_type"]}
        item |= {name: _plain(row[name]) for name in SCALARS}
        levels = [lv for lv in LEVELS if not is_missing(row[f"target_{lv}"])]
        item |= {key: {lv: _plain(row[f"{prefix}_{lv}"]) for lv in levels} for key, prefix in PER_LEVEL.items()}
        key = (row["measure"], row["patent_type"])
        item["projection"] = projection_json(projected[key]) if key in projected else None
        first = (incomplete or {}).get(key)
        item["incomplete_from"] = f"{first[0]}-{first[1]:02d}" if first else None
        if first and first <= (year, month):
            item |= ytd_estimate_json(projected.get(key), row["ytd"])
        rows.append(item)
    return {"region": region, "year": year, "month": month, "rows": rows, "track_record": track_json(projection)}


ESTIMATE_KEYS = ("point", "lo80", "hi80", "lo95", "hi95")


def ytd_estimate_json(projection: pd.Series | None, ytd: Any) -> dict[str, Any]:
    """``{ytd_published, ytd_estimate: {point, lo80, hi80, lo95, hi95}, yoy_estimate_pct}`` of a
    row with incomplete months: what the list holds, the nowcast of the actual year to date, and
    its change on last year's same period (estimated too); null where unknown."""
    estimate, growth = None, None
    if projection is not None and not is_missing(projection.get("ytd_est_point")):
        estimate = {key: _plain(int(projection[f"ytd_est_{key}"])) for key in ESTIMATE_KEYS}
        before = projection.get("ytd_prev_estimate")
        if before is not None and not is_missing(before) and float(before) > 0:
            growth = _plain((float(projection["ytd_est_point"]) / float(before) - 1) * 100)
    return {"ytd_published": _plain(ytd), "ytd_estimate": estimate, "yoy_estimate_pct": growth}


def estimate_lines(status: pd.DataFrame, projected: dict[tuple[str, str], pd.Series], month: int,
                   lang: str) -> list[str]:
    """'专利申请量（发明）：已公开32件，其中5-8月申请尚未全部公开，估计实际约33件（32-34）' for each row
    whose year to date has months not yet published."""
    lines = []
    for _, row in status.iterrows():
        clause = estimate_clause(projected.get((row["measure"], row["patent_type"])), month, lang)
        if clause:
            name = f"{label(row['measure'], lang)}（{label(row['patent_type'], lang)}）" if lang == "zh" else \
                f"{label(row['measure'], lang)} ({label(row['patent_type'], lang).lower()})"
            lines.append(f"{name}：已公开{fmt_count(row['ytd'], lang, unit=True)}，{clause}。" if lang == "zh" else
                         f"{name}: {fmt_count(row['ytd'], lang)} published; {clause}.")
    return ["\n".join(lines)] if lines else []


def track_json(projection: pd.DataFrame | None) -> dict[str, Any] | None:
    """``{years, median_ape_pct: {measure: %}, scored, missed95, probability_cap}``: how the
    method did at this month of the region's earlier years (``track_record``)."""
    if projection is None or not len(projection) or "p_cap" not in projection:
        return None
    first = projection.iloc[0]
    totals = projection[projection["patent_type"] == "total"]
    return {"years": int(first["track_years"]),
            "median_ape_pct": {r["measure"]: _plain(r["track_ape"]) for _, r in totals.iterrows()},
            "scored": int(first["track_scored"]), "missed95": int(first["track_missed95"]),
            "probability_cap": round(float(first["p_cap"]), 4)}


HEADERS = {
    "zh": ["指标", "类型", "本月", "累计", "去年同期", "同比", "目标（确保/目标/力争）", "完成率", "序时进度", "往年同期进度",
           "预计全年(80%区间)", "达成可能性"],
    "en": ["Measure", "Type", "Month", "YTD", "Same period LY", "YoY", "Target (floor/plan/stretch)", "Completion",
           "Time elapsed", "Usual by now", "Year end (80% interval)", "Chance of target"],
}


def status_text(status: pd.DataFrame, region: str, year: int, month: int, lang: str = "zh",
                projection: pd.DataFrame | None = None, incomplete: Incomplete | None = None) -> str:
    """An aligned table for the terminal, labels in ``lang``, and notes on the projection and on
    counts known to be incomplete (``load_incomplete``)."""
    check_lang(lang)
    projected = _projections_by_key(projection)
    rows = []
    for _, row in status.iterrows():
        levels = [lv for lv in LEVELS if not is_missing(row[f"target_{lv}"])]
        targets = "/".join(fmt_count(row[f"target_{lv}"], lang) if lv in levels else "—" for lv in LEVELS) \
            if levels else "—"
        completion = "/".join(fmt_pct(row[f"completion_pct_{lv}"]) for lv in levels) if levels else "—"
        proj = projected.get((row["measure"], row["patent_type"]))
        year_end = (f"{fmt_count(proj['point'], lang)} ({fmt_count(proj['lo80'], lang)}-{fmt_count(proj['hi80'], lang)})"
                    if proj is not None else "—")
        chance = ("/".join(fmt_prob(proj[f"p_reach_{lv}"], lang, proj.get("p_cap")) for lv in levels)
                  if proj is not None and levels else "—")
        rows.append([label(row["measure"], lang), label(row["patent_type"], lang), fmt_count(row["month_count"], lang),
                     fmt_count(row["ytd"], lang), fmt_count(row["ytd_prev_year"], lang),
                     fmt_growth(row["ytd"], row["ytd_prev_year"], lang),
                     targets, completion, fmt_pct(row["time_progress_pct"]), fmt_pct(row["seasonal_progress_pct"]),
                     year_end, chance])
    title = f"{region} {period_label(year, month, lang)}" + (" 专利统计" if lang == "zh" else ": patent statistics")
    notes = [method_note(projection, lang)] if projection is not None and len(projection) else []
    notes += estimate_lines(status, projected, month, lang)
    notes += [n for n in [incomplete_note(incomplete or {}, year, lang, projected=bool(projected))] if n]
    return "\n\n".join([title, text_table(HEADERS[lang], rows), *notes])
