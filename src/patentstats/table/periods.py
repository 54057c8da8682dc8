"""Which years and months a region has data for, and the one-line errors that name them.
Plain Python, so that commands can check a request before loading anything heavy."""

from __future__ import annotations

from pathlib import Path

from ..errors import InputError

__all__ = ["Periods", "periods_by_region", "periods_in_file", "periods_of", "resolve_period"]

Periods = dict[int, list[int]]  # year -> months with a year-to-date figure


def periods_by_region(path: Path | str | None) -> dict[str, Periods]:
    """Every region's years and months with data, from one read of the counts table with pyarrow alone."""
    import pyarrow.compute as pc
    import pyarrow.parquet as pq

    from ..paths import counts_file

    path = Path(path or counts_file())
    if not path.is_file():
        raise InputError("no counts table here: run `patentstats ingest` first", file=str(path))
    try:  # ParquetFile, not read_table: read_table goes through pyarrow.dataset, which imports pandas
        table = pq.ParquetFile(path).read(columns=["region", "year", "month", "ytd"])
    except (OSError, ValueError) as exc:  # empty, damaged, or not a counts table
        raise InputError(f"not a readable counts table ({str(exc).splitlines()[0][:120]}): run `patentstats ingest` "
                         f"again", file=str(path)) from None
    dated = table.filter(pc.is_valid(table["ytd"])).group_by(["region", "year", "month"]).aggregate([])
    periods: dict[str, Periods] = {region: {} for region in pc.unique(table["region"]).to_pylist()}
    for region, year, month in zip(*(dated[name].to_pylist() for name in ("region", "year", "month")), strict=True):
        periods[region].setdefault(int(year), []).append(int(month))
    return {region: {year: sorted(by_year[year]) for year in sorted(by_year)} for region, by_year in periods.items()}


def periods_of(every: dict[str, Periods], region: str) -> Periods:
    """One region's periods, or a one-line error naming the regions there are."""
    if not every.get(region):
        raise InputError(f"region {region!r} is not in the data: available regions: {', '.join(sorted(every)) or 'none'}")
    return every[region]


def periods_in_file(path: Path | str | None, region: str) -> Periods:
    """The region's years and months with data."""
    return periods_of(periods_by_region(path), region)


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
