"""Patent lists: one row per patent, counted by filing date and grant date."""

from dataclasses import replace

import pandas as pd
import pytest

from patentstats.errors import InputError
from patentstats.readers import ReadOptions, read_file
from patentstats.readers.appno import check_character


def number(year, kind, serial):
    body = f"{year}{kind}{serial:07d}"
    return f"{body}.{check_character(body)}"


HEADER = ["申请号", "发明名称", "申请人", "申请日", "授权公告日", "地区"]


def counts(results):
    obs = results[0].observations
    return {(r.region, r.year, r.month, r.measure, r.patent_type): r.value for r in obs.itertuples()}


def test_list_counts_applications_by_filing_and_grants_by_grant_date(write_csv):
    rows = [HEADER,
            [number(2017, 2, 1), "甲", "公司", "2017-01-05", "2017-03-02", "永修县"],
            [f"CN{number(2017, 2, 2)}", "乙", "公司", "2017/1/20", "", "永修县"],
            [number(2017, 1, 3).replace(".", ""), "丙", "公司", "2017年3月1日", "", "武宁县"],
            [number(2016, 3, 4), "丁", "公司", "20161230", "2017.03.15", "永修县"],
            [number(2017, 2, 1), "甲", "公司", "2017-01-05", "", "永修县"],  # listed twice: counted once
            ["注：数据来源：示例"]]
    got = counts(read_file(write_csv("list.csv", rows), ReadOptions()))
    assert got[("永修县", 2017, 1, "applications", "utility_model")] == 2
    assert got[("武宁县", 2017, 3, "applications", "invention")] == 1
    assert got[("永修县", 2016, 12, "applications", "design")] == 1
    assert got[("永修县", 2017, 3, "grants", "utility_model")] == 1
    assert got[("永修县", 2017, 3, "grants", "design")] == 1
    # every covered month is present, zero where nothing was filed
    assert got[("武宁县", 2017, 2, "applications", "design")] == 0
    assert sum(v for k, v in got.items() if k[3] == "applications") == 4
    assert sum(v for k, v in got.items() if k[3] == "grants") == 2


def test_list_titled_as_applications_counts_only_applications(write_csv):
    rows = [["永修县2018年1-3月专利申请清单"], ["申请号", "申请日", "授权公告日"],
            [number(2018, 2, 7), "2018-02-01", "2018-05-01"]]
    got = counts(read_file(write_csv("l.csv", rows), ReadOptions()))
    assert {k[3] for k in got} == {"applications"}
    assert {k[2] for k in got} == {1, 2, 3}  # the title's period is covered, January and March are zero
    assert got[("永修县", 2018, 2, "applications", "utility_model")] == 1


@pytest.mark.parametrize(("appno", "message"), [
    ("201710601862.4", "check character is wrong"),
    ("20171060186.3", "malformed application number"),
    ("201740601862.3", "malformed application number"),
])
def test_bad_numbers_are_errors_with_their_row(write_csv, appno, message):
    rows = [HEADER, [number(2017, 2, 1), "甲", "公司", "2017-01-05", "", "A"], [appno, "乙", "公司", "2017-01-06", "", "A"]]
    with pytest.raises(InputError, match=rf"l.csv, row 3, column '申请号': found '{appno}': .*{message}"):
        read_file(write_csv("l.csv", rows), ReadOptions())


def test_bad_numbers_can_be_skipped_with_a_warning(write_csv):
    rows = [HEADER, [number(2017, 2, 1), "甲", "公司", "2017-01-05", "", "A"],
            ["2017106018624", "乙", "公司", "2017-01-06", "", "A"]]
    (result,) = read_file(write_csv("l.csv", rows), ReadOptions(), skip_invalid=True)
    assert "skipped 1 row(s)" in result.warnings[0]
    assert result.observations["value"].sum() == 1


