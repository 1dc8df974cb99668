"""Labels printed from the service scan back to the batch, location or item they were printed for."""

from __future__ import annotations

import httpx
import pytest
import zxingcpp

from inventory.scanning.codes import parse_scan
from tests.conftest import Clinic, days
from tests.labels.labelscan import rasterise


def scanner_texts(pdf: bytes) -> list[str]:
    """What a keyboard-wedge scanner would type for every barcode in the PDF (AIM prefix included)."""
    found = []
    for page in rasterise(pdf):
        for barcode in zxingcpp.read_barcodes(page.image):
            found.append(barcode.symbology_identifier + barcode.bytes.decode("latin-1"))
    return found


async def _receive(client: httpx.AsyncClient, clinic: Clinic, auth) -> dict[str, object]:
    r = await client.post("/api/v1/receipts", headers=auth("volunteer"), json={
        "site": clinic.sites["KBH"], "item": clinic.items["insulin"], "batch_number": "LB2207",
        "expiry_date": days(400), "quantity": 5})
    assert r.status_code == 201, r.text
    return r.json()["lines"][0]["batch"]


@pytest.mark.parametrize("layout", ["a4-3x7", "roll-62x29"])
async def test_batch_label_scans_back_to_the_batch(
    client: httpx.AsyncClient, clinic: Clinic, auth, layout: str
) -> None:
    batch = await _receive(client, clinic, auth)
    r = await client.post("/api/v1/labels", headers=auth("volunteer"), json={
        "batches": [batch["id"]], "site": clinic.sites["KBH"], "layout": layout})
    assert r.status_code == 200, r.text
    assert r.headers["content-type"] == "application/pdf"
    scans = [parse_scan(text) for text in scanner_texts(r.content)]
    clinic_scans = [s for s in scans if s.kind == "clinic"]
    gs1_scans = [s for s in scans if s.kind == "gs1"]
    assert [(s.clinic_kind, s.clinic_id) for s in clinic_scans] == [("batch", batch["id"])]
    # The insulin has a GTIN, so the label also carries the GS1 DataMatrix of the pack.
    assert [(s.gtin, s.batch_number, s.expiry and s.expiry.isoformat()) for s in gs1_scans] == [
        (clinic.gtins["insulin"].zfill(14), "LB2207", batch["expiry_date"])]


async def test_location_and_item_labels_carry_their_clinic_codes(
    client: httpx.AsyncClient, clinic: Clinic, auth
) -> None:
    admin = auth("admin")
    location = (await client.post(f"/api/v1/sites/{clinic.sites['KBH']}/locations", headers=admin,
                                  json={"name": "Køleskab"})).json()
    r = await client.post("/api/v1/labels", headers=auth("volunteer"), json={
        "locations": [location["id"]], "items": [clinic.items["gloves"]], "layout": "a4-3x8",
        "symbology": "code128"})
    assert r.status_code == 200, r.text
    found = {(s.clinic_kind, s.clinic_id) for s in map(parse_scan, scanner_texts(r.content))}
    assert found == {("location", location["id"]), ("item", clinic.items["gloves"])}


async def test_zpl_is_offered_for_roll_printers(client: httpx.AsyncClient, clinic: Clinic, auth) -> None:
    batch = await _receive(client, clinic, auth)
    r = await client.post("/api/v1/labels", headers=auth("volunteer"), json={
        "batches": [batch["id"]], "layout": "roll-57x32", "format": "zpl", "copies": 2})
    assert r.status_code == 200, r.text
    assert r.text.count("^XA") == 2 and r.text.count("^XZ") == 2
    assert f"RKB{batch['id']}" in r.text


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"batches": [999]}, "batches[0]"),
        ({"batches": []}, "batches"),
        ({"items": [1], "layout": "a5-1x1"}, "layout"),
        ({"items": [1], "layout": "a4-3x7", "format": "zpl"}, "layout"),
        ({"items": [1], "copies": 0}, "copies"),
        ({"items": [1], "site": 999}, "site"),
    ],
)
async def test_bad_label_requests_are_problems_naming_the_field(
    client: httpx.AsyncClient, clinic: Clinic, auth, body: dict[str, object], field: str
) -> None:
    r = await client.post("/api/v1/labels", headers=auth("volunteer"), json=body)
    assert 400 <= r.status_code < 500, r.text
    assert r.headers["content-type"].startswith("application/problem+json")
    assert r.json()["field"] == field
