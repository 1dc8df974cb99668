"""Quarantine: stock set apart at a site (expired, damaged, recalled ...) until released or disposed of.

A quarantined batch at a site is never picked by first-expiry-first-out and an issue naming it is
refused (`fefo`). A quarantine is recorded with who, when and why, and its release on the same record.
"""

from __future__ import annotations

from enum import StrEnum

from .errors import InvalidInput


class QuarantineReason(StrEnum):
    EXPIRED = "expired"
    DAMAGED = "damaged"
    RECALLED = "recalled"
    COLD_CHAIN_BREAK = "cold_chain_break"
    SUSPECTED_FALSIFIED = "suspected_falsified"
    SUSPICIOUS = "suspicious"  # a pack that looks wrong, set aside from the scan page (domain/returns.py)
    OTHER = "other"


class BlockKind(StrEnum):
    """A standing block on a batch, by item and batch number: whatever of it reaches a site later goes
    into quarantine there, until a pharmacist closes the block."""

    RECALL = "recall"
    QUARANTINE = "quarantine"  # a clinic-wide quarantine


class ReleaseReason(StrEnum):
    INSPECTED_OK = "inspected_ok"  # checked, found fit for use
    RECALL_WITHDRAWN = "recall_withdrawn"
    RECORDED_IN_ERROR = "recorded_in_error"
    OTHER = "other"


def require_note_for_other(reason: StrEnum, note: str | None, field: str = "note") -> str | None:
    """'Other' says nothing by itself: it needs a note. Answers the note, stripped (None when empty)."""
    cleaned = (note or "").strip() or None
    if reason.value == "other" and cleaned is None:
        raise InvalidInput("a note is required when the reason is 'other'", field=field)
    return cleaned
