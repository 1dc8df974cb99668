"""The scan page's server side: site and language, the latest scans, undo, linking a barcode, resends."""

from __future__ import annotations

import re

import httpx
import pytest

from inventory.db.engine import Database
from inventory.db.tables import Movement
from inventory.web.i18n import texts
from inventory.web.session import SITE_COOKIE
from tests.api.helpers import assert_problem
from tests.api.test_labels_api import scanner_texts
from tests.conftest import Clinic, gtin13
from tests.rows import row_count
from tests.scanning.scanhelpers import datamatrix, day
from tests.web.webhelpers import form_token, log_in, open_page, page_data, post_json


async def movements(database: Database) -> int:
    return await row_count(database, Movement)


def pack(clinic: Clinic, batch: str, serial: str | None = None) -> str:
    return datamatrix(clinic.gtins["insulin"], batch, day(200), serial)


async def test_admin_chooses_a_site_and_it_is_remembered(client: httpx.AsyncClient, clinic: Clinic) -> None:
    await log_in(client, "admin")
    chooser = await client.get("/scan")
    assert chooser.status_code == 200 and "Vælg afdeling" in chooser.text
    assert all(name in chooser.text for name in ("København", "Aarhus", "Odense"))
    chosen = await client.post(
        "/scan/site", data={"site": clinic.sites["ODE"], "_csrf_token": form_token(chooser.text)}
    )
    assert (chosen.status_code, chosen.headers["location"]) == (303, "/scan")
    assert page_data((await client.get("/scan")).text)["siteName"] == "Odense"
    csrf = form_token((await client.get("/scan")).text)
    await client.post("/logout", data={"_csrf_token": csrf})
    await log_in(client, "admin")
    assert page_data((await client.get("/scan")).text)["siteName"] == "Odense"  # remembered across logins


async def test_only_the_users_own_sites_are_offered(client: httpx.AsyncClient, clinic: Clinic) -> None:
    await log_in(client, "volunteer_aar")
    page = await client.get("/scan")
    assert page_data(page.text)["siteName"] == "Aarhus"
    assert "/scan/sites" not in page.text  # one site: nothing to change
    r = await client.post(
        "/scan/site", data={"site": clinic.sites["KBH"], "_csrf_token": form_token(page.text)}
    )
    assert r.headers["location"] == "/scan/sites"
    client.cookies.set(SITE_COOKIE, str(clinic.sites["KBH"]), path="/")  # a stale or forged choice
    assert page_data((await client.get("/scan")).text)["siteName"] == "Aarhus"


async def test_finance_may_only_look_up(
    client: httpx.AsyncClient, clinic: Clinic, database: Database
) -> None:
    await log_in(client, "finance")
    chooser = await client.get("/scan")
    await client.post(
        "/scan/site", data={"site": clinic.sites["KBH"], "_csrf_token": form_token(chooser.text)}
    )
    html = (await client.get("/scan")).text
    assert page_data(html)["modes"] == ["lookup"]
    csrf = re.findall(r'data-csrf="([^"]+)"', html)[0]
    body = {"site": clinic.sites["KBH"], "code": pack(clinic, "F1")}
    assert_problem(await post_json(client, "/scan/api/receive", body, csrf), 403)
    found = await post_json(client, "/scan/api/resolve", body, csrf)
    assert found.status_code == 200 and found.json()["item"]["id"] == clinic.items["insulin"]
    assert await movements(database) == 0


async def test_language_switch_is_remembered_and_changes_every_label(
    client: httpx.AsyncClient, clinic: Clinic
) -> None:
    csrf, page = await open_page(client, "volunteer")
    assert page["texts"]["scan.mode_receive"] == "Modtag"
    r = await client.post("/language", data={"language": "en", "back": "/scan", "_csrf_token": csrf})
    assert (r.status_code, r.headers["location"]) == (303, "/scan")
    html = (await client.get("/scan")).text
    assert 'lang="en"' in html and ">Receive<" in html and ">Issue<" in html and "Modtag" not in html
    assert page_data(html)["texts"] == texts("en")
    await client.post(
        "/language", data={"language": "xx", "back": "https://evil.example", "_csrf_token": csrf}
    )
    assert 'lang="en"' in (await client.get("/scan")).text  # unknown language ignored, no open redirect


