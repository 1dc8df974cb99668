"""Texts the server itself writes into the ledger (an undo's note, a disposal's reference), worded in the
page's language when shown: the stored text stays as it was written, for old rows and the API alike."""

from __future__ import annotations

import re

from inventory.i18n import gettext

_WRITTEN = [
    (re.compile(r"undone on the scan page"), "words.note.undone_on_scan_page"),  # services/scan_movements
    (re.compile(r"disposal (?P<id>\d+)"), "words.reference.disposal"),  # services/disposal
]


def server_text(text: str | None, language: str) -> str:
    """`text` in the language when the server wrote it, else as the person wrote it."""
    if not text:
        return ""
    for pattern, key in _WRITTEN:
        found = pattern.fullmatch(text.strip())
        if found:
            return gettext(language, key, **found.groupdict())
    return text
