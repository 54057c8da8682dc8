"""The monthly PDF report: run notebooks/monthly_report.ipynb through papermill, export it to
HTML with the code hidden, print it to A4 PDF with WeasyPrint. Safe to schedule: output is
written atomically, concurrent runs of one report are serialised by a lock, and a failed run
keeps the previous good PDF and leaves the failed notebook beside it."""

from __future__ import annotations

import fcntl
import hashlib
import io
import re
import sys
import threading
import unicodedata
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager, suppress
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any, BinaryIO

from jupyter_core.utils import run_sync

from .atomic import publish, temp_beside
from .errors import PatentstatsError
from .paths import notebooks_dir, project_root, reports_dir
from .periods import periods_in_file, resolve_period

__all__ = ["ReportError", "ReportPaths", "safe_name", "report_paths", "render_report", "notebook_to_pdf"]

NOTEBOOK = "monthly_report.ipynb"
QUIET_KERNEL = ["--IPKernelApp.log_level=ERROR"]  # its start-up notices are not the report's business
# What the notebook's first cell imports, loaded while the kernel starts (before it answers), so
# that this work overlaps the parent importing papermill and reading the notebook.
KERNEL_PRELOAD = "import pyarrow.parquet, IPython.display, patentstats.plots, patentstats.views, patentstats.narrative"
PRINT_CSS = """
@page { size: A4; margin: 16mm 14mm 18mm 14mm;
        @bottom-center { content: counter(page) " / " counter(pages); font-size: 8pt; color: #777; } }
html { font-family: "Noto Sans CJK SC", "WenQuanYi Micro Hei", "Source Han Sans SC", sans-serif; font-size: 9.5pt;
       line-height: 1.45; color: #222; }
h1 { font-size: 17pt; margin: 0 0 6pt; color: #1b2631; }
h2 { font-size: 12.5pt; margin: 14pt 0 5pt; border-bottom: 1px solid #ccd; padding-bottom: 2pt; color: #1b2631;
     break-after: avoid; }
h3 { font-size: 11pt; }
ul { margin: 3pt 0; padding-left: 16pt; }
table { border-collapse: collapse; width: 100%; font-size: 8.5pt; margin: 4pt 0; break-inside: avoid; }
th, td { border: 0.5pt solid #bbb; padding: 2pt 4pt; text-align: right; white-space: nowrap; }
a.anchor-link { display: none; }
th { background: #eef1f5; text-align: center; word-break: keep-all; }  /* a header never breaks inside a word */
p, li { orphans: 3; widows: 3; }
td:nth-child(1), td:nth-child(2) { text-align: left; }
img { width: 100%; height: auto; display: block; margin: 4pt auto; break-inside: avoid; }
.jp-InputArea, .jp-InputPrompt, .jp-OutputPrompt, .input_area, .prompt { display: none !important; }
.jp-RenderedText, pre { display: none; }  /* plain-text reprs (figure objects, paths) are not for the reader */
#notebook-container, .container, #notebook { width: 100% !important; max-width: none !important; padding: 0 !important;
    margin: 0 !important; box-shadow: none !important; }
.output_subarea { max-width: 100% !important; padding: 0 !important; }
body { margin: 0; padding: 0; background: white; }
"""


class ReportError(PatentstatsError):
    """A report could not be made; the message says why in one line."""


@dataclass(frozen=True)
class ReportPaths:
    notebook: Path
    pdf: Path
    failed: Path
    lock: Path


