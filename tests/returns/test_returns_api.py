"""Returns to a supplier over the API: stock leaves with its value taken from the cost layers (a credit
expected), the return is read, listed and undone; every refusal names its field and writes nothing."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from inventory.db.engine import Database
from inventory.db.tables import Item, Movement, SupplierReturn
from inventory.db.uow import UnitOfWork
from tests.api.helpers import all_movements, assert_problem, receive, stock
from tests.conftest import Clinic, days
from tests.funding.helpers import assert_consistent
from tests.rows import row_counts


async def written(database: Database) -> tuple[int, ...]:
    return await row_counts(database, SupplierReturn, Movement)


@pytest.fixture
async def ids(client: httpx.AsyncClient, clinic: Clinic, auth: Any, database: Database) -> dict[str, int]:
    """København: insulin I1 (3 at 1000 øre, then 2 at 1500 øre), morphine M1 (controlled, 4 at 2000 øre);
    Aarhus: insulin A1 (5 at 900 øre). Answers batch ids."""
    async with UnitOfWork(database) as uow:
        morphine = Item(
            name="Morfin 10 mg/ml",
            category="medicine",
            unit_of_issue="ampul",
            pack_size=10,
            requires_expiry=True,
            controlled=True,
        )
        uow.session.add(morphine)
        await uow.session.flush()
        clinic.items["morphine"] = morphine.id
        await uow.commit()
    h, kbh, aar, insulin = auth("admin"), clinic.sites["KBH"], clinic.sites["AAR"], clinic.items["insulin"]
    first = await receive(
        client, h, site=kbh, item=insulin, batch="I1", expiry=days(200), quantity=3, unit_cost_ore=1000
    )
    await receive(
        client, h, site=kbh, item=insulin, batch="I1", expiry=days(200), quantity=2, unit_cost_ore=1500
    )
    m = await receive(
        client, h, site=kbh, item=morphine.id, batch="M1", expiry=days(300), quantity=4, unit_cost_ore=2000
    )
    a = await receive(
        client, h, site=aar, item=insulin, batch="A1", expiry=days(100), quantity=5, unit_cost_ore=900
    )
    return {
        "I1": first["lines"][0]["batch"]["id"],
        "M1": m["lines"][0]["batch"]["id"],
        "A1": a["lines"][0]["batch"]["id"],
    }


def body(site: int, lines: list[tuple[int, int]], **extra: Any) -> dict[str, Any]:
    return {
        "site": site,
        "lines": [{"batch": b, "quantity": q} for b, q in lines],
        "supplier": "Nomeco A/S",
        "reference": "RMA-4711",
        "reason": "damaged",
        **extra,
    }


async def give_back(
    client: httpx.AsyncClient, headers: dict[str, str], data: dict[str, Any]
) -> httpx.Response:
    return await client.post("/api/v1/returns", json=data, headers=headers)


async def test_a_return_takes_stock_and_its_cost_layers_first_in_first_out(
    client: httpx.AsyncClient, clinic: Clinic, auth: Any, database: Database, ids: dict[str, int]
) -> None:
    kbh = clinic.sites["KBH"]
    r = await give_back(client, auth("pharmacist"), body(kbh, [(ids["I1"], 4)], note="cracked pens"))
    assert r.status_code == 201, r.text
    got = r.json()
    assert (got["supplier"], got["reference"], got["reason"], got["user"], got["note"]) == (
        "Nomeco A/S",
        "RMA-4711",
        "damaged",
        "pharmacist",
        "cracked pens",
    )
    [line] = got["lines"]
    # 3 at 10 kr. then 2 at 15 kr.: the 4 going back are 3 x 10 kr. + 1 x 15 kr.
    assert (line["quantity"], line["on_hand"], line["value_ore"], got["value_ore"]) == (4, 1, 4500, 4500)
    assert await stock(client, auth("finance"), site=kbh, batch=ids["I1"]) == {(kbh, ids["I1"]): 1}
    moved = await all_movements(client, auth("finance"), kind="return")
    assert [(m["batch"]["id"], m["quantity"], m["reason"]) for m in moved] == [(ids["I1"], -4, "damaged")]
    await assert_consistent(database)  # ledger = balances = cost layers
    again = await client.get(f"/api/v1/returns/{got['id']}", headers=auth("finance"))
    assert again.status_code == 200 and again.json()["lines"][0]["value_ore"] == 4500


async def test_refusals_name_their_field_and_write_nothing(
    client: httpx.AsyncClient, clinic: Clinic, auth: Any, database: Database, ids: dict[str, int]
) -> None:
    kbh, aar, ph = clinic.sites["KBH"], clinic.sites["AAR"], auth("pharmacist")
    before = await written(database)
    r = await give_back(client, ph, body(kbh, [(ids["I1"], 6)]))
    problem = assert_problem(r, 409, code="insufficient-stock", field="lines.0.quantity")
    assert (problem["available"], problem["requested"]) == (5, 6)
    assert_problem(await give_back(client, auth("volunteer"), body(kbh, [(ids["I1"], 1)])), 403)
    assert_problem(await give_back(client, ph, body(aar, [(ids["A1"], 1)])), 403, field="site")
    assert_problem(await give_back(client, auth("finance"), body(kbh, [(ids["I1"], 1)])), 403)
    r = await give_back(client, ph, body(kbh, [(ids["I1"], 1)], reason="other"))
    assert_problem(r, 422, field="note")
    r = await give_back(client, ph, body(kbh, [(ids["I1"], 1)], supplier="   "))
    assert_problem(r, 422, field="supplier")
    r = await give_back(client, ph, body(kbh, [(ids["I1"], 1), (ids["I1"], 1)]))
    assert_problem(r, 422, field="lines.1.batch")
    r = await give_back(client, ph, body(kbh, [(ids["I1"], 1)], reference=""))
    assert r.status_code == 400, r.text
    assert await written(database) == before
    at_aarhus = await give_back(client, auth("admin"), body(aar, [(ids["A1"], 1)]))
    other = await client.get(f"/api/v1/returns/{at_aarhus.json()['id']}", headers=ph)
    assert_problem(other, 403, field="return_id")
    await assert_consistent(database)


async def test_a_recalled_batch_is_returned_and_a_controlled_return_is_on_the_register(
    client: httpx.AsyncClient, clinic: Clinic, auth: Any, database: Database, ids: dict[str, int]
) -> None:
    kbh, admin = clinic.sites["KBH"], auth("admin")
    recall = await client.post(
        "/api/v1/recalls", json={"item": clinic.items["morphine"], "batch_numbers": ["M1"]}, headers=admin
    )
    assert recall.status_code == 201, recall.text
    r = await give_back(client, admin, body(kbh, [(ids["M1"], 4)], reason="recalled", reference="RC-9"))
    assert r.status_code == 201, r.text
    assert r.json()["lines"][0]["value_ore"] == 8000
    reg = await client.get(
        "/api/v1/reports/controlled-register", params={"site": kbh, "format": "csv"}, headers=admin
    )
    assert reg.status_code == 200, reg.text
    text = reg.content.decode("utf-8-sig")
    assert "Returnering til leverandør" in text and "RC-9 (Nomeco A/S)" in text
    await assert_consistent(database)


async def test_a_return_is_undone_by_the_reversal_and_replayed_by_its_key(
    client: httpx.AsyncClient, clinic: Clinic, auth: Any, database: Database, ids: dict[str, int]
) -> None:
    kbh, ph = clinic.sites["KBH"], auth("pharmacist")
    keyed = {**ph, "Idempotency-Key": "return-1"}
    first = await give_back(client, keyed, body(kbh, [(ids["I1"], 2)]))
    second = await give_back(client, keyed, body(kbh, [(ids["I1"], 2)]))
    assert first.status_code == 201 and second.json()["id"] == first.json()["id"]
    assert (await written(database))[0] == 1
    operation = first.json()["lines"][0]["operation"]
    undo = await client.post(
        "/api/v1/reversals", json={"operation": operation, "note": "sent by mistake"}, headers=ph
    )
    assert undo.status_code == 201, undo.text
    assert await stock(client, ph, site=kbh, batch=ids["I1"]) == {(kbh, ids["I1"]): 5}
    read = (await client.get(f"/api/v1/returns/{first.json()['id']}", headers=ph)).json()
    assert read["lines"][0]["reversed_by"] == undo.json()["id"]
    await assert_consistent(database)


async def test_returns_are_listed_newest_first_by_cursor_within_the_readers_sites(
    client: httpx.AsyncClient, clinic: Clinic, auth: Any, ids: dict[str, int]
) -> None:
    kbh, aar, admin = clinic.sites["KBH"], clinic.sites["AAR"], auth("admin")
    made = [
        (await give_back(client, admin, body(site, [(batch, 1)], reference=f"R{n}"))).json()["id"]
        for n, (site, batch) in enumerate([(kbh, ids["I1"]), (aar, ids["A1"]), (kbh, ids["I1"])])
    ]
    page = (await client.get("/api/v1/returns", params={"limit": 2}, headers=auth("finance"))).json()
    assert [r["id"] for r in page["items"]] == [made[2], made[1]]
    rest = await client.get(
        "/api/v1/returns", params={"limit": 2, "cursor": page["next_cursor"]}, headers=auth("finance")
    )
    assert [r["id"] for r in rest.json()["items"]] == [made[0]] and rest.json()["next_cursor"] is None
    mine = (await client.get("/api/v1/returns", headers=auth("pharmacist"))).json()
    assert [r["reference"] for r in mine["items"]] == ["R2", "R0"]
    assert_problem(await client.get("/api/v1/returns", params={"site": aar}, headers=auth("pharmacist")), 403)
    assert_problem(await client.get("/api/v1/returns", headers=auth("volunteer")), 403)
