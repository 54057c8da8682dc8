"""Text from data files (region, sheet, file and applicant names, warnings that quote cells)
made safe for the places it is shown: Markdown and HTML in the notebooks and the PDF, cells of
a spreadsheet. Data is never markup: whatever a file says is shown as the characters it is."""

from __future__ import annotations

import html
import re

__all__ = ["md_text", "short", "FORMULA_STARTS"]

# CommonMark lets a backslash escape any ASCII punctuation. These can make markup anywhere in a
# line (emphasis, code, links and images, tables, strikethrough, a heading's closing #, math in
# Jupyter); '(' ')' '.' '!' cannot once '[' ']' are escaped, so they stay, and 53.8% reads as written.
_INLINE = re.compile(r"[\\`*_{}\[\]|~#$]")
# These only where a line starts: lists (- + 1. 1)), quotes and setext underlines.
_LINE_START = re.compile(r"^(\s*)([-+=>]|\d+(?=[.)](?:\s|$)))", re.M)
FORMULA_STARTS = ("=", "+", "-", "@")  # a spreadsheet would run these as formulas
# a bare address that a Markdown renderer would turn into a link: its ':' or '.' is escaped
_URL = re.compile(r"(?i)\b(https?|ftp|file|mailto)(?=:)|\b(www)(?=\.)")
_INDENT = re.compile(r"^[ \t\u3000]+", re.M)  # four spaces would make a code block of the line


def md_text(value: object) -> str:
    """``value`` as literal text inside Markdown: HTML escaped, and the punctuation that could
    make Markdown markup escaped with a backslash.

    Examples
    --------
    >>> print(md_text('X<link href="file:///etc/passwd">'))
    X&lt;link href=&quot;file\\:///etc/passwd&quot;&gt;
    >>> print(md_text("[点我](http://x) *永修县* 53.8%"))
    \\[点我\\](http\\://x) \\*永修县\\* 53.8%
    >>> print(md_text("1. 某公司"), md_text("- 某厂"))
    1\\. 某公司 \\- 某厂
    >>> print(md_text("O'Brien http://x.cn"))
    O'Brien http\\://x.cn
    """
    text = _INDENT.sub("", html.escape(str(value), quote=False).replace('"', "&quot;"))
    escaped = _URL.sub(lambda m: m[0] + "\\", _INLINE.sub(r"\\\g<0>", text))
    return _LINE_START.sub(_escape_line_start, escaped)


def short(name: str, limit: int = 40) -> str:
    """A name cut to ``limit`` characters with '…' for a table cell (the full name is in the pack).

    Examples
    --------
    >>> short("甲" * 50, 10)
    '甲甲甲甲甲甲甲甲甲…'
    """
    return name if len(name) <= limit else name[: limit - 1] + "…"


def _escape_line_start(found: re.Match[str]) -> str:
    indent, mark = found[1], found[2]
    return f"{indent}{mark}\\" if mark[0].isdigit() else f"{indent}\\{mark}"  # '1\.' for a list number
