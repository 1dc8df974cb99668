"""Donors, grants and budget lines: finance's data. Every change records who, when, why and what.

Receipts charge grants through `costing`; this module keeps the grants themselves, and recharges a
receipt to other funding (finance's correction, and where it overrides a grant's rules).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from inventory.db import layer_writes, repo
from inventory.db.tables import (
    BudgetLine,
    CostLayer,
    Donor,
    FundingChange,
    Grant,
    Item,
    Movement,
    Operation,
    ReceiptFunding,
    Site,
)
from inventory.domain import funding as f
from inventory.domain.access import Actor, Permission
from inventory.domain.days import check_day
from inventory.domain.errors import AlreadyExists, Conflict, InvalidInput, NotFound, UnknownReference
from inventory.domain.model import OperationKind
from inventory.domain.money_trail import MAX_PERIOD_YEARS
from inventory.services import costing

_DONOR_FIELDS = ("name", "kind", "reference", "note", "active")
_GRANT_FIELDS = ("name", "reference", "amount_ore", "start_date", "end_date", "status", "restrictions")
_LINE_FIELDS = ("name", "amount_ore", "category")


def _snapshot(row: Any, fields: tuple[str, ...]) -> dict[str, object]:
    return {name: _plain(getattr(row, name)) for name in fields}


def _plain(value: object) -> object:
    return value.isoformat() if isinstance(value, date) else value


@dataclass
class GrantView:
    grant: Grant
    donor_name: str
    spent_ore: int
    lines: list[tuple[BudgetLine, int]]  # each budget line and what is charged to it


class FundingBook:
    """Finance's changes, for one actor at one moment; reads need no actor."""

    def __init__(self, session: AsyncSession, actor: Actor, now: datetime):
        self.session, self.actor, self.now = session, actor, now

    async def _record(
        self,
        entity: str,
        entity_id: int,
        before: dict[str, object] | None,
        after: dict[str, object],
        reason: str | None,
    ) -> None:
        self.session.add(
            FundingChange(
                entity=entity,
                entity_id=entity_id,
                action="create" if before is None else "update",
                reason=reason,
                before=before,
                after=after,
                user_id=self.actor.user_id,
                created_at=self.now,
            )
        )
        await self.session.flush()

    async def create_donor(self, values: dict[str, Any]) -> Donor:
        self.actor.require(Permission.FUND)
        name = _name(values["name"])
        if await self.session.scalar(select(Donor.id).where(Donor.name == name)) is not None:
            raise AlreadyExists(f"a donor named {name!r} exists", field="name")
        donor = Donor(**{**values, "name": name, "kind": str(values["kind"]), "active": True})
        self.session.add(donor)
        await self.session.flush()
        await self._record("donor", donor.id, None, _snapshot(donor, _DONOR_FIELDS), None)
        return donor

    async def update_donor(self, donor_id: int, values: dict[str, Any], reason: str) -> Donor:
        self.actor.require(Permission.FUND)
        donor = await donor_by_id(self.session, donor_id)
        before = _snapshot(donor, _DONOR_FIELDS)
        if "name" in values:
            values["name"] = _name(values["name"])
            clash = await self.session.scalar(
                select(Donor.id).where(Donor.name == values["name"], Donor.id != donor.id)
            )
            if clash is not None:
                raise AlreadyExists(f"a donor named {values['name']!r} exists", field="name")
        for key, value in values.items():
            setattr(donor, key, str(value) if key == "kind" else value)
        await self._record("donor", donor.id, before, _snapshot(donor, _DONOR_FIELDS), reason)
        return donor

    async def create_grant(self, values: dict[str, Any], lines: list[dict[str, Any]]) -> Grant:
        self.actor.require(Permission.FUND)
        await donor_by_id(self.session, values["donor_id"], field="donor")
        values["restrictions"] = await self._restrictions(values["restrictions"])
        _check_period(values["start_date"], values["end_date"])
        name = _name(values["name"])
        clash = await self.session.scalar(
            select(Grant.id).where(Grant.donor_id == values["donor_id"], Grant.name == name)
        )
        if clash is not None:
            raise AlreadyExists(f"this donor already has a grant named {name!r}", field="name")
        if sum(line["amount_ore"] for line in lines) > values["amount_ore"]:
            raise InvalidInput("the budget lines add up to more than the grant", field="budget_lines")
        grant = Grant(**{**values, "name": name, "status": str(values["status"])})
        self.session.add(grant)
        await self.session.flush()
        await self._record("grant", grant.id, None, _snapshot(grant, _GRANT_FIELDS), None)
        for n, line in enumerate(lines):
            await self.add_budget_line(grant.id, line, field=f"budget_lines[{n}]")
        return grant

    async def _restrictions(self, raw: dict[str, list[Any]]) -> dict[str, list[object]]:
        sites = sorted({int(s) for s in raw.get("sites", [])})
        items = sorted({int(i) for i in raw.get("items", [])})
        for site in sites:
            if await self.session.get(Site, site) is None:
                raise UnknownReference(f"no site with id {site}", field="restrictions.sites")
        for item in items:
            if await self.session.get(Item, item) is None:
                raise UnknownReference(f"no item with id {item}", field="restrictions.items")
        categories = sorted({str(c) for c in raw.get("categories", [])})
        return {"categories": list(categories), "sites": list(sites), "items": list(items)}

    async def update_grant(self, grant_id: int, values: dict[str, Any], reason: str) -> Grant:
        self.actor.require(Permission.FUND)
        grant = await grant_by_id(self.session, grant_id)
        before = _snapshot(grant, _GRANT_FIELDS)
        if "restrictions" in values:
            values["restrictions"] = await self._restrictions(values["restrictions"])
        if "name" in values:
            values["name"] = _name(values["name"])
        _check_period(values.get("start_date", grant.start_date), values.get("end_date", grant.end_date))
        for key, value in values.items():
            setattr(grant, key, str(value) if key == "status" else value)
        await self._record("grant", grant.id, before, _snapshot(grant, _GRANT_FIELDS), reason)
        return grant

    async def add_budget_line(self, grant_id: int, values: dict[str, Any], field: str = "name") -> BudgetLine:
        self.actor.require(Permission.FUND)
        await grant_by_id(self.session, grant_id)
        name = _name(values["name"], field=field)
        clash = await self.session.scalar(
            select(BudgetLine.id).where(BudgetLine.grant_id == grant_id, BudgetLine.name == name)
        )
        if clash is not None:
            raise AlreadyExists(f"this grant already has a budget line named {name!r}", field=field)
        category = values.get("category")
        line = BudgetLine(
            grant_id=grant_id,
            name=name,
            amount_ore=values["amount_ore"],
            category=None if category is None else str(category),
        )
        self.session.add(line)
        await self.session.flush()
        await self._record("budget_line", line.id, None, _snapshot(line, _LINE_FIELDS), None)
        return line

    async def update_budget_line(
        self, grant_id: int, line_id: int, values: dict[str, Any], reason: str
    ) -> BudgetLine:
        self.actor.require(Permission.FUND)
        line = await self.session.get(BudgetLine, line_id)
        if line is None or line.grant_id != grant_id:
            raise NotFound(f"grant {grant_id} has no budget line {line_id}", field="line_id")
        before = _snapshot(line, _LINE_FIELDS)
        if "name" in values:
            values["name"] = _name(values["name"])
        for key, value in values.items():
            setattr(line, key, None if value is None else (str(value) if key == "category" else value))
        await self._record("budget_line", line.id, before, _snapshot(line, _LINE_FIELDS), reason)
        return line

    async def recharge(self, operation_id: int, choice: f.FundingChoice, today: date) -> list[ReceiptFunding]:
        """Charge a receipt to other funding (its layer's units and cost stay); the old rows are kept."""
        self.actor.require(Permission.FUND)
        operation = await self.session.get(Operation, operation_id)
        if operation is None or operation.kind != OperationKind.RECEIPT:
            raise NotFound(f"no receipt with id {operation_id}", field="operation_id")
        layer = await self.session.scalar(
            select(CostLayer)
            .join(Movement, Movement.id == CostLayer.movement_id)
            .where(Movement.operation_id == operation_id)
        )
        if layer is None:
            raise Conflict("this receipt was made before funding was recorded; it has no cost layer")
        if await self.session.scalar(
            select(Operation.id).where(Operation.reverses_operation_id == operation_id)
        ):
            raise Conflict("this receipt was reversed; there is nothing to charge", field="operation_id")
        item = await self.session.get(Item, operation.item_id)
        assert item is not None
        await layer_writes.supersede_funding(self.session, layer.id, self.now, "recharged")
        plan = await costing.plan_funding(
            self.session,
            self.actor,
            choice,
            default="unrestricted",
            item=item,
            site_id=operation.site_id,
            quantity=layer.quantity_received,
            unit_cost_ore=layer.unit_cost_ore,
            today=today,
        )
        if plan.unit_cost_ore != layer.unit_cost_ore:
            raise InvalidInput("a recharge keeps the receipt's unit cost", field="funding.unit_value_ore")
        layer.source, layer.grant_id, layer.budget_line_id = (
            plan.source.value,
            plan.grant_id,
            plan.budget_line_id,
        )
        layer.donor_id = plan.donor_id
        rows = [
            ReceiptFunding(
                **share,
                layer_id=layer.id,
                operation_id=operation_id,
                user_id=self.actor.user_id,
                created_at=self.now,
            )
            for share in plan.shares
        ]
        self.session.add_all(rows)
        await self.session.flush()
        return rows


