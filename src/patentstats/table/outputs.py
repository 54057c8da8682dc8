"""What ingest may write over: only files patentstats wrote. Its Parquet tables carry a mark in
their metadata (older ones are known by their columns) and its log by its keys; anything else
at an output path (a targets file, a device, a folder, someone's spreadsheet) is refused in one
line before anything is read or written."""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from ..errors import InputError

__all__ = ["MARK", "check_ours", "write_parquet"]

MARK = b"patentstats"
_COLUMNS = {"counts": {"region", "year", "month", "measure", "patent_type", "count", "ytd"},
            "applicants": {"region", "applicant", "applicant_kind", "count"},
            "stocks": {"region", "year", "month", "stock", "patent_type", "value"}}


def write_parquet(frame: pd.DataFrame, path: Path, kind: str) -> None:
    """The frame as Parquet, marked as patentstats' ``kind`` table."""
    table = pa.Table.from_pandas(frame, preserve_index=False)
    pq.write_table(table.replace_schema_metadata({**(table.schema.metadata or {}), MARK: kind.encode()}), path)


def _is_ours(path: Path, kind: str) -> bool:
    try:
        if kind == "log":
            return isinstance(data := json.loads(path.read_text(encoding="utf-8")), dict) and "files" in data
        schema = pq.read_schema(path)
    except (OSError, ValueError, pa.ArrowException):
        return False
    marked = (schema.metadata or {}).get(MARK)
    return marked == kind.encode() if marked else _COLUMNS[kind] <= set(schema.names)


def check_ours(path: Path, kind: str) -> None:
    """Refuse an output path that is a folder, a device or pipe, a file patentstats did not
    write, or in a folder that cannot be written."""
    where = str(path)
    if path.is_dir():
        raise InputError(f"is a folder: give a file path such as {path / 'patent_counts.parquet'}", file=where)
    if path.exists() and not stat.S_ISREG(path.stat().st_mode):
        raise InputError("is not a regular file (a device, pipe or socket): refused; give a file path", file=where)
    if path.exists() and not _is_ours(path, kind):
        raise InputError(f"is not a {kind} file written by patentstats, so it is not replaced: choose another path, "
                         f"or move the file away first", file=where)
    folder = next((p for p in path.parents if p.exists()), Path("/"))
    if not folder.is_dir():
        raise InputError(f"{folder} is a file, not a folder", file=where)
    if not os.access(folder, os.W_OK | os.X_OK):
        raise InputError(f"cannot write in {folder} (read-only or not yours): choose another path", file=where)
