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
    assert "统计总表" in run([*patentstats, "--lang", "zh", "ingest"], office, env)  # the catalog ships in the wheel
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


PACKAGE = Path(patentstats.__file__).parent
# The folders, bottom up: each may import from those before it, never after. The top level holds
# the shared basics (errors, labels, paths, limits, atomic writes, formatting) and the shell.
LAYERS = ["basics", "readers", "table", "metrics", "forecasting", "output", "shell"]
SHELL = {"cli", "doctor", "workspace", "__init__", "__main__"}


def layer_of(module: str) -> str:
    name = module.split(".")[1] if "." in module else "__init__"
    if name in LAYERS:
        return name
    return "shell" if name in SHELL else "basics"


def module_name(path: Path) -> str:
    return ".".join(path.relative_to(PACKAGE.parent).with_suffix("").parts).removesuffix(".__init__")


def is_module(name: str) -> bool:
    where = PACKAGE.parent / name.replace(".", "/")
    return where.with_suffix(".py").exists() or (where / "__init__.py").exists()


def imports_of(path: Path) -> set[str]:
    """The package modules a file imports, anywhere in it (lazy imports inside functions too)."""
    import ast

    module = module_name(path)
    package = module if path.name == "__init__.py" else module.rsplit(".", 1)[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and (node.level or (node.module or "").startswith("patentstats")):
            parts = package.split(".")[: len(package.split(".")) - node.level + 1] if node.level else []
            target = ".".join([*parts, *([node.module] if node.module else [])])
            submodules = {f"{target}.{alias.name}" for alias in node.names}
            found |= {name for name in submodules if is_module(name)} or {target}
    return found - {module}


def package_imports() -> dict[str, set[str]]:
    return {module_name(path): imports_of(path) for path in sorted(PACKAGE.rglob("*.py"))}


def test_the_layers_import_one_way_down():
    upward = [f"{module} ({layer_of(module)}) imports {target} ({layer_of(target)})"
              for module, targets in package_imports().items() for target in targets
              if LAYERS.index(layer_of(target)) > LAYERS.index(layer_of(module))]
    assert upward == []


def test_no_module_imports_itself_back():
    graph = package_imports()
    cycles = []

    def visit(module: str, path: list[str]) -> None:
        for target in sorted(graph.get(module, ())):
            if target == path[0]:
                cycles.append(" -> ".join([*path, target]))
            elif target not in path and len(path) < 8:
                visit(target, [*path, target])

    for module in graph:
        visit(module, [module])
    assert cycles == []


def test_the_layer_listing_is_what_the_tests_check():
    folders = sorted(p.name for p in PACKAGE.iterdir() if (p / "__init__.py").exists() and p.name not in
                     ("notebooks", "templates"))
    assert folders == sorted(LAYERS[1:-1])


def test_no_function_in_the_package_is_above_complexity_15():
    """Functions stay small passes: a new layout is vocabulary, a new output another function."""
    from radon.complexity import cc_visit

    complex_ = [f"{path.relative_to(PACKAGE)}:{block.name} {block.complexity}" for path in sorted(PACKAGE.rglob("*.py"))
                for block in cc_visit(path.read_text(encoding="utf-8")) if block.complexity > 15]
    assert complex_ == []


def test_notebooks_an_earlier_init_copied_still_import_modules_by_their_old_names():
    """Offices keep the notebooks `init` copied; their imports name the modules before the layers."""
    code = ("from patentstats.applicants import region_applicants\n"
            "from patentstats.counts import incomplete_by_region\n"
            "from patentstats.markup import md_text\n"
            "from patentstats.report_settings import load_report_settings\n"
            "from patentstats import plots, views, summary_pack\n"
            "import patentstats.table.counts as counts\n"
            "assert incomplete_by_region is counts.incomplete_by_region\n"
            "assert plots.__name__ == 'patentstats.output.plots' and views.__name__ == 'patentstats.output.views'\n"
            "print('ok')")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert done.stdout.strip() == "ok", done.stderr[-1000:]
