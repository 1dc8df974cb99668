"""Reads: stock with expiry status, totals, the movement history, batches, operations and the catalogue."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import pytest

from inventory.clock import CLINIC_TZ
from tests.api.helpers import (
    ShiftClock,
    adjust,
    all_movements,
    assert_problem,
    issue,
    issue_at,
    receive,
    receive_at,
)
from tests.conftest import Clinic, days


@pytest.fixture
async def ids(client: httpx.AsyncClient, clinic: Clinic, auth) -> dict[str, int]:
    """KBH: insulin EXP (-5 days, 3), SOON (10 days, 10), LATE (200 days, 7); gloves BOX (no expiry, 50).
    AAR: insulin SOON (2). Returns batch ids by number."""
    h = auth("pharmacist")
    ids = {}
    for number, expiry, quantity in (("EXP", -5, 3), ("SOON", 10, 10), ("LATE", 200, 7)):
        result = await receive_at(
            client, h, clinic, batch=number, expiry=days(expiry), quantity=quantity, allow_expired=expiry < 0
        )
        ids[number] = result["lines"][0]["batch"]["id"]
    result = await receive_at(client, h, clinic, batch="BOX", expiry=None, quantity=50, item="gloves")
    ids["BOX"] = result["lines"][0]["batch"]["id"]
    await receive_at(
        client, auth("volunteer_aar"), clinic, batch="SOON", expiry=days(10), quantity=2, site="AAR"
    )
    return ids


async def get_json(client: httpx.AsyncClient, url: str, headers: dict[str, str], **params: Any) -> Any:
    r = await client.get(url, params=params, headers=headers)
    assert r.status_code == 200, r.text
    return r.json()


# --- stock ------------------------------------------------------------------------------------


async def test_stock_shows_expiry_status_and_days_left(
    client: httpx.AsyncClient, clinic: Clinic, auth, ids: dict[str, int]
) -> None:
    page = await get_json(client, "/api/v1/stock", auth("finance"), site=clinic.sites["KBH"])
    rows = {row["batch"]["batch_number"]: row for row in page["items"]}
    assert {n: (r["expiry_status"], r["days_to_expiry"], r["quantity"]) for n, r in rows.items()} == {
        "EXP": ("expired", -5, 3),
        "SOON": ("expiring", 10, 10),
        "LATE": ("ok", 200, 7),
        "BOX": ("no_expiry", None, 50),
    }
    assert rows["SOON"]["batch"]["id"] == ids["SOON"]
    assert rows["SOON"]["item"] == clinic.items["insulin"]
    assert rows["BOX"]["unit_of_issue"] == "pair"
    assert all(row["site"] == clinic.sites["KBH"] for row in page["items"])


async def test_stock_warning_window_edges(client: httpx.AsyncClient, clinic: Clinic, auth) -> None:
    h = auth("pharmacist")
    for number, n in (("D0", 0), ("D90", 90), ("D91", 91)):
        await receive_at(client, h, clinic, batch=number, expiry=days(n), quantity=1, item="metformin")
    page = await get_json(client, "/api/v1/stock", h, item=clinic.items["metformin"])
    assert {row["batch"]["batch_number"]: row["expiry_status"] for row in page["items"]} == {
        "D0": "expiring",
        "D90": "expiring",
        "D91": "ok",
    }


async def test_stock_filters_by_site_item_and_batch(
    client: httpx.AsyncClient, clinic: Clinic, auth, ids: dict[str, int]
) -> None:
    h = auth("finance")
    kbh, aar = clinic.sites["KBH"], clinic.sites["AAR"]
    everything = (await get_json(client, "/api/v1/stock", h))["items"]
    assert len(everything) == 5

    def keys(rows: list[dict]) -> set[tuple[int, int]]:
        return {(row["site"], row["batch"]["id"]) for row in rows}

    by_site = (await get_json(client, "/api/v1/stock", h, site=aar))["items"]
    assert keys(by_site) == {(aar, ids["SOON"])}
    by_item = (await get_json(client, "/api/v1/stock", h, item=clinic.items["gloves"]))["items"]
    assert keys(by_item) == {(kbh, ids["BOX"])}
    by_batch = (await get_json(client, "/api/v1/stock", h, batch=ids["SOON"]))["items"]
    assert keys(by_batch) == {(kbh, ids["SOON"]), (aar, ids["SOON"])}
    assert sorted(row["quantity"] for row in by_batch) == [2, 10]
    combined = (await get_json(client, "/api/v1/stock", h, site=kbh, item=clinic.items["insulin"]))["items"]
    assert keys(combined) == {(kbh, ids[n]) for n in ("EXP", "SOON", "LATE")}
    assert keys(everything) == keys(by_site) | keys(by_item) | keys(combined)


async def test_empty_stock_is_hidden_unless_asked_for(
    client: httpx.AsyncClient, clinic: Clinic, auth, ids: dict[str, int]
) -> None:
    h, kbh = auth("pharmacist"), clinic.sites["KBH"]
    r = await issue_at(client, h, clinic, quantity=7, batch=ids["LATE"])
    assert r.status_code == 201, r.text
    shown = (await get_json(client, "/api/v1/stock", h, site=kbh))["items"]
    assert ids["LATE"] not in {row["batch"]["id"] for row in shown}
    with_empty = (await get_json(client, "/api/v1/stock", h, site=kbh, include_empty="true"))["items"]
    assert {row["batch"]["id"]: row["quantity"] for row in with_empty}[ids["LATE"]] == 0
    assert len(with_empty) == len(shown) + 1


async def test_stock_pages_cover_every_row_once(
    client: httpx.AsyncClient, clinic: Clinic, auth, ids: dict[str, int]
) -> None:
    h = auth("pharmacist")
    reader = auth("finance")  # every site (the pharmacist reads København's only)
    for n in range(4):
        await receive_at(
            client, h, clinic, batch=f"M{n}", expiry=days(30 + n), quantity=1 + n, item="metformin"
        )
    everything = (await get_json(client, "/api/v1/stock", reader))["items"]
    assert len(everything) == 9
    seen: list[dict] = []
    params: dict[str, Any] = {"limit": 2}
    pages = 0
    while True:
        page = await get_json(client, "/api/v1/stock", reader, **params)
        assert len(page["items"]) <= 2
        seen.extend(page["items"])
        pages += 1
        if page["next_cursor"] is None:
            break
        params["cursor"] = page["next_cursor"]
    assert pages == 5
    assert seen == everything


async def test_stock_totals_split_usable_and_expired(
    client: httpx.AsyncClient, clinic: Clinic, auth, ids: dict[str, int]
) -> None:
    page = await get_json(client, "/api/v1/stock/totals", auth("finance"), site=clinic.sites["KBH"])
    totals = {row["item"]: row for row in page["items"]}
    assert set(totals) == {clinic.items["insulin"], clinic.items["gloves"]}
    insulin = totals[clinic.items["insulin"]]
    assert (
        insulin["quantity"],
        insulin["usable_quantity"],
        insulin["expired_quantity"],
        insulin["batches"],
    ) == (20, 17, 3, 3)
    assert insulin["next_expiry"] == days(10)
    assert insulin["site"] == clinic.sites["KBH"]
    gloves = totals[clinic.items["gloves"]]
    assert (gloves["quantity"], gloves["usable_quantity"], gloves["expired_quantity"], gloves["batches"]) == (
        50,
        50,
        0,
        1,
    )
    assert gloves["next_expiry"] is None
    aar = await get_json(client, "/api/v1/stock/totals", auth("finance"), site=clinic.sites["AAR"])
    assert [(row["item"], row["quantity"], row["next_expiry"]) for row in aar["items"]] == [
        (clinic.items["insulin"], 2, days(10))
    ]
    ode = await get_json(client, "/api/v1/stock/totals", auth("finance"), site=clinic.sites["ODE"])
    assert ode["items"] == []
    h = auth("finance")
    assert_problem(await client.get("/api/v1/stock/totals", headers=h), 400, field="site")
    r = await client.get("/api/v1/stock/totals", params={"site": 999}, headers=h)
    assert r.status_code in (404, 422), r.text
    assert_problem(r, r.status_code, field="site")


async def test_movements_filter_by_site_item_batch_and_kind(
    client: httpx.AsyncClient, clinic: Clinic, auth, ids: dict[str, int]
) -> None:
    h = auth("pharmacist")
    reader = auth("finance")  # every site (the pharmacist reads København's only)
    kbh, aar = clinic.sites["KBH"], clinic.sites["AAR"]
    assert (await issue_at(client, h, clinic, quantity=12)).status_code == 201
    r = await adjust(client, h, site=kbh, batch=ids["BOX"], quantity=-1, reason="damaged")
    assert r.status_code == 201, r.text
    everything = await all_movements(client, reader)
    assert len(everything) == 8  # five receipts, an issue from two batches, an adjustment

    def ids_of(rows: list[dict]) -> list[int]:
        return [row["id"] for row in rows]

    cases: list[tuple[dict[str, Any], Any]] = [
        ({"site": aar}, lambda m: m["site"] == aar),
        ({"site": kbh}, lambda m: m["site"] == kbh),
        ({"item": clinic.items["gloves"]}, lambda m: m["item"] == clinic.items["gloves"]),
        ({"batch": ids["SOON"]}, lambda m: m["batch"]["id"] == ids["SOON"]),
        ({"kind": "issue"}, lambda m: m["kind"] == "issue"),
        ({"kind": "adjustment"}, lambda m: m["kind"] == "adjustment"),
        ({"site": kbh, "batch": ids["SOON"]}, lambda m: m["site"] == kbh and m["batch"]["id"] == ids["SOON"]),
    ]
    for filters, keep in cases:
        found = await all_movements(client, reader, **filters)
        expected = [m for m in everything if keep(m)]
        assert expected, filters
        assert len(expected) < len(everything), filters
        assert ids_of(found) == ids_of(expected), filters
    issued = await all_movements(client, reader, kind="issue")
    assert [(m["batch"]["batch_number"], m["quantity"]) for m in reversed(issued)] == [
        ("SOON", -10),
        ("LATE", -2),
    ]
    assert all(m["user"] == "pharmacist" and m["reason"] == "patient" for m in issued)


async def test_movements_are_newest_first_and_pages_return_each_once(
    client: httpx.AsyncClient, clinic: Clinic, auth, ids: dict[str, int]
) -> None:
    h = auth("pharmacist")
    reader = auth("finance")  # every site (the pharmacist reads København's only)
    for _ in range(3):
        assert (await issue_at(client, h, clinic, quantity=5)).status_code == 201
    everything = await all_movements(client, reader)
    assert len(everything) == 8
    movement_ids = [m["id"] for m in everything]
    assert movement_ids == sorted(movement_ids, reverse=True)
    stamps = [datetime.fromisoformat(m["created_at"]) for m in everything]
    assert stamps == sorted(stamps, reverse=True)
    seen: list[int] = []
    params: dict[str, Any] = {"limit": 4}
    for _ in range(20):
        page = await get_json(client, "/api/v1/movements", reader, **params)
        assert len(page["items"]) <= 4
        seen.extend(m["id"] for m in page["items"])
        if not page["next_cursor"]:
            break
        params["cursor"] = page["next_cursor"]
    assert seen == movement_ids
    assert len(set(seen)) == len(seen)


async def test_movements_filter_by_time_window(
    client: httpx.AsyncClient, clinic: Clinic, auth, clock: ShiftClock
) -> None:
    h = auth("pharmacist")
    kbh, gloves = clinic.sites["KBH"], clinic.items["gloves"]
    for hours_ago, number in ((3, "THREE"), (1, "ONE"), (0, "NOW")):
        clock.offset = timedelta(hours=-hours_ago)
        await receive(client, h, site=kbh, item=gloves, batch=number, expiry=None, quantity=1)
    clock.offset = timedelta()
    now = datetime.now(UTC)

    async def numbers(**window: datetime) -> set[str]:
        rows = await all_movements(client, h, **{k: v.isoformat() for k, v in window.items()})
        return {m["batch"]["batch_number"] for m in rows}

    two_hours_ago = now - timedelta(hours=2)
    half_hour_ago = now - timedelta(minutes=30)
    assert await numbers(**{"from": two_hours_ago}) == {"ONE", "NOW"}
    assert await numbers(to=two_hours_ago) == {"THREE"}
    assert await numbers(**{"from": two_hours_ago, "to": half_hour_ago}) == {"ONE"}
    assert await numbers(**{"from": now + timedelta(minutes=5)}) == set()
    # The same instant written in Copenhagen time selects the same movements.
    local = two_hours_ago.astimezone(CLINIC_TZ)
    assert local.utcoffset() != timedelta(0)
    assert await numbers(**{"from": local}) == {"ONE", "NOW"}
    rows = await all_movements(client, h, **{"from": two_hours_ago.isoformat().replace("+00:00", "Z")})
    assert len(rows) == 2


async def test_movement_time_filters_need_a_time_zone(
    client: httpx.AsyncClient, clinic: Clinic, auth
) -> None:
    h = auth("finance")
    for name in ("from", "to"):
        for value in ("2026-01-01T10:00:00", "yesterday"):
            r = await client.get("/api/v1/movements", params={name: value}, headers=h)
            assert r.status_code in (400, 422), r.text
            assert_problem(r, r.status_code, field=name)


async def test_movement_filters_refuse_bad_values(client: httpx.AsyncClient, clinic: Clinic, auth) -> None:
    h = auth("finance")
    assert_problem(
        await client.get("/api/v1/movements", params={"kind": "theft"}, headers=h), 400, field="kind"
    )
    r = await client.get("/api/v1/movements", params={"cursor": "page-2"}, headers=h)
    assert r.status_code in (400, 422)
    assert_problem(r, r.status_code, field="cursor")
    r = await client.get("/api/v1/movements", params={"limit": 0}, headers=h)
    assert_problem(r, 400, field="limit")


# --- batches ----------------------------------------------------------------------------------


async def test_batches_of_an_item_with_stock_across_sites(
    client: httpx.AsyncClient, clinic: Clinic, auth, ids: dict[str, int]
) -> None:
    h = auth("finance")
    page = await get_json(client, "/api/v1/batches", h, item=clinic.items["insulin"])
    rows = {row["batch_number"]: row for row in page["items"]}
    assert set(rows) == {"EXP", "SOON", "LATE"}
    assert {n: r["on_hand"] for n, r in rows.items()} == {"EXP": 3, "SOON": 12, "LATE": 7}
    assert {n: r["expiry_status"] for n, r in rows.items()} == {
        "EXP": "expired",
        "SOON": "expiring",
        "LATE": "ok",
    }
    assert all(r["item"] == clinic.items["insulin"] for r in rows.values())
    one = await get_json(client, f"/api/v1/batches/{ids['SOON']}", h)
    assert one == rows["SOON"]
    gloves = await get_json(client, "/api/v1/batches", h, item=clinic.items["gloves"])
    assert [(r["batch_number"], r["expiry_date"], r["expiry_status"]) for r in gloves["items"]] == [
        ("BOX", None, "no_expiry")
    ]
    by_number = await get_json(client, "/api/v1/batches", h, batch_number="SOON")
    assert [r["id"] for r in by_number["items"]] == [ids["SOON"]]
    assert_problem(await client.get("/api/v1/batches/987654", headers=h), 404)


async def test_operations_are_listed_and_fetched_by_kind(
    client: httpx.AsyncClient, clinic: Clinic, auth, ids: dict[str, int]
) -> None:
    h, kbh = auth("pharmacist"), clinic.sites["KBH"]
    reader = auth("finance")  # every site (the pharmacist reads København's only)
    issued = (await issue(client, h, site=kbh, item=clinic.items["gloves"], quantity=5)).json()
    adjusted = (await adjust(client, h, site=kbh, batch=ids["LATE"], quantity=1, reason="found")).json()
    receipts = await get_json(client, "/api/v1/receipts", reader)
    assert len(receipts["items"]) == 5
    assert all(op["kind"] == "receipt" for op in receipts["items"])
    receipt_ids = [op["id"] for op in receipts["items"]]
    assert receipt_ids == sorted(receipt_ids, reverse=True)
    aar_receipts = await get_json(client, "/api/v1/receipts", reader, site=clinic.sites["AAR"])
    assert [op["site"] for op in aar_receipts["items"]] == [clinic.sites["AAR"]]
    glove_receipts = await get_json(client, "/api/v1/receipts", reader, item=clinic.items["gloves"])
    assert [op["item"] for op in glove_receipts["items"]] == [clinic.items["gloves"]]
    assert [op["id"] for op in (await get_json(client, "/api/v1/issues", reader))["items"]] == [issued["id"]]
    assert [op["id"] for op in (await get_json(client, "/api/v1/adjustments", reader))["items"]] == [
        adjusted["id"]
    ]

    for kind, op in (("receipts", receipts["items"][0]), ("issues", issued), ("adjustments", adjusted)):
        fetched = await get_json(client, f"/api/v1/{kind}/{op['id']}", reader)
        assert (fetched["id"], fetched["kind"], fetched["user"], fetched["quantity"]) == (
            op["id"],
            op["kind"],
            op["user"],
            op["quantity"],
        )
        assert [line["movement_id"] for line in fetched["lines"]] == [
            line["movement_id"] for line in op["lines"]
        ]
    for kind, other in (
        ("receipts", issued["id"]),
        ("issues", adjusted["id"]),
        ("adjustments", receipt_ids[0]),
        ("reversals", issued["id"]),
        ("issues", 999_999),
    ):
        assert_problem(await client.get(f"/api/v1/{kind}/{other}", headers=reader), 404)


async def test_operation_lists_page_by_cursor(client: httpx.AsyncClient, clinic: Clinic, auth) -> None:
    h = auth("volunteer")
    for n in range(5):
        await receive_at(client, h, clinic, batch=f"G{n}", expiry=None, quantity=1, item="gloves")
    seen: list[int] = []
    params: dict[str, Any] = {"limit": 2}
    for _ in range(10):
        page = await get_json(client, "/api/v1/receipts", h, **params)
        seen.extend(op["id"] for op in page["items"])
        if not page["next_cursor"]:
            break
        params["cursor"] = page["next_cursor"]
    everything = [op["id"] for op in (await get_json(client, "/api/v1/receipts", h))["items"]]
    assert len(everything) == 5
    assert seen == everything


# --- items ------------------------------------------------------------------------------------


async def set_atc_codes(client: httpx.AsyncClient, clinic: Clinic, auth) -> None:
    for key, atc in (("insulin", "A10AE04"), ("metformin", "A10BA02")):
        r = await client.patch(
            f"/api/v1/items/{clinic.items[key]}", json={"atc_code": atc}, headers=auth("admin")
        )
        assert r.status_code == 200, r.text


async def item_names(client: httpx.AsyncClient, headers: dict[str, str], **params: Any) -> set[str]:
    return {item["name"] for item in (await get_json(client, "/api/v1/items", headers, **params))["items"]}


INSULIN, METFORMIN, GLOVES = "Insulin glargin 100 E/ml pen", "Metformin 500 mg tabletter", "Nitrilhandsker M"


async def test_items_are_found_by_part_of_the_name(client: httpx.AsyncClient, clinic: Clinic, auth) -> None:
    h = auth("volunteer")
    assert await item_names(client, h) == {INSULIN, METFORMIN, GLOVES}
    assert await item_names(client, h, q="glargin") == {INSULIN}
    assert await item_names(client, h, q="GLARGIN") == {INSULIN}
    assert await item_names(client, h, q="500 mg") == {METFORMIN}
    assert await item_names(client, h, q="in") == {INSULIN, METFORMIN}
    assert await item_names(client, h, q="paracetamol") == set()
    item = await get_json(client, f"/api/v1/items/{clinic.items['metformin']}", h)
    assert (item["name"], item["category"], item["requires_expiry"], item["pack_size"]) == (
        METFORMIN,
        "medicine",
        True,
        100,
    )
    assert_problem(await client.get("/api/v1/items/987654", headers=h), 404)


async def test_items_are_found_by_gtin_in_any_length(client: httpx.AsyncClient, clinic: Clinic, auth) -> None:
    h = auth("volunteer")
    ean13 = clinic.gtins["insulin"]
    assert len(ean13) == 13
    page = await get_json(client, "/api/v1/items", h, gtin=ean13)
    assert [item["id"] for item in page["items"]] == [clinic.items["insulin"]]
    assert page["items"][0]["gtins"] == [ean13.zfill(14)]
    assert await item_names(client, h, gtin=ean13.zfill(14)) == {INSULIN}
    assert await item_names(client, h, gtin=clinic.gtins["gloves"]) == {GLOVES}
    wrong = ean13[:-1] + str((int(ean13[-1]) + 1) % 10)
    assert_problem(await client.get("/api/v1/items", params={"gtin": wrong}, headers=h), 422, field="gtin")


async def test_items_are_found_by_atc_prefix_and_category(
    client: httpx.AsyncClient, clinic: Clinic, auth
) -> None:
    await set_atc_codes(client, clinic, auth)
    h = auth("volunteer")
    assert await item_names(client, h, atc="A10") == {INSULIN, METFORMIN}
    assert await item_names(client, h, atc="A10B") == {METFORMIN}
    assert await item_names(client, h, atc="a10ae") == {INSULIN}
    assert await item_names(client, h, atc="N02") == set()
    assert await item_names(client, h, category="consumable") == {GLOVES}
    assert await item_names(client, h, category="medicine") == {INSULIN, METFORMIN}
    assert await item_names(client, h, category="medicine", q="metformin") == {METFORMIN}
    assert_problem(
        await client.get("/api/v1/items", params={"category": "food"}, headers=h), 400, field="category"
    )


async def test_health_and_openapi_answer_without_a_token(client: httpx.AsyncClient) -> None:
    r = await client.get("/health")
    assert r.status_code == 200
    assert r.json()["status"] == "ok"
    r = await client.get("/schema/openapi.json")
    assert r.status_code == 200
    paths = r.json()["paths"]
    for path in (
        "/api/v1/receipts",
        "/api/v1/issues",
        "/api/v1/adjustments",
        "/api/v1/reversals",
        "/api/v1/stock",
        "/api/v1/stock/totals",
        "/api/v1/movements",
        "/api/v1/batches",
        "/api/v1/items",
        "/api/v1/sites",
        "/api/v1/users",
        "/api/v1/auth/token",
    ):
        assert path in paths, sorted(paths)
    assert {"get", "post"} <= set(paths["/api/v1/receipts"])
    assert any(p.startswith("/api/v1/batches/{") for p in paths)
    for url in ("/api/v1/stock", "/api/v1/movements", "/api/v1/items", "/api/v1/batches", "/api/v1/receipts"):
        assert_problem(await client.get(url), 401)
