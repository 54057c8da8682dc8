"""Which years and months a region has data for, and the one-line errors that name them.
Plain Python, so that commands can check a request before loading anything heavy."""

from __future__ import annotations

from pathlib import Path

from .errors import InputError

__all__ = ["Periods", "periods_in_file", "resolve_period"]

Periods = dict[int, list[int]]  # year -> months with a year-to-date figure


def periods_in_file(path: Path | str | None, region: str) -> Periods:
    """The region's years and months with data, read from the counts table with pyarrow alone."""
    import pyarrow.compute as pc
    import pyarrow.parquet as pq

    from .paths import counts_file

    path = Path(path or counts_file())
    if not path.is_file():
        raise InputError("no counts table here: run `patentstats ingest` first", file=str(path))
    # ParquetFile, not read_table: read_table goes through pyarrow.dataset, which imports pandas
    table = pq.ParquetFile(path).read(columns=["region", "year", "month", "ytd"])
    mine = table.filter(pc.and_(pc.equal(table["region"], region), pc.is_valid(table["ytd"])))
    if mine.num_rows == 0:
        regions = sorted(set(table["region"].to_pylist()))
        raise InputError(f"region {region!r} is not in the data: available regions: {', '.join(regions) or 'none'}")
    periods: Periods = {}
    for year, month in zip(mine["year"].to_pylist(), mine["month"].to_pylist(), strict=True):
        periods.setdefault(int(year), []).append(int(month))
    return {year: sorted(set(months)) for year, months in sorted(periods.items())}


def resolve_period(periods: Periods, region: str, year: int | str, month: int | str) -> tuple[int, int]:
    """(year, month) with 'latest' resolved; a one-line error naming what exists otherwise."""
    if year == "latest":
        year = max(periods)
    year = int(year)
    if year not in periods:
        raise InputError(f"no data for {region} in {year}: years with data: {', '.join(map(str, periods))}")
    if month == "latest":
        return year, periods[year][-1]
    month = int(month)
    if not 1 <= month <= 12:
        raise InputError(f"month {month} is not a month: expected 1-12 or 'latest'")
    if month not in periods[year]:
        raise InputError(f"no data for {region} {year}-{month:02d}: months with data in {year}: "
                         f"{', '.join(map(str, periods[year]))} (latest {periods[year][-1]})")
    return year, month
