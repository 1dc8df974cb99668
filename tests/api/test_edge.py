"""Requests as a fuzzer or an attacker makes them: each once a 5xx or a body that was not a problem."""

from __future__ import annotations

import re

import httpx
import pytest
from litestar import Litestar
from litestar.routes import HTTPRoute

from inventory.http.edge import MAX_URL_BYTES
from tests.api.helpers import assert_problem, clinic_body, movement_count
from tests.conftest import Clinic, days

PAGED = [
    "/api/v1/items",
    "/api/v1/batches",
    "/api/v1/stock",
    "/api/v1/stock/totals",
    "/api/v1/movements",
    "/api/v1/receipts",
    "/api/v1/issues",
    "/api/v1/adjustments",
    "/api/v1/reversals",
]


def concrete(path: str) -> str:
    return re.sub(r"\{\w+:int\}", "1", path)


async def test_options_answers_every_path_with_all_its_methods(
    app: Litestar, client: httpx.AsyncClient, clinic: Clinic
) -> None:
    for route in app.routes:
        if not isinstance(route, HTTPRoute) or "{" in route.path and ":int}" not in route.path:
            continue
        r = await client.options(concrete(route.path))
        assert r.status_code == 204, (route.path, r.text)
        allowed = {m.strip() for m in r.headers["allow"].split(",")}
        assert set(route.methods) <= allowed, (route.path, allowed)
    users = await client.options("/api/v1/users")
    assert {"GET", "POST", "OPTIONS"} <= {m.strip() for m in users.headers["allow"].split(",")}


async def test_a_cross_origin_preflight_is_a_refusal_as_a_problem(client: httpx.AsyncClient) -> None:
    preflight = {"Origin": "https://evil.example", "Access-Control-Request-Method": "POST"}
    assert_problem(
        await client.options("/api/v1/receipts", headers=preflight), 403, code="cross-origin-refused"
    )
    same = {"Origin": "http://testserver", "Access-Control-Request-Method": "POST"}
    assert (await client.options("/api/v1/receipts", headers=same)).status_code == 204
    assert_problem(await client.options("/no/such/thing"), 404)


@pytest.mark.parametrize("cursor", ["³", "١٢", "-1", "1e3", "9" * 19])
async def test_a_cursor_that_is_not_ours_is_refused_on_every_paged_list(
    client: httpx.AsyncClient, clinic: Clinic, auth, cursor: str
) -> None:
    for path in PAGED:
        r = await client.get(
            path, params={"cursor": cursor, "site": clinic.sites["KBH"]}, headers=auth("admin")
        )
        assert_problem(r, 422, field="cursor")


@pytest.mark.parametrize("character", ["\x00", "\x07", "\x1b", "\x7f", "\x85"])
async def test_control_characters_are_refused_in_names_bodies_and_queries(
    client: httpx.AsyncClient, clinic: Clinic, auth, character: str
) -> None:
    admin = auth("admin")
    item = {"name": f"Gaze{character}", "category": "consumable", "unit_of_issue": "stk"}
    assert_problem(await client.post("/api/v1/items", json=item, headers=admin), 422, field="name")
    gtins = {**item, "name": "Gaze", "gtins": [f"5701234{character}"]}
    assert_problem(await client.post("/api/v1/items", json=gtins, headers=admin), 422, field="gtins[0]")
    login = {"username": f"admin{character}", "password": "x"}
    assert_problem(await client.post("/api/v1/auth/token", json=login), 422, field="username")
    r = await client.get("/api/v1/items", params={"q": f"a{character}b"}, headers=admin)
    assert_problem(r, 422, field="q")
    note = {"site": clinic.sites["KBH"], "item": clinic.items["gloves"], "batch_number": "N1", "quantity": 1}
    r = await client.post("/api/v1/receipts", json={**note, "note": f"x{character}y"}, headers=admin)
    assert_problem(r, 422, field="note")
    assert await movement_count(client, admin) == 0


