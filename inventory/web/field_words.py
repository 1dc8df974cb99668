"""A form field named in a refusal, in the page's language: `batch` -> "Batch", `lines.0.batch` and
`lines[0].batch` -> "Linje 1: batch", `quantity_0` -> "Linje 1: antal", `funding.donor` -> "Donor"
(msgids `words.field.<name>`)."""

from __future__ import annotations

import re

from inventory.i18n import catalogue, gettext

_PARTS = re.compile(r"[^.\[\]]+")
_NUMBERED = re.compile(r"(?P<name>[a-z_]+?)_(?P<n>\d+)")


def _word(name: str, language: str) -> str | None:
    return catalogue(language).get(f"words.field.{name}")


def _mid_sentence(word: str) -> str:
    """ "Batch" -> "batch" after "Linje 1:", but "GTIN" and "ATC-kode" keep their capitals."""
    return word[0].lower() + word[1:] if len(word) > 1 and word[1].islower() else word


def field_words(field: str, language: str) -> str:
    """The field as the person knows it; a name the catalogue lacks is shown as the server wrote it.
    A form's repeated field (`quantity_0`, `line_category_1`) is a line too."""
    numbered = _NUMBERED.fullmatch(field)
    if numbered:  # "Linje 2: kategori", not "Linje 2: linjens kategori"
        name = numbered["name"].removeprefix("line_")
        field = f"{numbered['name']}.{numbered['n']}.{name if _word(name, language) else numbered['name']}"
    parts = _PARTS.findall(field)
    names = [(i, part) for i, part in enumerate(parts) if not part.isdigit()]
    if not names:
        return field
    at, name = names[-1]
    word = _word(name, language)
    if word is None:  # a nested field without words of its own: its parent's ("restrictions.x")
        word = next((w for _, n in reversed(names[:-1]) if (w := _word(n, language))), None)
    if word is None:
        return field
    line = next((int(part) + 1 for part in reversed(parts[:at]) if part.isdigit()), None)
    if line is None:
        return word
    return gettext(language, "words.field.in_line", n=line, field=_mid_sentence(word))
