"""Transfers through the API: send, receive (in full, with a discrepancy), cancel, approve, and every
refusal; after every step ledger = balances = layers and in transit = sent - received - lost - cancelled."""

from __future__ import annotations

import httpx

from inventory.db.engine import Database
from tests.api.helpers import assert_problem, receive, stock
from tests.conftest import Clinic, days
from tests.funding.helpers import layers
from tests.transfers.helpers import assert_invariants, send


async def stocked(client: httpx.AsyncClient, shop: Clinic, auth) -> dict[str, int]:
    """KBH insulin: SOON (4 at 10 kr., then 2 at 12 kr.) and LATE (6 at 9 kr.); morphine M1 (5)."""
    h, kbh, insulin = auth("admin"), shop.sites["KBH"], shop.items["insulin"]
    soon = dict(site=kbh, item=insulin, batch="SOON", expiry=days(60))
    ids = {
        "SOON": (await receive(client, h, **soon, quantity=4, unit_cost_ore=1000))["lines"][0]["batch"]["id"]
    }
    await receive(client, h, **soon, quantity=2, unit_cost_ore=1200)
    r = await receive(
        client, h, site=kbh, item=insulin, batch="LATE", expiry=days(300), quantity=6, unit_cost_ore=900
    )
    ids["LATE"] = r["lines"][0]["batch"]["id"]
    r = await receive(
        client,
        h,
        site=kbh,
        item=shop.items["morphine"],
        batch="M1",
        expiry=days(300),
        quantity=5,
        unit_cost_ore=2000,
    )
    ids["M1"] = r["lines"][0]["batch"]["id"]
    return ids


async def test_a_transfer_leaves_the_sender_at_once_and_arrives_with_its_layers(
    client: httpx.AsyncClient, shop: Clinic, auth, database: Database
) -> None:
    ids = await stocked(client, shop, auth)
    kbh, aar = shop.sites["KBH"], shop.sites["AAR"]
    r = await send(client, auth("volunteer"), kbh, aar, [{"item": shop.items["insulin"], "quantity": 5}])
    assert r.status_code == 201, r.text
    sent = r.json()
    assert (sent["state"], sent["in_transit"], sent["code"]) == ("in_transit", 5, f"RKT{sent['id']}")
    # FEFO: SOON first (all 6 would be too many: 5 of them), no batch named
    assert [(line["batch"], line["quantity"]) for line in sent["lines"]] == [(ids["SOON"], 5)]
    assert (await stock(client, auth("admin")))[(kbh, ids["SOON"])] == 1
    assert (aar, ids["SOON"]) not in await stock(client, auth("admin"))
    await assert_invariants(database)
    # both sites see it in transit: out at København, in at Aarhus
    out = (
        await client.get(
            "/api/v1/transfers", params={"direction": "out", "state": "in_transit"}, headers=auth("volunteer")
        )
    ).json()
    into = (
        await client.get("/api/v1/transfers", params={"direction": "in"}, headers=auth("volunteer_aar"))
    ).json()
    assert [t["id"] for t in out["items"]] == [t["id"] for t in into["items"]] == [sent["id"]]

    r = await client.post(f"/api/v1/transfers/{sent['id']}/receive", json={}, headers=auth("volunteer_aar"))
    assert r.status_code == 200, r.text
    assert (r.json()["state"], r.json()["in_transit"], r.json()["received_by"]) == (
        "received",
        0,
        "volunteer_aar",
    )
    assert (await stock(client, auth("admin")))[(aar, ids["SOON"])] == 5
    at_aar = [layer for layer in await layers(database, ids["SOON"]) if layer["site"] == aar]
    # the 5 were 4 at 10 kr. and 1 at 12 kr.: the same layers at the receiver, cost and source kept
    assert [(layer["unit_cost"], layer["received"], layer["left"], layer["source"]) for layer in at_aar] == [
        (1000, 4, 4, "unrestricted"),
        (1200, 1, 1, "unrestricted"),
    ]
    await assert_invariants(database)


