"""Stock pages over HTTP: stock on hand with its filters and pages, a batch and an item, who may see them."""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

import httpx
import pytest

import inventory.web.stock as stock_pages
from tests.api.helpers import ShiftClock, issue, receive
from tests.conftest import Clinic, days
from tests.web.webhelpers import log_in

HTML = {"Accept": "text/html"}


def batches_shown(html: str) -> list[str]:
    """Batch numbers in the stock table, in the order shown."""
    table = html.split('id="stock-lines"', 1)[1].split("</table>", 1)[0]
    return re.findall(r'<a href="/stock/batches/\d+">([^<]+)</a>', table)


@pytest.fixture
async def stocked(client: httpx.AsyncClient, clinic: Clinic, auth: Any) -> dict[str, Any]:
    """Insulin in two batches at København (one on the fridge shelf), one at Aarhus; gloves; metformin."""
    admin = auth("admin")
    kbh, aar = clinic.sites["KBH"], clinic.sites["AAR"]
    fridge = await client.post(
        f"/api/v1/sites/{kbh}/locations", json={"name": "Køleskab", "cold": True}, headers=admin
    )
    assert fridge.status_code == 201, fridge.text
    r = await client.patch(
        f"/api/v1/items/{clinic.items['metformin']}", json={"atc_code": "A10BA02"}, headers=admin
    )
    assert r.status_code == 200, r.text
    ins, met, glo = clinic.items["insulin"], clinic.items["metformin"], clinic.items["gloves"]
    plan = [  # key, site, item, batch, expiry, quantity
        ("soon", kbh, ins, "INS-SOON", days(20), 7),
        ("late", kbh, ins, "INS-LATE", days(400), 5),
        ("aar", aar, ins, "INS-LATE", days(400), 3),
        ("met", kbh, met, "MET-1", days(200), 100),
        ("glo", kbh, glo, "GLO-1", None, 40),
    ]
    made = {}
    for key, site, item, batch, expiry, quantity in plan:
        shelf = {"location": fridge.json()["id"]} if key == "soon" else {}
        made[key] = await receive(
            client, admin, site=site, item=item, batch=batch, expiry=expiry, quantity=quantity, **shelf
        )
    assert (await issue(client, auth("pharmacist"), site=kbh, item=ins, quantity=2)).status_code == 201
    return {"fridge": fridge.json()["id"], **{k: v["lines"][0]["batch"]["id"] for k, v in made.items()}}


async def page(client: httpx.AsyncClient, path: str, **params: Any) -> str:
    r = await client.get(path, params=params, headers=HTML)
    assert r.status_code == 200, r.text
    return r.text


async def test_stock_on_hand_filters_by_search_site_category_location_and_expiry(
    client: httpx.AsyncClient, clinic: Clinic, stocked: dict[str, Any]
) -> None:
    await log_in(client, "finance", next="/stock")  # every site: a pharmacist reads their own
    kbh, aar = clinic.sites["KBH"], clinic.sites["AAR"]
    every = await page(client, "/stock", site="")
    assert sorted(batches_shown(every)) == ["GLO-1", "INS-LATE", "INS-LATE", "INS-SOON", "MET-1"]
    assert sorted(batches_shown(await page(client, "/stock", site=aar))) == ["INS-LATE"]
    assert batches_shown(await page(client, "/stock", site="", q="insulin")) == [  # by site, then expiry
        "INS-SOON",
        "INS-LATE",
        "INS-LATE",
    ]
    assert batches_shown(await page(client, "/stock", site="", q=clinic.gtins["metformin"])) == ["MET-1"]
    assert batches_shown(await page(client, "/stock", site="", q="a10b")) == ["MET-1"]  # ATC, any case
    assert batches_shown(await page(client, "/stock", site="", category="consumable")) == ["GLO-1"]
    assert batches_shown(await page(client, "/stock", site=kbh, location=stocked["fridge"])) == ["INS-SOON"]
    assert batches_shown(await page(client, "/stock", site="", status="expiring")) == ["INS-SOON"]
    assert batches_shown(await page(client, "/stock", site="", status="no_expiry")) == ["GLO-1"]
    assert sorted(batches_shown(await page(client, "/stock", site="", status="ok"))) == [
        "INS-LATE", "INS-LATE", "MET-1"
    ]  # fmt: skip
    html = await page(client, "/stock", site=kbh, q="INSULIN")
    soon = html.split(f'data-batch="{stocked["soon"]}"', 1)[1].split("</tr>", 1)[0]
    assert ">5 penne<" in soon  # 7 received, 2 issued first-expiry-first-out
    assert 'class="status expiring">Udløber snart<' in soon and "Køleskab" in soon


async def test_expired_stock_is_shown_as_expired_once_its_day_has_passed(
    client: httpx.AsyncClient, clinic: Clinic, stocked: dict[str, Any], clock: ShiftClock
) -> None:
    await log_in(client, "pharmacist", next="/stock")
    assert batches_shown(await page(client, "/stock", site="", status="expired")) == []
    clock.offset = timedelta(days=25)
    html = await page(client, "/stock", site="", status="expired")
    assert batches_shown(html) == ["INS-SOON"] and 'class="status expired">Udløbet<' in html


