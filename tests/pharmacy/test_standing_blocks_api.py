"""Standing blocks: a recall or a clinic-wide quarantine holds the batch itself, not only today's stock.
Stock of it that reaches any site later (receipt, scan, reversal, found stock) arrives in quarantine, the
answer says so, and nothing of it is issued or labelled until a pharmacist closes the block."""

from __future__ import annotations

import asyncio
from typing import Any

import httpx
from sqlalchemy import select

from inventory.db.engine import Database
from inventory.db.tables import StockBalance
from inventory.db.uow import UnitOfWork
from inventory.services.integrity import layer_mismatches, ledger_mismatches
from tests.api.helpers import assert_problem, issue, receive
from tests.conftest import Clinic, days
from tests.scanning.scanhelpers import datamatrix, day


async def recall(client: httpx.AsyncClient, headers: dict[str, str], **body: object) -> dict[str, Any]:
    r = await client.post("/api/v1/recalls", json=body, headers=headers)
    assert r.status_code == 201, r.text
    result: dict[str, Any] = r.json()
    return result


async def consistent(database: Database) -> None:
    """Ledger = balances = cost layers after the new paths."""
    async with UnitOfWork(database, readonly=True) as uow:
        assert await ledger_mismatches(uow.session) == []
        assert await layer_mismatches(uow.session) == []


async def unquarantined_units(database: Database, item: int, batch_number: str) -> int:
    from inventory.db.tables import Batch

    async with UnitOfWork(database, readonly=True) as uow:
        rows = await uow.session.execute(
            select(StockBalance.quantity)
            .join(Batch, Batch.id == StockBalance.batch_id)
            .where(
                Batch.item_id == item,
                Batch.batch_number == batch_number,
                StockBalance.quantity > 0,
                StockBalance.quarantined.is_(False),
            )
        )
        return sum(q for (q,) in rows)


async def test_stock_of_a_recalled_batch_received_later_at_another_site_arrives_in_quarantine(
    client: httpx.AsyncClient, clinic: Clinic, auth, database: Database
) -> None:
    kbh, ode, insulin = clinic.sites["KBH"], clinic.sites["ODE"], clinic.items["insulin"]
    admin = auth("admin")
    await receive(client, admin, site=kbh, item=insulin, batch="R1", expiry=days(100), quantity=4)
    made = await recall(client, auth("pharmacist"), gtin=clinic.gtins["insulin"], batch_numbers=["R1"])
    assert made["held_total"] == 4 and made["not_received"] == []

    later = await receive(client, admin, site=ode, item=insulin, batch="R1", expiry=days(100), quantity=3)
    blocked = later["blocked"]
    assert blocked["quarantined"] is True and blocked["quarantine"] is not None
    assert (blocked["block"]["kind"], blocked["block"]["reason"], blocked["block"]["recall"]) == (
        "recall",
        "recalled",
        made["id"],
    )
    r = await issue(client, admin, site=ode, item=insulin, quantity=1)
    body = assert_problem(r, 409, code="batch-blocked", field="quantity")
    assert (body["recall"], body["block_kind"], body["batch_number"]) == (made["id"], "recall", "R1")
    r = await issue(client, admin, site=ode, item=insulin, quantity=1, batch=later["lines"][0]["batch"]["id"])
    assert assert_problem(r, 409, code="batch-blocked", field="batch")["recall"] == made["id"]

    q = await client.get("/api/v1/quarantines", params={"site": ode, "open": "true"}, headers=admin)
    [record] = q.json()["items"]
    assert (record["reason"], record["recall"], record["quantity_when_quarantined"]) == (
        "recalled",
        made["id"],
        3,
    )
    again = (await client.get(f"/api/v1/recalls/{made['id']}", headers=admin)).json()
    assert again["held_total"] == 7
    assert await unquarantined_units(database, insulin, "R1") == 0
    await consistent(database)


