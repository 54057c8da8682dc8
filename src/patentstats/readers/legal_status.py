"""Invention patents in force from a patent list: granted and not lapsed. With lapse dates
(失效日, 权利终止日) the stock is known at every month's end the list covers; with only the current
legal status (法律状态: 有效, 未缴年费, 期限届满…), only at the list's latest publication, which
stands for the day it was exported."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from ..i18n import _
from .appno import TYPE_CODES
from .dates import parse_months
from .tables import TableResult
from .vocabulary import vocabulary

__all__ = ["list_stocks", "lapse_months", "lapsed_now"]

INVENTION = TYPE_CODES.index("invention")


def lapse_months(table: pa.Table, rows: np.ndarray) -> np.ndarray:
    """Each row's lapse month (-1 where none), read chunk by chunk as the list is."""
    months: np.ndarray = parse_months(table["lapse_date"].combine_chunks())[rows]  # every row read: no copy of the text
    return months


def lapsed_now(table: pa.Table, rows: np.ndarray) -> np.ndarray:
    """Whether each patent's current legal status says its rights have ended: any word of the
    vocabulary's lapsed ones (未缴年费 | 权利转移 has lapsed), each place read once, longest first
    (无效程序, a procedure under way, is not 无效); each distinct status read once."""
    encoded = pc.dictionary_encode(table["legal_status"].combine_chunks().take(pa.array(rows)))
    words = vocabulary()
    lapsed = np.array([bool(s) and "lapsed" in words.find_each("legal_status", s)
                       for s in encoded.dictionary.to_pylist()] + [False], dtype=bool)
    indices: np.ndarray = pc.fill_null(encoded.indices, len(encoded.dictionary)).to_numpy(zero_copy_only=False)
    found: np.ndarray = lapsed[indices]
    return found


def _frame(region_names: list[str], regions: np.ndarray, months: np.ndarray, values: np.ndarray,
           file: str) -> pd.DataFrame:
    return pd.DataFrame({"region": [region_names[r] for r in regions], "year": 1970 + months // 12,
                         "month": months % 12 + 1, "stock": "in_force", "measure": "", "patent_type": "invention",
                         "value": values, "file": file, "sheet": "", "row": 0, "column": "法律状态"})


def list_stocks(patents: dict[str, np.ndarray], region_names: list[str], present: np.ndarray, latest: int | None,
                file: str, result: TableResult) -> pd.DataFrame | None:
    """Invention patents in force by region: at every month's end from lapse dates (``lapse``),
    else at the list's latest publication from the current legal status (``lapsed``); None for
    a list with neither. ``patents``: one row per patent (at least every granted invention);
    ``present``: the codes of the regions with any patent."""
    has_dates, has_status = "lapse" in patents, "lapsed" in patents
    if "grant" not in patents or latest is None or not (has_dates or has_status):
        return None
    granted = np.flatnonzero((patents["type"] == INVENTION) & (patents["grant"] >= 0) & (patents["grant"] <= latest))
    regions, grant = patents["region"][granted], patents["grant"][granted].astype(np.int64)
    if has_dates:
        lapse = patents["lapse"][granted].astype(np.int64)
        return _monthly_stocks(region_names, regions, grant, lapse, latest, file)
    lapsed = patents["lapsed"][granted]
    in_force = np.bincount(regions[~lapsed], minlength=len(region_names))
    result.notes.append(_("{file}: invention patents in force as at {month} (the list's latest publication) from the "
                          "current legal status; earlier months are not known").format(
                              file=file, month=f"{1970 + latest // 12}-{latest % 12 + 1:02d}"))
    # a region of the list with none in force holds 0
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
