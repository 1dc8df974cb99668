"""Receiving stock: batches, expiry rules, validation and who may receive where."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import httpx

from tests.api.helpers import assert_problem, clinic_body, movement_count, receive_at, stock
from tests.conftest import Clinic, days


def receipt(clinic: Clinic, **overrides: Any) -> dict[str, Any]:
    return clinic_body(clinic, batch_number="INS-1", expiry_date=days(200), quantity=10) | overrides


async def test_receipt_creates_a_batch_and_stock(client: httpx.AsyncClient, clinic: Clinic, auth) -> None:
    h, kbh = auth("volunteer"), clinic.sites["KBH"]
    r = await client.post(
        "/api/v1/receipts", json=receipt(clinic, quantity=12, unit_cost_ore=4550), headers=h
    )
    assert r.status_code == 201, r.text
    body = r.json()
    assert body["kind"] == "receipt"
    assert body["quantity"] == 12
    [line] = body["lines"]
    assert line["quantity"] == 12
    assert line["on_hand"] == 12
    assert line["unit_cost_ore"] is None  # volunteers never see money; the pharmacist reads the cost
    read = (await client.get(f"/api/v1/receipts/{body['id']}", headers=auth("pharmacist"))).json()
    assert read["lines"][0]["unit_cost_ore"] == 4550
    assert line["batch"]["batch_number"] == "INS-1"
    assert line["batch"]["expiry_date"] == days(200)
    batch_id = line["batch"]["id"]
    assert await stock(client, h, site=kbh) == {(kbh, batch_id): 12}
    r = await client.get(f"/api/v1/batches/{batch_id}", headers=h)
    assert r.status_code == 200
    assert r.json()["item"] == clinic.items["insulin"]
    assert r.json()["on_hand"] == 12


async def test_second_receipt_of_a_batch_adds_to_its_stock(
    client: httpx.AsyncClient, clinic: Clinic, auth
) -> None:
    h = auth("volunteer")
    first = await receive_at(client, h, clinic, batch="B7", expiry=days(100), quantity=4)
    second = await receive_at(client, h, clinic, batch=" B7 ", expiry=days(100), quantity=6)
    assert second["lines"][0]["batch"]["id"] == first["lines"][0]["batch"]["id"]
    assert second["lines"][0]["on_hand"] == 10


async def test_same_batch_number_at_another_site_is_the_same_batch_with_separate_stock(
    client: httpx.AsyncClient, clinic: Clinic, auth
) -> None:
    kbh, aar = clinic.sites["KBH"], clinic.sites["AAR"]
    at_kbh = await receive_at(client, auth("volunteer"), clinic, batch="SHARED", expiry=days(120), quantity=7)
    at_aar = await receive_at(
        client, auth("volunteer_aar"), clinic, batch="SHARED", expiry=days(120), quantity=3, site="AAR"
    )
    batch_id = at_kbh["lines"][0]["batch"]["id"]
    assert at_aar["lines"][0]["batch"]["id"] == batch_id
    assert at_aar["lines"][0]["on_hand"] == 3
    h = auth("admin")
    assert await stock(client, h, batch=batch_id) == {(kbh, batch_id): 7, (aar, batch_id): 3}
    r = await client.get(f"/api/v1/batches/{batch_id}", headers=h)
    assert r.json()["on_hand"] == 10


async def test_same_batch_number_of_another_item_is_another_batch(
    client: httpx.AsyncClient, clinic: Clinic, auth
) -> None:
    h = auth("volunteer")
    a = await receive_at(client, h, clinic, batch="L1", expiry=days(50), quantity=1)
    b = await receive_at(client, h, clinic, batch="L1", expiry=days(90), quantity=1, item="metformin")
    assert a["lines"][0]["batch"]["id"] != b["lines"][0]["batch"]["id"]


async def test_expiry_mismatch_is_refused_and_nothing_is_written(
    client: httpx.AsyncClient, clinic: Clinic, auth
) -> None:
    h = auth("volunteer")
    first = await receive_at(client, h, clinic, batch="MIS", expiry=days(100), quantity=5)
    before = await movement_count(client, h)
    for site, who in ((clinic.sites["KBH"], "volunteer"), (clinic.sites["AAR"], "volunteer_aar")):
        r = await client.post(
            "/api/v1/receipts",
            headers=auth(who),
            json=receipt(clinic, site=site, batch_number="MIS", expiry_date=days(101)),
        )
        body = assert_problem(r, 409, code="expiry-mismatch", field="expiry_date")
        assert body["recorded_expiry"] == days(100)
    assert await movement_count(client, h) == before
    batch_id = first["lines"][0]["batch"]["id"]
    r = await client.get(f"/api/v1/batches/{batch_id}", headers=h)
    assert r.json()["expiry_date"] == days(100)
    assert r.json()["on_hand"] == 5


async def test_missing_expiry_on_an_item_that_requires_one_is_refused(
    client: httpx.AsyncClient, clinic: Clinic, auth
) -> None:
    h = auth("volunteer")
    body = receipt(clinic)
    del body["expiry_date"]
    assert_problem(await client.post("/api/v1/receipts", json=body, headers=h), 422, field="expiry_date")
    body["expiry_date"] = None
    assert_problem(await client.post("/api/v1/receipts", json=body, headers=h), 422, field="expiry_date")
    assert await movement_count(client, h) == 0


async def test_gloves_need_no_expiry(client: httpx.AsyncClient, clinic: Clinic, auth) -> None:
    h = auth("volunteer")
    result = await receive_at(client, h, clinic, batch="BOX-1", expiry=None, quantity=100, item="gloves")
    assert result["lines"][0]["batch"]["expiry_date"] is None
    assert result["lines"][0]["on_hand"] == 100


async def test_past_expiry_is_refused_unless_allow_expired(
    client: httpx.AsyncClient, clinic: Clinic, auth
) -> None:
    h = auth("volunteer")
    r = await client.post("/api/v1/receipts", json=receipt(clinic, expiry_date=days(-1)), headers=h)
    assert_problem(r, 409, code="expired-stock", field="expiry_date")
    assert await movement_count(client, h) == 0
    r = await client.post(
        "/api/v1/receipts", json=receipt(clinic, expiry_date=days(-1), allow_expired=True), headers=h
    )
    assert r.status_code == 201, r.text
    assert r.json()["lines"][0]["batch"]["expiry_date"] == days(-1)
    r = await client.post(
        "/api/v1/receipts", json=receipt(clinic, batch_number="TODAY", expiry_date=days(0)), headers=h
    )
    assert r.status_code == 201, r.text


async def test_unknown_item_or_site_is_named(client: httpx.AsyncClient, clinic: Clinic, auth) -> None:
    h = auth("admin")
    r = await client.post(
        "/api/v1/receipts", json=receipt(clinic, item=max(clinic.items.values()) + 100), headers=h
    )
    assert_problem(r, 422, code="unknown-reference", field="item")
    r = await client.post(
        "/api/v1/receipts", json=receipt(clinic, site=max(clinic.sites.values()) + 100), headers=h
    )
    assert_problem(r, 422, code="unknown-reference", field="site")
    assert await movement_count(client, h) == 0


async def test_quantity_out_of_range_or_of_the_wrong_type_is_refused(
    client: httpx.AsyncClient, clinic: Clinic, auth
) -> None:
    h = auth("volunteer")
    for quantity in (0, -1, 1_000_001, "5", "five", 5.5, 5.0, True, None, [5]):
        r = await client.post("/api/v1/receipts", json=receipt(clinic, quantity=quantity), headers=h)
        assert_problem(r, 400, field="quantity")
    assert await movement_count(client, h) == 0


async def test_unknown_field_is_refused(client: httpx.AsyncClient, clinic: Clinic, auth) -> None:
    h = auth("volunteer")
    r = await client.post("/api/v1/receipts", json=receipt(clinic, expiry="2030-01-01"), headers=h)
    assert_problem(r, 400, field="expiry")
    assert await movement_count(client, h) == 0


async def test_malformed_json_is_a_problem(client: httpx.AsyncClient, clinic: Clinic, auth) -> None:
    h = {**auth("volunteer"), "content-type": "application/json"}
    for raw in (b'{"site": 1,', b"{'site': 1}", b"not json", b"", b'{"site": 1}}'):
        body = assert_problem(await client.post("/api/v1/receipts", content=raw, headers=h), 400)
        assert body["field"], body
    assert await movement_count(client, auth("volunteer")) == 0


async def test_location_of_another_site_is_refused(client: httpx.AsyncClient, clinic: Clinic, auth) -> None:
    admin = auth("admin")
    r = await client.post(
        f"/api/v1/sites/{clinic.sites['AAR']}/locations",
        json={"name": "Køleskab", "cold": True},
        headers=admin,
    )
    assert r.status_code == 201, r.text
    aar_fridge = r.json()["id"]
    r = await client.post(
        "/api/v1/receipts", json=receipt(clinic, location=aar_fridge), headers=auth("volunteer")
    )
    assert_problem(r, 422, field="location")
    assert await movement_count(client, admin) == 0
    r = await client.post(
        "/api/v1/receipts",
        json=receipt(clinic, site=clinic.sites["AAR"], location=aar_fridge),
        headers=auth("volunteer_aar"),
    )
    assert r.status_code == 201, r.text
    r = await client.get("/api/v1/stock", params={"site": clinic.sites["AAR"]}, headers=admin)
    assert [row["location"] for row in r.json()["items"]] == ["Køleskab"]


async def test_only_staff_of_the_site_may_receive(client: httpx.AsyncClient, clinic: Clinic, auth) -> None:
    r = await client.post(
        "/api/v1/receipts", json=receipt(clinic, site=clinic.sites["AAR"]), headers=auth("volunteer")
    )
    assert_problem(r, 403, code="forbidden")
    assert_problem(await client.post("/api/v1/receipts", json=receipt(clinic), headers=auth("finance")), 403)
    r = await client.post("/api/v1/receipts", json=receipt(clinic))
    assert_problem(r, 401)
    assert r.headers.get("www-authenticate", "").lower().startswith("bearer")
    assert await movement_count(client, auth("admin")) == 0


async def test_receipt_records_who_when_and_where(client: httpx.AsyncClient, clinic: Clinic, auth) -> None:
    before = datetime.now(UTC)
    r = await client.post(
        "/api/v1/receipts",
        json=receipt(clinic, reference="PO-2025-17", note="Donation"),
        headers=auth("volunteer"),
    )
    after = datetime.now(UTC)
    assert r.status_code == 201, r.text
    body = r.json()
    assert body["user"] == "volunteer"
    assert body["site"] == clinic.sites["KBH"]
    assert body["site_name"] == "København"
    assert body["reference"] == "PO-2025-17"
    assert body["note"] == "Donation"
    created = datetime.fromisoformat(body["created_at"])
    assert created.utcoffset() == timedelta(0)
    assert before - timedelta(seconds=1) <= created <= after + timedelta(seconds=1)
    r = await client.get(f"/api/v1/receipts/{body['id']}", headers=auth("finance"))
    assert r.status_code == 200
    assert (r.json()["user"], r.json()["site"], r.json()["created_at"]) == (
        "volunteer",
        clinic.sites["KBH"],
        body["created_at"],
    )


async def test_bad_batch_number_or_cost_is_refused(client: httpx.AsyncClient, clinic: Clinic, auth) -> None:
    h = auth("volunteer")
    for field, value in (
        ("batch_number", ""),
        ("batch_number", "x" * 41),
        ("batch_number", "   "),
        ("unit_cost_ore", -1),
        ("unit_cost_ore", 1.5),
    ):
        r = await client.post("/api/v1/receipts", json=receipt(clinic, **{field: value}), headers=h)
        assert r.status_code in (400, 422), r.text
        assert_problem(r, r.status_code, field=field)
    assert await movement_count(client, h) == 0
