"""The package as a bureau installs it: a wheel, used from a folder outside any checkout."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from pypdf import PdfReader

import patentstats

ROOT = Path(__file__).resolve().parents[1]


def run(args: list[str], cwd: Path, env: dict[str, str]) -> str:
    done = subprocess.run(args, cwd=cwd, env=env, capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout


def test_wheel_installed_outside_the_checkout_inits_ingests_and_reports(tmp_path):
    env = {**os.environ, "PYTHONWARNINGS": "ignore"}
    run([sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--no-build-isolation", "-w", str(tmp_path / "dist"),
         str(ROOT)], tmp_path, env)
    wheel = next((tmp_path / "dist").glob("patentstats-*.whl"))
    run([sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--target", str(tmp_path / "site"), str(wheel)],
        tmp_path, env)
    env["PYTHONPATH"] = str(tmp_path / "site")  # ahead of the editable install of the checkout
    patentstats = [sys.executable, "-m", "patentstats"]
    where = run([sys.executable, "-c", "import patentstats; print(patentstats.__file__)"], tmp_path, env)
    assert where.startswith(str(tmp_path / "site"))
    assert run([*patentstats, "--version"], tmp_path, env).startswith("patentstats ")

    said = run([*patentstats, "init", "office"], tmp_path, env)
    office = tmp_path / "office"
    assert "patentstats ingest" in said and (office / "data" / "targets.yaml").is_file()
    assert sorted(p.name for p in (office / "notebooks").iterdir()) == ["annual_summary.ipynb", "explore.ipynb",
                                                                        "monthly_report.ipynb"]
    for path in (ROOT / "data" / "raw").iterdir():
        if path.suffix in (".csv", ".xlsx"):
            shutil.copy(path, office / "data" / "raw")
    assert (office / "data" / "population.yaml").is_file()
    for name in ("targets.yaml", "population.yaml"):  # the sample's per-capita target needs its population
        shutil.copy(ROOT / "data" / name, office / "data" / name)
    shutil.rmtree(office / "notebooks")  # the report then runs the notebook installed with the package
    run([*patentstats, "ingest"], office, env)
    pdf = Path(run([*patentstats, "report", "--region", "永修县", "--year", "latest"], office, env).strip())
    assert pdf == office / "reports" / "永修县" / "2018" / "永修县_2018-09.pdf"
    text = "".join(page.extract_text() for page in PdfReader(pdf).pages)
    assert "永修县" in text and "专利申请量265件" in "".join(text.split())


def test_every_option_of_every_command_has_help_text():
    import argparse

    from patentstats.cli import build_parser

    commands = next(a for a in build_parser()._actions if isinstance(a, argparse._SubParsersAction))
    silent = [(name, action.option_strings or action.dest) for name, parser in commands.choices.items()
              for action in parser._actions if action.help is None and action.dest != "help"]
    assert silent == []


def test_no_reader_function_is_above_complexity_15():
    """The table readers stay small passes: a new layout is vocabulary, not another branch."""
    from radon.complexity import cc_visit

    readers = Path(patentstats.__file__).parent / "readers"
    complex_ = [f"{path.name}:{block.name} {block.complexity}" for path in sorted(readers.glob("*.py"))
                for block in cc_visit(path.read_text(encoding="utf-8")) if block.complexity > 15]
    assert complex_ == []
