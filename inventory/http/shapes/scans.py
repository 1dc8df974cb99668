"""msgspec shapes of scanning (the API's /scans and the scan page share them), and how a scan's
resolution becomes one."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated

from msgspec import Meta, Struct

from inventory.domain.expiry import ExpiryStatus, expiry_status
from inventory.domain.model import DispensedIn, IssueReason
from inventory.http.shapes.convert import batch_ref, block_ref, location_read
from inventory.http.shapes.core import (
    BatchRef,
    BlockRef,
    DeliveryNote,
    Forbid,
    FundingCreate,
    Id,
    LocationRead,
    OperationRead,
    Ore,
    Quantity,
    ShortText,
    Text,
)
from inventory.scanning import ScannerProfile
from inventory.scanning.codes import LAYOUT_REPAIRED, SEPARATOR_GUESSED
from inventory.services.scanning import Choice, Reading, Resolution
from inventory.services.serials import SerialFlag

# Longer than any barcode, so that parse_scan, not the schema, explains an over-long scan.
Code = Annotated[str, Meta(min_length=1, max_length=2000, description="What the scanner typed, as typed")]
Packs = Annotated[int, Meta(ge=1, le=10_000, description="Whole packs; times the item's pack size")]
BatchNumber = Annotated[str, Meta(min_length=1, max_length=40, description="Typed from the pack")]


class Scanner(Forbid, kw_only=True):
    """What the scanner check found out about this device's scanner; the parser reads its codes so."""

    sends_gs: bool | None = None  # True: never guess a lost group separator
    us_layout: bool | None = None  # True: undo a US-layout scanner typing into a Danish keyboard layout

    def profile(self) -> ScannerProfile:
        return ScannerProfile(sends_gs=self.sends_gs, us_layout=self.us_layout)


def profile_of(scanner: Scanner | None) -> ScannerProfile | None:
    return scanner.profile() if scanner else None


class ScanReading(Forbid, kw_only=True):
    """One reading of a code that reads more than one way (as `ambiguous-scan` lists them), chosen by the
    volunteer: sent as its fields with the code, never as a code to parse again. It must be one of the
    code's readings (else 422 `reading-not-in-code`)."""

    gtin: Annotated[str, Meta(min_length=8, max_length=14)] | None = None
    batch_number: BatchNumber | None = None
    serial: Annotated[str, Meta(min_length=1, max_length=20)] | None = None
    expiry: date | None = None
    quantity: Annotated[int, Meta(ge=0, le=99_999_999)] | None = None

    def reading(self) -> Reading:
        return Reading(self.gtin, self.batch_number, self.serial, self.expiry, self.quantity)


def reading_of(chosen: ScanReading | None) -> Reading | None:
    return chosen.reading() if chosen else None


class ScanResolve(Forbid, kw_only=True):
    site: Id
    code: Code
    scanner: Scanner | None = None
    reading: ScanReading | None = None  # the reading chosen of a code that reads more than one way
    batch_number: BatchNumber | None = None  # typed from the pack: settles such a code

    def choice(self) -> Choice:
        return Choice(reading_of(self.reading), self.batch_number)


class ScanReceive(Forbid, kw_only=True):
    site: Id
    code: Code
    quantity: Quantity | None = None
    packs: Packs | None = None
    unit_cost_ore: Ore | None = None
    location: Id | None = None
    reference: ShortText | None = None
    note: Text | None = None
    supplier: ShortText | None = None  # the delivery's supplier, asked once per delivery on the scan page
    delivery_note: DeliveryNote | None = None
    batch_number: BatchNumber | None = None  # when the code carries none (an EAN alone)
    expiry_date: date | None = None  # likewise
    scanner: Scanner | None = None
    funding: FundingCreate | None = None  # as for POST /api/v1/receipts; none: the configured default
    reading: ScanReading | None = None  # the reading chosen of a code that reads more than one way


class ScanIssue(Forbid, kw_only=True):
    site: Id
    code: Code
    quantity: Quantity | None = None
    packs: Packs | None = None
    count: (
        Annotated[
            int,
            Meta(
                ge=1,
                le=10_000,
                description="How many of what the item is dispensed in: "
                "whole packs or units (see the item's dispensed_in)",
            ),
        ]
        | None
    ) = None
    reason: IssueReason = IssueReason.PATIENT
    note: Text | None = None
    scanner: Scanner | None = None
    reading: ScanReading | None = None  # the reading chosen of a code that reads more than one way
    batch_number: BatchNumber | None = None  # typed from the pack: settles such a code; must be the code's


class ScanUndo(Forbid, kw_only=True):
    operation: Id


class ScanLink(Forbid, kw_only=True):
    gtin: Annotated[str, Meta(min_length=8, max_length=14)]
    item: Id


class ScannedCode(Struct, kw_only=True):
    """The fields read from the code, before the database was asked."""

    kind: str  # gs1, gtin or clinic
    gtin: str | None
    expiry: date | None
    batch_number: str | None
    serial: str | None
    quantity: int | None
    label: str | None  # clinic labels: batch, location or item
    label_id: int | None
    symbology: str | None


class ScanItem(Struct, kw_only=True):
    id: int
    name: str
    unit_of_issue: str
    pack_size: int
    requires_expiry: bool
    dispensed_in: DispensedIn


