"""Default locations. Functions, not constants: nothing is looked up at import time."""

from __future__ import annotations

import os
from importlib.resources import files
from pathlib import Path

__all__ = ["project_root", "in_workspace", "raw_dir", "processed_dir", "counts_file", "ingest_log_file",
           "ingest_log_for", "targets_file", "reports_dir", "notebooks_dir"]


def project_root() -> Path:
    """The project folder: ``$PATENTSTATS_HOME``, else the nearest folder at or above the
    working directory holding ``data/raw`` (so notebooks run from ``notebooks/`` find it),
    else the working directory."""
    if home := os.environ.get("PATENTSTATS_HOME"):
        return Path(home)
    cwd = Path.cwd()
    for folder in (cwd, *cwd.parents):
        if (folder / "data" / "raw").is_dir():
            return folder
    return cwd


def in_workspace() -> bool:
    """Whether the default locations point into a working folder (``patentstats init``'s, or
    ``$PATENTSTATS_HOME``): a folder holding ``data/raw`` at or above the working directory."""
    return bool(os.environ.get("PATENTSTATS_HOME")) or (project_root() / "data" / "raw").is_dir()


def raw_dir() -> Path:
    return project_root() / "data" / "raw"


def processed_dir() -> Path:
    return project_root() / "data" / "processed"


def counts_file() -> Path:
    """The canonical table written by ``patentstats ingest``."""
    return processed_dir() / "patent_counts.parquet"


def ingest_log_file() -> Path:
    """What the last ingest read, warned about and revised (JSON), for reports."""
    return processed_dir() / "ingest_log.json"


def targets_file() -> Path:
    """The yearly targets (YAML)."""
    return project_root() / "data" / "targets.yaml"


def ingest_log_for(counts_path: Path | str | None = None) -> Path:
    """The ingest log written beside a counts table: ingest_log.json for the default table,
    <name>.log.json beside any other."""
    path = Path(counts_path) if counts_path else counts_file()
    return ingest_log_file() if path.resolve() == counts_file().resolve() else path.with_suffix(".log.json")


def reports_dir() -> Path:
    return project_root() / "reports"


def notebooks_dir() -> Path:
    """The project's notebooks/ when it has them (a checkout, or a folder `patentstats init`
    made), else the copies installed with the package."""
    package = Path(str(files("patentstats")))
    # this project's, the wheel's (inside the package), or, for an editable install, the checkout's
    for folder in (project_root() / "notebooks", package / "notebooks", package.parents[1] / "notebooks"):
        if (folder / "monthly_report.ipynb").is_file():
            return folder
    return project_root() / "notebooks"
