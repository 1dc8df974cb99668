"""From what a scanner typed to stock: what a code names at a site, and the stock of it there.

Parsing is inventory.scanning; receipts and issues by scan are services.scan_movements. This module finds
what a parsed code names (item, batch, shelf), choosing among the readings a lost group separator leaves:
by the volunteer's choice (a reading sent as its fields, or the batch typed from the pack), else by the
batches on record. What the volunteer sends must agree with the code: a reading the code does not hold, or
a typed batch or expiry that differs from the code's own, is refused, never silently put aside.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from inventory.db import repo
from inventory.db.tables import Batch, BatchBlock, Item, Location, Site, StockBalance
from inventory.domain import fefo
from inventory.domain.errors import Conflict, InvalidInput, UnknownReference
from inventory.domain.model import BatchStock
from inventory.scanning import ParsedScan, ScannerProfile, ScanReadings, read_scan
from inventory.services import blocks, catalogue

# The batch of goods whose barcode carries no batch and that need no expiry (gloves, gauze, equipment).
NO_BATCH = "UDEN-BATCH"
MAX_ID = 2_147_483_647  # ids are 32-bit in the database


class UnknownGtin(UnknownReference, code="unknown-gtin", title="Unknown barcode"):
    """A product barcode the catalogue does not know yet; a pharmacist can link it to an item."""


class TransferCode(Conflict, code="transfer-code", title="A transfer's packing list"):
    """A transfer's code (RKT<id>) names no pack: the transfer is opened, to receive it, on its page."""


class UnknownLabel(UnknownReference, code="unknown-label", title="Unknown clinic label"):
    """A clinic label (RKB/RKL/RKI) whose number names nothing in this database."""


class UnknownBatch(UnknownReference, code="unknown-batch", title="Batch never received"): ...


class NotAPack(InvalidInput, code="not-a-pack", title="Not a pack"):
    """A code that names no goods to move: a shelf label, or a product code without batch and expiry."""


class WrongSite(Conflict, code="wrong-site", title="Wrong site"): ...


class ReadingNotInCode(
    InvalidInput, code="reading-not-in-code", title="The chosen reading is not in the code"
):
    """A chosen reading (GTIN, batch, serial, expiry) that is not one of the ways the code reads."""


class TypedBatchDiffers(
    InvalidInput, code="typed-batch-differs", title="The typed batch differs from the code"
):
    """A batch typed from the pack that differs from the batch in the code (or from every reading of it)."""


class TypedExpiryDiffers(
    InvalidInput, code="typed-expiry-differs", title="The typed expiry differs from the code"
):
    """An expiry typed from the pack that differs from the expiry in the code."""


@dataclass(frozen=True)
class Reading:
    """One reading of a code as the volunteer chose it: its fields, not a code to parse again."""

    gtin: str | None
    batch_number: str | None = None
    serial: str | None = None
    expiry: date | None = None
    quantity: int | None = None


@dataclass(frozen=True)
class Choice:
    """What the volunteer said about a code: the reading chosen, and the batch and expiry typed."""

    reading: Reading | None = None
    batch_number: str | None = None
    expiry_date: date | None = None

    @property
    def typed_batch(self) -> str | None:
        return self.batch_number.strip() or None if self.batch_number else None


def reading_of(scan: ParsedScan) -> Reading:
    return Reading(scan.gtin, scan.batch_number, scan.serial, scan.expiry, scan.quantity)


def _same_reading(scan: ParsedScan, chosen: Reading) -> bool:
    gtin = chosen.gtin.zfill(14) if chosen.gtin and chosen.gtin.isdigit() else chosen.gtin
    return reading_of(scan) == replace(chosen, gtin=gtin)


def readings_extra(scans: tuple[ParsedScan, ...]) -> list[dict[str, object]]:
    """The code's readings as problem members (as an ambiguous-scan lists them), to choose from again."""
    return [
        {"gtin": s.gtin, "batch_number": s.batch_number, "serial": s.serial,
         "expiry": s.expiry.isoformat() if s.expiry else None, "quantity": s.quantity}
        for s in scans
    ]  # fmt: skip


class BatchDetailsNeeded(InvalidInput, code="batch-details-needed", title="Batch and expiry needed"):
    """A pack whose code gives no batch or expiry (an EAN alone): the page asks the volunteer for them."""


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
    block: BatchBlock | None = None  # an open recall or clinic-wide quarantine of the scanned batch
    item_on_hand: int | None = None
    first_to_expire: Batch | None = None
    elsewhere: tuple[tuple[str, int], ...] = ()  # (site name, quantity) of the batch at other sites
    warnings: tuple[str, ...] = ()


async def resolve(
    session: AsyncSession,
    site_id: int,
    raw: str,
    today: date,
    profile: ScannerProfile | None = None,
    choice: Choice | None = None,
) -> Resolution:
    site = await repo.site_by_id(session, site_id)
    scan = await settle(session, read_scan(raw, profile), choice)
    if choice is not None:
        check_typed(scan, choice)
        if scan.kind == "gtin" and choice.typed_batch:  # a product code alone: the batch is the typed one
            scan = replace(scan, batch_number=choice.typed_batch)
    found = await _match(session, Resolution(site=site, scan=scan, warnings=scan.warnings))
    return await with_stock(session, found, today)


