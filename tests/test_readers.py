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
    rows[7][2] = 1151
    path = write_xlsx("city.xlsx", {"Sheet1": rows}, {"Sheet1": REGION_MERGES})
    with pytest.raises(InputError, match=r"row 8, column '专利申请量/1-10月累计/合计': total row says 1151, but the "
                                         r"regions above add up to 1150"):
        read_file(path, ReadOptions())


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
    assert result.notes == ["c.csv: columns left out (not counts by type): not in the vocabulary: 专利质押金额; "
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
    ("fake.xlsx", b"PK not really a zip", "not a readable Excel workbook"),
    ("data.json", b"{}", "not a table file"),
    ("words.csv", "名称,说明\n甲,乙\n".encode(), "not a table of patent counts"),
])
def test_unreadable_files_give_one_clear_error(tmp_path, name, content, message):
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(InputError, match=message):
        read_file(path, ReadOptions())
