"""Receipts and issues by scan: what a scan leaves out is filled in, then the Ledger writes.

The batch of an item-only scan (FEFO on issue; typed by the volunteer on receipt), the quantity (packs or
units, by the item's dispensing unit), the pack's serial (kept; a repeat is refused or flagged), and the
stock after the movement. A refusal carries the item, unit, batch and site as problem members, so that a
page can word it in the volunteer's language.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from inventory.db.tables import Batch, Item, Operation, StockBalance
from inventory.domain import rules
from inventory.domain.access import Permission
from inventory.domain.errors import DomainError, InvalidInput
from inventory.domain.funding import FundingChoice
from inventory.domain.model import DispensedIn, IssueReason, OperationKind
from inventory.scanning import ScannerProfile
from inventory.services import serials
from inventory.services.ledger import IssueCommand, Ledger, OperationResult, ReceiptCommand, ReversalCommand
from inventory.services.scanning import (
    NO_BATCH,
    BatchDetailsNeeded,
    Choice,
    NotAPack,
    Reading,
    Resolution,
    UnknownBatch,
    UnknownGtin,
    WrongSite,
    resolve,
    with_stock,
)

RECENT_SCANS = 20
MAX_UNITS = 1_000_000  # as much as one receipt through the API may hold


@dataclass(frozen=True)
class ScanReceipt:
    site_id: int
    code: str
    quantity: int | None = None  # units of issue
    packs: int | None = None  # or whole packs; neither: the count in the code, else one pack
    unit_cost_ore: int | None = None
    location_id: int | None = None
    reference: str | None = None
    note: str | None = None
    supplier: str | None = None  # the delivery's supplier and delivery note (asked once per delivery)
    delivery_note: str | None = None
    batch_number: str | None = None  # typed by the volunteer when the code carries none
    expiry_date: date | None = None  # likewise
    profile: ScannerProfile | None = None
    funding: FundingChoice | None = None  # who paid; None: the configured default
    reading: Reading | None = None  # the reading chosen when the code reads more than one way

    @property
    def choice(self) -> Choice:
        return Choice(self.reading, self.batch_number, self.expiry_date)


@dataclass(frozen=True)
class ScanIssue:
    site_id: int
    code: str
    quantity: int | None = None  # units of issue
    packs: int | None = None  # or whole packs; neither: one pack or one unit, as the item is dispensed
    count: int | None = None  # or as many as the item is dispensed in: packs or units (the scan page)
    reason: IssueReason = IssueReason.PATIENT
    note: str | None = None
    profile: ScannerProfile | None = None
    reading: Reading | None = None  # the reading chosen when the code reads more than one way
    batch_number: str | None = None  # typed from the pack: settles such a code, names the batch of a GTIN

    @property
    def choice(self) -> Choice:
        return Choice(self.reading, self.batch_number)


@dataclass(frozen=True)
class ScanOutcome:
    result: OperationResult
    after: Resolution  # the scan resolved again after the movement: the new stock
    serial_flagged: bool = False  # an issue of a serial issued before or never received: for the pharmacist


class SerialNamesOnePack(InvalidInput, code="serial-names-one-pack", title="A serial names one pack"):
    """A pack serial (AI 21) names one pack: a count of more than one pack with it is refused."""


async def _resolve_for(
    ledger: Ledger,
    permission: Permission,
    site_id: int,
    code: str,
    profile: ScannerProfile | None,
    choice: Choice | None = None,
) -> Resolution:
    """Refuse who may not before reading the code, then insist on goods that can move."""
    ledger.actor.require(permission)
    ledger.actor.require_site(site_id)
    found = await resolve(ledger.session, site_id, code, ledger.clock.today(), profile, choice)
    if found.location is not None:
        raise NotAPack(
            f"{found.scan.raw} is the label of the shelf '{found.location.name}', not of goods; "
            "scan the pack",
            field="code",
            extra={"reason": "shelf", "location_name": found.location.name},
        )
    if found.unknown_gtin is not None:
        raise UnknownGtin(
            f"barcode {found.unknown_gtin} is not linked to any item yet; a pharmacist can link it",
            field="code",
            extra={"gtin": found.unknown_gtin},
        )
    return found


def _item(found: Resolution) -> Item:
    assert found.item is not None  # every other outcome of resolve was refused by _resolve_for
    return found.item


def _with_context(error: DomainError, found: Resolution, batch_number: str | None = None) -> DomainError:
    """The values a page needs to word any refusal of this scan: item, unit, pack size, batch, site."""
    item = _item(found)
    context: dict[str, object] = {
        "item_name": item.name,
        "unit": item.unit_of_issue,
        "pack_size": item.pack_size,
        "dispensed_in": item.dispensed_in,
        "site_name": found.site.name,
        "batch_number": batch_number or (found.batch.batch_number if found.batch else None),
    }
    for key, value in context.items():
        error.extra.setdefault(key, value)
    return error


async def receive(ledger: Ledger, cmd: ScanReceipt) -> ScanOutcome:
    found = await _resolve_for(ledger, Permission.RECEIVE, cmd.site_id, cmd.code, cmd.profile, cmd.choice)
    item, scan = _item(found), found.scan
    number = None
    try:
        units = _receipt_units(item, cmd, found)
        _one_pack_per_serial(found, units, cmd.quantity, cmd.packs)
        number, expiry = _batch_of_receipt(found, item, cmd)
        if scan.serial and scan.gtin:
            await serials.check_receipt(ledger.session, scan.gtin, scan.serial)
        result = await ledger.receive(
            ReceiptCommand(
                site_id=cmd.site_id,
                item_id=item.id,
                batch_number=number,
                expiry_date=expiry,
                quantity=units,
                unit_cost_ore=cmd.unit_cost_ore,
                location_id=cmd.location_id,
                reference=cmd.reference,
                note=cmd.note,
                funding=cmd.funding,
                supplier=cmd.supplier,
                delivery_note=cmd.delivery_note,
            )
        )
    except DomainError as error:
        raise _with_context(error, found, number) from None
    if scan.serial and scan.gtin:
        batch_id = result.lines[0].batch.id
        await serials.record(ledger.session, result.operation, scan.gtin, scan.serial, batch_id)
    return await _outcome(ledger, found, result)


def _batch_of_receipt(found: Resolution, item: Item, cmd: ScanReceipt) -> tuple[str, date | None]:
    scan = found.scan
    if found.batch is not None:  # the ledger refuses a pack whose expiry differs from the record
        typed_expiry = cmd.expiry_date or found.batch.expiry_date
        return found.batch.batch_number, scan.expiry if scan.kind == "gs1" else typed_expiry
    typed = cmd.batch_number.strip() if cmd.batch_number else None
    number, expiry = scan.batch_number or typed, scan.expiry or cmd.expiry_date
    if item.requires_expiry and (number is None or expiry is None):
        missing = [name for name, value in (("batch_number", number), ("expiry_date", expiry)) if not value]
        raise BatchDetailsNeeded(
            f"the code gives no {' and '.join(m.replace('_', ' ') for m in missing)}, which {item.name} "
            "needs; type them from the pack",
            field=missing[0],
            extra={
                "missing": missing,
                "batch_number": number,
                "expiry": expiry.isoformat() if expiry else None,
            },
        )
    return number or NO_BATCH, expiry


def _receipt_units(item: Item, cmd: ScanReceipt, found: Resolution) -> int:
    if cmd.quantity is not None and cmd.packs is not None:
        raise InvalidInput("give quantity (units) or packs, not both", field="packs")
    if cmd.quantity is not None:
        return cmd.quantity
    # A count in the code (AI 30/37) is read as that many packs: how cases of packs are marked.
    units = (cmd.packs or found.scan.quantity or 1) * item.pack_size
    if units > MAX_UNITS:
        raise InvalidInput(
            f"{units} units is more than one receipt may hold ({MAX_UNITS})",
            field="packs" if cmd.packs else "code",
            extra={"requested": units, "limit": MAX_UNITS},
        )
    return units


def _one_pack_per_serial(
    found: Resolution, units: int, quantity: int | None, packs: int | None, count: int | None = None
) -> None:
    """A serial names one pack: more than one pack's units under it is refused, naming the count given."""
    item, scan = _item(found), found.scan
    if not scan.serial or units <= item.pack_size:
        return
    given = next((name for name, value in (("packs", packs), ("count", count), ("quantity", quantity))
                  if value is not None), "code")  # fmt: skip
    raise SerialNamesOnePack(
        f"the code carries serial {scan.serial}, which names one pack of {item.pack_size}; {units} units "
        "cannot be moved under it. Scan each pack on its own",
        field=given,
        extra={"serial": scan.serial, "requested": units, "pack_size": item.pack_size},
    )


