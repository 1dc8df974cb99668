"""How a receipt is paid for, checked against the grants' rules, and the cost layers every movement
opens, takes or gives back.

The ledger calls `plan_funding` before it writes anything (so a refusal writes nothing), then
`open_receipt_layer` after the receipt's movement exists; takes, give-backs and found stock follow
each movement the same way (`take_layers`, `undo_layers`, `open_found_layer`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from inventory.db import layer_writes
from inventory.db.repo import on_postgres
from inventory.db.tables import BudgetLine, Donor, Grant, Item, Movement, ReceiptFunding
from inventory.domain import funding as f
from inventory.domain.access import Actor, Permission
from inventory.domain.errors import InvalidInput, PermissionDenied, UnknownReference
from inventory.services.ledger_results import Line, OperationResult


@dataclass
class FundingPlan:
    """What the receipt's layer will say about its money, and one row per share of it."""

    source: f.LayerSource
    unit_cost_ore: int
    grant_id: int | None = None
    budget_line_id: int | None = None
    donor_id: int | None = None
    shares: list[dict[str, object]] = field(default_factory=list)


async def plan_funding(
    session: AsyncSession,
    actor: Actor,
    choice: f.FundingChoice | None,
    *,
    default: str,
    item: Item,
    site_id: int,
    quantity: int,
    unit_cost_ore: int | None,
    today: date,
) -> FundingPlan:
    """Check the funding of a receipt and answer its plan; refuses with the field at fault."""
    if choice is None:
        if default == "required":
            raise InvalidInput("say how this receipt was paid for", field="funding")
        choice = f.FundingChoice(f.FundingKind.UNRESTRICTED)
    if choice.override_reason is not None and not actor.has(Permission.FUND):
        raise PermissionDenied("only finance may override a grant's rules", field="funding.override_reason")
    if choice.kind == f.FundingKind.UNRESTRICTED:
        cost = unit_cost_ore or 0
        return FundingPlan(
            f.LayerSource.UNRESTRICTED, cost, shares=[_share(f.LayerSource.UNRESTRICTED, quantity * cost)]
        )
    if choice.kind == f.FundingKind.IN_KIND:
        return await _in_kind(session, choice, quantity, unit_cost_ore)
    if unit_cost_ore is None:
        raise InvalidInput("a receipt charged to a grant needs its unit cost", field="unit_cost_ore")
    amounts = f.grant_amounts(quantity * unit_cost_ore, choice.grants)
    goods = f.ChargedGoods(item_id=item.id, category=item.category, site_id=site_id, today=today)
    refusals: list[f.Refusal] = []
    shares: list[dict[str, object]] = []
    donors: set[int] = set()
    for n, (share, amount) in enumerate(zip(choice.grants, amounts, strict=True)):
        grant, line = await _terms(session, share, n)
        refusals += f.charge_refusals(grant, line, amount, goods, f"funding.grants[{n}]")
        donors.add(await _donor_of(session, share.grant_id))
        shares.append(
            _share(f.LayerSource.GRANT, amount, grant_id=share.grant_id, budget_line_id=share.budget_line_id)
        )
    overridden = f.require_allowed(refusals, choice.override_reason)
    if overridden:
        for row in shares:
            row.update(
                override_reason=(choice.override_reason or "").strip(), overridden=",".join(overridden)[:200]
            )
    if len(shares) == 1:
        only = choice.grants[0]
        return FundingPlan(
            f.LayerSource.GRANT, unit_cost_ore, only.grant_id, only.budget_line_id, donors.pop(), shares
        )
    return FundingPlan(f.LayerSource.SPLIT, unit_cost_ore, shares=shares)


def _share(source: f.LayerSource, amount: int, **values: object) -> dict[str, object]:
    row: dict[str, object] = {
        "source": source.value,
        "grant_id": None,
        "budget_line_id": None,
        "donor_id": None,
        "amount_ore": amount,
        "unit_value_ore": None,
        "override_reason": None,
        "overridden": None,
    }
    row.update(values)
    return row


async def _in_kind(
    session: AsyncSession, choice: f.FundingChoice, quantity: int, unit_cost_ore: int | None
) -> FundingPlan:
    if choice.donor_id is None:
        raise InvalidInput("an in-kind donation names its donor", field="funding.donor")
    donor = await session.get(Donor, choice.donor_id)
    if donor is None:
        raise UnknownReference(f"no donor with id {choice.donor_id}", field="funding.donor")
    value = f.in_kind_value(quantity, choice.unit_value_ore)
    unit_value = choice.unit_value_ore or 0
    if unit_cost_ore is not None and unit_cost_ore != unit_value:
        raise InvalidInput(
            "a donation's unit cost is its stated unit value; leave unit_cost_ore out", field="unit_cost_ore"
        )
    row = _share(f.LayerSource.IN_KIND, value, donor_id=donor.id, unit_value_ore=unit_value)
    return FundingPlan(f.LayerSource.IN_KIND, unit_value, donor_id=donor.id, shares=[row])


