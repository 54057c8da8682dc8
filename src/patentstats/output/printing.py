"""An executed report notebook printed to A4 PDF: exported to HTML with code, prompts and
stderr left out, then printed by WeasyPrint, which may fetch nothing but data: URLs."""

from __future__ import annotations

import io
import re
import zlib
from contextlib import suppress
from functools import cache
from pathlib import Path
from typing import Any, BinaryIO

from ..errors import ReportError

__all__ = ["PRINT_CSS", "CJK_FONT", "embedded_fonts", "notebook_to_pdf", "warm_printer"]

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
td:nth-child(1), td:nth-child(2) { text-align: left; white-space: normal; overflow-wrap: anywhere; }  /* long names wrap */
img { width: 100%; height: auto; display: block; margin: 4pt auto; break-inside: avoid; }
.jp-InputArea, .jp-InputPrompt, .jp-OutputPrompt, .input_area, .prompt { display: none !important; }
.jp-RenderedText, pre { display: none; }  /* plain-text reprs (figure objects, paths) are not for the reader */
#notebook-container, .container, #notebook { width: 100% !important; max-width: none !important; padding: 0 !important;
    margin: 0 !important; box-shadow: none !important; }
.output_subarea { max-width: 100% !important; padding: 0 !important; }
body { margin: 0; padding: 0; background: white; }
"""


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
        printed = HTML(string=html, url_fetcher=offline).write_pdf(stylesheets=[CSS(string=PRINT_CSS)])
    except FatalURLFetchingError as exc:  # a BaseException: it would pass every `except Exception`
        raise ReportError(f"the report asked for a resource it may not fetch: {exc}") from None
    if _CJK_TEXT.search(body) and not any(CJK_FONT.search(name) for name in embedded_fonts(printed)):
        raise ReportError("the PDF's Chinese would print as empty boxes: no Chinese font is visible to the PDF "
                          "printer (fontconfig): as root, apt-get install fonts-noto-cjk (patentstats doctor checks)")
    if isinstance(pdf, Path):
        pdf.write_bytes(printed)
    else:
        pdf.write(printed)


_CJK_TEXT = re.compile(r"[\u4e00-\u9fff]")
# fonts with Chinese glyphs go by these names: Noto Sans CJK SC, WenQuanYi Micro Hei, Source Han
# Sans, SimHei, Droid Sans Fallback
CJK_FONT = re.compile(r"CJK|Hei|Song|Kai|Ming|Han-?Sans|Han-?Serif|WenQuanYi|Fallback|Fang", re.I)
_FONT_NAME = re.compile(rb"/FontName\s*/(?:[A-Z]{6}\+)?([A-Za-z0-9_.-]+)")


def embedded_fonts(pdf: bytes) -> set[str]:
    """The names of the fonts a PDF embeds (its font descriptors sit in compressed object streams)."""
    names = set(_FONT_NAME.findall(pdf))
    for start in re.finditer(rb"stream\r?\n", pdf):
        end = pdf.find(b"endstream", start.end())
        with suppress(zlib.error):
            names |= set(_FONT_NAME.findall(zlib.decompress(pdf[start.end():end])))
    return {name.decode("ascii", "replace") for name in names}


@cache
def warm_printer() -> None:
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


