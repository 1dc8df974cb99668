"""The pharmacist's page of pack serials issued twice, over HTTP: a real double issue through the scan
API shows on /serials (Danish and English) with links to its batch and to quarantine it; the empty page
says so; a volunteer is refused."""

from __future__ import annotations

import httpx

from tests.conftest import Clinic
from tests.scanning.scanhelpers import datamatrix, day
from tests.scanning.test_resolve_api import scan
from tests.web.webhelpers import form_token, log_in

HTML = {"Accept": "text/html"}


async def issued_twice(client: httpx.AsyncClient, clinic: Clinic, auth) -> dict[str, object]:
    """Receive the pack and one more of its batch, and issue the pack twice: the flag the API answers."""
    code = datamatrix(clinic.gtins["insulin"], "SER1", day(300), "DUPSERIAL9")
    for received_code in (code, datamatrix(clinic.gtins["insulin"], "SER1", day(300), "OTHERPACK")):
        received = await scan(client, auth("volunteer"), "receive", clinic, received_code)
        assert received.status_code == 201, received.text
    first = await scan(client, auth("volunteer"), "issue", clinic, code, packs=1)
    assert first.status_code == 201 and first.json()["serial_flagged"] is False
    second = await scan(client, auth("volunteer"), "issue", clinic, code, packs=1)
    assert second.status_code == 201 and second.json()["serial_flagged"] is True
    [flag] = (await client.get("/api/v1/scans/serial-flags", headers=auth("pharmacist"))).json()
    assert flag["batch"] and flag["operation"] == second.json()["operation"]["id"]
    return dict(flag)


async def test_the_pharmacist_sees_a_serial_issued_twice_with_links_to_its_batch_and_quarantine(
    client: httpx.AsyncClient, clinic: Clinic, auth
) -> None:
    await log_in(client, "pharmacist", next="/serials")
    empty = await client.get("/serials", headers=HTML)
    assert empty.status_code == 200, empty.text
    assert "Dobbelte serienumre" in empty.text and "Ingen dobbelte serienumre" in empty.text
    assert 'href="/serials"' in empty.text  # in the pharmacist's navigation

    flag = await issued_twice(client, clinic, auth)
    page = await client.get("/serials", headers=HTML)
    assert page.status_code == 200 and "Ingen dobbelte serienumre" not in page.text
    row = page.text[page.text.index(f'data-flag="{flag["id"]}"') :]
    row = row[: row.index("</tr>")]
    assert all(text in row for text in ("DUPSERIAL9", "SER1", "Insulin", "København", "volunteer"))
    assert f'href="/stock/batches/{flag["batch"]}"' in row
    assert 'action="/quarantine"' in row and 'value="suspected_falsified"' in row

    # the one-click quarantine from the row puts the batch in quarantine and comes back here
    token = form_token(page.text)
    quarantined = await client.post("/quarantine", headers=HTML, data={
        "_csrf_token": token, "batch": str(flag["batch"]), "site": str(flag["site"]),
        "reason": "suspected_falsified", "back": "/serials"})  # fmt: skip
    assert (quarantined.status_code, quarantined.headers["location"]) == (303, "/serials")
    listed = (await client.get("/api/v1/quarantines", headers=auth("pharmacist"))).json()
    items = listed["items"] if isinstance(listed, dict) else listed
    assert any(q["batch"]["id"] == flag["batch"] and q["reason"] == "suspected_falsified" for q in items)

    client.cookies.set("inventory_lang", "en")
    english = await client.get("/serials", headers=HTML)
    assert "Duplicate serials" in english.text and "DUPSERIAL9" in english.text
    assert "No duplicate serials" not in english.text


async def test_a_volunteer_is_refused_the_serials_page(client: httpx.AsyncClient, clinic: Clinic) -> None:
    await log_in(client, "volunteer", next="/scan")
    refused = await client.get("/serials", headers=HTML)
    assert refused.status_code == 403
    scan_page = await client.get("/scan", headers=HTML)
    assert 'href="/serials"' not in scan_page.text
