"""The register and fridge log pages over HTTP as a browser uses them: session, CSRF, forms that write
like the API, worded refusals, and downloads read back."""

from __future__ import annotations

import csv
import io
import re

import httpx
import pypdf

from tests.api.helpers import receive
from tests.conftest import Clinic, days
from tests.web.webhelpers import form_token, log_in

HTML = {"Accept": "text/html"}
_KEY = re.compile(r'name="_idempotency_key" value="([^"]+)"')


async def cold_location(client: httpx.AsyncClient, auth, site: int, name: str = "Køleskab") -> int:
    r = await client.post(
        f"/api/v1/sites/{site}/locations", json={"name": name, "cold": True}, headers=auth("admin")
    )
    assert r.status_code == 201, r.text
    return int(r.json()["id"])


async def fridge_as_volunteer(client: httpx.AsyncClient, auth, clinic: Clinic) -> int:
    """A fridge at København, and the volunteer logged in at the fridge log: the fridge's location id."""
    kbh = await cold_location(client, auth, clinic.sites["KBH"])
    await log_in(client, "volunteer", next="/fridge")
    return kbh


async def read_fridge(client: httpx.AsyncClient, location: int, current: str, **more: str) -> httpx.Response:
    """A temperature read on the fridge log's form (`more`: the day's min and max)."""
    return await post_form(
        client, "/fridge", "/fridge/readings", {"location": str(location), "current": current, **more}
    )


async def post_form(
    client: httpx.AsyncClient, page_path: str, action: str, fields: dict[str, str]
) -> httpx.Response:
    page = await client.get(page_path, headers=HTML)
    assert page.status_code == 200, page.text
    key = _KEY.search(page.text)
    assert key, "no idempotency key in the page's forms"
    body = {"_csrf_token": form_token(page.text), "_idempotency_key": key[1], **fields}
    return await client.post(action, data=body, headers=HTML)


async def test_a_volunteer_saves_a_reading_typed_with_a_comma(
    client: httpx.AsyncClient, clinic: Clinic, auth
) -> None:
    kbh = await cold_location(client, auth, clinic.sites["KBH"])
    aar = await cold_location(client, auth, clinic.sites["AAR"])
    await log_in(client, "volunteer", next="/fridge")
    page = await client.get("/fridge", headers=HTML)
    assert f'id="reading-{kbh}"' in page.text and f'id="fridge-{aar}"' not in page.text  # own sites only
    saved = await read_fridge(client, kbh, "4,5")
    assert saved.status_code == 303 and saved.headers["location"].startswith("/fridge?saved=")
    shown = await client.get(saved.headers["location"], headers=HTML)
    assert "Gemt: 4,5 °C i Køleskab." in shown.text and 'data-flagged="false"' in shown.text
    assert "Seneste: 4,5 °C" in shown.text
    reading = (await client.get("/api/v1/fridge-log/readings", headers=auth("finance"))).json()["items"][0]
    assert (reading["current"], reading["user"]) == (4.5, "volunteer")


async def test_a_warm_reading_asks_for_the_action_taken_until_one_is_recorded(
    client: httpx.AsyncClient, clinic: Clinic, auth
) -> None:
    kbh = await fridge_as_volunteer(client, auth, clinic)
    saved = await read_fridge(client, kbh, "9,1", max="11")
    shown = await client.get(saved.headers["location"], headers=HTML)
    assert 'data-flagged="true"' in shown.text and "Uden for det tilladte interval (2,0–8,0 °C)" in shown.text
    reading = int(saved.headers["location"].split("=")[1].split("#")[0])
    assert f'id="action-{reading}"' in shown.text
    done = await post_form(
        client, "/fridge", f"/fridge/readings/{reading}/actions", {"action": "Vaccinerne flyttet"}
    )
    assert done.status_code == 303
    after = await client.get("/fridge", headers=HTML)
    assert f'id="action-{reading}"' not in after.text
    got = (await client.get(f"/api/v1/fridge-log/readings/{reading}", headers=auth("finance"))).json()
    assert [a["action"] for a in got["actions"]] == ["Vaccinerne flyttet"]


