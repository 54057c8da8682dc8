"""Ingest: read every raw file, merge into the canonical table, summarise what was read and
what is missing, and write the table and a log atomically."""

from __future__ import annotations

import json
import os
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from ..atomic import publish_together
from ..errors import InputError
from ..i18n import _, join
from ..labels import PATENT_TYPES, term
from ..paths import counts_file, ingest_log_for, raw_dir
from ..readers import SUPPORTED_SUFFIXES, ReadOptions, TableResult, read_file
from .applicants import applicant_counts, applicants_file_for
from .completeness import Completeness
from .counts import merge_observations, revision_rank
from .outputs import check_ours, write_parquet
from .publication_delay import delay_cdfs
from .stocks import merge_stocks, stocks_file_for

__all__ = ["FileSummary", "IngestResult", "collect_files", "ingest", "missing_months", "format_summary",
           "write_outputs"]


@dataclass
class FileSummary:
    file: str
    shapes: list[str]
    regions: list[str]
    years: list[int]
    rows: int
    notes: list[str] = field(default_factory=list)  # what was left out, which rule was used


@dataclass
class IngestResult:
    counts: pd.DataFrame
    files: list[FileSummary]
    warnings: list[str] = field(default_factory=list)
    revisions: list[dict[str, object]] = field(default_factory=list)
    # months from which counts are known to be incomplete (lists of published applications)
    incomplete: list[dict[str, object]] = field(default_factory=list)
    duplicates: list[dict[str, object]] = field(default_factory=list)  # patents a list gave twice, counted once
    applicants: pd.DataFrame = field(default_factory=lambda: applicant_counts([]))  # applicants.APPLICANT_COLUMNS
    # per list and type, its regions, latest publication and filing-to-publication delay cdf (``publication_delays``)
    delays: list[dict[str, object]] = field(default_factory=list)
    stocks: pd.DataFrame = field(default_factory=lambda: merge_stocks([]))  # stocks.STOCK_COLUMNS


def collect_files(paths: list[Path]) -> list[Path]:
    """The table files named, or found (sorted) in the folders named; lock and hidden files
    skipped. A table file that cannot be reached (a broken link, an unreadable folder) is an
    error, never a region silently missing."""
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            found += _tables_in(path)
        elif path.exists():
            found.append(path)
        else:
            raise InputError(_("no such file or folder"), file=str(path))
    if not found:
        raise InputError(_("no table files (.csv, .xlsx) found in {paths}").format(paths=join(paths)))
    return found


def _tables_in(folder: Path) -> list[Path]:
    def unreadable(exc: OSError) -> None:
        raise InputError(_("cannot be read ({error}): make it readable or move it out of the folder").format(
            error=exc.strerror), file=str(exc.filename))

    found = []
    for root, _folders, names in os.walk(folder, onerror=unreadable):
        for name in names:
            path = Path(root) / name
            if path.suffix.lower() not in SUPPORTED_SUFFIXES or name.startswith((".", "~$")):
                continue
            if not path.is_file():
                raise InputError(_("is a link to a file that is not there: restore it or remove the link"),
                                 file=str(path))
            if not os.access(path, os.R_OK):
                raise InputError(_("cannot be read (permission denied): make it readable or move it out of the "
                                   "folder"), file=str(path))
            found.append(path)
    return sorted(found)


def ingest(paths: list[Path] | None = None, options: ReadOptions | None = None,
           skip_invalid: bool = False) -> IngestResult:
    """Read and merge every file into the canonical table. Raises a PatentstatsError on bad input.

    Examples
    --------
    >>> result = ingest()  # doctest: +SKIP
    >>> result.counts.head()  # doctest: +SKIP
    """
    options = options or ReadOptions()
    reads = [_read_one(path, options, skip_invalid) for path in collect_files(paths or [raw_dir()])]
    merged = merge_observations(pd.concat([r.frame for r in reads], ignore_index=True))

    def joined(field: str) -> list[Any]:
        return [item for read in reads for item in getattr(read, field)]

    return IngestResult(merged.counts, [r.summary for r in reads], joined("warnings") + merged.warnings, merged.revisions,
                        joined("incomplete"), joined("duplicates"), applicant_counts(joined("applicants")),
                        joined("delays"), merge_stocks(joined("stocks")))


@dataclass
class _FileRead:
    """What one file adds to the ingest: its observations (zero-filled up to a list's latest
    publication) and what goes beside the counts."""

    frame: pd.DataFrame
    summary: FileSummary
    warnings: list[str]
    incomplete: list[dict[str, object]]
    delays: list[dict[str, object]]
    duplicates: list[dict[str, object]]
    applicants: list[pd.DataFrame]
    stocks: list[pd.DataFrame]


