"""From what a scanner typed to stock: what a code names at a site, and receipts and issues by scan.

Parsing is inventory.scanning.codes; writing is the Ledger. This module finds what a parsed code names
(item, batch, shelf) and fills in what a scan leaves out: the batch of an item-only scan (FEFO), the
quantity (one pack in, one unit out), the stock after the movement.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from inventory.db import repo
from inventory.db.tables import Batch, Item, Location, Operation, Site, StockBalance
from inventory.domain import fefo, rules
from inventory.domain.access import Permission
from inventory.domain.errors import Conflict, InvalidInput, UnknownReference
from inventory.domain.funding import FundingChoice
from inventory.domain.model import BatchStock, IssueReason, OperationKind
from inventory.scanning import ParsedScan, parse_scan
from inventory.services import catalogue
from inventory.services.ledger import (
    IssueCommand,
    Ledger,
    OperationResult,
    ReceiptCommand,
    ReversalCommand,
)

# The batch of goods whose barcode carries no batch and that need no expiry (gloves, gauze, equipment).
NO_BATCH = "UDEN-BATCH"
RECENT_SCANS = 20
MAX_ID = 2_147_483_647  # ids are 32-bit in the database
MAX_UNITS = 1_000_000  # as much as one receipt through the API may hold


class UnknownGtin(UnknownReference):
    """A product barcode the catalogue does not know yet; a pharmacist can link it to an item."""

    code = "unknown-gtin"
    title = "Unknown barcode"


class UnknownLabel(UnknownReference):
    """A clinic label (RKB/RKL/RKI) whose number names nothing in this database."""

    code = "unknown-label"
    title = "Unknown clinic label"


class UnknownBatch(UnknownReference):
    code = "unknown-batch"
    title = "Batch never received"


class NotAPack(InvalidInput):
    """A code that names no goods to move: a shelf label, or a product code without batch and expiry."""

    code = "not-a-pack"
    title = "Not a pack"


class WrongSite(Conflict):
    code = "wrong-site"
    title = "Wrong site"


@dataclass(frozen=True)
class Resolution:
    """What one scan names at one site, and the stock of it there."""

    site: Site
    scan: ParsedScan
    item: Item | None = None
    batch: Batch | None = None
    location: Location | None = None
    unknown_gtin: str | None = None
    batch_on_hand: int | None = None
    batch_quarantined: bool = False  # the scanned batch is in quarantine at this site
    item_on_hand: int | None = None
    first_to_expire: Batch | None = None
    elsewhere: tuple[tuple[str, int], ...] = ()  # (site name, quantity) of the batch at other sites
    warnings: tuple[str, ...] = ()


async def resolve(session: AsyncSession, site_id: int, raw: str, today: date) -> Resolution:
    site = await repo.site_by_id(session, site_id)
    scan = parse_scan(raw)
    found = await _match(session, Resolution(site=site, scan=scan, warnings=scan.warnings))
    return await _with_stock(session, found, today)


async def _match(session: AsyncSession, found: Resolution) -> Resolution:
    scan = found.scan
    if scan.kind == "clinic":
        return await _match_label(session, found)
    if scan.gtin is None:
        raise NotAPack("this GS1 code names no product (no GTIN); scan the code on the pack", field="code")
    item = await catalogue.item_by_gtin(session, scan.gtin)
    if item is None:
        return replace(found, unknown_gtin=scan.gtin)
    batch = await repo.find_batch(session, item.id, scan.batch_number) if scan.batch_number else None
    return replace(found, item=item, batch=batch, warnings=(*found.warnings, *_expiry_warning(scan, batch)))


async def _match_label(session: AsyncSession, found: Resolution) -> Resolution:
    kind, number = found.scan.clinic_kind, found.scan.clinic_id
    if number is not None and number <= MAX_ID:  # a mistyped label must not reach SQL out of range
        if kind == "batch" and (batch := await session.get(Batch, number)) is not None:
            return replace(found, batch=batch, item=await repo.item_by_id(session, batch.item_id))
        if kind == "location" and (location := await session.get(Location, number)) is not None:
            return replace(found, location=location)
        if kind == "item" and (item := await session.get(Item, number)) is not None:
            return replace(found, item=item)
    raise UnknownLabel(f"label {found.scan.raw} names no {kind} in this database", field="code")


def _expiry_warning(scan: ParsedScan, batch: Batch | None) -> tuple[str, ...]:
    if batch is None or scan.expiry is None or scan.expiry == batch.expiry_date:
        return ()
    return (f"the pack says expiry {scan.expiry}, batch {batch.batch_number} is recorded with "
            f"{batch.expiry_date or 'none'}",)  # fmt: skip


async def _with_stock(session: AsyncSession, found: Resolution, today: date) -> Resolution:
    if found.item is None:
        return found
    site_id = found.site.id
    stocks = await _batch_stock(session, site_id, found.item.id)
    first = fefo.first_to_expire([stock for stock, _ in stocks], today)
    batch_on_hand = elsewhere = None
    quarantined = False
    if found.batch is not None:
        batch_on_hand, quarantined = await _batch_balance(session, site_id, found.batch.id)
        elsewhere = await _held_elsewhere(session, site_id, found.batch.id)
    return replace(
        found,
        item_on_hand=sum(stock.quantity for stock, _ in stocks),
        batch_on_hand=batch_on_hand,
        batch_quarantined=quarantined,
        first_to_expire=next((batch for _, batch in stocks if first and batch.id == first.batch_id), None),
        elsewhere=elsewhere or (),
    )


async def _batch_stock(session: AsyncSession, site_id: int, item_id: int) -> list[tuple[BatchStock, Batch]]:
    """Like repo.stock_for_issue, without the lock: a look-up must not make issues wait."""
    rows = await session.execute(
        select(StockBalance.quantity, StockBalance.quarantined, Batch)
        .join(Batch, Batch.id == StockBalance.batch_id)
        .where(StockBalance.site_id == site_id, StockBalance.item_id == item_id, StockBalance.quantity > 0)
    )
    return [(BatchStock(b.id, quantity, b.expiry_date, quarantined), b) for quantity, quarantined, b in rows]


async def _batch_balance(session: AsyncSession, site_id: int, batch_id: int) -> tuple[int, bool]:
    """On hand of the batch at the site, and whether it is in quarantine there."""
    row = (
        await session.execute(
            select(StockBalance.quantity, StockBalance.quarantined).where(
                StockBalance.site_id == site_id, StockBalance.batch_id == batch_id
            )
        )
    ).first()
    return (row[0], bool(row[1])) if row else (0, False)


async def _held_elsewhere(session: AsyncSession, site_id: int, batch_id: int) -> tuple[tuple[str, int], ...]:
    rows = await session.execute(
        select(Site.name, StockBalance.quantity)
        .join(Site, Site.id == StockBalance.site_id)
        .where(StockBalance.batch_id == batch_id, StockBalance.site_id != site_id, StockBalance.quantity > 0)
        .order_by(Site.name)
    )
    return tuple((name, quantity) for name, quantity in rows)


# --- movements by scan -------------------------------------------------------------------------------------


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
    funding: FundingChoice | None = None


@dataclass(frozen=True)
class ScanIssue:
    site_id: int
    code: str
    quantity: int | None = None  # units of issue; default one
    reason: IssueReason = IssueReason.PATIENT
    note: str | None = None


@dataclass(frozen=True)
class ScanOutcome:
    result: OperationResult
    after: Resolution  # the scan resolved again after the movement: the new stock


async def _resolve_for(ledger: Ledger, permission: Permission, site_id: int, code: str) -> Resolution:
    """Refuse who may not before reading the code, then insist on goods that can move."""
    ledger.actor.require(permission)
    ledger.actor.require_site(site_id)
    found = await resolve(ledger.session, site_id, code, ledger.clock.today())
    if found.location is not None:
        raise NotAPack(
            f"{found.scan.raw} is the label of the shelf '{found.location.name}', not of goods; "
            "scan the pack",
            field="code",
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


async def receive(ledger: Ledger, cmd: ScanReceipt) -> ScanOutcome:
    found = await _resolve_for(ledger, Permission.RECEIVE, cmd.site_id, cmd.code)
    item = _item(found)
    number, expiry = _batch_of_receipt(found, item)
    result = await ledger.receive(
        ReceiptCommand(
            site_id=cmd.site_id,
            item_id=item.id,
            batch_number=number,
            expiry_date=expiry,
            quantity=_receipt_units(item, cmd, found.scan),
            unit_cost_ore=cmd.unit_cost_ore,
            location_id=cmd.location_id,
            reference=cmd.reference,
            note=cmd.note,
            funding=cmd.funding,
        )
    )
    return await _outcome(ledger, found, result)


def _batch_of_receipt(found: Resolution, item: Item) -> tuple[str, date | None]:
    scan = found.scan
    if found.batch is not None:  # the ledger refuses a pack whose expiry differs from the record
        return found.batch.batch_number, scan.expiry if scan.kind == "gs1" else found.batch.expiry_date
    if item.requires_expiry and (scan.batch_number is None or scan.expiry is None):
        raise NotAPack(
            f"this code gives no batch and expiry date, which {item.name} needs; scan the square "
            "DataMatrix code on the pack, or the clinic's batch label",
            field="code",
        )
    return scan.batch_number or NO_BATCH, scan.expiry


def _receipt_units(item: Item, cmd: ScanReceipt, scan: ParsedScan) -> int:
    if cmd.quantity is not None and cmd.packs is not None:
        raise InvalidInput("give quantity (units) or packs, not both", field="packs")
    if cmd.quantity is not None:
        return cmd.quantity
    # A count in the code (AI 30/37) is read as that many packs: how cases of packs are marked.
    units = (cmd.packs or scan.quantity or 1) * item.pack_size
    if units > MAX_UNITS:
        raise InvalidInput(
            f"{units} units is more than one receipt may hold ({MAX_UNITS})",
            field="packs" if cmd.packs else "code",
        )
    return units


async def issue(ledger: Ledger, cmd: ScanIssue) -> ScanOutcome:
    found = await _resolve_for(ledger, Permission.ISSUE, cmd.site_id, cmd.code)
    item = _item(found)
    batch = _batch_of_issue(found)
    result = await ledger.issue(
        IssueCommand(
            site_id=cmd.site_id,
            item_id=item.id,
            quantity=1 if cmd.quantity is None else cmd.quantity,
            reason=cmd.reason,
            batch_id=batch.id if batch else None,  # None: FEFO picks
            note=cmd.note,
        )
    )
    return await _outcome(ledger, found, result)


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
    after = await _with_stock(ledger.session, replace(found, batch=batch), ledger.clock.today())
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
