"""Invention patents in force from a patent list: granted and not lapsed. With lapse dates
(失效日, 权利终止日) the stock is known at every month's end the list covers; with only the current
legal status (法律状态: 有效, 未缴年费, 期限届满…), only at the list's latest publication, which
stands for the day it was exported."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pyarrow as pa

from ..i18n import _
from .appno import TYPE_CODES
from .dates import parse_months
from .tables import TableResult
from .vocabulary import vocabulary

__all__ = ["list_stocks"]

INVENTION = TYPE_CODES.index("invention")


def _row_values(table: pa.Table, role: str, rows: np.ndarray) -> pa.Array:
    return table[role].combine_chunks().take(pa.array(rows))


def _lapsed_now(table: pa.Table, rows: np.ndarray) -> np.ndarray:
    """Whether each patent's current legal status says its rights have ended: any word of the
    vocabulary's lapsed ones (未缴年费 | 权利转移 has lapsed), each place read once, longest first
    (无效程序, a procedure under way, is not 无效)."""
    statuses = _row_values(table, "legal_status", rows).to_pylist()
    words = vocabulary()
    lapsed = {s: "lapsed" in words.find_each("legal_status", s) for s in set(statuses) if s}
    return np.array([lapsed.get(s, False) for s in statuses], dtype=bool)


def _frame(region_names: list[str], regions: np.ndarray, months: np.ndarray, values: np.ndarray,
           file: str) -> pd.DataFrame:
    return pd.DataFrame({"region": [region_names[r] for r in regions], "year": 1970 + months // 12,
                         "month": months % 12 + 1, "stock": "in_force", "measure": "", "patent_type": "invention",
                         "value": values, "file": file, "sheet": "", "row": 0, "column": "法律状态"})


def list_stocks(table: pa.Table, patents: dict[str, np.ndarray], region_names: list[str], latest: int | None,
                file: str, result: TableResult) -> pd.DataFrame | None:
    """Invention patents in force by region: at every month's end from lapse dates, else at the
    list's latest publication from the current legal status; None for a list with neither."""
    has_dates, has_status = "lapse_date" in table.column_names, "legal_status" in table.column_names
    if "grant" not in patents or latest is None or not (has_dates or has_status):
        return None
    granted = np.flatnonzero((patents["type"] == INVENTION) & (patents["grant"] >= 0) & (patents["grant"] <= latest))
    rows, regions, grant = patents["row"][granted], patents["region"][granted], patents["grant"][granted]
    if has_dates:
        lapse = parse_months(_row_values(table, "lapse_date", rows))
        return _monthly_stocks(region_names, regions, grant, lapse, latest, file)
    lapsed = _lapsed_now(table, rows)
    in_force = np.bincount(regions[~lapsed], minlength=len(region_names))
    result.notes.append(_("{file}: invention patents in force as at {month} (the list's latest publication) from the "
                          "current legal status; earlier months are not known").format(
                              file=file, month=f"{1970 + latest // 12}-{latest % 12 + 1:02d}"))
    present = np.unique(patents["region"])  # a region of the list with none in force holds 0
    return _frame(region_names, present, np.full(len(present), latest), in_force[present], file)


def _monthly_stocks(region_names: list[str], regions: np.ndarray, grant: np.ndarray, lapse: np.ndarray, latest: int,
                    file: str) -> pd.DataFrame:
    """At each month's end from the first grant: granted by then less lapsed by then."""
    if not grant.size:
        return _frame(region_names, np.array([], dtype=int), np.array([], dtype=int), np.array([], dtype=int), file)
    first = int(grant.min())
    span = latest - first + 1
    frames = []
    for region in np.unique(regions):
        mine = regions == region
        gained = np.bincount(grant[mine] - first, minlength=span)[:span]
        ended = lapse[mine]
        ended = ended[(ended >= first) & (ended <= latest)]
        lost = np.bincount(ended - first, minlength=span)[:span]
        stock = np.cumsum(gained) - np.cumsum(lost)
        frames.append(_frame(region_names, np.full(span, region), np.arange(first, latest + 1), stock, file))
    return pd.concat(frames, ignore_index=True)
