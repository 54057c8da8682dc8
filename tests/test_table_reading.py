"""The generic table reader, tested by transformation: the same table transposed, glossed in
English, with its title in the sheet name, its header split over one more row, spaces inside
words, unit and footnote lines, rows reordered, the total first, or saved as a web page, must
give the identical canonical table. Each fixture's figures are worked out by hand below it."""

from __future__ import annotations

import html

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook

from patentstats.errors import InputError
from patentstats.readers import ReadOptions, read_file

# A city's county table: regions as rows, a three-row header (measure / basis / type), total last.
COUNTY_TITLE = "2017年1-10月全市专利申请授权情况表"
COUNTY = [
    ["地区", "专利申请量", "专利申请量", "专利申请量", "专利申请量", "专利授权量"],
    ["", "本月", "本月", "累计", "累计", "累计"],
    ["", "发明", "合计", "发明", "合计", "合计"],
    ["甲县", 3, 12, 25, 150, 110],
    ["乙县", 1, 8, 9, 100, 60],
    ["丙区", 0, 5, 4, 40, 20],
    ["全市", 4, 25, 38, 290, 190],
]
COUNTY_KEYS = [("applications", "invention", "count"), ("applications", "total", "count"),
               ("applications", "invention", "ytd"), ("applications", "total", "ytd"), ("grants", "total", "ytd")]


def county_figures(rows):
    """The canonical figures of county rows, worked out cell by cell: 2017年1-10月 from the title."""
    return {(r[0], 2017, 10, *key): value for r in rows for key, value in zip(COUNTY_KEYS, r[1:], strict=True)}


COUNTY_FIGURES = county_figures(COUNTY[3:-1])

# One county's months: months as rows, types under each measure, a 合计 row that adds up the months.
MONTHS_TITLE = "永修县2018年专利申请授权情况"
MONTHS = [
    ["月份", "专利申请量", "专利申请量", "专利申请量", "专利申请量", "专利授权量"],
    ["", "发明", "实用新型", "外观设计", "合计", "合计"],
    ["1月", 1, 4, 2, 7, 3],
    ["2月", 2, 5, 1, 8, 3],
    ["3月", 0, 6, 3, 9, 4],
    ["合计", 3, 15, 6, 24, 10],
]
MONTHS_KEYS = [("applications", "invention"), ("applications", "utility_model"), ("applications", "design"),
               ("applications", "total"), ("grants", "total")]
MONTHS_FIGURES = {("永修县", 2018, int(r[0][0]), *key, "count"): value
                  for r in MONTHS[2:-1] for key, value in zip(MONTHS_KEYS, r[1:], strict=True)}

GLOSS = {"地区": "Region", "月份": "Month", "专利申请量": "Applications", "专利授权量": "Grants", "本月": "This Month",
         "累计": "Year to Date", "发明": "Invention", "实用新型": "Utility Model", "外观设计": "Design", "合计": "Total",
         "甲县": "Jia County", "乙县": "Yi County", "丙区": "Bing District", "全市": "City Total"}
SPLIT = {"专利申请量": ("专利", "申请量"), "专利授权量": ("专利", "授权量")}
SPACED = {"专利申请量": "专 利 申 请 量", "专利授权量": "专 利 授 权 量", "甲县": "甲 县", "丙区": "丙 区", "全市": "全 市",
          "实用新型": "实 用 新 型", "本月": "本 月"}


def _header_rows(table: list[list[object]]) -> int:
    return next(i for i, row in enumerate(table) if any(isinstance(v, int) for v in row))


def transposed(table):
    return [list(column) for column in zip(*table, strict=True)]


def glossed(table):
    return [[f"{v} {GLOSS[v]}" if v in GLOSS else v for v in row] for row in table]


def spaced(table):
    return [[SPACED.get(v, v) if isinstance(v, str) else v for v in row] for row in table]


def header_split(table):
    """The first header row's labels set on two rows (专利 above 申请量)."""
    first = table[0]
    top = [SPLIT[v][0] if v in SPLIT else v for v in first]
    below = [SPLIT[v][1] if v in SPLIT else "" for v in first]
    return [top, below, *table[1:]]


def rows_reversed(table):
    h = _header_rows(table)
    body, total = table[h:-1], table[-1]
    return [*table[:h], *body[::-1], total]


