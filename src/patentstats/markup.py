"""Text from data files (region, sheet, file and applicant names, warnings that quote cells)
made safe for the places it is shown: Markdown and HTML in the notebooks and the PDF, cells of
a spreadsheet. Data is never markup: whatever a file says is shown as the characters it is."""

from __future__ import annotations

import html
import re

__all__ = ["md_text", "FORMULA_STARTS"]

# CommonMark lets a backslash escape any ASCII punctuation; these are the ones that can start
# or end markup (emphasis, links, images, headings, lists, tables, code, raw HTML).
_MARKDOWN_PUNCTUATION = re.compile(r"[\\`*_{}\[\]()#+\-.!|~>]")
FORMULA_STARTS = ("=", "+", "-", "@")  # a spreadsheet would run these as formulas


def md_text(value: object) -> str:
    """``value`` as literal text inside Markdown: HTML is escaped, Markdown punctuation too.

    Examples
    --------
    >>> md_text('X<link href="file:///etc/passwd">')
    'X&lt;link href=&quot;file:///etc/passwd&quot;&gt;'
    >>> md_text("[点我](http://x) *永修县*")
    '\\\\[点我\\\\]\\\\(http://x\\\\) \\\\*永修县\\\\*'
    """
    return _MARKDOWN_PUNCTUATION.sub(r"\\\g<0>", html.escape(str(value), quote=True))
