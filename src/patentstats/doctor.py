"""`patentstats doctor`: is everything the PDF report needs on this machine? Each check says
what is wrong and exactly what to install."""

from __future__ import annotations

import ctypes.util
from collections.abc import Callable
from dataclasses import dataclass

__all__ = ["Check", "run_checks"]

SETUP = "as root (in a checkout, scripts/setup_system.sh does it all):"


@dataclass
class Check:
    name: str
    ok: bool
    detail: str


def _cjk_font() -> Check:
    from .errors import PatentstatsError
    from .output.plots import use_cjk_font
    try:
        return Check("CJK font", True, use_cjk_font())
    except PatentstatsError:
        return Check("CJK font", False, f"no Chinese font: {SETUP} apt-get install fonts-noto-cjk")


def _pdf_font() -> Check:
    """What the PDF printer itself resolves for Chinese (fontconfig, through Pango), which can
    differ from matplotlib's font list: a short Chinese page is printed and its fonts read."""
    try:
        from weasyprint import CSS, HTML

        from .output.printing import CJK_FONT, PRINT_CSS, embedded_fonts

        fonts = embedded_fonts(HTML(string="<p>永修县专利统计</p>").write_pdf(stylesheets=[CSS(string=PRINT_CSS)]))
    except (ImportError, OSError) as exc:
        return Check("PDF font", False, f"cannot print ({str(exc).splitlines()[0]}): see WeasyPrint below")
    chinese = sorted(name for name in fonts if CJK_FONT.search(name))
    if chinese:
        return Check("PDF font", True, ", ".join(chinese))
    used = ", ".join(sorted(fonts)) or "none"
    return Check("PDF font", False, f"the PDF printer finds no Chinese font (it would use {used} and print boxes): "
                                    f"{SETUP} apt-get install fonts-noto-cjk")


def _library(name: str, package: str, why: str) -> Check:
    found = ctypes.util.find_library(name)
    return Check(f"{name} library", bool(found), found or f"missing ({why}): {SETUP} apt-get install {package}")


def _weasyprint() -> Check:
    try:
        import weasyprint
    except (ImportError, OSError) as exc:
        return Check("WeasyPrint", False, f"cannot load ({str(exc).splitlines()[0]}): pip install weasyprint, and "
                                          f"apt-get install libpango-1.0-0 libpangoft2-1.0-0")
    return Check("WeasyPrint", True, weasyprint.__version__)


def _kernel() -> Check:
    from jupyter_client.kernelspec import KernelSpecManager, NoSuchKernel
    try:
        spec = KernelSpecManager().get_kernel_spec("python3")
    except NoSuchKernel:
        return Check("Jupyter kernel", False, "no 'python3' kernel: pip install ipykernel "
                                              "(then python -m ipykernel install --user)")
    return Check("Jupyter kernel", True, f"python3 -> {spec.argv[0]}")


CHECKS: list[Callable[[], Check]] = [
    _cjk_font,
    _pdf_font,
    lambda: _library("pango-1.0", "libpango-1.0-0", "WeasyPrint lays out text with Pango"),
    lambda: _library("pangoft2-1.0", "libpangoft2-1.0-0", "WeasyPrint's font back end"),
    lambda: _library("harfbuzz-subset", "libharfbuzz-subset0", "without it, embedding Chinese fonts takes ~10 s"),
    _weasyprint,
    _kernel,
]


def run_checks() -> list[Check]:
    return [check() for check in CHECKS]
