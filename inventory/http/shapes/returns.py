"""The API's shapes of returns to a supplier and of packs set aside from the scan page."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from msgspec import Meta, Struct

from inventory.domain.returns import ReturnReason, SetAsideReason
from inventory.http.shapes.convert import batch_ref
from inventory.http.shapes.core import BatchRef, Forbid, Id, Quantity, Text
from inventory.services.return_reads import ReturnView


class ReturnLineCreate(Forbid, kw_only=True):
    batch: Id
    quantity: Quantity


class ReturnCreate(Forbid, kw_only=True):
    site: Id
    lines: Annotated[list[ReturnLineCreate], Meta(min_length=1, max_length=100)]
    supplier: Annotated[str, Meta(min_length=1, max_length=120, description="Who the stock goes back to")]
    reference: Annotated[
        str, Meta(min_length=1, max_length=80, description="The supplier's RMA or return number")
    ]
    reason: ReturnReason
    note: Text | None = None  # needed when the reason is "other"


class ReturnLineRead(Struct, kw_only=True):
    operation: int
    movement_id: int
    item: int
    item_name: str
    unit_of_issue: str
    controlled: bool
    batch: BatchRef
    quantity: int
    value_ore: int  # what it took from the cost layers: the credit expected
    unvalued_quantity: int  # received without a cost: not in value_ore
    on_hand: int | None = None  # left at the site, in the answer to the return
    reversed_by: int | None = None  # the reversal operation, when the return was undone


class ReturnRead(Struct, kw_only=True):
    id: int
    site: int
    site_name: str
    supplier: str
    reference: str
    reason: ReturnReason
    note: str | None
    user: str
    user_name: str  # the full name, as the return note prints it
    created_at: datetime
    value_ore: int  # the credit expected from the supplier
    lines: list[ReturnLineRead]


class ReturnList(Struct, kw_only=True):
    items: list[ReturnRead]
    next_cursor: str | None = None


class SetAsideCreate(Forbid, kw_only=True):
    """A scanned pack set aside at a site: its batch (as the scan resolved it) goes into quarantine."""

    site: Id
    batch: Id
    reason: SetAsideReason
    note: Text | None = None  # needed when the reason is "other"


def return_read(view: ReturnView, on_hand: dict[int, int] | None = None) -> ReturnRead:
    r = view.record
    return ReturnRead(
        id=r.id,
        site=r.site_id,
        site_name=view.site_name,
        supplier=r.supplier,
        reference=r.reference,
        reason=ReturnReason(r.reason),
        note=r.note,
        user=view.username,
        user_name=view.full_name,
        created_at=r.created_at,
        value_ore=view.value_ore,
        lines=[
            ReturnLineRead(
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