def total_first(table):
    h = _header_rows(table)
    return [*table[:h], table[-1], *table[h:-1]]


VARIANTS = {
    "as printed": lambda t: t,
    "transposed": transposed,
    "glossed": glossed,
    "header split over one more row": header_split,
    "spaces inside words": spaced,
    "rows reordered": rows_reversed,
    "total row first": total_first,
    "glossed and transposed": lambda t: transposed(glossed(t)),
}


def figures(path):
    (result,) = read_file(path, ReadOptions())
    obs = result.observations
    return {(r.region, r.year, r.month, r.measure, r.patent_type, r.basis): r.value for r in obs.itertuples()}


def write_sheet(tmp_path, name, title, table, *, notes=False, title_in_sheet_name=False):
    book = Workbook()
    sheet = book.active
    sheet.title = title if title_in_sheet_name else "Sheet1"
    lines = [] if title_in_sheet_name else [[title]]
    if notes:
        lines.append(["单位：件"])
    for row in [*lines, *table]:
        sheet.append(row)
    if notes:
        sheet.append(["注：本月指报告期最后一个月。"])
        sheet.append(["数据来源：知识产权局"])
    path = tmp_path / name
    book.save(path)
    return path


def write_html(tmp_path, name, title, table):
    cells = "\n".join("<tr>" + "".join(f"<td>{html.escape(str(v))}</td>" for v in row) + "</tr>" for row in table)
    page = (f"<html><head><meta charset='utf-8'><script>document.write('<table><tr><td>9</td></tr>')</script></head>"
            f"<body><h3>{html.escape(title)}</h3><p>单位：件</p><table>{cells}</table><p>注：示例。</p></body></html>")
    path = tmp_path / name
    path.write_text(page, encoding="utf-8")
    return path


FIXTURES = {"county": (COUNTY_TITLE, COUNTY, COUNTY_FIGURES), "months": (MONTHS_TITLE, MONTHS, MONTHS_FIGURES)}


@pytest.mark.parametrize("fixture", FIXTURES)
@pytest.mark.parametrize("variant", VARIANTS)
def test_every_variant_gives_the_same_canonical_table(tmp_path, fixture, variant):
    title, table, expected = FIXTURES[fixture]
    assert figures(write_sheet(tmp_path, "t.xlsx", title, VARIANTS[variant](table))) == expected


@pytest.mark.parametrize("fixture", FIXTURES)
def test_title_in_the_sheet_name_unit_line_and_footnotes(tmp_path, fixture):
    title, table, expected = FIXTURES[fixture]
    assert figures(write_sheet(tmp_path, "t.xlsx", title, table, title_in_sheet_name=True)) == expected
    assert figures(write_sheet(tmp_path, "u.xlsx", title, table, notes=True)) == expected


@pytest.mark.parametrize("fixture", FIXTURES)
@pytest.mark.parametrize("suffix", [".html", ".xls"])
def test_the_same_table_as_a_web_page(tmp_path, fixture, suffix):
    """Saved pages, and pages saved under an Excel name, are read like the sheet; the table a
    script would write is never read."""
    title, table, expected = FIXTURES[fixture]
    assert figures(write_html(tmp_path, "page" + suffix, title, table)) == expected
    assert figures(write_html(tmp_path, "t" + suffix, title, transposed(table))) == expected


def test_a_row_label_header_split_over_two_rows_is_header_not_data(tmp_path):
    """按国内外 above 分组 (CNIPA's 表3): the second row is more header, never a row of figures."""
    table = [["按国内外", "申请量", "申请量", "申请量", "申请量"], ["分组", "发明", "实用新型", "外观设计", "合计"],
             ["合计", 30, 50, 20, 100], ["国内", 10, 45, 15, 70], ["国外", 20, 5, 5, 30]]
    got = figures(write_sheet(tmp_path, "t.xlsx", "2010年3月国内外三种专利申请受理状况", table))
    assert got[("全国", 2010, 3, "applications", "total", "count")] == 100
    assert got[("国外", 2010, 3, "applications", "invention", "count")] == 20 and len(got) == 12


