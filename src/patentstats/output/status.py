"""The status of one region and month for people (an aligned table) and for programs (a JSON
object whose names stay stable: reports, schedulers and other tools read them)."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from ..forecasting.simulation import Incomplete
from ..formatting import check_lang, fmt_count, fmt_growth, fmt_pct, fmt_prob, is_missing, period_label, text_table
from ..labels import label
from ..metrics.stock_indicators import fmt_indicator, fmt_target
from ..table.targets import LEVELS
from .narrative import estimate_clause
from .views import incomplete_note, method_note

__all__ = ["status_json", "status_text", "projection_json", "stock_json", "stock_text"]

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
                projection: pd.DataFrame | None = None, incomplete: Incomplete | None = None,
                stocks: pd.DataFrame | None = None) -> dict[str, Any]:
    """``{region, year, month, rows: [{measure, patent_type, month_count, ytd, ytd_prev_year,
    yoy_pct, targets: {level: value}, completion_pct: {level: %}, time_progress_pct, ...,
    projection: {point, lo80, hi80, lo95, hi95, method, reason, p_reach}}], track_record,
    stocks}`` (``stock_json``). Unknown values are null; a level without a target is left out of
    the per-level objects."""
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
    return {"region": region, "year": year, "month": month, "rows": rows, "track_record": track_json(projection),
            "stocks": stock_json(stocks)}


def _stock_value(indicator: str, value: Any) -> Any:
    """Patents in force as a whole number, per 10,000 people to one decimal as printed."""
    if is_missing(value):
        return None
    return round(float(value) + 1e-9, 1) if indicator == "invention_per_10k" else int(round(float(value)))


def stock_json(stocks: pd.DataFrame | None) -> list[dict[str, Any]]:
    """``[{indicator, as_of, value, population, targets: {level: value}, completion_pct: {level: %},
    gap: {level: still needed}, projection: {point, lo80, hi80, lo95, hi95, lapse_rate, lapse_source}}]``
    from ``stock_status``: invention patents in force and per 10,000 people (one decimal)."""
    out = []
    for _, row in (stocks if stocks is not None else pd.DataFrame()).iterrows():
        indicator = row["indicator"]
        levels = [lv for lv in LEVELS if not is_missing(row[f"target_{lv}"])]
        as_of = None if is_missing(row["as_of_year"]) else f"{int(row['as_of_year'])}-{int(row['as_of_month']):02d}"
        projected = None if is_missing(row["point"]) else \
            {q: _stock_value(indicator, row[q]) for q in ("point", "lo80", "hi80", "lo95", "hi95")} | \
            {"lapse_rate": round(float(row["lapse_rate"]), 4), "lapse_source": row["lapse_source"]}
        out.append({"indicator": indicator, "as_of": as_of, "value": _stock_value(indicator, row["value"]),
                    "population": _plain(row["population"]),
                    "targets": {lv: _plain(row[f"target_{lv}"]) if indicator == "invention_per_10k" else
                                _stock_value(indicator, row[f"target_{lv}"]) for lv in levels},
                    "completion_pct": {lv: _plain(row[f"completion_pct_{lv}"]) for lv in levels},
                    "gap": {lv: _stock_value(indicator, row[f"gap_{lv}"]) for lv in levels},
                    "projection": projected})
    return out


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


STOCK_HEADERS = {
    "zh": ["存量指标", "截至", "数值", "目标（确保/目标/力争）", "完成率", "差距", "预计年底(80%区间)", "年失效率"],
    "en": ["Stock", "As at", "Value", "Target (floor/plan/stretch)", "Completion", "Gap", "Year end (80% interval)",
           "Lapse rate"],
}


def _stock_cells(row: pd.Series, lang: str) -> list[str]:
    ind = row["indicator"]
    levels = [lv for lv in LEVELS if not is_missing(row[f"target_{lv}"])]
    targets = "/".join(fmt_target(ind, row[f"target_{lv}"], lang) for lv in LEVELS) if levels else "—"
    as_of = "—" if is_missing(row["as_of_year"]) else f"{int(row['as_of_year'])}-{int(row['as_of_month']):02d}"
    year_end = "—" if is_missing(row["point"]) else \
        f"{fmt_indicator(ind, row['point'], lang)} ({fmt_indicator(ind, row['lo80'], lang)}-" \
        f"{fmt_indicator(ind, row['hi80'], lang)})"
    source = "*" if row["lapse_source"] == "default" else ""
    return [label(ind, lang), as_of, fmt_indicator(ind, row["value"], lang), targets,
            "/".join(fmt_pct(row[f"completion_pct_{lv}"]) for lv in levels) if levels else "—",
            "/".join(fmt_indicator(ind, row[f"gap_{lv}"], lang) for lv in levels) if levels else "—",
            year_end, f"{fmt_pct(float(row['lapse_rate']) * 100)}{source}"]


def stock_text(stocks: pd.DataFrame | None, lang: str = "zh") -> str:
    """The stock indicators (``stock_status``) as an aligned table; '' where there are none."""
    if stocks is None or not len(stocks):
        return ""
    rows = [_stock_cells(row, lang) for _, row in stocks.iterrows()]
    note = ("* 本地区失效率未知（无两期存量数据），按全国约6%计。" if lang == "zh" else
            "* the region's lapse rate is unknown (no two stock observations): the national 6% a year is used.")
    default = (stocks["lapse_source"] == "default").any()
    return text_table(STOCK_HEADERS[lang], rows) + (f"\n{note}" if default else "")


def _status_cells(row: pd.Series, proj: pd.Series | None, lang: str) -> list[str]:
    """One row of the status table: counts, growth, targets, completion, progress, year end and chances."""
    levels = [lv for lv in LEVELS if not is_missing(row[f"target_{lv}"])]
    targets = "/".join(fmt_count(row[f"target_{lv}"], lang) if lv in levels else "—" for lv in LEVELS) if levels else "—"
    completion = "/".join(fmt_pct(row[f"completion_pct_{lv}"]) for lv in levels) if levels else "—"
    year_end = (f"{fmt_count(proj['point'], lang)} ({fmt_count(proj['lo80'], lang)}-{fmt_count(proj['hi80'], lang)})"
                if proj is not None else "—")
    chance = ("/".join(fmt_prob(proj[f"p_reach_{lv}"], lang, proj.get("p_cap")) for lv in levels)
              if proj is not None and levels else "—")
    return [label(row["measure"], lang), label(row["patent_type"], lang), fmt_count(row["month_count"], lang),
            fmt_count(row["ytd"], lang), fmt_count(row["ytd_prev_year"], lang),
            fmt_growth(row["ytd"], row["ytd_prev_year"], lang),
            targets, completion, fmt_pct(row["time_progress_pct"]), fmt_pct(row["seasonal_progress_pct"]),
            year_end, chance]


def status_text(status: pd.DataFrame, region: str, year: int, month: int, lang: str = "zh",
                projection: pd.DataFrame | None = None, incomplete: Incomplete | None = None,
                stocks: pd.DataFrame | None = None) -> str:
    """An aligned table for the terminal, labels in ``lang``, the stock indicators (``stock_status``)
    and notes on the projection and on counts known to be incomplete (``load_incomplete``)."""
    check_lang(lang)
    projected = _projections_by_key(projection)
    rows = [_status_cells(row, projected.get((row["measure"], row["patent_type"])), lang) for _, row in status.iterrows()]
    title = f"{region} {period_label(year, month, lang)}" + (" 专利统计" if lang == "zh" else ": patent statistics")
    notes = [method_note(projection, lang)] if projection is not None and len(projection) else []
    notes += estimate_lines(status, projected, month, lang)
    notes += [n for n in [incomplete_note(incomplete or {}, year, lang, projected=bool(projected))] if n]
    parts = [title, text_table(HEADERS[lang], rows), stock_text(stocks, lang), *notes]
    return "\n\n".join(filter(None, parts))
