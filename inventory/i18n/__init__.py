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
from collections.abc import Callable, Mapping
from functools import cache
from pathlib import Path

from babel import Locale
from babel.messages.pofile import read_po

LANGUAGES = ("da", "en")
DEFAULT_LANGUAGE = "da"
LOCALE_DIR = Path(__file__).parent / "locale"
_LOCALES = {"da": "da_DK", "en": "en_GB"}  # for the plural rules; formatting.LOCALES for the rest

_PLACEHOLDER = re.compile(r"\{(\w+)\}")


def known(language: str | None) -> str:
    """The language asked for when we have it, else Danish."""
    return language if language in LANGUAGES else DEFAULT_LANGUAGE


@cache
def _read(language: str) -> tuple[dict[str, str], dict[str, tuple[str, ...]]]:
    """Every .po file of one language (messages.po first): msgid -> words, and msgid -> plural forms for
    the entries with a `msgid_plural` (their words in `catalogue` are the form for many)."""
    folder = LOCALE_DIR / known(language) / "LC_MESSAGES"
    words: dict[str, str] = {}
    plurals: dict[str, tuple[str, ...]] = {}
    for path in sorted(folder.glob("*.po"), key=lambda p: (p.name != "messages.po", p.name)):
        with path.open("rb") as po:
            for message in read_po(po, locale=known(language)):
                if message.id and isinstance(message.id, str) and isinstance(message.string, str):
                    words[message.id] = message.string
                elif message.id and isinstance(message.id, tuple) and isinstance(message.string, tuple):
                    forms = tuple(str(form) for form in message.string)
                    words[message.id[0]] = forms[-1]
                    plurals[message.id[0]] = forms
    return words, plurals


def catalogue(language: str) -> dict[str, str]:
    """msgid -> translation for one language, from every .po file of that language (messages.po first)."""
    return _read(known(language))[0]


def plural_forms(language: str) -> dict[str, tuple[str, ...]]:
    """msgid -> its forms by number ("{days} dag", "{days} dage") for the entries that have them."""
    return _read(known(language))[1]


@cache
def _plural_rule(language: str) -> Callable[[int], str]:
    return Locale.parse(_LOCALES[known(language)]).plural_form  # CLDR: "one", "other", ...


def words_for(language: str, key: str, values: Mapping[str, object]) -> str | None:
    """The words of `key` for these values: for an entry with plural forms, the form for the number of
    its first placeholder holding a whole number (CLDR's rule for the language, by Babel: "1 dag", "2
    dage"); None for a key the catalogue lacks."""
    forms = plural_forms(language).get(key)
    if forms is None:
        return catalogue(language).get(key)
    for name in _PLACEHOLDER.findall(forms[-1]):
        count = values.get(name)
        if isinstance(count, int) and not isinstance(count, bool):
            return forms[0] if _plural_rule(language)(abs(count)) == "one" else forms[-1]
    return forms[-1]


def texts(language: str) -> dict[str, str]:
    """Every word in one language: what the scan page's script gets as its dictionary."""
    return dict(catalogue(known(language)))


def fill(text: str, values: dict[str, object]) -> str:
    """`{name}` placeholders from `values`; an unknown placeholder stays as written."""
    return _PLACEHOLDER.sub(lambda m: str(values[m[1]]) if m[1] in values else m[0], text)


def gettext(language: str, key: str, **values: object) -> str:
    """The word for `key` in `language` with its placeholders filled; an unknown key shows as itself."""
    words = words_for(known(language), key, values)
    return fill(key if words is None else words, values)


def translator(language: str) -> Callable[..., str]:
    """t("scan.stock_here", total=5, unit="pen") for templates and reports in one language."""
    words = catalogue(known(language))
    plural = plural_forms(known(language))

    def t(key: str, **values: object) -> str:
        if key in plural:
            return fill(words_for(known(language), key, values) or key, values)
        return fill(words.get(key, key), values)

    return t


def N_(key: str) -> str:  # noqa: N802 - the gettext name pybabel looks for
    """Marks a key for extraction where it is only named, not translated yet (e.g. navigation labels)."""
    return key
