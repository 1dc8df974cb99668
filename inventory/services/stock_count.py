"""Stock counts: a pharmacist starts one for a site, counters enter or scan what they find (batches the
system did not expect too), the counter signs it (with a witness for controlled drugs), and a
pharmacist approves: the variances post as adjustments naming the count (services/count_posting.py).

What each batch should hold is domain/stock_count.py: the quantity at the start (the count's snapshot)
plus what moved since (the ledger after `start_movement_id`), read when the count is approved.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import func, insert, select
from sqlalchemy.ext.asyncio import AsyncSession

from inventory.db import repo
from inventory.db.tables import Batch, Item, Movement, StockBalance, StockCount, StockCountLine, User
from inventory.domain import rules
from inventory.domain import stock_count as counts
from inventory.domain.access import Actor, Permission
from inventory.domain.disposal import WITNESS_ROLES
from inventory.domain.errors import InvalidInput, NotFound, UnknownReference, WitnessRefused
from inventory.domain.model import Category, Role
from inventory.domain.stock_count import CountScope, CountStatus
from inventory.services.acting import Acting
from inventory.services.users import actor_for
from inventory.services.witness import NOT_CONFIRMED, WitnessLogin

__all__ = ["CountEntry", "CountStart", "StockCounts", "WitnessLogin", "WitnessPending", "count_by_id"]


@dataclass(frozen=True)
class CountStart:
    site_id: int
    scope: CountScope
    location_id: int | None = None
    category: Category | None = None
    item_ids: list[int] = field(default_factory=list)
    blind: bool = False
    note: str | None = None


@dataclass(frozen=True)
class CountEntry:
    """What a counter found: a line of the count, a batch, or an item with a batch number and expiry
    (a batch the system did not expect). `add`: added to what was counted (a scan) instead of set."""

    counted: int
    line_id: int | None = None
    batch_id: int | None = None
    item_id: int | None = None
    batch_number: str | None = None
    expiry: date | None = None
    add: bool = False


class WitnessPending(Exception):  # noqa: N818 - not an error: the submission is valid so far
    """Everything but the witness's password is valid: confirm it (services/witness.py) and submit again."""


async def count_by_id(session: AsyncSession, count_id: int) -> StockCount:
    count = await session.get(StockCount, count_id)
    if count is None:
        raise NotFound(f"no stock count with id {count_id}", field="count_id")
    return count


async def open_count_at(session: AsyncSession, site_id: int, controlled: bool) -> StockCount:
    """The newest open count at the site of this kind (controlled drugs or not)."""
    count = await session.scalar(
        select(StockCount)
        .where(
            StockCount.site_id == site_id,
            StockCount.status == CountStatus.OPEN.value,
            StockCount.controlled.is_(controlled),
        )
        .order_by(StockCount.id.desc())
        .limit(1)
    )
    if count is None:
        kind = "controlled-drug count" if controlled else "count"
        raise counts.NoOpenCount(
            f"no {kind} is open at site {site_id}: a pharmacist starts one", field="code"
        )
    return count


async def line_of_batch(
    session: AsyncSession, count_id: int, item_id: int, batch_number: str
) -> StockCountLine:
    line = await session.scalar(
        select(StockCountLine)
        .join(Batch, Batch.id == StockCountLine.batch_id)
        .where(
            StockCountLine.count_id == count_id,
            Batch.item_id == item_id,
            Batch.batch_number == rules.clean_batch_number(batch_number),
        )
    )
    if line is None:
        raise NotFound(f"count {count_id} has no line of batch {batch_number}", field="code")
    return line


async def moved_since(session: AsyncSession, count: StockCount) -> dict[int, int]:
    """Batch id -> what moved at the count's site since its start (the count's own postings included)."""
    rows = await session.execute(
        select(Movement.batch_id, func.sum(Movement.quantity))
        .where(Movement.site_id == count.site_id, Movement.id > count.start_movement_id)
        .group_by(Movement.batch_id)
    )
    return {batch_id: int(total) for batch_id, total in rows}


