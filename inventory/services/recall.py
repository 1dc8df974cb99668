"""Recall: every unit of an item's batches held at every site quarantined in one action (one unit of
work), answered with where the batches went: received, issued since (per site and date), held now."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import aliased

from inventory.clock import CLINIC_TZ
from inventory.db import repo
from inventory.db.tables import (
    Batch,
    BatchBlock,
    Item,
    ItemGtin,
    Movement,
    Quarantine,
    Recall,
    Site,
    StockBalance,
    User,
)
from inventory.domain.access import Permission
from inventory.domain.errors import InvalidInput, NotFound, UnknownReference
from inventory.domain.model import OperationKind
from inventory.domain.quarantine import BlockKind, QuarantineReason, ReleaseReason
from inventory.domain.rules import clean_batch_number
from inventory.services import catalogue
from inventory.services.acting import Acting
from inventory.services.blocks import Blocks, blocks_of_recall


@dataclass(frozen=True)
class RecallCommand:
    batch_numbers: list[str]
    gtin: str | None = None
    item_id: int | None = None
    reference: str | None = None
    note: str | None = None


@dataclass
class RecallSite:
    """One batch at one site."""

    batch: Batch
    site_id: int
    site_name: str
    first_received: date | None = None
    received: int = 0
    issued_by_date: dict[date, int] = field(default_factory=dict)
    held: int = 0
    quarantine_id: int | None = None
    newly_quarantined: bool = False

    @property
    def issued(self) -> int:
        return sum(self.issued_by_date.values())


@dataclass
class RecallView:
    recall: Recall
    item: Item
    gtin: str | None
    batches: list[Batch]
    username: str
    sites: list[RecallSite]
    blocks: list[BatchBlock] = field(default_factory=list)  # one per batch number recalled
    closed_by: str | None = None

    @property
    def not_received(self) -> list[str]:
        """Batch numbers recalled that no site has received yet (blocked in advance)."""
        return [b.batch_number for b in self.blocks if b.batch_id is None]

    @property
    def closed(self) -> BatchBlock | None:
        return next((b for b in self.blocks if b.closed_at is not None), None)

    @property
    def held_total(self) -> int:
        return sum(s.held for s in self.sites)

    @property
    def issued_total(self) -> int:
        return sum(s.issued for s in self.sites)


def _gtin14(raw: str) -> str:
    digits = raw.strip()
    if not digits.isdigit() or len(digits) not in (8, 12, 13, 14):
        raise InvalidInput("a GTIN is 8, 12, 13 or 14 digits", field="gtin")
    return digits.zfill(14)


class Recalls(Acting):
    async def _item(self, cmd: RecallCommand) -> Item:
        if cmd.gtin is None and cmd.item_id is None:
            raise InvalidInput("name the item, or give its GTIN", field="item")
        by_gtin = None
        if cmd.gtin is not None:
            by_gtin = await catalogue.item_by_gtin(self.session, _gtin14(cmd.gtin))
            if by_gtin is None:
                raise UnknownReference(f"no item has GTIN {cmd.gtin}", field="gtin")
            if cmd.item_id is not None and by_gtin.id != cmd.item_id:
                raise InvalidInput(f"GTIN {cmd.gtin} is not item {cmd.item_id}'s", field="gtin")
            return by_gtin
        return await repo.item_by_id(self.session, cmd.item_id or 0)

    async def recall(self, cmd: RecallCommand) -> Recall:
        """Recall batch numbers of an item, on record or not yet: each becomes a standing block (stock of
        it reaching any site later goes into quarantine), and what is held now is quarantined at once."""
        self.actor.require(Permission.RECALL)
        item = await self._item(cmd)
        numbers: list[str] = []
        for n, raw in enumerate(cmd.batch_numbers):
            try:
                number = clean_batch_number(raw)
            except InvalidInput as wrong:
                wrong.field = f"batch_numbers.{n}"
                raise
            if number not in numbers:
                numbers.append(number)
        if not numbers:
            raise InvalidInput("name at least one batch number", field="batch_numbers")
        found = [await repo.find_batch(self.session, item.id, number) for number in numbers]
        note = (cmd.note or "").strip() or None
        record = Recall(
            item_id=item.id,
            batch_ids=",".join(str(b.id) for b in found if b is not None),
            reference=(cmd.reference or "").strip() or None,
            note=note,
            user_id=self.actor.user_id,
            created_at=self.clock.now(),
        )
        self.session.add(record)
        await self.session.flush()
        standing = Blocks(self.uow, self.actor, self.clock)
        for number in numbers:
            await standing.open(BlockKind.RECALL, item, number, QuarantineReason.RECALLED, note, record.id)
        return record

    async def close(self, recall_id: int, reason: ReleaseReason, note: str | None) -> list[Quarantine]:
        """Close the recall (a pharmacist's act, with a reason): its blocks close and the quarantine records
        it made are released; answers those records. Held clinic-wide only (policy: lift_block)."""
        self.actor.require_clinic_wide(Permission.LIFT_BLOCK)
        recall = await self.session.get(Recall, recall_id)
        if recall is None:
            raise NotFound(f"no recall with id {recall_id}", field="recall_id")
        blocks = await blocks_of_recall(self.session, recall_id)
        return await Blocks(self.uow, self.actor, self.clock).close(blocks, reason, note)


_REVERSAL = aliased(Movement)


async def recall_view(session: AsyncSession, recall_id: int) -> RecallView:
    """The recall and, per batch and site, what was received, issued (not undone) and is held."""
    recall = await session.get(Recall, recall_id)
    if recall is None:
        raise NotFound(f"no recall with id {recall_id}", field="recall_id")
    item = await repo.item_by_id(session, recall.item_id)
    blocks = await blocks_of_recall(session, recall.id)
    ids = [int(i) for i in recall.batch_ids.split(",") if i]
    ids += [b.batch_id for b in blocks if b.batch_id is not None and b.batch_id not in ids]
    found = await repo.batches_by_id(session, ids)
    batches = [found[i] for i in ids]
    names = {s.id: s.name for s in (await session.scalars(select(Site))).all()}
    sites: dict[tuple[int, int], RecallSite] = {}

    def at(batch_id: int, site_id: int) -> RecallSite:
        key = (batch_id, site_id)
        if key not in sites:
            sites[key] = RecallSite(found[batch_id], site_id, names[site_id])
        return sites[key]

    moved = await session.execute(
        select(Movement.batch_id, Movement.site_id, Movement.kind, Movement.quantity, Movement.created_at)
        .outerjoin(_REVERSAL, _REVERSAL.reverses_id == Movement.id)
        .where(
            Movement.batch_id.in_(ids),
            Movement.kind.in_([OperationKind.RECEIPT.value, OperationKind.ISSUE.value]),
            _REVERSAL.id.is_(None),
        )
        .order_by(Movement.id)
    )
    issued: dict[tuple[int, int], dict[date, int]] = defaultdict(lambda: defaultdict(int))
    for batch_id, site_id, kind, quantity, created_at in moved:
        line, day = at(batch_id, site_id), _local_day(created_at)
        if kind == OperationKind.RECEIPT.value:
            line.received += quantity
            line.first_received = min(line.first_received or day, day)
        else:
            issued[(batch_id, site_id)][day] -= quantity
    for key, by_day in issued.items():
        at(*key).issued_by_date = dict(sorted(by_day.items()))
    balances = await session.execute(
        select(StockBalance.batch_id, StockBalance.site_id, StockBalance.quantity).where(
            StockBalance.batch_id.in_(ids), StockBalance.quantity > 0
        )
    )
    for batch_id, site_id, quantity in balances:
        at(batch_id, site_id).held = quantity
    for q in await session.scalars(
        select(Quarantine).where(Quarantine.batch_id.in_(ids), Quarantine.released_at.is_(None))
    ):
        line = at(q.batch_id, q.site_id)
        line.quarantine_id, line.newly_quarantined = q.id, q.recall_id == recall.id
    gtin = await session.scalar(
        select(ItemGtin.gtin).where(ItemGtin.item_id == item.id).order_by(ItemGtin.gtin)
    )
    users = {u.id: u.full_name or u.username for u in (await session.scalars(select(User))).all()}
    order = {b.id: n for n, b in enumerate(batches)}
    lines = sorted(sites.values(), key=lambda s: (order[s.batch.id], s.site_name))
    closed = next((b for b in blocks if b.closed_by_id is not None), None)
    return RecallView(
        recall,
        item,
        gtin,
        batches,
        users.get(recall.user_id, "?"),
        lines,
        blocks,
        users.get(closed.closed_by_id) if closed and closed.closed_by_id else None,
    )


def _local_day(at: datetime) -> date:
    return at.astimezone(CLINIC_TZ).date()
