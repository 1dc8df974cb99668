"""Stock counts through the API: start, count (with a surprise batch), approve and post as adjustments
naming the count; movements during the count; the refusals. SQLite and PostgreSQL (`database`)."""

from __future__ import annotations

import httpx
from sqlalchemy import select

from inventory.db.engine import Database
from inventory.db.tables import Operation
from inventory.db.uow import UnitOfWork
from tests.api.helpers import all_movements, assert_problem, issue, receive, stock
from tests.conftest import Clinic, days
from tests.counts.conftest import approve, consistent, enter, line_of, start


async def test_a_counted_shelf_posts_its_variances_as_adjustments_naming_the_count(
    client: httpx.AsyncClient, pharmacy: Clinic, auth, database: Database, shelf: dict[str, int]
) -> None:
    kbh, p, v = pharmacy.sites["KBH"], auth("pharmacist"), auth("volunteer")
    r = await start(client, p, kbh)
    assert r.status_code == 201, r.text
    count = r.json()
    assert (count["status"], count["controlled"], count["started_by"]) == ("open", False, "pharmacist")
    assert {line["batch"]["id"] for line in count["lines"]} == {shelf["A"], shelf["B"], shelf["M"]}  # not X
    assert line_of(count, shelf["A"])["expected"] == 10
    surprise = {"item": pharmacy.items["insulin"], "batch_number": "S1", "expiry": days(400), "counted": 3}
    r = await enter(
        client,
        v,
        count["id"],
        {"line": line_of(count, shelf["A"])["id"], "counted": 8},
        {"batch": shelf["B"], "counted": 5},
        {"batch": shelf["M"], "counted": 21},
        surprise,
    )
    assert r.status_code == 200, r.text
    counted = r.json()
    s1 = [line for line in counted["lines"] if line["unexpected"]]
    assert [(x["batch"]["batch_number"], x["expected"], x["counted"], x["variance"]) for x in s1] == [
        ("S1", 0, 3, 3)
    ]
    assert line_of(counted, shelf["A"])["value_ore"] is None  # a volunteer sees no money
    seen = (await client.get(f"/api/v1/counts/{count['id']}", headers=p)).json()
    a = line_of(seen, shelf["A"])
    assert (a["expected"], a["counted"], a["variance"], a["value_ore"], a["posted"]) == (
        10,
        8,
        -2,
        -2000,
        False,
    )
    assert line_of(seen, shelf["M"])["value_ore"] == 50 and line_of(seen, shelf["M"])["grant"] == "found"
    r = await approve(client, p, count["id"])
    assert r.status_code == 200, r.text
    posted = r.json()
    assert (posted["status"], posted["approved_by"]) == ("posted", "pharmacist")
    assert all(line["posted"] and line["posted_by"] == "pharmacist" for line in posted["lines"])
    assert posted["value_ore"] == -2000 + 50 + 0  # S1 has no known cost: found at 0 kr.
    moved = await all_movements(client, p, kind="adjustment")
    assert sorted((m["batch"]["id"], m["quantity"], m["reason"]) for m in moved) == sorted(
        [(shelf["A"], -2, "count"), (shelf["M"], 1, "count"), (s1[0]["batch"]["id"], 3, "count")]
    )
    on_hand = await stock(client, p, site=kbh)
    assert (on_hand[(kbh, shelf["A"])], on_hand[(kbh, shelf["B"])], on_hand[(kbh, shelf["M"])]) == (8, 5, 21)
    assert await consistent(database)
    async with UnitOfWork(database, readonly=True) as uow:
        named = (await uow.session.execute(select(Operation.reason, Operation.reference).distinct())).all()
    assert set(named) == {(None, None), ("count", f"count {count['id']}")}  # the receipts, the count


