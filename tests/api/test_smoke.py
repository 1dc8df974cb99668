import httpx

from tests.conftest import Clinic, days


async def test_receipt_then_fefo_issue(client: httpx.AsyncClient, clinic: Clinic, auth) -> None:
    h = auth("volunteer")
    kbh, insulin = clinic.sites["KBH"], clinic.items["insulin"]
    r = await client.post(
        "/api/v1/receipts",
        json={"site": kbh, "item": insulin, "batch_number": "LATE", "expiry_date": days(300), "quantity": 10},
        headers=h,
    )
    assert r.status_code == 201, r.text
    r = await client.post(
        "/api/v1/receipts",
        json={"site": kbh, "item": insulin, "batch_number": "SOON", "expiry_date": days(30), "quantity": 4},
        headers=h,
    )
    assert r.status_code == 201, r.text
    r = await client.post(
        "/api/v1/issues", json={"site": kbh, "item": insulin, "quantity": 6, "reason": "patient"}, headers=h
    )
    assert r.status_code == 201, r.text
    body = r.json()
    assert [(line["batch"]["batch_number"], line["quantity"]) for line in body["lines"]] == [
        ("SOON", -4),
        ("LATE", -2),
    ]
