"""Quarantine and release: FEFO never picks quarantined stock, an issue naming it is refused, reads
show it, and every refusal writes nothing."""

from __future__ import annotations

import httpx

from inventory.db.engine import Database
from inventory.db.tables import Quarantine
from tests.api.helpers import assert_problem, issue, receive
from tests.conftest import Clinic, days
from tests.rows import row_count


async def two_batches(client: httpx.AsyncClient, clinic: Clinic, auth) -> dict[str, int]:
    """Insulin SOON (20 days, 4 at KBH and 2 at AAR) and LATE (200 days, 6 at KBH)."""
    h = auth("admin")
    ids = {}
    kbh, aar, insulin = clinic.sites["KBH"], clinic.sites["AAR"], clinic.items["insulin"]
    for site, number, expiry, quantity in ((kbh, "SOON", 20, 4), (aar, "SOON", 20, 2), (kbh, "LATE", 200, 6)):
        result = await receive(
            client, h, site=site, item=insulin, batch=number, expiry=days(expiry), quantity=quantity
        )
        ids[number] = result["lines"][0]["batch"]["id"]
    return ids


async def quarantine(client: httpx.AsyncClient, headers: dict[str, str], **body: object) -> httpx.Response:
    return await client.post("/api/v1/quarantines", json={"reason": "damaged", **body}, headers=headers)


async def quarantine_count(database: Database) -> int:
    return await row_count(database, Quarantine)


async def test_fefo_skips_a_quarantined_batch(client: httpx.AsyncClient, clinic: Clinic, auth) -> None:
    ids = await two_batches(client, clinic, auth)
    kbh, insulin = clinic.sites["KBH"], clinic.items["insulin"]
    r = await quarantine(client, auth("pharmacist"), batch=ids["SOON"], site=kbh, note="cracked pens")
    assert r.status_code == 201, r.text
    [record] = r.json()["items"]
    assert (record["site"], record["batch"]["id"], record["reason"]) == (kbh, ids["SOON"], "damaged")
    assert record["quantity_when_quarantined"] == 4 and record["user"] == "pharmacist"
    assert record["released_at"] is None

    r = await issue(client, auth("volunteer"), site=kbh, item=insulin, quantity=2)
    assert r.status_code == 201, r.text
    assert [line["batch"]["batch_number"] for line in r.json()["lines"]] == ["LATE"]
    r = await issue(client, auth("volunteer"), site=kbh, item=insulin, quantity=5)
    body = assert_problem(r, 409, code="insufficient-stock", field="quantity")
    assert body["available"] == 4


async def test_issue_naming_a_quarantined_batch_is_refused(
    client: httpx.AsyncClient, clinic: Clinic, auth
) -> None:
    ids = await two_batches(client, clinic, auth)
    kbh, insulin = clinic.sites["KBH"], clinic.items["insulin"]
    assert (await quarantine(client, auth("pharmacist"), batch=ids["SOON"], site=kbh)).status_code == 201
    r = await issue(client, auth("volunteer"), site=kbh, item=insulin, quantity=1, batch=ids["SOON"])
    body = assert_problem(r, 409, code="quarantined-stock", field="batch")
    assert (body["batch"], body["site"]) == (ids["SOON"], kbh)
    # The same batch at another site is not in quarantine.
    r = await issue(
        client, auth("admin"), site=clinic.sites["AAR"], item=insulin, quantity=1, batch=ids["SOON"]
    )
    assert r.status_code == 201, r.text


async def test_stock_reads_show_and_filter_quarantine(
    client: httpx.AsyncClient, clinic: Clinic, auth
) -> None:
    ids = await two_batches(client, clinic, auth)
    kbh = clinic.sites["KBH"]
    await quarantine(client, auth("pharmacist"), batch=ids["SOON"], site=kbh)
    r = await client.get("/api/v1/stock", params={"site": kbh}, headers=auth("finance"))
    flags = {row["batch"]["batch_number"]: row["quarantined"] for row in r.json()["items"]}
    assert flags == {"SOON": True, "LATE": False}
    r = await client.get("/api/v1/stock", params={"quarantined": "true"}, headers=auth("volunteer"))
    assert [(row["site"], row["batch"]["id"]) for row in r.json()["items"]] == [(kbh, ids["SOON"])]
    r = await client.get("/api/v1/stock", params={"quarantined": "false"}, headers=auth("finance"))
    assert {(row["site"], row["batch"]["batch_number"]) for row in r.json()["items"]} == {
        (kbh, "LATE"),
        (clinic.sites["AAR"], "SOON"),
    }
    r = await client.get("/api/v1/stock", params={"quarantined": "false"}, headers=auth("volunteer"))
    assert {(row["site"], row["batch"]["batch_number"]) for row in r.json()["items"]} == {(kbh, "LATE")}


async def test_scan_answer_shows_the_batch_as_quarantined(
    client: httpx.AsyncClient, clinic: Clinic, auth
) -> None:
    ids = await two_batches(client, clinic, auth)
    kbh = clinic.sites["KBH"]
    expiry = days(20).replace("-", "")[2:]
    code = f"]d201{clinic.gtins['insulin'].zfill(14)}17{expiry}10SOON"
    r = await client.post(
        "/api/v1/scans/resolve", json={"site": kbh, "code": code}, headers=auth("volunteer")
    )
    assert r.status_code == 200 and r.json()["batch_quarantined"] is False
    await quarantine(client, auth("pharmacist"), batch=ids["SOON"], site=kbh)
    r = await client.post(
        "/api/v1/scans/resolve", json={"site": kbh, "code": code}, headers=auth("volunteer")
    )
    body = r.json()
    assert body["batch_quarantined"] is True and body["batch_on_hand"] == 4
    assert body["first_to_expire"]["batch_number"] == "LATE"  # FEFO would not pick the quarantined batch


