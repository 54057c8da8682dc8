"""Messages in the user's language: stdlib gettext with the catalog in locale/zh_CN (made with
Babel: `make messages`). One current translation for the process, set by the CLI from
--lang, PATENTSTATS_LANG or the locale; messages are translated when they are made, so an
error raised deep in a reader comes out in the language chosen.

Imports nothing else from patentstats, so every layer may use it."""

from __future__ import annotations

import argparse
import gettext
import os
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path

__all__ = ["_", "N_", "ngettext", "pgettext", "join", "language", "language_from_environment", "set_language",
           "use_language", "translate_argparse", "LANGUAGES"]

DOMAIN = "patentstats"
LOCALE_DIR = Path(__file__).parent / "locale"
LANGUAGES = ("zh", "en")
_CATALOGS = {"zh": "zh_CN"}

_current: gettext.NullTranslations = gettext.NullTranslations()
_language = "en"


def _(message: str) -> str:
    """The message in the current language (the English msgid when there is no translation)."""
    return _current.gettext(message)


def N_(message: str) -> str:  # noqa: N802 - gettext's conventional name for "mark, translate later"
    """Mark a message for extraction only; it is translated where it is used, with _()."""
    return message


def ngettext(singular: str, plural: str, n: int) -> str:
    return _current.ngettext(singular, plural, n)


def pgettext(context: str, message: str) -> str:
    return _current.pgettext(context, message)


def join(items: Iterable[object]) -> str:
    """The items of a list as the language writes them: "a, b" or "a、b"."""
    return pgettext("between the items of a list", ", ").join(map(str, items))


def language() -> str:
    """'zh' or 'en': the language messages are in now."""
    return _language


def language_from_environment(environ: Mapping[str, str] | None = None) -> str:
    """PATENTSTATS_LANG first, then the locale as gettext reads it (LC_ALL, LC_MESSAGES, LANG):
    Chinese when it starts with zh, English otherwise."""
    environ = os.environ if environ is None else environ
    for name in ("PATENTSTATS_LANG", "LC_ALL", "LC_MESSAGES", "LANG"):
        value = environ.get(name, "")
        if value:
            return "zh" if value.lower().startswith("zh") else "en"
    return "en"


def set_language(lang: str) -> None:
    """Make `lang` ('zh' or 'en') the language of every message from now on."""
    global _current, _language
    catalog = _CATALOGS.get(lang)
    _current = (gettext.translation(DOMAIN, LOCALE_DIR, [catalog], fallback=True) if catalog
                else gettext.NullTranslations())
    _language = lang if catalog else "en"


def translate_argparse() -> None:
    """Let argparse's own texts ("usage:", "error: the following arguments are required") follow
    the current language: argparse looks up its module-level _ and ngettext each time it formats
    usage, help and errors, and their msgids are in our catalog (ARGPARSE_MESSAGES below). For
    the command line only; a library import leaves argparse alone."""
    argparse._ = _  # type: ignore[attr-defined]
    argparse.ngettext = ngettext  # type: ignore[attr-defined]


@contextmanager
def use_language(lang: str) -> Iterator[None]:
    """The messages in `lang` inside the block, the previous language after it."""
    before = _language
    set_language(lang)
    try:
        yield
    finally:
        set_language(before)


# argparse's own texts, marked here so that Babel extracts them into our catalog.
ARGPARSE_MESSAGES = (
    N_("usage: "),
    N_("positional arguments"),
    N_("options"),
    N_("show this help message and exit"),
    N_("argument %(argument_name)s: %(message)s"),
    N_("%(prog)s: error: %(message)s\n"),
    N_("the following arguments are required: %s"),
    N_("one of the arguments %s is required"),
    N_("unrecognized arguments: %s"),
    N_("not allowed with argument %s"),
    N_("ignored explicit argument %r"),
    N_("expected one argument"),
    N_("expected at most one argument"),
    N_("expected at least one argument"),
    N_("ambiguous option: %(option)s could match %(matches)s"),
    N_("invalid %(type)s value: %(value)r"),
    N_("invalid choice: %(value)r (choose from %(choices)s)"),
    N_("invalid choice: %(value)r, choose from %(choices)s"),
    N_("unknown parser %(parser_name)r (choices: %(choices)s)"),
    N_("can't open '%(filename)s': %(error)s"),
)


set_language(language_from_environment())  # a notebook or a child process: the environment's language
