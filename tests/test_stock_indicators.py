"""Stock indicators: invention patents in force and per 10,000 people against their targets, the
region's lapse rate and the year end projected; population.yaml; the stock targets. Every
expected figure below is worked out by hand in the comment beside it."""

import math

import pandas as pd
import pytest

from patentstats.errors import InputError
from patentstats.metrics.stock_indicators import (
    DEFAULT_LAPSE_RATE,
    fmt_indicator,
    grants_between,
    lapse_rate,
    per_10k,
    stock_status,
)
from patentstats.output.narrative import stock_sentence
from patentstats.output.status import stock_json, stock_text
from patentstats.output.views import stock_notes, stock_target_rows
from patentstats.readers.figures import STOCK_COLUMNS
from patentstats.table.population import parse_population, population_of
from patentstats.table.targets import parse_targets, stock_targets_for

REGION = "甲县"


def stocks_of(*points: tuple[int, int, int]) -> pd.DataFrame:
    """Invention patents in force at (year, month, value)."""
    rows = [(REGION, y, m, "in_force", "", "invention", v, "t.csv", "", 4, "有效发明专利") for y, m, v in points]
    return pd.DataFrame(rows, columns=STOCK_COLUMNS)


def grants_of(ytd: dict[tuple[int, int], int]) -> pd.DataFrame:
    """Invention grants year to date at (year, month)."""
    rows = [(REGION, y, m, "grants", "invention", None, v) for (y, m), v in ytd.items()]
    return pd.DataFrame(rows, columns=["region", "year", "month", "measure", "patent_type", "count", "ytd"])


# 2021: 11 inventions granted; 2022: 6 by June
GRANTS = grants_of({(2021, 12): 11, (2022, 6): 6})
# 100 at the end of 2020, 105 a year later (100 + 11 - 6 lapsed), 108 in June 2022 (105 + 6 - 3 lapsed)
STOCKS = stocks_of((2020, 12, 100), (2021, 12, 105), (2022, 6, 108))
POPULATION = parse_population({REGION: {2022: 80.0}})
# the invention-grant projection of 2022 (as project_year_end gives it)
PROJECTION = pd.DataFrame([{"measure": "grants", "patent_type": "invention", "point": 14, "lo80": 11, "hi80": 17,
                            "lo95": 9, "hi95": 20}])


@pytest.mark.parametrize("stock, people, expected", [(48, 37.5, 1.3), (108, 80, 1.4), (55, 37.5, 1.5), (7, 36.4, 0.2)])
def test_per_10k_is_printed_with_one_decimal_rounded_half_up(stock, people, expected):
    # 48 / 37.5 = 1.28; 108 / 80 = 1.35 (half up: 1.4); 55 / 37.5 = 1.4667; 7 / 36.4 = 0.192
    assert per_10k(stock, people) == expected
    assert fmt_indicator("invention_per_10k", stock / people) == f"{expected:.1f}"


def test_grants_between_two_stock_dates_span_years():
    assert grants_between(GRANTS, REGION, (2020, 12), (2021, 12)) == 11  # all of 2021
    assert grants_between(GRANTS, REGION, (2021, 12), (2022, 6)) == 6  # 2022 to June
    assert grants_between(GRANTS, REGION, (2020, 12), (2022, 6)) == 17
    assert grants_between(GRANTS, REGION, (2021, 6), (2022, 6)) is None  # June 2021 unknown


def test_the_lapse_rate_is_the_regions_own_pooled_over_its_stock_observations():
    rate, warnings = lapse_rate(STOCKS, GRANTS, REGION, (2022, 6))
    # lapsed 6 of 100 over a year, 3 of 105 over half a year: 9 / (100 + 52.5) stock-years
    assert rate.rate == pytest.approx(9 / 152.5) and rate.source == "region" and warnings == []
    assert rate.span == ((2020, 12), (2022, 6))


def test_one_stock_observation_takes_the_default_lapse_rate():
    rate, _ = lapse_rate(stocks_of((2022, 6, 108)), GRANTS, REGION, (2022, 6))
    assert (rate.rate, rate.source) == (DEFAULT_LAPSE_RATE, "default")


@pytest.mark.parametrize("after, says", [
    (60, "100 (2020-12) to 60 (2021-12) with 11 granted between: 51 lapsed, 51% a year, more than the 25%"),
    (120, "100 (2020-12) to 120 (2021-12) with 11 granted between: 9 more than the grants can explain"),
])
def test_a_stock_that_grants_and_lapses_cannot_explain_is_a_warning(after, says):
    rate, warnings = lapse_rate(stocks_of((2020, 12, 100), (2021, 12, after)), GRANTS, REGION, (2021, 12))
    assert len(warnings) == 1 and says in warnings[0] and "\n" not in warnings[0]
    assert rate.source == "default"  # the pair is left out of the rate