async def test_free_text_keeps_line_breaks_and_a_scan_keeps_its_gs(
    client: httpx.AsyncClient, clinic: Clinic, auth
) -> None:
    admin = auth("admin")
    body = {"site": clinic.sites["KBH"], "item": clinic.items["gloves"], "batch_number": "N1", "quantity": 2}
    r = await client.post("/api/v1/receipts", json={**body, "note": "line one\n\tline two"}, headers=admin)
    assert r.status_code == 201, r.text
    assert r.json()["note"] == "line one\n\tline two"
    r = await client.post("/api/v1/receipts", json={**body, "batch_number": "N\n2"}, headers=admin)
    assert_problem(r, 422, field="batch_number")
    expiry = days(100).replace("-", "")[2:]
    code = f"]d201{clinic.gtins['insulin'].zfill(14)}10AB12\x1d17{expiry}"
    r = await client.post(
        "/api/v1/scans/resolve", json={"site": clinic.sites["KBH"], "code": code}, headers=admin
    )
    assert r.status_code == 200, r.text


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("to", "0.5"),
        ("from", "1700000000"),
        ("from", "0001-01-01T00:30:00+01:00"),
        ("to", "9999-12-31T23:30:00-01:00"),
        ("to", "2026-11-23T10:00:00"),
        ("from", "yesterday"),
    ],
)
async def test_times_are_iso_8601_with_a_zone_within_years_1_to_9999(
    client: httpx.AsyncClient, clinic: Clinic, auth, name: str, value: str
) -> None:
    r = await client.get("/api/v1/movements", params={name: value}, headers=auth("finance"))
    assert_problem(r, 422, field=name)


async def test_a_date_bound_covers_whole_days_in_copenhagen(
    client: httpx.AsyncClient, clinic: Clinic, auth
) -> None:
    admin = auth("admin")
    body = {"site": clinic.sites["KBH"], "item": clinic.items["gloves"], "batch_number": "D1", "quantity": 1}
    assert (await client.post("/api/v1/receipts", json=body, headers=admin)).status_code == 201
    today = days(0)
    r = await client.get("/api/v1/movements", params={"from": today, "to": today}, headers=admin)
    assert r.status_code == 200 and len(r.json()["items"]) == 1
    r = await client.get("/api/v1/movements", params={"to": days(-1)}, headers=admin)
    assert r.status_code == 200 and r.json()["items"] == []


async def test_a_path_with_a_control_character_is_not_found(client: httpx.AsyncClient) -> None:
    assert_problem(await client.get("/static/scan.js%00.png"), 404)
    assert_problem(await client.get("/api/v1/items%01"), 404)


async def test_a_url_over_the_limit_is_a_414_problem(client: httpx.AsyncClient, clinic: Clinic, auth) -> None:
    r = await client.get("/api/v1/items", params={"q": "x" * MAX_URL_BYTES}, headers=auth("admin"))
    assert_problem(r, 414, code="uri-too-long")


async def test_percent_and_underscore_in_a_search_are_plain_characters(
    client: httpx.AsyncClient, clinic: Clinic, auth
) -> None:
    admin = auth("admin")
    spirit = {"name": "Ethanol 70% (sprit)", "category": "consumable", "unit_of_issue": "ml"}
    assert (await client.post("/api/v1/items", json=spirit, headers=admin)).status_code == 201
    for q, expected in (
        ("%", ["Ethanol 70% (sprit)"]),
        ("_", []),
        ("0%", ["Ethanol 70% (sprit)"]),
        ("5_0", []),
    ):
        r = await client.get("/api/v1/items", params={"q": q}, headers=admin)
        assert [i["name"] for i in r.json()["items"]] == expected, q


async def test_a_key_given_twice_is_refused_and_nothing_is_written(
    client: httpx.AsyncClient, clinic: Clinic, auth
) -> None:
    admin = auth("admin")
    receipt = clinic_body(clinic, item="gloves", batch_number="Q1", quantity=9)
    batch = (await client.post("/api/v1/receipts", json=receipt, headers=admin)).json()["lines"][0]["batch"][
        "id"
    ]
    site = clinic.sites["KBH"]
    raw = f'{{"site": {site}, "batch": {batch}, "quantity": 1, "quantity": -5, "reason": "found"}}'
    r = await client.post(
        "/api/v1/adjustments", content=raw, headers={**admin, "Content-Type": "application/json"}
    )
    assert_problem(r, 400, field="quantity")
    assert await movement_count(client, admin) == 1
