"""What a workbook file really is, and whether it is safe to read, decided before any parser
sees it. The format comes from the first bytes, not the name: a zip is an .xlsx, an OLE2
compound file is an .xls (or a password-protected .xlsx), text is a web page or CSV saved
under an Excel name. A zip's parts are checked against the limits from its directory, and
each sheet is scanned once as it unpacks: an XML DOCTYPE (entity expansion) is refused,
and the grid the sheet would make (its highest row and column) is bounded, because the
reader allocates every cell between A1 and the last one."""

from __future__ import annotations

import re
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path

from ..errors import InputError
from ..i18n import _
from ..limits import Limits, over_limit

__all__ = ["SheetScan", "check_file_size", "is_workbook", "password_protected", "scan_xlsx", "workbook_format"]

MB = 1 << 20
ZIP_MAGIC = b"PK\x03\x04"
OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ENCRYPTED_STREAM = "EncryptedPackage".encode("utf-16-le")  # a password-protected .xlsx inside OLE2
CHUNK = 4 * MB
_SHEET_PART = re.compile(r"^xl/worksheets/[^/]+\.xml$")
_ROOT = re.compile(rb"<(?:([\w.-]+):)?worksheet\b")
# Row and cell references (r="12", r="AB12"), led by a literal so the search runs at memchr speed;
# one written after a tab or new line is missed, counted as placed by order, and bounded that way.
_REF_ROW = re.compile(rb' r="[A-Z]{0,3}(\d{1,10})"')
_REF_COLUMN = {n: re.compile(rb' r="([A-Z]{%d})\d' % n) for n in (1, 2, 3)}
_DOCTYPE = re.compile(rb"<!(?:DOCTYPE|ENTITY)", re.I)
# a formula cell whose value is missing or empty: <f>B2*2</f><v /> or <f>…</f></c>
_UNCACHED = re.compile(rb"<(?:\w+:)?f\b[^>]*>([^<]*)</(?:\w+:)?f>\s*"
                       rb"(?:<(?:\w+:)?v\s*/>|<(?:\w+:)?v>\s*</(?:\w+:)?v>|</(?:\w+:)?c>)")


@dataclass
class SheetScan:
    """What one pass over a sheet's XML found."""

    rows: int = 0  # highest row the grid will reach
    columns: int = 0  # highest column
    has_hyperlinks: bool = False  # =HYPERLINK formulas, whose text may lack a cached value
    uncached: int = 0  # other formulas saved without their value (written by a program, never opened in Excel)
    row_tags: int = 0


def workbook_format(path: Path, limits: Limits) -> str:
    """'xlsx' or 'xls' from the file's first bytes; anything else is refused in one line."""
    with path.open("rb") as handle:
        head = handle.read(4096)
    if head.startswith(ZIP_MAGIC):
        return "xlsx"
    if head.startswith(OLE2_MAGIC):
        check_file_size(path, limits)
        if ENCRYPTED_STREAM in path.read_bytes():
            raise password_protected(path.name)
        return "xls"
    raise InputError(_not_a_workbook(head), file=path.name)


def is_workbook(path: Path) -> bool:
    """Whether the file is an .xlsx or .xls by its first bytes, whatever its name."""
    with path.open("rb") as handle:
        return handle.read(8).startswith((ZIP_MAGIC, OLE2_MAGIC))


def password_protected(file: str) -> InputError:
    return InputError(_("the workbook is protected with a password: open it in Excel, remove the password "
                        "(File > Info > Protect Workbook), save it and run again"), file=file)


def _not_a_workbook(head: bytes) -> str:
    text = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if text.startswith((b"<html", b"<!doctype html", b"<table", b"<meta")) or b"<html" in text[:1024] \
            or text.startswith(b"mime-version"):
        return _("not a workbook but a web page (HTML) saved under an Excel name, as some systems export tables: "
                 "open it in Excel and save it as .xlsx, or export CSV")
    if text.startswith(b"<?xml"):
        return _("not a workbook but an XML file (perhaps Excel 2003 XML): open it in Excel and save it as .xlsx")
    if b"\x00" not in head:
        return _("not a workbook but plain text: if it is a CSV table, give it the .csv suffix")
    return _("not an Excel workbook (neither .xlsx nor .xls content)")


def check_file_size(path: Path, limits: Limits) -> None:
    """Refuse a file larger than part_mb before reading it."""
    size = path.stat().st_size
    if size > limits.part_mb * MB:
        raise over_limit(_("the file is {size:,.0f} MB").format(size=size / MB), "part_mb", limits, path.name)


