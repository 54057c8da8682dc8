"""patentstats: monthly patent statistics against targets for county and city IP offices.

The functions notebooks use, importable from the top level. Reading raw files (``ingest``)
loads its readers only when first used, so that ``status`` starts fast.
"""

from typing import Any

from .counts import add_totals, load_counts
from .errors import ConflictError, InputError, PatentstatsError
from .metrics import compare_regions, latest_month, status_table
from .narrative import summary_paragraph
from .projection import project_year_end, projection_fans
from .targets import load_targets

__all__ = ["load_counts", "add_totals", "ingest", "load_targets", "status_table", "latest_month", "compare_regions",
           "project_year_end", "projection_fans", "summary_paragraph", "PatentstatsError", "InputError",
           "ConflictError"]


def __getattr__(name: str) -> Any:
    if name == "ingest":
        from .ingest import ingest
        return ingest
    raise AttributeError(f"module 'patentstats' has no attribute {name!r}")
