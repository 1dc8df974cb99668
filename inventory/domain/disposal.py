"""Disposal: stock destroyed (returned to a pharmacy, clinical waste). Who may, and when it needs more.

- Expired or quarantined stock may be disposed of as it is; other stock needs an explicit reason.
- A disposal that holds a controlled item needs a witness: a second pharmacist (or admin), never the
  person disposing, who confirms with their own password in the same request (checked by the service).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from .errors import InvalidInput, WitnessRefused
from .expiry import is_expired
from .model import Role

WITNESS_ROLES = frozenset({Role.PHARMACIST, Role.ADMIN})


class DisposalMethod(StrEnum):
    PHARMACY_RETURN = "pharmacy_return"  # returned to a pharmacy for destruction
    CLINICAL_WASTE = "clinical_waste"
    OTHER = "other"


@dataclass(frozen=True)
class DisposalLine:
    """One batch to dispose of, as the rules see it."""

    batch_id: int
    quantity: int
    expiry: date | None
    quarantined: bool
    controlled: bool


def needs_reason(line: DisposalLine, today: date) -> bool:
    """Usable stock (neither expired nor quarantined) is disposed of only with a stated reason."""
    return not line.quarantined and not is_expired(line.expiry, today)


def check_lines(lines: list[DisposalLine], reason: str | None, today: date) -> None:
    """Refuses an empty disposal, a batch named twice, a non-positive quantity, and usable stock
    without a reason; each error names the line's field (`lines.N.quantity`)."""
    if not lines:
        raise InvalidInput("name at least one batch to dispose of", field="lines")
    seen: set[int] = set()
    for n, line in enumerate(lines):
        if line.batch_id in seen:
            raise InvalidInput("this batch is named twice; give it one line", field=f"lines.{n}.batch")
        seen.add(line.batch_id)
        if line.quantity <= 0:
            raise InvalidInput("quantity must be a positive whole number", field=f"lines.{n}.quantity")
        if needs_reason(line, today) and not (reason or "").strip():
            raise InvalidInput(
                "this batch is neither expired nor quarantined: give a reason to dispose of it",
                field="reason",
                extra={"line": n, "batch": line.batch_id},
            )


def needs_witness(lines: list[DisposalLine]) -> bool:
    return any(line.controlled for line in lines)


def check_witness(*, actor_id: int, witness_id: int | None, witness_role: Role | None, active: bool) -> None:
    """The witness is another active pharmacist or admin (their password is checked by the caller)."""
    if witness_id is None:
        raise WitnessRefused("a controlled item is disposed of only with a witness", field="witness")
    if witness_id == actor_id:
        raise WitnessRefused("you cannot witness your own disposal", field="witness")
    if not active or witness_role not in WITNESS_ROLES:
        raise WitnessRefused("the witness must be an active pharmacist", field="witness")
