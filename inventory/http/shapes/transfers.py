"""msgspec shapes of transfers between sites."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated

from msgspec import Meta, Struct

from inventory.domain.transfers import LossReason, TransferState
from inventory.http.shapes.core import Forbid, Id, Quantity, Text
from inventory.services.transfer_reads import TransferView


class TransferLineCreate(Forbid, kw_only=True):
    item: Id
    quantity: Quantity
    batch: Id | None = None  # None: first expiry first out


class TransferCreate(Forbid, kw_only=True):
    from_site: Id
    to_site: Id
    lines: Annotated[list[TransferLineCreate], Meta(min_length=1, max_length=500)]
    note: Text | None = None


class LineReceiptCreate(Forbid, kw_only=True):
    line: Id
    received: Annotated[int, Meta(ge=0, le=1_000_000)]
    reason: LossReason | None = None  # needed when fewer were received than sent
    note: Text | None = None


class TransferReceiptCreate(Forbid, kw_only=True):
    """Leave `lines` out to receive every open line in full; name lines to receive them (and only them)."""

    lines: Annotated[list[LineReceiptCreate], Meta(max_length=500)] | None = None


class TransferLineRead(Struct, kw_only=True):
    id: int
    item: int
    item_name: str
    unit_of_issue: str
    cold_chain: bool
    controlled: bool
    batch: int
    batch_number: str
    expiry_date: date | None
    quantity: int
    received: int | None
    lost: int
    loss_reason: LossReason | None
    loss_note: str | None
    in_transit: int


class TransferRead(Struct, kw_only=True):
    id: int
    code: str  # the packing list's scannable code
    from_site: int
    from_site_name: str
    to_site: int
    to_site_name: str
    state: TransferState
    controlled: bool
    note: str | None
    user: str
    created_at: datetime
    approved_by: str | None
    sent_at: datetime | None
    received_by: str | None
    received_at: datetime | None
    cancelled_by: str | None
    cancelled_at: datetime | None
    in_transit: int
    lines: list[TransferLineRead]


class TransferList(Struct, kw_only=True):
    items: list[TransferRead]
    next_cursor: str | None = None


def transfer_read(view: TransferView) -> TransferRead:
    t = view.transfer
    return TransferRead(
        id=t.id,
        code=view.code,
        from_site=t.from_site_id,
        from_site_name=view.from_site,
        to_site=t.to_site_id,
        to_site_name=view.to_site,
        state=TransferState(t.state),
        controlled=t.controlled,
        note=t.note,
        user=view.user,
        created_at=t.created_at,
        approved_by=view.approved_by,
        sent_at=t.sent_at,
        received_by=view.received_by,
        received_at=t.received_at,
        cancelled_by=view.cancelled_by,
        cancelled_at=t.cancelled_at,
        in_transit=view.in_transit,
        lines=[
            TransferLineRead(
                id=v.line.id,
                item=v.line.item_id,
                item_name=v.item_name,
                unit_of_issue=v.unit_of_issue,
                cold_chain=v.cold_chain,
                controlled=v.controlled,
                batch=v.line.batch_id,
                batch_number=v.batch_number,
                expiry_date=v.expiry_date,
                quantity=v.line.quantity,
                received=v.line.received,
                lost=v.line.lost or 0,
                loss_reason=LossReason(v.line.loss_reason) if v.line.loss_reason else None,
                loss_note=v.line.loss_note,
                in_transit=v.in_transit,
            )
            for v in view.lines
        ],
    )
