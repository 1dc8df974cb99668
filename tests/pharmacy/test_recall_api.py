"""Recall: one action quarantines every unit of the named batches at every site, and answers where
the batches went (received, issued per site and date, held)."""

from __future__ import annotations

from datetime import timedelta

import httpx

from inventory.clock import CLINIC_TZ
from inventory.db.engine import Database
from inventory.db.tables import Quarantine, Recall
from tests.api.helpers import ShiftClock, assert_problem, issue, receive
from tests.conftest import Clinic, days
from tests.pharmacy.readback import csv_rows, pdf_page_size, pdf_saying
from tests.rows import row_counts


async def rows(database: Database) -> tuple[int, ...]:
    return await row_counts(database, Recall, Quarantine)


async def history(client: httpx.AsyncClient, c: Clinic, auth, clock: ShiftClock) -> dict[str, int]:
    """Insulin R1: 10 to KBH and 4 to ODE 10 days ago; KBH issues 3 five days ago and 2 yesterday (one
    more issued and undone); ODE issues all 4. Insulin R2: 6 at AAR. Insulin OK9: not recalled."""
    h, insulin = auth("admin"), c.items["insulin"]
    kbh, aar, ode = c.sites["KBH"], c.sites["AAR"], c.sites["ODE"]
    clock.offset = timedelta(days=-10)
    ids = {}
    for site, number, quantity in ((kbh, "R1", 10), (ode, "R1", 4), (aar, "R2", 6), (kbh, "OK9", 5)):
        r = await receive(
            client, h, site=site, item=insulin, batch=number, expiry=days(300), quantity=quantity
        )
        ids[number] = r["lines"][0]["batch"]["id"]
    clock.offset = timedelta(days=-5)
    assert (await issue(client, h, site=kbh, item=insulin, quantity=3, batch=ids["R1"])).status_code == 201
    assert (await issue(client, h, site=ode, item=insulin, quantity=4, batch=ids["R1"])).status_code == 201
    clock.offset = timedelta(days=-1)
    assert (await issue(client, h, site=kbh, item=insulin, quantity=2, batch=ids["R1"])).status_code == 201
    undone = await issue(client, h, site=kbh, item=insulin, quantity=1, batch=ids["R1"])
    r = await client.post("/api/v1/reversals", json={"operation": undone.json()["id"]}, headers=h)
    assert r.status_code == 201
    clock.offset = timedelta()
    return ids


async def test_recall_quarantines_every_unit_and_says_where_it_went(
    client: httpx.AsyncClient, clinic: Clinic, auth, clock: ShiftClock, database: Database
) -> None:
    ids = await history(client, clinic, auth, clock)
    kbh, aar, insulin = clinic.sites["KBH"], clinic.sites["AAR"], clinic.items["insulin"]
    body = {"gtin": clinic.gtins["insulin"], "batch_numbers": ["R1", "R2"], "reference": "DKMA 2026-117"}
    r = await client.post("/api/v1/recalls", json=body, headers=auth("pharmacist"))
    assert r.status_code == 201, r.text
    recall = r.json()
    assert (recall["item"], recall["reference"], recall["user"]) == (insulin, "DKMA 2026-117", "pharmacist")
    assert [b["batch_number"] for b in recall["batches"]] == ["R1", "R2"]
    assert (recall["held_total"], recall["issued_total"]) == (5 + 6, 5 + 4)

    def day(offset: int) -> str:
        return (clock.now() + timedelta(days=offset)).astimezone(CLINIC_TZ).date().isoformat()

    found = {(s["batch"]["batch_number"], s["site_name"]): s for s in recall["sites"]}
    assert set(found) == {("R1", "København"), ("R1", "Odense"), ("R2", "Aarhus")}
    kbh_r1 = found[("R1", "København")]
    assert (kbh_r1["received"], kbh_r1["issued"], kbh_r1["held"]) == (10, 5, 5)
    assert kbh_r1["first_received"] == day(-10)
    assert kbh_r1["issued_by_date"] == [{"date": day(-5), "quantity": 3}, {"date": day(-1), "quantity": 2}]
    assert kbh_r1["newly_quarantined"] is True and kbh_r1["quarantine"] is not None
    ode_r1 = found[("R1", "Odense")]
    assert (ode_r1["received"], ode_r1["issued"], ode_r1["held"], ode_r1["quarantine"]) == (4, 4, 0, None)
    assert found[("R2", "Aarhus")]["held"] == 6

    # Nothing of R1 or R2 can be issued anywhere; the batch not recalled still can.
    h = auth("admin")
    r = await issue(client, h, site=aar, item=insulin, quantity=1)
    assert assert_problem(r, 409, code="batch-blocked", field="quantity")["recall"] == recall["id"]
    r = await issue(client, h, site=kbh, item=insulin, quantity=1, batch=ids["R1"])
    assert assert_problem(r, 409, code="batch-blocked", field="batch")["recall"] == recall["id"]
    r = await issue(client, h, site=kbh, item=insulin, quantity=1)
    assert r.status_code == 201 and r.json()["lines"][0]["batch"]["batch_number"] == "OK9"
    q = await client.get("/api/v1/quarantines", params={"recall": recall["id"]}, headers=auth("finance"))
    assert sorted((x["site"], x["reason"]) for x in q.json()["items"]) == [
        (kbh, "recalled"),
        (aar, "recalled"),
    ]
    assert await rows(database) == (1, 2)
    again = await client.get(f"/api/v1/recalls/{recall['id']}", headers=auth("finance"))
    assert again.json()["sites"] == recall["sites"]


