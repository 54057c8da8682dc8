"""The notebooks and the PDF report, run for real on the sample data."""

import json
import os
import re
import subprocess
import sys
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import nbformat
import pytest
from pypdf import PdfReader

from patentstats.cli import main
from patentstats.output.batch import run_batch
from patentstats.output.report import ReportError, import_papermill, render_report, report_paths, safe_name
from patentstats.table.ingest import ingest, write_outputs

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def data(tmp_path_factory):
    out = tmp_path_factory.mktemp("processed") / "counts.parquet"
    write_outputs(ingest([ROOT / "data" / "raw"]), out)
    return out


def pdf_text(path: Path) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(path).pages)


def embedded_fonts(path: Path) -> set[str]:
    fonts = set()
    for page in PdfReader(path).pages:
        for font in page["/Resources"]["/Font"].values():
            descriptor = font.get_object()
            for sub in descriptor.get("/DescendantFonts", [descriptor]):
                desc = sub.get_object().get("/FontDescriptor")
                if desc and any(k in desc.get_object() for k in ("/FontFile", "/FontFile2", "/FontFile3")):
                    fonts.add(str(sub.get_object()["/BaseFont"]))
    return fonts


@pytest.mark.parametrize(("lang", "words"), [
    ("zh", ["永修县", "2018年1-9月", "专利申请量", "发明", "实用新型", "外观设计", "265", "200", "工作总结文字",
            "编制单位：九江市科学技术局（示例）", "数据截至：2018年9月30日", "截至9月，专利申请量265件，同比增长96.3%，"
            "完成全年目标（430件）的61.6%，低于序时进度13.4个百分点，但高于往年同期一般水平（54.3%）", "排名"]),
    ("en", ["永修县", "January-September 2018", "Applications", "Invention", "Utility model", "Design", "265", "200",
            "Data to: 30 September 2018", "61.6% of the target (430), 13.4 points behind the time elapsed",
            "永修县 (Yongxiu County): patent statistics"]),
])
def test_monthly_report_pdf(tmp_path, data, lang, words):
    paths = render_report("永修县", 2018, 9, lang, data, ROOT / "data" / "targets.yaml", tmp_path)
    expected = tmp_path / "永修县" / "2018" / ("永修县_2018-09.pdf" if lang == "zh" else "永修县_2018-09_en.pdf")
    assert paths.pdf == expected and paths.notebook.with_suffix(".pdf") == expected
    assert len(PdfReader(paths.pdf).pages) == 4  # no page of a few stray lines
    text = pdf_text(paths.pdf)
    flat = "".join(text.split())
    missing = [w for w in words if "".join(w.split()) not in flat]
    assert not missing, missing
    if lang == "zh":  # official Chinese: no English word, no half-width punctuation beside Chinese
        assert re.findall(r"[A-Za-z]+", text) == []
        assert re.findall(r"[\u4e00-\u9fff][,;:()]|[,;:()][\u4e00-\u9fff]", text) == []
    assert "import " not in text and "Traceback" not in text  # code hidden, nothing stray
    assert any("Noto-Sans-CJK" in f for f in embedded_fonts(paths.pdf))  # embedded, not just named
    assert paths.pdf.stat().st_mode & 0o044  # readable by the people it goes to, not only its owner
    executed = nbformat.read(paths.notebook, as_version=4)
    streams = [o for c in executed.cells for o in c.get("outputs", []) if o.get("output_type") == "stream"]
    assert streams == []  # no prints, warnings or stderr
    assert sorted(p.name for p in paths.pdf.parent.iterdir() if not p.name.startswith(".")) == \
        sorted([paths.pdf.name, paths.notebook.name])