async def test_login_page_language_switch(client: httpx.AsyncClient, clinic: Clinic) -> None:
    form = await client.get("/")
    r = await client.post(
        "/language", data={"language": "en", "back": "/", "_csrf_token": form_token(form.text)}
    )
    assert r.headers["location"] == "/"
    assert "Log in" in (await client.get("/")).text
    old = await client.post(  # the scan page's old address for it still works
        "/scan/language", data={"language": "da", "back": "/", "_csrf_token": form_token(form.text)}
    )
    assert old.headers["location"] == "/" and "Log ind" in (await client.get("/")).text


async def test_latest_scans_are_this_users_at_this_site_newest_first(
    client: httpx.AsyncClient, clinic: Clinic, auth
) -> None:
    csrf, page = await open_page(client, "volunteer")
    site = page["site"]
    for n in range(22):
        r = await post_json(client, "/scan/api/receive", {"site": site, "code": pack(clinic, f"B{n}")}, csrf)
        assert r.status_code == 201, r.text
    other = {"site": site, "code": clinic.gtins["gloves"]}
    assert (
        await client.post("/api/v1/scans/receive", json=other, headers=auth("pharmacist"))
    ).status_code == 201
    recent = (await client.get(f"/scan/api/recent?site={site}")).json()
    assert len(recent) == 20
    assert [e["operation"]["lines"][0]["batch"]["batch_number"] for e in recent[:2]] == ["B21", "B20"]
    assert all(e["operation"]["user"] == "volunteer" and e["can_undo"] for e in recent)


async def test_undo_puts_stock_back_and_is_shown_in_the_list(
    client: httpx.AsyncClient, clinic: Clinic, database: Database
) -> None:
    csrf, page = await open_page(client, "volunteer")
    site = page["site"]
    received = await post_json(client, "/scan/api/receive", {"site": site, "code": pack(clinic, "U1")}, csrf)
    issued = await post_json(client, "/scan/api/issue", {"site": site, "code": pack(clinic, "U1")}, csrf)
    assert issued.json()["scan"]["item_on_hand"] == 4
    undone = await post_json(
        client, "/scan/api/undo", {"operation": issued.json()["operation"]["id"]}, csrf, "k-1"
    )
    assert undone.status_code == 201, undone.text
    assert undone.json()["operation"]["kind"] == "reversal" and undone.json()["item_on_hand"] == 5
    again = await post_json(
        client, "/scan/api/undo", {"operation": issued.json()["operation"]["id"]}, csrf, "k-2"
    )
    assert_problem(again, 409, code="already-reversed")
    recent = (await client.get(f"/scan/api/recent?site={site}")).json()
    assert [(e["operation"]["id"], e["can_undo"], e["undone_by"] is not None) for e in recent] == [
        (issued.json()["operation"]["id"], False, True),
        (received.json()["operation"]["id"], True, False),
    ]


async def test_volunteer_may_not_undo_someone_elses_scan(
    client: httpx.AsyncClient, clinic: Clinic, auth
) -> None:
    theirs = await client.post(
        "/api/v1/scans/receive",
        json={"site": clinic.sites["KBH"], "code": pack(clinic, "P1")},
        headers=auth("pharmacist"),
    )
    csrf, _ = await open_page(client, "volunteer")
    r = await post_json(client, "/scan/api/undo", {"operation": theirs.json()["operation"]["id"]}, csrf)
    assert_problem(r, 403)


async def test_resent_scan_with_the_same_key_counts_once(
    client: httpx.AsyncClient, clinic: Clinic, database: Database
) -> None:
    csrf, page = await open_page(client, "volunteer")
    body = {"site": page["site"], "code": pack(clinic, "K1"), "packs": 1}
    first = await post_json(client, "/scan/api/receive", body, csrf, "5f0c6d2e-8a51-4c0e-9f39-2b1e8e0d7a11")
    again = await post_json(client, "/scan/api/receive", body, csrf, "5f0c6d2e-8a51-4c0e-9f39-2b1e8e0d7a11")
    assert first.status_code == again.status_code == 201
    assert first.json() == again.json()
    assert await movements(database) == 1
    another_pack = {**body, "code": pack(clinic, "K1")}
    other = await post_json(client, "/scan/api/receive", another_pack, csrf, "another-key")
    assert other.status_code == 201 and await movements(database) == 2  # a second pack is a second scan
    same_pack = await post_json(client, "/scan/api/receive", body, csrf, "a-third-key")
    assert same_pack.status_code == 409 and await movements(database) == 2  # the first pack, scanned again


