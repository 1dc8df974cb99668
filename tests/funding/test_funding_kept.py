"""Funding travels with the stock: every movement kind keeps each unit's layer, grant and value."""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from sqlalchemy import update

from inventory.db.engine import Database
from inventory.db.tables import CostLayer
from inventory.db.uow import UnitOfWork
from inventory.domain.funding import share_values
from inventory.services.integrity import LayerMismatch, layer_mismatches
from tests.api.helpers import adjust, assert_problem, issue_at, receive, receive_at
from tests.conftest import Clinic, days
from tests.funding.helpers import assert_consistent, charged, donor, funding_rows, grant, layers, takes


async def _two_grants(client: httpx.AsyncClient, auth: Any) -> tuple[int, int, int]:
    fin = auth("finance")
    novo = await donor(client, fin, "Novo Nordisk Fonden")
    velux = await donor(client, fin, "Velux Fonden")
    a = await grant(client, fin, novo, "Diabetes 2026", 1_000_000)
    b = await grant(client, fin, velux, "Klinikdrift 2026", 1_000_000)
    return a["id"], b["id"], novo


@pytest.fixture
async def receipts(client: httpx.AsyncClient, clinic: Clinic, auth: Any) -> dict[str, Any]:
    """Batch I1 of insulin at KBH: 10 units at 300 øre on grant A, then 6 at 350 øre on grant B."""
    a, b, novo = await _two_grants(client, auth)
    h = auth("pharmacist")
    on_a: dict[str, Any] = {"quantity": 10, "unit_cost_ore": 300, "funding": charged((a, 3000))}
    on_b: dict[str, Any] = {"quantity": 6, "unit_cost_ore": 350, "funding": charged((b, 2100))}
    first, second = [
        await receive_at(client, h, clinic, batch="I1", expiry=days(200), **r) for r in (on_a, on_b)
    ]
    return {
        "a": a,
        "b": b,
        "novo": novo,
        "first": first,
        "second": second,
        "batch": first["lines"][0]["batch"]["id"],
    }


async def test_a_receipt_opens_a_layer_charged_to_its_grant(
    client: httpx.AsyncClient, clinic: Clinic, auth: Any, database: Database, receipts: dict[str, Any]
) -> None:
    assert receipts["first"]["lines"][0]["value_ore"] == 3000
    found = await layers(database, receipts["batch"])
    assert [
        (x["source"], x["grant"], x["donor"], x["unit_cost"], x["received"], x["left"]) for x in found
    ] == [
        ("grant", receipts["a"], receipts["novo"], 300, 10, 10),
        ("grant", receipts["b"], found[1]["donor"], 350, 6, 6),
    ]
    assert [(f["grant"], f["amount"]) for f in await funding_rows(database)] == [
        (receipts["a"], 3000),
        (receipts["b"], 2100),
    ]
    grant_a = (await client.get(f"/api/v1/grants/{receipts['a']}", headers=auth("pharmacist"))).json()
    assert (grant_a["spent_ore"], grant_a["left_ore"]) == (3000, 997_000)
    await assert_consistent(database)


async def test_an_issue_takes_the_oldest_layer_first_and_values_the_take(
    client: httpx.AsyncClient, clinic: Clinic, auth: Any, database: Database, receipts: dict[str, Any]
) -> None:
    # written by a pharmacist: the answer shows the value (volunteers never see money: test_site_scope)
    out = await issue_at(client, auth("pharmacist"), clinic, quantity=12)
    assert out.status_code == 201, out.text
    line = out.json()["lines"][0]
    assert line["value_ore"] == -(10 * 300 + 2 * 350)
    first, second = await layers(database, receipts["batch"])
    assert await takes(database, line["movement_id"]) == [(first["id"], 10, 3000), (second["id"], 2, 700)]
    assert (first["left"], second["left"]) == (0, 4)
    await assert_consistent(database)


async def test_an_adjustment_down_takes_layers_and_a_found_unit_opens_one_at_the_last_cost(
    client: httpx.AsyncClient, clinic: Clinic, auth: Any, database: Database, receipts: dict[str, Any]
) -> None:
    h, kbh = auth("pharmacist"), clinic.sites["KBH"]
    down = await adjust(client, h, site=kbh, batch=receipts["batch"], quantity=-3, reason="damaged")
    assert down.status_code == 201, down.text
    first = (await layers(database, receipts["batch"]))[0]
    assert await takes(database, down.json()["lines"][0]["movement_id"]) == [(first["id"], 3, 900)]
    up = await adjust(client, h, site=kbh, batch=receipts["batch"], quantity=2, reason="found")
    assert up.status_code == 201, up.text
    found = (await layers(database, receipts["batch"]))[-1]
    assert (found["source"], found["grant"], found["unit_cost"], found["received"]) == ("found", None, 350, 2)
    assert up.json()["lines"][0]["value_ore"] == 700
    await assert_consistent(database)


