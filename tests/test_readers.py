"""Each input shape, read from real-shaped files, gives the observations worked out by hand."""

import pytest

from patentstats.errors import InputError
from patentstats.readers import ReadOptions, read_file
from patentstats.readers.cells import Period


def figures(results):
    obs = results[0].observations
    return {(r.region, r.year, r.month, r.measure, r.patent_type, r.basis): r.value for r in obs.itertuples()}


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gbk", "gb18030"])
def test_tidy_chinese_table_in_every_encoding(write_csv, encoding):
    path = write_csv("t.csv", [["地区", "年份", "月份", "指标", "类型", "数量"],
                               ["永修县", "2017", "1", "专利申请量", "发明", "３"],
                               ["永修县", "2017", "2月", "申请", "实用新型", "1,204"],
                               ["永修县", 2017, "3", "授权量", "外观设计", "—"]], encoding)
    assert figures(read_file(path, ReadOptions())) == {
        ("永修县", 2017, 1, "applications", "invention", "count"): 3,
        ("永修县", 2017, 2, "applications", "utility_model", "count"): 1204,
        ("永修县", 2017, 3, "grants", "design", "count"): 0,
    }


def test_tidy_english_table_with_count_and_ytd_columns(write_csv):
    path = write_csv("t.csv", [["region", "month", "measure", "patent_type", "count", "ytd"],
                               ["A", "2018-01", "applications", "invention", "2", "2"],
                               ["A", "2018-02", "grants", "utility model", "", "9"]])
    assert figures(read_file(path, ReadOptions())) == {
        ("A", 2018, 1, "applications", "invention", "count"): 2,
        ("A", 2018, 1, "applications", "invention", "ytd"): 2,
        ("A", 2018, 2, "grants", "utility_model", "ytd"): 9,
    }


def test_tidy_unknown_label_lists_the_accepted_ones(write_csv):
    path = write_csv("t.csv", [["地区", "年份", "月份", "指标", "类型", "数量"], ["A", "2017", "1", "申请", "商标", "3"]])
    with pytest.raises(InputError, match=r"t.csv, row 2, column '类型': unknown patent type '商标': expected one of "
                                         r"invention, utility_model, design, total"):
        read_file(path, ReadOptions())


TIME_SERIES_HEADER = [["永修县2018年专利申请授权情况"], ["单位：件"],
                      ["月份", "专利申请量", None, None, None, "专利授权量", None, None, None],
                      [None, "发明", "实用新型", "外观设计", "合计", "发明", "实用新型", "外观设计", "合计"]]
TIME_SERIES_MERGES = ["A1:I1", "A3:A4", "B3:E3", "F3:I3"]


def test_time_series_workbook_with_merged_two_row_header(write_xlsx):
    rows = [*TIME_SERIES_HEADER, ["1月", 1, "4", 2, 7, 0, 3, "-", 3], ["2月", 2, 5, 1, 8, 1, 2, 0, 3],
            ["3月", None, None, None, None, None, None, None, None], ["合计", 3, 9, 3, 15, 1, 5, 0, 6],
            ["注：示例。"]]
    path = write_xlsx("ts.xlsx", {"2018年": rows}, {"2018年": TIME_SERIES_MERGES})
    got = figures(read_file(path, ReadOptions()))
    assert got[("永修县", 2018, 1, "applications", "utility_model", "count")] == 4
    assert got[("永修县", 2018, 2, "grants", "total", "count")] == 3
    assert got[("永修县", 2018, 1, "grants", "design", "count")] == 0
    assert not any(k[2] == 3 for k in got)  # a month not reported yet is absent, not zero
    assert len(got) == 16


def test_time_series_total_row_must_add_up(write_xlsx):
    rows = [*TIME_SERIES_HEADER, ["1月", 1, 4, 2, 7, 0, 3, 0, 3], ["2月", 2, 5, 1, 8, 1, 2, 0, 3],
            ["合计", 3, 9, 3, 16, 1, 5, 0, 6]]
    path = write_xlsx("ts.xlsx", {"2018年": rows}, {"2018年": TIME_SERIES_MERGES})
    with pytest.raises(InputError, match=r"row 7, column '专利申请量/合计': total row says 16, but the months above "
                                         r"add up to 15"):
        read_file(path, ReadOptions())


