"""The pharmacy's clinic (a pharmacist of every site, a witness, a controlled item) and a shelf at
København: insulin A (10 at 10 kr.), insulin B (5 at 20 kr.), metformin M (20 at 0,50 kr.)."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from inventory.db.engine import Database
from inventory.db.uow import UnitOfWork
from inventory.services.integrity import layer_mismatches, ledger_mismatches
from tests.api.helpers import receive
from tests.conftest import Clinic, days
from tests.pharmacy.conftest import clinic, pharmacy  # noqa: F401 - the fixtures, shared

Json = dict[str, Any]


@pytest.fixture
async def shelf(client: httpx.AsyncClient, pharmacy: Clinic, auth) -> dict[str, int]:  # noqa: F811
    """Batch ids by name: A, B (insulin), M (metformin), X (morphine, controlled, 6 at 30 kr.)."""
    h, kbh = auth("pharmacist"), pharmacy.sites["KBH"]
    ids: dict[str, int] = {}
    for name, item, quantity, cost in (
        ("A", "insulin", 10, 1000),
        ("B", "insulin", 5, 2000),
        ("M", "metformin", 20, 50),
        ("X", "morphine", 6, 3000),
    ):
        r = await receive(
            client,
            h,
            site=kbh,
            item=pharmacy.items[item],
            batch=name,
            expiry=days(300),
            quantity=quantity,
            unit_cost_ore=cost,
        )
        ids[name] = r["lines"][0]["batch"]["id"]
    return ids


async def start(client: httpx.AsyncClient, headers: dict[str, str], site: int, **body: Any) -> httpx.Response:
    return await client.post("/api/v1/counts", json={"site": site, "scope": "all", **body}, headers=headers)


async def enter(
    client: httpx.AsyncClient, headers: dict[str, str], count_id: int, *lines: Json
) -> httpx.Response:
    return await client.post(f"/api/v1/counts/{count_id}/lines", json={"lines": list(lines)}, headers=headers)


async def approve(
    client: httpx.AsyncClient, headers: dict[str, str], count_id: int, **body: Any
) -> httpx.Response:
    return await client.post(f"/api/v1/counts/{count_id}/approve", json=body, headers=headers)


def line_of(count: Json, batch_id: int) -> Json:
    [line] = [line for line in count["lines"] if line["batch"]["id"] == batch_id]
    return line


async def consistent(database: Database) -> bool:
    """ledger = balances = cost layers"""
    async with UnitOfWork(database, readonly=True) as uow:
        return await ledger_mismatches(uow.session) == [] and await layer_mismatches(uow.session) == []
