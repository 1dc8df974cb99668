"""The clinic's vocabulary as plain types: what an item is, how stock moves, who may do what."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum


class Category(StrEnum):
    MEDICINE = "medicine"
    LAB = "lab"
    DENTAL = "dental"
    CONSUMABLE = "consumable"
    EQUIPMENT = "equipment"

    @property
    def requires_expiry_by_default(self) -> bool:
        return self in (Category.MEDICINE, Category.LAB, Category.DENTAL)


class OperationKind(StrEnum):
    """One user action on the ledger; it writes one or more movements."""

    RECEIPT = "receipt"
    ISSUE = "issue"
    ADJUSTMENT = "adjustment"
    REVERSAL = "reversal"
    DISPOSAL = "disposal"  # expired, quarantined or otherwise unusable stock destroyed (domain/disposal.py)
    RETURN = "return"  # stock sent back to its supplier, a credit expected (domain/returns.py)
    TRANSFER_OUT = "transfer_out"  # stock leaves the sending site, in transit (domain/transfers.py)
    TRANSFER_IN = "transfer_in"  # a transfer's units arrive at the receiving site
    TRANSFER_LOSS = "transfer_loss"  # units of a transfer short or damaged on arrival, lost at the receiver


class DispensedIn(StrEnum):
    """How an item is handed out: counted in units (tablets from a jar), or only in whole packs."""

    UNITS = "units"
    PACKS = "packs"


class IssueReason(StrEnum):
    PATIENT = "patient"
    TREATMENT = "treatment"
    LAB = "lab"
    DENTAL = "dental"
    OTHER = "other"


class AdjustmentReason(StrEnum):
    COUNT = "count"
    DAMAGED = "damaged"
    FOUND = "found"
    CORRECTION = "correction"
    OTHER = "other"


class Role(StrEnum):
    VOLUNTEER = "volunteer"
    PHARMACIST = "pharmacist"
    FINANCE = "finance"
    ADMIN = "admin"


@dataclass(frozen=True)
class BatchStock:
    """Stock of one batch at one site, as FEFO allocation sees it."""

    batch_id: int
    quantity: int
    expiry: date | None
    quarantined: bool = False


@dataclass(frozen=True)
class Allocation:
    batch_id: int
    quantity: int
    expiry: date | None