async def test_a_batch_recalled_before_any_site_received_it_is_quarantined_when_it_comes(
    client: httpx.AsyncClient, clinic: Clinic, auth, database: Database
) -> None:
    kbh, aar = clinic.sites["KBH"], clinic.sites["AAR"]
    insulin, gtin = clinic.items["insulin"], clinic.gtins["insulin"]
    made = await recall(
        client, auth("pharmacist"), gtin=gtin, batch_numbers=["NEW1"], reference="DKMA 2026-9"
    )
    assert made["not_received"] == ["NEW1"] and made["sites"] == [] and made["batches"] == []
    [block] = made["blocks"]
    assert (block["kind"], block["batch_number"], block["batch"], block["closed_at"]) == (
        "recall",
        "NEW1",
        None,
        None,
    )

    # The API receipt
    r = await receive(
        client, auth("admin"), site=kbh, item=insulin, batch="NEW1", expiry=days(200), quantity=2
    )
    assert r["blocked"]["block"]["id"] == block["id"]
    # A volunteer scans a pack in at Aarhus: the scan names the recall before anything else, and the
    # receipt goes into quarantine.
    code = datamatrix(gtin, "NEW1", day(200))
    volunteer = auth("volunteer_aar")
    found = (
        await client.post("/api/v1/scans/resolve", json={"site": aar, "code": code}, headers=volunteer)
    ).json()
    assert (found["block"]["kind"], found["block"]["recall"]) == ("recall", made["id"])
    r = await client.post("/api/v1/scans/receive", json={"site": aar, "code": code}, headers=volunteer)
    assert r.status_code == 201, r.text
    answer = r.json()
    assert answer["operation"]["blocked"]["block"]["recall"] == made["id"]
    assert answer["scan"]["batch_quarantined"] is True and answer["scan"]["block"]["id"] == block["id"]

    r = await client.post(
        "/api/v1/scans/issue",
        json={"site": aar, "code": datamatrix(gtin, "NEW1", day(200))},
        headers=volunteer,
    )
    assert assert_problem(r, 409, code="batch-blocked", field="batch")["recall"] == made["id"]
    r = await issue(client, auth("admin"), site=kbh, item=insulin, quantity=1)
    assert_problem(r, 409, code="batch-blocked")
    listed = (await client.get(f"/api/v1/recalls/{made['id']}", headers=auth("finance"))).json()
    assert listed["not_received"] == [] and listed["held_total"] == 2 + 5
    assert await unquarantined_units(database, insulin, "NEW1") == 0
    await consistent(database)


async def test_a_clinic_wide_quarantine_of_a_batch_not_on_record_holds_what_arrives(
    client: httpx.AsyncClient, clinic: Clinic, auth, database: Database
) -> None:
    ode, insulin, h = clinic.sites["ODE"], clinic.items["insulin"], auth("pharmacist")
    body = {
        "gtin": clinic.gtins["insulin"],
        "batch_number": "CW1",
        "reason": "cold_chain_break",
        "note": "truck",
    }
    r = await client.post("/api/v1/quarantines", json=body, headers=h)
    assert r.status_code == 201, r.text
    assert r.json()["items"] == []
    block = r.json()["block"]
    assert (block["kind"], block["reason"], block["batch"], block["user"]) == (
        "quarantine",
        "cold_chain_break",
        None,
        "pharmacist",
    )
    again = await client.post("/api/v1/quarantines", json=body, headers=h)
    assert assert_problem(again, 409, code="already-quarantined", field="batch")["block"] == block["id"]

    later = await receive(
        client, auth("admin"), site=ode, item=insulin, batch="CW1", expiry=days(90), quantity=6
    )
    assert (later["blocked"]["block"]["kind"], later["blocked"]["block"]["reason"]) == (
        "quarantine",
        "cold_chain_break",
    )
    r = await issue(client, auth("admin"), site=ode, item=insulin, quantity=1)
    body_ = assert_problem(r, 409, code="batch-blocked", field="quantity")
    assert (body_["block_kind"], body_["block_reason"]) == ("quarantine", "cold_chain_break")
    [open_block] = (await client.get("/api/v1/blocks", headers=auth("finance"))).json()
    assert open_block["batch"] == later["lines"][0]["batch"]["id"]
    await consistent(database)


