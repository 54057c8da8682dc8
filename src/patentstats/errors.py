"""One error family: every user mistake ends in a ``PatentstatsError`` with a one-line message."""

from __future__ import annotations

from .i18n import _, pgettext

__all__ = ["PatentstatsError", "InputError", "ConflictError", "ReportError"]


class PatentstatsError(Exception):
    """Base class for every error patentstats reports to a user (one line, no traceback)."""


class InputError(PatentstatsError):
    """A file, or a value in it, is not what patentstats can read.

    The message says where (file, sheet, row, column), what was found and what was expected.
    """

    def __init__(
        self,
        what: str,
        *,
        file: str | None = None,
        sheet: str | None = None,
        row: int | None = None,
        column: str | None = None,
    ) -> None:
        self.what, self.file, self.sheet, self.row, self.column = what, file, sheet, row, column
        super().__init__(f"{format_location(file, sheet, row, column)}{what}")


class ConflictError(PatentstatsError):
    """Two sources give different values for the same cell."""


class ReportError(PatentstatsError):
    """A report could not be made; the message says why in one line."""


def format_location(
    file: str | None = None, sheet: str | None = None, row: int | None = None, column: str | None = None
) -> str:
    """Render ``file, sheet S, row R, column C: `` for the parts that are known (in Chinese
    ``file 工作表 "S" 第R行 "C" 列：``)."""
    parts = [file] if file else []
    if sheet:
        parts.append(_("sheet {sheet!r}").format(sheet=sheet))
    if row is not None:
        parts.append(_("row {row}").format(row=row))
    if column:
        parts.append(_("column {column!r}").format(column=column))
    if not parts:
        return ""
    return pgettext("between the parts of a location", ", ").join(parts) + pgettext("after a location", ": ")