async def test_reversing_an_issue_gives_back_exactly_what_it_took(
    client: httpx.AsyncClient, clinic: Clinic, auth: Any, database: Database, receipts: dict[str, Any]
) -> None:
    out = await issue_at(client, auth("pharmacist"), clinic, quantity=12)
    before = await layers(database, receipts["batch"])
    undo = await client.post(
        "/api/v1/reversals", headers=auth("pharmacist"), json={"operation": out.json()["id"]}
    )
    assert undo.status_code == 201, undo.text
    after = await layers(database, receipts["batch"])
    assert [x["left"] for x in before] == [0, 4] and [x["left"] for x in after] == [10, 6]
    original = await takes(database, out.json()["lines"][0]["movement_id"])
    given_back = await takes(database, undo.json()["lines"][0]["movement_id"])
    assert given_back == [(layer, -q, -v) for layer, q, v in original]
    assert undo.json()["lines"][0]["value_ore"] == 3700
    await assert_consistent(database)


async def test_reversing_a_receipt_takes_back_its_layer_and_its_charge(
    client: httpx.AsyncClient, clinic: Clinic, auth: Any, database: Database, receipts: dict[str, Any]
) -> None:
    undo = await client.post(
        "/api/v1/reversals", headers=auth("pharmacist"), json={"operation": receipts["second"]["id"]}
    )
    assert undo.status_code == 201, undo.text
    assert [x["left"] for x in await layers(database, receipts["batch"])] == [10, 0]
    assert [(f["grant"], f["amount"]) for f in await funding_rows(database)] == [(receipts["a"], 3000)]
    grant_b = (await client.get(f"/api/v1/grants/{receipts['b']}", headers=auth("finance"))).json()
    assert grant_b["spent_ore"] == 0
    await assert_consistent(database)


async def test_a_receipt_whose_units_were_used_cannot_be_reversed(
    client: httpx.AsyncClient, clinic: Clinic, auth: Any, database: Database, receipts: dict[str, Any]
) -> None:
    await issue_at(client, auth("volunteer"), clinic, quantity=1)
    before = await layers(database)
    undo = await client.post(
        "/api/v1/reversals", headers=auth("pharmacist"), json={"operation": receipts["first"]["id"]}
    )
    body = assert_problem(undo, 409, code="receipt-units-used", field="operation")
    assert (body["received"], body["left"]) == (10, 9)
    assert await layers(database) == before
    await assert_consistent(database)


async def test_reversing_an_adjustment_keeps_the_layers(
    client: httpx.AsyncClient, clinic: Clinic, auth: Any, database: Database, receipts: dict[str, Any]
) -> None:
    h, kbh = auth("pharmacist"), clinic.sites["KBH"]
    for quantity, reason in ((-4, "count"), (3, "found")):
        adj = await adjust(client, h, site=kbh, batch=receipts["batch"], quantity=quantity, reason=reason)
        undo = await client.post("/api/v1/reversals", headers=h, json={"operation": adj.json()["id"]})
        assert undo.status_code == 201, undo.text
    assert [x["left"] for x in await layers(database, receipts["batch"])] == [10, 6, 0]
    await assert_consistent(database)


async def test_a_split_receipt_is_one_layer_whose_takes_divide_by_the_same_split(
    client: httpx.AsyncClient, clinic: Clinic, auth: Any, database: Database
) -> None:
    a, b, _ = await _two_grants(client, auth)
    split = {"kind": "grants", "grants": [{"grant": a, "percent": 50}, {"grant": b, "percent": 50}]}
    r = await receive_at(
        client,
        auth("pharmacist"),
        clinic,
        batch="M1",
        expiry=days(300),
        quantity=3,
        unit_cost_ore=333,
        funding=split,
        item="metformin",
    )
    (layer,) = await layers(database, r["lines"][0]["batch"]["id"])
    assert (layer["source"], layer["grant"], layer["received"]) == ("split", None, 3)
    amounts = [f["amount"] for f in await funding_rows(database)]
    assert amounts == [500, 499]  # 999 øre, the odd øre to the first
    out = await issue_at(client, auth("pharmacist"), clinic, quantity=1, item="metformin")
    assert out.json()["lines"][0]["value_ore"] == -333
    # What each grant still holds is the value left split the same way; the two parts add up exactly.
    assert share_values(2 * 333, amounts) == [333, 333]
    await assert_consistent(database)


