"""msgspec shapes of donors, grants and budget lines (the receipt's funding choice is in schemas.py)."""

from __future__ import annotations

from datetime import date
from typing import Annotated

import msgspec
from msgspec import Meta, Struct

from inventory.db.tables import Donor, ReceiptFunding
from inventory.domain.access import Actor, Permission
from inventory.domain.funding import DonorKind, GrantStatus
from inventory.domain.model import Category
from inventory.http.shapes.core import Forbid, Id, Ore, ShortText, Text
from inventory.services.funding import GrantView

Name = Annotated[str, Meta(min_length=1, max_length=200)]
Reason = Annotated[str, Meta(min_length=1, max_length=500, description="Why the change is made (kept)")]


class DonorCreate(Forbid, kw_only=True):
    name: Name
    kind: DonorKind
    reference: ShortText | None = None
    note: Text | None = None


class DonorUpdate(Forbid, kw_only=True):
    reason: Reason
    name: Name | None = None
    kind: DonorKind | None = None
    reference: ShortText | None = None
    note: Text | None = None
    active: bool | None = None


class DonorRead(Struct, kw_only=True):
    id: int
    name: str
    kind: DonorKind
    reference: str | None
    note: str | None
    active: bool


class Restrictions(Forbid, kw_only=True):
    """What a grant may pay for; an empty list restricts nothing."""

    categories: list[Category] = msgspec.field(default_factory=list)
    sites: list[Id] = msgspec.field(default_factory=list)
    items: list[Id] = msgspec.field(default_factory=list)


class BudgetLineCreate(Forbid, kw_only=True):
    name: Name
    amount_ore: Ore
    category: Category | None = None


class BudgetLineUpdate(Forbid, kw_only=True):
    reason: Reason
    name: Name | None = None
    amount_ore: Ore | None = None
    category: Category | None = None


class BudgetLineRead(Struct, kw_only=True):
    id: int
    grant: int
    name: str
    amount_ore: int
    category: Category | None
    spent_ore: int
    left_ore: int


class GrantCreate(Forbid, kw_only=True):
    donor: Id
    name: Name
    reference: ShortText | None = None
    amount_ore: Ore
    start_date: date
    end_date: date
    status: GrantStatus = GrantStatus.ACTIVE
    restrictions: Restrictions = msgspec.field(default_factory=Restrictions)
    budget_lines: list[BudgetLineCreate] = msgspec.field(default_factory=list)


class GrantUpdate(Forbid, kw_only=True):
    reason: Reason
    name: Name | None = None
    reference: ShortText | None = None
    amount_ore: Ore | None = None
    start_date: date | None = None
    end_date: date | None = None
    status: GrantStatus | None = None
    restrictions: Restrictions | None = None


class GrantRead(Struct, kw_only=True):
    id: int
    donor: int
    donor_name: str
    name: str
    reference: str | None
    amount_ore: int
    start_date: date
    end_date: date
    status: GrantStatus
    restrictions: Restrictions
    spent_ore: int  # charged by current receipts
    left_ore: int
    budget_lines: list[BudgetLineRead]


class FundingChangeRead(Struct, kw_only=True):
    id: int
    entity: str
    entity_id: int
    action: str
    reason: str | None
    before: dict[str, object] | None
    after: dict[str, object]
    user: str
    created_at: str


class ReceiptFundingRead(Struct, kw_only=True):
    """One share of a receipt's funding."""

    source: str  # grant | unrestricted | in_kind
    grant: int | None
    budget_line: int | None
    donor: int | None
    amount_ore: int
    unit_value_ore: int | None
    override_reason: str | None
    overridden: list[str]


def receipt_funding_read(row: ReceiptFunding) -> ReceiptFundingRead:
    return ReceiptFundingRead(
        source=row.source,
        grant=row.grant_id,
        budget_line=row.budget_line_id,
        donor=row.donor_id,
        amount_ore=row.amount_ore,
        unit_value_ore=row.unit_value_ore,
        override_reason=row.override_reason,
        overridden=row.overridden.split(",") if row.overridden else [],
    )


def donor_read(donor: Donor, actor: Actor | None = None) -> DonorRead:
    """A donor; its note only for those who read finance (the policy's `finance_read`)."""
    return DonorRead(
        id=donor.id,
        name=donor.name,
        kind=DonorKind(donor.kind),
        reference=donor.reference,
        note=donor.note if actor is None or actor.has(Permission.FINANCE_READ) else None,
        active=donor.active,
    )


def grant_read(view: GrantView) -> GrantRead:
    g = view.grant
    r = g.restrictions or {}
    return GrantRead(
        id=g.id,
        donor=g.donor_id,
        donor_name=view.donor_name,
        name=g.name,
        reference=g.reference,
        amount_ore=g.amount_ore,
        start_date=g.start_date,
        end_date=g.end_date,
        status=GrantStatus(g.status),
        restrictions=Restrictions(
            categories=[Category(str(c)) for c in r.get("categories", [])],
            sites=[int(str(x)) for x in r.get("sites", [])],
            items=[int(str(x)) for x in r.get("items", [])],
        ),
        spent_ore=view.spent_ore,
        left_ore=g.amount_ore - view.spent_ore,
        budget_lines=[
            BudgetLineRead(
                id=line.id,
                grant=line.grant_id,
                name=line.name,
                amount_ore=line.amount_ore,
                category=Category(line.category) if line.category else None,
                spent_ore=spent,
                left_ore=line.amount_ore - spent,
            )
            for line, spent in view.lines
        ],
    )