def safe_name(name: str) -> str:
    """A region name usable as one path component. The name is first brought to one Unicode
    form (NFKC: full-width ＡＢ and composed accents alike), so spellings that differ only there
    share a folder. Separators, dots at the start and control characters become '_', and a
    name changed that way gets a short hash of itself, so that two regions never share one
    ('a/b' and 'a_b' differ). Chinese is kept.

    Examples
    --------
    >>> safe_name("永修县"), safe_name("永修县") == safe_name("永修县 "), safe_name("ＡＢ县")
    ('永修县', True, 'AB县')
    >>> safe_name("../x"), safe_name("a/b"), safe_name("a_b")
    ('_x-d6b96a', 'a_b-c14cdd', 'a_b')
    """
    normal = unicodedata.normalize("NFKC", name).strip()
    cleaned = "".join("_" if unicodedata.category(ch)[0] == "C" else ch for ch in normal)
    cleaned = re.sub(r'[\\/:*?"<>|]+', "_", cleaned)
    cleaned = re.sub(r"^[._\s]+", "_", cleaned)
    cleaned = re.sub(r"_+", "_", cleaned)[:80]
    if not cleaned.strip("_"):
        raise ReportError(f"region name {name!r} cannot be used in a file name")
    if cleaned != normal:
        cleaned += "-" + hashlib.sha256(normal.encode()).hexdigest()[:6]
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


@contextmanager
def _locked(path: Path) -> Iterator[None]:
    """Serialise runs of the same report (two cron jobs, or a person and a schedule)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def import_papermill() -> Any:
    """papermill, without jsonschema's optional IRI checker: rfc3987_syntax compiles a grammar
    for about a second at import, and notebook validation never checks IRIs."""
    sys.modules.setdefault("rfc3987_syntax", None)  # type: ignore[arg-type]
    import papermill

    return papermill


@contextmanager
def _kernel(cwd: Path) -> Iterator[Any]:
    """A python3 kernel, started before papermill is even imported; stopped at the end (at
    once, if it has not already exited on request)."""
    from jupyter_client.manager import AsyncKernelManager

    class KernelManager(AsyncKernelManager):
        """Closes the clients it hands out: nbclient leaves its client open on a kernel it does
        not own, and an open client's sockets outlive it."""

        def client(self, **kwargs: Any) -> Any:
            made = super().client(**kwargs)
            handed_out.append(made)
            return made

    handed_out: list[Any] = []
    manager = KernelManager(kernel_name="python3")
    run_sync(manager.start_kernel)(cwd=str(cwd), extra_arguments=[*QUIET_KERNEL,
                                                                 f"--IPKernelApp.exec_lines={KERNEL_PRELOAD}"])
    try:
        yield manager
    finally:
        for client in handed_out:
            client.stop_channels()
        run_sync(manager.shutdown_kernel)(now=True)


@cache
def _exporter() -> Any:
    """Notebook to bare HTML, code and prompts left out; kept for the process, so that its
    templates are compiled once (by the warm-up, or by a batch's first report)."""
    from nbconvert import HTMLExporter
    from nbconvert.preprocessors import TagRemovePreprocessor

    exporter = HTMLExporter(template_name="basic", exclude_input=True, exclude_input_prompt=True,
                            exclude_output_prompt=True, embed_images=True)
    exporter.register_preprocessor(TagRemovePreprocessor(remove_cell_tags={"report-skip"}), enabled=True)
    return exporter


def notebook_to_pdf(notebook: Any, pdf: Path | BinaryIO) -> None:
    """An executed notebook to A4 PDF: code, prompts, stderr and plain-text reprs hidden."""
    from weasyprint import CSS, HTML
    from weasyprint.urls import FatalURLFetchingError, URLFetcher

    for cell in notebook.cells:  # warnings and tracebacks are for the executed notebook, not the reader
        cell["outputs"] = [o for o in cell.get("outputs", []) if o.get("name") != "stderr"]
    html, _ = _exporter().from_notebook_node(notebook)
    body = re.sub(r"<script\b.*?</script>", "", html, flags=re.S | re.I)  # nothing to run on paper
    html = f'<!DOCTYPE html><html><head><meta charset="utf-8"></head><body>{body}</body></html>'
    # The report's images are embedded as data: URLs; nothing else may be fetched (no network,
    # and no file: URL, which would let text in a data file attach a local file to the PDF).
    offline = URLFetcher(allowed_protocols={"data"}, fail_on_errors=True)
    try:
        HTML(string=html, url_fetcher=offline).write_pdf(pdf, stylesheets=[CSS(string=PRINT_CSS)])
    except FatalURLFetchingError as exc:  # a BaseException: it would pass every `except Exception`
        raise ReportError(f"the report asked for a resource it may not fetch: {exc}") from None


