"""Every refusal is an RFC 9457 problem; no input, however wrong, gives a 500 or writes a movement."""

from __future__ import annotations

import json
from typing import Any

import httpx
import msgspec

from inventory.http.shapes import core as s
from tests.api.helpers import assert_problem, clinic_body, movement_count, receive
from tests.conftest import Clinic, days

Case = tuple[str, str, str, Any, int, str | None]  # who, method, url, json body, status, field at fault


def error_cases(clinic: Clinic) -> list[Case]:
    kbh, aar = clinic.sites["KBH"], clinic.sites["AAR"]
    insulin = clinic.items["insulin"]
    receipt = {"site": kbh, "item": insulin, "batch_number": "P1", "expiry_date": days(90), "quantity": 1}
    return [
        ("volunteer", "POST", "/api/v1/receipts", {**receipt, "quantity": 0}, 400, "quantity"),
        (
            "volunteer",
            "POST",
            "/api/v1/receipts",
            {**receipt, "expiry_date": "31/12/2030"},
            400,
            "expiry_date",
        ),
        ("volunteer", "POST", "/api/v1/receipts", {**receipt, "item": 99999}, 422, "item"),
        ("volunteer", "POST", "/api/v1/receipts", {**receipt, "expiry_date": None}, 422, "expiry_date"),
        ("volunteer", "POST", "/api/v1/receipts", {**receipt, "site": aar}, 403, None),
        ("finance", "POST", "/api/v1/receipts", receipt, 403, None),
        ("volunteer", "POST", "/api/v1/receipts", {**receipt, "expiry_date": days(-1)}, 409, "expiry_date"),
        (
            "volunteer",
            "POST",
            "/api/v1/issues",
            {"site": kbh, "item": insulin, "quantity": 1, "reason": "patient"},
            409,
            "quantity",
        ),
        ("volunteer", "POST", "/api/v1/issues", {"site": kbh, "item": insulin, "quantity": 1}, 400, "reason"),
        (
            "volunteer",
            "POST",
            "/api/v1/adjustments",
            {"site": kbh, "batch": 1, "quantity": 1, "reason": "count"},
            403,
            None,
        ),
        ("pharmacist", "POST", "/api/v1/reversals", {"operation": 4242}, 422, "operation"),
        (
            "admin",
            "POST",
            "/api/v1/items",
            {"name": "X", "category": "medicine", "unit_of_issue": "stk", "gtins": ["4006381333932"]},
            422,
            "gtins[0]",
        ),
        (
            "admin",
            "POST",
            "/api/v1/items",
            {"name": "X", "category": "medicine", "unit_of_issue": "stk", "gtins": [4006381333931]},
            400,
            "gtins[0]",
        ),
        ("admin", "POST", "/api/v1/sites", {"code": "KBH", "name": "København igen"}, 409, "code"),
        (
            "admin",
            "POST",
            "/api/v1/users",
            {"username": "x", "password": "short", "role": "volunteer"},
            400,
            "password",
        ),
        (
            "admin",
            "POST",
            "/api/v1/users",
            {"username": "x", "password": "long enough", "role": "boss"},
            400,
            "role",
        ),
        ("admin", "GET", "/api/v1/stock?cursor=xyz", None, 422, "cursor"),
        ("admin", "GET", "/api/v1/stock?limit=100000", None, 400, "limit"),
        ("admin", "GET", "/api/v1/movements?from=2026-01-01T00:00:00", None, 422, "from"),
        ("admin", "GET", "/api/v1/issues/123456", None, 404, None),
        ("admin", "GET", "/api/v1/items/123456", None, 404, None),
        ("admin", "GET", "/api/v1/sites/123456", None, 404, None),
        ("admin", "PATCH", "/api/v1/users/123456", {"active": False}, 404, None),
        ("volunteer", "GET", "/api/v1/users", None, 403, None),
    ]


async def test_every_error_is_a_problem_naming_the_field(
    client: httpx.AsyncClient, clinic: Clinic, auth
) -> None:
    for who, method, url, body, status, field in error_cases(clinic):
        r = await client.request(method, url, json=body, headers=auth(who))
        assert r.status_code == status, (method, url, body, r.text)
        problem = assert_problem(r, status, field=field)
        assert problem["instance"] == url.split("?")[0]
        if field is None:
            assert "field" not in problem or problem["field"], problem
    assert await movement_count(client, auth("admin")) == 0


async def test_unknown_route_wrong_method_and_bad_credentials_are_problems(
    client: httpx.AsyncClient, clinic: Clinic, auth
) -> None:
    assert_problem(await client.get("/api/v1/nothing-here", headers=auth("admin")), 404, code="not-found")
    assert_problem(await client.get("/nothing-here"), 404)
    for method, url in (
        ("DELETE", "/api/v1/receipts"),
        ("PUT", "/api/v1/issues"),
        ("DELETE", "/api/v1/items/1"),
        ("POST", "/api/v1/stock"),
    ):
        assert_problem(
            await client.request(method, url, headers=auth("admin")), 405, code="method-not-allowed"
        )
    for headers in ({}, {"Authorization": "Bearer not-a-token"}, {"Authorization": "Basic YWRtaW46YWRtaW4="}):
        r = await client.get("/api/v1/stock", headers=headers)
        assert_problem(r, 401, code="not-authenticated")
        assert r.headers["www-authenticate"].lower().startswith("bearer")
    r = await client.post("/api/v1/auth/token", json={"username": "volunteer", "password": "wrong password"})
    assert_problem(r, 401, field="password")


