"""A 200-line transfer: 200 batches in stock at the bench site (neither controlled, set aside nor blocked)
sent to another site in one transfer and received there in full: 200 movements out, 200 in, their
balances and cost layers carried with their origin. Sent and received in one write transaction that is
rolled back, as the count posting is, so the data set is left as it was; the send and the receipt (the
server's work, no HTTP) are timed together."""

from __future__ import annotations

import time

from sqlalchemy import select

from bench.dataset import DatasetInfo
from bench.pharmacy import PHARMACIST
from inventory.clock import Clock
from inventory.db.engine import Database
from inventory.db.tables import BatchBlock, Item, StockBalance
from inventory.db.uow import UnitOfWork
from inventory.services.transfers import TransferCommand, TransferLineCommand, Transfers

TRANSFER_LINES = 200
TRANSFER_TARGET_MS = 1000.0


async def send_and_receive(database: Database, info: DatasetInfo) -> tuple[int, float | None]:
    clock = Clock()
    target = info.site + 1  # another site of the bench set (sites are numbered from København, 1)
    async with UnitOfWork(database) as uow:
        rows = (
            await uow.session.execute(
                select(StockBalance.item_id, StockBalance.batch_id)
                .join(Item, Item.id == StockBalance.item_id)
                .where(
                    StockBalance.site_id == info.site,
                    StockBalance.quantity > 0,
                    StockBalance.quarantined.is_(False),
                    (StockBalance.expiry_date.is_(None)) | (StockBalance.expiry_date >= clock.today()),
                    Item.controlled.is_(False),
                    Item.id.not_in(select(BatchBlock.item_id)),
                )
                .order_by(StockBalance.batch_id)
                .limit(TRANSFER_LINES)
            )
        ).all()
        lines = [TransferLineCommand(item_id=item, quantity=1, batch_id=batch) for item, batch in rows]
        transfers = Transfers(uow, PHARMACIST, clock)
        started = time.perf_counter()
        sent = await transfers.create(TransferCommand(from_site_id=info.site, to_site_id=target, lines=lines))
        await transfers.receive(sent.id, None)
        await uow.session.flush()
        elapsed = time.perf_counter() - started
    return len(lines), elapsed * 1000
