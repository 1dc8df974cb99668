"""The access policy's scope, where a walk of the guards does not show it: lists answer only the reader's
sites, a witness must work at the disposal's site, and donor notes are finance's."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import httpx

from inventory.db.engine import Database
from inventory.db.tables import User, UserSite
from inventory.db.uow import UnitOfWork
from tests.api.helpers import assert_problem, receive
from tests.conftest import PASSWORD, Clinic, days
from tests.web.webhelpers import log_in


async def test_lists_answer_only_the_readers_sites(
    client: httpx.AsyncClient, clinic: Clinic, auth: Any
) -> None:
    admin, kbh, ode = auth("admin"), clinic.sites["KBH"], clinic.sites["ODE"]
    for site in (kbh, ode):
        got = await receive(
            client, admin, site=site, item=clinic.items["insulin"], batch="B1", expiry=days(30), quantity=3
        )
        batch = got["lines"][0]["batch"]["id"]
        made = await client.post(
            f"/api/v1/sites/{site}/locations", headers=admin, json={"name": "Kø", "cold": True}
        )
        location = made.json()["id"]
        assert (
            await client.post(
                "/api/v1/fridge-log/readings", headers=admin, json={"location": location, "current": 12}
            )
        ).status_code == 201
        body = {"batch": batch, "site": site, "reason": "damaged"}
        assert (await client.post("/api/v1/quarantines", headers=admin, json=body)).status_code == 201
        body = {
            "site": site,
            "lines": [{"batch": batch, "quantity": 1}],
            "method": "clinical_waste",
            "reason": "x",
        }
        assert (await client.post("/api/v1/disposals", headers=admin, json=body)).status_code == 201
    lists = {
        "/api/v1/quarantines": lambda b: {q["site"] for q in b["items"]},
        "/api/v1/disposals": lambda b: {d["site"] for d in b["items"]},
        "/api/v1/fridge-log/fridges": lambda b: {f["site"] for f in b},
        "/api/v1/fridge-log/readings": lambda b: {r["site"] for r in b["items"]},
    }
    for path, sites_of in lists.items():
        assert sites_of((await client.get(path, headers=auth("pharmacist"))).json()) == {kbh}, path
        assert sites_of((await client.get(path, headers=auth("finance"))).json()) == {kbh, ode}, path
    fridges = (await client.get("/api/v1/fridge-log/fridges", headers=auth("volunteer_aar"))).json()
    assert fridges == []  # Aarhus has no fridge; København's and Odense's are not hers
    # The whole-clinic expiry review is for those who review every site; one's own site answers.
    assert_problem(await client.get("/api/v1/reports/expiry", headers=auth("pharmacist")), 403, field="site")
    own = await client.get("/api/v1/reports/expiry", params={"site": kbh}, headers=auth("pharmacist"))
    assert own.status_code == 200
    assert_problem(await client.get("/api/v1/reports/expiry", headers=auth("volunteer")), 403)


async def test_a_pharmacist_of_another_site_does_not_witness(
    client: httpx.AsyncClient, clinic: Clinic, auth: Any, database: Database, password_hash: str
) -> None:
    async with UnitOfWork(database) as uow:
        user = User(
            username="witness",
            password_hash=password_hash,
            role="pharmacist",
            active=True,
            is_demo=False,
            created_at=datetime.now(UTC),
        )
        uow.session.add(user)
        await uow.session.flush()
        uow.session.add(UserSite(user_id=user.id, site_id=clinic.sites["ODE"]))
        await uow.commit()
    insulin, kbh = clinic.items["insulin"], clinic.sites["KBH"]
    assert (
        await client.patch(f"/api/v1/items/{insulin}", json={"controlled": True}, headers=auth("admin"))
    ).status_code == 200
    got = await receive(
        client,
        auth("pharmacist"),
        site=kbh,
        item=insulin,
        batch="M1",
        expiry=days(-2),
        quantity=4,
        allow_expired=True,
    )
    body = {
        "site": kbh,
        "lines": [{"batch": got["lines"][0]["batch"]["id"], "quantity": 4}],
        "method": "pharmacy_return",
        "witness": {"username": "witness", "password": PASSWORD},
    }
    r = await client.post("/api/v1/disposals", headers=auth("pharmacist"), json=body)
    assert_problem(r, 422, code="witness-refused", field="witness")


async def test_donor_notes_and_grant_history_are_finances(
    client: httpx.AsyncClient, clinic: Clinic, auth: Any
) -> None:
    fin = auth("finance")
    made = await client.post(
        "/api/v1/donors",
        headers=fin,
        json={"name": "Fond", "kind": "foundation", "note": "Ring aldrig før 10"},
    )
    donor = made.json()["id"]
    assert (await client.get(f"/api/v1/donors/{donor}", headers=fin)).json()["note"] == "Ring aldrig før 10"
    seen = await client.get(f"/api/v1/donors/{donor}", headers=auth("pharmacist"))
    assert seen.status_code == 200 and seen.json()["note"] is None and seen.json()["name"] == "Fond"
    assert [d["note"] for d in (await client.get("/api/v1/donors", headers=auth("pharmacist"))).json()] == [
        None
    ]
    grant = {
        "donor": donor,
        "name": "Medicin",
        "amount_ore": 1000,
        "start_date": days(-1),
        "end_date": days(9),
    }
    made = await client.post("/api/v1/grants", headers=fin, json=grant)
    read = await client.get(f"/api/v1/grants/{made.json()['id']}", headers=auth("pharmacist"))
    assert read.status_code == 200 and read.json()["left_ore"] == 1000  # what is left: for ordering
    for path in ("/api/v1/grants", "/api/v1/donors"):
        assert_problem(await client.get(path, headers=auth("volunteer")), 403)  # volunteers never see money


async def test_stock_batches_and_the_ledger_are_read_at_the_readers_sites(
    client: httpx.AsyncClient, clinic: Clinic, auth: Any
) -> None:
    """København's pharmacist and volunteer, Aarhus's volunteer: their sites' stock, batches, operations
    and movements only, in lists and single reads, on the API and the stock pages; finance everywhere."""
    admin, kbh, ode, insulin = (
        auth("admin"),
        clinic.sites["KBH"],
        clinic.sites["ODE"],
        clinic.items["insulin"],
    )
    both = await receive(client, admin, site=kbh, item=insulin, batch="BOTH", expiry=days(30), quantity=3)
    await receive(client, admin, site=ode, item=insulin, batch="BOTH", expiry=days(30), quantity=4)
    only_ode = await receive(client, admin, site=ode, item=insulin, batch="ODE", expiry=days(60), quantity=5)
    shared, odes = both["lines"][0]["batch"]["id"], only_ode["lines"][0]["batch"]["id"]

    async def read(path: str, user: str, **params: Any) -> Any:
        r = await client.get(path, params=params, headers=auth(user))
        assert r.status_code == 200, (path, user, r.text)
        return r.json()

    lists = {
        "/api/v1/stock": lambda b: {row["site"] for row in b["items"]},
        "/api/v1/movements": lambda b: {m["site"] for m in b["items"]},
        "/api/v1/receipts": lambda b: {op["site"] for op in b["items"]},
    }
    for path, sites_of in lists.items():
        assert sites_of(await read(path, "pharmacist")) == {kbh}, path
        assert sites_of(await read(path, "volunteer")) == {kbh}, path
        assert sites_of(await read(path, "volunteer_aar")) == set(), path
        assert sites_of(await read(path, "finance")) == {kbh, ode}, path
        assert sites_of(await read(path, "admin")) == {kbh, ode}, path
        for user in ("pharmacist", "volunteer"):  # another site named in the filter: refused
            assert_problem(
                await client.get(path, params={"site": ode}, headers=auth(user)), 403, field="site"
            )
    assert_problem(
        await client.get("/api/v1/stock/totals", params={"site": ode}, headers=auth("pharmacist")), 403
    )
    assert (await read("/api/v1/stock/totals", "finance", site=ode))["items"]
    # Batches: those held at the reader's sites, with what is on hand there.
    listed = {
        b["id"]: b["on_hand"] for b in (await read("/api/v1/batches", "pharmacist", item=insulin))["items"]
    }
    assert listed == {shared: 3}
    assert (await read(f"/api/v1/batches/{shared}", "volunteer"))["on_hand"] == 3
    assert (await read(f"/api/v1/batches/{shared}", "finance"))["on_hand"] == 7
    assert_problem(
        await client.get(f"/api/v1/batches/{odes}", headers=auth("pharmacist")), 403, field="batch_id"
    )
    assert (await read(f"/api/v1/batches/{odes}", "finance"))["on_hand"] == 5
    # One operation of another site: refused, as a quarantine or disposal of another site is.
    operation = only_ode["id"]
    path = f"/api/v1/receipts/{operation}"
    assert_problem(await client.get(path, headers=auth("volunteer")), 403, field="operation_id")
    assert (await read(path, "finance"))["site"] == ode
    # The stock pages (pharmacists, finance, admins) follow the same rule.
    assert (await log_in(client, "pharmacist", next="/stock")).status_code == 303
    page = await client.get("/stock", headers={"Accept": "text/html"})
    assert page.status_code == 200 and "BOTH" in page.text and "ODE" not in page.text.replace("Odense", "")
    assert (
        await client.get("/stock", params={"site": ode}, headers={"Accept": "text/html"})
    ).status_code == 403
    batch_page = await client.get(f"/stock/batches/{odes}", headers={"Accept": "text/html"})
    assert batch_page.status_code == 403
    shared_page = await client.get(f"/stock/batches/{shared}", headers={"Accept": "text/html"})
    assert shared_page.status_code == 200 and "Odense" not in shared_page.text
    item_page = await client.get(f"/stock/items/{insulin}", headers={"Accept": "text/html"})
    assert item_page.status_code == 200 and "Odense" not in item_page.text


async def test_volunteers_never_see_what_stock_cost_in_operations_and_movements(
    client: httpx.AsyncClient, clinic: Clinic, auth: Any
) -> None:
    """Volunteers never see money (docs/access.md): a receipt's answer, an operation read and the movement
    history carry no unit cost or value for them; a pharmacist of the site sees both."""
    kbh = clinic.sites["KBH"]
    body = {"site": kbh, "item": clinic.items["metformin"], "batch_number": "MONEY-1",
            "expiry_date": days(200), "quantity": 10, "unit_cost_ore": 125}  # fmt: skip
    made = await client.post("/api/v1/receipts", json=body, headers=auth("volunteer"))
    assert made.status_code == 201, made.text
    assert [(line["unit_cost_ore"], line["value_ore"]) for line in made.json()["lines"]] == [(None, None)]
    op = made.json()["id"]
    for user, seen in (("volunteer", (None, None)), ("pharmacist", (125, 1250))):
        read = (await client.get(f"/api/v1/receipts/{op}", headers=auth(user))).json()
        assert [(line["unit_cost_ore"], line["value_ore"]) for line in read["lines"]] == [seen], user
        moved = (await client.get("/api/v1/movements", params={"site": kbh}, headers=auth(user))).json()
        costs = {m["unit_cost_ore"] for m in moved["items"] if m["operation"] == op}
        assert costs == {seen[0]}, user
