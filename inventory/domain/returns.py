"""Returns to a supplier, and packs set aside from the scan page.

- A return sends stock back to the supplier it came from (recalled, damaged, a wrong delivery, or
  another reason with a note), with the supplier's name and their reference (an RMA or return number).
  Its value leaves the grant as a *return*: a credit expected from the supplier, neither consumption nor
  waste. A recalled or quarantined batch may be returned: that is what a recall return is for.
- A pack set aside (damaged, suspicious, recalled, or another reason with a note) goes into quarantine
  at the site, marked as set aside by whoever scanned it, until a pharmacist decides.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from .errors import InvalidInput
from .quarantine import QuarantineReason, require_note_for_other


class ReturnReason(StrEnum):
    RECALLED = "recalled"
    DAMAGED = "damaged"
    WRONG_DELIVERY = "wrong_delivery"
    OTHER = "other"


class SetAsideReason(StrEnum):
    DAMAGED = "damaged"
    SUSPICIOUS = "suspicious"
    RECALLED = "recalled"
    OTHER = "other"


# A pack set aside is quarantined for the same reason, in the quarantine's words.
QUARANTINE_REASON = {
    SetAsideReason.DAMAGED: QuarantineReason.DAMAGED,
    SetAsideReason.SUSPICIOUS: QuarantineReason.SUSPICIOUS,
    SetAsideReason.RECALLED: QuarantineReason.RECALLED,
    SetAsideReason.OTHER: QuarantineReason.OTHER,
}


@dataclass(frozen=True)
class ReturnLine:
    batch_id: int
    quantity: int


def check_return(
    lines: list[ReturnLine], supplier: str, reference: str, reason: ReturnReason, note: str | None
) -> tuple[str, str, str | None]:
    """Refuses an empty return, a batch named twice, a non-positive quantity, no supplier or reference,
    and the reason "other" without a note; answers the supplier, reference and note, stripped."""
    if not lines:
        raise InvalidInput("name at least one batch to return", field="lines")
    seen: set[int] = set()
    for n, line in enumerate(lines):
        if line.batch_id in seen:
            raise InvalidInput("this batch is named twice; give it one line", field=f"lines.{n}.batch")
        seen.add(line.batch_id)
        if line.quantity <= 0:
            raise InvalidInput("quantity must be a positive whole number", field=f"lines.{n}.quantity")
    cleaned_supplier = supplier.strip()
    if not cleaned_supplier:
        raise InvalidInput("name the supplier the stock goes back to", field="supplier")
    cleaned_reference = reference.strip()
    if not cleaned_reference:
        raise InvalidInput("give the supplier's reference (RMA or return number)", field="reference")
    return cleaned_supplier, cleaned_reference, require_note_for_other(reason, note)
