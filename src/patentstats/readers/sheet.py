"""A grid of cells as the readers see it, and the decoding of a text file's bytes: shared by
the readers of CSV and workbooks (``files``) and of web pages (``html``)."""

from __future__ import annotations

from dataclasses import dataclass

from ..errors import InputError
from ..i18n import _

__all__ = ["Sheet", "decode_csv_bytes"]


@dataclass
class Sheet:
    """One grid of cells; ``rows[i]`` is spreadsheet row ``i + 1``."""

    file: str
    name: str | None
    rows: list[list[object]]


def decode_csv_bytes(data: bytes, file: str) -> tuple[str, str]:
    """Text and encoding name of a CSV: BOM, then UTF-8, then GB18030 (a superset of GBK)."""
    candidates: tuple[str, ...]
    if data.startswith(b"\xef\xbb\xbf"):
        candidates = ("utf-8-sig",)
    elif data.startswith((b"\xff\xfe", b"\xfe\xff")):
        candidates = ("utf-16",)
    else:
        candidates = ("utf-8", "gb18030")
    for encoding in candidates:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if "\x00" in text:
            break
        return text, encoding
    raise InputError(_("cannot decode the text: expected UTF-8 (with or without BOM), GBK or GB18030"), file=file)