async def _terms(
    session: AsyncSession, share: f.GrantShare, n: int
) -> tuple[f.GrantTerms, f.BudgetLineTerms | None]:
    """The grant (locked on PostgreSQL until commit, so two charges cannot both spend its last kroner)."""
    query = select(Grant).where(Grant.id == share.grant_id)
    if on_postgres(session):
        query = query.with_for_update()
    grant = (await session.execute(query)).scalar_one_or_none()
    if grant is None:
        raise UnknownReference(f"no grant with id {share.grant_id}", field=f"funding.grants[{n}].grant")
    terms = grant_terms(grant, await spent(session, grant_id=grant.id))
    if share.budget_line_id is None:
        return terms, None
    line = await session.get(BudgetLine, share.budget_line_id)
    if line is None or line.grant_id != grant.id:
        raise UnknownReference(
            f"grant {grant.id} has no budget line {share.budget_line_id}",
            field=f"funding.grants[{n}].budget_line",
        )
    return terms, f.BudgetLineTerms(
        line.id, grant.id, line.name, line.amount_ore, await spent(session, line_id=line.id), line.category
    )


def grant_terms(grant: Grant, spent_ore: int) -> f.GrantTerms:
    restrictions = grant.restrictions or {}
    return f.GrantTerms(
        grant_id=grant.id,
        name=grant.name,
        status=f.GrantStatus(grant.status),
        start=grant.start_date,
        end=grant.end_date,
        amount_ore=grant.amount_ore,
        spent_ore=spent_ore,
        categories=frozenset(str(c) for c in restrictions.get("categories", [])),
        site_ids=frozenset(int(str(s)) for s in restrictions.get("sites", [])),
        item_ids=frozenset(int(str(i)) for i in restrictions.get("items", [])),
    )


async def spent(session: AsyncSession, *, grant_id: int | None = None, line_id: int | None = None) -> int:
    """What current receipts charge to a grant or budget line (reversed or recharged ones are superseded)."""
    query = select(func.coalesce(func.sum(ReceiptFunding.amount_ore), 0)).where(
        ReceiptFunding.superseded_at.is_(None)
    )
    if grant_id is not None:
        query = query.where(ReceiptFunding.grant_id == grant_id)
    if line_id is not None:
        query = query.where(ReceiptFunding.budget_line_id == line_id)
    return int(await session.scalar(query) or 0)


async def _donor_of(session: AsyncSession, grant_id: int) -> int:
    return int(await session.scalar(select(Grant.donor_id).where(Grant.id == grant_id)) or 0)


async def open_receipt_layer(
    session: AsyncSession,
    plan: FundingPlan,
    *,
    operation_id: int,
    movement_id: int,
    site_id: int,
    batch_id: int,
    item_id: int,
    quantity: int,
    user_id: int,
    now: datetime,
) -> int:
    """The receipt line's layer and its funding rows; answers the layer's value."""
    layer_id = await layer_writes.open_layer(
        session,
        site_id=site_id,
        batch_id=batch_id,
        item_id=item_id,
        movement_id=movement_id,
        quantity=quantity,
        unit_cost_ore=plan.unit_cost_ore,
        source=plan.source,
        created_at=now,
        grant_id=plan.grant_id,
        budget_line_id=plan.budget_line_id,
        donor_id=plan.donor_id,
    )
    rows = [
        {**share, "layer_id": layer_id, "operation_id": operation_id, "user_id": user_id, "created_at": now}
        for share in plan.shares
    ]
    for row in rows:
        row.setdefault("superseded_at", None)
        row.setdefault("superseded_reason", None)
    await layer_writes.add_funding(session, rows)
    return quantity * plan.unit_cost_ore


async def take_layers(session: AsyncSession, line: Line, site_id: int, quantity: int) -> int:
    """Consume the batch's layers at the site for an outgoing movement; answers the value taken."""
    takes = await layer_writes.take_layers(session, line.movement.id, site_id, line.batch.id, quantity)
    return sum(take.value_ore for take in takes)


async def open_found_layer(
    session: AsyncSession, line: Line, result: OperationResult, source: f.LayerSource
) -> int:
    """Units that came from no receipt: a layer charged to nobody, at the batch's last known cost."""
    cost = await layer_writes.last_known_cost(session, line.batch.id)
    await layer_writes.open_layer(
        session,
        site_id=result.site.id,
        batch_id=line.batch.id,
        item_id=result.item.id,
        movement_id=line.movement.id,
        quantity=line.movement.quantity,
        unit_cost_ore=cost,
        source=source,
        created_at=result.operation.created_at,
    )
    return line.movement.quantity * cost


async def undo_layers(session: AsyncSession, original: Movement, line: Line, result: OperationResult) -> int:
    """A reversal's layers: give back exactly what the original took, or take back what it opened."""
    if original.quantity < 0:
        back = await layer_writes.restore_takes(session, original.id, line.movement.id)
        if back:
            return -sum(take.value_ore for take in back)
        # Taken before funding existed: the units come back as an opening layer.
        return await open_found_layer(session, line, result, f.LayerSource.OPENING)
    taken = await layer_writes.take_back_layers(session, original.id, line.movement.id, original.quantity)
    if not taken:  # received before funding existed: its units are in the opening layers
        return -await take_layers(session, line, result.site.id, original.quantity)
    for take in taken:
        await layer_writes.supersede_funding(session, take.layer_id, result.operation.created_at, "reversed")
    return -sum(take.value_ore for take in taken)
