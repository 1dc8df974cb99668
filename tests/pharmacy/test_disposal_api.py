"""Disposal: a ledger operation of its own, valued FIFO, witnessed for controlled items; every refusal
names its field and writes nothing."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from inventory.db.engine import Database
from inventory.db.tables import Disposal, Movement
from inventory.db.uow import UnitOfWork
from inventory.services.integrity import ledger_mismatches
from tests.api.helpers import all_movements, assert_problem, receive, stock
from tests.conftest import PASSWORD, Clinic, days
from tests.pharmacy.readback import pdf_page_size, pdf_saying, pdf_text
from tests.rows import row_counts

WITNESS = {"username": "witness", "password": PASSWORD}


async def written(database: Database) -> tuple[int, ...]:
    return await row_counts(database, Disposal, Movement)


async def consistent(database: Database) -> bool:
    async with UnitOfWork(database, readonly=True) as uow:
        return await ledger_mismatches(uow.session) == []


@pytest.fixture
async def ids(client: httpx.AsyncClient, pharmacy: Clinic, auth) -> dict[str, int]:
    """KBH: insulin OLD (expired: 3 at 1000 øre, then 2 at 1500 øre), insulin NEW (in date, 10 at 900),
    morphine M1 (expired, 5 at 2000); returns batch ids."""
    h, kbh = auth("admin"), pharmacy.sites["KBH"]
    insulin, morphine = pharmacy.items["insulin"], pharmacy.items["morphine"]
    old = dict(site=kbh, item=insulin, batch="OLD", expiry=days(-10), allow_expired=True)
    ids = {
        "OLD": (await receive(client, h, **old, quantity=3, unit_cost_ore=1000))["lines"][0]["batch"]["id"]
    }
    await receive(client, h, **old, quantity=2, unit_cost_ore=1500)
    r = await receive(
        client, h, site=kbh, item=insulin, batch="NEW", expiry=days(200), quantity=10, unit_cost_ore=900
    )
    ids["NEW"] = r["lines"][0]["batch"]["id"]
    r = await receive(
        client, h, site=kbh, item=morphine, batch="M1", expiry=days(-1), quantity=5, unit_cost_ore=2000,
        allow_expired=True,
    )  # fmt: skip
    ids["M1"] = r["lines"][0]["batch"]["id"]
    return ids


async def dispose(
    client: httpx.AsyncClient, headers: dict[str, str], site: int, lines: list[dict[str, int]], **extra: Any
) -> httpx.Response:
    body = {"site": site, "lines": lines, "method": "pharmacy_return", **extra}
    return await client.post("/api/v1/disposals", json=body, headers=headers)


async def test_expired_stock_is_disposed_of_and_valued_first_in_first_out(
    client: httpx.AsyncClient, pharmacy: Clinic, auth, database: Database, ids: dict[str, int]
) -> None:
    kbh = pharmacy.sites["KBH"]
    r = await dispose(client, auth("pharmacist"), kbh, [{"batch": ids["OLD"], "quantity": 4}], note="pose 12")
    assert r.status_code == 201, r.text
    body = r.json()
    assert (body["method"], body["user"], body["witness"], body["note"]) == (
        "pharmacy_return",
        "pharmacist",
        None,
        "pose 12",
    )
    [line] = body["lines"]
    # 5 on hand: 3 received at 10 kr., then 2 at 15 kr. FIFO: the 4 leaving are 3 x 10 kr. + 1 x 15 kr.
    assert (line["quantity"], line["on_hand"], line["value_ore"], line["unvalued_quantity"]) == (
        4,
        1,
        4500,
        0,
    )
    assert body["value_ore"] == 4500
    assert await stock(client, auth("finance"), site=kbh, batch=ids["OLD"]) == {(kbh, ids["OLD"]): 1}
    moved = await all_movements(client, auth("finance"), kind="disposal")
    assert [(m["batch"]["id"], m["quantity"], m["user"], m["reason"]) for m in moved] == [
        (ids["OLD"], -4, "pharmacist", "pharmacy_return")
    ]
    assert await consistent(database)
    again = await client.get(f"/api/v1/disposals/{body['id']}", headers=auth("finance"))
    assert again.json()["lines"][0]["value_ore"] == 4500


async def test_usable_stock_needs_a_reason_quarantined_stock_does_not(
    client: httpx.AsyncClient, pharmacy: Clinic, auth, database: Database, ids: dict[str, int]
) -> None:
    kbh, h = pharmacy.sites["KBH"], auth("pharmacist")
    r = await dispose(client, h, kbh, [{"batch": ids["NEW"], "quantity": 1}])
    body = assert_problem(r, 422, code="invalid-input", field="reason")
    assert body["batch"] == ids["NEW"]
    assert (await written(database))[0] == 0
    r = await dispose(client, h, kbh, [{"batch": ids["NEW"], "quantity": 1}], reason="dropped on the floor")
    assert r.status_code == 201, r.text
    assert r.json()["reason"] == "dropped on the floor" and r.json()["lines"][0]["value_ore"] == 900
    q = await client.post(
        "/api/v1/quarantines", json={"batch": ids["NEW"], "site": kbh, "reason": "damaged"}, headers=h
    )
    assert q.status_code == 201
    r = await dispose(client, h, kbh, [{"batch": ids["NEW"], "quantity": 9}], method="clinical_waste")
    assert r.status_code == 201, r.text
    assert await stock(client, h, site=kbh, batch=ids["NEW"]) == {}
    assert await consistent(database)


async def test_controlled_item_needs_a_second_pharmacist_with_password(
    client: httpx.AsyncClient, pharmacy: Clinic, auth, database: Database, ids: dict[str, int]
) -> None:
    kbh, h = pharmacy.sites["KBH"], auth("pharmacist")
    lines = [{"batch": ids["M1"], "quantity": 5}, {"batch": ids["OLD"], "quantity": 1}]
    before = await written(database)
    for witness in (
        None,
        {"username": "witness", "password": "wrong password"},
        {"username": "nobody", "password": PASSWORD},
        {"username": "pharmacist", "password": PASSWORD},  # the actor
        {"username": "volunteer", "password": PASSWORD},  # not a pharmacist
    ):
        extra = {"witness": witness} if witness else {}
        assert_problem(
            await dispose(client, h, kbh, lines, **extra), 422, code="witness-refused", field="witness"
        )
    assert await written(database) == before
    r = await dispose(client, h, kbh, lines, witness=WITNESS)
    assert r.status_code == 201, r.text
    body = r.json()
    assert body["witness"] == "witness" and body["value_ore"] == 5 * 2000 + 1000
    assert sorted((line["item_name"][:6], line["controlled"]) for line in body["lines"]) == [
        ("Insuli", False),
        ("Morfin", True),
    ]
    assert len({line["operation"] for line in body["lines"]}) == 2  # one operation per item
    assert await consistent(database)


async def test_disposal_refusals_name_the_field_and_write_nothing(
    client: httpx.AsyncClient, pharmacy: Clinic, auth, database: Database, ids: dict[str, int]
) -> None:
    kbh, h = pharmacy.sites["KBH"], auth("pharmacist")
    before = await written(database)
    r = await dispose(client, h, kbh, [{"batch": ids["OLD"], "quantity": 6}])
    body = assert_problem(r, 409, code="insufficient-stock", field="lines.0.quantity")
    assert (body["available"], body["requested"]) == (5, 6)
    ok = {"batch": ids["OLD"], "quantity": 1}
    r = await dispose(client, h, kbh, [ok, {"batch": ids["OLD"], "quantity": 1}])
    assert_problem(r, 422, field="lines.1.batch")
    assert_problem(
        await dispose(client, h, kbh, [ok, {"batch": 999_999, "quantity": 1}]), 422, field="lines.1.batch"
    )
    assert_problem(
        await dispose(client, h, kbh, [{"batch": ids["OLD"], "quantity": -2}]), 422, field="lines.0.quantity"
    )
    assert_problem(await dispose(client, h, kbh, [ok], method="burnt"), 400, field="method")
    assert_problem(await dispose(client, h, 999, [ok]), 422, field="site")
    assert_problem(await dispose(client, auth("volunteer"), kbh, [ok]), 403)
    # Nothing held at Aarhus: above stock there.
    assert_problem(await dispose(client, h, pharmacy.sites["AAR"], [ok]), 409, field="lines.0.quantity")
    assert await written(database) == before


async def test_a_disposal_is_undone_by_a_pharmacist_with_a_note(
    client: httpx.AsyncClient, pharmacy: Clinic, auth, database: Database, ids: dict[str, int]
) -> None:
    kbh, h = pharmacy.sites["KBH"], auth("pharmacist")
    r = await dispose(client, h, kbh, [{"batch": ids["OLD"], "quantity": 2}])
    operation = r.json()["lines"][0]["operation"]
    refused = await client.post("/api/v1/reversals", json={"operation": operation}, headers=h)
    assert_problem(refused, 422, field="note")
    refused = await client.post(
        "/api/v1/reversals", json={"operation": operation, "note": "x"}, headers=auth("volunteer")
    )
    assert_problem(refused, 403)
    undone = await client.post(
        "/api/v1/reversals", json={"operation": operation, "note": "bag not sent"}, headers=h
    )
    assert undone.status_code == 201, undone.text
    assert await stock(client, h, site=kbh, batch=ids["OLD"]) == {(kbh, ids["OLD"]): 5}
    again = await client.get(f"/api/v1/disposals/{r.json()['id']}", headers=h)
    assert again.json()["lines"][0]["reversed_by"] == undone.json()["id"]
    assert await consistent(database)


async def test_disposal_is_idempotent_and_listed(
    client: httpx.AsyncClient, pharmacy: Clinic, auth, database: Database, ids: dict[str, int]
) -> None:
    kbh = pharmacy.sites["KBH"]
    headers = {**auth("pharmacist"), "Idempotency-Key": "disposal-1"}
    first = await dispose(client, headers, kbh, [{"batch": ids["OLD"], "quantity": 1}])
    again = await dispose(client, headers, kbh, [{"batch": ids["OLD"], "quantity": 1}])
    assert first.status_code == again.status_code == 201
    assert first.json() == again.json()
    assert (await written(database))[0] == 1
    listed = await client.get("/api/v1/disposals", params={"site": kbh}, headers=auth("finance"))
    assert [d["id"] for d in listed.json()["items"]] == [first.json()["id"]]


async def test_certificate_names_batches_values_method_who_witness_and_when(
    client: httpx.AsyncClient, pharmacy: Clinic, auth, ids: dict[str, int]
) -> None:
    lines = [{"batch": ids["M1"], "quantity": 5}, {"batch": ids["OLD"], "quantity": 4}]
    r = await dispose(
        client, auth("pharmacist"), pharmacy.sites["KBH"], lines, witness=WITNESS, note="pose 7"
    )
    disposal = r.json()
    url = f"/api/v1/disposals/{disposal['id']}/certificate"
    r = await client.get(url, params={"lang": "en"}, headers=auth("finance"))
    expected_words = (
        *("Disposal certificate", f"Disposal {disposal['id']} at København", "Morfin", "M1", "OLD"),
        *("Returned to a pharmacy for destruction", "pharmacist", "Vera Vidne", "Note: pose 7", "Signature"),
        *("100,00 kr.", "45,00 kr.", "145,00 kr."),  # en_DK: Danish figures in English words
    )
    pdf_saying(r, expected_words)
    pdf_page_size(r.content)
    danish = pdf_text((await client.get(url, headers=auth("pharmacist"))).content)
    for expected in ("Kassationsattest", "Returneret til apotek til destruktion", "Vidne", "145,00 kr."):
        assert expected in danish, expected


async def test_units_received_without_a_cost_are_disposed_of_unvalued(
    client: httpx.AsyncClient, pharmacy: Clinic, auth
) -> None:
    """Read from the cost layers: a receipt without a cost is unvalued, one at 0 kr. is worth 0 kr."""
    h, kbh, insulin = auth("admin"), pharmacy.sites["KBH"], pharmacy.items["insulin"]
    lot = dict(site=kbh, item=insulin, batch="FREE", expiry=days(-3), allow_expired=True)
    batch = (await receive(client, h, **lot, quantity=3))["lines"][0]["batch"]["id"]
    await receive(client, h, **lot, quantity=2, unit_cost_ore=0)
    await receive(client, h, **lot, quantity=4, unit_cost_ore=500)
    r = await dispose(client, auth("pharmacist"), kbh, [{"batch": batch, "quantity": 6}])
    assert r.status_code == 201, r.text
    [line] = r.json()["lines"]
    assert (line["value_ore"], line["unvalued_quantity"]) == (500, 3)
    # The 3 units left are the last received, at 5 kr. each: the review shows them so, and no note
    # about units without a cost.
    review = await client.get(f"/api/v1/reports/expiry?site={kbh}&lang=en", headers=auth("pharmacist"))
    assert review.status_code == 200, review.text
    body = review.json()
    assert (body["sections"][0]["totals"]["quantity"], body["sections"][0]["totals"]["value_ore"]) == (
        3,
        1500,
    )
    assert not any("without a cost" in note for note in body["notes"])
