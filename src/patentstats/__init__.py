"""patentstats: monthly patent statistics against targets for county and city IP offices.

The functions notebooks use, importable from the top level. They are loaded on first use, so
that a command needing only part of the package (a report's parent process, say) starts fast.
"""

from importlib import import_module
from typing import Any

from .errors import ConflictError, InputError, PatentstatsError

_LAZY = {
    "load_counts": "counts", "load_incomplete": "counts", "add_totals": "counts", "ingest": "ingest", "load_targets": "targets",
    "status_table": "metrics", "latest_month": "metrics", "compare_regions": "metrics",
    "project_year_end": "projection", "project_year": "projection", "summary_paragraph": "narrative",
    "region_stock_status": "stock_indicators",
    "check_report_parameters": "parameters", "report_parameters": "parameters", "folder_defaults": "parameters",
    "paths": None, "plots": None, "views": None,
}
__all__ = [*_LAZY, "PatentstatsError", "InputError", "ConflictError"]


def __getattr__(name: str) -> Any:
    if name not in _LAZY:
        raise AttributeError(f"module 'patentstats' has no attribute {name!r}")
    module = import_module(f".{_LAZY[name] or name}", __name__)
    return module if _LAZY[name] is None else getattr(module, name)
