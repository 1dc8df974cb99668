"""The parser's own refusals: every way a scan can fail to read is one of these."""

from __future__ import annotations

from inventory.domain.errors import InvalidInput


class ScanError(InvalidInput):
    """A scan that cannot be read without guessing. The detail says what to do next."""

    code = "unreadable-scan"
    title = "Unreadable scan"

    def __init__(self, detail: str, *, field: str | None = "code", extra: dict[str, object] | None = None):
        super().__init__(detail, field=field, extra=extra)


class AmbiguousScan(ScanError):
    """A code that reads two (or more) ways because a group separator was lost; `readings` lists them
    (fields, and `code` re-written with its separators), so that a page can offer them as buttons and send
    the chosen one back as its fields (`reading`) with the code as scanned."""

    code = "ambiguous-scan"
    title = "The code reads two ways"
