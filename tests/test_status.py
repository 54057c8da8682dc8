"""The status command on the bundled sample: text, JSON and sentences."""

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from patentstats.cli import main
from patentstats.forecasting.choice import CANDIDATES
from patentstats.table.ingest import ingest, write_outputs

ROOT = Path(__file__).resolve().parents[1]
TARGETS = ROOT / "data" / "targets.yaml"


@pytest.fixture(scope="module")
def data(tmp_path_factory):
    out = tmp_path_factory.mktemp("processed") / "counts.parquet"
    write_outputs(ingest([ROOT / "data" / "raw"]), out)
    return out


def run(capsys, *args):
    code = main(["status", *args])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def status_json(capsys, data, *args):
    code, out, _ = run(capsys, "--region", "永修县", "--data", str(data), "--targets", str(TARGETS), "--json", *args)
    assert code == 0
    return json.loads(out)


def test_json_2017_09_gives_the_seed_figures(capsys, data):
    payload = status_json(capsys, data, "--year", "2017", "--month", "9")
    assert (payload["region"], payload["year"], payload["month"]) == ("永修县", 2017, 9)
    rows = {(r["measure"], r["patent_type"]): r for r in payload["rows"]}
    assert len(rows) == 8
    assert {k: v["ytd"] for k, v in rows.items()} == {
        ("applications", "invention"): 22, ("applications", "utility_model"): 77, ("applications", "design"): 36,
        ("applications", "total"): 135, ("grants", "invention"): 8, ("grants", "utility_model"): 80,
        ("grants", "design"): 17, ("grants", "total"): 105}
    apps = rows[("applications", "total")]
    assert (apps["ytd_prev_year"], apps["yoy_pct"]) == (115, 17.39)
    assert rows[("applications", "invention")]["yoy_pct"] == 266.67
    assert (rows[("grants", "total")]["ytd_prev_year"], rows[("grants", "total")]["yoy_pct"]) == (75, 40.0)
    assert rows[("grants", "invention")]["yoy_pct"] == 166.67
    for key in ("measure", "patent_type", "month_count", "ytd", "ytd_prev_year", "yoy_pct", "targets",
                "completion_pct", "time_progress_pct"):
        assert key in apps
    assert apps["targets"] == {} and apps["time_progress_pct"] == 75.0


def test_json_2018_shows_every_target_level(capsys, data):
    rows = {(r["measure"], r["patent_type"]): r for r in status_json(capsys, data, "--year", "2018", "--month", "latest")["rows"]}
    apps, grants = rows[("applications", "total")], rows[("grants", "total")]
    assert apps["targets"] == {"floor": 400, "plan": 430, "stretch": 450}
    assert apps["completion_pct"] == {"floor": 66.25, "plan": 61.63, "stretch": 58.89}  # 265 of each
    assert grants["targets"] == {"floor": 300, "stretch": 350}
    assert grants["completion_pct"] == {"floor": 66.67, "stretch": 57.14}  # 200 of each
    assert rows[("applications", "invention")]["targets"] == {"plan": 30}


def test_text_is_the_seed_paragraph(capsys, data):
    code, out, _ = run(capsys, "--region", "永修县", "--year", "2017", "--month", "9", "--data", str(data), "--text")
    assert code == 0
    # The seed prints 发明22件，同比增长266.7% and 8件, 166.7%: on last year's 6 and 3, bureaus now print the counts
    assert (round((22 / 6 - 1) * 100, 1), round((8 / 3 - 1) * 100, 1)) == (266.7, 166.7)
    assert out.startswith("截至9月，专利申请量135件，同比增长17.4%。其中发明22件，同比增加16件；实用新型77件；外观设计36件。"
                          "专利授权量105件，同比增长40.0%，其中发明8件，同比增加5件；实用新型80件；外观设计17件。"
                          "按目前进度，预计全年专利申请量将达到")


def test_json_rows_carry_the_projection(capsys, data):
    rows = {(r["measure"], r["patent_type"]): r for r in status_json(capsys, data, "--year", "2018", "--month", "9")["rows"]}
    apps = rows[("applications", "total")]["projection"]
    assert set(apps) == {"point", "lo80", "hi80", "lo95", "hi95", "method", "reason", "p_reach"}
    assert apps["method"] in CANDIDATES and set(apps["p_reach"]) == {"floor", "plan", "stretch"}
    assert 265 <= apps["lo95"] <= apps["lo80"] <= apps["point"] <= apps["hi80"] <= apps["hi95"]
    assert apps["p_reach"]["floor"] >= apps["p_reach"]["plan"] >= apps["p_reach"]["stretch"]
    assert set(rows[("grants", "total")]["projection"]["p_reach"]) == {"floor", "stretch"}


