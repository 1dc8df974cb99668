"""Stock in transit is still the clinic's: the valuation shows it on its own line between the sites, at the
cost of the layers it left, until it is received (then it is the receiver's) or cancelled (the sender's
again); the clinic's total never moves with a transfer. A loss on arrival leaves the valuation as waste."""

from __future__ import annotations

import httpx

from inventory.db.engine import Database
from inventory.db.uow import UnitOfWork
from inventory.services.reports.valuation import IN_TRANSIT, valuation_at
from tests.conftest import Clinic
from tests.transfers.helpers import send
from tests.transfers.test_transfer_api import stocked


async def values(database: Database, clinic: Clinic, today) -> dict[str, int]:  # type: ignore[no-untyped-def]
    async with UnitOfWork(database, readonly=True) as uow:
        val = await valuation_at(uow.session, today)
    names = {v: k for k, v in clinic.sites.items()} | {IN_TRANSIT: "transit"}
    found: dict[str, int] = {}
    for (site, _category, _expired), cell in val.cells.items():
        found[names[site]] = found.get(names[site], 0) + cell.cost_ore
    found["total"] = val.value()
    return {k: v for k, v in found.items() if v}


async def test_stock_in_transit_keeps_its_value_on_its_own_line_until_it_arrives(
    client: httpx.AsyncClient, shop: Clinic, auth, database: Database, clock
) -> None:
    await stocked(client, shop, auth)
    kbh, aar, today = shop.sites["KBH"], shop.sites["AAR"], clock.today()
    before = await values(database, shop, today)
    assert before == {"KBH": 4 * 1000 + 2 * 1200 + 6 * 900 + 5 * 2000, "total": 21800}
    t = (
        await send(client, auth("volunteer"), kbh, aar, [{"item": shop.items["insulin"], "quantity": 5}])
    ).json()
    moving = await values(database, shop, today)
    assert moving == {"KBH": 21800 - 5200, "transit": 4 * 1000 + 1200, "total": 21800}
    params = {"date": today.isoformat(), "format": "csv", "lang": "da"}
    csv = (await client.get("/api/v1/reports/valuation", params=params, headers=auth("finance"))).text
    assert "I transit mellem afdelinger" in csv and "52,00" in csv  # its own group, at its cost
    r = await client.post(f"/api/v1/transfers/{t['id']}/receive", json={}, headers=auth("volunteer_aar"))
    assert r.status_code == 200, r.text
    assert await values(database, shop, today) == {"KBH": 16600, "AAR": 5200, "total": 21800}


async def test_a_cancelled_transfer_and_a_loss_on_arrival_leave_no_value_in_transit(
    client: httpx.AsyncClient, shop: Clinic, auth, database: Database, clock
) -> None:
    ids = await stocked(client, shop, auth)
    kbh, aar, today = shop.sites["KBH"], shop.sites["AAR"], clock.today()
    line = [{"item": shop.items["insulin"], "batch": ids["LATE"], "quantity": 4}]
    cancelled = (await send(client, auth("volunteer"), kbh, aar, line)).json()
    assert (
        await client.post(f"/api/v1/transfers/{cancelled['id']}/cancel", headers=auth("volunteer"))
    ).status_code == 200
    assert await values(database, shop, today) == {"KBH": 21800, "total": 21800}
    t = (await send(client, auth("volunteer"), kbh, aar, line)).json()
    body = {"lines": [{"line": t["lines"][0]["id"], "received": 3, "reason": "damaged"}]}
    r = await client.post(f"/api/v1/transfers/{t['id']}/receive", json=body, headers=auth("volunteer_aar"))
    assert r.status_code == 200, r.text
    assert await values(database, shop, today) == {"KBH": 21800 - 3600, "AAR": 2700, "total": 21800 - 900}
    report = await client.get(
        "/api/v1/reports/valuation",
        params={"date": today.isoformat(), "format": "json"},
        headers=auth("finance"),
    )
    assert report.status_code == 200 and "transit" not in report.text.lower()