async def test_ids_too_large_for_the_database_are_refused_not_failed(
    client: httpx.AsyncClient, clinic: Clinic, auth
) -> None:
    h = auth("admin")
    for huge in (2**31, 2**63, 10**30):
        for url in (
            f"/api/v1/items/{huge}",
            f"/api/v1/sites/{huge}",
            f"/api/v1/batches/{huge}",
            f"/api/v1/receipts/{huge}",
            f"/api/v1/stock/totals?site={huge}",
        ):
            r = await client.get(url, headers=h)
            assert 400 <= r.status_code < 500, (url, r.text)
            assert_problem(r, r.status_code)
        for url in (
            f"/api/v1/stock?site={huge}",
            f"/api/v1/movements?item={huge}",
            f"/api/v1/batches?item={huge}",
            f"/api/v1/issues?site={huge}",
        ):
            r = await client.get(url, headers=h)
            assert r.status_code < 500, (url, r.text)
            if r.status_code == 200:
                assert r.json()["items"] == []  # a filter on an id that cannot exist finds nothing
            else:
                assert_problem(r, r.status_code)


# --- the fuzz-ish loop ------------------------------------------------------------------------

BAD_VALUES: list[Any] = [
    None,
    True,
    False,
    0,
    -1,
    1.5,
    2**31,
    2**63,
    10**30,
    -(10**30),
    "",
    " ",
    "1",
    "true",
    "2030-02-30",
    "x" * 10_000,
    [],
    [1, 2],
    {},
    {"nested": [1, {"deeper": [None, {"x": "y"}]}]},
    "\u0000",
    "🙂" * 50,
]
JUNK_BODIES: list[bytes] = [
    b"",
    b" ",
    b"{}",
    b"[]",
    b"null",
    b"0",
    b"1e999",
    b'"a string"',
    b"true",
    b"{" * 2000,
    b"[" * 2000,
    b'{"site": NaN}',
    b'{"site": 1e400}',
    b"\xff\xfe\x00",
    b'{"site": 1, "site": "x"}',
    b'{"quantity": 99999999999999999999999999999999}',
]


def strict_ok(body: dict[str, Any], shape: type) -> bool:
    try:
        msgspec.json.decode(json.dumps(body).encode(), type=shape, strict=True)
    except (msgspec.ValidationError, msgspec.DecodeError):
        return False
    return True


def variants(base: dict[str, Any], shape: type) -> list[dict[str, Any]]:
    """The base body with each field of `shape` set to each bad value, or left out; only invalid bodies."""
    found = []
    for field in msgspec.structs.fields(shape):
        for value in BAD_VALUES:
            body = {**base, field.name: value}
            if not strict_ok(body, shape):
                found.append(body)
        without = {k: v for k, v in base.items() if k != field.name}
        if not strict_ok(without, shape):
            found.append(without)
    return found


async def test_bad_bodies_never_fail_and_never_write(client: httpx.AsyncClient, clinic: Clinic, auth) -> None:
    h = auth("admin")
    kbh = clinic.sites["KBH"]
    stocked = await receive(
        client, h, site=kbh, item=clinic.items["insulin"], batch="F1", expiry=days(100), quantity=50
    )
    batch_id = stocked["lines"][0]["batch"]["id"]
    writes: list[tuple[str, dict[str, Any], type]] = [
        (
            "/api/v1/receipts",
            {
                "site": kbh,
                "item": clinic.items["insulin"],
                "batch_number": "F2",
                "expiry_date": days(100),
                "quantity": 3,
                "unit_cost_ore": 100,
                "note": "n",
                "reference": "r",
                "allow_expired": False,
                "location": None,
            },
            s.ReceiptCreate,
        ),
        (
            "/api/v1/issues",
            {
                "site": kbh,
                "item": clinic.items["insulin"],
                "quantity": 1,
                "reason": "patient",
                "batch": batch_id,
                "note": "n",
            },
            s.IssueCreate,
        ),
        (
            "/api/v1/adjustments",
            {"site": kbh, "batch": batch_id, "quantity": -1, "reason": "count", "note": "n"},
            s.AdjustmentCreate,
        ),
        ("/api/v1/reversals", {"operation": stocked["id"], "note": "n"}, s.ReversalCreate),
    ]
    before = await movement_count(client, h)
    json_headers = {**h, "content-type": "application/json"}
    for url, base, shape in writes:
        assert strict_ok(base, shape), url
        bodies = variants(base, shape)
        assert len(bodies) > 5 * len(msgspec.structs.fields(shape)), url
        for body in bodies:
            r = await client.post(url, content=json.dumps(body).encode(), headers=json_headers)
            assert 400 <= r.status_code < 500, (url, body, r.text)
            assert_problem(r, r.status_code)
        for raw in JUNK_BODIES:
            r = await client.post(url, content=raw, headers=json_headers)
            assert 400 <= r.status_code < 500, (url, raw[:40], r.text)
            assert_problem(r, r.status_code)
    assert await movement_count(client, h) == before


async def test_wrong_type_for_each_field_names_that_field(
    client: httpx.AsyncClient, clinic: Clinic, auth
) -> None:
    h = auth("admin")
    base = clinic_body(clinic, batch_number="T1", expiry_date=days(100), quantity=3)
    wrong = {
        "site": "KBH",
        "item": [1],
        "batch_number": 17,
        "expiry_date": 20300101,
        "quantity": "3",
        "unit_cost_ore": "12,50",
        "reference": {"po": 1},
        "note": 5,
        "location": "fridge",
        "allow_expired": "yes",
        "funding": "Novo",
        "supplier": ["Nomeco"],
        "delivery_note": 4711,
    }
    assert set(wrong) == {f.name for f in msgspec.structs.fields(s.ReceiptCreate)}
    for field, value in wrong.items():
        r = await client.post("/api/v1/receipts", json={**base, field: value}, headers=h)
        assert_problem(r, 400, field=field)
    assert await movement_count(client, h) == 0
