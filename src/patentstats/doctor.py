"""`patentstats doctor`: is everything the PDF report needs on this machine? Each check says
what is wrong and exactly what to install."""

from __future__ import annotations

import ctypes.util
from collections.abc import Callable
from dataclasses import dataclass

from .i18n import N_, _

__all__ = ["Check", "run_checks"]

SETUP = N_("as root (in a checkout, scripts/setup_system.sh does it all):")


@dataclass
class Check:
    name: str
    ok: bool
    detail: str


def _cjk_font() -> Check:
    from .errors import PatentstatsError
    from .output.plots import use_cjk_font
    try:
        return Check(N_("CJK font"), True, use_cjk_font())
    except PatentstatsError:
        return Check(N_("CJK font"), False, _("no Chinese font: {setup} apt-get install fonts-noto-cjk").format(
            setup=_(SETUP)))


def _pdf_font() -> Check:
    """What the PDF printer itself resolves for Chinese (fontconfig, through Pango), which can
    differ from matplotlib's font list: a short Chinese page is printed and its fonts read."""
    try:
        from weasyprint import CSS, HTML

        from .output.printing import CJK_FONT, PRINT_CSS, embedded_fonts

        fonts = embedded_fonts(HTML(string="<p>永修县专利统计</p>").write_pdf(stylesheets=[CSS(string=PRINT_CSS)]))
    except (ImportError, OSError) as exc:
        return Check(N_("PDF font"), False, _("cannot print ({error}): see WeasyPrint below").format(
            error=str(exc).splitlines()[0]))
    chinese = sorted(name for name in fonts if CJK_FONT.search(name))
    if chinese:
        return Check(N_("PDF font"), True, ", ".join(chinese))
    used = ", ".join(sorted(fonts)) or _("none")
    return Check(N_("PDF font"), False, _("the PDF printer finds no Chinese font (it would use {fonts} and print boxes): "
                                          "{setup} apt-get install fonts-noto-cjk").format(fonts=used, setup=_(SETUP)))


def _library(name: str, package: str, why: str) -> Check:
    found = ctypes.util.find_library(name)
    return Check(_("{name} library").format(name=name), bool(found),
                 found or _("missing ({why}): {setup} apt-get install {package}").format(why=_(why), setup=_(SETUP),
                                                                                         package=package))


def _weasyprint() -> Check:
    try:
        import weasyprint
    except (ImportError, OSError) as exc:
        return Check("WeasyPrint", False, _("cannot load ({error}): pip install weasyprint, and apt-get install "
                                            "libpango-1.0-0 libpangoft2-1.0-0").format(error=str(exc).splitlines()[0]))
    return Check("WeasyPrint", True, weasyprint.__version__)


def _kernel() -> Check:
    from jupyter_client.kernelspec import KernelSpecManager, NoSuchKernel
    try:
        spec = KernelSpecManager().get_kernel_spec("python3")
    except NoSuchKernel:
        return Check(N_("Jupyter kernel"), False, _("no 'python3' kernel: pip install ipykernel "
                                                    "(then python -m ipykernel install --user)"))
    return Check(N_("Jupyter kernel"), True, f"python3 -> {spec.argv[0]}")


CHECKS: list[Callable[[], Check]] = [
    _cjk_font,
    _pdf_font,
    lambda: _library("pango-1.0", "libpango-1.0-0", N_("WeasyPrint lays out text with Pango")),
    lambda: _library("pangoft2-1.0", "libpangoft2-1.0-0", N_("WeasyPrint's font back end")),
    lambda: _library("harfbuzz-subset", "libharfbuzz-subset0", N_("without it, embedding Chinese fonts takes ~10 s")),
    _weasyprint,
    _kernel,
]


def run_checks() -> list[Check]:
    return [check() for check in CHECKS]
