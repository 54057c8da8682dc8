from pathlib import Path

import pytest

from patentstats.errors import InputError
from patentstats.table.targets import load_targets, parse_targets, targets_for

ROOT = Path(__file__).resolve().parents[1]


def test_shipped_targets_are_the_seed_counties_2018_targets():
    targets = load_targets(ROOT / "data" / "targets.yaml")
    assert targets.warnings == []
    wide = targets_for(targets.table, "永修县", 2018)
    assert wide.loc[("applications", "total")].tolist() == [400, 430, 450]
    assert [wide.loc[("applications", t), "plan"] for t in ("invention", "utility_model", "design")] == [30, 280, 120]
    grants = wide.loc[("grants", "total")]
    assert (grants["floor"], grants["stretch"]) == (300, 350) and grants.isna()["plan"]


def test_a_bare_number_is_the_plan():
    table = parse_targets({"A": {2018: {"grants": {"invention": 5}}}}).table
    assert table.to_dict("records") == [{"region": "A", "year": 2018, "measure": "grants", "patent_type": "invention",
                                         "level": "plan", "value": 5}]


@pytest.mark.parametrize(("data", "message"), [
    ({"A": {2018: {"grants": {"total": {"aim": 5}}}}}, "A / 2018 / grants / total: unknown level 'aim': expected one of "
                                                       "floor, plan, stretch"),
    ({"A": {2018: {"patents": {"total": 5}}}}, "A / 2018 / patents: unknown measure: expected one of applications, grants"),
    ({"A": {2018: {"grants": {"trademark": 5}}}}, "unknown patent type: expected one of invention, utility_model, design, "
                                                  "total"),
    ({"A": {2018: {"grants": {"total": 0}}}}, "found 0, expected a whole number above 0"),
    ({"A": {2018: {"grants": {"total": -3}}}}, "found -3, expected a whole number above 0"),
    ({"A": {2018: {"grants": {"total": 2.5}}}}, "found 2.5, expected a whole number above 0"),
    ({"A": {2018: {"grants": {"total": "many"}}}}, "found 'many', expected a whole number above 0"),
    ({"A": {2018: {"grants": {"total": {"floor": 400, "plan": 350}}}}}, "levels out of order: floor 400 is above plan 350"),
    ({"A": {2018: {"grants": {"total": {"plan": 500, "stretch": 450}}}}}, "levels out of order: plan 500 is above stretch"),
    ({"A": {"next year": {"grants": {"total": 5}}}}, "A / next year: expected a year such as 2018"),
    ({"A": [1, 2]}, "A: expected a mapping of years"),
])
def test_bad_targets_give_one_line_errors(data, message):
    with pytest.raises(InputError) as error:
        parse_targets(data, "t.yaml")
    assert message in str(error.value) and str(error.value).startswith("t.yaml: ")
    assert "\n" not in str(error.value)


def test_type_plans_above_the_total_plan_warn():
    targets = parse_targets({"A": {2018: {"applications": {"total": 100, "invention": 30, "utility_model": 60,
                                                           "design": 20}}}}, "t.yaml")
    assert targets.warnings == ["t.yaml: A / 2018 / applications: the types' plans add up to 110, more than the "
                                "total's plan 100"]


def test_missing_default_file_means_no_targets_but_a_named_one_is_an_error(tmp_path, monkeypatch):
    monkeypatch.setenv("PATENTSTATS_HOME", str(tmp_path))
    assert load_targets().table.empty
    with pytest.raises(InputError, match="no such targets file"):
        load_targets(tmp_path / "nope.yaml")


def test_invalid_yaml_names_the_line(tmp_path):
    path = tmp_path / "t.yaml"
    path.write_text("A:\n  2018:\n    grants: {total: [\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"t.yaml: not valid YAML, line \d"):
        load_targets(path)


@pytest.mark.parametrize(("text", "message"), [
    ("永修县:\n  2018:\n    grants: 300\n    grants: 350\n",
     r"targets.yaml: line 4: the key 'grants' is given twice \(also on line 3\)"),
    ("a: &a [1,1,1,1,1,1,1,1,1,1]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b,*b]\n"
     "d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c,*c]\ne: [*d,*d,*d,*d,*d,*d,*d,*d,*d,*d]\n",
     r"targets.yaml: the file expands to more than 100,000 values"),
    ("永修县:\n  2018:\n    grants: 99999999999999999999\n",
     r"targets.yaml: 永修县 / 2018 / grants: found a number of 20 digits"),
    ("永修县:\n  2018:\n    grants: .inf\n", r"targets.yaml: 永修县 / 2018 / grants: found inf, expected a number"),
    ("永修县:\n  2018:\n    grants: .nan\n", r"found nan, expected a number"),
])
def test_hostile_yaml_ends_in_one_line(tmp_path, text, message):
    path = tmp_path / "targets.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InputError, match=message) as raised:
        load_targets(path)
    assert "\n" not in str(raised.value) and len(str(raised.value)) < 300