def test_status_worked_by_hand():
    targets = {"invention_in_force": {"plan": 120.0}, "invention_per_10k": {"plan": 1.5}}
    result = stock_status(STOCKS, GRANTS, POPULATION, targets, REGION, 2022, 6, PROJECTION)
    in_force, per_capita = (result.table.set_index("indicator").loc[name] for name in INDICATORS)
    assert (in_force["as_of_year"], in_force["as_of_month"], in_force["value"]) == (2022, 6, 108)
    assert in_force["completion_pct_plan"] == pytest.approx(90.0) and in_force["gap_plan"] == 12  # 108 / 120
    assert per_capita["value"] == pytest.approx(1.35) and per_capita["completion_pct_plan"] == pytest.approx(90.0)
    # year end: 108, plus 14 - 6 grants still expected, less 108 * (1 - (1 - 9/152.5) ** 0.5) = 3.2354 lapsed
    lapsed = 108 * (1 - (1 - 9 / 152.5) ** 0.5)
    assert lapsed == pytest.approx(3.2354, abs=1e-4)
    assert in_force["point"] == pytest.approx(108 + 8 - lapsed)  # 112.76
    assert (in_force["lo80"], in_force["hi80"]) == (pytest.approx(108 + 5 - lapsed), pytest.approx(108 + 11 - lapsed))
    assert per_capita["point"] == pytest.approx((108 + 8 - lapsed) / 80)  # 1.41
    assert result.warnings == []


INDICATORS = ("invention_in_force", "invention_per_10k")


def test_the_year_end_counts_grants_since_an_older_stock():
    # the latest stock is December 2021 (105); 6 granted by June 2022, 14 expected in the year
    result = stock_status(stocks_of((2020, 12, 100), (2021, 12, 105)), GRANTS, POPULATION, {}, REGION, 2022, 6,
                          PROJECTION)
    row = result.table.iloc[0]
    lapsed = 105 * (1 - (1 - 6 / 100) ** 1.0)  # a whole year at the 6% measured in 2021
    assert row["point"] == pytest.approx(105 + 6 + 8 - lapsed)  # 112.7


def test_a_per_capita_target_without_population_is_a_one_line_error():
    targets = {"invention_per_10k": {"plan": 1.5}}
    with pytest.raises(InputError, match=r"^population.yaml: 甲县 / 2023: no resident population .* add '2023: 万人'"):
        stock_status(STOCKS, GRANTS, POPULATION, targets, REGION, 2023, 6, PROJECTION)


def test_without_population_or_target_the_per_capita_row_is_left_out():
    result = stock_status(STOCKS, GRANTS, parse_population(None), {}, REGION, 2022, 6, PROJECTION)
    assert list(result.table["indicator"]) == ["invention_in_force"]


@pytest.mark.parametrize("data, message", [
    ({"甲县": {2022: 0}}, "甲县 / 2022: found 0, expected the resident population in 万人 above 0"),
    ({"甲县": {2022: None}}, "甲县 / 2022: found None"),
    ({"甲县": {2022: "37万"}}, "甲县 / 2022: found '37万'"),
    ({"甲县": {"2022年": 37.5}}, "甲县 / 2022年: expected a year such as 2018"),
    ({"甲县": 37.5}, "甲县: expected a mapping of years to 万人"),
])
def test_population_mistakes_are_one_line_errors(data, message):
    with pytest.raises(InputError, match=f"^population.yaml: {message}"):
        parse_population(data, "population.yaml")


def test_population_is_read_by_region_and_year():
    table = parse_population({"甲县": {2021: 37.2, 2022: 38}})
    assert population_of(table, "甲县", 2022) == 38.0 and population_of(table, "甲县", 2020) is None


def test_stock_targets_sit_under_a_year_beside_the_flows():
    targets = parse_targets({"甲县": {2022: {"applications": {"total": 400},
                                             "stocks": {"invention_in_force": 120,
                                                        "invention_per_10k": {"plan": 1.5, "stretch": 1.6}}}}})
    assert len(targets.table) == 1  # the flows' table is unchanged
    assert stock_targets_for(targets, "甲县", 2022) == {"invention_in_force": {"plan": 120.0},
                                                       "invention_per_10k": {"plan": 1.5, "stretch": 1.6}}
    assert stock_targets_for(targets, "甲县", 2023) == {}


@pytest.mark.parametrize("stocks, message", [
    ({"invention_count": 5}, "甲县 / 2022 / stocks / invention_count: unknown stock indicator"),
    ({"invention_in_force": 120.5}, "invention_in_force / plan: found 120.5, expected a whole number above 0"),
    ({"invention_per_10k": 0}, "invention_per_10k / plan: found 0, expected a number such as 1.5 above 0"),
    ({"invention_per_10k": {"plan": 1.6, "stretch": 1.5}}, "levels out of order: plan 1.6 is above stretch 1.5"),
    ([1, 2], "甲县 / 2022 / stocks: expected a mapping of stock indicators"),
])
def test_stock_target_mistakes_are_one_line_errors(stocks, message):
    with pytest.raises(InputError, match=f"^targets.yaml: .*{message}"):
        parse_targets({"甲县": {2022: {"stocks": stocks}}}, "targets.yaml")


