"""From persistence rows and use-case results to the API's Read shapes."""

from __future__ import annotations

from datetime import date

import msgspec

from inventory.db.tables import Batch, BatchBlock, Item, Location, Movement, Operation, Site, User
from inventory.domain.access import Actor, Permission
from inventory.domain.errors import InvalidInput
from inventory.domain.expiry import days_left, expiry_status
from inventory.domain.funding import FundingChoice, FundingKind, GrantShare
from inventory.domain.model import Category, DispensedIn, Role
from inventory.domain.quarantine import BlockKind, QuarantineReason
from inventory.http.shapes import core as s
from inventory.services.ledger import OperationResult


def batch_ref(batch: Batch) -> s.BatchRef:
    return s.BatchRef(id=batch.id, batch_number=batch.batch_number, expiry_date=batch.expiry_date)


def site_read(site: Site) -> s.SiteRead:
    return msgspec.convert(site, s.SiteRead, from_attributes=True)  # the site's own fields


def location_read(location: Location) -> s.LocationRead:
    return s.LocationRead(id=location.id, site=location.site_id, name=location.name, cold=location.cold)


def item_read(item: Item, gtins: list[str]) -> s.ItemRead:
    return s.ItemRead(
        id=item.id,
        name=item.name,
        category=Category(item.category),
        unit_of_issue=item.unit_of_issue,
        pack_size=item.pack_size,
        atc_code=item.atc_code,
        strength=item.strength,
        form=item.form,
        gtins=gtins,
        requires_expiry=item.requires_expiry,
        cold_chain=item.cold_chain,
        controlled=item.controlled,
        active=item.active,
        dispensed_in=DispensedIn(item.dispensed_in),
    )


def shows_money(actor: Actor, site_id: int) -> bool:
    """Whether an answer about stock at `site_id` may carry what it cost or is worth: the policy's
    STOCK_VALUE (pharmacists of the site, finance, admin; volunteers never see money)."""
    return actor.may_at(Permission.STOCK_VALUE, site_id)


def operation_read(result: OperationResult, money: bool) -> s.OperationRead:
    """An operation as answered; without `money` (see shows_money) its lines carry no cost or value."""
    op = result.operation
    return s.OperationRead(
        id=op.id,
        kind=op.kind,
        site=result.site.id,
        site_name=result.site.name,
        item=result.item.id,
        item_name=result.item.name,
        unit_of_issue=result.item.unit_of_issue,
        quantity=sum(abs(line.movement.quantity) for line in result.lines),
        reason=op.reason,
        note=op.note,
        reference=op.reference,
        user=result.username,
        created_at=op.created_at,
        reverses_operation=op.reverses_operation_id,
        supplier=op.supplier,
        delivery_note=op.delivery_note,
        lines=[
            s.OperationLine(
                movement_id=line.movement.id,
                batch=batch_ref(line.batch),
                quantity=line.movement.quantity,
                unit_cost_ore=line.movement.unit_cost_ore if money else None,
                on_hand=line.on_hand,
                value_ore=line.value_ore if money else None,
            )
            for line in result.lines
        ],
        fefo_suggestion=batch_ref(result.fefo_suggestion) if result.fefo_suggestion else None,
        blocked=s.BlockedArrival(
            quarantined=True, quarantine=result.blocked.quarantine.id, block=block_ref(result.blocked.block)
        )
        if result.blocked
        else None,
    )


def block_ref(block: BatchBlock) -> s.BlockRef:
    return s.BlockRef(
        id=block.id,
        kind=BlockKind(block.kind),
        reason=QuarantineReason(block.reason),
        item=block.item_id,
        batch_number=block.batch_number,
        recall=block.recall_id,
        note=block.note,
        since=block.created_at,
    )


def movement_read(
    movement: Movement, batch: Batch, item: Item, op: Operation, username: str, money: bool
) -> s.MovementRead:
    return s.MovementRead(
        id=movement.id,
        operation=movement.operation_id,
        kind=movement.kind,
        site=movement.site_id,
        item=movement.item_id,
        item_name=item.name,
        batch=batch_ref(batch),
        quantity=movement.quantity,
        unit_cost_ore=movement.unit_cost_ore if money else None,
        reverses=movement.reverses_id,
        user=username,
        reason=op.reason,
        note=op.note,
        created_at=movement.created_at,
    )


def stock_read(
    site_id: int,
    quantity: int,
    batch: Batch,
    item: Item,
    location: str | None,
    today: date,
    warning_days: int,
    quarantined: bool = False,
) -> s.StockRead:
    return s.StockRead(
        site=site_id,
        item=item.id,
        item_name=item.name,
        unit_of_issue=item.unit_of_issue,
        batch=batch_ref(batch),
        quantity=quantity,
        expiry_status=expiry_status(batch.expiry_date, today, warning_days),
        days_to_expiry=days_left(batch.expiry_date, today),
        location=location,
        quarantined=quarantined,
    )


def user_read(user: User, site_ids: list[int]) -> s.UserRead:
    return s.UserRead(
        id=user.id,
        username=user.username,
        full_name=user.full_name,
        role=Role(user.role),
        sites=sorted(site_ids),
        active=user.active,
        may_issue_controlled=bool(user.may_issue_controlled),
    )


def funding_choice(data: s.FundingCreate | None) -> FundingChoice | None:
    """The API's funding shape as the domain's choice; percentages become basis points exactly."""
    if data is None:
        return None
    shares = []
    for n, share in enumerate(data.grants):
        percent_bp = None
        if share.percent is not None:
            percent_bp = round(share.percent * 100)
            if abs(share.percent * 100 - percent_bp) > 1e-6:
                raise InvalidInput("at most two decimals", field=f"funding.grants[{n}].percent")
        shares.append(GrantShare(share.grant, share.budget_line, share.amount_ore, percent_bp))
    return FundingChoice(
        kind=FundingKind(data.kind),
        grants=tuple(shares),
        donor_id=data.donor,
        unit_value_ore=data.unit_value_ore,
        override_reason=data.override_reason,
    )