async def test_closing_a_recall_lists_what_it_releases_and_later_receipts_are_not_quarantined(
    client: httpx.AsyncClient, clinic: Clinic, auth, database: Database
) -> None:
    kbh, aar = clinic.sites["KBH"], clinic.sites["AAR"]
    insulin, admin = clinic.items["insulin"], auth("admin")
    await receive(client, admin, site=kbh, item=insulin, batch="C1", expiry=days(100), quantity=4)
    made = await recall(client, auth("pharmacist"), item=insulin, batch_numbers=["C1", "C2"])
    await receive(client, admin, site=aar, item=insulin, batch="C2", expiry=days(100), quantity=2)
    url = f"/api/v1/recalls/{made['id']}/close"
    assert_problem(
        await client.post(url, json={"reason": "recall_withdrawn"}, headers=auth("volunteer")), 403
    )
    r = await client.post(url, json={"reason": "other"}, headers=auth("pharmacist"))
    assert_problem(r, 422, code="invalid-input", field="note")

    r = await client.post(
        url, json={"reason": "recall_withdrawn", "note": "DKMA withdrew"}, headers=auth("pharmacist")
    )
    assert r.status_code == 200, r.text
    closed = r.json()
    released = sorted(
        (
            q["site"],
            q["batch"]["batch_number"],
            q["quantity_when_quarantined"],
            q["release_reason"],
            q["released_by"],
        )
        for q in closed["released"]
    )
    assert released == [
        (kbh, "C1", 4, "recall_withdrawn", "pharmacist"),
        (aar, "C2", 2, "recall_withdrawn", "pharmacist"),
    ]
    recall_now = closed["recall"]
    assert (recall_now["closed_by"], recall_now["close_reason"], recall_now["close_note"]) == (
        "pharmacist",
        "recall_withdrawn",
        "DKMA withdrew",
    )
    assert recall_now["closed_at"] is not None and all(b["closed_at"] for b in recall_now["blocks"])
    assert (await issue(client, admin, site=aar, item=insulin, quantity=1)).status_code == 201
    later = await receive(client, admin, site=kbh, item=insulin, batch="C2", expiry=days(100), quantity=1)
    assert later["blocked"] is None
    again = await client.post(url, json={"reason": "recall_withdrawn"}, headers=auth("pharmacist"))
    assert_problem(again, 409, code="block-closed")
    assert await client.get("/api/v1/blocks", headers=admin) is not None
    assert (await client.get("/api/v1/blocks", headers=admin)).json() == []
    await consistent(database)


async def test_releasing_a_clinic_wide_block_lists_what_it_releases(
    client: httpx.AsyncClient, clinic: Clinic, auth, database: Database
) -> None:
    kbh, ode = clinic.sites["KBH"], clinic.sites["ODE"]
    insulin, admin = clinic.items["insulin"], auth("admin")
    first = await receive(client, admin, site=kbh, item=insulin, batch="Q1", expiry=days(100), quantity=5)
    batch = first["lines"][0]["batch"]["id"]
    r = await client.post(
        "/api/v1/quarantines", json={"batch": batch, "reason": "damaged"}, headers=auth("pharmacist")
    )
    assert [q["site"] for q in r.json()["items"]] == [kbh]
    block = r.json()["block"]
    assert (await receive(client, admin, site=ode, item=insulin, batch="Q1", expiry=days(100), quantity=2))[
        "blocked"
    ]

    r = await client.post(
        f"/api/v1/blocks/{block['id']}/close",
        json={"reason": "inspected_ok", "note": "pens fine"},
        headers=auth("pharmacist"),
    )
    assert r.status_code == 200, r.text
    closed = r.json()
    assert (
        closed["blocks"][0]["closed_by"] == "pharmacist" and closed["blocks"][0]["close_note"] == "pens fine"
    )
    assert sorted((q["site"], q["quantity_when_quarantined"]) for q in closed["released"]) == [
        (kbh, 5),
        (ode, 2),
    ]
    assert (await issue(client, admin, site=ode, item=insulin, quantity=2)).status_code == 201
    assert (await receive(client, admin, site=ode, item=insulin, batch="Q1", expiry=days(100), quantity=1))[
        "blocked"
    ] is None
    await consistent(database)


async def test_no_label_is_printed_for_a_blocked_batch(
    client: httpx.AsyncClient, clinic: Clinic, auth
) -> None:
    insulin, admin = clinic.items["insulin"], auth("admin")
    ok = await receive(
        client, admin, site=clinic.sites["KBH"], item=insulin, batch="L0", expiry=days(100), quantity=1
    )
    bad = await receive(
        client, admin, site=clinic.sites["KBH"], item=insulin, batch="L1", expiry=days(100), quantity=1
    )
    made = await recall(client, auth("pharmacist"), item=insulin, batch_numbers=["L1"])
    ids = [ok["lines"][0]["batch"]["id"], bad["lines"][0]["batch"]["id"]]
    r = await client.post("/api/v1/labels", json={"batches": ids}, headers=admin)
    body = assert_problem(r, 409, code="batch-blocked", field="batches[1]")
    assert (body["recall"], body["batch"]) == (made["id"], ids[1])
    assert (await client.post("/api/v1/labels", json={"batches": ids[:1]}, headers=admin)).status_code == 200


