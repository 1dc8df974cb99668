"""Transfers between sites: their states, what a receipt may say, the packing list's code.

A transfer's stock leaves the sender when it is sent and is in transit until the receiving site
confirms it, line by line: each line's units are either received or lost (short or damaged, with a
reason), never more than were sent. A transfer not yet received may be cancelled: its stock goes back.
A transfer holding a controlled item waits for a pharmacist's approval before anything leaves.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

from .errors import Conflict, InvalidInput

CODE_PREFIX = "RKT"  # a clinic code, like the batch labels' RKB<n>: "RKT" and the transfer's id
_CODE = re.compile(r"^RKT(\d{1,12})$")


class TransferState(StrEnum):
    AWAITING_APPROVAL = "awaiting_approval"  # holds a controlled item; nothing has left yet
    IN_TRANSIT = "in_transit"  # sent: left the sender, not yet (fully) received
    RECEIVED = "received"  # every line received (or lost on the way)
    CANCELLED = "cancelled"  # before receipt: the stock went back to the sender


class LossReason(StrEnum):
    SHORT = "short"  # fewer arrived than were sent
    DAMAGED = "damaged"  # arrived unusable


class TransferNotOpen(Conflict, code="transfer-not-open", title="The transfer cannot change now"):
    """Received twice, cancelled after receipt, approved when not waiting for approval."""


class ReceivedMoreThanSent(Conflict, code="received-more-than-sent", title="More received than was sent"):
    """A line's receipt names more units than the line sent."""


class SameSite(InvalidInput, code="same-site", title="A transfer goes to another site"): ...


@dataclass(frozen=True)
class LineReceipt:
    """What the receiving site says of one line: units received, and why the rest did not arrive."""

    received: int
    reason: LossReason | None = None


def lost_on_receipt(sent: int, receipt: LineReceipt, field: str) -> int:
    """The units of a line lost on the way (sent - received), refusing more than sent or a loss
    without its reason."""
    if receipt.received < 0:
        raise InvalidInput("must not be negative", field=f"{field}.received")
    if receipt.received > sent:
        raise ReceivedMoreThanSent(
            f"{receipt.received} units received, only {sent} were sent",
            field=f"{field}.received",
            extra={"sent": sent, "received": receipt.received},
        )
    lost = sent - receipt.received
    if lost and receipt.reason is None:
        raise InvalidInput(
            f"{lost} units did not arrive: say why (short or damaged)",
            field=f"{field}.reason",
            extra={"sent": sent, "received": receipt.received},
        )
    return lost


def require_state(state: TransferState, allowed: Iterable[TransferState], doing: str) -> None:
    wanted = tuple(allowed)
    if state not in wanted:
        raise TransferNotOpen(
            f"the transfer is {state.value.replace('_', ' ')}; it cannot be {doing}",
            field="transfer",
            extra={"state": state.value},
        )


def state_after_receipt(lines_open: int) -> TransferState:
    return TransferState.IN_TRANSIT if lines_open else TransferState.RECEIVED


@dataclass(frozen=True)
class LineCounts:
    quantity: int
    received: int | None
    lost: int
    cancelled: bool
    sent: bool


def in_transit(lines: Iterable[LineCounts]) -> int:
    """Units on the way: sent - received - lost - cancelled."""
    total = 0
    for line in lines:
        if not line.sent:
            continue
        gone = line.quantity if line.cancelled else (line.received or 0) + line.lost
        total += line.quantity - gone
    return total


def transfer_code(transfer_id: int) -> str:
    return f"{CODE_PREFIX}{transfer_id}"


def parse_transfer_code(text: str) -> int | None:
    """The transfer's id from a packing list's code (`RKT<id>`), or None."""
    found = _CODE.match(text.strip().upper())
    return int(found.group(1)) if found else None
