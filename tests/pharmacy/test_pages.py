"""The pharmacist's pages over HTTP, as a browser uses them: the expiry review with its actions,
quarantine and release, recall, the disposal form with a witness, the certificate; volunteers and
finance read but change nothing."""

from __future__ import annotations

import re

import httpx

from tests.api.helpers import receive
from tests.conftest import PASSWORD, Clinic, days
from tests.pharmacy.readback import pdf_text
from tests.web.webhelpers import form_token, log_in

HTML = {"Accept": "text/html"}
KEY = re.compile(r'name="_idempotency_key" value="([^"]+)"')


async def stocked(client: httpx.AsyncClient, c: Clinic, auth) -> dict[str, int]:
    h, kbh = auth("admin"), c.sites["KBH"]
    old = await receive(
        client,
        h,
        site=kbh,
        item=c.items["insulin"],
        batch="OLD",
        expiry=days(-3),
        quantity=4,
        unit_cost_ore=1250,
        allow_expired=True,
    )
    morphine = await receive(
        client,
        h,
        site=kbh,
        item=c.items["morphine"],
        batch="M9",
        expiry=days(400),
        quantity=10,
        unit_cost_ore=3000,
    )
    return {"OLD": old["lines"][0]["batch"]["id"], "M9": morphine["lines"][0]["batch"]["id"]}


async def page_form(client: httpx.AsyncClient, path: str) -> tuple[str, dict[str, str]]:
    page = await client.get(path, headers=HTML)
    assert page.status_code == 200, page.text
    found = KEY.search(page.text)
    return page.text, {"_csrf_token": form_token(page.text), "_idempotency_key": found[1] if found else ""}


async def test_a_pharmacist_reviews_quarantines_and_disposes_with_a_witness(
    client: httpx.AsyncClient, pharmacy: Clinic, auth
) -> None:
    ids = await stocked(client, pharmacy, auth)
    kbh = pharmacy.sites["KBH"]
    await log_in(client, "pharmacist", next="/expiry")
    text, hidden = await page_form(client, "/expiry")
    assert "Udløbsgennemgang" in text and 'id="bucket-expired"' in text
    assert "OLD" in text and "50,00" in text  # 4 x 12.50 kr. at risk
    r = await client.post(
        "/quarantine",
        data={**hidden, "batch": ids["OLD"], "site": kbh, "reason": "expired", "back": "/expiry"},
    )
    assert (r.status_code, r.headers["location"]) == (303, "/expiry"), r.text
    text = (await client.get("/expiry", headers=HTML)).text
    assert "I karantæne" in text
    quarantine = (await client.get("/quarantine", headers=HTML)).text
    assert "OLD" in quarantine and "Udløbet" in quarantine

    # The controlled item: a wrong witness password is refused and names the witness; nothing written.
    text, hidden = await page_form(client, f"/disposals/new?site={kbh}&batch={ids['M9']}&quantity=2")
    assert "euforiserende stof" in text and 'value="2"' in text
    form = {
        **hidden,
        "site": kbh,
        "batch_0": f"RKB{ids['M9']}",
        "quantity_0": 2,
        "method": "pharmacy_return",
        "reason": "broken ampoules",
        "witness_username": "witness",
        "witness_password": "wrong",
    }
    refused = await client.post("/disposals/new", data=form)
    assert refused.status_code == 422 and 'data-problem="witness-refused"' in refused.text
    assert "witness" in refused.text and "wrong" not in re.findall(r'value="([^"]*)"', refused.text)
    _, hidden = await page_form(client, "/disposals/new")
    done = await client.post("/disposals/new", data={**form, **hidden, "witness_password": PASSWORD})
    assert done.status_code == 303, done.text
    disposal = (await client.get(done.headers["location"], headers=HTML)).text
    assert "witness" in disposal and "60,00" in disposal
    certificate = await client.get(done.headers["location"] + "/certificate")
    assert certificate.headers["content-type"] == "application/pdf"
    words = pdf_text(certificate.content)
    assert "Kassationsattest" in words and "Morfin" in words and "Vidne" in words and "60,00 kr." in words
    listed = (await client.get("/disposals", headers=HTML)).text
    assert "Morfin" in listed and "vidne: witness" in listed

    # Release, with a reason.
    _, hidden = await page_form(client, "/quarantine")
    r = await client.post(
        "/quarantine/release",
        data={**hidden, "batch": ids["OLD"], "site": kbh, "reason": "recorded_in_error"},
    )
    assert r.status_code == 303
    assert "OLD" not in (await client.get("/quarantine", headers=HTML)).text


async def test_recall_from_the_page_and_its_report(client: httpx.AsyncClient, pharmacy: Clinic, auth) -> None:
    await stocked(client, pharmacy, auth)
    await log_in(client, "pharmacist", next="/quarantine/recall")
    _, hidden = await page_form(client, "/quarantine/recall")
    gtin = pharmacy.gtins["insulin"]
    r = await client.post(
        "/quarantine/recall", data={**hidden, "gtin": "5790000000000", "batch_numbers": "OLD"}
    )
    assert r.status_code == 422 and 'data-problem="unknown-reference"' in r.text and "gtin" in r.text
    _, hidden = await page_form(client, "/quarantine/recall")
    r = await client.post("/quarantine/recall", data={**hidden, "gtin": gtin, "batch_numbers": "OLD"})
    assert r.status_code == 303, r.text
    result = (await client.get(r.headers["location"], headers=HTML)).text
    assert "Tilbagekaldelse" in result and "København" in result
    csv_download = await client.get(r.headers["location"] + "/report", params={"format": "csv"})
    assert "OLD" in csv_download.content.decode("utf-8-sig")


async def test_volunteers_and_finance_change_nothing(
    client: httpx.AsyncClient, pharmacy: Clinic, auth
) -> None:
    ids = await stocked(client, pharmacy, auth)
    await log_in(client, "finance", next="/")
    text, hidden = await page_form(client, "/expiry")
    assert "OLD" in text and 'action="/quarantine"' not in text and "/disposals/new" not in text
    r = await client.post(
        "/quarantine",
        data={**hidden, "batch": ids["OLD"], "site": pharmacy.sites["KBH"], "reason": "expired"},
    )
    assert r.status_code in (303, 403) and r.headers.get("location") != "/quarantine"
    assert "OLD" not in (await client.get("/quarantine", headers=HTML)).text
    client.cookies.clear()
    await log_in(client, "volunteer", next="/")
    assert (await client.get("/disposals/new", headers=HTML)).status_code in (303, 403)
