"""msgspec shapes of the API: a Create shape for what comes in, a Read shape for what goes out."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Generic, Literal, TypeVar

import msgspec
from msgspec import Meta, Struct

from inventory.domain.expiry import ExpiryStatus
from inventory.domain.model import AdjustmentReason, Category, DispensedIn, IssueReason, Role
from inventory.domain.quarantine import BlockKind, QuarantineReason

T = TypeVar("T")

# Ids fit the database's 32-bit INTEGER columns; a larger one can only be a mistake (and must not reach SQL).
Id = Annotated[int, Meta(ge=1, le=2_147_483_647)]
Quantity = Annotated[int, Meta(ge=1, le=1_000_000, description="Whole units of the item's unit of issue")]
SignedQuantity = Annotated[int, Meta(ge=-1_000_000, le=1_000_000)]
Ore = Annotated[int, Meta(ge=0, le=10_000_000_000, description="Money in øre (1 DKK = 100 øre)")]
Text = Annotated[str, Meta(max_length=500)]
ShortText = Annotated[str, Meta(max_length=120)]
DeliveryNote = Annotated[str, Meta(max_length=60)]  # a delivery note's number (følgeseddel)


class Forbid(Struct, forbid_unknown_fields=True, kw_only=True):
    """Input shapes refuse unknown fields: a misspelt field is an error, not silently ignored."""


class Page(Struct, Generic[T], kw_only=True):
    items: list[T]
    next_cursor: str | None = None


# --- auth -------------------------------------------------------------------
class TokenRequest(Forbid, kw_only=True):
    username: Annotated[str, Meta(min_length=1, max_length=80)]
    password: Annotated[str, Meta(min_length=1, max_length=200)]


class TokenRead(Struct, kw_only=True):
    access_token: str
    token_type: str = "bearer"
    expires_in: int
    username: str
    role: Role


# --- sites and locations ----------------------------------------------------
class SiteCreate(Forbid, kw_only=True):
    code: Annotated[str, Meta(min_length=1, max_length=8)]
    name: Annotated[str, Meta(min_length=1, max_length=100)]
    address: ShortText | None = None


class SiteUpdate(Forbid, kw_only=True):
    name: Annotated[str, Meta(min_length=1, max_length=100)] | None = None
    address: Annotated[str, Meta(max_length=200)] | None = None  # "" clears it
    active: bool | None = None  # closing a site needs it empty of stock


class SiteRead(Struct, kw_only=True):
    id: int
    code: str
    name: str
    address: str | None
    active: bool


class LocationCreate(Forbid, kw_only=True):
    name: Annotated[str, Meta(min_length=1, max_length=100)]
    cold: bool = False


class LocationRead(Struct, kw_only=True):
    id: int
    site: int
    name: str
    cold: bool


# --- items ------------------------------------------------------------------
class ItemCreate(Forbid, kw_only=True):
    name: Annotated[str, Meta(min_length=1, max_length=200)]
    category: Category
    unit_of_issue: Annotated[str, Meta(min_length=1, max_length=30)]
    pack_size: Annotated[int, Meta(ge=1, le=100_000)] = 1
    atc_code: Annotated[str, Meta(max_length=7)] | None = None
    strength: Annotated[str, Meta(max_length=60)] | None = None
    form: Annotated[str, Meta(max_length=60)] | None = None
    gtins: list[Annotated[str, Meta(max_length=14)]] = msgspec.field(default_factory=list)
    requires_expiry: bool | None = None
    cold_chain: bool = False
    controlled: bool = False
    dispensed_in: DispensedIn = DispensedIn.UNITS


class ItemUpdate(Forbid, kw_only=True):
    name: Annotated[str, Meta(min_length=1, max_length=200)] | None = None
    unit_of_issue: Annotated[str, Meta(min_length=1, max_length=30)] | None = None
    pack_size: Annotated[int, Meta(ge=1, le=100_000)] | None = None
    atc_code: Annotated[str, Meta(max_length=7)] | None = None
    strength: Annotated[str, Meta(max_length=60)] | None = None
    form: Annotated[str, Meta(max_length=60)] | None = None
    gtins: list[Annotated[str, Meta(max_length=14)]] | None = None
    cold_chain: bool | None = None
    controlled: bool | None = None
    active: bool | None = None
    dispensed_in: DispensedIn | None = None


class GtinLink(Forbid, kw_only=True):
    gtin: Annotated[str, Meta(min_length=8, max_length=14)]


class ItemRead(Struct, kw_only=True):
    id: int
    name: str
    category: Category
    unit_of_issue: str
    pack_size: int
    atc_code: str | None
    strength: str | None
    form: str | None
    gtins: list[str]
    requires_expiry: bool
    cold_chain: bool
    controlled: bool
    active: bool
    dispensed_in: DispensedIn


# --- batches ----------------------------------------------------------------
class BatchRef(Struct, kw_only=True):
    id: int
    batch_number: str
    expiry_date: date | None


class BatchRead(Struct, kw_only=True):
    id: int
    item: int
    item_name: str
    batch_number: str
    expiry_date: date | None
    expiry_status: ExpiryStatus
    on_hand: int


# --- ledger writes ----------------------------------------------------------
class GrantShareCreate(Forbid, kw_only=True):
    """One grant's part of a purchase: `amount_ore`, or `percent` (up to two decimals)."""

    grant: Id
    budget_line: Id | None = None
    amount_ore: Ore | None = None
    percent: Annotated[float, Meta(gt=0, le=100)] | None = None


