"""Donors, grants and layers for the funding tests, made through the API as finance would."""

from __future__ import annotations

from typing import Any

import httpx
from sqlalchemy import select

from inventory.db.engine import Database
from inventory.db.tables import CostLayer, LayerTake, ReceiptFunding
from inventory.db.uow import UnitOfWork
from inventory.services.integrity import layer_mismatches, ledger_mismatches
from tests.conftest import days


async def donor(
    client: httpx.AsyncClient, headers: dict[str, str], name: str, kind: str = "foundation"
) -> int:
    r = await client.post("/api/v1/donors", headers=headers, json={"name": name, "kind": kind})
    assert r.status_code == 201, r.text
    return int(r.json()["id"])


async def grant(
    client: httpx.AsyncClient,
    headers: dict[str, str],
    donor_id: int,
    name: str,
    amount_ore: int,
    **extra: Any,
) -> dict[str, Any]:
    body: dict[str, Any] = {
        "donor": donor_id,
        "name": name,
        "amount_ore": amount_ore,
        "start_date": days(-30),
        "end_date": days(300),
        **extra,
    }
    r = await client.post("/api/v1/grants", headers=headers, json=body)
    assert r.status_code == 201, r.text
    result: dict[str, Any] = r.json()
    return result


def charged(*shares: tuple[int, int]) -> dict[str, Any]:
    """Funding that charges grants by amount: (grant id, øre), ..."""
    return {"kind": "grants", "grants": [{"grant": g, "amount_ore": a} for g, a in shares]}


async def layers(database: Database, batch_id: int | None = None) -> list[dict[str, Any]]:
    async with UnitOfWork(database, readonly=True) as uow:
        query = select(CostLayer).order_by(CostLayer.id)
        if batch_id is not None:
            query = query.where(CostLayer.batch_id == batch_id)
        return [
            {
                "id": c.id,
                "site": c.site_id,
                "source": c.source,
                "grant": c.grant_id,
                "donor": c.donor_id,
                "unit_cost": c.unit_cost_ore,
                "received": c.quantity_received,
                "left": c.quantity_left,
            }
            for c in await uow.session.scalars(query)
        ]


async def takes(database: Database, movement_id: int) -> list[tuple[int, int, int]]:
    """(layer, quantity, value) a movement took (negative: gave back), in order."""
    async with UnitOfWork(database, readonly=True) as uow:
        rows = await uow.session.execute(
            select(LayerTake.layer_id, LayerTake.quantity, LayerTake.value_ore)
            .where(LayerTake.movement_id == movement_id)
            .order_by(LayerTake.id)
        )
        return [(a, b, c) for a, b, c in rows]


async def funding_rows(database: Database, *, current: bool = True) -> list[dict[str, Any]]:
    async with UnitOfWork(database, readonly=True) as uow:
        query = select(ReceiptFunding).order_by(ReceiptFunding.id)
        if current:
            query = query.where(ReceiptFunding.superseded_at.is_(None))
        return [
            {
                "layer": f.layer_id,
                "source": f.source,
                "grant": f.grant_id,
                "line": f.budget_line_id,
                "donor": f.donor_id,
                "amount": f.amount_ore,
                "override": f.override_reason,
                "overridden": f.overridden,
            }
            for f in await uow.session.scalars(query)
        ]


async def assert_consistent(database: Database) -> None:
    async with UnitOfWork(database, readonly=True) as uow:
        assert await ledger_mismatches(uow.session) == []
        assert await layer_mismatches(uow.session) == []