class ScanBatch(Struct, kw_only=True):
    id: int
    batch_number: str
    expiry_date: date | None
    expiry_status: ExpiryStatus


class HeldAt(Struct, kw_only=True):
    site_name: str
    quantity: int


class Notice(Struct, kw_only=True, omit_defaults=True):
    """A warning by kind, with the values its sentence needs, so that a page words it in its language:
    separator-guessed (before: AIs), layout-repaired, expiry-differs (scanned/recorded expiry)."""

    kind: str
    before: list[str] | None = None
    batch_number: str | None = None
    scanned_expiry: date | None = None
    recorded_expiry: date | None = None


class ScanRead(Struct, kw_only=True):
    """What a scan names at a site and the stock of it there (after the movement, for a movement)."""

    site: int
    site_name: str
    code: ScannedCode
    item: ScanItem | None
    batch: ScanBatch | None
    location: LocationRead | None
    unknown_gtin: str | None
    batch_on_hand: int | None
    batch_quarantined: bool = False  # in quarantine at this site: never issued
    block: BlockRef | None = None  # an open recall or clinic-wide quarantine of the scanned batch: show first
    item_on_hand: int | None
    first_to_expire: BatchRef | None
    held_elsewhere: list[HeldAt]
    warnings: list[str]
    notices: list[Notice]


class ScanMovementRead(Struct, kw_only=True):
    operation: OperationRead
    scan: ScanRead
    units: int  # moved, in the item's unit of issue
    packs: int | None  # the same in whole packs; None when it is not a whole number of packs
    serial_flagged: bool  # an issue of a pack serial issued before or never received: for the pharmacist


class SerialFlagRead(Struct, kw_only=True):
    """An issue of a pack serial that had been issued before (and not undone), or never received."""

    id: int
    gtin: str
    serial: str
    operation: int
    site: int
    site_name: str
    item: int
    item_name: str
    batch: int | None
    batch_number: str | None
    issued_by: str
    issued_at: datetime
    earlier_operations: list[int]
    reason: str  # issued-twice or never-received


def serial_flag_read(flag: SerialFlag) -> SerialFlagRead:
    return SerialFlagRead(
        id=flag.id,
        gtin=flag.gtin,
        serial=flag.serial,
        operation=flag.operation_id,
        site=flag.site_id,
        site_name=flag.site_name,
        item=flag.item_id,
        item_name=flag.item_name,
        batch=flag.batch_id,
        batch_number=flag.batch_number,
        issued_by=flag.issued_by,
        issued_at=flag.issued_at,
        earlier_operations=list(flag.earlier_operation_ids),
        reason=flag.reason.value,
    )


class UndoRead(Struct, kw_only=True):
    operation: OperationRead
    item_on_hand: int


class RecentScanRead(Struct, kw_only=True):
    operation: OperationRead
    undone_by: int | None
    can_undo: bool


def scan_read(found: Resolution, today: date, warning_days: int) -> ScanRead:
    scan, item, batch = found.scan, found.item, found.batch
    return ScanRead(
        site=found.site.id,
        site_name=found.site.name,
        code=ScannedCode(
            kind=scan.kind,
            gtin=scan.gtin,
            expiry=scan.expiry,
            batch_number=scan.batch_number,
            serial=scan.serial,
            quantity=scan.quantity,
            label=scan.clinic_kind,
            label_id=scan.clinic_id,
            symbology=scan.symbology,
        ),
        item=ScanItem(
            id=item.id,
            name=item.name,
            unit_of_issue=item.unit_of_issue,
            pack_size=item.pack_size,
            requires_expiry=item.requires_expiry,
            dispensed_in=DispensedIn(item.dispensed_in),
        )
        if item
        else None,
        batch=ScanBatch(
            id=batch.id,
            batch_number=batch.batch_number,
            expiry_date=batch.expiry_date,
            expiry_status=expiry_status(batch.expiry_date, today, warning_days),
        )
        if batch
        else None,
        location=location_read(found.location) if found.location else None,
        unknown_gtin=found.unknown_gtin,
        batch_on_hand=found.batch_on_hand,
        batch_quarantined=found.batch_quarantined,
        block=block_ref(found.block) if found.block else None,
        item_on_hand=found.item_on_hand,
        first_to_expire=batch_ref(found.first_to_expire) if found.first_to_expire else None,
        held_elsewhere=[HeldAt(site_name=name, quantity=quantity) for name, quantity in found.elsewhere],
        warnings=list(found.warnings),
        notices=notices(found),
    )


def notices(found: Resolution) -> list[Notice]:
    made = []
    for warning in found.warnings:
        if warning.startswith(SEPARATOR_GUESSED):
            before = warning.removeprefix(SEPARATOR_GUESSED).strip(" ()").removeprefix("before ")
            made.append(Notice(kind="separator-guessed", before=before.split(", ")))
        elif warning == LAYOUT_REPAIRED:
            made.append(Notice(kind="layout-repaired"))
    scan, batch = found.scan, found.batch
    differs = scan.kind == "gs1" and scan.expiry is not None and batch and scan.expiry != batch.expiry_date
    if batch is not None and differs:
        made.append(Notice(kind="expiry-differs", batch_number=batch.batch_number,
                           scanned_expiry=scan.expiry, recorded_expiry=batch.expiry_date))  # fmt: skip
    return made
