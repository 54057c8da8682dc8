"""How much one input file may hold. Files come by email and are read unattended, so each
limit is checked before the part it bounds is read, and a file over one is refused in one
line that names the limit. The defaults are far above any real statistics table; a CSV
patent list is read a chunk at a time, so its file size is not limited, only its rows (30
million: a large province's ten years and more, about 0.8 GiB at peak); ``--limit NAME=N``
raises one for a file the user trusts."""

from __future__ import annotations

import argparse
import dataclasses
from dataclasses import dataclass

from .errors import InputError
from .i18n import N_, _

__all__ = ["DEFAULT_LIMITS", "Limits", "LIMIT_HELP", "parse_limit", "with_raised", "over_limit"]


@dataclass(frozen=True)
class Limits:
    part_mb: int = 2_000  # unpacked size of one part of an .xlsx, or the size of an .xls or CSV file
    ratio: int = 100  # unpacked size of a workbook part over its packed size (real sheets: 5-20)
    cells: int = 60_000_000  # rows x columns of one sheet's grid
    columns: int = 1_000
    rows: int = 30_000_000  # rows of a patent list (a streamed list holds about 21 bytes a row)
    table_rows: int = 100_000  # rows of a statistics table (a county table has tens)
    cell_chars: int = 100_000  # characters in one cell (Excel itself stops at 32,767)


DEFAULT_LIMITS = Limits()

LIMIT_HELP = {
    "part_mb": N_("megabytes of one unpacked workbook part (sheet, shared strings), or of an .xls or CSV file read whole "
                  "(not a CSV patent list, read in chunks)"),
    "ratio": N_("how many times its packed size a workbook part may unpack to"),
    "cells": N_("rows x columns of one sheet"),
    "columns": N_("columns of one sheet"),
    "rows": N_("rows of a patent list"),
    "table_rows": N_("rows of a statistics table"),
    "cell_chars": N_("characters in one cell"),
}


def parse_limit(text: str) -> tuple[str, int]:
    """``NAME=N`` from the command line, e.g. ``part_mb=4000``."""
    name, _equals, value = text.partition("=")
    if name not in LIMIT_HELP:
        raise argparse.ArgumentTypeError(_("unknown limit {name!r}: expected one of {names}").format(
            name=name, names=", ".join(LIMIT_HELP)))
    if not value.replace("_", "").isdigit() or int(value) <= 0:
        raise argparse.ArgumentTypeError(_("{text!r}: expected NAME=N with N a positive whole number").format(text=text))
    return name, int(value)


def with_raised(pairs: list[tuple[str, int]] | None) -> Limits:
    """The default limits with the command line's ``--limit`` values in their place."""
    return dataclasses.replace(Limits(), **dict(pairs or []))


def over_limit(what: str, name: str, limits: Limits, file: str, sheet: str | None = None) -> InputError:
    """The one-line refusal: what was found, the limit's name and value, and how to raise it."""
    value = getattr(limits, name)
    return InputError(_("{what}, over the limit {name}={value:,}; if you trust the file, raise it with --limit {name}=N"
                        ).format(what=what, name=name, value=value), file=file, sheet=sheet)