def test_type_and_measure_said_only_in_the_title(tmp_path):
    """2014年8月国内外发明专利受理状况表: every figure is an invention application; 合计 is the
    national row, not a type total."""
    table = [["", "当月合计 Monthly Total", "当年累计 Year to Date"], ["合计Total", 72009, 500327],
             ["国内Domestic", 50000, 350000], ["国外Foreign", 22009, 150327]]
    got = figures(write_sheet(tmp_path, "t.xlsx", "2014年8月国内外发明专利受理状况表", table))
    assert got == {(region, 2014, 8, "applications", "invention", basis): value for region, basis, value in [
        ("全国", "count", 72009), ("全国", "ytd", 500327), ("国内", "count", 50000), ("国内", "ytd", 350000),
        ("国外", "count", 22009), ("国外", "ytd", 150327)]}


@pytest.mark.parametrize(("title", "basis"), [("2014年1-8月专利申请情况", "count"), ("2014年8月专利申请情况", "count")])
def test_type_columns_take_the_basis_of_the_total_they_add_up_to(tmp_path, title, basis):
    """当年累计 | 月累计 | 发明 | 实用新型 | 外观设计: the types add up to 月累计, so they count the
    month, whatever the title's span suggests."""
    table = [["地区", "当年累计", "月累计", "发明", "实用新型", "外观设计"], ["甲县", 598, 63, 10, 40, 13],
             ["乙县", 300, 30, 5, 20, 5]]
    (result,) = read_file(write_sheet(tmp_path, "t.xlsx", title, table), ReadOptions())
    got = figures(write_sheet(tmp_path, "t.xlsx", title, table))
    assert got[("甲县", 2014, 8, "applications", "invention", basis)] == 10
    assert got[("甲县", 2014, 8, "applications", "total", "ytd")] == 598
    assert any("the types add up to this month's total" in note for note in result.notes)


def test_years_as_rows_with_an_unlabelled_type_found_by_the_sums(tmp_path):
    """A yearbook: years as columns, types as rows, the invention row labelled only '#'."""
    table = [["项  目", 2003, 2004], ["申请授权量合计", 9829, 11330], ["  #", 623, 1026], ["  实用新型", 5365, 5474],
             ["  外观设计", 3841, 4830]]
    (result,) = read_file(write_sheet(tmp_path, "t.xlsx", "14-14 三种专利授权量", table), ReadOptions(region="江苏省"))
    got = {(r.year, r.patent_type): r.value for r in result.observations.itertuples()}
    assert got == {(2003, "total"): 9829, (2003, "invention"): 623, (2003, "utility_model"): 5365,
                   (2003, "design"): 3841, (2004, "total"): 11330, (2004, "invention"): 1026,
                   (2004, "utility_model"): 5474, (2004, "design"): 4830}
    assert set(result.observations["month"]) == {12} and set(result.observations["basis"]) == {"ytd"}
    assert any("'#' read as invention" in note for note in result.notes)


def test_a_subtotal_row_is_checked_not_stored(tmp_path):
    """市本级 equals the districts below it: a subtotal, not a region of its own."""
    table = [["市县名称", "发明", "实用新型", "外观设计", "合计授权量"], ["市本级", 30, 60, 10, 100],
             ["上城区", 10, 20, 5, 35], ["西湖区", 20, 40, 5, 65], ["桐庐县", 1, 2, 3, 6]]
    (result,) = read_file(write_sheet(tmp_path, "t.xlsx", "2023年全省各地区专利授权量", table), ReadOptions())
    regions = set(result.observations["region"])
    assert regions == {"上城区", "西湖区", "桐庐县"}
    assert set(result.observations["month"]) == {12}  # a year's table: the whole year
    assert any("市本级 is the subtotal of 上城区, 西湖区" in note for note in result.notes)


def test_web_page_spans_fill_their_cells_and_scripts_are_never_read(tmp_path):
    page = """<html><head><script>var t = "<table><tr><td>1</td></tr></table>";</script></head><body>
    <div>2017年1-10月全市专利申请授权情况表</div>
    <table><tr><th rowspan="2">地区</th><th colspan="2">专利申请量</th></tr><tr><th>本月</th><th>累计</th></tr>
    <tr><td>甲县</td><td>12</td><td>150</td></tr><tr><td>乙县</td><td>8</td><td>1,000</td></tr>
    <tr><td>全市</td><td>20</td><td>1150</td></tr></table></body></html>"""
    path = tmp_path / "download.xls"  # a government site's ".xls" that is a web page
    path.write_text(page, encoding="gb18030")
    assert figures(path) == {("甲县", 2017, 10, "applications", "total", "count"): 12,
                             ("甲县", 2017, 10, "applications", "total", "ytd"): 150,
                             ("乙县", 2017, 10, "applications", "total", "count"): 8,
                             ("乙县", 2017, 10, "applications", "total", "ytd"): 1000}


