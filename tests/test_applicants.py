"""Applicants from patent lists, counted by hand: joint applicants, spellings that differ only
in bracket width, a person, a university; the `applicants` command; the sample's milestone."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pandas as pd
import pytest

from patentstats.cli import main
from patentstats.readers import ReadOptions
from patentstats.table.applicants import applicant_kind, applicant_report, load_applicants, milestone_sentences
from patentstats.table.ingest import ingest, write_outputs

ROOT = Path(__file__).resolve().parents[1]


def number(year: int, kind: int, serial: int) -> str:
    body = f"{year}{kind}{serial:07d}"
    check = sum(int(d) * w for d, w in zip(body, [2, 3, 4, 5, 6, 7, 8, 9, 2, 3, 4, 5], strict=True)) % 11
    return f"{body}.{'X' if check == 10 else check}"


# 7 patents of 甲县: (year, kind digit, filing, grant, applicants as written)
PATENTS = [
    (2017, 2, "2017-03-01", "2017-09-10", "甲县钢制品厂"),
    (2017, 1, "2017-05-02", "", "甲县钢制品厂；南昌大学"),
    (2018, 2, "2018-01-15", "2018-06-01", "星火有机硅（甲县）有限公司"),
    (2018, 2, "2018-02-15", "", "星火有机硅(甲县)有限公司|张建国"),
    (2018, 1, "2018-02-20", "", "南昌大学;甲县钢制品厂"),
    (2018, 3, "2018-03-03", "2018-08-08", "张建国"),
    (2018, 2, "2018-03-09", "", "甲县钢制品厂\n星火有机硅（甲县）有限公司"),
]


@pytest.fixture
def listed(tmp_path):
    path = tmp_path / "甲县专利清单.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        out = csv.writer(handle)
        out.writerow(["申请号", "申请日", "授权公告日", "申请人"])
        out.writerows([number(y, k, i), filed, granted, who] for i, (y, k, filed, granted, who) in enumerate(PATENTS))
    result = ingest([path])
    return result, write_outputs(result, tmp_path / "counts.parquet")


def total(table: pd.DataFrame, **where: object) -> int:
    mask = pd.Series(True, index=table.index)
    for column, value in where.items():
        mask &= table[column] == value
    return int(table.loc[mask, "count"].sum())


def test_joint_applicants_each_count_once_and_the_region_once(listed):
    result, _ = listed
    table = result.applicants
    assert sorted(table["applicant"].unique()) == ["南昌大学", "张建国", "星火有机硅（甲县）有限公司", "甲县钢制品厂"]
    apps = table[table["measure"] == "applications"]
    assert total(apps, applicant="甲县钢制品厂") == 4  # rows 1, 2, 5, 7
    assert total(apps, applicant="星火有机硅（甲县）有限公司") == 3  # both bracket widths are one firm
    assert total(apps, applicant="南昌大学") == 2 and total(apps, applicant="张建国") == 2
    assert total(apps) == 11 and total(apps, year=2018, month=2) == 4  # joint: once per applicant
    region = result.counts[(result.counts["measure"] == "applications") & (result.counts["patent_type"] != "total")]
    assert int(region["count"].sum()) == 7  # and once in the region's totals
    grants = table[table["measure"] == "grants"]
    assert total(grants) == 3 and total(grants, applicant="张建国", year=2018, month=8, patent_type="design") == 1


def test_kinds_from_the_name(listed):
    result, _ = listed
    kinds = dict(zip(result.applicants["applicant"], result.applicants["applicant_kind"], strict=True))
    assert kinds == {"甲县钢制品厂": "enterprise", "南昌大学": "university", "星火有机硅（甲县）有限公司": "enterprise",
                     "张建国": "individual"}
    assert applicant_kind("中国科学院物理研究所") == "institute" and applicant_kind("永修县科学技术局") == "government"
    assert applicant_kind("北京大学科技园有限公司") == "enterprise"  # the word nearest the end decides


def test_report_top_new_kinds_and_milestones(listed):
    _, counts = listed
    report = applicant_report(load_applicants(counts), "甲县", 2018, threshold=4)
    top = report.top.set_index("applicant")
    assert top.loc["甲县钢制品厂", ["applications", "grants", "cumulative"]].tolist() == [2, 0, 4]
    assert top.loc["星火有机硅（甲县）有限公司", "invention_share_pct"] == 0
    assert top.loc["南昌大学", "invention_share_pct"] == 100
    assert report.new == ["星火有机硅（甲县）有限公司", "张建国"] and report.earlier_years
    assert dict(zip(report.kinds["applicant_kind"], report.kinds["applications"], strict=True)) == \
        {"enterprise": 5, "individual": 2, "university": 1}
    assert report.milestones[["applicant", "passed"]].values.tolist() == [["甲县钢制品厂", True],
                                                                          ["星火有机硅（甲县）有限公司", False]]
    assert report.month == 8 and report.first_past  # data to August (a grant): 3 filed, 4.5 at this pace
    assert report.first_year == 2017
    assert milestone_sentences(report) == ["甲县钢制品厂2017年以来累计专利申请达4件，成为全县首家专利数量过4件企业。",
                                           "星火有机硅（甲县）有限公司2017年以来累计专利申请3件，按目前进度预计年内达到5件，"
                                           "有望成为全县第二家专利数量过4件企业。"]


def test_applicants_command_text_json_and_threshold_from_targets(listed, tmp_path, capsys):
    _, counts = listed
    targets = tmp_path / "targets.yaml"
    targets.write_text("applicant_milestone: 4\n", encoding="utf-8")
    args = ["applicants", "--region", "甲县", "--year", "2018", "--data", str(counts), "--targets", str(targets)]
    assert main(args) == 0
    out = capsys.readouterr().out
    assert out.splitlines()[0].split() == ["申请人", "类型", "申请", "授权", "发明占比", "2017年以来累计申请"]
    assert "成为全县首家专利数量过4件企业" in out and "本年新申请人2个：星火有机硅（甲县）有限公司、张建国。" in out
    assert main([*args, "--json", "--top", "1"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["threshold"] == 4 and [r["applicant"] for r in data["top"]] == ["星火有机硅（甲县）有限公司"]
    assert main(["applicants", "--region", "乙县", "--year", "2018", "--data", str(counts)]) == 2
    assert "no applicants for '乙县': regions with applicants: 甲县" in capsys.readouterr().err


def test_files_without_applicants_leave_an_empty_table(tmp_path):
    path = tmp_path / "list.csv"
    path.write_text("申请号,申请日\n" + number(2018, 2, 1) + ",2018-01-02\n", encoding="utf-8")
    counts = write_outputs(ingest([path], ReadOptions(region="甲县")), tmp_path / "counts.parquet")
    assert load_applicants(counts).empty


def test_the_sample_makes_the_seeds_milestone_visible_in_2018(tmp_path):
    counts = write_outputs(ingest([ROOT / "data" / "raw"]), tmp_path / "counts.parquet")
    table = load_applicants(counts)
    assert milestone_sentences(applicant_report(table, "永修县", 2017, 12))[:1] == []  # 73 by the end of 2017
    report = applicant_report(table, "永修县", 2018, 9)
    assert milestone_sentences(report)[0] == "永修县白莲钢制品厂2015年以来累计专利申请达103件，成为全县首家专利数量过百件企业。"


def test_a_bureau_tables_applicant_kind_columns_are_stored_too(tmp_path):
    path = tmp_path / "2018年1-9月各县专利申请情况.csv"
    path.write_text("2018年1-9月各县专利申请情况\n地区,专利申请量1-9月累计,其中：大专院校,科研单位,工矿企业,机关团体,个人\n"
                    "甲县,100,5,3,70,2,20\n乙县,50,0,1,40,0,9\n全市,150,5,4,110,2,29\n", encoding="utf-8")
    result = ingest([path])
    kinds = result.applicants.set_index(["region", "applicant_kind"])
    assert kinds.loc[("甲县", "university"), "count"] == 5 and kinds.loc[("乙县", "individual"), "count"] == 9
    assert set(result.applicants["applicant"]) == {""} and set(result.applicants["basis"]) == {"ytd"}
    assert set(zip(result.applicants["year"], result.applicants["month"], result.applicants["measure"], strict=True)) == \
        {(2018, 9, "applications")}
    assert result.counts.query("region == '甲县' and month == 9 and patent_type == 'total'")["ytd"].tolist() == [100]
    assert "counts by applicant kind (其中：大专院校, 科研单位, 工矿企业, 机关团体, 个人) stored in the applicant table" in \
        result.files[0].notes[-1]


def test_without_earlier_years_no_first_or_second_is_claimed():
    from patentstats.table.applicants import APPLICANT_COLUMNS

    rows = [("甲县", "甲县钢制品厂", "enterprise", 2018, m, "applications", "utility_model", "count", 12) for m in (1, 2, 3)]
    rows += [("甲县", "乙公司", "enterprise", 2018, m, "applications", "utility_model", "count", 20) for m in (1, 2, 3)]
    report = applicant_report(pd.DataFrame(rows, columns=APPLICANT_COLUMNS), "甲县", 2018, 3, threshold=50)
    assert not report.earlier_years and not report.first_past and report.first_year == 2018
    # 乙公司 passed 50 this year, 甲县钢制品厂 (36) will at this pace: but the data begin in 2018
    assert milestone_sentences(report) == ["乙公司2018年以来累计专利申请达60件，成为全县专利数量过50件企业。",
                                           "甲县钢制品厂2018年以来累计专利申请36件，按目前进度预计年内达到144件，"
                                           "有望成为全县专利数量过50件企业。"]