def test_failed_run_keeps_the_previous_pdf_and_the_failed_notebook(tmp_path, data):
    good = render_report("永修县", 2018, 9, "zh", data, None, tmp_path)
    before = good.pdf.read_bytes()
    with pytest.raises(ReportError, match=r"the notebook failed: InputError: test_report.py: not valid YAML") as error:
        render_report("永修县", 2018, 9, "zh", data, Path(__file__), tmp_path)  # this file is not a targets file
    assert "\n" not in str(error.value)
    assert good.pdf.read_bytes() == before
    assert good.failed.is_file()


def test_two_runs_of_one_report_at_once_do_not_corrupt_it(tmp_path, data):
    # two processes, as two cron jobs would be; the lock serialises them and both succeed
    with ProcessPoolExecutor(max_workers=2) as pool:
        runs = [pool.submit(render_report, "武宁县", 2018, 9, "zh", data, None, tmp_path) for _ in range(2)]
        results = [run.result() for run in runs]
    pdf = report_paths("武宁县", 2018, 9, tmp_path).pdf
    assert results[0].pdf == results[1].pdf == pdf
    assert "武宁县" in pdf_text(pdf)
    assert [p.name for p in pdf.parent.iterdir() if p.name.startswith(".") and not p.name.endswith(".lock")] == []


@pytest.mark.parametrize(("name", "safe"), [("永修县", "永修县"), (" 共青城市 ", "共青城市"), ("ＡＢ县", "AB县-"),
                                            ("../x", "_x-"), ("a/b", "a_b-"), (".hidden", "_hidden-"),
                                            ("{a}县", "_a_县-")])
def test_region_names_are_made_safe_for_paths(name, safe):
    assert safe_name(name) == safe if not safe.endswith("-") else safe_name(name).startswith(safe)


def test_regions_never_share_a_report_file():
    """Names that differ only in full-width letters or composed accents are two regions in the
    data (the readers bring each to one Unicode form first), so they must be two files."""
    assert safe_name("Café县") == "Café县" and len({safe_name(n) for n in ("ＡＢ县", "AB县", "Café县", "Cafe\u0301县")}) == 4
    assert len(safe_name("县" * 300).encode()) <= 190
    names = ["a/b", "a_b", "a:b", "a\\b", "a|b", "a*b", "a?b"]
    assert len({safe_name(n) for n in names}) == len(names)
    with pytest.raises(ReportError, match="cannot be used in a file name"):
        safe_name("..")


def test_a_region_name_cannot_write_outside_reports(tmp_path):
    paths = report_paths("../../etc", 2018, 9, tmp_path)
    assert paths.pdf.resolve().is_relative_to(tmp_path.resolve())


def test_batch_runs_every_region(tmp_path, data, capsys):
    result = run_batch(["永修县", "武宁县", "不存在县"], 2018, 9, "zh", 2, data, None, tmp_path)
    assert sorted(result.done) == ["武宁县", "永修县"]
    assert "不存在县" in result.failed and "1 failed" in result.summary().splitlines()[0]
    log = capsys.readouterr().err.splitlines()  # not a terminal: one line per region, no progress bar
    assert sorted(line.split("] ")[1] for line in log) == ["FAILED 不存在县", "ok 武宁县", "ok 永修县"]
    assert all(line.startswith(("[1/3]", "[2/3]", "[3/3]")) for line in log)


def test_a_kept_kernel_gives_each_region_the_report_a_fresh_one_would(tmp_path, data):
    # one worker keeps one kernel for both regions; the second must not see the first's state
    result = run_batch(["永修县", "武宁县"], 2018, 9, "zh", 1, data, None, tmp_path / "batch", progress=False)
    fresh = render_report("武宁县", 2018, 9, "zh", data, None, tmp_path / "fresh")
    kept = result.done["武宁县"]
    assert pdf_text(kept) == pdf_text(fresh.pdf) and "武宁县" in pdf_text(kept) and "永修县" not in pdf_text(kept)
    executed = nbformat.read(kept.with_suffix(".ipynb"), as_version=4)
    counts = [c.execution_count for c in executed.cells if c.cell_type == "code"]
    assert counts == list(range(1, len(counts) + 1))  # numbered as in a fresh kernel