def test_time_series_with_last_years_column_stores_it_and_checks_the_growth(write_csv):
    path = write_csv("ts.csv", [["永修县2018年专利申请量"], ["月份", "申请量", "去年同期", "同比(%)"],
                                ["1月", "17", "18", "-5.6"], ["2月", "17", "10", "99.0"]])
    (result,) = read_file(path, ReadOptions())
    got = figures([result])
    assert got[("永修县", 2018, 2, "applications", "total", "count")] == 17
    assert got[("永修县", 2017, 2, "applications", "total", "count")] == 10
    assert len(result.warnings) == 1 and "printed growth 99% but 17 against 10 is 70.0%" in result.warnings[0]


def test_time_series_csv_of_cumulative_spans_uses_ytd(write_csv):
    path = write_csv("ytd.csv", [["期间", "发明申请", "实用新型申请", "外观设计申请"],
                                 ["2018年1-3月", 3, 20, 9], ["2018年1-6月", 5, 41, 17]], "gbk")
    got = figures(read_file(path, ReadOptions(region="永修县")))
    assert got[("永修县", 2018, 6, "applications", "utility_model", "ytd")] == 41
    assert all(k[5] == "ytd" for k in got)


def test_time_series_without_region_says_how_to_name_it(write_csv):
    path = write_csv("x.csv", [["月份", "发明申请"], ["2018-01", 3]])
    with pytest.raises(InputError, match="pass --region NAME"):
        read_file(path, ReadOptions())


def test_month_13_is_rejected_with_its_location(write_csv):
    path = write_csv("x.csv", [["月份", "发明申请"], ["2018-01", 3], ["2018-13", 3]])
    with pytest.raises(InputError, match=r"x.csv, row 3, column '月份': found '2018-13', expected a month between 1 "
                                         r"and 12"):
        read_file(path, ReadOptions(region="A"))


REGION_ROWS = [
    ["2017年1-10月全市专利申请授权情况表"], [None, None, None, None, None, None, "单位：件"],
    ["地区", "专利申请量", None, None, None, None, "专利授权量"],
    [None, "本月", "1-10月累计", None, "去年同期", "同比(%)", "1-10月累计"],
    [None, "合计", "合计", "其中：发明", "合计", None, "合计"],
    ["永修县", 12, 150, 25, 125, "20.0", 110], ["武宁县", "8", "1,000", 9, 800, "25", 60],
    ["全市", 20, 1150, 34, 925, "—", 170], ["注：本月指10月。"],
]
REGION_MERGES = ["A1:G1", "A3:A5", "B3:F3", "C4:D4", "F4:F5"]


def test_region_rows_from_a_city_bureau(write_xlsx):
    path = write_xlsx("city.xlsx", {"Sheet1": REGION_ROWS}, {"Sheet1": REGION_MERGES})
    results = read_file(path, ReadOptions())
    got = figures(results)
    assert got[("永修县", 2017, 10, "applications", "total", "count")] == 12
    assert got[("永修县", 2017, 10, "applications", "total", "ytd")] == 150
    assert got[("武宁县", 2017, 10, "applications", "invention", "ytd")] == 9
    assert got[("武宁县", 2016, 10, "applications", "total", "ytd")] == 800  # 去年同期 is last year's data
    assert got[("武宁县", 2017, 10, "grants", "total", "ytd")] == 60
    assert not any(k[0] == "全市" for k in got)  # the total row checks, it is not a region
    assert results[0].warnings == []  # 150/125 = +20.0%, 1000/800 = +25%


def test_region_rows_warn_on_a_wrong_growth_rate(write_xlsx):
    rows = [list(r) for r in REGION_ROWS]
    rows[5][5] = "21.3"
    path = write_xlsx("city.xlsx", {"Sheet1": rows}, {"Sheet1": REGION_MERGES})
    (result,) = read_file(path, ReadOptions())
    assert len(result.warnings) == 1 and "printed growth 21.3% but 150 against 125 is 20.0%" in result.warnings[0]


def test_region_rows_total_row_must_add_up(write_xlsx):
    rows = [list(r) for r in REGION_ROWS]
    rows[7][2] = 1149  # less than the regions: no reading makes it hold
    path = write_xlsx("city.xlsx", {"Sheet1": rows}, {"Sheet1": REGION_MERGES})
    with pytest.raises(InputError, match=r"row 8, column '专利申请量/1-10月累计/合计': total row says 1149, but the "
                                         r"regions above add up to 1150"):
        read_file(path, ReadOptions())


