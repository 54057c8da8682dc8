"""Command line: parse arguments, call one function, print, exit code. User mistakes print
one line and exit 2; they never show a traceback."""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

from .errors import PatentstatsError
from .ingest import format_summary, ingest, write_outputs
from .paths import counts_file
from .readers import ReadOptions
from .readers.cells import Period

__all__ = ["main"]


def _period(text: str) -> Period:
    found = re.fullmatch(r"(\d{4})-(\d{1,2})", text)
    if not found or not 1 <= int(found[2]) <= 12:
        raise argparse.ArgumentTypeError(f"expected YYYY-MM, such as 2017-10, not {text!r}")
    return Period(int(found[1]), 1, int(found[2]))


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="patentstats", description="Monthly patent statistics against targets.")
    commands = parser.add_subparsers(dest="command", required=True)
    ing = commands.add_parser("ingest", help="read raw tables and lists into the canonical counts table")
    ing.add_argument("paths", nargs="*", type=Path, help="files or folders (default: data/raw/)")
    ing.add_argument("--out", type=Path, help="Parquet file to write (default: data/processed/patent_counts.parquet)")
    ing.add_argument("--region", help="region name for files that do not name one")
    ing.add_argument("--period", type=_period, help="YYYY-MM: the period of region-row tables that do not say it")
    ing.add_argument("--basis", choices=["monthly", "ytd"], help="figures are monthly or year to date, when "
                                                                  "headers and titles do not say")
    ing.add_argument("--skip-invalid", action="store_true",
                     help="drop patent-list rows with bad application numbers (with a warning) instead of failing")
    return parser


def run_ingest(args: argparse.Namespace) -> int:
    options = ReadOptions(args.region, args.period, {"monthly": "count", "ytd": "ytd", None: None}[args.basis])
    result = ingest(args.paths or None, options, args.skip_invalid)
    out = write_outputs(result, args.out or counts_file())
    print(format_summary(result, out))
    return 0


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return {"ingest": run_ingest}[args.command](args)
    except PatentstatsError as exc:
        print(f"patentstats {args.command}: error: {exc}", file=sys.stderr)
        return 2
