"""What text the service accepts, decided once for every body, form and query parameter.

- Names, codes, numbers, search terms and every other field: no control characters at all (C0, DEL,
  C1) and no lone surrogates (they cannot be stored as UTF-8: PostgreSQL refuses NUL, SQLite keeps it).
- Free text (notes, comments, descriptions, addresses, reasons) may keep tab, newline and carriage return.
- A scanned code (`code`) may keep the GS character (ASCII 29): GS1 ends variable-length fields with it.
  What a scanner adds around a code (its Enter as CR/LF, a TAB suffix, blanks) is trimmed before the rule
  (`scan_code_text`); a control character inside the code is still refused.

Which rule applies is decided by the field's name alone, so a new endpoint is covered without a word.
"""

from __future__ import annotations

import re

FREE_TEXT_NAMES = frozenset({"note", "notes", "comment", "comments", "description", "address", "reason"})
FREE_TEXT_SUFFIXES = ("_note", "_notes", "_comment", "_description", "_reason")
SCAN_CODE_NAMES = frozenset({"code", "typed"})  # a scan, or what the scanner check read
GS = "\x1d"
SCANNER_ENDS = " \t\r\n"  # what scanners type before or after a code: blanks, TAB, CR, LF

_STRICT = re.compile("[\x00-\x1f\x7f-\x9f\ud800-\udfff]")
_FREE_TEXT = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff]")
_SCAN_CODE = re.compile("[\x00-\x1c\x1e\x1f\x7f-\x9f\ud800-\udfff]")


def is_free_text(name: str) -> bool:
    return name in FREE_TEXT_NAMES or name.endswith(FREE_TEXT_SUFFIXES)


def scan_code_text(value: str) -> str:
    """A scanned code without what the scanner typed around it (CR/LF, TAB, blanks): the one trim."""
    return value.strip(SCANNER_ENDS)


def text_problem(name: str, value: str) -> str | None:
    """Why `value` may not be given for the field `name`, or None when it is acceptable."""
    offset = 0
    if name in SCAN_CODE_NAMES:
        pattern = _SCAN_CODE
        trimmed = scan_code_text(value)
        offset = len(value) - len(value.lstrip(SCANNER_ENDS)) if trimmed else 0
        value = trimmed
    elif is_free_text(name):
        pattern = _FREE_TEXT
    else:
        pattern = _STRICT
    found = pattern.search(value)
    if found is None:
        return None
    character = found.group()
    kind = "a surrogate code point" if "\ud800" <= character <= "\udfff" else "a control character"
    allowed = " (tab and line breaks are allowed here)" if pattern is _FREE_TEXT else ""
    return f"{kind} (U+{ord(character):04X}) at position {found.start() + offset} is not allowed{allowed}"


def json_schema_pattern(name: str) -> str:
    """The rule for the field `name` as a JSON Schema (ECMA-262) pattern, for the OpenAPI.

    Lone surrogates cannot be written in a pattern that UTF-16 engines read alike; they stay unsaid.
    """
    if name in SCAN_CODE_NAMES:  # blanks, TAB, CR and LF only around the code
        return "^[ \\t\\r\\n]*[^\\u0000-\\u001c\\u001e\\u001f\\u007f-\\u009f]*[ \\t\\r\\n]*$"
    if is_free_text(name):
        return "^[^\\u0000-\\u0008\\u000b\\u000c\\u000e-\\u001f\\u007f-\\u009f]*$"
    return "^[^\\u0000-\\u001f\\u007f-\\u009f]*$"