async def test_a_reading_that_cannot_be_read_is_refused_in_words_and_not_saved(
    client: httpx.AsyncClient, clinic: Clinic, auth
) -> None:
    kbh = await fridge_as_volunteer(client, auth, clinic)
    refused = await read_fridge(client, kbh, "fire")
    assert refused.status_code == 422 and 'data-problem="invalid-input"' in refused.text
    assert "Ugyldigt input" in refused.text
    listed = (await client.get("/api/v1/fridge-log/readings", headers=auth("finance"))).json()
    assert listed["items"] == []


async def test_a_pharmacist_sets_a_range_on_the_page_and_downloads_the_monthly_log(
    client: httpx.AsyncClient, clinic: Clinic, auth
) -> None:
    kbh = await cold_location(client, auth, clinic.sites["KBH"])
    await log_in(client, "pharmacist", next="/fridge")
    set_range = await post_form(
        client, "/fridge", f"/fridge/{kbh}/range", {"min": "2", "max": "6,5", "reason": "Vaccineskab"}
    )
    assert set_range.status_code == 303
    page = await client.get("/fridge", headers=HTML)
    assert "Tilladt: 2,0–6,5 °C" in page.text
    await read_fridge(client, kbh, "7")
    pdf = await client.get(f"/fridge/{kbh}/log", params={"format": "pdf"}, headers=HTML)
    assert pdf.headers["content-type"] == "application/pdf"
    text = " ".join(
        " ".join(p.extract_text() for p in pypdf.PdfReader(io.BytesIO(pdf.content)).pages).split()
    )
    assert "Temperaturlog for køleskab" in text and "Vaccineskab" in text and "for varmt" in text
    sheet = await client.get(f"/fridge/{kbh}/log", params={"format": "csv"}, headers=HTML)
    rows = list(csv.reader(io.StringIO(sheet.content.decode("utf-8-sig")), delimiter=";"))
    assert rows[1][1] == "7,0"


async def test_finance_reads_the_fridges_but_records_nothing(
    client: httpx.AsyncClient, clinic: Clinic, auth
) -> None:
    kbh = await cold_location(client, auth, clinic.sites["KBH"])
    await log_in(client, "finance", next="/fridge")
    page = await client.get("/fridge", headers=HTML)
    assert page.status_code == 200 and f'id="fridge-{kbh}"' in page.text
    assert f'id="reading-{kbh}"' not in page.text and f'id="range-{kbh}"' not in page.text


async def test_the_register_page_shows_the_register_and_its_downloads(
    client: httpx.AsyncClient, clinic: Clinic, auth
) -> None:
    insulin, kbh = clinic.items["insulin"], clinic.sites["KBH"]
    r = await client.patch(f"/api/v1/items/{insulin}", json={"controlled": True}, headers=auth("admin"))
    assert r.status_code == 200
    await receive(
        client, auth("pharmacist"), site=kbh, item=insulin, batch="REG-1", expiry=days(90), quantity=7
    )
    await log_in(client, "finance", next="/registers")
    page = await client.get("/registers", params={"site": kbh, "item": insulin}, headers=HTML)
    assert page.status_code == 200
    assert "Register over euforiserende stoffer" in page.text and "Primobeholdning" in page.text
    assert "REG-1" in page.text and "Modtagelse" in page.text
    link = re.search(r'id="download-pdf" href="([^"]+)"|href="([^"]+)" id="download-pdf"', page.text)
    assert link
    pdf = await client.get((link[1] or link[2]).replace("&amp;", "&"), headers=HTML)
    text = pypdf.PdfReader(io.BytesIO(pdf.content)).pages[0].extract_text()
    assert "REG-1" in text and "Underskrift" in text and "af finance" in text
    bad = await client.get(
        "/registers", params={"site": kbh, "from": "2026-05-02", "to": "2026-05-01"}, headers=HTML
    )
    assert bad.status_code == 422 and 'data-problem="invalid-input"' in bad.text


async def test_volunteers_are_refused_the_register_and_still_land_on_scanning(
    client: httpx.AsyncClient, clinic: Clinic
) -> None:
    await log_in(client, "volunteer", next="/")
    home = await client.get("/")
    assert (home.status_code, home.headers["location"]) == (303, "/scan")
    refused = await client.get("/registers", headers=HTML)
    assert refused.status_code == 403 and "Ikke tilladt" in refused.text