def _name(raw: str, field: str = "name") -> str:
    name = raw.strip()
    if not name:
        raise InvalidInput("must not be empty", field=field)
    return name


def _check_period(start: date, end: date) -> None:
    """A grant's period, as a report's: it ends on or after its start, within 25 years (MAX_PERIOD_YEARS),
    so every statement of it can be asked for."""
    check_day(start, "start_date")
    check_day(end, "end_date")
    if end < start:
        raise InvalidInput("the grant ends before it starts", field="end_date")
    if (end - start).days > MAX_PERIOD_YEARS * 366:
        raise InvalidInput(
            f"a grant may span at most {MAX_PERIOD_YEARS} years",
            field="end_date",
            extra={"max_years": MAX_PERIOD_YEARS},
        )


async def donor_by_id(session: AsyncSession, donor_id: int, field: str = "donor_id") -> Donor:
    return await repo.row_by_id(session, Donor, donor_id, field, "donor")


async def grant_by_id(session: AsyncSession, grant_id: int, field: str = "grant_id") -> Grant:
    return await repo.row_by_id(session, Grant, grant_id, field, "grant")


async def grant_views(session: AsyncSession, grant_ids: list[int]) -> list[GrantView]:
    """Grants with their donor's name, what is charged to them and to each budget line."""
    if not grant_ids:
        return []
    current = ReceiptFunding.superseded_at.is_(None)
    spent = dict(
        (
            await session.execute(
                select(ReceiptFunding.grant_id, func.sum(ReceiptFunding.amount_ore))
                .where(current, ReceiptFunding.grant_id.in_(grant_ids))
                .group_by(ReceiptFunding.grant_id)
            )
        ).all()
    )
    by_line = dict(
        (
            await session.execute(
                select(ReceiptFunding.budget_line_id, func.sum(ReceiptFunding.amount_ore))
                .where(
                    current,
                    ReceiptFunding.grant_id.in_(grant_ids),
                    ReceiptFunding.budget_line_id.is_not(None),
                )
                .group_by(ReceiptFunding.budget_line_id)
            )
        ).all()
    )
    lines: dict[int, list[tuple[BudgetLine, int]]] = {}
    for line in await session.scalars(
        select(BudgetLine).where(BudgetLine.grant_id.in_(grant_ids)).order_by(BudgetLine.id)
    ):
        lines.setdefault(line.grant_id, []).append((line, int(by_line.get(line.id, 0))))
    rows = await session.execute(
        select(Grant, Donor.name).join(Donor, Donor.id == Grant.donor_id).where(Grant.id.in_(grant_ids))
    )
    views = {
        grant.id: GrantView(grant, donor_name, int(spent.get(grant.id, 0)), lines.get(grant.id, []))
        for grant, donor_name in rows
    }
    return [views[i] for i in grant_ids if i in views]


async def funding_choices(
    session: AsyncSession, site_id: int, today: date
) -> tuple[list[tuple[int, str]], list[tuple[int, str]]]:
    """What a receipt at the site can be charged to today: (grant id, "donor: grant") of active grants
    in their period whose restrictions allow the site, and (donor id, name) of active donors (in kind)."""
    rows = await session.execute(
        select(Grant, Donor.name)
        .join(Donor, Donor.id == Grant.donor_id)
        .where(Grant.status == f.GrantStatus.ACTIVE.value, Grant.start_date <= today, Grant.end_date >= today)
        .order_by(Donor.name, Grant.name)
    )
    grants = [
        (grant.id, f"{donor}: {grant.name}")
        for grant, donor in rows
        if not (grant.restrictions or {}).get("sites")
        or site_id in (grant.restrictions or {}).get("sites", [])
    ]
    donors = [
        (d.id, d.name)
        for d in await session.scalars(select(Donor).where(Donor.active.is_(True)).order_by(Donor.name))
    ]
    return grants, donors