def _read_one(path: Path, options: ReadOptions, skip_invalid: bool) -> _FileRead:
    results = read_file(path, options, skip_invalid)
    observations = pd.concat([r.observations for r in results], ignore_index=True)
    observations["rank"] = revision_rank(path.name)
    marks = [mark for r in results for mark in r.incomplete]
    delays, latest = publication_delays(results, sorted({str(m["region"]) for m in marks}))
    return _FileRead(zero_filled(observations, latest), _file_summary(path, results, observations),
                     [w for r in results for w in r.warnings], marks, delays,
                     [item for r in results for item in r.duplicates],
                     [r.applicants for r in results if r.applicants is not None],
                     [r.stocks for r in results if r.stocks is not None])


def _file_summary(path: Path, results: list[TableResult], observations: pd.DataFrame) -> FileSummary:
    """What one file gave: its shapes, regions, years and figures, stocks included."""
    stocks = [r.stocks for r in results if r.stocks is not None]
    seen = pd.concat([observations[["region", "year"]], *(s[["region", "year"]] for s in stocks)], ignore_index=True)
    return FileSummary(path.name, [r.shape for r in results], sorted(seen["region"].astype(str).unique()),
                       sorted(int(y) for y in seen["year"].unique()), len(observations) + sum(map(len, stocks)),
                       [n for r in results for n in r.notes])


def publication_delays(results: list[TableResult], regions: list[str]) -> tuple[list[dict[str, object]], int | None]:
    """For a list of publications: per type, how fully each filing month is published by the
    list's latest publication (``Completeness``), for the nowcast of its regions' applications;
    and that latest publication month (from January 1970), None for other files."""
    out: list[dict[str, object]] = []
    if not regions:  # not a list of publications: nothing is short
        return out, None
    samples = [r.delays for r in results if r.delays is not None]
    for sample in samples:
        cdfs = delay_cdfs(sample)
        for patent_type in PATENT_TYPES:
            completeness = Completeness(sample.latest, cdfs[patent_type])
            out.append({"regions": regions, "measure": "applications", "patent_type": patent_type}
                       | completeness.to_json())
    return out, max((s.latest for s in samples), default=None)


