"""The anchors, pooling, the early blend, scattered histories and the grant lag model."""

import numpy as np
import pandas as pd
import pytest

from patentstats.forecasting.anchors import ets, seasonal_naive
from patentstats.forecasting.pipeline import held_out_errors, lag_projection
from patentstats.forecasting.pooling import pool_before
from patentstats.forecasting.simulation import History, _nb_size, project_series

SEASON = np.array([2, 1, 3, 3, 3, 3, 3, 3, 3, 4, 5, 7], dtype=float)  # 40 a year


def steady(years: int, scale: float = 1.0) -> np.ndarray:
    return np.array([SEASON * scale] * years)


def test_seasonal_naive_adds_what_last_year_added_after_this_month():
    monthly = np.vstack([steady(1, 2), steady(1)])  # 80, then 40; last year added 40 - 21 = 19 after August
    proj = seasonal_naive(History(monthly, monthly.sum(axis=1), 25, 8))
    assert (proj.method, proj.point) == ("seasonal_naive", 25 + 19)


def test_seasonal_naive_without_a_prior_year_is_run_rate():
    assert seasonal_naive(History(np.empty((0, 12)), np.empty(0), 20, 4)).method == "run_rate"


def test_ets_simulates_paths_and_finds_a_steady_series():
    rng = np.random.default_rng(3)
    monthly = rng.poisson(steady(4, 10)).astype(float)
    current = rng.poisson(SEASON[:9] * 10).astype(float)
    history = History(monthly, monthly.sum(axis=1), int(current.sum()), 9, current)
    proj = ets(history, seed=5)
    assert proj.method == "ets" and proj.paths is not None and proj.paths.shape[1] == 3
    assert proj.lo80 < 400 < proj.hi80 and proj.ytd <= proj.lo95
    assert np.array_equal(proj.draws, ets(history, seed=5).draws)  # deterministic for a seed


def test_ets_needs_this_years_months():
    monthly = steady(3)
    proj = ets(History(monthly, monthly.sum(axis=1), 21, 8, None))
    assert proj.method == "seasonal_share" and "too little monthly history" in proj.reason


def test_pool_before_learns_profile_and_spread_from_earlier_years_only():
    rows = []
    for region, scale in (("A", 10), ("B", 20)):
        for year in (2014, 2015, 2016, 2017):
            grow = 1.2 ** (year - 2014)
            for month, ytd in enumerate(np.cumsum(SEASON * scale * grow), start=1):
                for patent_type in ("invention", "utility_model", "design"):
                    rows.append((region, year, month, "applications", patent_type, ytd))
    counts = pd.DataFrame(rows, columns=["region", "year", "month", "measure", "patent_type", "ytd"])
    pool = pool_before(counts, 2017)
    season = pool.season("applications", "design")
    assert season is not None and season.series_years == 6  # 2 regions x 2014-2016, not 2017
    np.testing.assert_allclose(season.profile, SEASON / 40)
    assert season.concentration == 400  # identical profiles: as sure as the cap allows
    assert pool.level_cv == 0.15  # every series grew by exactly 20%: the floor
    assert pool_before(counts, 2014).seasons == {}


def test_a_borrowed_season_narrows_a_series_without_history():
    alone = project_series(History(np.empty((0, 12)), np.empty(0), 90, 6))
    rows = [("B", 2016, m, "applications", "design", y) for m, y in enumerate(np.cumsum(SEASON * 5), start=1)]
    rows += [("C", 2016, m, "applications", "design", y) for m, y in enumerate(np.cumsum(SEASON * 6), start=1)]
    pool = pool_before(pd.DataFrame(rows, columns=["region", "year", "month", "measure", "patent_type", "ytd"]), 2017)
    borrowed = project_series(History(np.empty((0, 12)), np.empty(0), 90, 6), pool=pool, key=("applications", "design"))
    assert borrowed.hi95 - borrowed.lo95 < alone.hi95 - alone.lo95
    assert "pooled" in borrowed.reason


def test_early_months_blend_halfway_to_seasonal_naive():
    monthly = steady(3)
    history = History(monthly, monthly.sum(axis=1), 6, 1)  # 3x last January's pace
    blended, naive = project_series(history), seasonal_naive(history)
    assert naive.point == 44  # 6 + 38
    assert naive.point < blended.point and "halfway" in blended.reason
    later = project_series(History(monthly, monthly.sum(axis=1), 63, 9))
    assert "halfway" not in later.reason