def scan_xlsx(path: Path, limits: Limits) -> dict[str, SheetScan]:
    """Check an .xlsx against the limits before it is read; a scan per worksheet part."""
    try:
        with zipfile.ZipFile(path) as archive:
            infos = archive.infolist()
            names = {info.filename for info in infos}
            if "xl/workbook.xml" not in names:
                raise InputError(_("not an Excel workbook: a zip file without xl/workbook.xml "
                                   "(a Word or other Office document?)"), file=path.name)
            for info in infos:
                _check_part_size(info, path.name, limits)
            return {info.filename: _scan_sheet(archive, info, path.name, limits)
                    for info in infos if _SHEET_PART.match(info.filename)}
    except (zipfile.BadZipFile, zipfile.LargeZipFile, zlib.error, EOFError, OSError, NotImplementedError, ValueError) as exc:
        raise InputError(_("the workbook is damaged or incomplete ({error})").format(
            error=f"{type(exc).__name__}: {str(exc).splitlines()[0][:100] if str(exc) else 'unreadable zip'}"),
            file=path.name) from None


def _check_part_size(info: zipfile.ZipInfo, file: str, limits: Limits) -> None:
    if info.file_size > limits.part_mb * MB:
        raise over_limit(_("{part} unpacks to {size:,.0f} MB").format(part=info.filename, size=info.file_size / MB),
                         "part_mb", limits, file)
    ratio = info.file_size / max(info.compress_size, 1)
    if info.file_size > MB and ratio > limits.ratio:
        raise over_limit(_("{part} unpacks to {size:,.0f} MB, {ratio:,.0f} times its packed size (a zip bomb?)").format(
            part=info.filename, size=info.file_size / MB, ratio=ratio), "ratio", limits, file)


def _scan_sheet(archive: zipfile.ZipFile, info: zipfile.ZipInfo, file: str, limits: Limits) -> SheetScan:
    """One streaming pass over a sheet: the DOCTYPE check, the grid's extent and formulas."""
    scan = SheetScan()
    prefix: bytes | None = None  # the namespace prefix of the root element, once it is seen
    leftover = b""
    with archive.open(info) as stream:
        while chunk := stream.read(CHUNK):
            text = leftover + chunk
            cut = text.rfind(b">") + 1  # whole tags only, so no reference is split between chunks
            piece, leftover = text[:cut], text[cut:]
            if prefix is None:
                root = _ROOT.search(piece)
                if _DOCTYPE.search(piece, 0, root.start() if root else len(piece)):
                    raise InputError(_("{part} declares XML entities (<!DOCTYPE>), which no Excel workbook does; "
                                       "refused for safety").format(part=info.filename), file=file)
                if root is None:
                    continue
                prefix = root[1] + b":" if root[1] else b""
            _extent(piece, prefix, scan)
            scan.has_hyperlinks = scan.has_hyperlinks or b"HYPERLINK(" in piece.upper()
            scan.uncached += sum(1 for f in _UNCACHED.findall(piece) if b"HYPERLINK(" not in f.upper())
    if scan.columns > limits.columns:
        raise over_limit(_("{part} has {columns:,} columns").format(part=info.filename, columns=scan.columns), "columns",
                         limits, file)
    if scan.rows * scan.columns > limits.cells:
        raise over_limit(_("{part} spans {rows:,} rows x {columns:,} columns").format(
            part=info.filename, rows=scan.rows, columns=scan.columns), "cells", limits, file)
    return scan


def _extent(piece: bytes, prefix: bytes, scan: SheetScan) -> None:
    """Raise the scan's rows and columns to what this piece of sheet XML reaches: the highest
    reference, or, for cells and rows placed by order without one, a count."""
    rows = _REF_ROW.findall(piece)
    if rows:
        scan.rows = max(scan.rows, max(map(int, rows)))
    for letters in (3, 2, 1):
        if found := _REF_COLUMN[letters].findall(piece):
            scan.columns = max(scan.columns, _column_number(max(found)))
            break
    row_tags = sum(piece.count(b"<" + prefix + b"row" + end) for end in (b" ", b">", b"/"))
    cell_tags = sum(piece.count(b"<" + prefix + b"c" + end) for end in (b" ", b">", b"/"))
    scan.row_tags += row_tags
    if cell_tags + row_tags > len(rows):  # some placed by order: bound by counting instead
        scan.rows = max(scan.rows, scan.row_tags) + row_tags
        scan.columns = max(scan.columns, max(part.count(b"<" + prefix + b"c") for part in piece.split(b"<" + prefix + b"row")))


def _column_number(letters: bytes) -> int:
    """1 for A, 27 for AA."""
    number = 0
    for letter in letters:
        number = number * 26 + letter - 64
    return number