async def test_stock_coming_back_to_a_blocked_batch_comes_back_into_quarantine(
    client: httpx.AsyncClient, clinic: Clinic, auth, database: Database
) -> None:
    kbh, insulin, admin = clinic.sites["KBH"], clinic.items["insulin"], auth("admin")
    got = await receive(client, admin, site=kbh, item=insulin, batch="B1", expiry=days(100), quantity=3)
    batch = got["lines"][0]["batch"]["id"]
    issued = await issue(client, admin, site=kbh, item=insulin, quantity=3)
    assert issued.status_code == 201
    await recall(client, auth("pharmacist"), item=insulin, batch_numbers=["B1"])  # nothing held now
    r = await client.post("/api/v1/reversals", json={"operation": issued.json()["id"]}, headers=admin)
    assert r.status_code == 201, r.text
    assert r.json()["blocked"]["block"]["kind"] == "recall"
    r = await client.post(
        "/api/v1/adjustments",
        json={"site": kbh, "batch": batch, "quantity": 1, "reason": "found"},
        headers=admin,
    )
    assert r.status_code == 201, r.text
    assert r.json()["blocked"]["quarantined"] is True
    assert await unquarantined_units(database, insulin, "B1") == 0
    await consistent(database)


async def test_a_recall_racing_receipts_leaves_no_unquarantined_stock(
    client: httpx.AsyncClient, clinic: Clinic, auth, database: Database
) -> None:
    """On PostgreSQL the block takes the item's lock at every site before it reads what is held, and a
    receipt reads the open blocks after taking its lock: whichever commits first, the stock is held."""
    insulin, admin, h = clinic.items["insulin"], auth("admin"), auth("pharmacist")
    for n in range(6):
        number = f"RACE{n}"
        receipts = [
            client.post(
                "/api/v1/receipts",
                json={
                    "site": site,
                    "item": insulin,
                    "batch_number": number,
                    "expiry_date": days(90),
                    "quantity": 2,
                },
                headers=admin,
            )
            for site in clinic.sites.values()
        ]
        recalled = client.post(
            "/api/v1/recalls", json={"item": insulin, "batch_numbers": [number]}, headers=h
        )
        answers = (
            await asyncio.gather(recalled, *receipts[:2], *receipts[2:])
            if n % 2
            else await asyncio.gather(*receipts, recalled)
        )
        assert all(a.status_code == 201 for a in answers), [a.text for a in answers]
        assert await unquarantined_units(database, insulin, number) == 0
    await consistent(database)


async def test_no_release_by_batch_frees_stock_an_open_recall_holds(
    client: httpx.AsyncClient, clinic: Clinic, auth, database: Database
) -> None:
    kbh, aar, insulin = clinic.sites["KBH"], clinic.sites["AAR"], clinic.items["insulin"]
    admin = auth("admin")
    got = await receive(client, admin, site=kbh, item=insulin, batch="H1", expiry=days(100), quantity=2)
    await receive(client, admin, site=aar, item=insulin, batch="H1", expiry=days(100), quantity=1)
    batch, h = got["lines"][0]["batch"]["id"], auth("pharmacist")
    await recall(client, h, item=insulin, batch_numbers=["H1"])
    release = {"batch": batch, "reason": "inspected_ok"}
    for body in ({**release, "site": kbh}, release):
        r = await client.post("/api/v1/quarantines/release", json=body, headers=h)
        assert_problem(r, 409, code="batch-blocked", field="batch")
    # A clinic-wide quarantine on top closes with its release; the recall keeps the stock in quarantine.
    r = await client.post("/api/v1/quarantines", json={"batch": batch, "reason": "damaged"}, headers=h)
    assert r.status_code == 201 and r.json()["items"] == [], r.text
    r = await client.post("/api/v1/quarantines/release", json=release, headers=h)
    assert r.status_code == 200, r.text
    assert await unquarantined_units(database, insulin, "H1") == 0
    assert_problem(await issue(client, admin, site=kbh, item=insulin, quantity=1), 409, code="batch-blocked")
    await consistent(database)
