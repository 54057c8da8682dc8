"""patentstats: monthly patent statistics against targets for county and city IP offices.

The functions notebooks use, importable from the top level. They are loaded on first use, so
that a command needing only part of the package (a report's parent process, say) starts fast.
"""

from importlib import import_module
from typing import Any

from .errors import ConflictError, InputError, PatentstatsError
from .moved import LAYERS, alias_moved_modules

alias_moved_modules()

_LAZY = {
    "load_counts": "table.counts", "load_incomplete": "table.counts", "add_totals": "table.counts",
    "incomplete_by_region": "table.counts", "ingest": "table.ingest", "load_targets": "table.targets",
    "region_applicants": "table.applicants",
    "status_table": "metrics.progress", "latest_month": "metrics.progress", "compare_regions": "metrics.progress",
    "region_stock_status": "metrics.stock_indicators",
    "project_year_end": "forecasting.projection", "project_year": "forecasting.projection",
    "summary_paragraph": "output.narrative", "conclusion": "output.narrative", "md_text": "output.markup",
    "load_report_settings": "output.report_settings",
    "check_report_parameters": "output.parameters", "report_parameters": "output.parameters",
    "folder_defaults": "output.parameters",
    "paths": None, "plots": "output", "views": "output", "summary_pack": "output",
}
__all__ = [*_LAZY, "PatentstatsError", "InputError", "ConflictError"]


def __getattr__(name: str) -> Any:
    if name not in _LAZY:
        raise AttributeError(f"module 'patentstats' has no attribute {name!r}")
    where = _LAZY[name]
    if where is None or where in LAYERS:  # a module: patentstats.paths, patentstats.plots (in output/)
        return import_module(f".{where + '.' if where else ''}{name}", __name__)
    return getattr(import_module(f".{where}", __name__), name)
