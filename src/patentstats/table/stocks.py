"""Stock indicators beside the flows: patents in force (有效量, 拥有量) and all-time totals
(总累计), as at a month's end, by region and type. ``ingest`` writes them to
``stock_counts.parquet`` beside the counts table, with the counts and the log."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from ..errors import ConflictError, InputError
from ..i18n import _
from ..labels import STOCK_COLUMNS, term
from ..paths import counts_file

__all__ = ["STOCK_KEY", "stocks_file_for", "merge_stocks", "load_stocks"]

STOCK_KEY = ["region", "year", "month", "stock", "measure", "patent_type"]


def stocks_file_for(counts_path: Path | str | None = None) -> Path:
    """stock_counts.parquet beside the default counts table, <name>.stocks.parquet beside another."""
    path = Path(counts_path) if counts_path else counts_file()
    if path.resolve() == counts_file().resolve():
        return path.with_name("stock_counts.parquet")
    return path.with_suffix(".stocks.parquet")


def merge_stocks(frames: list[pd.DataFrame]) -> pd.DataFrame:
    """One row per stock cell; the same figure from two files is one row, two different ones an
    error that names both."""
    if not frames:
        return pd.DataFrame(columns=STOCK_COLUMNS)
    stocks = pd.concat(frames, ignore_index=True)
    stocks["measure"] = stocks["measure"].fillna("")
    keyed = stocks.drop_duplicates([*STOCK_KEY, "value"])
    clash = keyed[keyed.duplicated(STOCK_KEY, keep=False)]
    if not clash.empty:
        first, second = clash.iloc[0], clash[(clash[STOCK_KEY] == clash.iloc[0][STOCK_KEY]).all(axis=1)].iloc[1]
        raise ConflictError(_("{cell}: sources disagree: {value} ({file} row {row}) and {other_value} ({other_file} row "
                              "{other_row})").format(
            cell=f"{first['region']} {first['year']}-{int(first['month']):02d} {first['stock']} {term(first['patent_type'])}",
            value=first["value"], file=first["file"], row=first["row"], other_value=second["value"],
            other_file=second["file"], other_row=second["row"]))
    return keyed.sort_values(STOCK_KEY).reset_index(drop=True)


def load_stocks(counts_path: Path | str | None = None, region: str | None = None) -> pd.DataFrame:
    """The stock table written beside the counts; empty where no file held stocks."""
    path = stocks_file_for(counts_path)
    if not path.is_file():
        return pd.DataFrame(columns=STOCK_COLUMNS)
    try:
        stocks = pd.read_parquet(path)
    except (OSError, ValueError) as exc:
        raise InputError(_("not a readable stock table ({error}): run `patentstats ingest` again").format(
            error=str(exc).splitlines()[0][:120]), file=str(path)) from None
    return stocks if region is None else stocks[stocks["region"] == region].reset_index(drop=True)
