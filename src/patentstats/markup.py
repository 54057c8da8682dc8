"""Text from data files (region, sheet, file and applicant names, warnings that quote cells)
made safe for the places it is shown: Markdown and HTML in the notebooks and the PDF, cells of
a spreadsheet. Data is never markup: whatever a file says is shown as the characters it is."""

from __future__ import annotations

import html
import re

__all__ = ["md_text", "FORMULA_STARTS"]

# CommonMark lets a backslash escape any ASCII punctuation. These can make markup anywhere in a
# line (emphasis, code, links and images, tables, strikethrough, a heading's closing #, math in
# Jupyter); '(' ')' '.' '!' cannot once '[' ']' are escaped, so they stay, and 53.8% reads as written.
_INLINE = re.compile(r"[\\`*_{}\[\]|~#$]")
# These only where a line starts: lists (- + 1. 1)), quotes and setext underlines.
_LINE_START = re.compile(r"^(\s*)([-+=>]|\d+(?=[.)](?:\s|$)))", re.M)
FORMULA_STARTS = ("=", "+", "-", "@")  # a spreadsheet would run these as formulas


def md_text(value: object) -> str:
    """``value`` as literal text inside Markdown: HTML escaped, and the punctuation that could
    make Markdown markup escaped with a backslash.

    Examples
    --------
    >>> md_text('X<link href="file:///etc/passwd">')
    'X&lt;link href=&quot;file:///etc/passwd&quot;&gt;'
    >>> print(md_text("[点我](http://x) *永修县* 53.8%"))
    \\[点我\\](http://x) \\*永修县\\* 53.8%
    >>> print(md_text("1. 某公司"), md_text("- 某厂"))
    1\\. 某公司 \\- 某厂
    """
    escaped = _INLINE.sub(r"\\\g<0>", html.escape(str(value), quote=True))
    return _LINE_START.sub(_escape_line_start, escaped)


def _escape_line_start(found: re.Match[str]) -> str:
    indent, mark = found[1], found[2]
    return f"{indent}{mark}\\" if mark[0].isdigit() else f"{indent}\\{mark}"  # '1\.' for a list number
