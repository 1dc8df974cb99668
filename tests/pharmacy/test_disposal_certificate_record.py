"""The destruction certificate an inspector signs and reads: full names of disposer and witness in two
signature blocks, the grounds of each line with the recall's reference, and after a partial or full
reversal, when, by whom and why it was undone (read back from the PDF and the JSON)."""

from __future__ import annotations

import httpx
import pytest
from sqlalchemy import update

from inventory.db.engine import Database
from inventory.db.tables import User
from inventory.db.uow import UnitOfWork
from tests.api.helpers import receive
from tests.conftest import PASSWORD, Clinic, days
from tests.pharmacy.readback import pdf_text

WITNESS = {"username": "witness", "password": PASSWORD}


@pytest.fixture
async def named(pharmacy: Clinic, database: Database) -> Clinic:
    async with UnitOfWork(database) as uow:
        await uow.session.execute(
            update(User).where(User.username == "pharmacist").values(full_name="Pia Farmaceut")
        )
        await uow.commit()
    return pharmacy


async def disposed(client: httpx.AsyncClient, clinic: Clinic, auth) -> dict[str, object]:
    """Expired morphine M1 and recalled insulin R1 (recall DKMA 2026-117), disposed of together."""
    h, kbh = auth("admin"), clinic.sites["KBH"]
    m1 = await receive(
        client, h, site=kbh, item=clinic.items["morphine"], batch="M1", expiry=days(-2), quantity=5,
        unit_cost_ore=2000, allow_expired=True,
    )  # fmt: skip
    r1 = await receive(
        client, h, site=kbh, item=clinic.items["insulin"], batch="R1", expiry=days(300), quantity=4,
        unit_cost_ore=1000,
    )  # fmt: skip
    body = {"gtin": clinic.gtins["insulin"], "batch_numbers": ["R1"], "reference": "DKMA 2026-117"}
    assert (await client.post("/api/v1/recalls", json=body, headers=auth("pharmacist"))).status_code == 201
    lines = [
        {"batch": m1["lines"][0]["batch"]["id"], "quantity": 5},
        {"batch": r1["lines"][0]["batch"]["id"], "quantity": 4},
    ]
    body = {"site": kbh, "lines": lines, "method": "pharmacy_return", "witness": WITNESS}
    r = await client.post("/api/v1/disposals", json=body, headers=auth("pharmacist"))
    assert r.status_code == 201, r.text
    return r.json()


async def certificate(client: httpx.AsyncClient, auth, disposal_id: int, **params: str) -> httpx.Response:
    r = await client.get(
        f"/api/v1/disposals/{disposal_id}/certificate", params=params, headers=auth("finance")
    )
    assert r.status_code == 200, r.text
    return r


async def test_certificate_has_signature_blocks_with_full_names_and_the_grounds(
    client: httpx.AsyncClient, named: Clinic, auth
) -> None:
    disposal = await disposed(client, named, auth)
    text = pdf_text((await certificate(client, auth, disposal["id"])).content)
    for expected in (
        "Kasseret af", "Vidne", "Pia Farmaceut", "Vera Vidne", "Underskrift",
        "Udløbet", "Tilbagekaldelse", "DKMA 2026-117", "Destrueret",
    ):  # fmt: skip
        assert expected in text, expected
    assert "pharmacist" not in text  # the full name, not the username
    assert text.count("Underskrift") == 2  # one block for the disposer, one for the witness
    body = (await certificate(client, auth, disposal["id"], format="json")).json()
    assert [(s["role_code"], s["name"]) for s in body["signatures"]] == [
        ("disposer", "Pia Farmaceut"),
        ("witness", "Vera Vidne"),
    ]
    rows = body["sections"][0]["rows"]
    assert [(r["batch"], r["grounds_code"], r["reference"], r["status_code"]) for r in rows] == [
        ("M1", "expired", None, "destroyed"),
        ("R1", "recall", "Tilbagekaldelse DKMA 2026-117", "destroyed"),
    ]
    assert all(isinstance(r["item_id"], int) and isinstance(r["batch_id"], int) for r in rows)


async def test_certificate_says_when_by_whom_and_why_part_then_all_was_undone(
    client: httpx.AsyncClient, named: Clinic, auth
) -> None:
    disposal = await disposed(client, named, auth)
    first, second = (line["operation"] for line in disposal["lines"])
    h = auth("pharmacist")
    undone = await client.post(
        "/api/v1/reversals", json={"operation": first, "note": "talt forkert"}, headers=h
    )
    assert undone.status_code == 201, undone.text
    text = pdf_text((await certificate(client, auth, disposal["id"])).content)
    assert "En del af denne kassation er fortrudt" in text
    assert "af Pia Farmaceut" in text and "talt forkert" in text and "Fortrudt" in text
    assert "senere tilbageført" not in text  # not the old vague sentence
    english = pdf_text((await certificate(client, auth, disposal["id"], lang="en")).content)
    assert "Undone on" in english and "by Pia Farmaceut" in english and "Reason: talt forkert" in english
    r = await client.post("/api/v1/reversals", json={"operation": second, "note": "ikke sendt"}, headers=h)
    assert r.status_code == 201, r.text
    text = pdf_text((await certificate(client, auth, disposal["id"])).content)
    assert "Hele denne kassation er fortrudt" in text and "ikke sendt" in text
    body = (await certificate(client, auth, disposal["id"], format="json")).json()
    assert [r["status_code"] for r in body["sections"][0]["rows"]] == ["undone", "undone"]
    assert body["sections"][0]["totals"]["value_ore"] == 0
