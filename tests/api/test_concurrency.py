"""Stock never goes negative, also when many volunteers issue the last units at the same moment."""

from __future__ import annotations

import asyncio

import httpx
from sqlalchemy import func, select

from inventory.db.engine import Database
from inventory.db.tables import Movement, StockBalance
from inventory.db.uow import UnitOfWork
from inventory.services.integrity import ledger_mismatches
from tests.api.helpers import issue_at, receive_at, receive_batches
from tests.conftest import Clinic, days

CONCURRENT = 30


async def test_concurrent_issues_of_the_last_units_issue_exactly_what_is_there(
    client: httpx.AsyncClient, clinic: Clinic, auth, database: Database
) -> None:
    h = auth("pharmacist")
    # Three batches so FEFO allocation spans batches while others race for them.
    await receive_batches(client, h, clinic, (("A", 40, 3), ("B", 80, 4), ("C", 120, 5)))
    available = 12

    async def issue_two() -> httpx.Response:
        return await issue_at(client, h, clinic, quantity=2)

    responses = await asyncio.gather(*(issue_two() for _ in range(CONCURRENT)))
    statuses = [r.status_code for r in responses]
    assert set(statuses) <= {201, 409}, statuses
    assert statuses.count(201) == available // 2
    refused = [r for r in responses if r.status_code == 409]
    assert all(r.json()["type"] == "/problems/insufficient-stock" for r in refused)
    async with UnitOfWork(database, readonly=True) as uow:
        on_hand = await uow.session.scalar(select(func.sum(StockBalance.quantity)))
        issued = await uow.session.scalar(select(func.sum(Movement.quantity)).where(Movement.kind == "issue"))
        negative = await uow.session.scalar(select(func.count()).where(StockBalance.quantity < 0))
        assert await ledger_mismatches(uow.session) == []
    assert on_hand == 0
    assert issued == -available
    assert negative == 0


async def test_concurrent_single_unit_issues_never_overdraw_one_batch(
    client: httpx.AsyncClient, clinic: Clinic, auth, database: Database
) -> None:
    h = auth("pharmacist")
    await receive_at(client, h, clinic, batch="ONLY", expiry=days(200), quantity=7, item="metformin")

    async def issue_one() -> httpx.Response:
        return await issue_at(client, h, clinic, quantity=1, item="metformin", reason="treatment")

    responses = await asyncio.gather(*(issue_one() for _ in range(CONCURRENT)))
    assert sorted(r.status_code for r in responses).count(201) == 7
    async with UnitOfWork(database, readonly=True) as uow:
        assert await uow.session.scalar(select(func.sum(StockBalance.quantity))) == 0
        assert await ledger_mismatches(uow.session) == []
