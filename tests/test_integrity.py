"""Balances mirror the ledger, and the check that says so would notice if they did not."""

from __future__ import annotations

import httpx
from sqlalchemy import update

from inventory.db.engine import Database
from inventory.db.tables import StockBalance
from inventory.db.uow import UnitOfWork
from inventory.services.integrity import Mismatch, ledger_mismatches
from tests.api.helpers import adjust, clinic_body
from tests.conftest import Clinic, days


async def test_balances_equal_the_ledger_after_every_kind_of_movement(
    client: httpx.AsyncClient, clinic: Clinic, auth, database: Database
) -> None:
    h = auth("pharmacist")
    kbh, insulin = clinic.sites["KBH"], clinic.items["insulin"]
    receipt = await client.post(
        "/api/v1/receipts",
        headers=h,
        json={"site": kbh, "item": insulin, "batch_number": "I1", "expiry_date": days(90), "quantity": 20},
    )
    batch = receipt.json()["lines"][0]["batch"]["id"]
    issue = await client.post(
        "/api/v1/issues", headers=h, json={"site": kbh, "item": insulin, "quantity": 7, "reason": "patient"}
    )
    await adjust(client, h, site=kbh, batch=batch, quantity=-2, reason="damaged")
    await client.post("/api/v1/reversals", headers=h, json={"operation": issue.json()["id"]})
    async with UnitOfWork(database, readonly=True) as uow:
        assert await ledger_mismatches(uow.session) == []


async def test_a_tampered_balance_is_reported(
    client: httpx.AsyncClient, clinic: Clinic, auth, database: Database
) -> None:
    r = await client.post(
        "/api/v1/receipts",
        headers=auth("pharmacist"),
        json=clinic_body(clinic, item="gloves", batch_number="G", quantity=5),
    )
    batch = r.json()["lines"][0]["batch"]["id"]
    async with UnitOfWork(database) as uow:
        await uow.session.execute(update(StockBalance).values(quantity=6))
        await uow.commit()
    async with UnitOfWork(database, readonly=True) as uow:
        assert await ledger_mismatches(uow.session) == [Mismatch(clinic.sites["KBH"], batch, 5, 6)]