async def test_a_short_line_is_a_loss_at_the_receiver_and_more_than_sent_is_refused(
    client: httpx.AsyncClient, shop: Clinic, auth, database: Database
) -> None:
    ids = await stocked(client, shop, auth)
    kbh, aar = shop.sites["KBH"], shop.sites["AAR"]
    lines = [
        {"item": shop.items["insulin"], "batch": ids["LATE"], "quantity": 4},
        {"item": shop.items["insulin"], "batch": ids["SOON"], "quantity": 2},
    ]
    t = (await send(client, auth("volunteer"), kbh, aar, lines)).json()
    late = t["lines"][0]["id"]
    url = f"/api/v1/transfers/{t['id']}/receive"
    r = await client.post(url, json={"lines": [{"line": late, "received": 5}]}, headers=auth("volunteer_aar"))
    assert_problem(r, 409, code="received-more-than-sent", field="lines.0.received")
    r = await client.post(url, json={"lines": [{"line": late, "received": 3}]}, headers=auth("volunteer_aar"))
    assert_problem(r, 422, field="lines.0.reason")
    await assert_invariants(database)
    body = {"lines": [{"line": late, "received": 3, "reason": "damaged", "note": "knust hætteglas"}]}
    r = await client.post(url, json=body, headers=auth("volunteer_aar"))
    assert r.status_code == 200, r.text
    assert (r.json()["state"], r.json()["in_transit"]) == ("in_transit", 2)  # the SOON line still on its way
    line = r.json()["lines"][0]
    assert (line["received"], line["lost"], line["loss_reason"], line["loss_note"]) == (
        3,
        1,
        "damaged",
        "knust hætteglas",
    )
    assert (await stock(client, auth("admin")))[(aar, ids["LATE"])] == 3
    await assert_invariants(database)
    r = await client.get(
        "/api/v1/movements", params={"site": aar, "kind": "transfer_loss"}, headers=auth("admin")
    )
    assert [(m["quantity"], m["batch"]["id"]) for m in r.json()["items"]] == [(-1, ids["LATE"])]
    # the rest in full; a line already received is not received again, nor the whole transfer
    r = await client.post(
        url, json={"lines": [{"line": late, "received": 3, "reason": "short"}]}, headers=auth("volunteer_aar")
    )
    assert_problem(r, 409, code="transfer-not-open", field="lines.0.line")
    r = await client.post(url, json={}, headers=auth("volunteer_aar"))
    assert r.json()["state"] == "received"
    r = await client.post(url, json={}, headers=auth("volunteer_aar"))
    assert_problem(r, 409, code="transfer-not-open")
    # cancel after receipt is refused
    r = await client.post(f"/api/v1/transfers/{t['id']}/cancel", headers=auth("volunteer"))
    assert_problem(r, 409, code="transfer-not-open")
    await assert_invariants(database)


async def test_a_cancelled_transfer_gives_the_stock_and_its_layers_back(
    client: httpx.AsyncClient, shop: Clinic, auth, database: Database
) -> None:
    ids = await stocked(client, shop, auth)
    kbh, aar = shop.sites["KBH"], shop.sites["AAR"]
    before = await layers(database, ids["SOON"])
    t = (
        await send(client, auth("volunteer"), kbh, aar, [{"item": shop.items["insulin"], "quantity": 5}])
    ).json()
    r = await client.post(f"/api/v1/transfers/{t['id']}/cancel", headers=auth("volunteer_aar"))
    assert_problem(r, 403, field="transfer_id")  # only the sending site cancels
    r = await client.post(f"/api/v1/transfers/{t['id']}/cancel", headers=auth("volunteer"))
    assert r.status_code == 200, r.text
    assert (r.json()["state"], r.json()["in_transit"], r.json()["cancelled_by"]) == (
        "cancelled",
        0,
        "volunteer",
    )
    assert (await stock(client, auth("admin")))[(kbh, ids["SOON"])] == 6
    assert await layers(database, ids["SOON"]) == before
    r = await client.post(f"/api/v1/transfers/{t['id']}/receive", json={}, headers=auth("volunteer_aar"))
    assert_problem(r, 409, code="transfer-not-open")
    await assert_invariants(database)