def zero_filled(observations: pd.DataFrame, latest: int | None) -> pd.DataFrame:
    """A list's monthly counts run over the whole span the list covers, from its first month
    (of any series) to its latest publication: a month without a filing or grant of a kind, up
    to the month the list was current, held none (not 'unknown').

    Examples
    --------
    >>> rows = pd.DataFrame({"region": ["A", "A"], "year": [2021, 2021], "month": [10, 11],
    ...                      "measure": ["applications", "grants"], "patent_type": ["design"] * 2,
    ...                      "basis": ["count"] * 2, "value": [2, 1]})
    >>> zero_filled(rows, (2021 - 1970) * 12 + 11).query("measure == 'grants'")[["month", "value"]].values.tolist()
    [[11, 1], [10, 0], [12, 0]]
    """
    counted = observations[observations["basis"] == "count"]
    if latest is None or counted.empty:
        return observations
    absolute = (counted["year"].astype(int) - 1970) * 12 + counted["month"].astype(int) - 1
    span = np.arange(int(absolute.min()), max(latest, int(absolute.max())) + 1)
    keys = ["region", "measure", "patent_type"]
    series = counted.drop_duplicates(keys)
    grid = series.loc[series.index.repeat(len(span))].reset_index(drop=True)
    grid["absolute"] = np.tile(span, len(series))
    have = pd.MultiIndex.from_frame(counted[keys].assign(absolute=absolute))
    missing = grid[~pd.MultiIndex.from_frame(grid[[*keys, "absolute"]]).isin(have)]
    if missing.empty:
        return observations
    months = missing["absolute"].to_numpy()
    added = missing.drop(columns="absolute").assign(year=1970 + months // 12, month=months % 12 + 1, value=0)
    return pd.concat([observations, added[observations.columns]], ignore_index=True)


def missing_months(counts: pd.DataFrame) -> pd.DataFrame:
    """Per region, year and measure: months without a monthly count, up to the last month with
    data in the region's latest year (or December in earlier years). One pass over the rows
    (a few thousand), not a pandas group per year."""
    types = counts[counts["patent_type"] != "total"]
    seen: dict[tuple[str, str], dict[int, set[int]]] = {}  # (region, measure) -> year -> months with a count
    last: dict[tuple[str, str], tuple[int, int]] = {}  # (region, measure) -> its latest (year, month) of any row
    for region, measure, year, month, known in zip(types["region"].tolist(), types["measure"].tolist(),  # lists: fast
                                                   types["year"].astype(int).tolist(), types["month"].astype(int).tolist(),
                                                   types["count"].notna().tolist(), strict=True):
        series = (region, measure)
        months = seen.setdefault(series, {}).setdefault(int(year), set())
        if known:
            months.add(int(month))
        last[series] = max(last.get(series, (int(year), int(month))), (int(year), int(month)))
    rows = []
    for series in sorted(seen):
        latest, last_month = last[series]
        for year in sorted(seen[series]):
            end = 12 if year < latest else last_month
            rows.append({"region": series[0], "year": year, "measure": series[1], "through_month": end,
                         "missing": [m for m in range(1, end + 1) if m not in seen[series][year]]})
    return pd.DataFrame(rows, columns=["region", "year", "measure", "through_month", "missing"])


def _months_text(months: list[int]) -> str:
    spans, start = [], None
    for i, m in enumerate(months):
        start = m if start is None else start
        if i + 1 == len(months) or months[i + 1] != m + 1:
            spans.append(f"{start}" if start == m else f"{start}-{m}")
            start = None
    return ", ".join(spans)


def format_summary(result: IngestResult, out: Path | None = None) -> str:
    """What was read, per file, and the data-quality summary, for the terminal."""
    lines = [_("Read:")]
    for f in result.files:
        years = f"{f.years[0]}-{f.years[-1]}" if len(f.years) > 1 else str(f.years[0]) if f.years else "-"
        lines.append(_("  {file}: {shapes}; regions {regions}; years {years}; {figures} figures").format(
            file=f.file, shapes=_("; ").join(f.shapes), regions=join(f.regions), years=years, figures=f.rows))
        lines += [_("    note: {note}").format(note=n.removeprefix(f.file + ": ").removeprefix(f.file + "："))
                  for n in f.notes]
    counts = result.counts
    lines.append(_("Canonical table: {rows} rows, {regions} regions").format(rows=len(counts),
                                                                           regions=counts["region"].nunique())
                 + (f" -> {out}" if out else ""))
    if len(applicants := result.applicants):
        lines.append(_("Applicants: {applicants} in {regions} region(s)").format(
            applicants=applicants["applicant"].nunique(), regions=applicants["region"].nunique())
            + (f" -> {applicants_file_for(out)}" if out else ""))
    if len(stocks := result.stocks):
        lines.append(_("Stocks: {figures} figures (in force or all-time totals) in {regions} region(s)").format(
            figures=len(stocks), regions=stocks["region"].nunique()) + (f" -> {stocks_file_for(out)}" if out else ""))
    return "\n".join(lines + _quality_lines(result))


def _quality_lines(result: IngestResult) -> list[str]:
    lines = [_("Data quality:")]
    for _row, q in missing_months(result.counts).iterrows():
        state = (_("months {months} have no monthly count (year to date only or absent)").format(
            months=_months_text(q["missing"])) if q["missing"] else _("complete"))
        lines.append(_("  {region} {year} {measure} (through month {month}): {state}").format(
            region=q["region"], year=q["year"], measure=term(q["measure"]), month=q["through_month"], state=state))
    return lines + ([_("  warning: {warning}").format(warning=w) for w in result.warnings] or [_("  no warnings")])


def write_outputs(result: IngestResult, out: Path | None = None, log: Path | None = None) -> Path:
    """The table (Parquet), the applicant and stock tables beside it, and the ingest log (JSON:
    files with their notes, warnings, revisions, missing months, months known to be incomplete
    and how fully each is published), published together: all are new, or all are as they were.
    Paths holding anything patentstats did not write are refused first."""
    out = Path(out or counts_file())
    applicants, stocks, log = applicants_file_for(out), stocks_file_for(out), log or ingest_log_for(out)
    for path, kind in ((out, "counts"), (applicants, "applicants"), (stocks, "stocks"), (log, "log")):
        check_ours(path, kind)
    if result.counts.empty and out.is_file() and not pd.read_parquet(out, columns=["region"]).empty:
        raise InputError(_("no applications or grants were read from these files, so the counts table is left as it "
                           "was (the notes above say what each file held)"), file=str(out))
    payload = {"files": [asdict(f) for f in result.files], "warnings": result.warnings,
               "revisions": result.revisions, "missing_months": missing_months(result.counts).to_dict("records"),
               "incomplete": result.incomplete, "duplicates": result.duplicates, "publication_delay": result.delays}
    text = json.dumps(payload, ensure_ascii=False, indent=1, default=str)
    publish_together({out: lambda tmp: write_parquet(result.counts, tmp, "counts"),
                      applicants: lambda tmp: write_parquet(result.applicants, tmp, "applicants"),  # no stale applicants
                      stocks: lambda tmp: write_parquet(result.stocks, tmp, "stocks"),
                      log: lambda tmp: tmp.write_text(text, encoding="utf-8")}, out.parent)
    return out
