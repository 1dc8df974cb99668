"""Input repair: what scanners do to GS1 data on the way in, undone where it can be proven.

Too long or empty input, control characters, an AIM symbology prefix ("]d2"), a US-layout scanner typing
into a Danish keyboard layout, and text stand-ins for the group separator.
"""

from __future__ import annotations

import re
import unicodedata

from biip import ParseError
from biip.symbology import GS1Symbology, ISOSymbology, SymbologyIdentifier

from inventory.scanning.errors import ScanError

MAX_SCAN_LENGTH = 512  # a full GS1 DataMatrix on a pack is < 100 characters; more is a pasted document
GS = "\x1d"  # ASCII group separator: ends a variable-length field
BLANKS = re.compile(r"[ \t]+")  # never GS data: GS1 charset 82 has no space


def show(text: str, limit: int = 40) -> str:
    """Scanned text for a message: GS made visible, long junk cut short."""
    shown = text.replace(GS, "<GS>")
    return shown if len(shown) <= limit else shown[:limit] + "…"


def checked_text(raw: str) -> str:
    if len(raw) > MAX_SCAN_LENGTH:
        raise ScanError(
            f"The scan is {len(raw)} characters long; a barcode holds at most {MAX_SCAN_LENGTH}. "
            "Scan one code at a time.",
            extra={"reason": "too-long", "length": len(raw), "limit": MAX_SCAN_LENGTH},
        )
    text = raw.strip()  # str.strip also drops a leading FNC1/trailing GS, which carry no data
    if not text:
        raise ScanError("The scan is empty: scan the barcode again.", extra={"reason": "empty"})
    return text


def reject_unprintable(text: str) -> None:
    for char in text:
        if char in GS_GLYPHS or char in (GS, " ", "\t"):
            continue
        if not char.isascii():
            raise ScanError(
                f"The scan contains {char!r}, which no barcode here holds. Check that the scanner's "
                "keyboard layout matches the computer's, then scan again.",
                extra={"reason": "keyboard-layout", "character": char},
            )
        if not char.isprintable():
            raise ScanError(
                f"The scan contains the control character {ord(char):#04x}; scan again.",
                extra={"reason": "control-character"},
            )


# --- US-layout scanner on a Danish keyboard layout ---------------------------------------------------------
# A scanner sends key positions. Set to US layout on a PC set to Danish (Windows "Danish"), every symbol
# key lands on the Danish character at that position. Letters and digits sit in the same places, so only
# the symbols need undoing. Without a scanner check on record we undo them only when the scan starts with
# a signature that no correct scan can start with:
#   "]d2" -> "¨d2"  "]" is the dead key ¨; it stays bare before letters it cannot combine with (d, C, Q)
#   "]e0" -> "ë0", "]E0" -> "Ë0", "]I1" -> "Ï1"  ... but combines with e, E and I
#   "(01)" -> ")01="  Shift+9 is ")" and Shift+0 is "=" on the Danish layout
#   "https://" -> "httpsÆ--"  Shift+; is Æ and / is -
# "åd2" cannot come from "]" (å is the US "[" key), so it is not treated as a prefix.
DANISH_MISMATCH = re.compile(r"¨[A-Za-z]\d|[ëËÏ]\d|\)\d{2,4}=|(?:https?|HTTPS?)Æ--")
_US_KEY_FOR_DANISH = str.maketrans(
    {
        "½": "`", "§": "~", "+": "-", "´": "=", "`": "+", '"': "@", "¤": "$", "&": "^", "/": "&",
        "(": "*", ")": "(", "=": ")", "?": "_", "å": "[", "Å": "{", "¨": "]", "^": "}", "'": "\\",
        "*": "|", "æ": ";", "Æ": ":", "ø": "'", "Ø": '"', "-": "/", ";": "<", ":": ">", "_": "?",
    }
)  # fmt: skip
# Dead keys that combined with the next letter: ¨ (US "]"), ´ (US "="), ` (US "+"), ^ (US "}").
_DEAD_KEY_FOR_ACCENT = {"\u0308": "]", "\u0301": "=", "\u0300": "+", "\u0302": "}"}


def undo_danish_layout(text: str) -> str:
    keys = []
    for char in text:
        decomposed = unicodedata.normalize("NFD", char)
        if len(decomposed) == 2 and decomposed[1] in _DEAD_KEY_FOR_ACCENT:
            keys.append(_DEAD_KEY_FOR_ACCENT[decomposed[1]] + decomposed[0])
        else:
            keys.append(char.translate(_US_KEY_FOR_DANISH))
    return "".join(keys)


# --- AIM symbology identifier ("]d2", "]C1", "]E0" ...) ----------------------------------------------------

_SYMBOLOGY_NAMES = {
    ISOSymbology.DATA_MATRIX: "datamatrix",
    ISOSymbology.QR_CODE: "qr",
    ISOSymbology.EAN_UPC: "ean",
    ISOSymbology.RSS_EAN_UCC_COMPOSITE: "gs1-databar",
    ISOSymbology.ITF: "itf",
    ISOSymbology.CODE_39: "code39",
    ISOSymbology.AZTEC_CODE: "aztec",
}


def split_symbology_identifier(text: str) -> tuple[SymbologyIdentifier | None, str]:
    if not text.startswith("]"):
        return None, text
    try:
        identifier = SymbologyIdentifier.extract(text)
    except (ParseError, ValueError, IndexError):
        raise ScanError(
            f"The scan starts with '{show(text[:3])}', which is not a symbology prefix; check the "
            "scanner's AIM prefix setting.",
            extra={"reason": "bad-prefix"},
        ) from None
    rest = text[len(identifier) :].strip()
    if not rest:
        raise ScanError(
            f"The scan holds only the prefix '{identifier}' and no data; scan again.",
            extra={"reason": "prefix-only"},
        )
    return identifier, rest


def symbology_name(identifier: SymbologyIdentifier | None) -> str | None:
    if identifier is None:
        return None
    if identifier.iso_symbology is ISOSymbology.CODE_128:
        return "gs1-128" if identifier.gs1_symbology is GS1Symbology.GS1_128 else "code128"
    default = identifier.iso_symbology.name.lower().replace("_", "-")
    return _SYMBOLOGY_NAMES.get(identifier.iso_symbology, default)


# --- group separator stand-ins ---------------------------------------------------------------------------
# Scanners stand in for GS with text when told to (or when a keyboard layout cannot type it). We accept the
# stand-ins that cannot occur inside GS1 data (charset 82 has no \ ^ { } [ ] | ~ or non-ASCII), plus "<GS>":
# "<", "G", "S", ">" are each legal in a batch, but a batch that contains the text "<GS>" does not exist in
# practice, while scanners that print "<GS>" do. "↔" is what Windows types for Alt+029 (code page 437).
GS_GLYPHS = "\u241d\u2194"  # ␝ (symbol for GS) and ↔
_GS_STAND_INS = re.compile(r"<GS>|\{GS\}|\[GS\]|\\x1d|\\u001d|\^\]|[|~\u241d\u2194]", re.IGNORECASE)


def with_real_separators(text: str) -> str:
    """Stand-ins turned into GS, blanks dropped, runs of GS made one, none at either end."""
    text = BLANKS.sub("", _GS_STAND_INS.sub(GS, text))
    return re.sub(GS + "+", GS, text).strip(GS)
