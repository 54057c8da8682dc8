"""The monthly report notebook's parameters, checked in its first cell after ``parameters``.

papermill injects whatever it is given: ``-p regoin x`` only warns and leaves the default
region in place, and a region or month with no data fails many cells later with a long
traceback and the reason last. Here every parameter is checked at once, and a mistake ends
the run in one line: SystemExit, which IPython shows as that line alone."""

from __future__ import annotations

import types
from collections.abc import Mapping

from ..errors import PatentstatsError
from ..formatting import LANGS
from ..table.periods import periods_by_region, periods_in_file, resolve_period

__all__ = ["REPORT_PARAMETERS", "check_report_parameters", "folder_defaults", "report_parameters"]

REPORT_PARAMETERS = {"region": str, "year": int, "month": int, "data_path": str, "targets_path": str, "lang": str}
_NOTEBOOK_NAMES = {"In", "Out", "get_ipython", "exit", "quit", "open"}  # what IPython itself defines
RAN = "_report_parameters_checked"  # set in the notebook's globals by the first check


def report_parameters(namespace: Mapping[str, object]) -> tuple[str, int, int]:
    """Check the notebook's globals; the report's (region, year, month): region "" is the data's
    first region, year 0 its latest year, month 0 its latest month. Raises SystemExit with one
    line naming the mistake and what would be right. Names the notebook has not defined are
    looked for on its first run in a kernel only: on a second Run All in JupyterLab the first
    run's results are there too."""
    first_run = RAN not in namespace
    try:
        return _check(namespace, first_run)
    except PatentstatsError as exc:
        raise SystemExit(f"patentstats: {exc}") from None
    finally:
        if isinstance(namespace, dict):
            namespace[RAN] = True


def check_report_parameters(namespace: Mapping[str, object]) -> tuple[int, int]:
    """``report_parameters`` without the region: (year, month), as the notebooks that earlier
    versions of ``init`` copied into offices' folders unpack it (they name their region)."""
    _, year, month = report_parameters(namespace)
    return year, month


def _check(namespace: Mapping[str, object], first_run: bool = True) -> tuple[str, int, int]:
    if first_run:
        _check_names(namespace)
    _check_values(namespace)
    data = str(namespace["data_path"]) or None
    region, year = _defaults(data, str(namespace["region"]), int(str(namespace["year"])))
    periods = periods_in_file(data, region)
    return (region, *resolve_period(periods, region, year or "latest", int(str(namespace["month"])) or "latest"))


def _check_names(namespace: Mapping[str, object]) -> None:
    """A misspelled papermill parameter lands as an unknown name beside the notebook's own."""
    unknown = sorted(name for name, value in namespace.items()
                     if name not in REPORT_PARAMETERS and name not in _NOTEBOOK_NAMES and not name.startswith("_")
                     and not isinstance(value, types.ModuleType) and not callable(value))
    if unknown:
        raise PatentstatsError(f"unknown parameter {', '.join(unknown)}: the parameters are "
                               f"{', '.join(REPORT_PARAMETERS)}")


def _check_values(namespace: Mapping[str, object]) -> None:
    for name, kind in REPORT_PARAMETERS.items():
        value = namespace.get(name)
        if not isinstance(value, kind) or isinstance(value, bool):
            raise PatentstatsError(f"parameter {name} = {value!r}: expected {kind.__name__}")
    if namespace["lang"] not in LANGS:
        raise PatentstatsError(f"parameter lang = {namespace['lang']!r}: expected one of {', '.join(LANGS)}")


def _defaults(data_path: str | None, region: str, year: int) -> tuple[str, int]:
    """Region "" is the first region of the data (sorted), year 0 stays 0 (the latest)."""
    if region:
        return region, year
    regions = sorted(periods_by_region(data_path))
    if not regions:
        raise PatentstatsError("the counts table holds no region: run `patentstats ingest` on your files")
    return regions[0], year


def folder_defaults(data_path: str | None, region: str = "", year: int = 0) -> tuple[str, int]:
    """A notebook's (region, year) where they are left "" and 0: the data's first region and
    its latest year, so that the notebooks ``init`` ships open on the folder's own data."""
    try:
        region, year = _defaults(data_path, region, year)
        return region, resolve_period(periods_in_file(data_path, region), region, year or "latest", "latest")[0]
    except PatentstatsError as exc:
        raise SystemExit(f"patentstats: {exc}") from None
