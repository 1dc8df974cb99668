"""msgspec shapes of the pharmacists' API: quarantine, recall, disposal."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated

import msgspec
from msgspec import Meta, Struct

from inventory.api.schemas import BatchRef, Forbid, Id, ShortText, Text
from inventory.domain.disposal import DisposalMethod
from inventory.domain.quarantine import BlockKind, QuarantineReason, ReleaseReason

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
