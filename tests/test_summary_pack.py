"""The summary pack's sentences: a year whose counts are known to be short says so beside them."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from patentstats.output.summary_pack import write_summary_pack
from patentstats.output.views import incomplete_note
from patentstats.table.ingest import ingest, write_outputs

ROOT = Path(__file__).resolve().parents[1]
SHORT = {("applications", "invention"): (2017, 5), ("applications", "total"): (2017, 5)}


def test_incomplete_note_only_for_years_it_reaches():
    assert incomplete_note(SHORT, 2016) is None  # 2016's counts are whole
    assert incomplete_note(SHORT, 2017).startswith("2017年5月起的专利申请量不完整")
    assert incomplete_note(SHORT, 2018, "en").endswith(
        "the projection uses the complete months before, and is never below the count.")
    assert incomplete_note(SHORT, 2017, "en", projected=False).endswith("so changes on last year read lower than they are.")


@pytest.fixture(scope="module")
def short_sample(tmp_path_factory):
    """The sample, with its log saying 永修县's invention applications are short from 2017-05 (as a list would)."""
    data = write_outputs(ingest([ROOT / "data" / "raw"]), tmp_path_factory.mktemp("short") / "counts.parquet")
    log_path = data.with_suffix(".log.json")
    log = json.loads(log_path.read_text(encoding="utf-8"))
    log["incomplete"] = [{"region": "永修县", "measure": "applications", "patent_type": "invention", "year": 2017, "month": 5}]
    log_path.write_text(json.dumps(log, ensure_ascii=False), encoding="utf-8")
    return data


@pytest.mark.parametrize(("year", "lang", "said"), [
    (2017, "zh", "2017年5月起的专利申请量不完整：数据来自专利检索清单，只含已公开的申请（发明申请一般在申请后约18个月公开，"
                 "实用新型和外观设计在授权时公告），同比变化据此会偏低。"),
    (2017, "en", "Applications from 2017-05 on are incomplete"),
    (2016, "zh", None)])
def test_summary_pack_says_when_the_year_is_short(short_sample, tmp_path, year, lang, said):
    pack = write_summary_pack("永修县", year, lang, short_sample, ROOT / "data" / "targets.yaml", tmp_path)
    if said is None:
        assert "不完整" not in pack.sentences
    else:
        # right after the figures it qualifies and the projection's method (a short December is projected)
        assert any(said in part for part in pack.sentences.split("\n\n")[1:3])
        assert said in (tmp_path / f"summary_{lang}.md").read_text(encoding="utf-8")


def test_the_pack_tells_its_progress_a_step_at_a_time(short_sample, tmp_path):
    steps: list[str] = []
    pack = write_summary_pack("永修县", 2017, "en", short_sample, ROOT / "data" / "targets.yaml", tmp_path,
                              progress=steps.append)
    charts = len(pack.figures)
    assert steps == ["Reading the data, projecting the year", "Drawing the charts",
                     *(f"Saving chart {n} of {charts} (PNG and SVG)" for n in range(1, charts + 1)),
                     "Writing the tables and sentences"]


def test_the_packs_paragraph_states_the_years_stock(short_sample, tmp_path):
    # 永修县 at the end of 2017: 40 inventions in force; 40 / 37.2 万人 = 1.075, printed 1.1; no stock target that year
    pack = write_summary_pack("永修县", 2017, "zh", short_sample, ROOT / "data" / "targets.yaml", tmp_path)
    assert "截至2017年底，全县有效发明专利达40件，每万人口发明专利拥有量1.1件。" in pack.sentences
    from openpyxl import load_workbook

    sheet = load_workbook(next(p for p in pack.files if p.suffix == ".xlsx"))["存量"]
    rows = [[c.value for c in row] for row in sheet.iter_rows(min_row=2)]
    assert rows[0][:4] == ["指标", "截至", "数值", "常住人口（万人）"]
    assert rows[1][:5] == ["有效发明专利", "2017-12", 40, None, 40]  # December: the year end is the figure
    assert rows[2][:5] == ["每万人口发明专利拥有量", "2017-12", 1.1, 37.2, 1.1]
