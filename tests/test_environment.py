"""environment.yml (conda) and pyproject.toml (pip) list the same dependencies."""

import re
import tomllib
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
CONDA_ONLY = {"python", "pip", "font-ttf-noto-cjk", "harfbuzz"}  # system pieces pip cannot install
CONDA_NAMES = {"types-pyyaml": "types-PyYAML"}  # conda-forge spells a few names differently


def normalize(requirement: str) -> str:
    return re.sub(r"\s+", "", requirement).lower()


def test_environment_yml_and_pyproject_list_the_same_dependencies():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    pip_deps = {normalize(d) for d in project["dependencies"] + project["optional-dependencies"]["dev"]}
    conda = yaml.safe_load((ROOT / "environment.yml").read_text())["dependencies"]
    conda_deps = {normalize(CONDA_NAMES.get(d, d)) for d in conda if isinstance(d, str)}
    conda_deps = {d for d in conda_deps if re.split(r"[<>=]", d)[0] not in CONDA_ONLY}
    assert conda_deps == pip_deps
