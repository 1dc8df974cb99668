"""msgspec shapes of the pharmacists' API: quarantine, recall, disposal."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from typing import Annotated

import msgspec
from msgspec import Meta, Struct
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from inventory.db.tables import BatchBlock, Item, User
from inventory.domain.disposal import DisposalMethod
from inventory.domain.quarantine import BlockKind, QuarantineReason, ReleaseReason
from inventory.http.shapes.convert import batch_ref
from inventory.http.shapes.core import BatchRef, Forbid, Id, ShortText, Text
from inventory.services.disposal_reads import DisposalView
from inventory.services.quarantine_reads import QuarantineView
from inventory.services.recall import RecallView

BatchNumber = Annotated[str, Meta(min_length=1, max_length=40)]
Gtin = Annotated[str, Meta(min_length=8, max_length=14)]


# --- quarantine -------------------------------------------------------------
class QuarantineCreate(Forbid, kw_only=True):
    """A batch by id, or (clinic-wide only) by item or GTIN and batch number, on record or not yet."""

    batch: Id | None = None
    item: Id | None = None
    gtin: Gtin | None = None
    batch_number: BatchNumber | None = None
    site: Id | None = msgspec.field(default=None)  # None: every site, now and later (a standing block)
    reason: QuarantineReason
    note: Text | None = None


class ReleaseCreate(Forbid, kw_only=True):
    batch: Id
    site: Id | None = None  # None: every site where the batch is in quarantine
    reason: ReleaseReason
    note: Text | None = None


class QuarantineRead(Struct, kw_only=True):
    id: int
    site: int
    site_name: str
    item: int
    item_name: str
    batch: BatchRef
    reason: QuarantineReason
    note: str | None
    quantity_when_quarantined: int
    on_hand: int
    recall: int | None
    block: int | None = None  # the standing block (recall or clinic-wide quarantine) that made it
    user: str
    created_at: datetime
    released_at: datetime | None
    released_by: str | None
    release_reason: ReleaseReason | None
    release_note: str | None
    set_aside: bool = False  # a pack set aside from the scan page (by `user`), for the pharmacist to decide


class QuarantineList(Struct, kw_only=True):
    items: list[QuarantineRead]
    next_cursor: str | None = None
    block: BlockRead | None = None  # a clinic-wide quarantine: the standing block it opened


# --- standing blocks --------------------------------------------------------
class BlockRead(Struct, kw_only=True):
    """A standing block on a batch (a recall or a clinic-wide quarantine), open or closed, with who,
    when and why for both."""

    id: int
    kind: BlockKind
    reason: QuarantineReason
    item: int
    item_name: str
    batch_number: str
    batch: int | None  # None until the batch is on record (received somewhere)
    recall: int | None
    note: str | None
    user: str
    created_at: datetime
    closed_at: datetime | None
    closed_by: str | None
    close_reason: ReleaseReason | None
    close_note: str | None


class BlockClose(Forbid, kw_only=True):
    reason: ReleaseReason
    note: Text | None = None  # required when the reason is other


class BlockCloseRead(Struct, kw_only=True):
    """The blocks closed and the quarantine records released (per site, with the quantity then)."""

    blocks: list[BlockRead]
    released: list[QuarantineRead]


# --- recall -----------------------------------------------------------------
class RecallCreate(Forbid, kw_only=True):
    gtin: Gtin | None = None
    item: Id | None = None
    batch_numbers: Annotated[list[BatchNumber], Meta(min_length=1, max_length=50)]
    reference: ShortText | None = None
    note: Text | None = None


class IssuedOn(Struct, kw_only=True):
    date: date
    quantity: int


class RecallSiteRead(Struct, kw_only=True):
    """One batch at one site: what was received, issued since, and held (now in quarantine)."""

    batch: BatchRef
    site: int
    site_name: str
    first_received: date | None
    received: int
    issued: int
    issued_by_date: list[IssuedOn]
    held: int
    quarantine: int | None  # the quarantine record holding the stock
    newly_quarantined: bool  # quarantined by this recall (False: it was already)


class RecallRead(Struct, kw_only=True):
    id: int
    item: int
    item_name: str
    gtin: str | None
    batches: list[BatchRef]
    reference: str | None
    note: str | None
    user: str
    created_at: datetime
    held_total: int
    issued_total: int
    sites: list[RecallSiteRead]
    blocks: list[BlockRead] = msgspec.field(default_factory=list)  # one per batch number recalled
    not_received: list[str] = msgspec.field(default_factory=list)  # recalled before any site received it
    closed_at: datetime | None = None
    closed_by: str | None = None
    close_reason: ReleaseReason | None = None
    close_note: str | None = None


# --- disposal ---------------------------------------------------------------
class DisposalLineCreate(Forbid, kw_only=True):
    batch: Id
    quantity: Annotated[int, Meta(le=1_000_000, description="Whole units of the item's unit of issue")]


class WitnessCreate(Forbid, kw_only=True):
    username: Annotated[str, Meta(min_length=1, max_length=80)]
    password: Annotated[str, Meta(min_length=1, max_length=200)]


class DisposalCreate(Forbid, kw_only=True):
    site: Id
    lines: Annotated[list[DisposalLineCreate], Meta(min_length=1, max_length=100)]
    method: DisposalMethod
    reason: Text | None = None  # needed when a batch is neither expired nor quarantined
    note: Text | None = None
    witness: WitnessCreate | None = None  # needed when an item is controlled


class DisposalLineRead(Struct, kw_only=True):
    operation: int
    movement_id: int
    item: int
    item_name: str
    unit_of_issue: str
    controlled: bool
    batch: BatchRef
    quantity: int
    value_ore: int
    unvalued_quantity: int  # received without a cost: not in value_ore
    on_hand: int | None = None  # left at the site, in the answer to the disposal
    reversed_by: int | None = None  # the reversal operation, when the disposal was undone


class DisposalRead(Struct, kw_only=True):
    id: int
    site: int
    site_name: str
    method: DisposalMethod
    reason: str | None
    note: str | None
    user: str
    witness: str | None
    created_at: datetime
    value_ore: int
    lines: list[DisposalLineRead]


class DisposalList(Struct, kw_only=True):
    items: list[DisposalRead]
    next_cursor: str | None = None


class RecallCloseRead(Struct, kw_only=True):
    """A closed recall and the quarantine records its closing released (per site, with the quantity)."""

    recall: RecallRead
    released: list[QuarantineRead]


def quarantine_read(view: QuarantineView) -> QuarantineRead:
    r = view.record
    return QuarantineRead(
        id=r.id,
        site=r.site_id,
        site_name=view.site_name,
        item=r.item_id,
        item_name=view.item_name,
        batch=batch_ref(view.batch),
        reason=QuarantineReason(r.reason),
        note=r.note,
        quantity_when_quarantined=r.quantity,
        on_hand=view.on_hand,
        recall=r.recall_id,
        block=r.block_id,
        user=view.username,
        created_at=r.created_at,
        released_at=r.released_at,
        released_by=view.released_by,
        release_reason=ReleaseReason(r.release_reason) if r.release_reason else None,
        release_note=r.release_note,
        set_aside=bool(r.set_aside),
    )


async def block_reads(session: AsyncSession, blocks: Sequence[BatchBlock]) -> list[BlockRead]:
    users = {u.id: u.username for u in (await session.scalars(select(User))).all()}
    item_ids = {b.item_id for b in blocks}
    items = {i.id: i.name for i in (await session.scalars(select(Item).where(Item.id.in_(item_ids)))).all()}
    return [
        BlockRead(
            id=b.id,
            kind=BlockKind(b.kind),
            reason=QuarantineReason(b.reason),
            item=b.item_id,
            item_name=items.get(b.item_id, ""),
            batch_number=b.batch_number,
            batch=b.batch_id,
            recall=b.recall_id,
            note=b.note,
            user=users.get(b.user_id, "?"),
            created_at=b.created_at,
            closed_at=b.closed_at,
            closed_by=users.get(b.closed_by_id) if b.closed_by_id else None,
            close_reason=ReleaseReason(b.close_reason) if b.close_reason else None,
            close_note=b.close_note,
        )
        for b in blocks
    ]


async def recall_read(session: AsyncSession, view: RecallView) -> RecallRead:
    r, closed = view.recall, view.closed
    return RecallRead(
        id=r.id,
        item=view.item.id,
        item_name=view.item.name,
        gtin=view.gtin,
        batches=[batch_ref(b) for b in view.batches],
        reference=r.reference,
        note=r.note,
        user=view.username,
        created_at=r.created_at,
        held_total=view.held_total,
        issued_total=view.issued_total,
        sites=[
            RecallSiteRead(
                batch=batch_ref(s.batch),
                site=s.site_id,
                site_name=s.site_name,
                first_received=s.first_received,
                received=s.received,
                issued=s.issued,
                issued_by_date=[IssuedOn(date=day, quantity=q) for day, q in s.issued_by_date.items()],
                held=s.held,
                quarantine=s.quarantine_id,
                newly_quarantined=s.newly_quarantined,
            )
            for s in view.sites
        ],
        blocks=await block_reads(session, view.blocks),
        not_received=view.not_received,
        closed_at=closed.closed_at if closed else None,
        closed_by=view.closed_by,
        close_reason=ReleaseReason(closed.close_reason) if closed and closed.close_reason else None,
        close_note=closed.close_note if closed else None,
    )


def disposal_read(view: DisposalView, on_hand: dict[int, int] | None = None) -> DisposalRead:
    d = view.disposal
    return DisposalRead(
        id=d.id,
        site=d.site_id,
        site_name=view.site_name,
        method=DisposalMethod(d.method),
        reason=d.reason,
        note=d.note,
        user=view.username,
        witness=view.witness,
        created_at=d.created_at,
        value_ore=view.value_ore,
        lines=[
            DisposalLineRead(
                operation=line.movement.operation_id,
                movement_id=line.movement.id,
                item=line.item.id,
                item_name=line.item.name,
                unit_of_issue=line.item.unit_of_issue,
                controlled=line.item.controlled,
                batch=batch_ref(line.batch),
                quantity=-line.movement.quantity,
                value_ore=line.value_ore,
                unvalued_quantity=line.unvalued_quantity,
                on_hand=(on_hand or {}).get(line.movement.id),
                reversed_by=line.reversed_by,
            )
            for line in view.lines
        ],
    )
