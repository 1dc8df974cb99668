"""A return's value leaves the grant as a return to the supplier (a credit expected): the grant
statement, the grant's figures and the bookkeeper's postings show it apart, never as consumption or
waste; the return note prints what went back, its value, why and who."""

from __future__ import annotations

from typing import Any

import httpx

from inventory.db.engine import Database
from inventory.db.tables import User
from inventory.db.uow import UnitOfWork
from inventory.services.grant_figures import grant_figures, total
from tests.api.helpers import issue, receive
from tests.conftest import Clinic, days
from tests.funding.helpers import assert_consistent, charged, donor, grant
from tests.pharmacy.readback import csv_rows, pdf_saying


async def funded_return(client: httpx.AsyncClient, clinic: Clinic, auth: Any) -> tuple[int, dict[str, Any]]:
    """Grant G buys 10 insulin at 10 kr.; 3 are issued (30 kr. consumed) and 4 go back (40 kr.)."""
    fin, ph, kbh, insulin = auth("finance"), auth("pharmacist"), clinic.sites["KBH"], clinic.items["insulin"]
    g = await grant(client, fin, await donor(client, fin, "Novo"), "G", 100_000)
    made = await receive(
        client,
        ph,
        site=kbh,
        item=insulin,
        batch="R1",
        expiry=days(200),
        quantity=10,
        unit_cost_ore=1000,
        funding=charged((g["id"], 10_000)),
    )
    assert (await issue(client, ph, site=kbh, item=insulin, quantity=3)).status_code == 201
    body = {
        "site": kbh,
        "lines": [{"batch": made["lines"][0]["batch"]["id"], "quantity": 4}],
        "supplier": "Nomeco A/S",
        "reference": "RMA-77",
        "reason": "wrong_delivery",
    }
    r = await client.post("/api/v1/returns", json=body, headers=ph)
    assert r.status_code == 201, r.text
    return g["id"], r.json()


async def test_a_return_is_neither_consumption_nor_waste_on_the_grant(
    client: httpx.AsyncClient, clinic: Clinic, auth: Any, database: Database
) -> None:
    grant_id, _ = await funded_return(client, clinic, auth)
    period = {"from": days(-1), "to": days(0), "lang": "en"}
    r = await client.get(f"/api/v1/reports/grants/{grant_id}", params=period, headers=auth("finance"))
    assert r.status_code == 200, r.text
    _budget, money, also, _by_category, by_site = r.json()["sections"]
    trail = {row["what"]: row["value_ore"] for row in money["rows"]}
    assert trail["Returned to the supplier, credit expected"] == -4_000
    assert trail["Consumed (issued to patients and treatments)"] == -3_000
    assert sum(v for what, v in trail.items() if what.startswith("Wasted")) == 0
    assert money["totals"]["value_ore"] == 3_000  # on hand at the end: 3 pens
    assert also["rows"][0]["value_ore"] == 0  # wasted in all
    assert by_site["rows"][0]["consumed_ore"] == 3_000
    async with UnitOfWork(database, readonly=True) as uow:
        figures = total(await grant_figures(uow.session, grant_id))
    assert (figures.consumed_ore, figures.wasted_ore, figures.credit_expected_ore, figures.on_hand_ore) == (
        3_000,
        0,
        4_000,
        3_000,
    )
    await assert_consistent(database)


async def test_the_bookkeeper_sees_a_credit_expected_posting(
    client: httpx.AsyncClient, clinic: Clinic, auth: Any
) -> None:
    await funded_return(client, clinic, auth)
    params = {"from": days(-1), "to": days(0), "format": "csv"}
    r = await client.get("/api/v1/reports/postings", params=params, headers=auth("finance"))
    assert r.status_code == 200, r.text
    rows = csv_rows(r.content)
    header = rows[0]
    kinds = [row[header.index("posting")] for row in rows[1:]]
    assert kinds.count("supplier_credit_expected") == 1 and "waste_disposed" not in kinds
    credit = next(row for row in rows[1:] if row[header.index("posting")] == "supplier_credit_expected")
    assert credit[header.index("amount")] in ("40.00", "40,00", "4000")


async def test_the_return_note_prints_supplier_reference_lines_value_and_who(
    client: httpx.AsyncClient, clinic: Clinic, auth: Any, database: Database
) -> None:
    async with UnitOfWork(database) as uow:
        user = await uow.session.get(User, clinic.users["pharmacist"])
        assert user is not None
        user.full_name = "Petra Farmaceut"
        await uow.commit()
    _, made = await funded_return(client, clinic, auth)
    path = f"/api/v1/returns/{made['id']}/note"
    english = await client.get(path, params={"format": "pdf", "lang": "en"}, headers=auth("finance"))
    pdf_saying(
        english,
        [
            "Return note",
            "København",
            "Nomeco A/S",
            "RMA-77",
            "Wrong delivery",
            "R1",
            "Insulin glargin",
            "pens",
            "40,00 kr.",
            "Petra Farmaceut",
            "credit is expected",
            "Signature",
        ],
    )
    danish = await client.get(path, params={"format": "pdf"}, headers=auth("pharmacist"))
    pdf_saying(danish, ["Returseddel", "Fejlleverance", "Petra Farmaceut", "kreditnota"])
    refused = await client.get(path, params={"format": "pdf"}, headers=auth("volunteer"))
    assert refused.status_code == 403