def test_a_total_above_its_regions_is_a_warning_the_table_may_list_only_some(write_xlsx):
    rows = [list(r) for r in REGION_ROWS]
    rows[7][2] = 1151
    path = write_xlsx("city.xlsx", {"Sheet1": rows}, {"Sheet1": REGION_MERGES})
    (result,) = read_file(path, ReadOptions())
    assert len(result.warnings) == 1 and "total row says 1151, but the regions above add up to 1150: the table " \
        "lists only some regions" in result.warnings[0]


def test_english_region_rows_with_a_comma_split_title(write_csv):
    path = write_csv("en.csv", [["Patent applications and grants", " Jan-Oct 2017 (cumulative)"],
                                ["Region", "Applications this month", "Applications YTD", "Applications YTD last year",
                                 "YoY %", "Invention grants YTD"],
                                ["A County", "12", "150", "125", "20.0", "5"],
                                ["B District", "1,005", "2000", "1800", "11.1", "40"],
                                ["Total", "1017", "2150", "1925", "", "45"]])
    got = figures(read_file(path, ReadOptions()))
    assert got == {
        ("A County", 2017, 10, "applications", "total", "count"): 12,
        ("A County", 2017, 10, "applications", "total", "ytd"): 150,
        ("A County", 2016, 10, "applications", "total", "ytd"): 125,
        ("A County", 2017, 10, "grants", "invention", "ytd"): 5,
        ("B District", 2017, 10, "applications", "total", "count"): 1005,
        ("B District", 2017, 10, "applications", "total", "ytd"): 2000,
        ("B District", 2016, 10, "applications", "total", "ytd"): 1800,
        ("B District", 2017, 10, "grants", "invention", "ytd"): 40,
    }


def test_region_rows_period_from_the_command_line(write_csv):
    path = write_csv("c.csv", [["地区", "申请量累计", "授权量累计"], ["永修县", 135, 105]])
    with pytest.raises(InputError, match="--period"):
        read_file(path, ReadOptions())
    got = figures(read_file(path, ReadOptions(period=Period(2017, 1, 9))))
    assert got == {("永修县", 2017, 9, "applications", "total", "ytd"): 135,
                   ("永修县", 2017, 9, "grants", "total", "ytd"): 105}


def test_columns_that_are_not_counts_are_left_out_and_listed(write_csv):
    path = write_csv("c.csv", [["2017年1-9月"], ["地区", "申请量累计", "专利质押金额", "排 名", "占比"],
                               ["永修县", 135, 30, 1, "40%"]])
    (result,) = read_file(path, ReadOptions())
    assert figures([result]) == {("永修县", 2017, 9, "applications", "total", "ytd"): 135}
    assert result.notes == ["c.csv: left out (not counts by type): not in the vocabulary: 专利质押金额; "
                            "rank: 排 名; share: 占比"]


def test_fractional_negative_and_text_counts_are_errors(write_csv):
    for bad, why in (("2.5", "fraction"), ("-1", "at least 0"), ("abc", "whole number")):
        path = write_csv("c.csv", [["2017年1-9月"], ["地区", "申请量累计"], ["永修县", bad]])
        with pytest.raises(InputError, match=rf"c.csv, row 3, column '申请量累计': found '{bad}', expected .*{why}"):
            read_file(path, ReadOptions())


@pytest.mark.parametrize(("name", "content", "message"), [
    ("empty.csv", b"", "the file is empty"),
    ("notes.csv", "只有一行说明文字\n".encode(), "no table found"),
    ("bad.csv", b"\x81\x30\xff\xfe\xfd\x00\x00", "cannot decode"),
    ("fake.xlsx", b"PK not really a zip", "not a workbook but plain text"),
    ("cut.xlsx", b"PK\x03\x04" + b"\x00" * 40, "damaged or incomplete"),
    ("data.json", b"{}", "not a table file"),
    ("words.csv", "名称,说明\n甲,乙\n".encode(), "not a table of patent counts"),
])
def test_unreadable_files_give_one_clear_error(tmp_path, name, content, message):
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(InputError, match=message):
        read_file(path, ReadOptions())


# ---------------------------------------------------------------- published tables, as offices print them


