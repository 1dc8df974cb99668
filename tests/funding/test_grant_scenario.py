"""A grant's money followed through every movement kind, against figures computed by hand, to the øre."""

from __future__ import annotations

from typing import Any

import httpx

from inventory.db.engine import Database
from inventory.db.uow import UnitOfWork
from inventory.services.grant_figures import Figures, grant_figures, total
from tests.api.helpers import adjust, issue, receive
from tests.conftest import Clinic, days
from tests.funding.helpers import assert_consistent, charged, donor, grant


async def test_what_each_grant_paid_for_was_used_wasted_returned_or_is_left(
    client: httpx.AsyncClient, clinic: Clinic, auth: Any, database: Database
) -> None:
    fin, ph = auth("finance"), auth("pharmacist")
    kbh, insulin, metformin = clinic.sites["KBH"], clinic.items["insulin"], clinic.items["metformin"]
    a = await grant(
        client,
        fin,
        await donor(client, fin, "Novo"),
        "A",
        100_000,
        budget_lines=[{"name": "Medicin", "amount_ore": 50_000, "category": "medicine"}],
    )
    b = await grant(client, fin, await donor(client, fin, "Velux"), "B", 100_000)
    line = a["budget_lines"][0]["id"]
    on_a = {"kind": "grants", "grants": [{"grant": a["id"], "budget_line": line, "amount_ore": 0}]}

    def a_pays(amount: int) -> dict[str, Any]:
        return {**on_a, "grants": [{**on_a["grants"][0], "amount_ore": amount}]}

    # Grant A buys insulin twice at different prices; A and B share metformin 50/50 (999 øre: 500 + 499).
    await receive(client, ph, site=kbh, item=insulin, batch="I1", expiry=days(100), quantity=10,
                  unit_cost_ore=300, funding=a_pays(3000))  # fmt: skip
    i2 = await receive(client, ph, site=kbh, item=insulin, batch="I2", expiry=days(200), quantity=5,
                       unit_cost_ore=400, funding=a_pays(2000))  # fmt: skip
    split = {
        "kind": "grants",
        "grants": [{"grant": a["id"], "percent": 50}, {"grant": b["id"], "percent": 50}],
    }
    await receive(client, ph, site=kbh, item=metformin, batch="M1", expiry=days(300), quantity=3,
                  unit_cost_ore=333, funding=split)  # fmt: skip
    # Grant B buys insulin that goes straight back (the receipt is reversed).
    i3 = await receive(client, ph, site=kbh, item=insulin, batch="I3", expiry=days(250), quantity=2,
                       unit_cost_ore=500, funding=charged((b["id"], 1000)))  # fmt: skip
    undo = await client.post("/api/v1/reversals", headers=ph, json={"operation": i3["id"]})
    assert undo.status_code == 201, undo.text
    # 12 insulin issued: FEFO takes I1's 10 (3,000) and 2 of I2 (800). One metformin issued (333).
    assert (await issue(client, ph, site=kbh, item=insulin, quantity=12)).status_code == 201
    assert (await issue(client, ph, site=kbh, item=metformin, quantity=1)).status_code == 201
    # A count finds one I2 pen missing (400 wasted); one is broken and disposed of (400 wasted).
    i2_batch = i2["lines"][0]["batch"]["id"]
    adj = await adjust(client, ph, site=kbh, batch=i2_batch, quantity=-1, reason="count")
    assert adj.status_code == 201, adj.text
    disposal = await client.post(
        "/api/v1/disposals",
        headers=ph,
        json={"site": kbh, "lines": [{"batch": i2_batch, "quantity": 1}], "method": "pharmacy_return",
              "reason": "Knust pen"},
    )  # fmt: skip
    assert disposal.status_code == 201, disposal.text

    async with UnitOfWork(database, readonly=True) as uow:
        figures_a = await grant_figures(uow.session, a["id"])
        figures_b = await grant_figures(uow.session, b["id"])
    # Metformin: 999 øre, 333 consumed; left 666 split 500:499 is 333 + 333, so A used 167 and B 166.
    assert figures_a == {
        line: Figures(received_ore=5000, consumed_ore=3800, wasted_ore=800, returned_ore=0, on_hand_ore=400),
        None: Figures(received_ore=500, consumed_ore=167, wasted_ore=0, returned_ore=0, on_hand_ore=333),
    }
    assert total(figures_a) == Figures(5500, 3967, 800, 0, 733)
    assert figures_b == {
        None: Figures(received_ore=1499, consumed_ore=166, wasted_ore=0, returned_ore=1000, on_hand_ore=333)
    }
    spent = {g["id"]: g["spent_ore"] for g in (await client.get("/api/v1/grants", headers=fin)).json()}
    assert spent == {a["id"]: 5500, b["id"]: 499}  # the reversed receipt no longer counts as spent
    await assert_consistent(database)