async def test_pharmacist_links_an_unknown_barcode_then_the_scan_resolves(
    client: httpx.AsyncClient, clinic: Clinic
) -> None:
    csrf, page = await open_page(client, "pharmacist")
    assert page["canLink"] is True
    unknown = gtin13("579000012345")
    code = datamatrix(unknown, "N1", day(120))
    refused = await post_json(client, "/scan/api/receive", {"site": page["site"], "code": code}, csrf, "k-n1")
    assert assert_problem(refused, 422, code="unknown-gtin")["gtin"] == unknown.zfill(14)
    matches = (await client.get("/scan/api/items", params={"q": "metformin"})).json()
    assert [m["id"] for m in matches] == [clinic.items["metformin"]]
    linked = await post_json(
        client, "/scan/api/link", {"gtin": unknown, "item": clinic.items["metformin"]}, csrf
    )
    assert linked.status_code == 201 and linked.json()["name"].startswith("Metformin")
    retried = await post_json(client, "/scan/api/receive", {"site": page["site"], "code": code}, csrf, "k-n1")
    assert retried.status_code == 201, retried.text  # the failed scan's key was never used up
    assert retried.json()["operation"]["item"] == clinic.items["metformin"]
    taken = await post_json(
        client, "/scan/api/link", {"gtin": unknown, "item": clinic.items["insulin"]}, csrf
    )
    assert_problem(taken, 409, code="already-exists")


@pytest.mark.parametrize("path", ["/scan/api/items?q=ins", "/scan/api/link"])
async def test_volunteers_may_not_link_barcodes(client: httpx.AsyncClient, clinic: Clinic, path: str) -> None:
    csrf, _ = await open_page(client, "volunteer")
    if path.endswith("link"):
        r = await post_json(
            client, path, {"gtin": gtin13("579000012346"), "item": clinic.items["insulin"]}, csrf
        )
    else:
        r = await client.get(path)
    assert_problem(r, 403)


async def test_a_received_batch_label_prints_from_the_page_and_scans_back(
    client: httpx.AsyncClient, clinic: Clinic
) -> None:
    csrf, page = await open_page(client, "volunteer")
    received = await post_json(
        client, "/scan/api/receive", {"site": page["site"], "code": pack(clinic, "LBL1")}, csrf
    )
    assert received.status_code == 201, received.text
    batch = received.json()["operation"]["lines"][0]["batch"]["id"]
    r = await client.get(f"/scan/labels/batch/{batch}")
    assert r.status_code == 200 and r.headers["content-type"] == "application/pdf"
    assert f"]C0RKB{batch}" in scanner_texts(r.content)
    assert_problem(await client.get("/scan/labels/batch/999999"), 422)


async def test_labels_need_a_login(client: httpx.AsyncClient, clinic: Clinic) -> None:
    r = await client.get("/scan/labels/batch/1")
    assert r.status_code in (302, 303, 401)


async def test_script_and_style_are_served(client: httpx.AsyncClient, clinic: Clinic) -> None:
    await log_in(client, "volunteer")
    html = (await client.get("/scan")).text
    for asset in re.findall(r'(?:src|href)="(/static/[^"]+)"', html):
        r = await client.get(asset)
        assert r.status_code == 200, asset
        assert r.headers["content-type"].split(";")[0] in (
            "text/javascript",
            "application/javascript",
            "text/css",
        )


async def test_page_errors_are_problems_never_500(client: httpx.AsyncClient, clinic: Clinic) -> None:
    csrf, page = await open_page(client, "volunteer")
    cases = [
        ("/scan/api/issue", {"site": page["site"], "code": "RKB999999"}, 422),
        ("/scan/api/issue", {"site": page["site"], "code": "\x00"}, 422),
        ("/scan/api/receive", {"site": page["site"], "code": "x" * 3000}, 400),
        ("/scan/api/resolve", {"site": 99999, "code": clinic.gtins["insulin"]}, 422),
        ("/scan/api/undo", {"operation": 99999}, 422),
    ]
    for path, body, status in cases:
        assert_problem(await post_json(client, path, body, csrf), status)
