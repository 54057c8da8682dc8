"""Hostile and broken files, as an emailed workbook may be: each ends in one line naming the
file, exit 2, nothing written, quickly and without taking the machine's memory."""

from __future__ import annotations

import dataclasses
import io
import os
import re
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
import xlwt
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook

from patentstats.cli import main
from patentstats.errors import InputError
from patentstats.limits import Limits, parse_limit
from patentstats.readers import ReadOptions, read_file

SHEET = "xl/worksheets/sheet1.xml"
SERIES = [["月份", "发明申请", "实用新型申请", "外观设计申请"], *[[f"2018年{m}月", m, 2 * m, 3] for m in range(1, 4)]]


def workbook_bytes(rows=SERIES) -> bytes:
    book = Workbook()
    for row in rows:
        book.active.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def with_part(data: bytes, name: str, content: bytes) -> bytes:
    """The workbook with one part's bytes replaced (or added), packed again."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for info in source.infolist():
            archive.writestr(info.filename, content if info.filename == name else source.read(info.filename))
        if name not in source.namelist():
            archive.writestr(name, content)
    return out.getvalue()


def sheet_xml(data: bytes) -> bytes:
    return zipfile.ZipFile(io.BytesIO(data)).read(SHEET)


def extra_rows(data: bytes, rows: bytes) -> bytes:
    """The workbook with raw XML rows added at the end of its first sheet."""
    return with_part(data, SHEET, sheet_xml(data).replace(b"</sheetData>", rows + b"</sheetData>"))


def entity_workbook() -> bytes:
    doctype = (b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
               b'<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>')
    body = sheet_xml(workbook_bytes()).split(b"?>", 1)[-1].replace(b"<v>1</v>", b"<v>&lol2;</v>")
    return with_part(workbook_bytes(), SHEET, doctype + body)


def bomb_workbook(megabytes: int) -> bytes:
    row = b'<row r="9"><c r="A9" t="inlineStr"><is><t>x</t></is></c></row>'
    return extra_rows(workbook_bytes(), row * (megabytes * (1 << 20) // len(row)))


def encrypted_workbook() -> bytes:
    """What Excel writes for a password: an OLE2 compound file holding an EncryptedPackage stream."""
    return b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504 + "EncryptedPackage".encode("utf-16-le") + b"\x00" * 512


def old_workbook_bytes() -> bytes:
    book = xlwt.Workbook()
    sheet = book.add_sheet("2018")
    for r, row in enumerate(SERIES):
        for c, value in enumerate(row):
            sheet.write(r, c, value)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


HOSTILE = {
    "entities.xlsx": (entity_workbook, "declares XML entities"),
    "bomb.xlsx": (lambda: bomb_workbook(12), "over the limit ratio=100"),
    "far_cell.xlsx": (lambda: extra_rows(workbook_bytes(), b'<row r="900000"><c r="ZZ900000"><v>1</v></c></row>'),
                      "spans 900,000 rows x 702 columns, over the limit cells="),
    "wide_row.xlsx": (lambda: extra_rows(workbook_bytes(), b"<row>" + b"<c><v>1</v></c>" * 1500 + b"</row>"),
                      "over the limit columns=1,000"),
    "protected.xlsx": (encrypted_workbook, "protected with a password"),
    "page.xls": (lambda: "<html><body><table><tr><td>申请号</td></tr></table></body></html>".encode(), "web page"),
    "page.xlsx": (lambda: b"\xef\xbb\xbf<!DOCTYPE html><html><table></table></html>", "web page"),
    "truncated.xlsx": (lambda: workbook_bytes()[:3000], "damaged or incomplete"),
    "bad_xml.xlsx": (lambda: with_part(workbook_bytes(), SHEET, sheet_xml(workbook_bytes())[:600]),
                     "not a readable xlsx workbook"),
    "document.xlsx": (lambda: _word_document(), "without xl/workbook.xml"),
    # one byte that makes calamine 0.37 ask for 687 GB and abort: read in a child process, it is one line
    "damaged.xls": (lambda: _flipped(old_workbook_bytes(), 1644, 10), "not a readable xls workbook"),
    "long_cell.xlsx": (lambda: extra_rows(workbook_bytes(), '<row r="5"><c r="B5" t="inlineStr"><is><t>{}</t></is>'
                                          '</c></row>'.format("长" * 200_000).encode()),
                       "a cell of 200,000 characters, over the limit cell_chars"),
}


def _flipped(data: bytes, at: int, value: int) -> bytes:
    return data[:at] + bytes([value]) + data[at + 1:]


def _word_document() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("word/document.xml", "<w:document/>")
    return out.getvalue()


@pytest.mark.parametrize("name", HOSTILE)
def test_hostile_workbooks_end_in_one_line_exit_2_nothing_written(tmp_path, capsys, name):
    build, message = HOSTILE[name]
    path = tmp_path / name
    path.write_bytes(build())
    out = tmp_path / "counts.parquet"
    assert main(["ingest", str(path), "--region", "甲县", "--out", str(out)]) == 2
    error = capsys.readouterr().err.strip()
    assert error.count("\n") == 0 and "Traceback" not in error
    assert error.startswith(f"patentstats ingest: error: {name}") and message in error
    assert not out.exists() and not list(tmp_path.glob("*.tmp*"))


def test_a_limit_is_raised_from_the_command_line(tmp_path, capsys):
    path = tmp_path / "repetitive.xlsx"
    path.write_bytes(bomb_workbook(3))
    out = tmp_path / "counts.parquet"
    assert main(["ingest", str(path), "--region", "甲县", "--out", str(out)]) == 2
    assert "raise it with --limit ratio=N" in capsys.readouterr().err
    assert main(["ingest", str(path), "--region", "甲县", "--out", str(out), "--limit", "ratio=100000"]) == 0
    assert out.exists()


@pytest.mark.parametrize(("text", "accepted"), [("ratio=500", ("ratio", 500)), ("part_mb=4_000", ("part_mb", 4000)),
                                                ("size=5", None), ("rows=-1", None), ("rows", None)])
def test_limit_option_names_a_known_limit_and_a_positive_number(text, accepted):
    if accepted is None:
        with pytest.raises(Exception, match="limit|expected"):
            parse_limit(text)
    else:
        assert parse_limit(text) == accepted


def test_a_renamed_old_workbook_is_read_by_its_content(tmp_path):
    path = tmp_path / "exported.xlsx"
    path.write_bytes(old_workbook_bytes())
    counts = read_file(path, ReadOptions(region="甲县"))[0].observations
    assert counts.loc[counts.month == 3, "value"].tolist() == [3, 6, 3]


def test_part_size_limit(tmp_path):
    path = tmp_path / "padded.xlsx"
    path.write_bytes(extra_rows(workbook_bytes(), b"<!-- padding -->" * 150_000))  # 2.3 MB of sheet XML
    with pytest.raises(InputError, match="sheet1.xml unpacks to 2 MB, over the limit part_mb=1;"):
        read_file(path, ReadOptions(region="甲县", limits=Limits(part_mb=1)))


def test_statistics_table_rows_limit(tmp_path):
    path = tmp_path / "series.xlsx"
    path.write_bytes(workbook_bytes())
    with pytest.raises(InputError, match="the statistics table has 3 rows, over the limit table_rows=2"):
        read_file(path, ReadOptions(region="甲县", limits=Limits(table_rows=2)))


def write_list(path: Path, rows: int, long_cell: int = 0) -> Path:
    lines = ["申请号,申请日,申请人"]
    lines += [f"CN20181{i:07d}.{_check(f'20181{i:07d}')},2018-0{1 + i % 9}-01,某公司" for i in range(rows)]
    if long_cell:  # in a column the list is read for
        lines.append(f"CN201819999999.{_check('201819999999')},\"{'长' * long_cell}\",某公司")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _check(digits: str) -> str:
    weights = [2, 3, 4, 5, 6, 7, 8, 9, 2, 3, 4, 5]
    remainder = sum(int(d) * w for d, w in zip(digits, weights, strict=True)) % 11
    return "X" if remainder == 10 else str(remainder)


@pytest.mark.parametrize("rows", [50, 60_000])  # a small list is read as a grid, a large one with pyarrow
def test_list_limits_in_both_csv_readers(tmp_path, rows):
    path = write_list(tmp_path / "list.csv", rows, long_cell=200_000)
    with pytest.raises(InputError, match="over the limit cell_chars=100,000"):
        read_file(path, ReadOptions(region="甲县"))
    path = write_list(tmp_path / "list.csv", rows)
    found = f"{rows:,}" if rows == 50 else "more than 40"  # a streamed list is refused as soon as it passes the limit
    with pytest.raises(InputError, match=f"the patent list has {found} rows, over the limit rows=40"):
        read_file(path, ReadOptions(region="甲县", limits=Limits(rows=40)))
    assert read_file(path, ReadOptions(region="甲县"))[0].observations["value"].sum() == rows


def test_csv_with_too_many_columns(tmp_path):
    path = tmp_path / "wide.csv"
    path.write_text(",".join(["月份", *[f"发明申请{i}" for i in range(1_200)]]) + "\n", encoding="utf-8")
    with pytest.raises(InputError, match="row 1 has 1,201 columns, over the limit columns=1,000"):
        read_file(path, ReadOptions(region="甲县"))


# Peak memory: a child process reports its own high-water mark (VmHWM, which unlike ru_maxrss
# does not carry over the parent's peak through fork and exec).
PEAK = "import re,sys;from patentstats.cli import main;rc=main(sys.argv[1:]);" \
       "print(int(re.search(r'VmHWM:\\s+(\\d+)',open('/proc/self/status').read())[1])//1024);sys.exit(rc)"


def peak_mb(*args: str) -> tuple[int, int]:
    run = subprocess.run([sys.executable, "-c", PEAK, "ingest", *args], capture_output=True, text=True,
                         env={**os.environ, "PYTHONWARNINGS": "ignore"})
    return run.returncode, int(run.stdout.strip().splitlines()[-1])


def test_peak_memory_follows_what_is_read_not_what_the_file_claims(tmp_path):
    small = tmp_path / "small.xlsx"
    small.write_bytes(workbook_bytes())
    bomb = tmp_path / "bomb.xlsx"
    bomb.write_bytes(bomb_workbook(300))  # 300 MB of sheet XML in about 1.5 MB
    out = str(tmp_path / "counts.parquet")
    code, floor = peak_mb(str(small), "--region", "甲县", "--out", out)
    assert code == 0
    code, refused = peak_mb(str(bomb), "--region", "甲县", "--out", out)
    assert code == 2 and refused < floor + 20
    readable = tmp_path / "repetitive.xlsx"  # read in full once the user raises the ratio
    readable.write_bytes(bomb_workbook(80))
    code, read = peak_mb(str(readable), "--region", "甲县", "--out", out, "--limit", "ratio=100000")
    assert code == 0 and read - floor < 2 * 80 + 16, (floor, read)  # here: about 1 byte per byte of XML


def read_or_refuse_in_one_line(path: Path) -> None:
    try:
        results = read_file(path, ReadOptions(region="甲县"))
    except InputError as error:
        assert str(error).startswith(path.name) and "\n" not in str(error)
    else:
        assert all(set(r.observations["region"]) == {"甲县"} for r in results)


slow = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
VALID = workbook_bytes()


@slow
@given(st.integers(0, len(sheet_xml(VALID))), st.binary(max_size=40), st.integers(0, 60))
def test_damaged_sheet_xml_inside_a_valid_zip_fails_cleanly_or_reads(tmp_path_factory, at, junk, cut):
    xml = sheet_xml(VALID)
    damaged = xml[:at] + junk + xml[at + cut:]
    path = tmp_path_factory.mktemp("damaged") / "book.xlsx"
    path.write_bytes(with_part(VALID, SHEET, damaged))
    read_or_refuse_in_one_line(path)


@slow
@given(st.lists(st.tuples(st.integers(0, len(VALID) - 1), st.integers(0, 255)), min_size=1, max_size=8))
def test_damaged_zip_bytes_fail_cleanly_or_read(tmp_path_factory, flips):
    data = bytearray(VALID)
    for at, value in flips:
        data[at] = value
    path = tmp_path_factory.mktemp("flipped") / "book.xlsx"
    path.write_bytes(bytes(data))
    read_or_refuse_in_one_line(path)


def test_readme_lists_every_limit_with_its_default():
    readme = (Path(__file__).parents[1] / "README.md").read_text(encoding="utf-8")
    listed = dict(re.findall(r"^\| `(\w+)` \| ([\d,]+) \|", readme, re.M))
    assert {name: int(value.replace(",", "")) for name, value in listed.items()} == dataclasses.asdict(Limits())


def test_a_workbook_saved_under_a_csv_name_is_read_as_a_workbook(tmp_path):
    path = tmp_path / "exported.csv"
    path.write_bytes(workbook_bytes())
    counts = read_file(path, ReadOptions(region="甲县"))[0].observations
    assert counts.loc[counts.month == 2, "value"].tolist() == [2, 4, 3]


def test_formulas_saved_without_values_are_an_error_not_zero_figures(tmp_path):
    """A workbook written by a program (openpyxl, a web system) holds formulas with no cached
    value: its figures cannot be read, and ingest must say so instead of reading nothing."""
    book = Workbook()
    for row in [["2018年1-9月"], ["地区", "申请量累计"], ["甲县", 3], ["乙县", "=B3*2"]]:
        book.active.append(row)
    book.save(tmp_path / "formulas.xlsx")
    with pytest.raises(InputError, match=r"formulas.xlsx: 1 cell\(s\) hold formulas saved without their values .* open "
                                         r"the file in Excel or WPS, save it, and run again"):
        read_file(tmp_path / "formulas.xlsx", ReadOptions())


@pytest.mark.parametrize(("rows", "message"), [
    ([["申请号", "申请日"], ["201710601862.3", "2031-06-03"]], r"row 2, column '申请日': found '2031-06-03': a date after "
                                                                r"this month"),
    ([["申请号", "申请日"], ["201710601862.3", "1970-01-05"]], r"found '1970-01-05': a date before 1985"),
    ([["地区", "年份", "月份", "指标", "类型", "数量"], ["甲县", 2018, "2017-03", "申请", "发明", 3]],
     r"row 2, column '月份': the month says 2017 but the year column says 2018"),
    ([["地区", "年份", "月份", "指标", "类型", "数量"], ["甲县", 2031, 3, "申请", "发明", 3]],
     r"row 2, column '年份': found the year 2031: expected a year from 1985 to this year"),
    ([["2031年1-3月全县专利申请情况"], ["地区", "申请量"], ["甲县", 3]], r"the title names the year 2031"),
])
def test_implausible_years_are_refused_and_never_move_latest(write_csv, rows, message):
    with pytest.raises(InputError, match=message):
        read_file(write_csv("dates.csv", rows), ReadOptions(region="甲县"))


def test_a_filing_date_far_from_the_application_numbers_year_is_a_warning(write_csv):
    rows = [["申请号", "申请日"], ["201710601862.3", "2013-07-26"], ["201720000007.2", "2017-01-05"]]
    (result,) = read_file(write_csv("far.csv", rows), ReadOptions(region="甲县"))
    assert any("1 row(s) filed more than a year from their application number's year, first at row 2" in w
               for w in result.warnings)


def test_invisible_characters_never_split_one_name_into_several(write_csv):
    """Zero-width spaces, soft hyphens, byte-order marks and bidirectional controls print as
    nothing: 甲公司 written three ways is one applicant, 永修县 written two ways one region."""
    rows = [["申请号", "申请日", "申请人", "地区"],
            ["201710601862.3", "2017-07-26", "甲公司", "永修县"],
            ["201720000007.2", "2017-01-05", "甲\u200b公\u00ad司", "永修\u202e县"],
            ["201710601863.8", "2017-07-27", "\ufeff甲公司", "永修县"]]
    (result,) = read_file(write_csv("names.csv", rows), ReadOptions())
    assert set(result.observations["region"]) == {"永修县"}
    assert set(result.applicants["applicant"]) == {"甲公司"}
