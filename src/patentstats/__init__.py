"""patentstats: monthly patent statistics against targets for county and city IP offices."""

from .counts import add_totals, load_counts
from .errors import ConflictError, InputError, PatentstatsError
from .ingest import ingest

__all__ = ["load_counts", "add_totals", "ingest", "PatentstatsError", "InputError", "ConflictError"]