def test_a_worker_that_dies_fails_its_regions_and_the_batch_still_ends(tmp_path, monkeypatch):
    import contextlib
    import os

    import patentstats.output.batch as batch

    monkeypatch.setattr(batch, "report_kernel", lambda cwd: contextlib.nullcontext())
    monkeypatch.setattr(batch, "_attempt", lambda *args: os._exit(1))  # the worker process crashes
    result = batch.run_batch(["永修县", "武宁县"], 2018, 9, "zh", 1, None, None, tmp_path, progress=False)
    assert result.done == {} and set(result.failed) == {"永修县", "武宁县"}
    assert set(result.failed.values()) == {"its worker process stopped before finishing it"}


def test_a_report_kernel_is_stopped_and_leaves_no_connection_file(tmp_path):
    from patentstats.output.kernel import report_kernel

    with report_kernel(tmp_path) as kernel:
        kernel.reset()
        connection, process = Path(kernel.connection_file), kernel.provisioner.process
        assert connection.is_file() and process.poll() is None
    assert process.poll() is not None and not connection.exists()


def test_cli_report_errors_are_one_line(capsys, data):
    assert main(["report", "--region", "修水县", "--year", "2018", "--data", str(data)]) == 2
    err = capsys.readouterr().err.strip()
    assert err == "patentstats report: error: region '修水县' is not in the data: available regions: 武宁县, 永修县"


def test_doctor_finds_everything_here(capsys):
    assert main(["doctor"]) == 0
    assert "MISSING" not in capsys.readouterr().out


def test_notebooks_have_typed_parameters_and_no_definitions():
    pm = import_papermill()
    for path in sorted((ROOT / "notebooks").glob("*.ipynb")):
        book = nbformat.read(path, as_version=4)
        assert any("parameters" in c.metadata.get("tags", []) for c in book.cells), path.name
        assert all(not c.get("outputs") for c in book.cells if c.cell_type == "code"), f"{path.name} has outputs"
        code = "\n".join(c.source for c in book.cells if c.cell_type == "code")
        words = "\n".join(c.source for c in book.cells if c.cell_type == "markdown")
        assert not re.search(r"^#", words, re.M), f"{path.name}: headings come from code, in the chosen language"
        assert "def " not in code and "class " not in code, path.name
        described = pm.inspect_notebook(str(path))
        assert described and all(p["inferred_type_name"] != "None" and p["help"] for p in described.values())


def test_explore_and_annual_summary_notebooks_run(tmp_path, data):
    pm = import_papermill()
    pm.execute_notebook(ROOT / "notebooks" / "explore.ipynb", tmp_path / "explore.ipynb", kernel_name="python3",
                        parameters={"data_path": str(data), "lang": "zh"}, progress_bar=False,
                        cwd=str(ROOT / "notebooks"))
    out = tmp_path / "summary"
    pm.execute_notebook(ROOT / "notebooks" / "annual_summary.ipynb", tmp_path / "annual.ipynb", kernel_name="python3",
                        parameters={"region": "永修县", "year": 2017, "lang": "zh", "data_path": str(data),
                                    "out_dir": str(out)}, progress_bar=False, cwd=str(ROOT / "notebooks"))
    names = {p.name for p in out.iterdir()}
    assert {"cumulative_applications_zh.png", "cumulative_applications_zh.svg", "永修县_2017_tables_zh.xlsx",
            "summary_zh.md"} <= names
    assert (out / "summary_zh.md").read_text(encoding="utf-8").startswith("全年，专利申请量300件，同比增长53.8%")
    executed = json.loads((tmp_path / "explore.ipynb").read_text(encoding="utf-8"))
    assert not [o for c in executed["cells"] for o in c.get("outputs", []) if o.get("name") == "stderr"]
    shown = "".join("".join(o.get("data", {}).get("text/html", "")) + "".join(o.get("data", {}).get("text/markdown", ""))
                    for c in executed["cells"] for o in c.get("outputs", []))
    assert "## 各地区各年份一览" in shown and ">同比<" in shown
    assert 'colspan="4">专利申请量<' in shown and ">实用新型<" in shown  # two header rows: the table fits the notebook
    assert "Explore" not in shown and shown.count("# 专利数据总览") == 1  # the title once, in the chosen language
    assert "<NA>" not in shown and "nan" not in shown and not re.search(r"\d\.\d{3,}", shown)  # numbers as read
    assert "level0_row0" not in shown  # no bare 0, 1, 2 index
    annual = json.loads((tmp_path / "annual.ipynb").read_text(encoding="utf-8"))
    images = [o for c in annual["cells"] for o in c.get("outputs", []) if {"image/svg+xml", "image/png"} & set(o.get("data", {}))]
    assert len(images) == 6  # the charts themselves (2017 has no targets: no completion chart), not '<Figure ...>'
    said = ["".join(o.get("data", {}).get("text/markdown", "")) for c in annual["cells"] for o in c.get("outputs", [])]
    assert any(s.startswith("已完成，用时") for s in said)  # the long cell's progress line, updated to its end
    assert not any("PosixPath" in s or ".png'" in s for s in said)  # files in words, not a Python list


