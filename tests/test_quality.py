"""The package stays lint-clean (ruff) and type-checked (mypy --strict), as STYLE asks."""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", *args], cwd=ROOT, capture_output=True, text=True, check=False)


def test_ruff():
    result = run("ruff", "check", "src", "tests", "bench")
    assert result.returncode == 0, result.stdout


def test_mypy_strict():
    result = run("mypy")
    assert result.returncode == 0, result.stdout