class FundingCreate(Forbid, kw_only=True):
    """How a receipt was paid for: charged to grants (amounts or percentages summing exactly to the
    cost), unrestricted funds, or donated in kind by a donor at a stated unit value. Finance may
    override a grant's rules (ended, exhausted, restricted) with `override_reason`."""

    kind: Literal["grants", "unrestricted", "in_kind"]
    grants: list[GrantShareCreate] = msgspec.field(default_factory=list)
    donor: Id | None = None
    unit_value_ore: Ore | None = None
    override_reason: Annotated[str, Meta(min_length=1, max_length=500)] | None = None


class ReceiptCreate(Forbid, kw_only=True):
    site: Id
    item: Id
    batch_number: Annotated[str, Meta(min_length=1, max_length=40)]
    expiry_date: date | None = None
    quantity: Quantity
    unit_cost_ore: Ore | None = None
    reference: ShortText | None = msgspec.field(default=None)
    note: Text | None = None
    location: Id | None = None
    allow_expired: bool = False
    funding: FundingCreate | None = None
    supplier: ShortText | None = None  # who delivered: printed in the controlled-drug register
    delivery_note: DeliveryNote | None = None  # the delivery note's number


class IssueCreate(Forbid, kw_only=True):
    site: Id
    item: Id
    quantity: Quantity
    reason: IssueReason
    batch: Id | None = None
    note: Text | None = None


class AdjustmentCreate(Forbid, kw_only=True):
    site: Id
    batch: Id
    quantity: SignedQuantity
    reason: AdjustmentReason
    note: Text | None = None


class ReversalCreate(Forbid, kw_only=True):
    operation: Id
    note: Text | None = None


class OperationLine(Struct, kw_only=True):
    movement_id: int
    batch: BatchRef
    quantity: int
    unit_cost_ore: int | None = None
    on_hand: int | None = None
    value_ore: int | None = None  # cost of the units moved (from the cost layers), signed like quantity


class BlockRef(Struct, kw_only=True):
    """An open standing block on a batch (item and batch number): a recall or a clinic-wide quarantine.
    While it is open, stock of the batch arriving at any site goes into quarantine there."""

    id: int
    kind: BlockKind
    reason: QuarantineReason
    item: int
    batch_number: str
    recall: int | None
    note: str | None
    since: datetime


class BlockedArrival(Struct, kw_only=True):
    """Stock of a recalled or blocked batch arrived: it went into quarantine at the site (set it aside)."""

    quarantined: bool  # always true
    quarantine: int  # the quarantine record holding it at the site
    block: BlockRef