def test_city_table_with_three_header_rows_spaced_words_and_of_which_columns(write_csv):
    """Like 常德市's county table: corner cell 类型/单位, 月合计 then 其中 by type, 累计, 去年同期 and
    growth per measure, the total row first, names with spaces, blank for zero."""
    rows = [["类型", "申 请 量", "", "", "", "", "", "", "", "", "授 权 量", "", "", "", "", "", "", "", ""],
            ["", "月合计", "其 中", "", "", "发明专利累计", "发 明 专 利 增长率", "年专利申请量累 计", "去年 同期",
             "年专利 申请量 增长率", "月合计", "其 中", "", "", "发明专利累计", "发 明 专 利 增长率", "年专利授权量累 计",
             "去年 同期", "年专利 授权量 增长率"],
            ["单位", "", "发明", "实用新型", "外观设计", "", "", "", "", "", "", "发明", "实用新型", "外观设计"],
            ["全 市", 30, 10, 12, 8, 150, "-2.8%", 400, 320, "25.0%", 20, 2, 10, 8, 30, "-", 200, 160, "25.0%"],
            ["甲 县", 18, 6, 7, 5, 100, "", 250, 200, "25.0%", 12, 2, 6, 4, 20, "", 120, 100, "20.0%"],
            ["乙 管理区", 12, 4, 5, 3, 50, "-100.0%", 150, 120, "25.0%", 8, "", 4, 4, 10, "", 80, 60, "33.3%"]]
    (result,) = read_file(write_csv("c.csv", rows), ReadOptions(period=Period(2017, 1, 10)))
    got = figures([result])
    assert got[("甲县", 2017, 10, "applications", "total", "count")] == 18
    assert got[("甲县", 2017, 10, "applications", "invention", "count")] == 6
    assert got[("甲县", 2017, 10, "applications", "design", "count")] == 5
    assert got[("甲县", 2017, 10, "applications", "invention", "ytd")] == 100
    assert got[("甲县", 2017, 10, "applications", "total", "ytd")] == 250
    assert got[("甲县", 2016, 10, "applications", "total", "ytd")] == 200
    assert got[("乙管理区", 2017, 10, "grants", "invention", "count")] == 0
    assert got[("乙管理区", 2016, 10, "grants", "total", "ytd")] == 60
    assert {k[0] for k in got} == {"甲县", "乙管理区"}  # the 全市 row is checked, not stored
    assert len(got) == 2 * 2 * 7 and not result.warnings


def test_provincial_table_of_month_year_and_all_time_columns(write_csv):
    """Like the 吉林 page: 当月累计 is this month, 当年累计 year to date, 总累计 a stock (left
    out); the title names measure and type; 单位:件 beside the title; a 表二 line above."""
    rows = [["表二"], ["2012年10月份国内发明专利授权状况表", "", "", "", "单位:件"],
            ["地区", "当月累计", "当年累计", "同比增长", "总累计"],
            ["广东", 1754, 18527, "24.80%", 81947], ["西藏", 5, 47, "161.10%", 143]]
    (result,) = read_file(write_csv("t.csv", rows), ReadOptions(region="测试"))
    assert figures([result]) == {
        ("广东", 2012, 10, "grants", "invention", "count"): 1754, ("广东", 2012, 10, "grants", "invention", "ytd"): 18527,
        ("西藏", 2012, 10, "grants", "invention", "count"): 5, ("西藏", 2012, 10, "grants", "invention", "ytd"): 47}
    assert result.notes == ["t.csv: 2 stock figures (in force or all-time totals: 总累计) kept apart from the year's "
                            "flows, in the stock table"]
    assert {(r.region, r.stock, r.measure, r.patent_type, r.value) for r in result.stocks.itertuples()} == {
        ("广东", "cumulative", "grants", "invention", 81947), ("西藏", "cumulative", "grants", "invention", 143)}