async def test_an_in_kind_donation_is_valued_at_its_stated_unit_value(
    client: httpx.AsyncClient, clinic: Clinic, auth: Any, database: Database
) -> None:
    giver = await donor(client, auth("finance"), "Apoteket Trianglen", kind="company")
    r = await receive_at(
        client,
        auth("pharmacist"),
        clinic,
        batch="G1",
        expiry=None,
        quantity=100,
        funding={"kind": "in_kind", "donor": giver, "unit_value_ore": 45},
        item="gloves",
    )
    assert (r["lines"][0]["unit_cost_ore"], r["lines"][0]["value_ore"]) == (45, 4500)
    (layer,) = await layers(database)
    assert (layer["source"], layer["donor"], layer["unit_cost"]) == ("in_kind", giver, 45)
    assert [(f["source"], f["donor"], f["amount"]) for f in await funding_rows(database)] == [
        ("in_kind", giver, 4500)
    ]
    await assert_consistent(database)


async def test_without_a_funding_choice_a_receipt_is_unrestricted(
    client: httpx.AsyncClient, clinic: Clinic, auth: Any, database: Database
) -> None:
    await receive_at(
        client,
        auth("volunteer"),
        clinic,
        batch="G2",
        expiry=None,
        quantity=5,
        unit_cost_ore=20,
        item="gloves",
    )
    assert [(f["source"], f["amount"]) for f in await funding_rows(database)] == [("unrestricted", 100)]
    await assert_consistent(database)


async def test_the_integrity_check_notices_layers_out_of_step(
    client: httpx.AsyncClient, clinic: Clinic, auth: Any, database: Database, receipts: dict[str, Any]
) -> None:
    async with UnitOfWork(database) as uow:
        await uow.session.execute(
            update(CostLayer).where(CostLayer.quantity_received == 6).values(quantity_left=5)
        )
        await uow.commit()
    async with UnitOfWork(database, readonly=True) as uow:
        found = await layer_mismatches(uow.session)
    second = (await layers(database, receipts["batch"]))[1]["id"]
    assert LayerMismatch("layers-left-vs-balance", (clinic.sites["KBH"], receipts["batch"]), 16, 15) in found
    assert LayerMismatch("layer-units", (second,), 6, 5) in found
    assert LayerMismatch("layer-value", (second,), 2100, 1750) in found


async def test_a_disposal_takes_layers_oldest_first_and_its_reversal_gives_them_back(
    client: httpx.AsyncClient, clinic: Clinic, auth: Any, database: Database
) -> None:
    a, b, _ = await _two_grants(client, auth)
    h, kbh, insulin = auth("pharmacist"), clinic.sites["KBH"], clinic.items["insulin"]
    old = {"site": kbh, "item": insulin, "batch": "OLD", "expiry": days(-1), "allow_expired": True}
    first = await receive(client, h, **old, quantity=3, unit_cost_ore=1000, funding=charged((a, 3000)))
    await receive(client, h, **old, quantity=2, unit_cost_ore=1500, funding=charged((b, 3000)))
    batch = first["lines"][0]["batch"]["id"]
    body = {"site": kbh, "lines": [{"batch": batch, "quantity": 4}], "method": "pharmacy_return"}
    disposed = await client.post("/api/v1/disposals", headers=h, json=body)
    assert disposed.status_code == 201, disposed.text
    layer_a, layer_b = await layers(database, batch)
    assert (layer_a["left"], layer_b["left"]) == (0, 1)
    line = disposed.json()["lines"][0]
    assert await takes(database, line["movement_id"]) == [(layer_a["id"], 3, 3000), (layer_b["id"], 1, 1500)]
    await assert_consistent(database)
    undo = await client.post(
        "/api/v1/reversals", headers=h, json={"operation": line["operation"], "note": "Fejl"}
    )
    assert undo.status_code == 201, undo.text
    assert [x["left"] for x in await layers(database, batch)] == [3, 2]
    await assert_consistent(database)
