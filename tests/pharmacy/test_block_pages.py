"""Standing blocks on the pharmacist's pages: a clinic-wide quarantine of a batch not on record, its
release listing what it released, closing a recall from its page, and no label for a blocked batch."""

from __future__ import annotations

import httpx

from tests.api.helpers import receive
from tests.conftest import Clinic, days
from tests.pharmacy.test_pages import HTML, page_form
from tests.web.webhelpers import log_in


async def test_a_clinic_wide_quarantine_by_gtin_and_batch_number_from_the_page_and_its_release(
    client: httpx.AsyncClient, clinic: Clinic, auth
) -> None:
    await log_in(client, "pharmacist", next="/quarantine")
    _, hidden = await page_form(client, "/quarantine")
    body = {**hidden, "gtin": clinic.gtins["insulin"], "batch_number": "CW9", "reason": "cold_chain_break"}
    r = await client.post("/quarantine", data=body)
    assert r.status_code == 303, r.text
    text = (await client.get("/quarantine", headers=HTML)).text
    assert 'id="blocks"' in text and "CW9" in text and "Ikke modtaget endnu" in text

    later = await receive(
        client, auth("admin"), site=clinic.sites["ODE"], item=clinic.items["insulin"], batch="CW9",
        expiry=days(60), quantity=3,
    )  # fmt: skip
    block = later["blocked"]["block"]["id"]
    _, hidden = await page_form(client, "/quarantine")
    r = await client.post(f"/quarantine/blocks/{block}/close", data={**hidden, "reason": "other"})
    assert r.status_code == 422 and 'data-problem="invalid-input"' in r.text
    _, hidden = await page_form(client, "/quarantine")
    r = await client.post(
        f"/quarantine/blocks/{block}/close", data={**hidden, "reason": "inspected_ok", "note": "logger ok"}
    )
    assert r.status_code == 200, r.text
    assert 'id="released"' in r.text and "Odense" in r.text and "CW9" in r.text
    assert "Ingen batcher er spærret." in r.text


async def test_a_recall_of_a_batch_not_on_record_is_closed_from_its_page(
    client: httpx.AsyncClient, clinic: Clinic, auth
) -> None:
    await log_in(client, "pharmacist", next="/quarantine/recall")
    _, hidden = await page_form(client, "/quarantine/recall")
    r = await client.post(
        "/quarantine/recall", data={**hidden, "gtin": clinic.gtins["insulin"], "batch_numbers": "NX1"}
    )
    assert r.status_code == 303, r.text
    location = r.headers["location"]
    text = (await client.get(location, headers=HTML)).text
    assert 'id="report-param-not_received"' in text and "NX1" in text and 'id="recall-close-form"' in text
    report = (await client.get(location + "/report", params={"format": "json"})).text
    assert "Ikke modtaget endnu" in report and "NX1" in report

    await receive(
        client, auth("admin"), site=clinic.sites["AAR"], item=clinic.items["insulin"], batch="NX1",
        expiry=days(60), quantity=2,
    )  # fmt: skip
    _, hidden = await page_form(client, location)
    r = await client.post(f"{location}/close", data={**hidden, "reason": "recall_withdrawn"})
    assert r.status_code == 200, r.text
    assert 'id="released"' in r.text and "Aarhus" in r.text and 'id="recall-closed"' in r.text
    assert 'id="recall-close-form"' not in r.text


async def test_no_label_page_for_a_recalled_batch(client: httpx.AsyncClient, clinic: Clinic, auth) -> None:
    got = await receive(
        client, auth("admin"), site=clinic.sites["KBH"], item=clinic.items["insulin"], batch="LB1",
        expiry=days(60), quantity=2,
    )  # fmt: skip
    r = await client.post(
        "/api/v1/recalls",
        json={"item": clinic.items["insulin"], "batch_numbers": ["LB1"]},
        headers=auth("admin"),
    )
    assert r.status_code == 201
    await log_in(client, "volunteer", next="/scan")
    r = await client.get(f"/scan/labels/batch/{got['lines'][0]['batch']['id']}", headers=HTML)
    assert r.status_code == 409 and "batch-blocked" in r.text
