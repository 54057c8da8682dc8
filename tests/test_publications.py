"""Patent-search exports as platforms write them (PatSnap, incoPat, Patentics, CNIPA's
专利检索及分析, Derwent, Google Patents): small fixtures in each format, counted by hand."""

import csv
import zipfile

import pyarrow as pa
import pytest

from patentstats.errors import InputError
from patentstats.readers import ReadOptions, read_file
from patentstats.readers.appno import check_character
from patentstats.readers.files import hyperlink_text, read_sheets
from patentstats.readers.publications import decode_pubnos, kind_types, label_types


def number(year, kind, serial, dot=True):
    body = f"{year}{kind}{serial:07d}"
    return f"CN{body}{'.' if dot else ''}{check_character(body)}"


def counts(results):
    obs = results[0].observations
    return {(r.measure, r.patent_type, r.year, r.month): r.value for r in obs.itertuples() if r.value}


TEST = ReadOptions(region="测试")


def test_patsnap_export_without_application_numbers(write_csv):
    """One row per publication: A and B of one invention are one application, granted at B."""
    rows = [["序号", "公开(公告)号", "[标]当前申请(专利权)人", "申请日", "公开(公告)日", "专利类型", "受理局"],
            [1, "CN103175679A", "南京航空航天大学", "2013-03-01", "2013-06-26", "发明申请", "中国"],
            [2, "CN103175679B", "南京航空航天大学", "2013-03-01", "2015-08-12", "授权发明", "中国"],
            [3, "CN203111111U", "某公司", "2013-01-15", "2013-08-14", "实用新型", "中国"],
            [4, "CN303222222S", "某公司", "2013-02-20", "2013-07-03", "外观设计", "中国"],
            [5, "CN104302547A", "SMA航空发动机公司", "2013-02-12", "2015-01-21", "发明申请", "中国"],
            [6, "US2015123456A1", "X Corp", "2013-05-01", "2015-05-01", "发明申请", "美国"],
            [7, "CN103104575A", "-", "2013-01-21", "2013-05-15", "发明申请", "中国"]]
    (result,) = read_file(write_csv("patsnap.csv", rows), TEST)
    assert counts([result]) == {
        ("applications", "invention", 2013, 1): 1, ("applications", "invention", 2013, 2): 1,
        ("applications", "invention", 2013, 3): 1, ("applications", "utility_model", 2013, 1): 1,
        ("applications", "design", 2013, 2): 1,
        ("grants", "invention", 2015, 8): 1, ("grants", "utility_model", 2013, 8): 1, ("grants", "design", 2013, 7): 1}
    notes = " | ".join(result.notes)
    assert "left out 1 row(s) of other offices: US 1" in notes
    assert "publication number without its kind code" in notes
    assert "1 patent(s) listed more than once (one row per publication)" in notes
    assert "applications filed from 2014-02 on are incomplete" in notes  # latest publication 2015-08, less 18 months


def _set_dimension(path, ref):
    """Rewrite the sheet's declared dimension, as exports that declare a wrong one do."""
    with zipfile.ZipFile(path) as src:
        items = {name: src.read(name) for name in src.namelist()}
    sheet = "xl/worksheets/sheet1.xml"
    text = items[sheet].decode()
    start = text.index("<dimension ref=\"") + len("<dimension ref=\"")
    items[sheet] = (text[:start] + ref + text[text.index("\"", start):]).encode()
    with zipfile.ZipFile(path, "w") as dst:
        for name, data in items.items():
            dst.writestr(name, data)


def test_incopat_workbook_with_other_offices_and_a_wrong_dimension(write_xlsx):
    import datetime as dt
    rows = [["序号", "标题 (中文)", "申请人", "公开（公告）号", "公开（公告）日", "申请号", "申请日", "公开类型", "专利类型",
             "公开国别"],
            [1, "甲", "A", "CN111341297A", dt.datetime(2020, 6, 26), number(2020, 1, 144278), dt.datetime(2020, 3, 4),
             "发明申请", "发明申请", "中国"],
            [2, "乙", "B", "TWI787980B", dt.datetime(2022, 12, 21), "TW110132167", dt.datetime(2021, 8, 30),
             "发明授权", "发明授权", "中国台湾"],
            [3, "丙", "C", "WO2021234742A1", dt.datetime(2021, 11, 25), "WOIT20000045", dt.datetime(2020, 5, 22),
             "发明申请", "发明申请", "世界知识产权组织"],
            [4, "丁", "D", "CN305868664S", dt.datetime(2020, 6, 23), number(2019, 3, 419221), dt.datetime(2019, 8, 2),
             "外观设计", "外观设计", "中国"]]
    path = write_xlsx("incopat.xlsx", {"下载的著录项1": rows})
    _set_dimension(path, "A1")
    (result,) = read_file(path, TEST)
    assert counts([result]) == {("applications", "invention", 2020, 3): 1, ("applications", "design", 2019, 8): 1,
                                ("grants", "design", 2020, 6): 1}
    assert "left out 2 row(s) of other offices: TW 1, WO 1" in result.notes[0]


