"""The controlled-drug register of a site: read from the ledger, built as a running balance.

Two queries whatever the period: the balance per batch before `from` (the opening), and the period's
movements in ledger order. Movements are read by kind-agnostic columns, so every operation kind,
including ones added later (disposals, transfers, counts), appears without a change here.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import ColumnElement, func, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import aliased

from inventory.clock import CLINIC_TZ
from inventory.db import repo
from inventory.db.tables import Batch, Disposal, DisposalLine, Item, Movement, Operation, Site, User
from inventory.domain.days import check_day
from inventory.domain.errors import InvalidInput
from inventory.domain.register import LedgerLine, Register, running_balance
from inventory.services.count_register import RegisterCount, controlled_counts
from inventory.services.gtins import first_gtins


@dataclass(frozen=True)
class RegisterQuery:
    site_id: int
    item_id: int | None = None  # None: every controlled item moved at the site
    start: date | None = None  # first day, Copenhagen; None: from the first movement
    end: date | None = None  # last day (inclusive); None: today


@dataclass(frozen=True)
class OperationNote:
    """What the register shows of an operation beside its movement: why, and what it answered to."""

    reason: str | None
    reference: str | None
    reverses_operation_id: int | None
    witness: str | None = None  # a disposal's witness (controlled drugs are destroyed before one)
    note: str | None = None  # the operation's note (why a count was corrected, why a disposal was undone)
    supplier: str | None = None  # a receipt's supplier and delivery note
    delivery_note: str | None = None


@dataclass
class ItemRegister:
    item: Item
    register: Register


@dataclass
class RegisterData:
    site: Site
    start: date | None
    end: date
    items: list[ItemRegister]
    batches: dict[int, Batch] = field(default_factory=dict)
    operations: dict[int, OperationNote] = field(default_factory=dict)
    counts: list[RegisterCount] = field(default_factory=list)  # controlled counts signed in the period
    gtins: dict[int, str] = field(default_factory=dict)  # item id -> its first GTIN (for programs)


def _at_site(site_id: int) -> ColumnElement[bool]:
    """The site tested on a copy of the column: the item's movements are few, the site's are a quarter of
    the ledger, and SQLite (without statistics) would otherwise walk the site index (~220 ms on the bench
    set, against ~8 ms by the item index)."""
    return (Movement.site_id + 0) == site_id


def day_start(day: date) -> datetime:
    """Midnight in Copenhagen, as a UTC instant."""
    return datetime.combine(day, time(0), CLINIC_TZ).astimezone(UTC)


def check_period(start: date | None, end: date | None, today: date) -> date:
    if start is not None:
        check_day(start, "from")
    end = check_day(end, "to") if end is not None else today
    if start is not None and start > end:
        raise InvalidInput("from must be on or before to", field="from", extra={"from": start, "to": end})
    return end


async def _items(session: AsyncSession, query: RegisterQuery) -> list[Item]:
    if query.item_id is not None:
        item = await repo.item_by_id(session, query.item_id)
        if not item.controlled:
            raise InvalidInput(
                f"item {item.id} is not a controlled drug", field="item", extra={"item": item.name}
            )
        return [item]
    # Per controlled item (a few), does the site have a movement: the item's index answers, no scan of
    # the site's whole ledger.
    moved = select(Movement.id).where(Movement.item_id == Item.id, Movement.site_id == query.site_id).exists()
    found = await session.scalars(
        select(Item).where(Item.controlled.is_(True), moved).order_by(Item.name, Item.id)
    )
    return list(found)


async def controlled_register(session: AsyncSession, query: RegisterQuery, today: date) -> RegisterData:
    """The register of one controlled item (or every one) at a site over a period of Copenhagen days."""
    end = check_period(query.start, query.end, today)
    site = await repo.site_by_id(session, query.site_id)
    items = await _items(session, query)
    data = RegisterData(site, query.start, end, [])
    until = day_start(end + timedelta(days=1))
    data.counts = await controlled_counts(
        session, site.id, day_start(query.start) if query.start else None, until
    )
    if not items:
        return data
    item_ids = [i.id for i in items]
    opening: dict[int, dict[int, int]] = {i: {} for i in item_ids}
    if query.start is not None:
        sums = await session.execute(
            select(Movement.item_id, Movement.batch_id, func.sum(Movement.quantity))
            .where(
                _at_site(site.id),
                Movement.item_id.in_(item_ids),
                Movement.created_at < day_start(query.start),
            )
            .group_by(Movement.item_id, Movement.batch_id)
        )
        for item_id, batch_id, total in sums:
            opening[item_id][batch_id] = int(total)
    period = [
        _at_site(site.id),
        Movement.item_id.in_(item_ids),
        Movement.created_at < until,
    ]
    if query.start is not None:
        period.append(Movement.created_at >= day_start(query.start))
    witness = aliased(User)
    rows = await session.execute(
        select(
            Movement.id,
            Movement.operation_id,
            Movement.created_at,
            Movement.kind,
            Movement.item_id,
            Movement.batch_id,
            Movement.quantity,
            func.coalesce(User.full_name, User.username),
            Operation.reason,
            Operation.reference,
            Operation.reverses_operation_id,
            func.coalesce(witness.full_name, witness.username),
            Operation.note,
            Operation.supplier,
            Operation.delivery_note,
        )
        .join(Operation, Operation.id == Movement.operation_id)
        .join(User, User.id == Movement.user_id)
        .outerjoin(DisposalLine, DisposalLine.movement_id == Movement.id)
        .outerjoin(Disposal, Disposal.id == DisposalLine.disposal_id)
        .outerjoin(witness, witness.id == Disposal.witness_id)
        .where(*period)
        .order_by(Movement.id)
    )
    lines: dict[int, list[LedgerLine]] = {i: [] for i in item_ids}
    for (
        m_id, op_id, at, kind, item_id, batch_id, quantity, user, reason, ref, reverses, seen_by,
        note, supplier, delivery_note,
    ) in rows:  # fmt: skip
        lines[item_id].append(LedgerLine(m_id, op_id, at, kind, batch_id, quantity, user, ref))
        data.operations[op_id] = OperationNote(reason, ref, reverses, seen_by, note, supplier, delivery_note)
    for item in items:
        data.items.append(ItemRegister(item, running_balance(opening[item.id], lines[item.id])))
    batch_ids = {b.batch_id for r in data.items for b in r.register.batches}
    if batch_ids:
        found = await session.scalars(select(Batch).where(Batch.id.in_(batch_ids)))
        data.batches = {b.id: b for b in found}
    data.gtins = await first_gtins(session, item_ids)
    return data
