"""The controlled-drug register an inspector reads: the witness in a column of its own, the notes, the
supplier and delivery note of each receipt, and operations in words (read back from PDF, JSON and CSV)."""

from __future__ import annotations

import httpx

from tests.api.helpers import receive
from tests.conftest import PASSWORD, Clinic, days
from tests.pharmacy.readback import csv_rows, pdf_text

URL = "/api/v1/reports/controlled-register"
WITNESS = {"username": "witness", "password": PASSWORD}


async def morphine_history(client: httpx.AsyncClient, clinic: Clinic, auth) -> dict[str, int]:
    """Morphine at København: received from Nomeco (delivery note FS-4711), then 2 disposed of, witnessed."""
    kbh, h = clinic.sites["KBH"], auth("pharmacist")
    got = await receive(
        client, h, site=kbh, item=clinic.items["morphine"], batch="MO-7", expiry=days(-1), quantity=6,
        allow_expired=True, supplier="Nomeco A/S", delivery_note="FS-4711",
    )  # fmt: skip
    assert (got["supplier"], got["delivery_note"]) == ("Nomeco A/S", "FS-4711")
    body = {
        "site": kbh,
        "lines": [{"batch": got["lines"][0]["batch"]["id"], "quantity": 2}],
        "method": "pharmacy_return",
        "witness": WITNESS,
        "note": "pose 12 til Apoteket",
    }
    r = await client.post("/api/v1/disposals", json=body, headers=h)
    assert r.status_code == 201, r.text
    return {"site": kbh, "item": clinic.items["morphine"], "batch": got["lines"][0]["batch"]["id"]}


async def test_register_pdf_has_witness_notes_and_supplier_columns(
    client: httpx.AsyncClient, pharmacy: Clinic, auth
) -> None:
    made = await morphine_history(client, pharmacy, auth)
    params = {"site": made["site"], "item": made["item"], "format": "pdf"}
    r = await client.get(URL, params=params, headers=auth("pharmacist"))
    assert r.status_code == 200, r.text
    text = " ".join(pdf_text(r.content).split())  # cells wrap inside their columns
    for expected in (
        "Vidne", "Vera Vidne", "Noter", "pose 12 til Apoteket", "Leverandør",
        "Nomeco A/S · følgeseddel FS-4711",
        "Modtagelse", "Kassation", "returneret til apotek: kassation nr. 1",
    ):  # fmt: skip
        assert expected in text, expected
    assert "disposal" not in text and "receipt" not in text  # codes stay out of the Danish PDF


async def test_register_json_and_csv_carry_codes_ids_and_gtin(
    client: httpx.AsyncClient, pharmacy: Clinic, auth
) -> None:
    made = await morphine_history(client, pharmacy, auth)
    params = {"site": made["site"], "item": made["item"]}
    body = (await client.get(URL, params=params, headers=auth("pharmacist"))).json()
    received, disposed = body["sections"][0]["groups"][0]["rows"][1:]
    assert (received["operation"], received["operation_code"]) == ("Modtagelse", "receipt")
    assert received["supplier"] == "Nomeco A/S · følgeseddel FS-4711" and received["witness"] is None
    assert (disposed["operation_code"], disposed["witness"], disposed["notes"]) == (
        "disposal",
        "Vera Vidne",
        "pose 12 til Apoteket",
    )
    assert (disposed["item_id"], disposed["batch_id"]) == (made["item"], made["batch"])
    r = await client.get(
        URL, params={**params, "format": "csv", "header": "keys"}, headers=auth("pharmacist")
    )
    header, *rows = csv_rows(r.content)
    for key in (
        "group",
        "operation",
        "operation_code",
        "witness",
        "supplier",
        "notes",
        "item_id",
        "batch_id",
        "gtin",
    ):
        assert key in header, key
    codes = [row[header.index("operation_code")] for row in rows]
    assert codes == ["", "receipt", "disposal"]  # the opening line has no operation
    assert {row[header.index("batch_id")] for row in rows[1:]} == {str(made["batch"])}