async def test_issues_and_receipts_during_a_count_count_in_what_is_expected(
    client: httpx.AsyncClient, pharmacy: Clinic, auth, database: Database, shelf: dict[str, int]
) -> None:
    kbh, p = pharmacy.sites["KBH"], auth("pharmacist")
    count = (await start(client, p, kbh, scope="items", items=[pharmacy.items["insulin"]])).json()
    assert {line["batch"]["id"] for line in count["lines"]} == {shelf["A"], shelf["B"]}
    assert (
        await issue(client, p, site=kbh, item=pharmacy.items["insulin"], quantity=3, batch=shelf["A"])
    ).status_code == 201
    await receive(
        client,
        p,
        site=kbh,
        item=pharmacy.items["insulin"],
        batch="B",
        expiry=days(300),
        quantity=4,
        unit_cost_ore=2000,
    )
    r = await enter(
        client, p, count["id"], {"batch": shelf["A"], "counted": 7}, {"batch": shelf["B"], "counted": 8}
    )
    a, b = line_of(r.json(), shelf["A"]), line_of(r.json(), shelf["B"])
    assert (a["at_start"], a["moved_since"], a["expected"], a["variance"]) == (10, -3, 7, 0)
    assert (b["at_start"], b["moved_since"], b["expected"], b["variance"], b["value_ore"]) == (
        5,
        4,
        9,
        -1,
        -2000,
    )
    posted = (await approve(client, p, count["id"])).json()
    assert [m["quantity"] for m in await all_movements(client, p, kind="adjustment")] == [-1]
    assert line_of(posted, shelf["A"])["expected"] == 7 and line_of(posted, shelf["B"])["variance"] == -1
    assert await stock(client, p, site=kbh, item=pharmacy.items["insulin"]) == {
        (kbh, shelf["A"]): 7,
        (kbh, shelf["B"]): 8,
    }
    assert await consistent(database)


async def test_concurrent_issues_during_a_count_leave_expected_and_variance_right(
    client: httpx.AsyncClient, pharmacy: Clinic, auth, database: Database, shelf: dict[str, int]
) -> None:
    import asyncio

    kbh, p = pharmacy.sites["KBH"], auth("pharmacist")
    count = (await start(client, p, kbh, scope="items", items=[pharmacy.items["metformin"]])).json()
    entry = {"batch": shelf["M"], "counted": 20, "add": False}

    async def one_issue() -> int:
        r = await issue(client, p, site=kbh, item=pharmacy.items["metformin"], quantity=1)
        return r.status_code

    statuses = await asyncio.gather(*(one_issue() for _ in range(6)), enter(client, p, count["id"], entry))
    assert statuses[:6] == [201] * 6
    r = await approve(client, p, count["id"])
    m = line_of(r.json(), shelf["M"])
    # Counted before the issues: 20 on the shelf at the start, 6 issued since, so 14 expected and 20 counted.
    assert (m["expected"], m["counted"], m["variance"]) == (14, 20, 6)
    assert await stock(client, p, site=kbh, batch=shelf["M"]) == {(kbh, shelf["M"]): 20}
    assert await consistent(database)


async def test_a_volunteer_counts_but_cannot_start_approve_or_cancel(
    client: httpx.AsyncClient, pharmacy: Clinic, auth, database: Database, shelf: dict[str, int]
) -> None:
    kbh, p, v = pharmacy.sites["KBH"], auth("pharmacist"), auth("volunteer")
    assert_problem(await start(client, v, kbh), 403)
    count = (await start(client, p, kbh)).json()
    assert (await enter(client, v, count["id"], {"batch": shelf["A"], "counted": 9})).status_code == 200
    assert_problem(await approve(client, v, count["id"]), 403)
    assert_problem(await client.post(f"/api/v1/counts/{count['id']}/cancel", json={}, headers=v), 403)
    assert_problem(
        await enter(client, auth("volunteer_aar"), count["id"], {"batch": shelf["A"], "counted": 1}), 403
    )
    assert await all_movements(client, p, kind="adjustment") == []


async def test_a_line_posts_once_and_a_count_can_be_partly_posted_then_cancelled(
    client: httpx.AsyncClient, pharmacy: Clinic, auth, database: Database, shelf: dict[str, int]
) -> None:
    kbh, p = pharmacy.sites["KBH"], auth("pharmacist")
    count = (await start(client, p, kbh)).json()
    a, b = line_of(count, shelf["A"])["id"], line_of(count, shelf["B"])["id"]
    await enter(client, p, count["id"], {"line": a, "counted": 9}, {"line": b, "counted": 4})
    r = await approve(client, p, count["id"], lines=[a])
    assert r.status_code == 200, r.text
    assert (r.json()["status"], line_of(r.json(), shelf["B"])["posted"]) == ("submitted", False)
    assert_problem(
        await approve(client, p, count["id"], lines=[a]), 409, code="count-already-posted", field="lines.0"
    )
    assert_problem(await enter(client, p, count["id"], {"line": b, "counted": 5}), 409, code="count-closed")
    r = await client.post(f"/api/v1/counts/{count['id']}/cancel", json={}, headers=p)
    assert r.status_code == 200 and r.json()["status"] == "cancelled"
    assert_problem(await approve(client, p, count["id"]), 409, code="count-closed")
    assert [m["quantity"] for m in await all_movements(client, p, kind="adjustment")] == [-1]
    assert await consistent(database)