def test_type_column_is_checked_against_thenumber(write_csv):
    rows = [["申请号", "申请日", "专利类型", "地区"], [number(2017, 2, 1), "2017-01-05", "发明", "A"]]
    with pytest.raises(InputError, match=r"row 2, column '专利类型': type says '发明' but application number .* is "
                                         r"utility_model"):
        read_file(write_csv("l.csv", rows), ReadOptions())


def test_same_patent_with_two_filing_dates_is_an_error(write_csv):
    rows = [["申请号", "申请日", "地区"], [number(2017, 2, 1), "2017-01-05", "A"], [number(2017, 2, 1), "2017-02-05", "A"]]
    with pytest.raises(InputError, match="listed more than once with different"):
        read_file(write_csv("l.csv", rows), ReadOptions())


def test_unreadable_filing_date_is_an_error(write_csv):
    rows = [["申请号", "申请日", "地区"], [number(2017, 2, 1), "5 Jan", "A"]]
    with pytest.raises(InputError, match=r"row 2, column '申请日': found '5 Jan', expected a filing date"):
        read_file(write_csv("l.csv", rows), ReadOptions())


def test_large_csv_takes_the_pyarrow_path_and_agrees(write_csv, monkeypatch):
    import patentstats.readers as readers
    rows = [["武宁县专利清单"], HEADER] + [[number(2018, 1 + i % 3, i), "x", "y", f"2018-{1 + i % 12:02d}-03", "", "武宁县"]
                                            for i in range(600)]
    path = write_csv("big.csv", rows, "gb18030")
    small = counts(read_file(path, ReadOptions()))
    monkeypatch.setattr(readers, "LARGE_CSV_BYTES", 100)
    large = counts(read_file(path, ReadOptions()))
    assert small == large and sum(v for k, v in large.items() if k[3] == "applications") == 600


@pytest.mark.parametrize(("written", "month"), [
    ("2017-03-05", "2017-03"), ("2017/3/5", "2017-03"), ("2017.03.05", "2017-03"), ("2017年3月5日", "2017-03"),
    ("20170305", "2017-03"), ("2016-02-29", "2016-02"), ("2017-12-31 00:00:00", "2017-12"), (" 2018-01-01 ", "2018-01"),
    ("2017-02-29", None), ("2017-13-01", None), ("2017-04-31", None), ("5 Jan", None), ("", None), (None, None),
])
def test_parse_months(written, month):
    import pyarrow as pa

    from patentstats.readers.patent_list import parse_months

    got = int(parse_months(pa.array([written], pa.string()))[0])
    expected = -1 if month is None else (int(month[:4]) - 1970) * 12 + int(month[5:]) - 1
    assert got == expected


def test_inventions_in_force_from_the_current_legal_status(write_csv):
    """Granted inventions whose status has not ended: 未缴年费 | 权利转移 has ended, 无效程序 (a
    procedure under way) has not; an application and a utility model are not counted."""
    rows = [["申请号", "申请日", "授权公告日", "公开日", "法律状态"],
            [number(2015, 1, 1), "2015-01-05", "2017-03-01", "2017-03-01", "授权 | 权利转移"],
            [number(2015, 1, 2), "2015-02-05", "2017-04-01", "2017-04-01", "未缴年费 | 权利转移"],
            [number(2015, 1, 3), "2015-03-05", "2017-05-01", "2017-05-01", "有效 | 无效程序"],
            [number(2016, 1, 4), "2016-03-05", "", "2017-09-08", "公开"],
            [number(2016, 2, 5), "2016-04-05", "2016-10-01", "2016-10-01", "有效"]]
    (result,) = read_file(write_csv("status.csv", rows), ReadOptions(region="甲县"))
    assert result.stocks[["region", "year", "month", "stock", "patent_type", "value"]].values.tolist() == [
        ["甲县", 2017, 9, "in_force", "invention", 2]]
    assert any("as at 2017-09 (the list's latest publication)" in note for note in result.notes)