async def settle(session: AsyncSession, readings: ScanReadings, choice: Choice | None = None) -> ParsedScan:
    """Choose among the readings a lost separator leaves: the reading the volunteer chose (it must be
    one of the code's), else the one whose batch the volunteer typed, else the one whose batch is on
    record for its GTIN, else the parser's choice when it had strong evidence; else ask (AmbiguousScan)."""
    options = readings.candidates or (readings.preferred,)
    if choice is not None and choice.reading is not None:
        chosen = next((scan for scan in options if _same_reading(scan, choice.reading)), None)
        if chosen is None:
            raise ReadingNotInCode(
                "the chosen reading (GTIN, batch, serial, expiry) is not one of the ways this code reads; "
                "choose one of the readings listed",
                field="reading",
                extra={"readings": readings_extra(options)},
            )
        return chosen
    typed = choice.typed_batch if choice else None
    if typed is not None and readings.candidates:
        same = [scan for scan in readings.candidates if scan.batch_number == typed]
        if len(same) == 1:
            return same[0]
        if not same:
            raise TypedBatchDiffers(
                f"the typed batch {typed} is none of the batches this code reads as "
                f"({', '.join(s.batch_number or '-' for s in readings.candidates)}); check the pack",
                field="batch_number",
                extra={"typed_batch": typed, "readings": readings_extra(readings.candidates)},
            )
    if not readings.candidates:
        return readings.preferred
    on_record = [scan for scan in readings.candidates if await _batch_on_record(session, scan)]
    if len(on_record) == 1:
        return on_record[0]
    if readings.settled or readings.ambiguity is None:
        return readings.preferred
    raise readings.ambiguity


def check_typed(scan: ParsedScan, choice: Choice) -> None:
    """A batch or expiry typed from the pack must be the code's own when the code carries one."""
    typed = choice.typed_batch
    if typed is not None and scan.batch_number is not None and typed != scan.batch_number:
        raise TypedBatchDiffers(
            f"the typed batch {typed} differs from the batch {scan.batch_number} in the code; check the pack",
            field="batch_number",
            extra={"typed_batch": typed, "scanned_batch": scan.batch_number},
        )
    if choice.expiry_date is not None and scan.expiry is not None and choice.expiry_date != scan.expiry:
        raise TypedExpiryDiffers(
            f"the typed expiry {choice.expiry_date} differs from the expiry {scan.expiry} in the code; "
            "check the pack",
            field="expiry_date",
            extra={"typed_expiry": choice.expiry_date.isoformat(), "scanned_expiry": scan.expiry.isoformat()},
        )


async def _batch_on_record(session: AsyncSession, scan: ParsedScan) -> bool:
    if scan.gtin is None or scan.batch_number is None:
        return False
    item = await catalogue.item_by_gtin(session, scan.gtin)
    return item is not None and await repo.find_batch(session, item.id, scan.batch_number) is not None


async def _match(session: AsyncSession, found: Resolution) -> Resolution:
    scan = found.scan
    if scan.kind == "clinic":
        return await _match_label(session, found)
    if scan.gtin is None:
        raise NotAPack(
            "this GS1 code names no product (no GTIN); scan the code on the pack",
            field="code",
            extra={"reason": "no-product"},
        )
    item = await catalogue.item_by_gtin(session, scan.gtin)
    if item is None:
        return replace(found, unknown_gtin=scan.gtin)
    batch = await repo.find_batch(session, item.id, scan.batch_number) if scan.batch_number else None
    return replace(found, item=item, batch=batch, warnings=(*found.warnings, *_expiry_warning(scan, batch)))


async def _match_label(session: AsyncSession, found: Resolution) -> Resolution:
    kind, number = found.scan.clinic_kind, found.scan.clinic_id
    if kind == "transfer" and number is not None and number <= MAX_ID:
        raise TransferCode(
            f"{found.scan.raw} is transfer {number}'s packing list: open it to receive the transfer",
            field="code",
            extra={"transfer": number, "href": f"/transfers/{number}"},
        )
    if number is not None and number <= MAX_ID:  # a mistyped label must not reach SQL out of range
        if kind == "batch" and (batch := await session.get(Batch, number)) is not None:
            return replace(found, batch=batch, item=await repo.item_by_id(session, batch.item_id))
        if kind == "location" and (location := await session.get(Location, number)) is not None:
            return replace(found, location=location)
        if kind == "item" and (item := await session.get(Item, number)) is not None:
            return replace(found, item=item)
    raise UnknownLabel(
        f"label {found.scan.raw} names no {kind} in this database",
        field="code",
        extra={"label": found.scan.raw, "label_kind": kind},
    )


def _expiry_warning(scan: ParsedScan, batch: Batch | None) -> tuple[str, ...]:
    if batch is None or scan.expiry is None or scan.expiry == batch.expiry_date:
        return ()
    return (f"the pack says expiry {scan.expiry}, batch {batch.batch_number} is recorded with "
            f"{batch.expiry_date or 'none'}",)  # fmt: skip


async def with_stock(session: AsyncSession, found: Resolution, today: date) -> Resolution:
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
    number = found.batch.batch_number if found.batch is not None else found.scan.batch_number
    blocked = await blocks.open_blocks_for(session, found.item.id, number) if number else []
    return replace(
        found,
        block=blocked[0] if blocked else None,
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