def issue_units(item: Item, quantity: int | None, packs: int | None, count: int | None = None) -> int:
    """Units to issue: whole packs for an item dispensed in packs (one by default), else units (one)."""
    if sum(value is not None for value in (quantity, packs, count)) > 1:
        raise InvalidInput("give one of quantity (units), packs or count", field="packs")
    if count is not None:
        packed = item.dispensed_in == DispensedIn.PACKS.value
        return count * item.pack_size if packed else count
    if packs is not None:
        return packs * item.pack_size
    if item.dispensed_in == DispensedIn.PACKS.value:
        if quantity is None:
            return item.pack_size
        if quantity % item.pack_size:
            raise InvalidInput(
                f"{item.name} is dispensed in whole packs of {item.pack_size}; {quantity} is not",
                field="quantity",
                extra={"requested": quantity, "pack_size": item.pack_size},
            )
    return 1 if quantity is None else quantity


async def issue(ledger: Ledger, cmd: ScanIssue) -> ScanOutcome:
    found = await _resolve_for(ledger, Permission.ISSUE, cmd.site_id, cmd.code, cmd.profile, cmd.choice)
    item, scan = _item(found), found.scan
    try:
        units = issue_units(item, cmd.quantity, cmd.packs, cmd.count)
        _one_pack_per_serial(found, units, cmd.quantity, cmd.packs, cmd.count)
        batch = _batch_of_issue(found)
        result = await ledger.issue(
            IssueCommand(
                site_id=cmd.site_id,
                item_id=item.id,
                quantity=units,
                reason=cmd.reason,
                batch_id=batch.id if batch else None,  # None: FEFO picks
                note=cmd.note,
            )
        )
    except DomainError as error:
        raise _with_context(error, found, scan.batch_number) from None
    flagged = False
    if scan.serial and scan.gtin:
        moved = result.lines[0].batch.id if len(result.lines) == 1 else None
        whole_pack = sum(-line.movement.quantity for line in result.lines) % item.pack_size == 0
        flagged = await serials.record(
            ledger.session, result.operation, scan.gtin, scan.serial, moved, whole_pack=whole_pack
        )
    return replace(await _outcome(ledger, found, result), serial_flagged=flagged)