def test_inventions_in_force_at_every_month_end_from_lapse_dates(write_csv):
    rows = [["申请号", "申请日", "授权公告日", "公开日", "失效日"],
            [number(2015, 1, 1), "2015-01-05", "2017-01-10", "2017-01-10", ""],
            [number(2015, 1, 2), "2015-02-05", "2017-02-10", "2017-02-10", "2017-03-20"],
            [number(2015, 1, 3), "2015-03-05", "2017-03-10", "2017-04-10", ""]]
    (result,) = read_file(write_csv("lapse.csv", rows), ReadOptions(region="甲县"))
    # January 1; February 2; March 3 granted less 1 lapsed = 2; April 2
    assert result.stocks[["month", "value"]].values.tolist() == [[1, 1], [2, 2], [3, 2], [4, 2]]


def _chunked_list(write_csv, changes=()):
    """A platform export of 40 rows: publications A and B of one application on rows far apart,
    joint applicants, another office's row, a bad number; ``changes``: (file row, column, text)."""
    rows = [["公开号", "申请号", "公开日", "专利类型", "受理局", "申请人", "申请日", "授权公告日", "地区", "法律状态"]]
    for i in range(36):
        kind = 1 + i % 3
        letter = {1: "A", 2: "U", 3: "S"}[kind]
        rows.append([f"CN1{i:08d}{letter}", number(2017, kind, i), f"2018-{1 + i % 12:02d}-09", "", "中国",
                     f"甲{i % 5}公司；乙{i % 7}大学" if i % 4 == 0 else f"甲{i % 5}公司", f"2017-{1 + i % 12:02d}-03",
                     f"2018-{1 + i % 12:02d}-09" if kind != 1 else "", ["永修县", "武宁县"][i % 2],
                     "未缴年费" if i % 6 == 0 else "有效"])
    rows.append(["CN100000000B", number(2017, 1, 0), "2019-02-01", "", "中国", "甲0公司；乙0大学", "2017-01-03",
                 "2019-02-01", "永修县", "有效"])  # the grant of row 2's application, on row 38
    rows.append(["TW201812345A", "TW107112345", "2018-03-01", "", "中国台湾", "丙公司", "2017-05-01", "", "永修县", ""])
    rows.append(["CN199999999A", "201710601862.4", "2018-03-01", "", "中国", "丁公司", "2017-05-01", "", "永修县", ""])
    rows.append(["CN199999998U", number(2017, 2, 98), "2018-03-01", "", "中国", "", "2017-05-01", "2018-03-01", "武宁县",
                 "有效"])
    for row, column, text in changes:
        rows[row - 1][column] = text
    return write_csv("chunks.csv", rows)


def _everything(result):
    applicants = result.applicants.astype({"region": str, "applicant": str, "patent_type": str})
    return (result.observations.to_dict("records"), result.notes, result.warnings, result.incomplete, result.duplicates,
            sorted(map(tuple, applicants.values.tolist())), result.stocks.to_dict("records"),
            [getattr(result.delays, f).tolist() for f in ("patent_type", "filing", "published", "count")],
            result.delays.latest)


@pytest.mark.parametrize(("title", "loads"), [("长" * 40, True), ("长" * 61, False)])
def test_a_streamed_list_counts_characters_not_bytes_against_the_cell_limit(write_csv, monkeypatch, title, loads):
    """Chinese is three bytes a character: 40 characters (120 bytes) fit a 60-character limit."""
    import patentstats.readers as readers
    from patentstats.limits import DEFAULT_LIMITS
    rows = [HEADER] + [[number(2018, 1, i), title, "y", "2018-01-03", "", "武宁县"] for i in range(20)]
    path = write_csv("list.csv", rows)
    monkeypatch.setattr(readers, "LARGE_CSV_BYTES", 100)
    options = ReadOptions(limits=replace(DEFAULT_LIMITS, cell_chars=60))
    if loads:
        assert sum(counts(read_file(path, options)).values()) == 20
    else:
        with pytest.raises(InputError, match="over the limit cell_chars=60"):
            read_file(path, options)


