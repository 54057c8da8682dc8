"""Command line: parse arguments, call one function, print, exit code. User mistakes print
one line and exit 2; they never show a traceback."""

from __future__ import annotations

import argparse
import gc
import json
import os
import re
import signal
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from .errors import PatentstatsError
from .i18n import LANGUAGES, N_, _, language, language_from_environment, pgettext, translate_argparse, use_language
from .limits import DEFAULT_LIMITS, LIMIT_HELP, parse_limit

__all__ = ["main"]

LANG_HELP = N_("language of the report: zh (Chinese, the default) or en (English)")


def _period(text: str) -> tuple[int, int]:
    found = re.fullmatch(r"(\d{4})-(\d{1,2})", text)
    if not found or not 1 <= int(found[2]) <= 12:
        raise argparse.ArgumentTypeError(_("expected YYYY-MM, such as 2017-10, not {text!r}").format(text=text))
    return int(found[1]), int(found[2])


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="patentstats", description=_("Monthly patent statistics against targets."))
    parser.add_argument("--version", action="version", version=f"patentstats {_version()}",
                        help=_("show the version and exit"))
    # Read before parsing (see _message_language); declared so that --help lists it.
    parser.add_argument("--lang", dest="message_lang", choices=LANGUAGES,
                        help=_("language of messages and help: zh or en (default: PATENTSTATS_LANG, else the locale)"))
    commands = parser.add_subparsers(dest="command", required=True)
    ing = commands.add_parser("ingest", help=_("read raw tables and lists into the canonical counts table"))
    ing.add_argument("paths", nargs="*", type=Path, help=_("files or folders (default: data/raw/)"))
    ing.add_argument("--out", type=Path, help=_("Parquet file to write (default: data/processed/patent_counts.parquet)"))
    ing.add_argument("--region", help=_("region name for files that do not name one"))
    ing.add_argument("--period", type=_period, help=_("YYYY-MM: the period of region-row tables that do not say it"))
    ing.add_argument("--basis", choices=["monthly", "ytd"], help=_("figures are monthly or year to date, when headers and "
                                                                    "titles do not say"))
    ing.add_argument("--skip-invalid", action="store_true",
                     help=_("drop patent-list rows with bad application numbers (with a warning) instead of failing"))
    ing.add_argument("--limit", type=parse_limit, action="append", metavar="NAME=N",
                     help=_("raise a limit on what one file may hold, for a file you trust; limits and defaults: "
                            "{limits}").format(limits=_("; ").join(f"{name} ({_(what)}, {getattr(DEFAULT_LIMITS, name):,})"
                                                                   for name, what in LIMIT_HELP.items())))
    add_status_parser(commands)
    add_applicants_parser(commands)
    add_backtest_parser(commands)
    add_targets_parser(commands)
    add_report_parsers(commands)
    return parser


def _month(text: str) -> int | str:
    if text == "latest":
        return text
    if not text.isdigit() or not 1 <= int(text) <= 12:
        raise argparse.ArgumentTypeError(_("expected a month 1-12 or 'latest', not {text!r}").format(text=text))
    return int(text)


