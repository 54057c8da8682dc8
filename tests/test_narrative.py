from pathlib import Path

import pandas as pd
import pytest

from patentstats.formatting import fmt_change, fmt_count, period_label
from patentstats.output.narrative import summary_paragraph
from patentstats.table.targets import LEVELS


def status(ytd, prev, targets=None, seasonal=None):
    """A status table with applications only: ytd and last year's per type (total last)."""
    rows = []
    for patent_type, now, before in zip(("invention", "utility_model", "design", "total"), ytd, prev, strict=False):
        row = {"measure": "applications", "patent_type": patent_type, "ytd": now, "ytd_prev_year": before,
               "yoy_pct": None if not before else (now - before) / before * 100, "time_progress_pct": 50.0,
               "seasonal_progress_pct": seasonal}
        for level in LEVELS:
            target = (targets or {}).get(level) if patent_type == "total" else None
            row[f"target_{level}"] = target
            row[f"completion_pct_{level}"] = now / target * 100 if target else None
            row[f"remaining_{level}"] = max(target - now, 0) if target else None
            row[f"needed_per_month_{level}"] = max(target - now, 0) / 6 if target else None
        rows.append(row)
    for patent_type in ("invention", "utility_model", "design", "total"):
        rows.append({"measure": "grants", "patent_type": patent_type, "ytd": None})
    return pd.DataFrame(rows)


def test_chinese_with_targets_and_decline():
    text = summary_paragraph(status([5, 30, 15, 50], [10, 20, 20, 50], {"floor": 90, "plan": 100}, 40.0), 6, "zh")
    assert text == ("截至6月，专利申请量50件，同比持平。其中发明5件，同比下降50.0%；实用新型30件；外观设计15件。"
                    "对照全年目标，专利申请量已完成确保目标90件的55.6%，目标100件的50.0%；序时进度50.0%，"
                    "往年同期一般完成全年的40.0%。完成目标尚需50件，月均8.3件。")


def test_english_with_a_target_already_met():
    text = summary_paragraph(status([1, 40, 20, 61], [0, 20, 10, 30], {"plan": 60}), 6, "en")
    assert text == ("By the end of June, patent applications totalled 61, up 103.3% year on year: 1 invention (up 1), "
                    "40 utility models and 20 designs. Patent applications have reached 101.7% of the target of 60, "
                    "with 50.0% of the year elapsed. The target for the year has been met.")


@pytest.mark.parametrize(("value", "lang", "unit", "expected"), [
    (135, "zh", True, "135件"), (12345, "zh", True, "1.23万件"), (20000, "zh", False, "2万"), (12345, "en", False, "12,345"),
    (None, "zh", True, "—"),
])
def test_fmt_count(value, lang, unit, expected):
    assert fmt_count(value, lang, unit) == expected


@pytest.mark.parametrize(("value", "lang", "expected"), [(17.39, "zh", "增长17.4%"), (-7.69, "zh", "下降7.7%"),
                                                         (0.01, "zh", "持平"), (17.39, "en", "+17.4%"), (None, "en", "—")])
def test_fmt_change(value, lang, expected):
    assert fmt_change(value, lang) == expected


def test_period_label():
    assert [period_label(2018, 9, "zh"), period_label(2018, 12, "en")] == ["2018年1-9月", "January-December 2018"]


def test_next_years_targets_as_the_seeds_plan_states_them():
    from patentstats.output.narrative import targets_sentence
    from patentstats.table.targets import load_targets

    targets = load_targets(Path(__file__).resolve().parents[1] / "data" / "targets.yaml").table
    assert targets_sentence(targets, "永修县", 2018) == (
        "2018年目标：专利申请量达到430件，其中发明30件、实用新型280件、外观设计120件，确保突破400件，力争达到450件；"
        "专利授权量确保突破300件，力争达到350件。")
    assert targets_sentence(targets, "永修县", 2018, "en").endswith("patent grants: at least 300, aiming for 350.")
    assert targets_sentence(targets, "永修县", 2019) == ""


def test_page_one_names_invention_when_it_moves_against_the_total():
    from patentstats.output.narrative import conclusion

    # total 50 on 40 (+25.0%), invention 12 on 20: down 40.0% while the total grows
    text = conclusion(status([12, 23, 15, 50], [20, 10, 10, 40]), 6, "zh")
    assert text == "截至6月，专利申请量50件，同比增长25.0%；其中发明申请量12件，同比下降40.0%。"


def test_page_one_names_invention_behind_its_own_target_pace():
    from patentstats.output.narrative import conclusion

    table = status([12, 33, 15, 60], [10, 30, 10, 50])
    invention = table.index[(table["measure"] == "applications") & (table["patent_type"] == "invention")][0]
    table.loc[invention, ["target_plan", "completion_pct_plan"]] = [40, 30.0]  # 12 of 40 at half the year
    assert conclusion(table, 6, "zh") == ("截至6月，专利申请量60件，同比增长20.0%；其中发明申请量12件，同比增长20.0%，"
                                          "低于发明目标序时进度20.0个百分点。")
    assert conclusion(status([12, 33, 15, 60], [10, 30, 10, 50]), 6, "zh") == "截至6月，专利申请量60件，同比增长20.0%。"


def test_a_capped_chance_is_a_bound():
    from patentstats.output.narrative import summary_paragraph

    projection = pd.DataFrame([{"measure": "applications", "patent_type": "total", "point": 95, "lo80": 90, "hi80": 101,
                                "p_reach_floor": 0.94, "p_reach_plan": 0.06, "p_reach_stretch": None, "p_cap": 0.94}])
    table = status([5, 30, 15, 50], [10, 20, 20, 50], {"floor": 90, "plan": 100}, 40.0).assign(prev_year_total=None)
    text = summary_paragraph(table, 6, "zh", projection)
    assert "完成确保目标90件的可能性超过94%，目标100件的可能性不足6%" in text