def test_a_list_read_in_chunks_adds_up_as_one(write_csv, monkeypatch):
    """Chunks of 3 rows give what one chunk gives: counts, applicants, notes, stocks, delays;
    the A and B publications of one application, 36 rows apart, are one patent."""
    import patentstats.readers as readers
    import patentstats.readers.patent_list as patent_list
    monkeypatch.setattr(readers, "LARGE_CSV_BYTES", 100)
    path = _chunked_list(write_csv)
    whole = _everything(read_file(path, ReadOptions(), skip_invalid=True)[0])
    monkeypatch.setattr(patent_list, "CHUNK_ROWS", 3)
    chunked = _everything(read_file(path, ReadOptions(), skip_invalid=True)[0])
    assert chunked == whole
    observations = pd.DataFrame(whole[0])
    assert observations.query("measure == 'applications'")["value"].sum() == 37  # 36 + row 41; not the B, TW or bad rows
    assert observations.query("measure == 'grants' and patent_type == 'invention'")["value"].sum() == 1
    assert any("1 patent(s) listed more than once" in note for note in whole[1])
    assert any("skipped 1 row(s) with bad numbers, first at row 40" in w for w in whole[2])


def test_a_list_added_up_a_few_rows_at_a_time_adds_up_as_one(write_csv, monkeypatch):
    """Counts, repeats and the applicant table added up 3 rows at a time (as a 20-million-row
    list is, 2 million at a time, each slice's applicant counts merged into the sorted ones
    before) give what one pass gives."""
    import patentstats.readers as readers
    import patentstats.readers.list_tally as list_tally
    monkeypatch.setattr(readers, "LARGE_CSV_BYTES", 100)
    path = _chunked_list(write_csv)
    whole = _everything(read_file(path, ReadOptions(), skip_invalid=True)[0])
    monkeypatch.setattr(list_tally, "SLICE", 3)
    assert _everything(read_file(path, ReadOptions(), skip_invalid=True)[0]) == whole


def test_a_list_spilled_to_disk_in_parts_adds_up_as_one(write_csv, monkeypatch, tmp_path):
    """A list longer than memory holds goes to disk in parts by key (here after every 5 rows,
    read 3 at a time, sent 2 at a time): the same counts, applicants, repeats across parts' spills (rows 2 and 38),
    stocks and delays; an error found in a part names its file row; no part is left on disk."""
    import tempfile

    import patentstats.readers as readers
    import patentstats.readers.patent_list as patent_list
    import patentstats.readers.records as records
    monkeypatch.setattr(readers, "LARGE_CSV_BYTES", 100)
    monkeypatch.setattr(patent_list, "CHUNK_ROWS", 3)
    path = _chunked_list(write_csv)
    whole = _everything(read_file(path, ReadOptions(), skip_invalid=True)[0])
    monkeypatch.setattr(records, "HELD_ROWS", 5)
    monkeypatch.setattr(records, "SPILL_ROWS", 2)
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path / "spill"))
    (tmp_path / "spill").mkdir()
    assert _everything(read_file(path, ReadOptions(), skip_invalid=True)[0]) == whole
    with pytest.raises(InputError, match=r"chunks.csv, row 38, column '申请号': patent 201710000000.\w is listed more"):
        read_file(_chunked_list(write_csv, [(38, 6, "2017-02-03")]), ReadOptions(), skip_invalid=True)
    assert not list((tmp_path / "spill").iterdir())


def test_a_full_disk_while_spilling_is_one_line_naming_the_folder(write_csv, monkeypatch, tmp_path, capsys):
    import errno
    import tempfile

    import patentstats.readers as readers
    import patentstats.readers.patent_list as patent_list
    import patentstats.readers.records as records
    from patentstats.cli import main
    monkeypatch.setattr(readers, "LARGE_CSV_BYTES", 100)
    monkeypatch.setattr(patent_list, "CHUNK_ROWS", 3)
    monkeypatch.setattr(records, "HELD_ROWS", 5)
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path / "spill"))
    (tmp_path / "spill").mkdir()

    def full(*_args):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(records.Records, "_write", full)
    out = tmp_path / "out" / "counts.parquet"
    assert main(["ingest", str(_chunked_list(write_csv)), "--out", str(out), "--skip-invalid"]) == 2
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and "Traceback" not in err
    assert f"{tmp_path / 'spill'}/patentstats-list-" in err and "No space left on device" in err and "TMPDIR" in err
    assert not out.exists() and not list((tmp_path / "spill").iterdir())


