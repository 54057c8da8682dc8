"""The monthly PDF report: run notebooks/monthly_report.ipynb through papermill on a report
kernel, then print it to A4 PDF (printing.py). Safe to schedule: output is
written atomically, concurrent runs of one report are serialised by a lock, and a failed run
keeps the previous good PDF and leaves the failed notebook beside it."""

from __future__ import annotations

import hashlib
import re
import sys
import threading
import unicodedata
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..atomic import locked, publish, remove_stale_temps, temp_beside
from ..errors import ReportError
from ..paths import notebooks_dir, project_root, reports_dir
from ..table.periods import periods_in_file, resolve_period
from .kernel import ReportKernel, report_kernel
from .printing import notebook_to_pdf, warm_printer

__all__ = ["ReportError", "ReportPaths", "safe_name", "report_paths", "render_report"]

NOTEBOOK = "monthly_report.ipynb"


@dataclass(frozen=True)
class ReportPaths:
    notebook: Path
    pdf: Path
    failed: Path
    lock: Path


def safe_name(name: str) -> str:
    """A region name usable as one path component, at most 60 characters (180 bytes of Chinese,
    so that the longest report file name stays under the 255-byte limit). Full-width letters
    become half-width (NFKC), separators, dots at the start and control characters '_', and a
    name changed in any of these ways gets a short hash of itself as written, so that two
    regions never share a file ('a/b' and 'a_b' differ, and so do 'ＡＢ县' and 'AB县'). Chinese
    is kept.

    Examples
    --------
    >>> safe_name("永修县"), safe_name("永修县") == safe_name("永修县 "), safe_name("ＡＢ县")
    ('永修县', True, 'AB县-b6844e')
    >>> safe_name("../x"), safe_name("a/b"), safe_name("a_b")
    ('_x-d6b96a', 'a_b-c14cdd', 'a_b')
    """
    normal = unicodedata.normalize("NFKC", name).strip()
    cleaned = "".join("_" if unicodedata.category(ch)[0] == "C" else ch for ch in normal)
    cleaned = re.sub(r'[\\/:*?"<>|{}]+', "_", cleaned)  # braces: papermill formats paths
    cleaned = re.sub(r"^[._\s]+", "_", cleaned)
    cleaned = re.sub(r"_+", "_", cleaned)[:60]
    if not cleaned.strip("_"):
        raise ReportError(f"region name {name[:60]!r} cannot be used in a file name")
    if cleaned != name.strip():
        cleaned += "-" + hashlib.sha256(name.strip().encode()).hexdigest()[:6]
    return cleaned


def report_paths(region: str, year: int, month: int, out_dir: Path | None = None, lang: str = "zh") -> ReportPaths:
    """reports/<region>/<year>/<region>_<year>-<MM>.pdf (and .ipynb); '_en' before the suffix for English."""
    root = Path(out_dir) if out_dir else reports_dir()
    folder = root / safe_name(region) / str(year)
    stem = f"{safe_name(region)}_{year}-{month:02d}" + ("" if lang == "zh" else f"_{lang}")
    paths = ReportPaths(folder / f"{stem}.ipynb", folder / f"{stem}.pdf", folder / f"{stem}.failed.ipynb",
                        folder / f".{stem}.lock")
    if not paths.pdf.resolve().is_relative_to(root.resolve()):
        raise ReportError(f"region name {region!r} would write outside {root}")
    return paths


def _first_line(value: object) -> str:
    text = str(value or "").strip()
    return text.splitlines()[0] if text else ""


def import_papermill() -> Any:
    """papermill, without jsonschema's optional IRI checker: rfc3987_syntax compiles a grammar
    for about a second at import, and notebook validation never checks IRIs."""
    sys.modules.setdefault("rfc3987_syntax", None)  # type: ignore[arg-type]
    import papermill

    return papermill


