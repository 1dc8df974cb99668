"""Standing blocks: a recall or a clinic-wide quarantine recorded on the batch, by item and batch number.

A quarantine flag on a balance covers the stock held at that moment; a block covers the batch itself, known
or not yet: while it is open, every unit of it that reaches a site (a receipt, a scan, a reversal of an
issue, a positive adjustment; transfers later) goes into quarantine there in the same transaction
(`quarantine_arrival`), and nothing of it is issued or labelled (`refuse_blocked`, which every write path
that hands out or moves a batch calls).

Locks: opening a block takes the item's stock lock at every site (in site order) before it reads what is
held, and an arrival takes the lock at its site before it reads the open blocks; so on PostgreSQL either
the block sees the receipt's balance or the receipt sees the block. On SQLite the one writer serialises.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from inventory.clock import Clock
from inventory.db import repo
from inventory.db.tables import Batch, BatchBlock, Item, Quarantine, Site, StockBalance
from inventory.domain.access import Permission
from inventory.domain.errors import (
    AlreadyQuarantined,
    Conflict,
    InvalidInput,
    NotFound,
    UnknownReference,
)
from inventory.domain.quarantine import BlockKind, QuarantineReason, ReleaseReason, require_note_for_other
from inventory.domain.rules import clean_batch_number
from inventory.services.acting import Acting

# Re-exported: the write paths and the scan consult the blocks through this module.
from inventory.services.block_reads import block_members as block_members
from inventory.services.block_reads import open_blocks_for as open_blocks_for
from inventory.services.block_reads import refuse_blocked as refuse_blocked
from inventory.services.quarantine import (
    QuarantineCommand,
    Quarantines,
    ReleaseCommand,
    flag_balance,
    open_quarantines,
    sites_holding,
)


class BlockClosed(Conflict, code="block-closed", title="Block already closed"): ...


@dataclass(frozen=True)
class Arrival:
    """Stock of a blocked batch that reached a site: the block, and the quarantine record holding it."""

    block: BatchBlock
    quarantine: Quarantine


def block_reason(block: BatchBlock) -> QuarantineReason:
    return QuarantineReason.RECALLED if block.kind == BlockKind.RECALL else QuarantineReason(block.reason)


async def quarantine_arrival(
    session: AsyncSession, clock: Clock, site_id: int, batch: Batch, *, locked: bool = False
) -> Arrival | None:
    """Stock of `batch` has just reached `site_id` in this transaction: under an open block it goes into
    quarantine there (the balance flagged, a record linked to the block) unless it already is."""
    if not locked:
        await repo.lock_item_stock(session, site_id, batch.item_id)  # then read: a new block is seen
    blocks = await open_blocks_for(session, batch.item_id, batch.batch_number)
    if not blocks:
        return None
    for block in blocks:
        if block.batch_id is None:
            block.batch_id = batch.id  # the batch is on record now
    block = blocks[0]
    on_hand = await flag_balance(session, site_id, batch, True)
    already = await open_quarantines(session, batch.id, site_id)
    held = already[0] if already else None
    if held is None:
        held = Quarantine(
            site_id=site_id,
            batch_id=batch.id,
            item_id=batch.item_id,
            reason=block_reason(block).value,
            note=block.note,
            quantity=on_hand,
            recall_id=block.recall_id,
            block_id=block.id,
            user_id=block.user_id,  # the pharmacist's block decided it
            created_at=clock.now(),
        )
        session.add(held)
    await session.flush()
    return Arrival(block, held)


async def lock_item_everywhere(session: AsyncSession, item_id: int) -> None:
    """The item's stock lock at every site, in site order (receipts, issues and releases take one)."""
    for site_id in (await session.scalars(select(Site.id).order_by(Site.id))).all():
        await repo.lock_item_stock(session, site_id, item_id)