async def test_quarantine_at_every_site_and_release(
    client: httpx.AsyncClient, clinic: Clinic, auth, database: Database
) -> None:
    ids = await two_batches(client, clinic, auth)
    kbh, aar, insulin = clinic.sites["KBH"], clinic.sites["AAR"], clinic.items["insulin"]
    # The pharmacist works at KBH but quarantines clinic-wide.
    r = await quarantine(client, auth("pharmacist"), batch=ids["SOON"], reason="cold_chain_break")
    assert r.status_code == 201, r.text
    assert [(q["site"], q["quantity_when_quarantined"]) for q in r.json()["items"]] == [(kbh, 4), (aar, 2)]
    r = await issue(client, auth("admin"), site=aar, item=insulin, quantity=1)
    body = assert_problem(r, 409, code="batch-blocked", field="quantity")
    assert (body["block_kind"], body["block_reason"], body["batch_number"]) == (
        "quarantine",
        "cold_chain_break",
        "SOON",
    )

    # While the clinic-wide quarantine stands, no one site's stock of the batch is released on its own.
    release = {"batch": ids["SOON"], "reason": "inspected_ok", "note": "logger fine"}
    r = await client.post(
        "/api/v1/quarantines/release", json={**release, "site": aar}, headers=auth("pharmacist")
    )
    assert_problem(r, 409, code="batch-blocked", field="batch")
    r = await client.post("/api/v1/quarantines/release", json=release, headers=auth("pharmacist"))
    assert r.status_code == 200, r.text
    released = r.json()["items"]
    assert [(q["site"], q["released_by"], q["release_reason"], q["release_note"]) for q in released] == [
        (kbh, "pharmacist", "inspected_ok", "logger fine"),
        (aar, "pharmacist", "inspected_ok", "logger fine"),
    ]
    assert all(q["released_at"] is not None for q in released)
    assert (await issue(client, auth("admin"), site=aar, item=insulin, quantity=1)).status_code == 201
    # Both records are kept, released.
    r = await client.get("/api/v1/quarantines", params={"batch": ids["SOON"]}, headers=auth("finance"))
    assert sorted((q["site"], q["released_at"] is None) for q in r.json()["items"]) == [
        (kbh, False),
        (aar, False),
    ]
    r = await client.get("/api/v1/quarantines", params={"open": "true"}, headers=auth("finance"))
    assert r.json()["items"] == []
    assert await quarantine_count(database) == 2


async def test_release_of_a_batch_not_in_quarantine_is_refused(
    client: httpx.AsyncClient, clinic: Clinic, auth, database: Database
) -> None:
    ids = await two_batches(client, clinic, auth)
    r = await client.post(
        "/api/v1/quarantines/release",
        json={"batch": ids["LATE"], "site": clinic.sites["KBH"], "reason": "inspected_ok"},
        headers=auth("pharmacist"),
    )
    body = assert_problem(r, 409, code="not-quarantined", field="batch")
    assert body["batch_number"] == "LATE"
    assert await quarantine_count(database) == 0


async def test_quarantine_refusals_name_the_field_and_write_nothing(
    client: httpx.AsyncClient, clinic: Clinic, auth, database: Database
) -> None:
    ids = await two_batches(client, clinic, auth)
    kbh, h = clinic.sites["KBH"], auth("pharmacist")
    assert_problem(
        await quarantine(client, h, batch=999_999, site=kbh), 422, code="unknown-reference", field="batch"
    )
    assert_problem(await quarantine(client, h, batch=ids["LATE"], site=999), 422, field="site")
    r = await quarantine(client, h, batch=ids["LATE"], site=kbh, reason="other")
    assert_problem(r, 422, code="invalid-input", field="note")
    assert_problem(
        await quarantine(client, h, batch=ids["LATE"], site=kbh, reason="lost"), 400, field="reason"
    )
    assert await quarantine_count(database) == 0
    assert (await quarantine(client, h, batch=ids["LATE"], site=kbh)).status_code == 201
    r = await quarantine(client, h, batch=ids["LATE"], site=kbh)
    assert_problem(r, 409, code="already-quarantined", field="batch")
    assert await quarantine_count(database) == 1
    r = await quarantine(client, auth("volunteer"), batch=ids["SOON"], site=kbh)
    assert_problem(r, 403)
    assert await quarantine_count(database) == 1


async def test_quarantine_is_idempotent(
    client: httpx.AsyncClient, clinic: Clinic, auth, database: Database
) -> None:
    ids = await two_batches(client, clinic, auth)
    headers = {**auth("pharmacist"), "Idempotency-Key": "q-1"}
    first = await quarantine(client, headers, batch=ids["LATE"], site=clinic.sites["KBH"])
    again = await quarantine(client, headers, batch=ids["LATE"], site=clinic.sites["KBH"])
    assert first.status_code == 201 and again.status_code == 201
    assert first.json() == again.json()
    assert await quarantine_count(database) == 1


async def test_stock_received_into_a_quarantined_batch_stays_in_quarantine(
    client: httpx.AsyncClient, clinic: Clinic, auth
) -> None:
    ids = await two_batches(client, clinic, auth)
    ode, insulin = clinic.sites["ODE"], clinic.items["insulin"]
    r = await quarantine(client, auth("pharmacist"), batch=ids["SOON"], site=ode, reason="recalled")
    assert r.json()["items"][0]["quantity_when_quarantined"] == 0
    await receive(client, auth("admin"), site=ode, item=insulin, batch="SOON", expiry=days(20), quantity=3)
    r = await issue(client, auth("admin"), site=ode, item=insulin, quantity=1)
    assert_problem(r, 409, code="insufficient-stock", field="quantity")
