"""Nothing overwritten that is not ours, nothing half-published: ingest's outputs are checked
before anything is written, and its three files are published together or not at all."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd
import pytest

from patentstats.cli import main
from patentstats.table import outputs

RAW = Path(__file__).resolve().parents[1] / "data" / "raw"
SAMPLE = RAW / "2018年1-9月全市专利申请授权情况表.xlsx"  # a table of flows


def ingest(out: Path, *files: Path) -> int:
    return main(["ingest", *map(str, files or (SAMPLE,)), "--out", str(out)])


def one_line_error(capsys, *words: str) -> None:
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and "Traceback" not in err and all(w in err for w in words), err


def test_out_at_a_folder_a_device_or_someone_elses_file_is_refused(tmp_path, capsys):
    assert ingest(tmp_path) == 2
    one_line_error(capsys, "is a folder")
    assert ingest(Path("/dev/null")) == 2
    one_line_error(capsys, "not a regular file")
    fifo = tmp_path / "pipe.parquet"
    os.mkfifo(fifo)
    assert ingest(fifo) == 2
    one_line_error(capsys, "not a regular file")
    targets = tmp_path / "targets.yaml"
    targets.write_text("永修县:\n  2018:\n    grants: 300\n", encoding="utf-8")
    assert ingest(targets) == 2
    one_line_error(capsys, "not a counts file written by patentstats", "move the file away")
    assert targets.read_text(encoding="utf-8").startswith("永修县")
    someone = tmp_path / "theirs.parquet"
    pd.DataFrame({"a": [1]}).to_parquet(someone)
    assert ingest(someone) == 2
    one_line_error(capsys, "not a counts file written by patentstats")


def test_a_folder_that_cannot_be_written_is_one_line(tmp_path, capsys, monkeypatch):
    monkeypatch.setattr(outputs.os, "access", lambda path, mode: False)  # root can write anywhere
    assert ingest(tmp_path / "out" / "counts.parquet") == 2
    one_line_error(capsys, "cannot write in")
    assert not (tmp_path / "out").exists()


def test_a_full_disk_midway_leaves_the_old_set_and_one_line(tmp_path, capsys, monkeypatch):
    out = tmp_path / "counts.parquet"
    assert ingest(out) == 0
    before = {p.name: p.read_bytes() for p in tmp_path.iterdir()}
    real = outputs.pq.write_table

    def full_disk(table, where, **kwargs):
        if "applicant" in table.schema.names:
            raise OSError(28, "No space left on device", str(where))
        return real(table, where, **kwargs)

    monkeypatch.setattr(outputs.pq, "write_table", full_disk)
    assert ingest(out) == 2
    one_line_error(capsys, "No space left on device", "nothing was replaced")
    assert {p.name: p.read_bytes() for p in tmp_path.iterdir()} == before  # no temporary file left either


def test_an_ingest_that_reads_no_figures_never_empties_a_good_table(tmp_path, capsys):
    out = tmp_path / "counts.parquet"
    assert ingest(out) == 0
    stocks = tmp_path / "stocks.csv"
    stocks.write_text("国内三种专利有效量\n2009.12\n地区,发明,实用新型\n北京,28774,32616\n天津,4919,11542\n", encoding="utf-8")
    good = out.read_bytes()
    assert ingest(out, stocks) == 2
    one_line_error(capsys, "no applications or grants were read", "left as it was")
    assert out.read_bytes() == good


def test_a_broken_link_in_the_raw_folder_is_an_error_not_a_missing_region(tmp_path, capsys):
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "a.xlsx").write_bytes(SAMPLE.read_bytes())
    (raw / "b.csv").symlink_to(tmp_path / "gone.csv")
    assert main(["ingest", str(raw), "--out", str(tmp_path / "c.parquet")]) == 2
    one_line_error(capsys, "b.csv", "link to a file that is not there")


STOP_AT = """
import os, signal, sys
from patentstats.table import {module} as target
from patentstats.cli import run
real = target.{function}
def stopped(*args, **kwargs):
    result = real(*args, **kwargs)
    os.kill(os.getpid(), signal.SIGTERM)
    return result
target.{function} = stopped
sys.argv = ["patentstats", *sys.argv[1:]]
run()
"""


@pytest.mark.parametrize(("module", "function"), [("ingest", "read_file"), ("outputs", "write_parquet")])
def test_sigterm_stops_cleanly_with_nothing_half_written(tmp_path, module, function):
    """Stopped while reading, or after the first of the three files is written: exit 143, one
    line, the old set untouched and no temporary file left."""
    out = tmp_path / "counts.parquet"
    assert ingest(out) == 0
    before = {p.name: p.read_bytes() for p in tmp_path.iterdir()}
    script = STOP_AT.format(module=module, function=function)
    run = subprocess.run([sys.executable, "-c", script, "ingest", str(SAMPLE), "--out", str(out)],
                         capture_output=True, text=True, timeout=120, check=False)
    assert run.returncode == 143, run.stderr
    assert run.stderr.strip() == "patentstats ingest: stopped before the end: nothing half-written"
    assert {p.name: p.read_bytes() for p in tmp_path.iterdir()} == before


def test_temporary_files_left_by_a_kill_are_removed_by_the_next_run(tmp_path):
    out = tmp_path / "counts.parquet"
    stale = tmp_path / ".counts.abc123.parquet"
    stale.write_bytes(b"half")
    os.utime(stale, (time.time() - 7200, time.time() - 7200))
    assert ingest(out) == 0
    assert not stale.exists() and sorted(p.name for p in tmp_path.iterdir()) == [
        "counts.applicants.parquet", "counts.log.json", "counts.parquet", "counts.stocks.parquet"]


@pytest.mark.parametrize("content", [b"", b"PAR1 not really"])
@pytest.mark.parametrize("command", [["report", "--month", "9"], ["summary"], ["batch", "--month", "9"]])
def test_a_damaged_counts_table_is_one_line_for_every_command(tmp_path, capsys, content, command):
    data = tmp_path / "c.parquet"
    data.write_bytes(content)
    args = [command[0], *(["--region", "永修县"] if command[0] != "batch" else []), "--year", "2018", *command[1:]]
    assert main([*args, "--data", str(data)]) == 2
    one_line_error(capsys, "not a readable counts table")


@pytest.mark.parametrize("command", [["report", "--region", "永修县", "--year", "2018", "--month", "9"],
                                     ["summary", "--region", "永修县", "--year", "2018"],
                                     ["batch", "--year", "2018", "--month", "9"]])
def test_out_dir_at_a_file_is_one_line(tmp_path, capsys, command):
    file = tmp_path / "not-a-folder"
    file.write_text("x", encoding="utf-8")
    assert main([*command, "--out-dir", str(file)]) == 2
    one_line_error(capsys, "is a file, not a folder")