class OperationRead(Struct, kw_only=True):
    """A receipt, issue, adjustment or reversal with the movements it wrote."""

    id: int
    kind: str
    site: int
    site_name: str
    item: int
    item_name: str
    unit_of_issue: str
    quantity: int
    reason: str | None
    note: str | None
    reference: str | None
    user: str
    created_at: datetime
    reverses_operation: int | None
    lines: list[OperationLine]
    fefo_suggestion: BatchRef | None = None
    blocked: BlockedArrival | None = None  # a receipt (or reversal, found stock) of a blocked batch
    supplier: str | None = None  # a receipt's supplier and delivery note, as given
    delivery_note: str | None = None


# --- reads ------------------------------------------------------------------
class MovementRead(Struct, kw_only=True):
    id: int
    operation: int
    kind: str
    site: int
    item: int
    item_name: str
    batch: BatchRef
    quantity: int
    unit_cost_ore: int | None
    reverses: int | None
    user: str
    reason: str | None
    note: str | None
    created_at: datetime


class StockRead(Struct, kw_only=True):
    site: int
    item: int
    item_name: str
    unit_of_issue: str
    batch: BatchRef
    quantity: int
    expiry_status: ExpiryStatus
    days_to_expiry: int | None
    location: str | None
    quarantined: bool = False  # in quarantine at this site: never picked, never issued


class StockTotalRead(Struct, kw_only=True):
    site: int
    item: int
    item_name: str
    unit_of_issue: str
    quantity: int
    usable_quantity: int
    expired_quantity: int
    batches: int
    next_expiry: date | None


# --- users ------------------------------------------------------------------
MayIssueControlled = Annotated[
    bool,
    Meta(
        description="May issue controlled items although the role does not (a volunteer granted it by an "
        "admin); pharmacists and admins always may. A change needs controlled_reason."
    ),
]
ControlledReason = Annotated[
    str, Meta(min_length=1, max_length=500, description="Why the right is granted or revoked (audit trail)")
]


class UserCreate(Forbid, kw_only=True):
    username: Annotated[str, Meta(min_length=1, max_length=80)]
    password: Annotated[str, Meta(min_length=8, max_length=200)]
    role: Role
    sites: list[Id] = msgspec.field(default_factory=list)
    full_name: ShortText | None = None
    may_issue_controlled: MayIssueControlled = False
    controlled_reason: ControlledReason | None = None


class UserUpdate(Forbid, kw_only=True):
    role: Role | None = None
    sites: list[Id] | None = None
    active: bool | None = None
    password: Annotated[str, Meta(min_length=8, max_length=200)] | None = None
    full_name: ShortText | None = None
    may_issue_controlled: MayIssueControlled | None = None
    controlled_reason: ControlledReason | None = None


class PasswordChange(Forbid, kw_only=True):
    current_password: Annotated[str, Meta(min_length=1, max_length=200)]
    password: Annotated[str, Meta(min_length=1, max_length=200)]  # the strength rule: domain/passwords


class UserRead(Struct, kw_only=True):
    id: int
    username: str
    full_name: str | None
    role: Role
    sites: list[int]
    active: bool
    may_issue_controlled: bool = False  # the admin's grant (pharmacists and admins need none)


# --- labels -----------------------------------------------------------------
IdList = Annotated[list[Id], Meta(max_length=500)]


class LabelsCreate(Forbid, kw_only=True):
    batches: IdList = msgspec.field(default_factory=list)
    locations: IdList = msgspec.field(default_factory=list)
    items: IdList = msgspec.field(default_factory=list)
    site: Id | None = None
    layout: Annotated[str, Meta(max_length=30, description="e.g. a4-3x7 or roll-62x29")] = "a4-3x7"
    copies: Annotated[int, Meta(ge=1, le=100)] = 1
    start_offset: Annotated[int, Meta(ge=0, le=100, description="positions already used on the sheet")] = 0
    symbology: Literal["auto", "datamatrix", "gs1-128", "code128"] = "auto"
    format: Literal["pdf", "zpl"] = "pdf"
