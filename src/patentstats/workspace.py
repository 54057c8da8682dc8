"""`patentstats init DIR`: a working folder for an office, outside any checkout: data/raw/ with
a README on what to put there, data/targets.yaml, data/population.yaml and data/report.yaml to
fill in, notebooks/ for JupyterLab and reports/. Nothing that exists is overwritten."""

from __future__ import annotations

import shutil
from importlib.resources import files
from pathlib import Path

from .errors import PatentstatsError
from .i18n import N_, _
from .paths import notebooks_dir

__all__ = ["init_workspace", "NEXT_STEPS"]

NOTEBOOKS = ("monthly_report.ipynb", "annual_summary.ipynb", "explore.ipynb")
NEXT_STEPS = N_("""Next:
  1. put your tables and patent lists in {root}/data/raw/ (see the README there)
  2. fill in {root}/data/targets.yaml, population.yaml and report.yaml
  3. cd {root} && patentstats ingest
  4. patentstats status --region REGION --year latest
  5. patentstats report --region REGION --year latest   (or open notebooks/ in JupyterLab)""")


def init_workspace(folder: Path) -> tuple[list[Path], list[Path]]:
    """Create the working folder; (written, already there) paths."""
    if folder.exists() and not folder.is_dir():
        raise PatentstatsError(_("{folder} exists and is not a folder").format(folder=folder))
    templates = files("patentstats.templates")
    wanted = {folder / "data" / "raw" / "README.md": templates / "raw_README.md",
              folder / "data" / "targets.yaml": templates / "targets.yaml",
              folder / "data" / "report.yaml": templates / "report.yaml",
              folder / "data" / "population.yaml": templates / "population.yaml",
              **{folder / "notebooks" / name: notebooks_dir() / name for name in NOTEBOOKS}}
    written, kept = [], []
    for target, source in wanted.items():
        if target.exists():
            kept.append(target)
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        with source.open("rb") as reading, target.open("wb") as writing:
            shutil.copyfileobj(reading, writing)
        written.append(target)
    for empty in (folder / "data" / "processed", folder / "reports"):
        empty.mkdir(parents=True, exist_ok=True)
    return written, kept
