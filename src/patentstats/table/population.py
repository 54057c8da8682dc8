"""Resident population (常住人口, in 万人) by region and year, from ``data/population.yaml`` beside
the targets file: the denominator of 每万人口发明专利拥有量 (invention patents in force per
10,000 people)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pandas as pd

from ..errors import InputError
from ..paths import targets_file
from .settings_yaml import read_settings_yaml

__all__ = ["POPULATION_COLUMNS", "population_file_for", "load_population", "parse_population", "population_of"]

POPULATION_COLUMNS = ["region", "year", "population"]
MAX_POPULATION = 200_000.0  # 万人: 20 billion people; anything above is a figure in 人, not 万人


def population_file_for(targets_path: Path | str | None = None) -> Path:
    """population.yaml beside the targets file (default data/population.yaml)."""
    return Path(targets_path or targets_file()).with_name("population.yaml")


def load_population(targets_path: Path | str | None = None) -> pd.DataFrame:
    """The population file beside the targets as a table (region, year, population in 万人);
    empty where there is no such file."""
    path = population_file_for(targets_path)
    if not path.is_file():
        return pd.DataFrame(columns=POPULATION_COLUMNS)
    return parse_population(read_settings_yaml(path), path.name)


def _number(value: Any, file: str, where: str) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0 < value <= MAX_POPULATION:
        raise InputError(f"{where}: found {value!r}, expected the resident population in 万人 above 0, "
                         f"such as 37.5", file=file)
    return float(value)


def parse_population(data: Any, file: str = "population") -> pd.DataFrame:
    """Validate the parsed YAML (region -> year -> 万人) and flatten it."""
    if data is None:
        return pd.DataFrame(columns=POPULATION_COLUMNS)
    if not isinstance(data, dict):
        raise InputError(f"expected a mapping of regions, found {data!r}", file=file)
    rows = []
    for region, years in data.items():
        if not isinstance(years, dict):
            raise InputError(f"{region}: expected a mapping of years to 万人, found {years!r}", file=file)
        for year, value in years.items():
            if isinstance(year, bool) or not isinstance(year, int) or not 1985 <= year <= 2100:
                raise InputError(f"{region} / {year}: expected a year such as 2018", file=file)
            rows.append((str(region), year, _number(value, file, f"{region} / {year}")))
    return pd.DataFrame(rows, columns=POPULATION_COLUMNS)


def population_of(population: pd.DataFrame, region: str, year: int) -> float | None:
    """The region's population in ``year`` (万人), None where the file does not give it."""
    found = population.loc[(population["region"] == region) & (population["year"] == year), "population"]
    return float(found.iloc[0]) if len(found) else None
