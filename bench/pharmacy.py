"""The pharmacists' measurements: the expiry review (read like the other reports) and a recall.

A recall writes (a recall record and quarantines at every site); it runs in a write transaction that
is rolled back, as the FEFO pick does, so the data set is left as it was and the scan-out load keeps
its stock.
"""

from __future__ import annotations

import time
from typing import Any

from sqlalchemy import select

from bench.catalogue import PHARMACIST_ID
from bench.dataset import DatasetInfo
from inventory.clock import Clock
from inventory.db.engine import Database
from inventory.db.tables import Batch
from inventory.db.uow import UnitOfWork
from inventory.domain.access import Actor
from inventory.domain.model import Role
from inventory.services.pharmacist_day import pharmacist_day
from inventory.services.recall import RecallCommand, Recalls, recall_view

RECALL_TARGET_MS = 1000.0
HOME_TARGET_MS = 300.0  # the pharmacist's home page: today's work at every site, one query per block
REPORT_TARGET_MS = 300.0
PHARMACIST = Actor(
    user_id=PHARMACIST_ID, username="pharmacist", role=Role.PHARMACIST, site_ids=frozenset(), every_site=True
)


def report_rows(body: dict[str, Any]) -> int:
    """Data rows of a report's main table (JSON rendering of the report model)."""
    main = body["sections"][0]
    return len(main["rows"]) + sum(len(group["rows"]) for group in main["groups"])


async def recall(database: Database, info: DatasetInfo) -> tuple[int, float | None]:
    """Recall the busiest batch (most movements) and three more of its item: quarantine every unit held
    at every site, then the answer (received, issued per site and date, held). Rolled back."""
    async with UnitOfWork(database) as uow:
        numbers = list(
            await uow.session.scalars(
                select(Batch.batch_number)
                .where(Batch.item_id == info.history_item)
                .order_by((Batch.id == info.history_batch).desc(), Batch.id)
                .limit(4)
            )
        )
        started = time.perf_counter()
        made = await Recalls(uow, PHARMACIST, Clock()).recall(
            RecallCommand(batch_numbers=numbers, item_id=info.history_item, reference="bench")
        )
        view = await recall_view(uow.session, made.id)
        elapsed = time.perf_counter() - started
    return len(view.sites), elapsed * 1000


async def home_day(database: Database, info: DatasetInfo) -> tuple[int, float | None]:
    """The pharmacist's home page blocks for the whole clinic (a pharmacist of every site): expired and
    expiring stock, quarantines, blocks, fridges, serial flags, unpriced receipts. Read only."""
    async with UnitOfWork(database, readonly=True) as uow:
        started = time.perf_counter()
        blocks = await pharmacist_day(uow.session, None, Clock().today(), 90)
        elapsed = time.perf_counter() - started
    return sum(b.count for b in blocks), elapsed * 1000
