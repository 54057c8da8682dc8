"""Modules' old names, from before the package was grouped into layers, still import.

Notebooks that an earlier ``patentstats init`` copied into a working folder say
``from patentstats.counts import …``; a finder maps such names to the module's new place
(``patentstats.table.counts``), so that those notebooks keep running.
"""

from __future__ import annotations

import importlib
import importlib.abc
import importlib.util
import sys
from importlib.machinery import ModuleSpec
from types import ModuleType

LAYERS = {
    "table": ["counts", "ingest", "outputs", "applicants", "stocks", "population", "targets", "periods",
              "region_names", "settings_yaml", "publication_delay"],
    "metrics": ["stock_indicators"],
    "forecasting": ["projection", "projection_types", "anchors", "pooling", "pipeline", "track_record", "backtest",
                    "nowcast", "target_suggest"],
    "output": ["narrative", "views", "plots", "report", "kernel", "printing", "batch", "summary_pack", "spreadsheet",
               "markup", "status", "parameters", "report_settings"],
}
OLD_NAMES = {f"patentstats.{module}": f"patentstats.{layer}.{module}" for layer, modules in LAYERS.items()
             for module in modules}


class _MovedFinder(importlib.abc.MetaPathFinder, importlib.abc.Loader):
    def find_spec(self, fullname: str, path: object = None, target: object = None) -> ModuleSpec | None:
        return importlib.util.spec_from_loader(fullname, self) if fullname in OLD_NAMES else None

    def create_module(self, spec: ModuleSpec) -> ModuleType:
        return importlib.import_module(OLD_NAMES[spec.name])  # the same module object under both names

    def exec_module(self, module: ModuleType) -> None:
        pass  # already executed under its new name


def alias_moved_modules() -> None:
    if not any(isinstance(finder, _MovedFinder) for finder in sys.meta_path):
        sys.meta_path.append(_MovedFinder())