class Blocks(Acting):
    """Opening and closing standing blocks, for one actor at one moment (pharmacists and admins)."""

    async def quarantine(self, cmd: QuarantineCommand, recall_id: int | None = None) -> list[Quarantine]:
        """Quarantine a batch at one site (services/quarantine), or at every site: a standing block."""
        if cmd.site_id is not None:
            return await Quarantines(self.uow, self.actor, self.clock).quarantine(cmd, recall_id)
        self.actor.require(Permission.RECALL)
        note = require_note_for_other(cmd.reason, cmd.note)
        batch = await repo.batch_by_id(self.session, cmd.batch_id)
        item = await repo.item_by_id(self.session, batch.item_id)
        _block, made = await self.quarantine_everywhere(item, batch.batch_number, cmd.reason, note)
        return made

    async def release(self, cmd: ReleaseCommand) -> list[Quarantine]:
        """Release a batch at one site (services/quarantine), or at every site: its standing quarantine
        block closes too, with what it held; a recall still open holds the batch everywhere."""
        quarantines = Quarantines(self.uow, self.actor, self.clock)
        if cmd.site_id is not None:
            return await quarantines.release(cmd)
        self.actor.require_clinic_wide(Permission.LIFT_BLOCK, field="site")  # stock flows at every site
        note = require_note_for_other(cmd.reason, cmd.note)
        batch = await repo.batch_by_id(self.session, cmd.batch_id)
        standing = await open_blocks_for(self.session, batch.item_id, batch.batch_number)
        mine = [b for b in standing if b.kind == "quarantine"]
        released = await self.close(mine, cmd.reason, note) if mine else []
        if len(mine) < len(standing):  # a recall still holds the batch at every site
            if not mine:
                await refuse_blocked(self.session, [batch.id])
            return released
        if mine:
            return released + await quarantines.release_records(batch, cmd, note)
        return await quarantines.release_open(batch, cmd, note)

    async def open(
        self,
        kind: BlockKind,
        item: Item,
        batch_number: str,
        reason: QuarantineReason,
        note: str | None,
        recall_id: int | None = None,
    ) -> tuple[BatchBlock, list[Quarantine]]:
        """Block the batch (known or not) and quarantine what is held of it now at sites not already
        quarantining it; answers the block and the records made."""
        self.actor.require(Permission.RECALL)
        await lock_item_everywhere(self.session, item.id)
        batch = await repo.find_batch(self.session, item.id, batch_number)
        block = BatchBlock(
            kind=kind.value,
            item_id=item.id,
            batch_number=batch_number,
            batch_id=batch.id if batch else None,
            recall_id=recall_id,
            reason=(QuarantineReason.RECALLED if kind == BlockKind.RECALL else reason).value,
            note=note,
            user_id=self.actor.user_id,
            created_at=self.clock.now(),
        )
        self.session.add(block)
        await self.session.flush()
        made: list[Quarantine] = []
        if batch is not None:
            quarantines = Quarantines(self.uow, self.actor, self.clock)
            already = {q.site_id for q in await open_quarantines(self.session, batch.id, None)}
            for site_id in sorted(await sites_holding(self.session, batch.id)):
                if site_id not in already:
                    made.append(
                        await quarantines.quarantine_at(
                            site_id, batch, block_reason(block), note, recall_id, block_id=block.id
                        )
                    )
        return block, made

    async def quarantine_everywhere(
        self, item: Item, batch_number: str, reason: QuarantineReason, note: str | None
    ) -> tuple[BatchBlock, list[Quarantine]]:
        """A clinic-wide quarantine: a standing block, refused when one is already open on the batch."""
        self.actor.require(Permission.RECALL)
        note = require_note_for_other(reason, note)
        for block in await open_blocks_for(self.session, item.id, batch_number):
            if block.kind == BlockKind.QUARANTINE:
                raise AlreadyQuarantined(
                    f"batch {batch_number} is already in quarantine at every site (block {block.id})",
                    field="batch",
                    extra=block_members(block),
                )
        return await self.open(BlockKind.QUARANTINE, item, batch_number, reason, note)

    async def close(
        self, blocks: Sequence[BatchBlock], reason: ReleaseReason, note: str | None
    ) -> list[Quarantine]:
        """Close the blocks and release the quarantine records they made (or the recall made); answers
        the records released. A batch still under another open block stays in quarantine (a new record
        for that block)."""
        self.actor.require_clinic_wide(Permission.LIFT_BLOCK)  # stock flows again at every site
        note = require_note_for_other(reason, note)
        for block in blocks:
            if block.closed_at is not None:
                raise BlockClosed(
                    f"block {block.id} was closed already", field="block", extra=block_members(block)
                )
        now = self.clock.now()
        for item_id in sorted({b.item_id for b in blocks}):
            await lock_item_everywhere(self.session, item_id)
        for block in blocks:
            block.closed_at, block.closed_by_id = now, self.actor.user_id
            block.close_reason, block.close_note = reason.value, note
        await self.session.flush()
        ids = [b.id for b in blocks]
        recalls = [b.recall_id for b in blocks if b.recall_id is not None]
        records = list(
            (
                await self.session.scalars(
                    select(Quarantine)
                    .where(
                        Quarantine.released_at.is_(None),
                        or_(Quarantine.block_id.in_(ids), Quarantine.recall_id.in_(recalls)),
                    )
                    .order_by(Quarantine.site_id, Quarantine.id)
                )
            ).all()
        )
        for record in records:
            await self.session.execute(
                update(StockBalance)
                .where(StockBalance.site_id == record.site_id, StockBalance.batch_id == record.batch_id)
                .values(quarantined=False)
            )
            record.released_at, record.released_by_id = now, self.actor.user_id
            record.release_reason, record.release_note = reason.value, note
        await self.session.flush()
        batches = await repo.batches_by_id(self.session, {r.batch_id for r in records})
        for record in records:  # another open block on the batch keeps it in quarantine
            await quarantine_arrival(
                self.session, self.clock, record.site_id, batches[record.batch_id], locked=True
            )
        return records