def hand_status():
    targets = {"invention_in_force": {"plan": 120.0}, "invention_per_10k": {"plan": 1.5}}
    return stock_status(STOCKS, GRANTS, POPULATION, targets, REGION, 2022, 6, PROJECTION).table


def test_json_text_and_table_rows():
    items = {item["indicator"]: item for item in stock_json(hand_status())}
    assert items["invention_in_force"] | {"projection": None} == {
        "indicator": "invention_in_force", "as_of": "2022-06", "value": 108, "population": None,
        "targets": {"plan": 120}, "completion_pct": {"plan": 90.0}, "gap": {"plan": 12}, "projection": None}
    # 108 - 3.24 lapsed + grants still expected: 8 (point), 5-11 (80%), 3-14 (95%)
    assert items["invention_in_force"]["projection"] == {"point": 113, "lo80": 110, "hi80": 116, "lo95": 108,
                                                         "hi95": 119, "lapse_rate": 0.059, "lapse_source": "region"}
    assert items["invention_per_10k"]["value"] == 1.4 and items["invention_per_10k"]["population"] == 80.0
    text = stock_text(hand_status(), "zh")
    assert "每万人口发明专利拥有量" in text and "2022-06" in text and "113 (110-116)" in text
    rows = stock_target_rows(hand_status(), "zh")
    assert rows[0] == ["有效发明专利", "现有108", "目标120", "90.0%", "—", "—", "113（110-116）", "—"]
    assert rows[1][:4] == ["每万人口发明专利拥有量", "现有1.4", "目标1.5", "90.0%"]


def test_the_sentence_for_the_work_summary():
    assert stock_sentence(hand_status(), "zh") == (
        "截至2022年6月底，全县有效发明专利达108件，每万人口发明专利拥有量1.4件，完成目标的90.0%；"
        "预计年底有效发明专利约113件（80%区间110-116件），每万人口约1.4件。")
    assert stock_sentence(hand_status(), "en") == (
        "Invention patents in force: 108 at the end of June 2022, 1.4 per 10,000 people (90.0% of the target); "
        "about 113 by the year end (80% interval 110-116), 1.4 per 10,000.")
    assert stock_sentence(None) == ""


def test_at_the_year_end_the_stock_is_the_figure():
    stocks = stocks_of((2021, 12, 105))
    table = stock_status(stocks, GRANTS, POPULATION, {"invention_in_force": {"plan": 100.0}}, REGION, 2021, 12).table
    assert stock_sentence(table, "zh") == "截至2021年底，全县有效发明专利达105件，完成目标的105.0%。"
    assert table.iloc[0]["point"] == 105 and table.iloc[0]["gap_plan"] == 0


def test_notes_escape_the_warnings_and_say_a_default_rate():
    table = stock_status(stocks_of((2022, 6, 108)), GRANTS, POPULATION, {}, REGION, 2022, 6, PROJECTION).table
    note = stock_notes(table, ["甲县*: check"], "zh")
    assert "全国年失效率约6.0%" in note and r"甲县\*: check" in note
    assert stock_notes(hand_status(), [], "en") == ""  # the region's own rate: `status` gives it
    assert math.isclose(table.iloc[0]["lapse_rate"], DEFAULT_LAPSE_RATE)


def test_a_fall_beyond_lapses_is_a_warning_even_where_the_grants_between_are_unknown():
    # 100 in June 2021 to 60 in June 2022 with June 2021's year to date unknown: 40% a year lapsed at least
    _, warnings = lapse_rate(stocks_of((2021, 6, 100), (2022, 6, 60)), GRANTS, REGION, (2022, 6))
    assert warnings == ["甲县: invention patents in force went from 100 (2021-06) to 60 (2022-06) (grants between "
                        "unknown): 40 lapsed, 40% a year, more than the 25% lapses explain; check the stock table"]


def test_a_per_capita_target_prints_as_the_plan_gives_it():
    targets = {"invention_per_10k": {"plan": 1.45}}
    table = stock_status(STOCKS, GRANTS, POPULATION, targets, REGION, 2022, 6, PROJECTION).table
    item = next(i for i in stock_json(table) if i["indicator"] == "invention_per_10k")
    assert item["targets"] == {"plan": 1.45} and item["completion_pct"] == {"plan": 93.1}  # 1.35 / 1.45
    assert stock_target_rows(table, "en")[0][2] == "target 1.45"
