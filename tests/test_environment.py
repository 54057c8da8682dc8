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


def test_constraints_pin_every_dependency_within_its_range():
    from packaging.requirements import Requirement

    pins = {}
    for line in (ROOT / "constraints.txt").read_text().splitlines():
        if line and not line.startswith("#"):
            name, _, version = line.partition("==")
            assert version, f"constraints.txt: {line!r} is not NAME==VERSION"
            pins[re.sub(r"[-_.]+", "-", name.lower())] = version
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    for requirement in map(Requirement, project["dependencies"] + project["optional-dependencies"]["dev"]):
        name = re.sub(r"[-_.]+", "-", requirement.name.lower())
        assert name in pins, f"{name} is not pinned in constraints.txt"
        assert requirement.specifier.contains(pins[name]), f"{name}=={pins[name]} is outside {requirement.specifier}"