def test_national_table_split_by_origin_and_applicant_kind(write_csv):
    """Like CNIPA's 表3: form metadata beside the title, 申请量/构成 pairs, 合计/国内/国外 x
    小计/职务/非职务 rows. 小计 rows are the regions 全国, 国内, 国外; 职务/非职务 split them by
    applicant kind and go to the applicant table."""
    blank = [""] * 10
    rows = [["表3 国内外三种专利申请受理状况月表", *blank], [*blank, "表号:专月表3"], [*blank, "制表机关:国家知识产权局"],
            [*blank, "有效期至:2011年12月"], ["", "", "", "", "2010年03月", "", "", "", "", "", "单位:件"],
            ["按国内外 分组", "", "合计", "", "发明", "", "实用新型", "", "外观设计", "", ""],
            ["", "", "申请量", "构成", "申请量", "构成", "申请量", "构成", "申请量", "构成", ""],
            ["合计", "小计", 100, "100.0%", 40, "100.0%", 35, "100.0%", 25, "100.0%"],
            ["", "职务", 60, "60.0%", 30, "75.0%", 20, "57.1%", 10, "40.0%"],
            ["", "非职务", 40, "40.0%", 10, "25.0%", 15, "42.9%", 15, "60.0%"],
            ["国内", "小计", 70, "100/70.0", 20, "100/50.0", 30, "100/85.7", 20, "100/80.0"],
            ["", "职务", 40, "57.1%", 15, "75.0%", 17, "56.7%", 8, "40.0%"],
            ["国外", "小计", 30, "100/30.0", 20, "100/50.0", 5, "100/14.3", 5, "100/20.0"]]
    (result,) = read_file(write_csv("t3.csv", rows), ReadOptions())
    got = {(k[0], k[4]): v for k, v in figures([result]).items()}
    assert {k[2:4] for k in figures([result])} == {(3, "applications")}
    assert got == {("全国", "invention"): 40, ("全国", "utility_model"): 35, ("全国", "design"): 25, ("全国", "total"): 100,
                   ("国内", "invention"): 20, ("国内", "utility_model"): 30, ("国内", "design"): 20, ("国内", "total"): 70,
                   ("国外", "invention"): 20, ("国外", "utility_model"): 5, ("国外", "design"): 5, ("国外", "total"): 30}
    assert all(basis == "count" for *_, basis in figures([result]))  # a table of one month (2010年03月)
    kinds = result.applicants.set_index(["region", "applicant_kind", "patent_type"])["count"]
    assert kinds[("全国", "employer", "invention")] == 30 and kinds[("全国", "individual", "total")] == 40
    assert kinds[("国内", "employer", "design")] == 8 and len(kinds) == 12
    assert "share: 合计/构成, 发明/构成, 实用新型/构成, 外观设计/构成" in result.notes[0]


def test_origin_rows_must_add_up_to_the_national_row(write_csv):
    rows = [["2010年03月"], ["按国内外分组", "", "合计"], ["", "", "申请量"],
            ["合计", "小计", 100], ["国内", "小计", 70], ["国外", "小计", 20]]
    with pytest.raises(InputError, match="row 4, column '合计/申请量': total row says 100, but the origins add up to 90"):
        read_file(write_csv("t3.csv", rows), ReadOptions())


@pytest.mark.parametrize(("title", "period", "basis"), [
    ("（2003年9月1日-2003年9月30日）", (2003, 9), "count"),
    ("2003年1月1日至2003年9月30日专利申请受理情况", (2003, 9), "ytd"),
    ("2010年03月", (2010, 3), "count"),
    ("2017年1-10月全市专利申请情况", (2017, 10), "ytd"),
])
def test_period_from_titles(write_csv, title, period, basis):
    rows = [[title], ["地区", "申请量"], ["甲县", 7]]
    got = figures(read_file(write_csv("p.csv", rows), ReadOptions()))
    assert got == {("甲县", *period, "applications", "total", basis): 7}


def test_columns_labelled_with_periods_and_last_years_types(write_csv):
    """A column labelled 2015年1-11月 holds that span; 去年发明 is last year's invention count;
    当年授权量 and 当月授权量 carry their measure."""
    rows = [["2015年1-11月专利申请情况"], ["地区", "2015年1-11月", "发明", "去年发明", "当年授权量", "当月授权量"],
            ["甲县", 90, 20, 15, 60, 6]]
    got = figures(read_file(write_csv("p.csv", rows), ReadOptions()))
    assert got == {("甲县", 2015, 11, "applications", "total", "ytd"): 90,
                   ("甲县", 2015, 11, "applications", "invention", "ytd"): 20,
                   ("甲县", 2014, 11, "applications", "invention", "ytd"): 15,
                   ("甲县", 2015, 11, "grants", "total", "ytd"): 60,
                   ("甲县", 2015, 11, "grants", "total", "count"): 6}