def test_json_carries_the_track_record_and_chances_keep_to_its_cap(capsys, data):
    payload = status_json(capsys, data, "--year", "2018", "--month", "9")
    record = payload["track_record"]
    # 永修县's Septembers of 2015-2017, 8 series each, scored against their Decembers
    assert (record["years"], record["scored"]) == (3, 24)
    assert set(record["median_ape_pct"]) == {"applications", "grants"}
    cap = record["probability_cap"]
    assert cap == round(1 - (record["missed95"] + 1) / (24 + 20) / 2, 4)
    chances = [p for row in payload["rows"] if row["projection"] for p in row["projection"]["p_reach"].values()]
    assert chances and all(1 - cap - 1e-4 <= p <= cap + 1e-4 or p == 1.0 for p in chances)


@pytest.mark.parametrize(("lang", "words"), [("zh", ["专利申请量", "实用新型", "400/430/450", "66.2%/61.6%/58.9%"]),
                                             ("en", ["Applications", "Utility model", "400/430/450", "+96.3%"])])
def test_terminal_table_in_both_languages(capsys, data, lang, words):
    code, out, _ = run(capsys, "--region", "永修县", "--year", "2018", "--data", str(data), "--targets", str(TARGETS),
                       "--lang", lang)
    assert code == 0
    assert all(w in out for w in words)


@pytest.mark.parametrize(("lang", "said"), [("zh", "全年数据已齐，年末数为实际数，不作预计。"),
                                            ("en", "The year is complete: year-end figures are actual, not projected.")])
def test_a_december_status_says_nothing_was_projected(capsys, data, lang, said):
    code, out, _ = run(capsys, "--region", "永修县", "--year", "2017", "--month", "12", "--data", str(data), "--lang", lang)
    assert code == 0 and out.rstrip().endswith(said)
    assert "预计方法" not in out and "Projection method" not in out


@pytest.mark.parametrize(("args", "message"), [
    (["--region", "修水县", "--year", "2018"], "region '修水县' is not in the data: available regions: 武宁县, 永修县"),
    (["--region", "永修县", "--year", "2018", "--month", "10"], "no data for 永修县 2018-10: months with data in 2018: "
                                                              "1, 2, 3, 4, 5, 6, 7, 8, 9 (latest 9)"),
    (["--region", "永修县", "--year", "2030"], "no data for 永修县 in 2030: years with data: 2015, 2016, 2017, 2018"),
])
def test_errors_are_one_line_and_exit_2(capsys, data, args, message):
    code, out, err = run(capsys, *args, "--data", str(data))
    assert code == 2 and out == ""
    assert err.strip() == f"patentstats status: error: {message}"


def test_missing_data_file_says_to_ingest(tmp_path):
    run_ = subprocess.run([sys.executable, "-m", "patentstats", "status", "--region", "x", "--year", "2018", "--data",
                           str(tmp_path / "none.parquet")], capture_output=True, text=True, check=False)
    assert run_.returncode == 2 and "run `patentstats ingest` first" in run_.stderr and "Traceback" not in run_.stderr


def test_latest_year_and_version(capsys, data):
    code, out, _ = run(capsys, "--region", "永修县", "--year", "latest", "--data", str(data))
    assert code == 0 and out.startswith("永修县 2018年1-9月")
    with pytest.raises(SystemExit):
        main(["--version"])
    assert capsys.readouterr().out.startswith("patentstats ")


def test_backtest_ends_with_the_best_method(capsys, data):
    assert main(["backtest", "--data", str(data), "--jobs", "1"]) == 0
    *_, best, meaning = capsys.readouterr().out.splitlines()
    assert re.fullmatch(r"best: \w+, median error [\d.]+% over months 1-11, against [\d.]+% for \w+ \(next best\)", best)
    assert meaning.startswith("On this data's earlier years, the default projection of the year end was typically")