@cache
def _warm_pdf_tools() -> None:
    """Print a small notebook like the report (Chinese text, a table, an SVG chart) to memory.
    A process's first print loads fonts, HarfBuzz and cffi's parsed types; done here, in a
    thread while the kernel runs, that time is off the report's path."""
    from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook, new_output

    chart = ('<svg xmlns="http://www.w3.org/2000/svg" width="200" height="40"><path d="M 0 0 L 10 10"/>'
             '<text x="0" y="30" style="font: 10px sans-serif">专利 2018</text></svg>')
    notebook = new_notebook(cells=[
        new_markdown_cell("# 专利统计 Patents\n\n| 类型 | 申请量 |\n| --- | ---: |\n| 发明 | 30 |"),
        new_code_cell(outputs=[new_output("display_data", data={"image/svg+xml": chart})])])
    with suppress(Exception):  # the report's own print meets the same fault and says it in one line
        notebook_to_pdf(notebook, io.BytesIO())


def _run_notebook(kernel: Any, parameters: dict[str, Any], executed: Path, failed: Path) -> Any:
    """Execute the report notebook into ``executed``; a failing cell becomes a ReportError
    naming the failed notebook, published as ``failed``. papermill is imported here, while the
    kernel starts."""
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


def render_report(region: str, year: int | str, month: int | str, lang: str = "zh", data_path: Path | None = None,
                  targets_path: Path | None = None, out_dir: Path | None = None) -> ReportPaths:
    """Execute the monthly report notebook and print it to PDF, atomically. ``year`` and
    ``month`` may be 'latest'; the kernel boots while they are checked against the data.

    On failure the previous PDF stays, the failed executed notebook is left as
    ``<region>_<year>-<MM>.failed.ipynb`` and a ReportError says why in one line.
    """
    with ExitStack() as kernel_scope:
        try:
            kernel = kernel_scope.enter_context(_kernel(project_root()))
        except Exception as exc:  # no ipykernel, no kernel spec, or the process would not start
            raise ReportError(f"{region}: the notebook could not run: {type(exc).__name__}: {_first_line(exc)} "
                              f"(patentstats doctor checks the kernel)") from None
        year, month = resolve_period(periods_in_file(data_path, region), region, year, month)
        paths = report_paths(region, year, month, out_dir, lang)
        with _locked(paths.lock):
            _render(kernel, paths, {"region": region, "year": year, "month": month, "lang": lang,
                                    "data_path": str(Path(data_path).resolve()) if data_path else "",
                                    "targets_path": str(Path(targets_path).resolve()) if targets_path else ""})
    return paths


def _render(kernel: Any, paths: ReportPaths, parameters: dict[str, Any]) -> None:
    """Run the notebook on the kernel and print the PDF; publish both only if both succeed."""
    where = f"{parameters['region']} {parameters['year']}-{parameters['month']:02d}"
    executed, pdf = temp_beside(paths.notebook), temp_beside(paths.pdf)
    # started after the kernel: imports in two threads would hold up its launch
    warm = threading.Thread(target=_warm_pdf_tools, daemon=True)
    warm.start()
    try:
        try:
            notebook = _run_notebook(kernel, parameters, executed, paths.failed)
            run_sync(kernel.request_shutdown)()  # it exits while the PDF is printed
        except ReportError:
            raise
        except Exception as exc:  # the kernel died or timed out
            raise ReportError(f"{where}: the notebook could not run: {type(exc).__name__}: {_first_line(exc)} "
                              f"(patentstats doctor checks the kernel)") from None
        warm.join()
        try:
            notebook_to_pdf(notebook, pdf)
        except Exception as exc:  # fonts, Pango, or a resource the report must not fetch
            publish(executed, paths.failed)
            raise ReportError(f"{where}: the PDF could not be printed: {type(exc).__name__}: {_first_line(exc)} "
                              f"(patentstats doctor checks WeasyPrint)") from None
        publish(executed, paths.notebook)
        publish(pdf, paths.pdf)
        paths.failed.unlink(missing_ok=True)
    finally:
        executed.unlink(missing_ok=True)
        pdf.unlink(missing_ok=True)
