"""Data is never markup: names from data files are shown literally in the PDF, never fetch or
attach a file, and text written to .xlsx never becomes a formula."""

from __future__ import annotations

import csv
import re
from pathlib import Path

import nbformat
import openpyxl
import pandas as pd
import pytest
from pypdf import PdfReader

from patentstats.output.markup import md_text
from patentstats.output.printing import notebook_to_pdf
from patentstats.output.report import ReportError, render_report
from patentstats.output.spreadsheet import PERCENT_SUFFIX, write_tables
from patentstats.output.summary_pack import write_summary_pack
from patentstats.table.ingest import ingest, write_outputs

ROOT = Path(__file__).resolve().parents[1]
HOSTILE_NAMES = ['X<link rel="attachment" href="file:///etc/passwd">县', "[点我](file:///etc/passwd) **粗体** $x^2$县"]


@pytest.fixture(scope="module")
def hostile_data(tmp_path_factory):
    folder = tmp_path_factory.mktemp("hostile")
    rows = [["地区", "年份", "月份", "指标", "类型", "数量"]]
    for region in HOSTILE_NAMES:
        for year, months in ((2017, 12), (2018, 9)):
            for month in range(1, months + 1):
                for measure in ("专利申请量", "授权量"):
                    rows += [[region, year, month, measure, kind, n + month % 3]
                             for kind, n in (("发明", 2), ("实用新型", 10), ("外观设计", 4))]
    with (folder / "hostile.csv").open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows(rows)
    return write_outputs(ingest([folder / "hostile.csv"]), folder / "counts.parquet")


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("region", HOSTILE_NAMES)
def test_hostile_region_names_are_shown_literally_and_attach_nothing(tmp_path, hostile_data, region, lang):
    pdf = render_report(region, 2018, 9, lang, hostile_data, None, tmp_path).pdf
    reader = PdfReader(pdf)
    assert reader.attachments == {}
    text = "".join(page.extract_text() for page in reader.pages)
    assert "root:" not in text  # nothing of /etc/passwd
    first_line = " ".join(text.split())[:120]
    assert " ".join(region.split()) in first_line, first_line


def test_the_pdf_printer_fetches_no_file_even_from_raw_html(tmp_path):
    book = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell(
        '# 标题\n\n<link rel="attachment" href="file:///etc/passwd"><img src="file:///etc/hostname">')])
    pdf = tmp_path / "raw.pdf"
    with pytest.raises(ReportError, match="may not fetch.*file:///etc/hostname"):
        notebook_to_pdf(book, pdf)
    assert not pdf.exists()


def test_markdown_text_escapes_markup():
    assert md_text("a<b>c") == "a&lt;b&gt;c"
    assert md_text("[x](y)") == r"\[x\](y)" and md_text("53.8%") == "53.8%"
    assert md_text("永修县") == "永修县"


def test_xlsx_formula_like_text_is_stored_as_text_and_numbers_as_numbers(tmp_path):
    frame = pd.DataFrame({"名称": ["=HYPERLINK(\"http://x\",\"y\")", "+86 123", "-1+1", "@SUM(A1)", "永修县"],
                          "件数": [1, 2, 3, 4, 5], "同比" + PERCENT_SUFFIX: [53.8, None, -10.0, 0.0, 300.0]})
    path = tmp_path / "t.xlsx"
    write_tables(path, {"表": frame})
    ws = openpyxl.load_workbook(path)["表"]
    names = [ws.cell(r, 1) for r in range(2, 7)]
    assert [c.value for c in names] == frame["名称"].tolist()
    assert all(c.data_type == "s" for c in names)
    assert [ws.cell(r, 2).value for r in range(2, 7)] == [1, 2, 3, 4, 5]
    assert ws.cell(2, 3).value == pytest.approx(0.538) and ws.cell(2, 3).number_format == "0.0%"
    assert ws.cell(3, 3).value is None and ws.cell(1, 3).value == "同比"
    assert ws.freeze_panes == "A2"


def test_summary_pack_tables_are_numbers_in_bureau_order(tmp_path):
    data = write_outputs(ingest([ROOT / "data" / "raw"]), tmp_path / "counts.parquet")
    pack = write_summary_pack("永修县", 2017, "zh", data, ROOT / "data" / "targets.yaml", tmp_path / "pack")
    book = openpyxl.load_workbook(next(p for p in pack.files if p.suffix == ".xlsx"))
    assert book.sheetnames == ["进度", "月度", "申请人", "存量"]  # 2017 has no targets: no empty 目标 sheet
    progress = book["进度"]
    assert progress["A1"].value == "永修县2017年专利统计：进度（单位：件）"  # whose, when, in what unit
    assert [c.value for c in progress[2]] == ["指标", "类型", "全年", "上年", "同比"]  # a finished year: no 本月
    totals = {(r[0].value, r[1].value): (r[2].value, r[4].value) for r in progress.iter_rows(min_row=3)}
    assert totals[("专利申请量", "合计")] == (300, pytest.approx(300 / 195 - 1))  # the seed: 300, +53.8%
    assert progress.freeze_panes == "A3"
    monthly = book["月度"]
    assert monthly.cell(3, 1).value == 2016 and monthly.cell(3, 1).number_format == "0"
    assert next(p for p in pack.files if p.suffix == ".xlsx").name == "永修县_2017_tables_zh.xlsx"


def test_an_apostrophe_a_web_address_and_an_indented_line_print_as_text():
    text = md_text("O'Brien & Co.\n      见 http://x.cn 与 www.x.cn")
    assert "O'Brien &amp; Co." in text and "&#x27;" not in text
    assert "http\\://x.cn" in text and "www\\.x.cn" in text  # no renderer makes them links
    assert "\n见" in text  # four spaces would have made the line a code block


def test_a_long_applicant_name_is_shortened_in_the_reports_table():
    from patentstats.output.markup import short

    name = "某" * 10_000
    assert len(short(name)) == 40 and short(name).endswith("…") and short("永修县白莲钢制品厂") == "永修县白莲钢制品厂"


def test_text_columns_of_a_notebook_table_read_left_and_figures_right():
    from patentstats.output.views import table

    html = table(pd.DataFrame({"申请人": ["甲公司", "乙厂"], "申请": ["12", "3"], "占比": ["5.0%", "—"],
                               "同比": ["增长9.6%", "减少2件"]})).to_html()
    style = html.split("</style>")[0]
    assert re.findall(r"_row(\d)_col(\d)", style) == [("0", "0"), ("1", "0")] and "text-align: left" in style


def test_short_cells_of_a_notebook_table_stay_on_one_line_and_long_ones_may_wrap():
    from patentstats.output.views import table

    html = table(pd.DataFrame({"地区": ["永修县"], "申请人": ["某" * 30], "申请": ["12"]})).to_html()
    assert re.findall(r"td\.col(\d+) \{\s*white-space: nowrap", html) == ["0", "2"]