async def test_receiving_twice_with_the_same_key_answers_the_first_receipt(
    client: httpx.AsyncClient, shop: Clinic, auth, database: Database
) -> None:
    await stocked(client, shop, auth)
    t = (
        await send(
            client,
            auth("volunteer"),
            shop.sites["KBH"],
            shop.sites["AAR"],
            [{"item": shop.items["insulin"], "quantity": 2}],
            key="send-1",
        )
    ).json()
    again = await send(
        client,
        auth("volunteer"),
        shop.sites["KBH"],
        shop.sites["AAR"],
        [{"item": shop.items["insulin"], "quantity": 2}],
        key="send-1",
    )
    assert again.json()["id"] == t["id"]
    headers = {**auth("volunteer_aar"), "Idempotency-Key": "recv-1"}
    first = await client.post(f"/api/v1/transfers/{t['id']}/receive", json={}, headers=headers)
    second = await client.post(f"/api/v1/transfers/{t['id']}/receive", json={}, headers=headers)
    assert first.status_code == second.status_code == 200
    assert first.json() == second.json()
    await assert_invariants(database)


async def test_a_quarantined_or_recalled_batch_is_not_sent(
    client: httpx.AsyncClient, shop: Clinic, auth, database: Database
) -> None:
    ids = await stocked(client, shop, auth)
    kbh, aar, insulin = shop.sites["KBH"], shop.sites["AAR"], shop.items["insulin"]
    r = await client.post(
        "/api/v1/quarantines",
        json={"reason": "damaged", "batch": ids["LATE"], "site": kbh},
        headers=auth("pharmacist"),
    )
    assert r.status_code == 201, r.text
    r = await send(
        client, auth("volunteer"), kbh, aar, [{"item": insulin, "batch": ids["LATE"], "quantity": 1}]
    )
    assert_problem(r, 409, code="quarantined-stock", field="lines.0.batch")
    body = {"gtin": shop.gtins["insulin"], "batch_numbers": ["SOON"], "reference": "DKMA 2026-1"}
    assert (await client.post("/api/v1/recalls", json=body, headers=auth("admin"))).status_code == 201
    r = await send(
        client, auth("volunteer"), kbh, aar, [{"item": insulin, "batch": ids["SOON"], "quantity": 1}]
    )
    assert r.status_code == 409, r.text  # recalled: in quarantine at the site, and blocked
    r = await send(client, auth("volunteer"), kbh, aar, [{"item": insulin, "quantity": 1}])
    assert_problem(r, 409, code="insufficient-stock")  # FEFO finds nothing it may send
    await assert_invariants(database)


async def test_volunteers_send_from_and_receive_at_their_own_sites_only(
    client: httpx.AsyncClient, shop: Clinic, auth, database: Database
) -> None:
    await stocked(client, shop, auth)
    kbh, aar, insulin = shop.sites["KBH"], shop.sites["AAR"], shop.items["insulin"]
    r = await send(client, auth("volunteer_aar"), kbh, aar, [{"item": insulin, "quantity": 1}])
    assert_problem(r, 403, field="from_site")
    r = await send(client, auth("finance"), kbh, aar, [{"item": insulin, "quantity": 1}])
    assert r.status_code == 403
    r = await send(client, auth("volunteer"), kbh, kbh, [{"item": insulin, "quantity": 1}])
    assert_problem(r, 422, code="same-site", field="to_site")
    t = (await send(client, auth("volunteer"), kbh, aar, [{"item": insulin, "quantity": 1}])).json()
    r = await client.post(f"/api/v1/transfers/{t['id']}/receive", json={}, headers=auth("volunteer"))
    assert_problem(r, 403, field="transfer_id")  # København's volunteer does not receive at Aarhus
    r = await client.get(f"/api/v1/transfers/{t['id']}", headers=auth("volunteer_aar"))
    assert r.status_code == 200
    await assert_invariants(database)