def test_the_parts_of_a_spilled_list_hold_every_copy_of_a_key_in_file_order(monkeypatch):
    """Rows go to the part of their key, in the order they came; a joint applicant goes with
    its row; parts are about even over serial keys."""
    import numpy as np

    import patentstats.readers.records as records
    monkeypatch.setattr(records, "HELD_ROWS", 7)
    monkeypatch.setattr(records, "SPILL_ROWS", 3)
    store = records.Records()
    keys = np.arange(1000, 1100, dtype=np.int64)
    keys[50:60] = keys[:10]  # repeats, one spill later
    for start in range(0, 100, 4):
        part = keys[start: start + 4]
        store.append({"key": part, "type": (part % 3).astype(np.int8)},
                     (np.array([0, 2]), np.array([start, start + 2], dtype=np.int32)))
    parts = list(store.parts())
    assert store.folder is not None and not store.folder.exists()
    found = np.concatenate([p.columns["record"] for p in parts])
    assert sorted(found.tolist()) == list(range(100))
    for part in parts:
        assert np.all(np.diff(part.columns["record"]) > 0)  # file order
        assert np.array_equal(keys[part.columns["record"]], part.columns["key"])
        # each joint applicant's code is its row's record (rows 0 and 2 of every chunk of 4)
        assert np.array_equal(part.columns["record"][part.extra_row], part.extra_applicant)
    owner = {int(k): i for i, p in enumerate(parts) for k in p.columns["key"]}
    assert all(owner[int(k)] == owner[int(keys[i + 50])] for i, k in enumerate(keys[:10]))
    assert max(len(p.columns["key"]) for p in parts) < 3 * 100 / records.PARTS


@pytest.mark.parametrize("piece", [40, 200])
def test_a_list_read_in_small_pieces_adds_up_as_one(write_csv, monkeypatch, piece):
    """Pieces of a line or two (40 bytes: shorter than a line, so the one reused buffer grows;
    200: the rest of a line carried to the next piece) give what one piece gives, and an error
    still names its file row."""
    import patentstats.readers as readers
    import patentstats.readers.patent_list as patent_list
    monkeypatch.setattr(readers, "LARGE_CSV_BYTES", 100)
    path = _chunked_list(write_csv)
    whole = _everything(read_file(path, ReadOptions(), skip_invalid=True)[0])
    monkeypatch.setattr(patent_list, "PIECE_BYTES", piece)
    assert _everything(read_file(path, ReadOptions(), skip_invalid=True)[0]) == whole
    with pytest.raises(InputError, match=r"chunks.csv, row 32, column '申请日': found '2017-02-30x'"):
        read_file(_chunked_list(write_csv, [(32, 6, "2017-02-30x")]), ReadOptions(), skip_invalid=True)


@pytest.mark.parametrize("chunk", [3, 1000])
@pytest.mark.parametrize(("change", "message"), [
    ((32, 6, "2017-02-30x"), r"chunks.csv, row 32, column '申请日': found '2017-02-30x'"),
    ((38, 6, "2017-02-03"), r"chunks.csv, row 38, column '申请号': patent 201710000000.\w is listed more than once with"),
])
def test_an_error_in_a_later_chunk_names_its_file_row(write_csv, monkeypatch, chunk, change, message):
    import patentstats.readers as readers
    import patentstats.readers.patent_list as patent_list
    monkeypatch.setattr(readers, "LARGE_CSV_BYTES", 100)
    monkeypatch.setattr(patent_list, "CHUNK_ROWS", chunk)
    with pytest.raises(InputError, match=message):
        read_file(_chunked_list(write_csv, [change]), ReadOptions(), skip_invalid=True)