async def block_by_id(session: AsyncSession, block_id: int) -> BatchBlock:
    block = await session.get(BatchBlock, block_id)
    if block is None:
        raise NotFound(f"no block with id {block_id}", field="block_id")
    return block


async def blocks_of_recall(session: AsyncSession, recall_id: int) -> list[BatchBlock]:
    stmt = select(BatchBlock).where(BatchBlock.recall_id == recall_id).order_by(BatchBlock.id)
    return list((await session.scalars(stmt)).all())


async def block_target(
    session: AsyncSession,
    *,
    batch_id: int | None,
    item_id: int | None,
    gtin: str | None,
    batch_number: str | None,
) -> tuple[Item, str]:
    """The item and batch number a clinic-wide quarantine names: a batch on record by id, or an item (by
    id or GTIN) and a batch number, received or not yet."""
    from inventory.services import catalogue

    if batch_id is not None:
        if item_id is not None or gtin is not None or batch_number is not None:
            raise InvalidInput("name the batch, or the item and batch number, not both", field="batch")
        batch = await repo.batch_by_id(session, batch_id)
        return await repo.item_by_id(session, batch.item_id), batch.batch_number
    if batch_number is None:
        raise InvalidInput("name the batch, or the item and its batch number", field="batch_number")
    try:
        number = clean_batch_number(batch_number)
    except InvalidInput as wrong:
        wrong.field = "batch_number"
        raise
    if gtin is not None:
        digits = gtin.strip()
        if not digits.isdigit() or len(digits) not in (8, 12, 13, 14):
            raise InvalidInput("a GTIN is 8, 12, 13 or 14 digits", field="gtin")
        item = await catalogue.item_by_gtin(session, digits.zfill(14))
        if item is None:
            raise UnknownReference(f"no item has GTIN {gtin}", field="gtin")
        if item_id is not None and item.id != item_id:
            raise InvalidInput(f"GTIN {gtin} is not item {item_id}'s", field="gtin")
        return item, number
    if item_id is None:
        raise InvalidInput("name the item, or give its GTIN", field="item")
    return await repo.item_by_id(session, item_id), number