def _write_patentics_csv(path, rows):
    """UTF-8 with BOM, every field quoted, each data row one (empty) field longer than the header."""
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        handle.write(",".join(f'"{h}"' for h in rows[0]) + "\n")
        for row in rows[1:]:
            handle.write(",".join(f'"{v}"' if v else "" for v in row) + ",\n")


def test_patentics_csv_quoted_with_a_trailing_field(tmp_path):
    invention = number(2020, 1, 2)
    rows = [["公开号", "申请号", "标题", "申请日", "公开日", "授权公告日", "申请人"],
            ["CN114285873A", number(2021, 1, 1), "甲", "20211209", "20220405", "", "阿波罗"],
            ["CN111000002A", invention, "乙", "20200115", "20200601", "", "阿波罗"],
            ["CN111000002B", invention, "乙", "20200115", "20211105", "20211105", "阿波罗"],
            ["CN214000003U", number(2020, 2, 3), "丙", "20201020", "20210305", "20210305", "阿波罗"]]
    path = tmp_path / "patentics.csv"
    _write_patentics_csv(path, rows)
    (result,) = read_file(path, TEST)
    assert counts([result]) == {("applications", "invention", 2021, 12): 1, ("applications", "invention", 2020, 1): 1,
                                ("applications", "utility_model", 2020, 10): 1,
                                ("grants", "invention", 2021, 11): 1, ("grants", "utility_model", 2021, 3): 1}


def test_patentics_workbook_with_duplicated_headers_and_hyperlink_cells(write_xlsx):
    """openpyxl writes formulas without cached values, as some exporters do: the link text is read."""
    link = '=HYPERLINK("http://www.patentics.com/searchcn.htm?sq=CN115438209A","CN115438209A")'
    rows = [["公开号", "申请号", "申请日", "申请日", "公开/公告日", "授权日", "专利类型"],
            [link, number(2022, 1, 836006), "2022/07/15", "2022/07/15", "2022/12/06", None, "发明公布"],
            ["CN115412894A", number(2022, 1, 344028), "2022/03/31", "2022/03/31", "2022/11/29", None, "发明公布"]]
    path = write_xlsx("patentics.xlsx", {"Sheet1": rows})
    assert read_sheets(path)[0].rows[1][0] == "CN115438209A"
    (result,) = read_file(path, TEST)
    assert counts([result]) == {("applications", "invention", 2022, 7): 1, ("applications", "invention", 2022, 3): 1}


def test_derwent_and_google_numbers_with_kind_letters_under_title_rows(write_csv):
    rows = [["Derwent Innovation 专利导出"], ["检索式：PA=(某大学)"],
            ["申请号", "申请日", "公开号", "专利权人"],
            ["CN201711214252A", "2017-11-28", "CN107800000A", "某大学"],
            ["CN2009101277538A", "2009-03-20", "CN101500000A", "某大学"],
            ["CN201720000007U", "2017-01-05", "CN206000000U", "某大学"]]
    (result,) = read_file(write_csv("derwent.csv", rows, "gb18030"), TEST)
    assert counts([result]) == {("applications", "invention", 2017, 11): 1, ("applications", "invention", 2009, 3): 1,
                                ("applications", "utility_model", 2017, 1): 1}
    assert [r.value for r in result.observations.itertuples() if r.measure == "grants" and r.value] == []


def test_old_binary_xls_from_cnipa_search(tmp_path):
    xlwt = pytest.importorskip("xlwt")
    book = xlwt.Workbook()
    sheet = book.add_sheet("Sheet1")
    rows = [["专利类型", "专利名称", "申请公布日/授权公告日", "申请号", "申请日", "申请人/专利权人"],
            ["发明申请", "一种超声探头", "2017.01.25", number(2016, 1, 895413), "2016.10.13", "深圳大学"],
            ["实用新型", "一种支架", "2017.02.08", number(2016, 2, 100001), "2016.09.01", "深圳大学"]]
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            sheet.write(r, c, value)
    path = tmp_path / "cnipa.xls"
    book.save(str(path))
    (result,) = read_file(path, TEST)
    assert counts([result]) == {("applications", "invention", 2016, 10): 1, ("applications", "utility_model", 2016, 9): 1,
                                ("grants", "utility_model", 2017, 2): 1}