@pytest.mark.parametrize("command", [["status", "--region", "x", "--year", "2018"], ["report", "--region", "x", "--year",
                                     "2018"], ["summary", "--region", "x", "--year", "2018"], ["batch", "--year", "2018"],
                                     ["applicants", "--region", "x", "--year", "2018"], ["backtest"], ["ingest"]])
def test_outside_a_working_folder_every_command_says_where_to_go(tmp_path, monkeypatch, capsys, command):
    from patentstats.cli import main

    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("PATENTSTATS_HOME", raising=False)
    assert main(command) == 2
    err = capsys.readouterr().err.strip()
    assert err.startswith(f"patentstats {command[0]}: error: this is not a patentstats folder: cd to the folder made by "
                          f"`patentstats init`, or ")
    assert len(err.splitlines()) == 1


def test_the_samples_stocks_against_their_targets(capsys, data):
    from patentstats.table.stocks import load_stocks

    # the invented city table: 永修县 30, 40, 48 at 2016-12, 2017-12, 2018-09 (27 at the end of 2015, plus
    # each year's invention grants 5, 12 and 10, less 2 lapsed a year); 武宁县 18, 20, 22
    stocks = load_stocks(data)
    assert {(r.region, r.year, r.month): r.value for r in stocks.itertuples() if r.stock == "in_force"} == {
        ("永修县", 2016, 12): 30, ("永修县", 2017, 12): 40, ("永修县", 2018, 9): 48,
        ("武宁县", 2016, 12): 18, ("武宁县", 2017, 12): 20, ("武宁县", 2018, 9): 22}
    payload = status_json(capsys, data, "--year", "2018", "--month", "9")
    items = {item["indicator"]: item for item in payload["stocks"]}
    in_force, per_10k = items["invention_in_force"], items["invention_per_10k"]
    assert (in_force["as_of"], in_force["value"], in_force["targets"], in_force["gap"]) == ("2018-09", 48, {"plan": 52},
                                                                                         {"plan": 4})
    assert in_force["completion_pct"] == {"plan": 92.31}  # 48 / 52
    # 48 / 37.5 万人 = 1.28, printed 1.3; 1.28 / 1.4 = 91.4%
    assert (per_10k["value"], per_10k["population"], per_10k["completion_pct"]) == (1.3, 37.5, {"plan": 91.43})
    # lapsed 2 of 30 in 2017 and 2 of 40 in 2018 to September: 4 / (30 + 30) stock-years
    assert in_force["projection"]["lapse_rate"] == 0.0667 and in_force["projection"]["lapse_source"] == "region"
    grants = next(r for r in payload["rows"] if (r["measure"], r["patent_type"]) == ("grants", "invention"))
    lapsed = 48 * (1 - (1 - 4 / 60) ** 0.25)  # 0.82 in October-December
    expected = {q: round(48 + grants["projection"][q] - 10 - lapsed) for q in ("point", "lo80", "hi80")}
    assert {q: in_force["projection"][q] for q in expected} == expected


def test_status_text_shows_the_stocks_and_the_paragraph_says_them(capsys, data):
    code, out, _ = run(capsys, "--region", "永修县", "--year", "2018", "--month", "9", "--data", str(data),
                       "--targets", str(TARGETS))
    assert code == 0 and "有效发明专利            2018-09    48" in out and "每万人口发明专利拥有量  2018-09   1.3" in out
    code, out, _ = run(capsys, "--region", "永修县", "--year", "2018", "--month", "9", "--data", str(data),
                       "--targets", str(TARGETS), "--text")
    assert "截至2018年9月底，全县有效发明专利达48件，每万人口发明专利拥有量1.3件，完成目标的91.4%；预计年底有效发明专利约" in out


def test_a_per_capita_target_without_population_stops_in_one_line(capsys, data, tmp_path):
    (tmp_path / "targets.yaml").write_text("永修县:\n  2018:\n    stocks:\n      invention_per_10k: 1.4\n", encoding="utf-8")
    (tmp_path / "population.yaml").write_text("永修县:\n  2017: 37.2\n", encoding="utf-8")
    code, out, err = run(capsys, "--region", "永修县", "--year", "2018", "--month", "9", "--data", str(data),
                         "--targets", str(tmp_path / "targets.yaml"))
    assert code == 2 and out == ""
    assert err.strip().splitlines() == [
        "patentstats status: error: population.yaml: 永修县 / 2018: no resident population (常住人口, 万人), which its "
        "invention_per_10k target needs: add '2018: 万人' under '永修县'"]