async def test_stock_pages_page_through_many_batches(
    client: httpx.AsyncClient, clinic: Clinic, stocked: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(stock_pages, "PAGE_SIZE", 2)
    await log_in(client, "finance", next="/stock")
    first = await page(client, "/stock", site="")
    second = await page(client, "/stock", site="", page=2)
    third = await page(client, "/stock", site="", page=3)
    shown = batches_shown(first) + batches_shown(second) + batches_shown(third)
    assert sorted(shown) == ["GLO-1", "INS-LATE", "INS-LATE", "INS-SOON", "MET-1"]
    assert 'rel="next"' in first and 'rel="prev"' not in first
    assert 'rel="prev"' in third and 'rel="next"' not in third
    assert 'href="/stock?page=3"' in second.replace("amp;", "")  # filters (none here) kept in the link


async def test_the_batch_page_shows_where_it_is_and_its_ledger(
    client: httpx.AsyncClient, clinic: Clinic, stocked: dict[str, Any]
) -> None:
    await log_in(client, "finance", next="/")  # every site: a pharmacist reads their own
    html = await page(client, f"/stock/batches/{stocked['late']}")
    assert "<h1>Batch INS-LATE</h1>" in html and "Insulin glargin 100 E/ml pen" in html
    held = html.split('id="stock-lines"', 1)[1].split("</table>", 1)[0]
    assert "København" in held and "Aarhus" in held and ">5 penne<" in held and ">3 penne<" in held
    history = html.split('id="batch-history"', 1)[1].split("</table>", 1)[0]
    assert history.count("data-movement=") == 2 and history.count(">Modtaget<") == 2 and "admin" in history
    assert f'href="/scan/labels/batch/{stocked["late"]}"' in html
    soon = await page(client, f"/stock/batches/{stocked['soon']}")
    assert ">Udleveret<" in soon and "pharmacist" in soon and ">patient<" in soon and "−2 pen" in soon


async def test_the_item_page_totals_every_site(
    client: httpx.AsyncClient, clinic: Clinic, stocked: dict[str, Any]
) -> None:
    await log_in(client, "admin", next="/")
    html = await page(client, f"/stock/items/{clinic.items['insulin']}")
    totals = html.split('id="item-totals"', 1)[1].split("</table>", 1)[0]
    kbh = totals.split(f'data-site="{clinic.sites["KBH"]}"', 1)[1].split("</tr>", 1)[0]
    assert re.findall(r'class="num">(\d+)<', kbh) == ["10", "10", "0", "2"]  # total, usable, expired, batches
    clinic_row = totals.split('id="clinic-total"', 1)[1].split("</tr>", 1)[0]
    assert re.findall(r'class="num">(\d+)<', clinic_row) == ["13", "13", "0", "3"]
    assert sorted(batches_shown(html)) == ["INS-LATE", "INS-LATE", "INS-SOON"]
    assert clinic.gtins["insulin"].zfill(14) in html


async def test_volunteers_do_not_see_stock_pages_and_unknown_ones_are_worded(
    client: httpx.AsyncClient, clinic: Clinic, stocked: dict[str, Any]
) -> None:
    await log_in(client, "volunteer")
    refused = await client.get("/stock", headers=HTML)
    assert refused.status_code == 403 and "<h1>Ikke tilladt</h1>" in refused.text
    client.cookies.clear()
    await log_in(client, "pharmacist", next="/")
    assert 'href="/stock"' in (await client.get("/")).text
    missing = await client.get("/stock/batches/999999", headers=HTML)
    assert missing.status_code == 404 and "<h1>Findes ikke</h1>" in missing.text
    wrong = await client.get("/stock?page=0", headers=HTML)
    assert wrong.status_code == 400 and "Ugyldigt input" in wrong.text


async def test_quarantined_stock_is_marked_and_can_be_filtered(
    client: httpx.AsyncClient, clinic: Clinic, stocked: dict[str, Any], auth: Any
) -> None:
    r = await client.post(
        "/api/v1/quarantines",
        json={"batch": stocked["late"], "site": clinic.sites["AAR"], "reason": "damaged"},
        headers=auth("admin"),  # the pharmacist works at København only: Aarhus's is its pharmacists'
    )
    assert r.status_code == 201, r.text
    await log_in(client, "finance", next="/stock")  # Aarhus too
    html = await page(client, "/stock", site="", quarantined="1")
    assert (
        batches_shown(html) == ["INS-LATE"]
        and "Aarhus" in html
        and "København" not in html.split("<tbody>")[1]
    )
    assert 'class="status quarantined">I karantæne<' in html
    assert 'id="filter-quarantined" checked' in html
    batch = await page(client, f"/stock/batches/{stocked['late']}")
    held = batch.split('id="stock-lines"', 1)[1].split("</table>", 1)[0]
    assert held.count("I karantæne") == 1  # at Aarhus only


@pytest.mark.parametrize(
    ("language", "tablets", "pens"), [("da", "tabletter", "penne"), ("en", "tablets", "pens")]
)
async def test_quantities_are_shown_in_the_units_of_the_page_language(
    client: httpx.AsyncClient, clinic: Clinic, stocked: dict[str, Any], language: str, tablets: str, pens: str
) -> None:
    """The final read of issue 16 found the stock, batch, item, expiry and disposal pages showing the
    catalogue's unit code ("100 tablet") on Danish pages."""
    from inventory.web.session import LANGUAGE_COOKIE

    await log_in(client, "pharmacist", next="/stock")
    client.cookies.set(LANGUAGE_COOKIE, language)
    listing = await page(client, "/stock", site="")
    assert f"100 {tablets}" in listing  # MET-1
    assert re.search(rf"\b5 {pens}\b", listing)  # INS-LATE at København
    batch = await page(client, f"/stock/batches/{stocked['met']}")
    assert f"100 {tablets}" in batch
    item = await page(client, f"/stock/items/{clinic.items['metformin']}")
    assert tablets in item and " tablet ·" not in item
    if language == "da":
        assert not re.search(r"\d (tablet|pen|pair)\b", listing + batch)
