"""msgspec shapes of stock counts: start, enter what was found, sign, approve and post, cancel."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated

from msgspec import Meta, Struct

from inventory.domain.model import Category
from inventory.domain.stock_count import CountScope, CountStatus
from inventory.http.shapes.core import BatchRef, Forbid, Id, Text
from inventory.services.count_reads import CountView

BatchNumber = Annotated[str, Meta(min_length=1, max_length=40)]
Quantity = Annotated[int, Meta(ge=0, le=1_000_000, description="Whole units of the item's unit of issue")]


class CountCreate(Forbid, kw_only=True):
    """A count of a site: all stock, a location, a category, chosen items, or every controlled batch."""

    site: Id
    scope: CountScope
    location: Id | None = None  # scope location
    category: Category | None = None  # scope category
    items: Annotated[list[Id], Meta(max_length=500)] = []  # scope items
    blind: bool = False  # counters do not see the expected quantities until the count is closed
    note: Text | None = None


class CountEntryCreate(Forbid, kw_only=True):
    """What was found: a line of the count, a batch by id, or an item with a batch number and expiry
    (a batch the system did not expect). `add`: add to what was counted (a scan) instead of setting it."""

    counted: Quantity
    line: Id | None = None
    batch: Id | None = None
    item: Id | None = None
    batch_number: BatchNumber | None = None
    expiry: date | None = None
    add: bool = False


class CountEntriesCreate(Forbid, kw_only=True):
    lines: Annotated[list[CountEntryCreate], Meta(min_length=1, max_length=2000)]


class WitnessLoginCreate(Forbid, kw_only=True):
    username: Annotated[str, Meta(min_length=1, max_length=80)]
    password: Annotated[str, Meta(min_length=1, max_length=200)]


class CountSubmitCreate(Forbid, kw_only=True):
    """The counter signs the count (closing it for counting); a controlled count with a witness."""

    witness: WitnessLoginCreate | None = None


class CountApproveCreate(Forbid, kw_only=True):
    """Post every counted line not yet posted, or the chosen ones; a controlled count that differs
    from the register needs an explanation."""

    lines: Annotated[list[Id], Meta(min_length=1, max_length=5000)] | None = None
    explanation: Text | None = None


class CountScanCreate(Forbid, kw_only=True):
    """A pack scanned in count mode: into the newest open count of its kind at the site."""

    site: Id
    code: Annotated[str, Meta(min_length=1, max_length=200)]
    counted: Annotated[int, Meta(ge=1, le=10_000)] = 1  # units found (added to what was counted)


class CountScanRead(Struct, kw_only=True):
    count: int
    line: int
    item_name: str
    batch_number: str
    counted: int  # the line's counted quantity now
    unexpected: bool


class CountCancelCreate(Forbid, kw_only=True):
    note: Text | None = None


class CountLineRead(Struct, kw_only=True):
    id: int
    item: int
    item_name: str
    unit_of_issue: str
    batch: BatchRef
    location: str | None
    unexpected: bool  # a batch the system did not expect
    at_start: int | None  # null while a blind count is open
    moved_since: int | None
    expected: int | None
    counted: int | None  # null: not counted yet
    variance: int | None
    value_ore: int | None  # null for a reader who sees no money, or not counted yet
    grant: str | None  # the grant a loss is charged to, "found" for a gain (found in count)
    posted: bool
    posted_by: str | None


class CountRead(Struct, kw_only=True):
    id: int
    site: int
    site_name: str
    scope: CountScope
    location: str | None
    category: str | None
    blind: bool
    controlled: bool
    status: CountStatus
    note: str | None
    started_by: str | None
    started_at: datetime
    counter: str | None  # who signed the count as its counter
    submitted_at: datetime | None
    witness: str | None
    explanation: str | None
    approved_by: str | None
    approved_at: datetime | None
    cancelled_by: str | None
    cancelled_at: datetime | None
    value_ore: int | None  # the variances' value, signed; null where hidden
    lines: list[CountLineRead]


class CountSummaryRead(Struct, kw_only=True):
    id: int
    site: int
    site_name: str
    scope: CountScope
    blind: bool
    controlled: bool
    status: CountStatus
    started_at: datetime


class CountList(Struct, kw_only=True):
    items: list[CountSummaryRead]
    next_cursor: str | None = None


def count_read(view: CountView) -> CountRead:
    c = view.count
    return CountRead(
        id=c.id,
        site=c.site_id,
        site_name=view.site_name,
        scope=CountScope(c.scope),
        location=view.location,
        category=c.category,
        blind=c.blind,
        controlled=c.controlled,
        status=CountStatus(c.status),
        note=c.note,
        started_by=view.name(c.started_by),
        started_at=c.started_at,
        counter=view.name(c.submitted_by),
        submitted_at=c.submitted_at,
        witness=view.name(c.witness_id),
        explanation=c.explanation,
        approved_by=view.name(c.approved_by),
        approved_at=c.approved_at,
        cancelled_by=view.name(c.cancelled_by),
        cancelled_at=c.cancelled_at,
        value_ore=view.value_ore,
        lines=[
            CountLineRead(
                id=line.id,
                item=line.item_id,
                item_name=line.item_name,
                unit_of_issue=line.unit_of_issue,
                batch=BatchRef(id=line.batch_id, batch_number=line.batch_number, expiry_date=line.expiry),
                location=line.location,
                unexpected=line.unexpected,
                at_start=line.at_start,
                moved_since=line.moved_since,
                expected=line.expected,
                counted=line.counted,
                variance=line.variance,
                value_ore=line.value_ore,
                grant=line.grant,
                posted=line.posted,
                posted_by=line.posted_by,
            )
            for line in view.lines
        ],
    )
