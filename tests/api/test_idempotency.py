"""A write sent twice with the same Idempotency-Key counts once and answers the same."""

from __future__ import annotations

import asyncio

import httpx

from inventory.db.engine import Database
from inventory.db.tables import Movement, Operation
from tests.api.helpers import clinic_body
from tests.conftest import Clinic, days
from tests.rows import row_counts


async def _counts(database: Database) -> tuple[int, int]:
    operations, movements = await row_counts(database, Operation, Movement)
    return operations, movements


def _receipt(clinic: Clinic, quantity: int = 5) -> dict[str, object]:
    return clinic_body(clinic, batch_number="K1", expiry_date=days(200), quantity=quantity)


async def test_resent_receipt_with_same_key_returns_first_result_and_writes_nothing(
    client: httpx.AsyncClient, clinic: Clinic, auth, database: Database
) -> None:
    h = {**auth("volunteer"), "Idempotency-Key": "scan-7f3a"}
    first = await client.post("/api/v1/receipts", json=_receipt(clinic), headers=h)
    assert first.status_code == 201
    before = await _counts(database)
    again = await client.post("/api/v1/receipts", json=_receipt(clinic), headers=h)
    assert again.status_code == 201
    assert again.json() == first.json()
    assert await _counts(database) == before


async def test_same_key_with_a_different_body_is_refused(
    client: httpx.AsyncClient, clinic: Clinic, auth, database: Database
) -> None:
    h = {**auth("volunteer"), "Idempotency-Key": "scan-1"}
    assert (await client.post("/api/v1/receipts", json=_receipt(clinic, 5), headers=h)).status_code == 201
    before = await _counts(database)
    other = await client.post("/api/v1/receipts", json=_receipt(clinic, 6), headers=h)
    assert other.status_code == 422
    assert other.json()["field"] == "Idempotency-Key"
    assert await _counts(database) == before


async def test_keys_belong_to_their_user(
    client: httpx.AsyncClient, clinic: Clinic, auth, database: Database
) -> None:
    body = _receipt(clinic)
    assert (
        await client.post(
            "/api/v1/receipts", json=body, headers={**auth("volunteer"), "Idempotency-Key": "k"}
        )
    ).status_code == 201
    assert (
        await client.post(
            "/api/v1/receipts", json=body, headers={**auth("pharmacist"), "Idempotency-Key": "k"}
        )
    ).status_code == 201
    assert await _counts(database) == (2, 2)


async def test_simultaneous_requests_with_one_key_write_once(
    client: httpx.AsyncClient, clinic: Clinic, auth, database: Database
) -> None:
    h = auth("pharmacist")
    await client.post("/api/v1/receipts", json=_receipt(clinic, 10), headers=h)
    issue = {"site": clinic.sites["KBH"], "item": clinic.items["insulin"], "quantity": 1, "reason": "patient"}
    keyed = {**h, "Idempotency-Key": "double-enter"}
    responses = await asyncio.gather(
        *(client.post("/api/v1/issues", json=issue, headers=keyed) for _ in range(8))
    )
    assert {r.status_code for r in responses} == {201}
    assert len({r.json()["id"] for r in responses}) == 1
    stock = (await client.get("/api/v1/stock", params={"site": clinic.sites["KBH"]}, headers=h)).json()
    assert [row["quantity"] for row in stock["items"]] == [9]


async def test_a_refused_write_stores_no_answer_so_the_key_can_be_retried(
    client: httpx.AsyncClient, clinic: Clinic, auth
) -> None:
    h = {**auth("pharmacist"), "Idempotency-Key": "retry-me"}
    issue = {"site": clinic.sites["KBH"], "item": clinic.items["insulin"], "quantity": 1, "reason": "patient"}
    assert (await client.post("/api/v1/issues", json=issue, headers=h)).status_code == 409
    await client.post("/api/v1/receipts", json=_receipt(clinic, 3), headers=auth("pharmacist"))
    assert (await client.post("/api/v1/issues", json=issue, headers=h)).status_code == 201


async def test_an_oversized_key_is_a_clear_error(client: httpx.AsyncClient, clinic: Clinic, auth) -> None:
    h = {**auth("volunteer"), "Idempotency-Key": "x" * 201}
    r = await client.post("/api/v1/receipts", json=_receipt(clinic), headers=h)
    assert r.status_code == 422
    assert r.json()["field"] == "Idempotency-Key"
