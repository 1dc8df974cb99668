"""Quarantines, standing blocks and recalls: the use cases both faces call (the API's controllers and
the quarantine and recall pages), each run inside the caller's write (http/writes.run_write)."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from inventory.clock import Clock
from inventory.db import repo
from inventory.db.tables import BatchBlock
from inventory.db.uow import UnitOfWork
from inventory.domain.access import Actor
from inventory.domain.errors import UnknownReference
from inventory.http.shapes import pharmacy as ps
from inventory.http.shapes.pharmacy import block_reads, quarantine_read, recall_read
from inventory.reports import Report
from inventory.services import expiry_review
from inventory.services.blocks import Blocks, block_by_id, block_target
from inventory.services.quarantine import QuarantineCommand, ReleaseCommand, site_names
from inventory.services.quarantine_reads import QuarantineFilter, quarantine_views
from inventory.services.recall import RecallCommand, Recalls, recall_view
from inventory.services.reports.expiry_review import expiry_report
from inventory.services.reports.recall import recall_report


async def reads_of(uow: UnitOfWork, ids: list[int]) -> ps.QuarantineList:
    views = await quarantine_views(uow.session, QuarantineFilter(ids=tuple(ids)))
    return ps.QuarantineList(items=[quarantine_read(v) for v in sorted(views, key=lambda v: v.record.id)])


async def quarantine_write(
    uow: UnitOfWork, actor: Actor, clock: Clock, data: ps.QuarantineCreate
) -> ps.QuarantineList:
    """A quarantine at one site (a batch on record), or clinic-wide (a standing block)."""

    def target() -> Any:
        return block_target(
            uow.session,
            batch_id=data.batch,
            item_id=data.item,
            gtin=data.gtin,
            batch_number=data.batch_number,
        )

    if data.site is None:
        item, number = await target()
        block, made = await Blocks(uow, actor, clock).quarantine_everywhere(
            item, number, data.reason, data.note
        )
        listed = await reads_of(uow, [q.id for q in made])
        [listed.block] = await block_reads(uow.session, [block])
        return listed
    batch_id = data.batch
    if batch_id is None:
        item, number = await target()
        batch = await repo.find_batch(uow.session, item.id, number)
        if batch is None:
            raise UnknownReference(f"{item.name} has no batch {number} on record", field="batch_number")
        batch_id = batch.id
    command = QuarantineCommand(batch_id=batch_id, site_id=data.site, reason=data.reason, note=data.note)
    made = await Blocks(uow, actor, clock).quarantine(command)
    return await reads_of(uow, [q.id for q in made])


async def open_block_list(session: AsyncSession, item: int | None = None) -> list[BatchBlock]:
    stmt = select(BatchBlock).where(BatchBlock.closed_at.is_(None))
    if item is not None:
        stmt = stmt.where(BatchBlock.item_id == item)
    return list((await session.scalars(stmt.order_by(BatchBlock.id.desc()))).all())


async def close_block(
    uow: UnitOfWork, actor: Actor, clock: Clock, block_id: int, data: ps.BlockClose
) -> ps.BlockCloseRead:
    block = await block_by_id(uow.session, block_id)
    released = await Blocks(uow, actor, clock).close([block], data.reason, data.note)
    listed = await reads_of(uow, [q.id for q in released])
    return ps.BlockCloseRead(blocks=await block_reads(uow.session, [block]), released=listed.items)


async def close_recall(
    uow: UnitOfWork, actor: Actor, clock: Clock, recall_id: int, data: ps.BlockClose
) -> ps.RecallCloseRead:
    released = await Recalls(uow, actor, clock).close(recall_id, data.reason, data.note)
    listed = await reads_of(uow, [q.id for q in released])
    return ps.RecallCloseRead(recall=await recall_answer(uow.session, recall_id), released=listed.items)


async def release(uow: UnitOfWork, actor: Actor, clock: Clock, data: ps.ReleaseCreate) -> ps.QuarantineList:
    """Release a batch from quarantine at one site, or everywhere (no site); answers the records released."""
    command = ReleaseCommand(batch_id=data.batch, site_id=data.site, reason=data.reason, note=data.note)
    released = await Blocks(uow, actor, clock).release(command)
    return await reads_of(uow, [q.id for q in released])


async def recall_answer(session: AsyncSession, recall_id: int) -> ps.RecallRead:
    """A recall as answered: where its batches were, are and went."""
    return await recall_read(session, await recall_view(session, recall_id))


async def recall(uow: UnitOfWork, actor: Actor, clock: Clock, data: ps.RecallCreate) -> ps.RecallRead:
    """Recall batches of an item: quarantine every unit at every site, in one action."""
    command = RecallCommand(
        batch_numbers=data.batch_numbers,
        gtin=data.gtin,
        item_id=data.item,
        reference=data.reference,
        note=data.note,
    )
    made = await Recalls(uow, actor, clock).recall(command)
    return await recall_answer(uow.session, made.id)


async def recall_with_report(session: AsyncSession, recall_id: int) -> tuple[ps.RecallRead, Report]:
    """A recall's answer and its report from one read of the recall (its page shows both)."""
    view = await recall_view(session, recall_id)
    return await recall_read(session, view), recall_report(view)


async def recall_report_of(session: AsyncSession, recall_id: int) -> Report:
    """The recall report: where the batches were, issued since receipt per site and date, held now."""
    return recall_report(await recall_view(session, recall_id))


async def expiry_report_of(
    session: AsyncSession, site: int | None, within_days: int, buckets: tuple[int, ...], today: date
) -> Report:
    """The expiry review as a report: one site, or the whole clinic (`site` None)."""
    review = await expiry_review.expiry_review(
        session, site=site, within_days=within_days, buckets=buckets, today=today
    )
    name = (await site_names(session))[site] if site is not None else None
    return expiry_report(review, name)