def _batch_of_issue(found: Resolution) -> Batch | None:
    scan, batch = found.scan, found.batch
    if batch is None:
        if scan.batch_number is not None:
            raise UnknownBatch(
                f"batch {scan.batch_number} of {_item(found).name} was never received; receive it first",
                field="code",
            )
        return None
    if scan.kind == "gs1" and scan.expiry is not None:
        rules.check_batch_expiry(batch.expiry_date, scan.expiry, batch.batch_number)
    if not found.batch_on_hand and found.elsewhere:
        where = ", ".join(f"{name} ({quantity})" for name, quantity in found.elsewhere)
        raise WrongSite(
            f"batch {batch.batch_number} is not in stock at {found.site.name}; it is at {where}",
            field="code",
            extra={"held_at": [name for name, _ in found.elsewhere]},
        )
    return batch


async def _outcome(ledger: Ledger, found: Resolution, result: OperationResult) -> ScanOutcome:
    """The stock after the movement, of the batch moved when it was one batch."""
    moved = {line.batch.id: line.batch for line in result.lines}
    batch = found.batch or (next(iter(moved.values())) if len(moved) == 1 else None)
    after = await with_stock(ledger.session, replace(found, batch=batch), ledger.clock.today())
    return ScanOutcome(result, after)


async def undo(ledger: Ledger, operation_id: int) -> tuple[OperationResult, int]:
    """Reverse a scan; answers the reversal and the item's stock at the site after it."""
    result = await ledger.reverse(ReversalCommand(operation_id=operation_id, note="undone on the scan page"))
    return result, await item_on_hand(ledger.session, result.site.id, result.item.id)


# --- the scan page's history -------------------------------------------------------------------------------


async def recent_scans(
    session: AsyncSession, user_id: int, site_id: int, limit: int = RECENT_SCANS
) -> tuple[list[int], dict[int, int]]:
    """Ids of this user's latest receipts and issues at the site (newest first) and which were undone."""
    ids = list(
        await session.scalars(
            select(Operation.id)
            .where(
                Operation.user_id == user_id,
                Operation.site_id == site_id,
                Operation.kind.in_([OperationKind.RECEIPT.value, OperationKind.ISSUE.value]),
            )
            .order_by(Operation.id.desc())
            .limit(limit)
        )
    )
    undone = await session.execute(
        select(Operation.reverses_operation_id, Operation.id).where(Operation.reverses_operation_id.in_(ids))
    )
    return ids, {int(original): int(reversal) for original, reversal in undone if original is not None}


async def item_on_hand(session: AsyncSession, site_id: int, item_id: int) -> int:
    total = await session.scalar(
        select(func.coalesce(func.sum(StockBalance.quantity), 0)).where(
            StockBalance.site_id == site_id, StockBalance.item_id == item_id
        )
    )
    return int(total or 0)