def test_a_header_without_a_measure_is_named_as_the_problem(tmp_path):
    table = [["地区", "发明", "实用新型"], ["甲县", 1, 2]]
    with pytest.raises(InputError, match=r"t.xlsx, sheet 'Sheet1', row 2, column '发明': cannot tell whether these "
                                         r"figures count applications or grants"):
        read_file(write_sheet(tmp_path, "t.xlsx", "2017年9月", table), ReadOptions())


def test_a_table_of_pct_filings_is_refused_by_its_title(tmp_path):
    table = [["地区", "2018年", "2019年"], ["北京", 100, 120], ["上海", 50, 60]]
    with pytest.raises(InputError, match="not a table of patent applications or grants by type: its title names PCT"):
        read_file(write_sheet(tmp_path, "t.xlsx", "6-4 PCT国际专利申请受理量", table), ReadOptions())


def test_csv_delimiter_is_found_with_quotes_honoured(tmp_path):
    """Bars between IPC classes inside quoted fields outnumber the commas, but do not split."""
    lines = ['地区,专利申请量,备注', '甲县,12,"G06F | H04L | H04W | G06Q | A61B"', '乙县,8,"B65D | B65G | F16L | E04B"']
    path = tmp_path / "t.csv"
    path.write_text("2017年9月\n" + "\n".join(lines) + "\n", encoding="utf-8")
    assert figures(path) == {("甲县", 2017, 9, "applications", "total", "count"): 12,
                             ("乙县", 2017, 9, "applications", "total", "count"): 8}


def test_months_as_rows_and_districts_as_columns_with_the_year_in_the_corner(tmp_path):
    """Like 深圳's table: numbered notes above the title, the year in the corner cell, districts as
    columns with 全市 last, one district printed as —— throughout (not yet set up)."""
    notes = [["注：高新区数据已计算在南山区内。"], ["2、自2017年1月起按月公开专利申请量。"],
             ["1、2019年1月，国家知识产权局对2018年1-10月份专利申请数据进行调整，剔除非正常申请。"]]
    table = [["2018", "福田", "南山", "深汕特别合作区", "全市"], ["1月", 2083, 6478, "——", 8561],
             ["2月", 1719, 4767, "——", 6486]]
    book = Workbook()
    for row in [*notes, ["2018年深圳市各区专利申请情况汇总表"], *table]:
        book.active.append(row)
    book.save(tmp_path / "sz.xlsx")
    (result,) = read_file(tmp_path / "sz.xlsx", ReadOptions())
    got = {(r.region, r.month): r.value for r in result.observations.itertuples()}
    assert got == {("福田", 1): 2083, ("南山", 1): 6478, ("福田", 2): 1719, ("南山", 2): 4767}
    assert set(result.observations["measure"]) == {"applications"} and set(result.observations["year"]) == {2018}
    assert set(result.observations["basis"]) == {"count"} and set(result.observations["patent_type"]) == {"total"}
    assert any("深汕特别合作区: every figure is a dash" in note for note in result.notes)


def test_a_title_kind_and_stocks_beside_the_years_flows(tmp_path):
    """Like CNIPA's 国内外观设计职务申请授权量: every figure is a design grant to an employer (职务),
    an all-time block (总累计) beside the year's, share rows under English region names."""
    table = [["地区 Regions", "总累计 Accumulated Number", "总累计 Accumulated Number", "2013", "2013"],
             ["", "合计 Total", "大专院校 A*", "合计 Total", "大专院校 A"],
             ["全国总计", 1000, 40, 200, 8], ["Total", "100.0%", "4.0%", "100.0%", "4.0%"],
             ["北京", 600, 30, 120, 5], ["Beijing", "100.0%", "5.0%", "100.0%", "4.2%"],
             ["天津", 400, 10, 80, 3], ["Tianjin", "100.0%", "2.5%", "100.0%", "3.8%"]]
    (result,) = read_file(write_sheet(tmp_path, "t.xlsx", "国内外观设计职务申请授权量", table), ReadOptions())
    assert result.observations.empty
    kinds = {(r.region, r.applicant_kind): r.count for r in result.applicants.itertuples()}
    assert kinds == {("北京", "employer"): 120, ("北京", "university"): 5, ("天津", "employer"): 80,
                     ("天津", "university"): 3}
    assert set(result.applicants["patent_type"]) == {"design"} and set(result.applicants["measure"]) == {"grants"}
    assert any("6 stock figures" in note for note in result.notes)