async def test_posting_a_whole_count_twice_is_refused_and_replayed_with_its_key(
    client: httpx.AsyncClient, pharmacy: Clinic, auth, database: Database, shelf: dict[str, int]
) -> None:
    kbh, p = pharmacy.sites["KBH"], auth("pharmacist")
    count = (await start(client, p, kbh)).json()
    await enter(client, p, count["id"], {"batch": shelf["A"], "counted": 12})
    keyed = {**p, "Idempotency-Key": "approve-1"}
    first = await approve(client, keyed, count["id"])
    again = await approve(client, keyed, count["id"])
    assert first.status_code == again.status_code == 200 and first.json() == again.json()
    assert_problem(await approve(client, p, count["id"]), 409, code="count-closed")
    assert [m["quantity"] for m in await all_movements(client, p, kind="adjustment")] == [2]
    assert await consistent(database)


async def test_a_blind_count_hides_what_is_expected_until_it_is_closed(
    client: httpx.AsyncClient, pharmacy: Clinic, auth, database: Database, shelf: dict[str, int]
) -> None:
    kbh, p, v = pharmacy.sites["KBH"], auth("pharmacist"), auth("volunteer")
    count = (await start(client, p, kbh, blind=True)).json()
    hidden = line_of(count, shelf["A"])
    assert (hidden["at_start"], hidden["expected"], hidden["variance"], hidden["value_ore"]) == (
        None,
        None,
        None,
        None,
    )
    sheet = await client.get(f"/api/v1/counts/{count['id']}/sheet", params={"format": "json"}, headers=v)
    assert sheet.status_code == 200
    assert "expected" not in {c["key"] for c in sheet.json()["sections"][0]["columns"]}
    await enter(client, v, count["id"], {"batch": shelf["A"], "counted": 10})
    r = await client.post(f"/api/v1/counts/{count['id']}/submit", json={}, headers=v)
    assert r.status_code == 200, r.text
    assert (r.json()["status"], r.json()["counter"]) == ("submitted", "volunteer")
    shown = line_of((await client.get(f"/api/v1/counts/{count['id']}", headers=p)).json(), shelf["A"])
    assert (shown["expected"], shown["variance"]) == (10, 0)


async def test_start_refuses_a_scope_without_what_it_names(
    client: httpx.AsyncClient, pharmacy: Clinic, auth, shelf: dict[str, int]
) -> None:
    kbh, p = pharmacy.sites["KBH"], auth("pharmacist")
    assert_problem(await start(client, p, kbh, scope="location"), 422, field="location")
    assert_problem(await start(client, p, kbh, scope="items"), 422, field="items")
    r = await start(client, p, kbh, scope="category", category="consumable")
    assert r.status_code == 201 and r.json()["lines"] == []
    count = (await start(client, p, kbh)).json()
    assert_problem(
        await enter(client, p, count["id"], {"batch": shelf["X"], "counted": 6}), 422, field="lines.0.item"
    )


async def test_a_scanned_pack_adds_to_its_line_or_adds_a_batch_the_count_did_not_expect(
    client: httpx.AsyncClient, pharmacy: Clinic, auth, database: Database, shelf: dict[str, int]
) -> None:
    kbh, p, v = pharmacy.sites["KBH"], auth("pharmacist"), auth("volunteer")
    gtin = pharmacy.gtins["insulin"].zfill(14)
    expiry = days(300).replace("-", "")[2:]

    async def scan(batch: str, counted: int = 1) -> httpx.Response:
        code = f"]d201{gtin}17{expiry}10{batch}"
        return await client.post(
            "/api/v1/counts/scan", json={"site": kbh, "code": code, "counted": counted}, headers=v
        )

    assert_problem(await scan("A"), 409, code="count-none-open", field="code")
    count = (await start(client, p, kbh, scope="items", items=[pharmacy.items["insulin"]])).json()
    first, second = await scan("A"), await scan("A", 4)
    assert first.status_code == second.status_code == 200, first.text
    assert (second.json()["count"], second.json()["counted"], second.json()["unexpected"]) == (
        count["id"],
        5,
        False,
    )
    surprise = await scan("NEW9")
    assert surprise.status_code == 200 and surprise.json()["unexpected"] and surprise.json()["counted"] == 1
    seen = (await client.get(f"/api/v1/counts/{count['id']}", headers=p)).json()
    assert line_of(seen, shelf["A"])["counted"] == 5
    assert [x["batch"]["batch_number"] for x in seen["lines"] if x["unexpected"]] == ["NEW9"]