def add_status_parser(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    st = commands.add_parser("status", help=_("year to date against targets and last year, for one region and month"))
    st.add_argument("--region", required=True, help=_("region name as in the data, e.g. 永修县"))
    st.add_argument("--year", type=_year, required=True, help=_("YYYY or 'latest' (the region's latest year with data)"))
    st.add_argument("--month", type=_month, default="latest", help=_("1-12 or 'latest' (default: latest with data)"))
    st.add_argument("--data", type=Path, help=_("counts table (default: data/processed/patent_counts.parquet)"))
    st.add_argument("--targets", type=Path, help=_("targets file (default: data/targets.yaml)"))
    st.add_argument("--lang", choices=["zh", "en"], default="zh", help=_(LANG_HELP))
    output = st.add_mutually_exclusive_group()
    output.add_argument("--json", action="store_true", help=_("one JSON object on stdout"))
    output.add_argument("--text", action="store_true", help=_("the drafted paragraph for the work summary"))


def run_ingest(args: argparse.Namespace) -> int:
    from .limits import with_raised
    from .paths import counts_file
    from .readers import ReadOptions
    from .readers.cells import Period
    from .table.ingest import format_summary, ingest, write_outputs

    period = Period(args.period[0], 1, args.period[1]) if args.period else None
    options = ReadOptions(args.region, period, {"monthly": "count", "ytd": "ytd", None: None}[args.basis],
                          with_raised(args.limit))
    result = ingest(args.paths or None, options, args.skip_invalid)
    out = write_outputs(result, args.out or counts_file())
    print(format_summary(result, out))
    return 0


def run_status(args: argparse.Namespace) -> int:
    import json

    from .forecasting.projection import project_year_end
    from .metrics.progress import latest_month, status_table
    from .metrics.stock_indicators import region_stock_status
    from .output.narrative import summary_paragraph
    from .output.status import status_json, status_text
    from .table.counts import load_counts, load_incomplete
    from .table.targets import load_targets

    counts = load_counts(args.data, region=args.region)
    if args.year == "latest":
        args.year = int(counts.loc[counts["ytd"].notna(), "year"].max())
    month = latest_month(counts, args.region, args.year) if args.month == "latest" else args.month
    targets = load_targets(args.targets)
    for warning in targets.warnings:
        print(_("warning: {warning}").format(warning=warning), file=sys.stderr)
    status = status_table(counts, args.region, args.year, month, targets.table)
    incomplete = load_incomplete(args.region, args.data)
    every_region = load_counts(args.data)  # the projection borrows seasons from the other regions
    _warn_unknown_target_regions(args.targets, every_region["region"].unique())
    projection = project_year_end(every_region, args.region, args.year, month, targets.table, incomplete=incomplete)
    stocks = region_stock_status(counts, args.region, args.year, month, targets, projection, args.data, args.targets)
    for warning in stocks.warnings:
        print(_("warning: {warning}").format(warning=warning), file=sys.stderr)
    if args.json:
        payload = status_json(status, args.region, args.year, month, projection, incomplete, stocks.table)
        print(json.dumps(payload, ensure_ascii=False, indent=1))
    elif args.text:
        print(summary_paragraph(status, month, args.lang, projection, stocks=stocks.table))
    else:
        print(status_text(status, args.region, args.year, month, args.lang, projection, incomplete, stocks.table))
    return 0


def add_applicants_parser(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    ap = commands.add_parser("applicants", help=_("who files: top applicants, new ones, kinds and milestones"))
    ap.add_argument("--region", required=True, help=_("region name as in the data"))
    ap.add_argument("--year", type=int, required=True, help=_("YYYY: the year whose filers are listed"))
    ap.add_argument("--month", type=int, help=_("1-12 (default: the latest month with applicants)"))
    ap.add_argument("--top", type=int, default=10, help=_("how many applicants to list (default 10)"))
    ap.add_argument("--data", type=Path, help=_("counts table (default: data/processed/patent_counts.parquet); "
                                                 "the applicant table is read beside it"))
    ap.add_argument("--targets", type=Path, help=_("targets file, for applicant_milestone (default: data/targets.yaml)"))
    ap.add_argument("--lang", choices=["zh", "en"], default="zh", help=_(LANG_HELP))
    ap.add_argument("--json", action="store_true", help=_("one JSON object on stdout"))


def run_applicants(args: argparse.Namespace) -> int:
    from .formatting import text_table
    from .output.views import applicant_lines, top_applicants_frame
    from .table.applicants import applicant_report, load_applicants, report_json
    from .table.targets import load_targets

    threshold = load_targets(args.targets).applicant_milestone
    report = applicant_report(load_applicants(args.data), args.region, args.year, args.month, args.top, threshold)
    if args.json:
        print(json.dumps(report_json(report), ensure_ascii=False))
        return 0
    frame = top_applicants_frame(report, args.lang)
    print(text_table(list(frame.columns), frame.to_numpy().tolist()))
    for line in applicant_lines(report, args.lang):
        print(line)
    return 0


def add_backtest_parser(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    bt = commands.add_parser("backtest", help=_("how well each projection method has done on the data's complete years"))
    bt.add_argument("--data", type=Path, help=_("counts table (default: data/processed/patent_counts.parquet)"))
    bt.add_argument("--targets", type=Path, help=_("targets file (default: data/targets.yaml)"))
    bt.add_argument("--jobs", type=int, help=_("parallel processes (default: number of cores)"))
    bt.add_argument("--json", action="store_true", help=_("one JSON object on stdout"))
    bt.add_argument("--lang", choices=["zh", "en"], help=_("language of the closing sentence on what the figures mean "
                                                           "(default: that of the messages)"))


def run_backtest(args: argparse.Namespace) -> int:
    import json

    from .errors import InputError
    from .forecasting.backtest import backtest
    from .table.counts import incomplete_by_region, load_counts
    from .table.targets import load_targets

    result = backtest(load_counts(args.data), load_targets(args.targets).table, jobs=args.jobs,
                      incomplete=incomplete_by_region(args.data))
    if result.projections.empty:
        raise InputError(_("no complete year (with December) in the data: nothing to backtest"))
    if args.json:
        payload = {"projections": len(result.projections),
                   "scores": json.loads(result.scores.round(4).to_json(orient="records"))}
        print(json.dumps(payload, ensure_ascii=False, indent=1))
    else:
        print(_("{count} projections (regions x years x months 1-11 x methods x series)").format(
            count=len(result.projections)))
        print(result.scores.round(3).rename(columns=_score_headers()).to_string(index=False))
        print(best_method_line(result.scores))
        print(meaning_line(result.scores, args.lang or language()))
    return 0


def _score_headers() -> dict[str, str]:
    """The backtest table's column names in the language of the messages."""
    return {"method": pgettext("backtest column", "method"), "month": pgettext("backtest column", "month"),
            "n": pgettext("backtest column", "n"), "mdape": pgettext("backtest column", "mdape"),
            "mase": pgettext("backtest column", "mase"), "coverage80": pgettext("backtest column", "coverage80"),
            "coverage95": pgettext("backtest column", "coverage95"), "width80": pgettext("backtest column", "width80"),
            "winkler80": pgettext("backtest column", "winkler80"), "brier": pgettext("backtest column", "brier")}


def best_method_line(scores: Any) -> str:
    """The verdict in one line: the method with the lowest median error over the months, and by how much."""
    errors = scores.groupby("method")["mdape"].median().sort_values()
    best, runner = errors.index[0], errors.index[1] if len(errors) > 1 else None
    # the percentages are formatted outside the messages, whose "% o" and "% f" Babel would read as %-placeholders
    line = _("best: {method}, median error {error} over months 1-11").format(method=best, error=f"{errors.iloc[0]:.1f}%")
    return line + (_(", against {error} for {method} (next best)").format(error=f"{errors.iloc[1]:.1f}%", method=runner)
                   if runner else "")


def meaning_line(scores: Any, lang: str = "en") -> str:
    """What the backtest means for the projections the user reads: the default's typical error
    at mid-year and at month 9, and how often its 80% interval held the year end."""
    from .forecasting.choice import DEFAULT_METHOD

    mine = scores[scores["method"] == DEFAULT_METHOD].set_index("month")
    at = {m: float(mine.loc[m, "mdape"]) for m in (6, 9) if m in mine.index}
    held = float((mine["coverage80"] * mine["n"]).sum() / mine["n"].sum()) * 100 if len(mine) else float("nan")
    if not at:
        return ""
    if lang == "zh":
        errors = "、".join(f"{m}月所作预计一般偏差{e:.0f}%左右" for m, e in at.items())
        return f"对本地数据的往年检验：{errors}；80%区间有{held:.0f}%的时候包含了实际全年数（应约为80%）。"
    errors = ", ".join(f"by month {m} within about {e:.0f}%" for m, e in at.items())
    return (f"On this data's earlier years, the default projection of the year end was typically right {errors}; its "
            f"80% interval held the actual year {held:.0f}% of the time (it should be about 80%).")


def add_targets_parser(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    tg = commands.add_parser("targets", help=_("targets: suggest next year's levels from the projection model"))
    actions = tg.add_subparsers(dest="targets_command", required=True, help=_("what to do with targets"))
    sg = actions.add_parser("suggest", help=_("确保/目标/力争 levels for a year (90%%/70%%/50%% chance), from the "
                                              "data through the December before, as a targets.yaml block and a plan "
                                              "sentence"))
    sg.add_argument("--region", required=True, help=_("region name as in the data, e.g. 永修县"))
    sg.add_argument("--year", type=_year, required=True,
                    help=_("the year to set targets for, YYYY, or 'latest' (the year after the region's latest "
                           "December)"))
    sg.add_argument("--data", type=Path, help=_("counts table (default: data/processed/patent_counts.parquet)"))
    sg.add_argument("--targets", type=Path, help=_("targets file whose levels for that year, if any, are given "
                                                   "their chance (default: data/targets.yaml)"))
    sg.add_argument("--lang", choices=["zh", "en"], default="zh", help=_(LANG_HELP))


def run_targets(args: argparse.Namespace) -> int:
    from .forecasting.target_suggest import plan_sentences, suggest_targets, targets_chances, targets_yaml_block
    from .table.counts import load_counts
    from .table.targets import load_targets

    suggestion = suggest_targets(load_counts(args.data), args.region, None if args.year == "latest" else args.year)
    print(targets_yaml_block(suggestion, args.lang))
    print()
    print("\n".join(plan_sentences(suggestion, args.lang)))
    set_already = targets_chances(suggestion, load_targets(args.targets).table, args.lang)
    if set_already:
        print()
        print("\n".join(set_already))
    return 0


def add_report_parsers(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    for name, help_text in (("report", N_("the monthly PDF report of one region")),
                            ("batch", N_("every region's monthly PDF report, in parallel"))):
        rp = commands.add_parser(name, help=_(help_text))
        if name == "report":
            rp.add_argument("--region", required=True, help=_("region name as in the data, e.g. 永修县"))
        else:
            rp.add_argument("--regions", default="all", help=_("'all' or names separated by commas"))
            rp.add_argument("--jobs", type=int, help=_("parallel processes (default: number of cores)"))
        rp.add_argument("--year", type=_year, required=True, help=_("YYYY or 'latest' (each region's latest year with data)"))
        rp.add_argument("--month", type=_month, default="latest", help=_("1-12 or 'latest'"))
        rp.add_argument("--lang", choices=["zh", "en"], default="zh", help=_(LANG_HELP))
        rp.add_argument("--data", type=Path, help=_("counts table (default: data/processed/patent_counts.parquet)"))
        rp.add_argument("--targets", type=Path, help=_("targets file (default: data/targets.yaml)"))
        rp.add_argument("--out-dir", type=Path, help=_("reports folder (default: reports/)"))
    sm = commands.add_parser("summary", help=_("the annual work-summary pack: charts, tables (.xlsx) and sentences"))
    sm.add_argument("--region", required=True, help=_("region name as in the data, e.g. 永修县"))
    sm.add_argument("--year", type=_year, required=True, help=_("YYYY or 'latest'"))
    sm.add_argument("--lang", choices=["zh", "en"], default="zh", help=_(LANG_HELP))
    sm.add_argument("--data", type=Path, help=_("counts table (default: data/processed/patent_counts.parquet)"))
    sm.add_argument("--targets", type=Path, help=_("targets file (default: data/targets.yaml)"))
    sm.add_argument("--out-dir", type=Path, help=_("folder for the pack (default: reports/<region>/<year>/summary/)"))
    commands.add_parser("doctor", help=_("check the CJK font, WeasyPrint and the Jupyter kernel"))
    init = commands.add_parser("init", help=_("create a working folder: data/raw/, targets and report settings, notebooks/"))
    init.add_argument("folder", type=Path, help=_("the folder to create or complete (nothing in it is overwritten)"))


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("patentstats")
    except PackageNotFoundError:  # run from a source tree that was never installed
        return "unknown"


def _year(text: str) -> int | str:
    if text == "latest":
        return text
    if not re.fullmatch(r"\d{4}", text):
        raise argparse.ArgumentTypeError(_("expected a year such as 2018 or 'latest', not {text!r}").format(text=text))
    return int(text)


def _report_period(data: Path | None, region: str, year: int | str, month: int | str) -> tuple[int, int]:
    """The (year, month) a report is for, 'latest' resolved, checked without loading pandas."""
    from .table.periods import periods_in_file, resolve_period

    return resolve_period(periods_in_file(data, region), region, year, month)


def _warn_unknown_target_regions(targets: Path | None, regions: Iterable[str]) -> None:
    """A region of the targets file that the data lack is a warning, with the closest names."""
    from .table.region_names import unknown_target_regions

    for warning in unknown_target_regions(targets, regions):
        print(_("warning: {warning}").format(warning=warning), file=sys.stderr)


def run_report(args: argparse.Namespace) -> int:
    from .output.report import render_report
    from .table.periods import periods_by_region

    _warn_unknown_target_regions(args.targets, periods_by_region(args.data))
    paths = render_report(args.region, args.year, args.month, args.lang, args.data, args.targets, args.out_dir)
    print(paths.pdf)
    return 0


def run_summary(args: argparse.Namespace) -> int:
    from .output.summary_pack import write_summary_pack

    year, _month = _report_period(args.data, args.region, args.year, "latest")
    pack = write_summary_pack(args.region, year, args.lang, args.data, args.targets, args.out_dir)
    print(pack.sentences)
    for path in pack.files:
        print(path)
    return 0


def run_batch_command(args: argparse.Namespace) -> int:
    from .output.batch import run_batch
    from .table.periods import periods_by_region, periods_of, resolve_period

    every = periods_by_region(args.data)
    _warn_unknown_target_regions(args.targets, every)
    regions = sorted(every) if args.regions == "all" else [r.strip() for r in args.regions.split(",")]
    by_period: dict[tuple[int, int], list[str]] = {}
    failed = 0
    for region in regions:
        try:
            period = resolve_period(periods_of(every, region), region, args.year, args.month)
        except PatentstatsError as exc:  # one region without data must not stop the others
            print(_("  FAILED  {region}: {error}").format(region=region, error=exc))
            failed += 1
        else:
            by_period.setdefault(period, []).append(region)
    for (year, month), group in sorted(by_period.items()):
        result = run_batch(group, year, month, args.lang, args.jobs, args.data, args.targets, args.out_dir)
        print(_("{year}-{month:02d}: {summary}").format(year=year, month=month, summary=result.summary()))
        failed += len(result.failed)
    return 1 if failed else 0


def run_init(args: argparse.Namespace) -> int:
    from .workspace import NEXT_STEPS, init_workspace

    written, kept = init_workspace(args.folder)
    for path in written:
        print(_("  wrote   {path}").format(path=path))
    for path in kept:
        print(_("  kept    {path} (already there)").format(path=path))
    print(_(NEXT_STEPS).format(root=args.folder))
    return 0


def run_doctor(args: argparse.Namespace) -> int:
    from .doctor import run_checks

    checks = run_checks()
    for check in checks:
        print(_("{state} {check}: {detail}").format(state=_("ok     ") if check.ok else _("MISSING"), check=_(check.name),
                                                     detail=check.detail))
    return 0 if all(c.ok for c in checks) else 1


COMMANDS = {"ingest": run_ingest, "status": run_status, "applicants": run_applicants, "backtest": run_backtest,
            "targets": run_targets, "report": run_report, "batch": run_batch_command, "summary": run_summary,
            "init": run_init, "doctor": run_doctor}


NOT_A_FOLDER = N_("this is not a patentstats folder: cd to the folder made by `patentstats init`, or pass --data")
NOT_A_FOLDER_INGEST = N_("this is not a patentstats folder: cd to the folder made by `patentstats init`, or name the "
                         "files to read")


def check_folder(args: argparse.Namespace) -> None:
    """Outside a working folder, a command that would read the default data stops with one line
    that says where to go, instead of sending the user from one missing file to another."""
    from .errors import InputError
    from .paths import in_workspace

    if args.command in ("init", "doctor") or in_workspace():
        return
    if args.command == "ingest" and not args.paths:
        raise InputError(_(NOT_A_FOLDER_INGEST))
    if args.command != "ingest" and getattr(args, "data", None) is None:
        raise InputError(_(NOT_A_FOLDER))


class Stopped(BaseException):
    """SIGTERM, raised where the program is so that every temporary file is removed on the way out."""


def _stop(signum: int, frame: object) -> None:
    raise Stopped(signum)


def check_out_dir(out_dir: Path | None) -> None:
    """--out-dir must be a folder (or not exist yet): checked before any report is made."""
    from .errors import InputError

    if out_dir is not None and out_dir.exists() and not out_dir.is_dir():
        raise InputError(_("is a file, not a folder: --out-dir takes the folder the reports go in"), file=str(out_dir))


def _message_language(argv: list[str]) -> str:
    """The language of messages: an explicit --lang (of any command, or before it), else
    PATENTSTATS_LANG or the locale. Read before parsing, so that --help and argparse's own
    errors are in it too."""
    for at, word in enumerate(argv):
        value = word.partition("=")[2] if word.startswith("--lang=") else (
            argv[at + 1] if word == "--lang" and at + 1 < len(argv) else None)
        if value in LANGUAGES:
            return value
    return language_from_environment()


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    lang = _message_language(argv)
    translate_argparse()
    before = os.environ.get("PATENTSTATS_LANG")
    os.environ["PATENTSTATS_LANG"] = lang  # the report's kernel, a batch's workers and a reader's child follow it
    try:
        with use_language(lang):
            return _main(argv)
    finally:
        if before is None:
            del os.environ["PATENTSTATS_LANG"]
        else:
            os.environ["PATENTSTATS_LANG"] = before


def _main(argv: list[str]) -> int:
    args = build_parser().parse_args(argv)
    try:
        check_folder(args)
        check_out_dir(getattr(args, "out_dir", None))
        return COMMANDS[args.command](args)
    except PatentstatsError as exc:
        print(_("patentstats {command}: error: {message}").format(command=args.command, message=exc), file=sys.stderr)
        return 2
    except BrokenPipeError:  # the reader (head, less) stopped reading: not an error of ours
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except OSError as exc:  # a failing system call: a full disk, a file that cannot be opened
        where = f"{exc.filename}: " if exc.filename else ""
        print(_("patentstats {command}: error: {message}; nothing was replaced").format(
            command=args.command, message=f"{where}{exc.strerror or exc}"), file=sys.stderr)
        return 2
    except (KeyboardInterrupt, Stopped) as exc:
        done = _("; the regions finished are listed above") if args.command == "batch" else ""
        print(_("patentstats {command}: stopped before the end: nothing half-written{more}").format(
            command=args.command, more=done), file=sys.stderr)
        return 143 if isinstance(exc, Stopped) else 130


def run() -> None:
    """The console script. Everything is frozen out of the garbage collector before exit: the
    collection at exit takes about 0.2 s after a report and frees nothing the OS would not."""
    signal.signal(signal.SIGTERM, _stop)
    code = main()
    gc.freeze()
    sys.exit(code)
