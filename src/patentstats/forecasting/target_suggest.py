"""Target-setting aid: next year's 确保 / 目标 / 力争 levels from the projection model.

From a region's data through December of the year before, the seasonal model's level prior
(last year's total times the recent trend, as wide as year-on-year changes have been across
the data) and its negative-binomial months are simulated over the whole of next year. The
levels are read off the simulated totals: 确保 (``floor``) is reached with about 90% chance,
目标 (``plan``) with about 70%, 力争 (``stretch``) with about 50%. The total is the sum of its
types' simulations, draw by draw. ``level_backtest`` makes the same suggestion for every
earlier year of the data and says how often each level was reached.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from ..errors import InputError
from ..i18n import _, join
from ..labels import MEASURES, PATENT_TYPES, TOTAL, label
from ..table.targets import LEVELS, target_value, targets_for
from .pooling import Pool, pools_before
from .projection_types import History
from .simulation import DRAWS, SERIES_TYPES, RegionCube, _nb_size, _season_alpha, region_cube

__all__ = ["CHANCES", "Suggestion", "suggest_targets", "targets_yaml_block", "plan_sentences", "level_backtest",
           "levels_reached", "nice_level", "targets_chances", "next_level",
           "next_year_draws"]

CHANCES = {"floor": 0.9, "plan": 0.7, "stretch": 0.5}  # 确保, 目标, 力争: the chance each is reached
LEVEL_WORDS = {"floor": "确保", "plan": "目标", "stretch": "力争"}


@dataclass(frozen=True)
class Suggestion:
    """Suggested levels for ``year``: one row per measure and type with ``last`` (the year
    before's total), the levels ``floor``, ``plan``, ``stretch`` and the model's chance of
    reaching each (``p_floor``, ...)."""

    region: str
    year: int
    table: pd.DataFrame
    draws: dict[tuple[str, str], np.ndarray] = field(default_factory=dict, repr=False)  # simulated totals


def nice_level(value: float) -> int:
    """A level as a bureau writes it: whole, to the nearest 5 from 100, 10 from 1,000, and
    three significant figures above 10,000.

    Examples
    --------
    >>> nice_level(47.4), nice_level(432), nice_level(1234), nice_level(23456)
    (47, 430, 1230, 23500)
    """
    if value < 100:
        return int(round(value))
    step = 5 if value < 1000 else 10 if value < 10000 else 10 ** (len(str(int(value))) - 3)
    return int(round(value / step) * step)


def _history_through(cube: RegionCube, m: int, t: int, last_year: int) -> History | None:
    """The series' History as it stands after December of ``last_year`` (nothing later),
    None when that December is not known."""
    if last_year not in cube.years:
        return None
    prior = cube.ytd[m, t, : cube.years.index(last_year) + 1].copy()
    if np.isnan(prior[-1, 11]):
        return None
    monthly = np.diff(np.hstack([np.zeros((len(prior), 1)), prior]), axis=1)
    return History(monthly, prior[:, 11].copy(), 0, 12, None, prior)


def next_level(history: History, pool: Pool) -> tuple[float, float] | None:
    """Gamma (shape, rate) of next year's level: last year's total times the growth of the
    pooled series, averaged with the series' own recent growth where it has three years.
    A whole year ahead, the pooled growth matters: without it the levels came out low (the
    50% level was reached 66% of the time on both synthetic generators)."""
    totals = history.totals[~np.isnan(history.totals)]
    if totals.size == 0:
        return None
    growth = pool.level_growth
    positive = totals[totals > 0]
    if positive.size >= 3:
        own = float(np.clip(np.median(np.diff(np.log(positive[-4:]))), -0.5, 0.5))
        growth = (growth + own) / 2
    mean = max(float(totals[-1]), 1.0) * float(np.exp(growth))
    shape = 1 / pool.level_cv**2
    return shape, shape / mean


def next_year_draws(history: History, pool: Pool, key: tuple[str, str], rng: np.random.Generator,
                    draws: int = DRAWS) -> np.ndarray | None:
    """Simulated totals of the year after ``history``'s last: a level (``next_level``), a
    seasonal profile and negative-binomial months around it (None without a known total)."""
    prior = next_level(history, pool)
    if prior is None:
        return None
    size = _nb_size(history)
    season = pool.season(*key)
    alpha = (_season_alpha(history, size, season) if history.complete_years.any() else
             season.profile * season.concentration if season is not None else np.full(12, 1.0))
    profiles = rng.dirichlet(alpha, size=draws)
    level = rng.gamma(prior[0], 1 / prior[1], size=draws)
    rates = rng.gamma(size, level[:, None] * profiles / size)
    return np.asarray(rng.poisson(rates).sum(axis=1))


def _levels_row(draws: np.ndarray, last: float) -> dict[str, float]:
    """The levels reached with the chances of ``CHANCES``, made nice, and the chance of each."""
    row: dict[str, float] = {"last": last}
    for level, chance in CHANCES.items():
        # the largest whole level reached with at least this chance, then written as a bureau would
        value = nice_level(float(np.quantile(draws, 1 - chance, method="inverted_cdf")))
        row[level] = value
        row[f"p_{level}"] = float(np.mean(draws >= value))
    return row


def _series_draws(cube: RegionCube, pool: Pool, year: int, seed: int, draws: int
                  ) -> dict[tuple[str, str], tuple[np.ndarray, float]]:
    """Simulated totals of ``year`` and the year before's total, per measure and type; the
    total is the sum of its types' draws where all three are known."""
    out: dict[tuple[str, str], tuple[np.ndarray, float]] = {}
    for m, measure in enumerate(MEASURES):
        for t, patent_type in enumerate(SERIES_TYPES):
            parts = [part for p in PATENT_TYPES if (part := out.get((measure, p))) is not None]
            if patent_type == TOTAL and len(parts) == len(PATENT_TYPES):
                out[(measure, TOTAL)] = (np.sum([p[0] for p in parts], axis=0), sum(p[1] for p in parts))
                continue
            history = _history_through(cube, m, t, year - 1)
            if history is None:
                continue
            rng = np.random.default_rng([seed, year, m, t])
            simulated = next_year_draws(history, pool, (measure, patent_type), rng, draws)
            if simulated is not None:
                out[(measure, patent_type)] = (simulated, float(history.totals[-1]))
    return out


def _suggest(cube: RegionCube, pool: Pool, region: str, year: int, seed: int, draws: int) -> Suggestion:
    series = _series_draws(cube, pool, year, seed, draws)
    rows = [{"measure": measure, "patent_type": patent_type, **_levels_row(simulated, last)}
            for (measure, patent_type), (simulated, last) in series.items()]
    return Suggestion(region, year, pd.DataFrame(rows), {key: simulated for key, (simulated, _) in series.items()})


def suggest_targets(counts: pd.DataFrame, region: str, year: int | None, seed: int = 0, draws: int = DRAWS
                    ) -> Suggestion:
    """Levels for ``region``'s ``year`` (None: the year after its latest December) from the
    data through December of ``year - 1`` (with totals; every region's earlier years lend
    their seasons, growth and year-on-year spread).

    Examples
    --------
    >>> import patentstats
    >>> s = suggest_targets(patentstats.load_counts("tests/data/counts_sample.parquet"), "永修县", 2018)  # doctest: +SKIP
    >>> s.table.query("measure == 'applications' and patent_type == 'total'")[["floor", "plan", "stretch"]]  # doctest: +SKIP
    """
    rows = counts[counts["region"] == region]
    if rows.empty:
        available = join(sorted(counts["region"].unique())) or _("none")
        raise InputError(_("region {region!r} is not in the data: available regions: {regions}").format(
            region=region, regions=available))
    known = sorted(int(y) for y in rows.loc[(rows["month"] == 12) & rows["ytd"].notna(), "year"].unique())
    if not known:
        raise InputError(_("targets for {region} need a whole year of its figures (through December); the data hold "
                           "none").format(region=region))
    year = known[-1] + 1 if year is None else year
    if year - 1 not in known:
        raise InputError(_("targets for {region} {year} need its figures through December {last_year}; years with a "
                           "December: {years}").format(region=region, year=year, last_year=year - 1,
                                                       years=join(known)))
    pool = pools_before(counts, [year])[year]
    suggestion = _suggest(region_cube(counts, region), pool, region, year, seed, draws)
    if suggestion.table.empty:
        raise InputError(_("targets for {region} {year}: no series of {region} has a total for {last_year}").format(
            region=region, year=year, last_year=year - 1))
    return suggestion


def _row(table: pd.DataFrame, measure: str, patent_type: str) -> pd.Series | None:
    found = table[(table["measure"] == measure) & (table["patent_type"] == patent_type)]
    return found.iloc[0] if len(found) else None


def _yaml_levels(row: pd.Series) -> str:
    """``{floor: 400, plan: 430, stretch: 450}``; levels of 0 are left out (a target is above 0)."""
    parts = [f"{level}: {int(row[level])}" for level in LEVELS if row[level] > 0]
    return "{" + ", ".join(parts) + "}"


def targets_yaml_block(suggestion: Suggestion, lang: str = "zh") -> str:
    """A block to paste into targets.yaml, each series commented with last year's total and
    the model's chance of each level (a series whose every level is 0 stays a comment)."""
    chance_word = {"zh": "把握", "en": "chance"}[lang]
    head = {"zh": f"# {suggestion.region} {suggestion.year}年目标建议（由{suggestion.year - 1}年及以前数据模拟）："
                  "floor 确保（约90%把握），plan 目标（约70%），stretch 力争（约50%）",
            "en": f"# suggested targets for {suggestion.region} {suggestion.year} (simulated from data through "
                  f"{suggestion.year - 1}): floor reached with about 90% chance, plan 70%, stretch 50%"}[lang]
    lines = [head, f"{suggestion.region}:", f"  {suggestion.year}:"]
    for measure in MEASURES:
        rows = [(t, _row(suggestion.table, measure, t)) for t in (TOTAL, *PATENT_TYPES)]
        if all(row is None for _, row in rows):
            continue
        lines.append(f"    {measure}:")
        for patent_type, row in rows:
            if row is None:
                continue
            chances = "/".join(f"{row[f'p_{level}']:.0%}" for level in LEVELS)
            note = (f"  # {suggestion.year - 1}: {int(row['last'])}; {chance_word} {chances}")
            entry = f"{patent_type}: {_yaml_levels(row)}"
            lines.append(f"      {entry}{note}" if row["stretch"] > 0 else f"      # {entry}{note}")
    return "\n".join(lines)


def plan_sentences(suggestion: Suggestion, lang: str = "zh") -> list[str]:
    """One sentence per measure for the annual plan, in the seed's words: the plan level and
    its types, then the floor and the stretch of the total."""
    out = []
    for measure in MEASURES:
        total = _row(suggestion.table, measure, TOTAL)
        if total is None:
            continue
        types = [(t, row) for t in PATENT_TYPES if (row := _row(suggestion.table, measure, t)) is not None]
        out.append(_sentence(suggestion.year, measure, total, types, lang))
    return out


def _sentence(year: int, measure: str, total: pd.Series, types: list[tuple[str, pd.Series]], lang: str) -> str:
    plan, floor, stretch = int(total["plan"]), int(total["floor"]), int(total["stretch"])
    if lang == "en":
        parts = ", ".join(f"{label(t, 'en').lower()} {int(row['plan'])}" for t, row in types)
        detail = f" ({parts})" if parts else ""
        return (f"In {year}, {label(measure, 'en').lower()} to reach {plan}{detail}; "
                f"at least {floor} assured, aiming for {stretch}.")
    parts = "、".join(f"{label(t)}{int(row['plan'])}件" for t, row in types)
    detail = f"，其中{parts}" if parts else ""
    return f"{year}年{label(measure)}达到{plan}件{detail}；确保突破{floor}件，力争达到{stretch}件。"


def _chance(draws: np.ndarray, level: float) -> str:
    """The chance of reaching ``level`` in whole percent; never "0%" or "100%" from a simulation."""
    p = float(np.mean(draws >= level))
    return "<1%" if p < 0.005 else ">99%" if p > 0.995 else f"{p:.0%}"


def targets_chances(suggestion: Suggestion, targets: pd.DataFrame, lang: str = "zh") -> list[str]:
    """The model's chance of each level the targets file already sets for the region and year,
    one line per measure and type (none when it sets nothing)."""
    wide = targets_for(targets, suggestion.region, suggestion.year)
    lines = []
    for measure, patent_type in ((m, t) for m in MEASURES for t in (TOTAL, *PATENT_TYPES)):
        draws = suggestion.draws.get((measure, patent_type))
        if draws is None or (measure, patent_type) not in wide.index:
            continue
        levels = [(level, float(v)) for level in LEVELS if pd.notna(v := target_value(wide, measure, patent_type, level))]
        if lang == "en":
            said = ", ".join(f"{level} {int(v)}: {_chance(draws, v)}" for level, v in levels)
            lines.append(f"targets file, {suggestion.year} {measure} {patent_type}: chance of reaching {said}")
        else:
            said = "，".join(f"{LEVEL_WORDS[level]}{int(v)}件{_chance(draws, v)}" for level, v in levels)
            lines.append(f"已设{suggestion.year}年{label(measure)}（{label(patent_type)}）目标的把握：{said}")
    return lines


def level_backtest(counts: pd.DataFrame, seed: int = 0, draws: int = 2000) -> pd.DataFrame:
    """The suggestion for every region and year whose December and the previous December are
    known, made from the data before that year, beside the actual total: one row per region,
    year, measure and type with the levels, ``actual`` and ``reached_<level>``."""
    december = counts[(counts["month"] == 12) & counts["ytd"].notna()]
    done = set(zip(december["region"], december["year"].astype(int), strict=False))
    years = sorted({y for r, y in done if (r, y - 1) in done})
    pools = pools_before(counts, years)
    rows = []
    for region in sorted({r for r, _y in done}):
        cube = region_cube(counts, region)
        for year in (y for y in years if (region, y) in done and (region, y - 1) in done):
            table = _suggest(cube, pools[year], region, year, seed, draws).table
            actual = [cube.ytd[MEASURES.index(r.measure), SERIES_TYPES.index(r.patent_type),
                               cube.years.index(year), 11] for r in table.itertuples()]
            rows.append(table.assign(region=region, year=year, actual=actual))
    frame = pd.concat(rows, ignore_index=True) if rows else pd.DataFrame()
    frame = frame[frame["actual"].notna()] if len(frame) else frame
    for level in LEVELS:
        frame[f"reached_{level}"] = frame["actual"] >= frame[level]
    return frame


def levels_reached(frame: pd.DataFrame, by: list[str] | None = None) -> pd.DataFrame:
    """How often each level was reached (``level_backtest``'s rows), overall or ``by`` columns,
    beside the chance it was meant to have and the mean chance the model gave its nice level."""
    grouped = frame.groupby(by) if by else frame.assign(all="all").groupby("all")
    out = grouped.agg(n=("actual", "size"), **{f"reached_{lv}": (f"reached_{lv}", "mean") for lv in LEVELS},
                      **{f"p_{lv}": (f"p_{lv}", "mean") for lv in LEVELS})
    return out.reset_index()