def test_projection_at_2017_09_beside_the_seeds_expectation():
    import patentstats as ps
    from patentstats.output.views import expectation_check

    counts = ps.add_totals(ingest([ROOT / "data" / "raw"]).counts)
    table = expectation_check(counts, "永修县", 2017, 9, {"applications": 300, "grants": 160}, "en")
    assert table["Published expectation"].tolist() == ["300", "160"]
    assert table["Actual year"].tolist() == ["300", "160"]  # the sample's full years are the seed's
    assert all(int(p) >= y for p, y in zip(table["Projected"], (135, 105), strict=True))  # never below the YTD
    assert expectation_check(counts, "修水县", 2017, 9, {"grants": 1}).empty


def test_an_actual_outside_the_projections_interval_is_said_in_words():
    import patentstats as ps
    from patentstats.output.views import expectation_view

    counts = ps.add_totals(ingest([ROOT / "data" / "raw"]).counts)
    intro, table, note = expectation_view(counts, "永修县", 2017, 9, {"applications": 300, "grants": 160}, "zh")
    assert "已发布预期" in table.data.columns and "另一预计" not in table.data.columns
    assert "永修县2017年9月发布的预期：全年专利申请量300件、专利授权量160件" in intro.data
    assert note.data.startswith("实际全年专利申请量300件，高于模型的95%区间（188-238件），模型低估了9月以后的数量；"
                                "实际全年专利授权量160件，高于模型的80%区间（126-154件），仍在95%区间之内。")
    english = expectation_view(counts, "永修县", 2017, 9, {"applications": 300, "grants": 0}, "en")
    assert english[2].data.startswith("The actual year's applications (300) were above the model's 95% interval")
    assert len(expectation_view(counts, "永修县", 2018, 9, {"applications": 300}, "zh")) == 2  # no actual yet: no note


def test_a_pdf_that_cannot_be_printed_is_a_one_line_error(tmp_path, data, monkeypatch):
    import patentstats.output.report as report

    def broken(notebook, pdf):
        raise OSError("cannot load library 'pango'\nsecond line")
    monkeypatch.setattr(report, "notebook_to_pdf", broken)
    with pytest.raises(ReportError, match=r"the PDF could not be printed: OSError: cannot load library 'pango' "
                                          r"\(patentstats doctor checks WeasyPrint\)$") as error:
        render_report("武宁县", 2018, 9, "zh", data, None, tmp_path)
    assert "\n" not in str(error.value)
    paths = report_paths("武宁县", 2018, 9, tmp_path)
    assert paths.failed.is_file() and not paths.pdf.exists()