async def test_a_controlled_drug_waits_for_a_pharmacists_approval_before_it_leaves(
    client: httpx.AsyncClient, shop: Clinic, auth, database: Database
) -> None:
    ids = await stocked(client, shop, auth)
    kbh, aar = shop.sites["KBH"], shop.sites["AAR"]
    line = {"item": shop.items["morphine"], "batch": ids["M1"], "quantity": 2}
    t = (await send(client, auth("volunteer"), kbh, aar, [line])).json()
    assert (t["state"], t["controlled"], t["in_transit"]) == ("awaiting_approval", True, 0)
    assert (await stock(client, auth("admin")))[(kbh, ids["M1"])] == 5  # nothing has left
    r = await client.post(f"/api/v1/transfers/{t['id']}/receive", json={}, headers=auth("volunteer_aar"))
    assert_problem(r, 409, code="transfer-not-open")
    r = await client.post(f"/api/v1/transfers/{t['id']}/approve", headers=auth("volunteer"))
    assert r.status_code == 403
    r = await client.post(f"/api/v1/transfers/{t['id']}/approve", headers=auth("pharmacist"))
    assert r.status_code == 200, r.text
    assert (r.json()["state"], r.json()["approved_by"], r.json()["in_transit"]) == (
        "in_transit",
        "pharmacist",
        2,
    )
    assert (await stock(client, auth("admin")))[(kbh, ids["M1"])] == 3
    r = await client.post(f"/api/v1/transfers/{t['id']}/receive", json={}, headers=auth("volunteer_aar"))
    assert r.status_code == 200, r.text
    await assert_invariants(database)
    # on both sites' controlled-drug registers, with the transfer's reference
    for site, kind in ((kbh, "Overførsel ud"), (aar, "Overførsel ind")):
        r = await client.get(
            "/api/v1/reports/controlled-register",
            params={"site": site, "item": shop.items["morphine"]},
            headers=auth("admin"),
        )
        assert r.status_code == 200, r.text
        assert t["code"] in r.text and kind in r.text


async def test_a_transfer_is_not_consumption_and_its_value_stays_in_the_grant(
    client: httpx.AsyncClient, shop: Clinic, auth, database: Database
) -> None:
    from tests.funding.helpers import charged, donor, grant

    h, kbh, aar = auth("admin"), shop.sites["KBH"], shop.sites["AAR"]
    g = await grant(client, h, await donor(client, h, "Fonden"), "Insulin 2026", 100_000)
    r = await receive(
        client,
        h,
        site=kbh,
        item=shop.items["insulin"],
        batch="G1",
        expiry=days(200),
        quantity=10,
        unit_cost_ore=1000,
        funding=charged((g["id"], 10_000)),
    )
    batch = r["lines"][0]["batch"]["id"]

    async def figures() -> dict[str, int]:
        r = await client.get(f"/api/v1/grants/{g['id']}", headers=h)
        assert r.status_code == 200, r.text
        return {k: v for k, v in r.json().items() if k.endswith("_ore")}

    before = await figures()
    t = (
        await send(
            client,
            auth("volunteer"),
            kbh,
            aar,
            [{"item": shop.items["insulin"], "batch": batch, "quantity": 4}],
        )
    ).json()
    assert await figures() == before  # in transit: still the grant's, neither used nor wasted
    await client.post(f"/api/v1/transfers/{t['id']}/receive", json={}, headers=auth("volunteer_aar"))
    assert await figures() == before
    moved = [layer for layer in await layers(database, batch) if layer["site"] == aar]
    assert [(layer["grant"], layer["unit_cost"], layer["left"]) for layer in moved] == [(g["id"], 1000, 4)]
    await assert_invariants(database)