def _scattered_trial(seed: int, with_shares: bool) -> tuple[bool, float]:
    rng = np.random.default_rng(seed)
    base = SEASON / SEASON.sum()
    level, size = rng.uniform(50, 800), rng.uniform(4, 30)
    years = np.array([rng.negative_binomial(size, size / (size + level * rng.dirichlet(base * 150)))
                      for _ in range(5)], dtype=float)
    ytd = np.cumsum(years, axis=1)
    month = int(rng.integers(2, 12))
    scattered = np.full((4, 12), np.nan)
    scattered[:, [month - 1, 11]] = ytd[:4, [month - 1, 11]]
    history = History(np.full((4, 12), np.nan), ytd[:4, 11].copy(), int(ytd[4, month - 1]), month, None,
                      scattered if with_shares else None)
    proj, actual = project_series(history, seed=seed), ytd[4, 11]
    return bool(proj.lo80 <= actual <= proj.hi80), (proj.hi80 - proj.lo80) / actual


def test_scattered_year_to_date_figures_give_calibrated_narrower_intervals():
    # prior years known only at this month and in December (a bureau's 1-9月 and yearly figures)
    shares = [_scattered_trial(seed, True) for seed in range(150)]
    without = [_scattered_trial(seed, False) for seed in range(150)]
    assert 0.72 <= np.mean([hit for hit, _ in shares]) <= 0.9
    assert np.median([w for _, w in shares]) < 0.85 * np.median([w for _, w in without])


def test_lag_model_recovers_lag_and_rate():
    rng = np.random.default_rng(1)
    applications = rng.poisson(20, 60).astype(float)
    grants = np.full(60, np.nan)
    grants[8:] = rng.poisson(0.8 * applications[:-8])
    proj = lag_projection(applications[:57], grants[:57], int(grants[48:57].sum()), 9)
    assert proj is not None and "79% of the applications of 8 months before" in proj.reason  # drawn at 80%
    assert proj.lo80 <= grants[48:].sum() <= proj.hi80


@pytest.mark.parametrize("months", [12, 57])
def test_lag_model_declines_short_or_unrelated_series(months):
    rng = np.random.default_rng(2)
    applications = rng.poisson(20, months).astype(float)
    grants = (np.tile(SEASON, 5)[:months] * 3).astype(float)  # seasonal, unrelated to applications
    assert lag_projection(applications, grants, int(grants[-9:].sum()), 9) is None


def test_grants_that_are_applications_a_year_later_pass_the_held_out_check():
    # applications 10, 11, 12, ... a month; every grant is the application of 12 months before
    applications = np.arange(10, 70, dtype=float)  # 60 months, ending in June of the fifth year
    grants = np.full(60, np.nan)
    grants[12:] = applications[:-12]
    lag_error, seasonal_error = held_out_errors(applications, grants, 6)
    # the fit on months 12-47 alone finds the lag: its prediction of months 48-59 is exact. The
    # seasonal profile of the two complete years before them (grants t - 2 for months t = 18-41)
    # is (44 + 2c) / 660 for calendar month c, times the 12 months a year before (12 (t - 19.5)):
    assert lag_error == 0.0
    seasonal = [(44 + 2 * ((t - 54) % 12)) * (t - 19.5) / 55 for t in range(48, 60)]  # month 54 is a January
    assert seasonal_error == pytest.approx(sum((t - 2 - s) ** 2 for t, s in zip(range(48, 60), seasonal, strict=True)))
    proj = lag_projection(applications, grants, int(grants[54:].sum()), 6)
    assert proj is not None and "100% of the applications of 12 months before" in proj.reason
    assert "predicted the last 12 months" in proj.reason
    expected = grants[54:].sum() + applications[48:54].sum()  # July-December: the applications of a year before
    assert abs(proj.point - expected) / expected < 0.05


def test_a_lag_fit_must_beat_the_seasonal_profile_out_of_sample():
    # a flat series: the seasonal profile predicts the held-out months exactly, so the lag fit
    # (also exact) is not 20% better and the lag projection is not used
    flat = np.full(60, 10.0)
    assert held_out_errors(flat, flat, 6) == (0.0, 0.0)
    assert lag_projection(flat, flat, 60, 6) is None
    # seasonal noise with no relation to the applications fails; too short a series has no check
    rng = np.random.default_rng(5)
    applications = rng.poisson(30, 60).astype(float)
    grants = rng.poisson(np.tile(SEASON, 5) * 4).astype(float)
    lag_error, seasonal_error = held_out_errors(applications, grants, 6)
    assert lag_error > 0.8 * seasonal_error
    assert lag_projection(applications, grants, int(grants[54:].sum()), 6) is None
    assert held_out_errors(applications[:45], grants[:45], 9) is None  # 33 months before the held-out 12