async def test_recall_keeps_an_earlier_quarantine(
    client: httpx.AsyncClient, clinic: Clinic, auth, clock: ShiftClock, database: Database
) -> None:
    ids = await history(client, clinic, auth, clock)
    h = auth("pharmacist")
    r = await client.post(
        "/api/v1/quarantines",
        json={"batch": ids["R1"], "site": clinic.sites["KBH"], "reason": "damaged"},
        headers=h,
    )
    assert r.status_code == 201
    r = await client.post(
        "/api/v1/recalls", json={"item": clinic.items["insulin"], "batch_numbers": ["R1"]}, headers=h
    )
    assert r.status_code == 201, r.text
    [kbh] = [s for s in r.json()["sites"] if s["site_name"] == "København"]
    assert kbh["newly_quarantined"] is False and kbh["held"] == 5
    assert await rows(database) == (1, 1)


async def test_recall_refusals_name_the_field_and_write_nothing(
    client: httpx.AsyncClient, clinic: Clinic, auth, clock: ShiftClock, database: Database
) -> None:
    await history(client, clinic, auth, clock)
    h, gtin = auth("pharmacist"), clinic.gtins["insulin"]

    async def recall(**body: object) -> httpx.Response:
        return await client.post("/api/v1/recalls", json=body, headers=h)

    assert_problem(
        await recall(gtin=gtin, batch_numbers=["R1", "   "]),
        422,
        code="invalid-input",
        field="batch_numbers.1",
    )
    assert_problem(await recall(gtin="5790000000000", batch_numbers=["R1"]), 422, field="gtin")
    assert_problem(await recall(gtin="1234567A", batch_numbers=["R1"]), 422, field="gtin")
    assert_problem(await recall(batch_numbers=["R1"]), 422, field="item")
    assert_problem(
        await recall(gtin=gtin, item=clinic.items["gloves"], batch_numbers=["R1"]), 422, field="gtin"
    )
    assert_problem(await recall(gtin=gtin, batch_numbers=[]), 400, field="batch_numbers")
    r = await client.post(
        "/api/v1/recalls", json={"gtin": gtin, "batch_numbers": ["R1"]}, headers=auth("volunteer")
    )
    assert_problem(r, 403)
    assert await rows(database) == (0, 0)


async def test_recall_report_as_pdf_and_csv(
    client: httpx.AsyncClient, clinic: Clinic, auth, clock: ShiftClock
) -> None:
    await history(client, clinic, auth, clock)
    body = {"gtin": clinic.gtins["insulin"], "batch_numbers": ["R1"], "reference": "DKMA 2026-117"}
    recall = (await client.post("/api/v1/recalls", json=body, headers=auth("pharmacist"))).json()
    r = await client.get(
        f"/api/v1/recalls/{recall['id']}/report", params={"lang": "en"}, headers=auth("finance")
    )
    expected_words = (
        *("Recall", "Insulin glargin", "DKMA 2026-117", "København", "Odense", "Quarantined by this recall"),
        *("Issued per site and date", "Signature", "by finance"),
    )
    pdf_saying(r, expected_words)
    pdf_page_size(r.content)
    r = await client.get(
        f"/api/v1/recalls/{recall['id']}/report",
        params={"format": "csv", "lang": "en"},
        headers=auth("finance"),
    )
    rows = csv_rows(r.content, delimiter=",")
    assert rows[0] == [
        *("Batch", "Expiry date", "Site", "Received", "Quantity received", "Issued since receipt"),
        *("Held now", "Quarantine", "Quarantine (code)", "Site id", "Item id", "Batch id", "GTIN"),
    ]
    assert [(row[2], row[4], row[5], row[6]) for row in rows[1:]] == [
        ("København", "10", "5", "5"),
        ("Odense", "4", "4", "0"),
    ]


async def test_the_recall_report_names_batches_not_received_only_when_there_are_some(
    client: httpx.AsyncClient, clinic: Clinic, auth, clock: ShiftClock
) -> None:
    """A bare "Not received yet" heading with nothing under it read as a gap in the report (page and PDF)."""
    await history(client, clinic, auth, clock)
    h = auth("pharmacist")
    for numbers, expected in ((["R1"], None), (["R2", "NEVER-1"], "NEVER-1")):
        body = {"gtin": clinic.gtins["insulin"], "batch_numbers": numbers}
        recall = (await client.post("/api/v1/recalls", json=body, headers=h)).json()
        report = (await client.get(f"/api/v1/recalls/{recall['id']}/report?format=json", headers=h)).json()
        named = {p["key"]: p["value"] for p in report["parameters"]}
        assert named.get("not_received") == expected, named