def test_a_table_of_all_time_totals_is_a_stock(tmp_path):
    """A period such as 1985.4-2013.12 spans all time: its figures are stocks, not a year's flows."""
    table = [["", "", "发明", "合计"], ["合计", "受理量", 4327819, 13093538], ["", "授权量", 1318659, 7426010]]
    book = Workbook()
    for row in [["国内外三种专利受理/授权/有效累计状况"], ["1985.4-2013.12"], *table]:
        book.active.append(row)
    book.save(tmp_path / "cum.xlsx")
    (result,) = read_file(tmp_path / "cum.xlsx", ReadOptions())
    assert result.observations.empty and result.shape == "table of stocks (4 figures)"
    stocks = {(r.region, r.year, r.month, r.stock, r.measure, r.patent_type): r.value for r in result.stocks.itertuples()}
    assert stocks == {("全国", 2013, 12, "cumulative", "applications", "invention"): 4327819,
                      ("全国", 2013, 12, "cumulative", "applications", "total"): 13093538,
                      ("全国", 2013, 12, "cumulative", "grants", "invention"): 1318659,
                      ("全国", 2013, 12, "cumulative", "grants", "total"): 7426010}


def test_patents_in_force_by_region_as_at_a_month(tmp_path):
    """Like CNIPA's 国内三种专利有效量: the title says the figures are a stock, '2009.12' when."""
    table = [["地区 regions", "发明\ninvention", "合计\ntotal"], ["全国总计 total", 100, 300],
             ["北京 beijing", 60, 200], ["天津 tianjin", 40, 100]]
    book = Workbook()
    for row in [["国内三种专利有效量"], ["2009.12"], *table]:
        book.active.append(row)
    book.save(tmp_path / "inforce.xlsx")
    (result,) = read_file(tmp_path / "inforce.xlsx", ReadOptions())
    stocks = {(r.region, r.year, r.month, r.stock, r.patent_type): r.value for r in result.stocks.itertuples()}
    assert stocks == {("北京", 2009, 12, "in_force", "invention"): 60, ("北京", 2009, 12, "in_force", "total"): 200,
                      ("天津", 2009, 12, "in_force", "invention"): 40, ("天津", 2009, 12, "in_force", "total"): 100}


REGION_POOL = ["永修县", "武宁县", "修水县", "德安县", "都昌县", "湖口县", "彭泽县", "瑞昌市", "共青城市", "庐山市"]


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.sampled_from(REGION_POOL), min_size=2, max_size=6, unique=True),
       st.data(), st.sampled_from(sorted(VARIANTS)))
def test_random_county_tables_read_the_same_in_every_variant(tmp_path, regions, data, variant):
    """Any county table of this shape, whatever its figures, reads to the figures it was made from."""
    rows = []
    for region in regions:
        month_inv = data.draw(st.integers(0, 50))
        month_total = month_inv + data.draw(st.integers(0, 200))
        ytd_inv = month_inv + data.draw(st.integers(0, 500))
        ytd_total = max(ytd_inv, month_total) + data.draw(st.integers(0, 2000))
        rows.append([region, month_inv, month_total, ytd_inv, ytd_total, data.draw(st.integers(0, 3000))])
    total = ["全市", *[sum(r[i] for r in rows) for i in range(1, 6)]]
    table = [*COUNTY[:3], *rows, total]
    assert figures(write_sheet(tmp_path, f"r{abs(hash((tuple(regions), variant)))}.xlsx", COUNTY_TITLE,
                               VARIANTS[variant](table))) == county_figures(rows)