def _run_notebook(kernel: ReportKernel, parameters: dict[str, Any], executed: Path, failed: Path) -> Any:
    """Execute the report notebook into ``executed``; a failing cell becomes a ReportError
    naming the failed notebook, published as ``failed``. papermill is imported here, while a
    new kernel starts."""
    pm = import_papermill()
    try:
        return pm.execute_notebook(notebooks_dir() / NOTEBOOK, executed, parameters=parameters,
                                   kernel_name="python3", km=kernel, progress_bar=False, log_output=False,
                                   request_save_on_cell_execute=False)
    except pm.PapermillExecutionError as exc:
        publish(executed, failed)
        where = f"{parameters['region']} {parameters['year']}-{parameters['month']:02d}"
        raise ReportError(f"{where}: the notebook failed: {exc.ename}: {_first_line(exc.evalue)} "
                          f"(see {failed})") from None
    finally:
        kernel.close_clients()


def _could_not_run(where: str, exc: Exception) -> ReportError:
    return ReportError(f"{where}: the notebook could not run: {type(exc).__name__}: {_first_line(exc)} "
                       f"(patentstats doctor checks the kernel)")


def render_report(region: str, year: int | str, month: int | str, lang: str = "zh", data_path: Path | None = None,
                  targets_path: Path | None = None, out_dir: Path | None = None,
                  kernel: ReportKernel | None = None) -> ReportPaths:
    """Execute the monthly report notebook and print it to PDF, atomically. ``year`` and
    ``month`` may be 'latest'. Without ``kernel`` a new one boots while they are checked
    against the data and exits after the run; a batch passes one it keeps, which is reset.

    On failure the previous PDF stays, the failed executed notebook is left as
    ``<region>_<year>-<MM>.failed.ipynb`` and a ReportError says why in one line.
    """
    with ExitStack() as kernel_scope:
        own = kernel is None
        try:
            if kernel is None:
                kernel = kernel_scope.enter_context(report_kernel(project_root()))
            else:
                kernel.reset()
        except Exception as exc:  # no ipykernel, no kernel spec, the process would not start, or died
            raise _could_not_run(region, exc) from None
        year, month = resolve_period(periods_in_file(data_path, region), region, year, month)
        paths = report_paths(region, year, month, out_dir, lang)
        with locked(paths.lock):  # two cron jobs, or a person and a schedule, one after the other
            remove_stale_temps(paths.notebook)
            remove_stale_temps(paths.pdf)
            _render(kernel, paths, {"region": region, "year": year, "month": month, "lang": lang,
                                    "data_path": str(Path(data_path).resolve()) if data_path else "",
                                    "targets_path": str(Path(targets_path).resolve()) if targets_path else ""},
                    let_go=own)
    return paths


def _render(kernel: ReportKernel, paths: ReportPaths, parameters: dict[str, Any], let_go: bool) -> None:
    """Run the notebook on the kernel and print the PDF; publish both only if both succeed."""
    where = f"{parameters['region']} {parameters['year']}-{parameters['month']:02d}"
    executed, pdf = temp_beside(paths.notebook), temp_beside(paths.pdf)
    # started after the kernel: imports in two threads would hold up its launch
    warm = threading.Thread(target=warm_printer, daemon=True)
    warm.start()
    try:
        try:
            notebook = _run_notebook(kernel, parameters, executed, paths.failed)
            if let_go:
                kernel.let_go()
        except ReportError:
            raise
        except Exception as exc:  # the kernel died or timed out
            raise _could_not_run(where, exc) from None
        warm.join()
        try:
            notebook_to_pdf(notebook, pdf)
        except ReportError as exc:  # no Chinese font, or a resource the report must not fetch: said in full
            publish(executed, paths.failed)
            raise ReportError(f"{where}: {exc}") from None
        except Exception as exc:  # fonts, Pango
            publish(executed, paths.failed)
            raise ReportError(f"{where}: the PDF could not be printed: {type(exc).__name__}: {_first_line(exc)} "
                              f"(patentstats doctor checks WeasyPrint)") from None
        publish(executed, paths.notebook)
        publish(pdf, paths.pdf)
        paths.failed.unlink(missing_ok=True)
    finally:
        executed.unlink(missing_ok=True)
        pdf.unlink(missing_ok=True)