NATIONAL = np.array([0.6, 0.5, 1.0, 1.0, 1.0, 1.0, 0.95, 0.95, 1.0, 1.1, 1.25, 1.5]) / 11.85


def _quarterly_trial(seed: int, month: int) -> tuple[float, bool, bool]:
    """A national-sized series (200,000 to 2 million a year, growing about 10% a year, its
    season wobbling as Dirichlet(400)) whose five prior years are known only at 3, 6, 9 and 12
    months; this year's months are known. (hi95 / lo95, in 95%, in 80%)."""
    rng = np.random.default_rng(seed)
    level = rng.uniform(2e5, 2e6)
    years = []
    for _ in range(6):
        level *= np.exp(rng.normal(0.1, 0.05))
        years.append(rng.negative_binomial(50, 50 / (50 + level * rng.dirichlet(NATIONAL * 400))))
    ytd = np.cumsum(np.array(years, dtype=float), axis=1)
    quarterly = np.full((5, 12), np.nan)
    quarterly[:, [2, 5, 8, 11]] = ytd[:5, [2, 5, 8, 11]]
    current = np.diff(np.concatenate([[0.0], ytd[5, :month]]))
    history = History(np.full((5, 12), np.nan), ytd[:5, 11].copy(), int(ytd[5, month - 1]), month, current, quarterly)
    proj, actual = project_series(history, seed=seed, key=("applications", "invention")), ytd[5, 11]
    return proj.hi95 / proj.lo95, bool(proj.lo95 <= actual <= proj.hi95), bool(proj.lo80 <= actual <= proj.hi80)


@pytest.mark.parametrize("month", [6, 7, 8])
def test_quarterly_history_gives_a_95_interval_under_one_and_a_half_times_from_month_6(month):
    """Issue 23: scattered year-to-date history (no pooled season to borrow either) must not
    leave an interval 2.3 times as high at its top as at its bottom once half the year is known.
    Months 7 and 8 read the prior years' shares between their 6- and 9-month figures, and the
    months' noise is measured on the quarters, not assumed."""
    trials = [_quarterly_trial(seed, month) for seed in range(80)]
    assert np.median([ratio for ratio, _, _ in trials]) <= 1.5
    assert np.mean([in95 for _, in95, _ in trials]) >= 0.92
    assert 0.72 <= np.mean([in80 for _, _, in80 in trials]) <= 0.95


def test_a_years_share_between_its_known_months_follows_the_profile():
    # known at 6 months (50) and 9 (80) of 100; as of month 7, the profile puts 2 of the 3 months' weight in month 7
    ytd = np.full((1, 12), np.nan)
    ytd[0, [5, 8, 11]] = 50, 80, 100
    history = History(np.full((1, 12), np.nan), np.array([100.0]), 0, 7, None, ytd)
    profile = np.array([1, 1, 1, 1, 1, 1, 2, 0.5, 0.5, 1, 1, 1]) / 12
    assert history.shares_at_month().size == 0  # nothing known at month 7 itself
    assert history.shares_at_month(profile) == pytest.approx([0.5 + 0.3 * 2 / 3])
    early = History(np.full((1, 12), np.nan), np.array([100.0]), 0, 2, None, ytd)  # before any known month
    assert early.shares_at_month(np.full(12, 1 / 12)) == pytest.approx([50 * 2 / 6 / 100])


def test_noise_of_months_is_measured_on_quarters():
    """Months negative-binomial with size 5 around 100 each (flat season), known only by quarter,
    300 years: the size measured on the quarters is about 5; Poisson months give the cap."""
    rng = np.random.default_rng(3)
    for months, low, high in ((rng.negative_binomial(5, 5 / 105, (300, 12)), 4.3, 5.8),
                              (rng.poisson(100, (300, 12)), 200, 1000)):
        ytd = np.cumsum(months, axis=1).astype(float)
        ytd[:, [0, 1, 3, 4, 6, 7, 9, 10]] = np.nan
        history = History(np.full((300, 12), np.nan), ytd[:, 11].copy(), 0, 6, None, ytd)
        assert low <= _nb_size(history) <= high
