"""Every word of the service in Danish (the default) and English, from Babel gettext catalogues.

The catalogues are `inventory/i18n/locale/<language>/LC_MESSAGES/*.po`, one file per capability
(messages.po for what every page shares, then scanning, pharmacy, reports, fridge, finance, security),
read with Babel when first used: editing a .po file needs no compile step. Msgids are dotted keys,
"capability.name" ("nav.stock", "app.login_title", "finance.add_line"); a key starting with "problem."
names the problem type of an API error (its `type` after /problems/), worded for people. Placeholders
are `{name}`, filled from keyword arguments.

This package sits beside the floors, not in one: the web pages, the scan page's script (`texts`) and
the PDF and spreadsheet reports all word and format (`inventory.i18n.formatting`) the same way.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import cache
from pathlib import Path

from babel.messages.pofile import read_po

LANGUAGES = ("da", "en")
DEFAULT_LANGUAGE = "da"
LOCALE_DIR = Path(__file__).parent / "locale"

_PLACEHOLDER = re.compile(r"\{(\w+)\}")


def known(language: str | None) -> str:
    """The language asked for when we have it, else Danish."""
    return language if language in LANGUAGES else DEFAULT_LANGUAGE


@cache
def catalogue(language: str) -> dict[str, str]:
    """msgid -> translation for one language, from every .po file of that language (messages.po first)."""
    folder = LOCALE_DIR / known(language) / "LC_MESSAGES"
    words: dict[str, str] = {}
    for path in sorted(folder.glob("*.po"), key=lambda p: (p.name != "messages.po", p.name)):
        with path.open("rb") as po:
            for message in read_po(po, locale=known(language)):
                if message.id and isinstance(message.id, str) and isinstance(message.string, str):
                    words[message.id] = message.string
    return words


def texts(language: str) -> dict[str, str]:
    """Every word in one language: what the scan page's script gets as its dictionary."""
    return dict(catalogue(known(language)))


def fill(text: str, values: dict[str, object]) -> str:
    """`{name}` placeholders from `values`; an unknown placeholder stays as written."""
    return _PLACEHOLDER.sub(lambda m: str(values[m[1]]) if m[1] in values else m[0], text)


def gettext(language: str, key: str, **values: object) -> str:
    """The word for `key` in `language` with its placeholders filled; an unknown key shows as itself."""
    return fill(catalogue(known(language)).get(key, key), values)


def translator(language: str) -> Callable[..., str]:
    """t("scan.stock_here", total=5, unit="pen") for templates and reports in one language."""
    words = catalogue(known(language))

    def t(key: str, **values: object) -> str:
        return fill(words.get(key, key), values)

    return t


def N_(key: str) -> str:  # noqa: N802 - the gettext name pybabel looks for
    """Marks a key for extraction where it is only named, not translated yet (e.g. navigation labels)."""
    return key
