"""Small helpers for API tests: ledger writes that must succeed, counts, and the problem contract."""

from __future__ import annotations

from typing import Any

import httpx

from tests.conftest import ShiftClock as ShiftClock
from tests.conftest import days

PROBLEM_JSON = "application/problem+json"


async def receive(
    client: httpx.AsyncClient,
    headers: dict[str, str],
    *,
    site: int,
    item: int,
    batch: str,
    expiry: str | None,
    quantity: int,
    **extra: Any,
) -> dict[str, Any]:
    body: dict[str, Any] = {"site": site, "item": item, "batch_number": batch, "quantity": quantity, **extra}
    if expiry is not None:
        body["expiry_date"] = expiry
    r = await client.post("/api/v1/receipts", json=body, headers=headers)
    assert r.status_code == 201, r.text
    result: dict[str, Any] = r.json()
    return result


def clinic_body(clinic: Any, *, site: str = "KBH", item: str = "insulin", **fields: Any) -> dict[str, Any]:
    """A JSON body naming a site of the test clinic by its code and an item by its name (København's
    insulin unless told), then `fields` as given."""
    return {"site": clinic.sites[site], "item": clinic.items[item], **fields}


async def receive_at(
    client: httpx.AsyncClient,
    headers: dict[str, str],
    clinic: Any,
    *,
    batch: str,
    expiry: str | None,
    quantity: int,
    site: str = "KBH",
    item: str = "insulin",
    **extra: Any,
) -> dict[str, Any]:
    """`receive`, naming the site by its code and the item by its name in the test clinic
    (`tests.conftest.Clinic`): København's insulin unless told."""
    return await receive(
        client,
        headers,
        site=clinic.sites[site],
        item=clinic.items[item],
        batch=batch,
        expiry=expiry,
        quantity=quantity,
        **extra,
    )


async def receive_batches(
    client: httpx.AsyncClient,
    headers: dict[str, str],
    clinic: Any,
    batches: tuple[tuple[str, int, int], ...],
    **where: Any,
) -> dict[str, dict[str, Any]]:
    """Receipts of (batch number, expiry in days from today, quantity), in order: batch number -> receipt."""
    return {
        number: await receive_at(
            client, headers, clinic, batch=number, expiry=days(expiry), quantity=quantity, **where
        )
        for number, expiry, quantity in batches
    }


async def issue(
    client: httpx.AsyncClient,
    headers: dict[str, str],
    *,
    site: int,
    item: int,
    quantity: int,
    reason: str = "patient",
    **extra: Any,
) -> httpx.Response:
    body = {"site": site, "item": item, "quantity": quantity, "reason": reason, **extra}
    return await client.post("/api/v1/issues", json=body, headers=headers)


async def issue_at(
    client: httpx.AsyncClient,
    headers: dict[str, str],
    clinic: Any,
    *,
    quantity: int,
    site: str = "KBH",
    item: str = "insulin",
    **extra: Any,
) -> httpx.Response:
    """`issue`, naming the site by its code and the item by its name in the test clinic (København's
    insulin unless told)."""
    return await issue(
        client, headers, site=clinic.sites[site], item=clinic.items[item], quantity=quantity, **extra
    )


async def adjust(client: httpx.AsyncClient, headers: dict[str, str], **body: object) -> httpx.Response:
    return await client.post("/api/v1/adjustments", json=body, headers=headers)


async def all_movements(
    client: httpx.AsyncClient, headers: dict[str, str], **filters: Any
) -> list[dict[str, Any]]:
    """Every movement matching the filters, following next_cursor to the end."""
    found: list[dict[str, Any]] = []
    params: dict[str, Any] = {"limit": 500, **filters}
    for _ in range(1000):
        r = await client.get("/api/v1/movements", params=params, headers=headers)
        assert r.status_code == 200, r.text
        page = r.json()
        found.extend(page["items"])
        if not page["next_cursor"]:
            return found
        params["cursor"] = page["next_cursor"]
    raise AssertionError("movement paging did not end")


async def movement_count(client: httpx.AsyncClient, headers: dict[str, str]) -> int:
    return len(await all_movements(client, headers))


async def stock(
    client: httpx.AsyncClient, headers: dict[str, str], **filters: Any
) -> dict[tuple[int, int], int]:
    """(site, batch id) -> quantity on hand, from GET /api/v1/stock."""
    r = await client.get("/api/v1/stock", params={"limit": 500, **filters}, headers=headers)
    assert r.status_code == 200, r.text
    assert r.json()["next_cursor"] is None
    return {(row["site"], row["batch"]["id"]): row["quantity"] for row in r.json()["items"]}


def assert_problem(
    r: httpx.Response, status: int, *, code: str | None = None, field: str | None = None
) -> dict[str, Any]:
    """The response is an RFC 9457 problem with the given status (and problem type, and field at fault)."""
    assert r.status_code == status, r.text
    assert r.headers["content-type"].startswith(PROBLEM_JSON), r.headers.get("content-type")
    body: dict[str, Any] = r.json()
    for key in ("type", "title", "status", "detail"):
        assert key in body, body
    assert body["status"] == status
    assert isinstance(body["title"], str) and body["title"]
    assert isinstance(body["detail"], str) and body["detail"]
    if code is not None:
        assert body["type"].rsplit("/", 1)[-1] == code, body
    if "errors" in body:
        assert all(set(e) >= {"field", "reason"} for e in body["errors"]), body
        assert body["field"] == body["errors"][0]["field"]
    if field is not None:
        assert body.get("field") == field, body
        assert field in [e["field"] for e in body["errors"]], body
    return body
