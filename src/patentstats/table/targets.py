"""Yearly targets from a YAML file: region -> year -> measure -> patent type -> levels.

Levels are ``floor`` (确保/突破), ``plan`` (目标) and ``stretch`` (力争); a bare number is the
plan. Read into a tidy table (region, year, measure, patent_type, level, value) so that a new
indicator needs a new measure name, not new code paths.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from ..errors import InputError
from ..labels import MEASURES, PATENT_TYPES, TOTAL
from ..paths import targets_file
from .settings_yaml import read_settings_yaml

__all__ = ["LEVELS", "TARGET_COLUMNS", "STOCK_INDICATORS", "STOCK_TARGET_COLUMNS", "Targets", "load_targets",
           "parse_targets", "targets_for", "target_value", "stock_targets_for"]

LEVELS = ("floor", "plan", "stretch")
TARGET_COLUMNS = ["region", "year", "measure", "patent_type", "level", "value"]
TARGET_TYPES = (*PATENT_TYPES, TOTAL)
# stock indicators under a year's `stocks:` key: invention patents in force at the year end (件, whole)
# and per 10,000 resident people (件/万人, one decimal as bureaus print it)
STOCK_INDICATORS = ("invention_in_force", "invention_per_10k")
STOCK_TARGET_COLUMNS = ["region", "year", "indicator", "level", "value"]


DEFAULT_MILESTONE = 100  # cumulative applications that make an applicant's milestone (the seed's 过百件)


@dataclass
class Targets:
    table: pd.DataFrame
    warnings: list[str] = field(default_factory=list)
    applicant_milestone: int = DEFAULT_MILESTONE  # top-level 'applicant_milestone:' in the file
    stocks: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=STOCK_TARGET_COLUMNS))


def load_targets(path: Path | str | None = None) -> Targets:
    """The targets file (default data/targets.yaml) as a tidy table, validated.

    A missing default file means no targets; a missing file that was named is an error.
    """
    named = path is not None
    path = Path(path) if path is not None else targets_file()
    if not path.is_file():
        if named:
            raise InputError("no such targets file", file=str(path))
        return Targets(pd.DataFrame(columns=TARGET_COLUMNS))
    return parse_targets(read_settings_yaml(path), path.name)


def _fail(file: str, where: list[object], what: str) -> InputError:
    return InputError(f"{' / '.join(map(str, where))}: {what}", file=file)


def _mapping(value: Any, file: str, where: list[object], what: str) -> dict[Any, Any]:
    if not isinstance(value, dict):
        raise _fail(file, where, f"expected {what}, found {value!r}")
    return value


def _levels(value: Any, file: str, where: list[object], decimal: bool = False) -> dict[str, Any]:
    raw = value if isinstance(value, dict) else {"plan": value}
    levels: dict[str, Any] = {}
    for level, number in raw.items():
        if level not in LEVELS:
            raise _fail(file, where, f"unknown level {level!r}: expected one of {', '.join(LEVELS)}")
        if isinstance(number, bool) or not isinstance(number, (int, float)) or number <= 0 or \
                (not decimal and number != int(number)):
            raise _fail(file, [*where, level], f"found {number!r}, expected "
                                               f"{'a number such as 1.5' if decimal else 'a whole number'} above 0")
        levels[level] = float(number) if decimal else int(number)
    ordered = [(lv, levels[lv]) for lv in LEVELS if lv in levels]
    for (low, a), (high, b) in zip(ordered, ordered[1:], strict=False):
        if a > b:
            raise _fail(file, where, f"levels out of order: {low} {a} is above {high} {b} (expected floor <= plan <= stretch)")
    return levels


def _check_year(year: Any, file: str, region: object) -> None:
    if isinstance(year, bool) or not isinstance(year, int) or not 1985 <= year <= 2100:
        raise _fail(file, [region, year], "expected a year such as 2018")


def parse_targets(data: Any, file: str = "targets") -> Targets:
    """Validate the parsed YAML and flatten it into the tidy table."""
    rows: list[tuple[str, int, str, str, str, int]] = []
    stock_rows: list[tuple[str, int, str, str, float]] = []
    regions = dict(_mapping(data, file, [], "a mapping of regions")) if data is not None else {}
    milestone = regions.pop("applicant_milestone", DEFAULT_MILESTONE)
    if isinstance(milestone, bool) or not isinstance(milestone, int) or milestone <= 0:
        raise _fail(file, ["applicant_milestone"], f"found {milestone!r}, expected a whole number above 0")
    for region, years in regions.items():
        for year, measures in _mapping(years, file, [region], "a mapping of years").items():
            _check_year(year, file, region)
            for measure, types in _mapping(measures, file, [region, year], "a mapping of measures").items():
                if measure == "stocks":
                    stock_rows += _stock_targets(types, file, str(region), year)
                    continue
                if measure not in MEASURES:
                    raise _fail(file, [region, year, measure], f"unknown measure: expected one of {', '.join(MEASURES)}, stocks")
                for patent_type, value in _mapping(types, file, [region, year, measure], "a mapping of patent types").items():
                    if patent_type not in TARGET_TYPES:
                        raise _fail(file, [region, year, measure, patent_type],
                                    f"unknown patent type: expected one of {', '.join(TARGET_TYPES)}")
                    for level, number in _levels(value, file, [region, year, measure, patent_type]).items():
                        rows.append((str(region), year, measure, patent_type, level, number))
    table = pd.DataFrame(rows, columns=TARGET_COLUMNS)
    return Targets(table, _check_type_sums(table, file), milestone, pd.DataFrame(stock_rows, columns=STOCK_TARGET_COLUMNS))


def _stock_targets(value: Any, file: str, region: str, year: int) -> list[tuple[str, int, str, str, float]]:
    """A year's ``stocks:`` mapping: invention_in_force (whole 件) and invention_per_10k (件 per 10,000
    people, decimals allowed), each a number (the plan) or levels."""
    rows = []
    for indicator, levels in _mapping(value, file, [region, year, "stocks"], "a mapping of stock indicators").items():
        if indicator not in STOCK_INDICATORS:
            raise _fail(file, [region, year, "stocks", indicator],
                        f"unknown stock indicator: expected one of {', '.join(STOCK_INDICATORS)}")
        decimal = indicator == "invention_per_10k"
        for level, number in _levels(levels, file, [region, year, "stocks", indicator], decimal).items():
            rows.append((region, year, indicator, level, float(number)))
    return rows


def stock_targets_for(targets: Targets | pd.DataFrame | None, region: str, year: int) -> dict[str, dict[str, float]]:
    """``{indicator: {level: value}}`` of one region and year (``Targets.stocks``)."""
    table = targets.stocks if isinstance(targets, Targets) else targets
    if table is None or not len(table):
        return {}
    part = table[(table["region"] == region) & (table["year"] == year)]
    out: dict[str, dict[str, float]] = {}
    for row in part.itertuples():
        out.setdefault(str(row.indicator), {})[str(row.level)] = float(row.value)  # type: ignore[arg-type]
    return out


def _check_type_sums(table: pd.DataFrame, file: str) -> list[str]:
    """Warn where the per-type plans add up to more than the total's plan."""
    plans = table[table["level"] == "plan"]
    warnings = []
    for (region, year, measure), part in plans.groupby(["region", "year", "measure"]):
        total = part.loc[part["patent_type"] == TOTAL, "value"]
        types = part.loc[part["patent_type"] != TOTAL, "value"]
        if len(total) and types.sum() > total.iloc[0]:
            warnings.append(f"{file}: {region} / {year} / {measure}: the types' plans add up to {types.sum()}, "
                            f"more than the total's plan {total.iloc[0]}")
    return warnings


def targets_for(targets: pd.DataFrame, region: str, year: int) -> pd.DataFrame:
    """Wide targets of one region and year: index (measure, patent_type), one column per level."""
    part = targets[(targets["region"] == region) & (targets["year"] == year)]
    wide = part.pivot_table(index=["measure", "patent_type"], columns="level", values="value", aggfunc="first")
    return wide.reindex(columns=list(LEVELS))


def target_value(wide: pd.DataFrame | None, measure: str, patent_type: str, level: str) -> float | None:
    """One level's target from ``targets_for``'s table; None where there is none."""
    if wide is None or (measure, patent_type) not in wide.index or level not in wide.columns:
        return None
    value: Any = wide.loc[(measure, patent_type), level]
    return None if pd.isna(value) else float(value)