def test_english_monthly_table_with_centred_type_labels_and_an_all_time_column(tmp_path):
    """Like CNIPA's English Table 17: each type's label in the middle of its rows, Monthly Total /
    Yearly Total / Total (all time: a stock), percentage columns, a date line under the table."""
    table = [["", "", "Monthly Total", "Monthly Total", "Yearly Total", "Total"],
             ["", "", "Number of Grants", "Percentage %", "Number of Grants", "Number of Grants"],
             ["", "Sub-total", 100, "100.0%", 1000, 9000], ["Utility Model", "Domestic", 90, "90.0%", 950, 8000],
             ["", "Foreign", 10, "10.0%", 50, 1000], ["", "Sub-total", 40, "100.0%", 400, 5000],
             ["Design", "Domestic", 30, "75.0%", 300, 4000], ["", "Foreign", 10, "25.0%", 100, 1000], ["2017-04-10"]]
    title = "Table 17 Distribution of Grants for Patents for Utility Model and Design Received from Home and Abroad"
    (result,) = read_file(write_sheet(tmp_path, "t17.xlsx", title + " December 2016", table), ReadOptions(region="全国"))
    got = {(r.region, r.patent_type, r.basis): r.value for r in result.observations.itertuples()}
    assert got == {("全国", "utility_model", "count"): 100, ("全国", "utility_model", "ytd"): 1000,
                   ("国内", "utility_model", "count"): 90, ("国内", "utility_model", "ytd"): 950,
                   ("国外", "utility_model", "count"): 10, ("国外", "utility_model", "ytd"): 50,
                   ("全国", "design", "count"): 40, ("全国", "design", "ytd"): 400,
                   ("国内", "design", "count"): 30, ("国内", "design", "ytd"): 300,
                   ("国外", "design", "count"): 10, ("国外", "design", "ytd"): 100}
    assert set(result.observations["year"]) == {2016} and set(result.observations["month"]) == {12}
    assert any("6 stock figures" in note for note in result.notes)


def test_a_yearbook_page_indents_its_hierarchy_with_nbsp(tmp_path):
    rows = "".join(f"<tr><td>{label}</td><td>{a}</td><td>{b}</td></tr>" for label, a, b in [
        ("Item", 2008, 2009), ("&nbsp;&nbsp;Total", 300, 400), ("&nbsp;&nbsp;Inventions", 100, 150),
        ("&nbsp;&nbsp;&nbsp;&nbsp;Domestic", 60, 100), ("&nbsp;&nbsp;&nbsp;&nbsp;Foreign", 40, 50),
        ("&nbsp;&nbsp;Utility Models", 120, 150), ("&nbsp;&nbsp;&nbsp;&nbsp;Domestic", 119, 148),
        ("&nbsp;&nbsp;&nbsp;&nbsp;Foreign", 1, 2), ("&nbsp;&nbsp;Designs", 80, 100)])
    path = tmp_path / "yearbook.htm"
    path.write_text(f"<p>Three Kinds of Applications for Patents Accepted</p><table>{rows}</table>", encoding="utf-8")
    (result,) = read_file(path, ReadOptions(region="全国"))
    got = {(r.region, r.year, r.patent_type): r.value for r in result.observations.itertuples()}
    assert got[("全国", 2009, "total")] == 400 and got[("国内", 2009, "invention")] == 100
    assert got[("国外", 2008, "utility_model")] == 1 and got[("全国", 2008, "design")] == 80 and len(got) == 16


def test_the_printed_growth_decides_whether_last_years_column_is_the_month_or_the_year(tmp_path):
    """A one-month title with 本月 | 累计 | 去年同期 | 同比: 去年同期 could be either; 150/125 = +20.0%
    and 1000/800 = +25.0% hold only if it is the year to date."""
    table = [["地区", "本月", "累计", "去年同期", "同比"], ["甲县", 12, 150, 125, "20.0%"], ["乙县", 8, 1000, 800, "25.0%"]]
    (result,) = read_file(write_sheet(tmp_path, "t.xlsx", "2017年10月专利申请情况", table), ReadOptions())
    got = figures(write_sheet(tmp_path, "t.xlsx", "2017年10月专利申请情况", table))
    assert got[("甲县", 2016, 10, "applications", "total", "ytd")] == 125
    assert got[("乙县", 2017, 10, "applications", "total", "count")] == 8 and result.warnings == []
    assert any("'去年同期' read as year to date: the printed growth holds that way in 2 row(s)" in n for n in result.notes)