@pytest.mark.parametrize(("parameters", "message"), [
    ({"regoin": "武宁县"}, "unknown parameter regoin: the parameters are region, year, month, data_path, targets_path, lang"),
    ({"year": "2018"}, "parameter year = '2018': expected int"),
    ({"region": "无此县"}, "region '无此县' is not in the data: available regions: 武宁县, 永修县"),
    ({"region": "永修县", "year": 2018, "month": 11},
     "no data for 永修县 2018-11: months with data in 2018: 1, 2, 3, 4, 5, 6, 7, 8, 9 (latest 9)"),
])
def test_report_notebook_parameters_fail_in_one_line(tmp_path, data, parameters, message):
    pm = import_papermill()
    with pytest.raises(pm.PapermillExecutionError) as failure:
        pm.execute_notebook(ROOT / "notebooks" / "monthly_report.ipynb", tmp_path / "out.ipynb", kernel_name="python3",
                            parameters={"data_path": str(data), **parameters}, progress_bar=False,
                            cwd=str(ROOT / "notebooks"))
    assert failure.value.ename == "SystemExit" and failure.value.evalue == f"patentstats: {message}"
    assert len(failure.value.traceback) <= 2  # the reason, not a traceback


def test_a_second_run_all_in_the_same_kernel_is_not_stopped_by_the_first_runs_variables(data):
    """In JupyterLab, Run All a second time: the first run's results (counts, fans…) are not
    parameters, and must not stop the check; a misspelled parameter still does on a first run."""
    from patentstats.output.parameters import check_report_parameters, report_parameters

    namespace = {"region": "永修县", "year": 2018, "month": 9, "data_path": str(data), "targets_path": "", "lang": "zh"}
    assert report_parameters(namespace) == ("永修县", 2018, 9)
    namespace["counts"] = object()  # what the first run left behind
    assert report_parameters(namespace) == ("永修县", 2018, 9)
    assert check_report_parameters(namespace) == (2018, 9)  # as notebooks copied by an earlier init unpack it
    with pytest.raises(SystemExit, match="unknown parameter regoin"):
        check_report_parameters({**{k: v for k, v in namespace.items() if k != "counts" and not k.startswith("_")},
                                 "regoin": "x"})


DEJAVU = Path("/usr/share/fonts/truetype/dejavu")


@pytest.mark.skipif(not DEJAVU.is_dir(), reason="needs DejaVu fonts to hide the Chinese ones from fontconfig")
def test_without_a_chinese_font_for_the_printer_doctor_says_so_and_report_refuses(tmp_path, data):
    """As in a conda environment: matplotlib finds a Chinese font, fontconfig (the PDF printer's)
    does not. doctor names the problem and report writes no PDF of empty boxes."""
    config = tmp_path / "fonts.conf"
    config.write_text(f'<?xml version="1.0"?>\n<fontconfig><dir>{DEJAVU}</dir><cachedir>{tmp_path / "cache"}</cachedir>'
                      f'</fontconfig>\n', encoding="utf-8")
    env = {**os.environ, "FONTCONFIG_FILE": str(config)}
    doctor = subprocess.run([sys.executable, "-m", "patentstats", "doctor"], capture_output=True, text=True, env=env,
                            check=False)
    assert doctor.returncode == 1 and "MISSING PDF font: the PDF printer finds no Chinese font" in doctor.stdout
    report = subprocess.run([sys.executable, "-m", "patentstats", "report", "--region", "武宁县", "--year", "2018",
                             "--month", "9", "--data", str(data), "--out-dir", str(tmp_path / "out")],
                            capture_output=True, text=True, env=env, check=False)
    assert report.returncode == 2 and report.stderr.strip().endswith("apt-get install fonts-noto-cjk (patentstats "
                                                                      "doctor checks)")
    assert not list((tmp_path / "out").rglob("*.pdf"))