class StockCounts(Acting):
    async def _count(self, count_id: int, capability: Permission) -> StockCount:
        count = await count_by_id(self.session, count_id)
        self.actor.require_at(capability, count.site_id, field="count_id")
        return count

    async def start(self, cmd: CountStart) -> StockCount:
        self.actor.require_at(Permission.COUNT_APPROVE, cmd.site_id)
        site = await repo.site_by_id(self.session, cmd.site_id)
        query = (
            select(
                StockBalance.batch_id, StockBalance.item_id, StockBalance.location_id, StockBalance.quantity
            )
            .join(Item, Item.id == StockBalance.item_id)
            .where(StockBalance.site_id == site.id, StockBalance.quantity > 0)
            .where(Item.controlled.is_(cmd.scope == CountScope.CONTROLLED))
            .order_by(StockBalance.item_id, StockBalance.batch_id)
        )
        if cmd.scope == CountScope.LOCATION:
            if cmd.location_id is None:
                raise InvalidInput("name the location to count", field="location")
            await repo.location_at_site(self.session, cmd.location_id, site.id)
            query = query.where(StockBalance.location_id == cmd.location_id)
        elif cmd.scope == CountScope.CATEGORY:
            if cmd.category is None:
                raise InvalidInput("name the category to count", field="category")
            query = query.where(Item.category == cmd.category.value)
        elif cmd.scope == CountScope.ITEMS:
            if not cmd.item_ids:
                raise InvalidInput("choose the items to count", field="items")
            for n, item_id in enumerate(cmd.item_ids):
                await repo.item_by_id(self.session, item_id, field=f"items.{n}")
            query = query.where(StockBalance.item_id.in_(cmd.item_ids))
        start = int(await self.session.scalar(select(func.coalesce(func.max(Movement.id), 0))) or 0)
        count = StockCount(
            site_id=site.id,
            scope=cmd.scope.value,
            location_id=cmd.location_id if cmd.scope == CountScope.LOCATION else None,
            category=cmd.category.value if cmd.scope == CountScope.CATEGORY and cmd.category else None,
            blind=cmd.blind,
            controlled=cmd.scope == CountScope.CONTROLLED,
            status=CountStatus.OPEN.value,
            note=(cmd.note or "").strip() or None,
            start_movement_id=start,
            started_by=self.actor.user_id,
            started_at=self.clock.now(),
        )
        self.session.add(count)
        await self.session.flush()
        rows = [
            {
                "count_id": count.id,
                "item_id": item_id,
                "batch_id": batch_id,
                "location_id": location_id,
                "at_start": quantity,
                "unexpected": False,
            }
            for batch_id, item_id, location_id, quantity in await self.session.execute(query)
        ]
        if rows:
            await self.session.execute(insert(StockCountLine), rows)
        return count

    async def enter(self, count_id: int, entries: list[CountEntry]) -> StockCount:
        """Set (or add to) what was counted; a batch not in the count is added as unexpected."""
        count = await self._count(count_id, Permission.COUNT)
        counts.check_counting(CountStatus(count.status))
        lines = {
            line.batch_id: line
            for line in (
                await self.session.scalars(select(StockCountLine).where(StockCountLine.count_id == count.id))
            ).all()
        }
        by_id = {line.id: line for line in lines.values()}
        now = self.clock.now()
        for n, entry in enumerate(entries):
            counts.check_counted(entry.counted, field=f"lines.{n}.counted")
            if entry.line_id is not None:
                line = by_id.get(entry.line_id)
                if line is None:
                    raise UnknownReference(
                        f"count {count.id} has no line {entry.line_id}", field=f"lines.{n}.line"
                    )
            else:
                batch = await self._batch_of(count, entry, n)
                line = lines.get(batch.id) or await self._unexpected(count, batch)
                lines[batch.id] = by_id[line.id] = line
            line.counted = (line.counted or 0) + entry.counted if entry.add else entry.counted
            line.counted_by, line.counted_at = self.actor.user_id, now
        await self.session.flush()
        return count

    async def _batch_of(self, count: StockCount, entry: CountEntry, n: int) -> Batch:
        if entry.batch_id is not None:
            batch = await repo.batch_by_id(self.session, entry.batch_id, field=f"lines.{n}.batch")
        elif entry.item_id is not None and entry.batch_number:
            number = rules.clean_batch_number(entry.batch_number)
            found = await repo.find_batch(self.session, entry.item_id, number)
            if found is not None:
                rules.check_batch_expiry(found.expiry_date, entry.expiry, number)
                batch = found
            else:
                await repo.item_by_id(self.session, entry.item_id, field=f"lines.{n}.item")
                batch = Batch(
                    item_id=entry.item_id,
                    batch_number=number,
                    expiry_date=entry.expiry,
                    created_at=self.clock.now(),
                )
                self.session.add(batch)
                await self.session.flush()
        else:
            raise InvalidInput(
                "name the line, the batch, or the item with its batch number", field=f"lines.{n}"
            )
        item = await repo.item_by_id(self.session, batch.item_id, field=f"lines.{n}.item")
        if item.controlled != count.controlled:
            word = "a controlled-drug count" if item.controlled else "an ordinary count"
            raise InvalidInput(f"{item.name} is counted in {word}", field=f"lines.{n}.item")
        return batch

    async def _unexpected(self, count: StockCount, batch: Batch) -> StockCountLine:
        """A batch not in the snapshot: what it held at the start is what it holds now less what moved."""
        on_hand = await repo.balance_of(self.session, count.site_id, batch.id)
        moved = await self.session.scalar(
            select(func.coalesce(func.sum(Movement.quantity), 0)).where(
                Movement.site_id == count.site_id,
                Movement.batch_id == batch.id,
                Movement.id > count.start_movement_id,
            )
        )
        line = StockCountLine(
            count_id=count.id,
            item_id=batch.item_id,
            batch_id=batch.id,
            at_start=on_hand - int(moved or 0),
            unexpected=True,
        )
        self.session.add(line)
        await self.session.flush()
        return line

    async def submit(self, count_id: int, witness: WitnessLogin | None, witness_id: int | None) -> StockCount:
        """The counter signs the count, closing it for counting; a controlled count with a witness."""
        count = await self._count(count_id, Permission.COUNT)
        counts.check_submit(CountStatus(count.status), count.controlled, witness is not None)
        if witness is not None:
            if witness_id is None:
                raise WitnessPending()
            count.witness_id = await self._confirmed_witness(witness_id, count.site_id)
        count.status = CountStatus.SUBMITTED.value
        count.submitted_by, count.submitted_at = self.actor.user_id, self.clock.now()
        await self.session.flush()
        return count

    async def _confirmed_witness(self, witness_id: int, site_id: int) -> int:
        """The witness is a pharmacist (or admin) who may approve counts at this site, not the counter."""
        user = await self.session.get(User, witness_id)
        if (
            user is None
            or user.id == self.actor.user_id
            or not user.active
            or Role(user.role) not in WITNESS_ROLES
        ):
            raise WitnessRefused(NOT_CONFIRMED, field="witness")
        witness = await actor_for(self.session, user.id)
        if witness is None or not witness.may_at(Permission.COUNT_APPROVE, site_id):
            raise WitnessRefused("the witness must be a pharmacist of this site", field="witness")
        return user.id

    async def cancel(self, count_id: int) -> StockCount:
        count = await self._count(count_id, Permission.COUNT_APPROVE)
        counts.check_cancel(CountStatus(count.status))
        count.status = CountStatus.CANCELLED.value
        count.cancelled_by, count.cancelled_at = self.actor.user_id, self.clock.now()
        await self.session.flush()
        return count


def require_reader(actor: Actor, count: StockCount) -> None:
    actor.require_at(Permission.COUNT, count.site_id, field="count_id")