def test_county_column_assigns_regions_and_address_keeps_a_place(write_csv):
    rows = [["申请号", "申请日", "中国申请人地市", "中国申请人区县"],
            [number(2018, 2, 1), "2018-01-05", "九江市", "永修县"], [number(2018, 2, 2), "2018-01-06", "九江市", "武宁县"]]
    got = {(r.region, r.month) for r in read_file(write_csv("c.csv", rows), ReadOptions()).pop().observations.itertuples()
           if r.value}
    assert got == {("永修县", 1), ("武宁县", 1)}
    rows = [["申请号", "申请日", "申请人地址"],
            [number(2018, 2, 1), "2018-01-05", "332000 江西省九江市永修县工业园"],
            [number(2018, 2, 2), "2018-01-06", "江西省九江市武宁县"]]
    (result,) = read_file(write_csv("a.csv", rows), ReadOptions(region="永修县"))
    assert result.observations["value"].sum() == 1
    assert "kept 1 patent row(s) whose address names 永修县, left out 1" in result.notes[0]
    with pytest.raises(InputError, match="no address in column '申请人地址' names 修水县"):
        read_file(write_csv("a.csv", rows), ReadOptions(region="修水县"))


def test_type_column_kind_code_and_number_must_agree(write_csv):
    rows = [["公开号", "申请号", "申请日"], ["CN206000000U", number(2017, 1, 7), "2017-01-05"]]
    with pytest.raises(InputError, match=r"row 2, column '公开号': type says 'CN206000000U' but application number "
                                         r".* is invention"):
        read_file(write_csv("k.csv", rows), TEST)


def test_list_title_words_decide_what_a_list_counts(write_csv):
    rows = [["申请号", "申请日", "授权公告日"], [number(2018, 2, 7), "2018-02-01", "2018-05-01"]]
    measures = {r.measure for r in read_file(write_csv("中国申请库导出.csv", rows), TEST)[0].observations.itertuples()}
    assert measures == {"applications", "grants"}  # '申请' in a database name is not an application list
    measures = {r.measure for r in read_file(write_csv("专利申请清单.csv", rows), TEST)[0].observations.itertuples()}
    assert measures == {"applications"}


@pytest.mark.parametrize(("written", "key", "kind"), [
    ("CN103175679A", 103175679, "A"), ("cn103175679b ", 103175679, "B"), ("CN306695806S", 306695806, "S"),
    ("CN1234567C", 1234567, "C"), ("CN2710000Y", 2710000, "Y"), ("CN103175679", 103175679, ""), ("n/a", -1, ""),
])
def test_decode_pubnos(written, key, kind):
    got_key, got_kind, _ = decode_pubnos(pa.array([written]))
    assert (int(got_key[0]), got_kind[0].as_py()) == (key, kind)


def test_kind_codes_and_type_labels():
    codes, grants = kind_types(pa.array(["A", "B", "C", "U", "Y", "S", "D", ""]))
    assert codes.tolist() == [0, 0, 0, 1, 1, 2, 2, -1]
    assert grants.tolist() == [False, True, True, True, True, True, True, False]
    codes, grants = label_types(pa.array(["发明申请", "授权发明", "发明授权", "发明公布", "实用新型", "外观设计", "", "商标"]))
    assert codes.tolist() == [0, 0, 0, 0, 1, 2, -1, -2]
    assert grants.tolist() == [False, True, True, False, True, True, False, False]


def test_hyperlink_text():
    assert hyperlink_text('=HYPERLINK("http://x/CN1A","CN1A")') == "CN1A"
    assert hyperlink_text('=hyperlink("CN2B")') == "CN2B"
    assert hyperlink_text("=SUM(A1:A3)") is None


def test_real_format_csv_round_trip_is_not_mangled_by_the_csv_module(tmp_path):
    """Guard the fixture writer above: the extra trailing field is really there."""
    path = tmp_path / "p.csv"
    _write_patentics_csv(path, [["a", "b"], ["1", "2"]])
    with path.open(encoding="utf-8-sig") as handle:
        rows = list(csv.reader(handle))
    assert [len(r) for r in rows] == [2, 3]


def test_international_applications_and_other_offices_publications_are_left_out(write_csv):
    """PCT/CN2017/079453 and CN2017/079453 are PCT filings, not CN applications; a WO or US
    publication number says the row is that office's."""
    rows = [["申请号", "申请日", "公开号"], ["201710601862.3", "2017-07-26", "CN107000001A"],
            ["PCT/CN2017/079453", "2017-04-05", "WO2018000001A1"], ["CN2017/079454", "2017-04-06", ""],
            ["201710601862.3", "2017-07-26", "US2019000001A1"]]
    (result,) = read_file(write_csv("pct.csv", rows), TEST)
    assert counts([result]) == {("applications", "invention", 2017, 7): 1}
    assert any("left out 3 row(s) of other offices: PCT 2, US 1" in note for note in result.notes)
