"""Walk every page of the web app (every web route) with every role and a cross-site actor, with what
to expect read from the one access policy through each route's guards: the same rule as the API and
the menu. A page missing from the table below, or whose guards name no capability, fails the test."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import httpx
import pytest
from litestar import Litestar

from tests.api.test_guards import set_up, transfer_body
from tests.conftest import Clinic
from tests.policy_walk import WALKERS, Route, actor_of, allowed, concrete, routes
from tests.web.webhelpers import form_token, log_in

ASSETS = ("/static/", "/schema", "/api-docs/", "/health", "/api/v1/")


@dataclass(frozen=True)
class Page:
    method: str
    path: str
    site: int | None = None  # the site whose data it shows or changes
    wide: bool = False  # acts on every site at once
    query: dict[str, Any] = field(default_factory=dict)
    data: dict[str, Any] | None = None  # the form (or, under /scan/api/, the JSON body)


def pages(c: Clinic) -> list[Page]:
    aar = c.sites["AAR"]
    kbh = c.sites["KBH"]
    return [
        Page("GET", "/expiry"),
        Page("GET", "/expiry", site=aar, query={"site": aar}),
        Page("GET", "/expiry/download", site=aar, query={"site": aar, "format": "csv"}),
        Page("GET", "/quarantine"),
        Page("GET", "/quarantine", site=aar, query={"site": aar}),
        Page("POST", "/quarantine", site=aar, data={"batch": "1", "site": str(aar), "reason": "damaged"}),
        Page(
            "POST", "/quarantine/release", site=aar, data={"batch": "1", "site": str(aar), "reason": "other"}
        ),
        Page("GET", "/quarantine/recall"),
        Page("POST", "/quarantine/recall", data={"gtin": "", "batch_numbers": ""}),
        Page("GET", "/quarantine/recall/{recall_id:int}"),
        Page("GET", "/quarantine/recall/{recall_id:int}/report"),
        Page("POST", "/quarantine/recall/{recall_id:int}/close", wide=True, data={"reason": "other"}),
        Page("POST", "/quarantine/blocks/{block_id:int}/close", wide=True, data={"reason": "other"}),
        Page("GET", "/serials"),
        Page("GET", "/disposals"),
        Page("GET", "/disposals", site=aar, query={"site": aar}),
        Page("GET", "/disposals/{disposal_id:int}", site=aar),
        Page("GET", "/disposals/{disposal_id:int}/certificate", site=aar),
        Page("GET", "/disposals/new"),
        Page(
            "POST",
            "/disposals/new",
            site=aar,
            data={
                "site": str(aar),
                "batch_0": "1",
                "quantity_0": "1",
                "method": "clinical_waste",
                "reason": "x",
            },
        ),
        Page("GET", "/returns"),
        Page("GET", "/returns", site=aar, query={"site": aar}),
        Page("GET", "/returns/{return_id:int}", site=aar),
        Page("GET", "/returns/{return_id:int}/note", site=aar),
        Page("GET", "/returns/new"),
        Page(
            "POST",
            "/returns/new",
            site=aar,
            data={
                "site": str(aar),
                "batch_0": "RKB1",
                "quantity_0": "1",
                "supplier": "Nomeco",
                "reference": "RMA-2",
                "reason": "damaged",
            },
        ),
        *count_pages(c),
        Page("GET", "/registers"),
        Page("GET", "/registers", site=aar, query={"site": aar}),
        Page("GET", "/registers/download", site=aar, query={"site": aar, "format": "csv"}),
        Page("GET", "/fridge"),
        Page("GET", "/fridge", site=aar, query={"saved": 1}),
        Page("GET", "/fridge/{location_id:int}/log", site=aar, query={"format": "csv"}),
        Page("POST", "/fridge/readings", site=aar, data={"location": "1", "current": "5"}),
        Page("POST", "/fridge/readings/{reading_id:int}/actions", site=aar, data={"action": "moved"}),
        Page(
            "POST", "/fridge/{location_id:int}/range", site=aar, data={"min": "2", "max": "8", "reason": "x"}
        ),
        Page("GET", "/stock"),
        Page("GET", "/stock", site=aar, query={"site": aar}),
        Page("GET", "/stock/batches/{batch_id:int}"),
        Page("GET", "/stock/items/{item_id:int}"),
        Page("POST", "/stock/batches/{batch_id:int}/quarantine", site=aar,
             data={"site": str(aar), "reason": "damaged", "review": "1"}),
        Page("POST", "/stock/batches/{batch_id:int}/release", site=aar,
             data={"site": str(aar), "reason": "other"}),
        Page("GET", "/stock/adjust"),
        Page("POST", "/stock/adjust", site=aar,
             data={"batch": "SEED", "site": str(aar), "direction": "up", "quantity": "1", "reason": "found"}),
        Page("GET", "/stock/operations/{operation_id:int}/undo", site=kbh),
        Page("GET", "/finance"),
        Page("GET", "/finance/grants/{grant_id:int}"),
        Page("GET", "/finance/impact"),
        Page("GET", "/finance/in-kind"),
        Page("GET", "/finance/postings"),
        Page("GET", "/finance/valuation"),
        Page("GET", "/finance/donors"),
        Page("POST", "/finance/donors", data={"name": "", "kind": "foundation"}),
        Page("GET", "/finance/donors/{donor_id:int}"),
        Page(
            "POST",
            "/finance/donors/{donor_id:int}",
            data={"name": "Fond", "kind": "foundation", "reason": ""},
        ),
        Page("GET", "/finance/grants/new"),
        Page("POST", "/finance/grants", data={"donor": "1", "name": "", "status": "active"}),
        Page("POST", "/finance/grants/{grant_id:int}/change", data={"status": "active", "reason": ""}),
        Page("POST", "/finance/grants/{grant_id:int}/lines", data={"name": "", "amount": "1", "reason": ""}),
        Page("GET", "/security-events"),
        Page("GET", "/admin"),
        Page("POST", "/admin/users", data={"username": "", "role": "volunteer"}),
        Page("GET", "/admin/users/{user_id:int}"),
        Page("POST", "/admin/users/{user_id:int}",
             data={"full_name": "Walked", "role": "volunteer", "active": "on", "sites": str(kbh)}),
        Page("POST", "/admin/sites", data={"code": "", "name": ""}),
        Page("GET", "/admin/sites/{site_id:int}"),
        Page("POST", "/admin/sites/{site_id:int}", data={"name": "København", "active": "on"}),
        Page("POST", "/admin/sites/{site_id:int}/locations", data={"name": "Walked"}),
        Page("GET", "/account"),
        Page("POST", "/account/password", data={"current_password": "x", "password": "y"}),
        Page("GET", "/audit"),
        Page("GET", "/exports"),
        Page("GET", "/exports/{kind:str}", query={"format": "csv"}),
        Page("GET", "/admin/items", query={"q": "insulin"}),
        Page("POST", "/admin/items", data={"name": "", "category": "medicine"}),
        Page("GET", "/admin/items/{item_id:int}"),
        Page("POST", "/admin/items/{item_id:int}", data={"name": "", "unit_of_issue": "vial"}),
        Page("GET", "/scan"),
        Page("GET", "/scan/sites"),
        Page("GET", "/scan/scanner-check"),
        Page("POST", "/scan/site", data={"site": "0"}),
        Page("POST", "/scan/api/resolve", site=aar, data={"site": aar, "code": "x"}),
        Page("POST", "/scan/api/receive", site=aar, data={"site": aar, "code": c.gtins["insulin"]}),
        Page("POST", "/scan/api/issue", site=aar, data={"site": aar, "code": c.gtins["insulin"]}),
        Page("POST", "/scan/api/set-aside", site=aar, data={"site": aar, "batch": 1, "reason": "damaged"}),
        Page("GET", "/scan/api/serial-flags"),
        Page("GET", "/scan/api/items", query={"q": "insulin"}),
        Page("POST", "/scan/api/link", data={"item": 1, "gtin": "0"}),
        Page("GET", "/scan/api/recent", query={"site": aar}),
        Page("POST", "/scan/api/scanner-check", data={"typed": "x"}),
        Page("POST", "/scan/api/undo", data={"operation": 999}),
        Page("GET", "/scan/labels/batch/{batch_id:int}"),
        Page("POST", "/stock/operations/{operation_id:int}/undo", site=kbh, data={"note": "walked"}),
        *transfer_pages(c),
        Page("POST", "/logout"),
        Page("POST", "/scan/logout"),
    ]


def count_pages(c: Clinic) -> list[Page]:
    """Stock counts: count 1 is at Aarhus (made in the set-up)."""
    aar, one = c.sites["AAR"], "/counts/{count_id:int}"
    return [
        Page("GET", "/counts"),
        Page("GET", "/counts", site=aar, query={"site": aar}),
        Page("GET", "/counts/new"),
        Page("POST", "/counts/new", site=aar, data={"site": str(aar), "scope": "all"}),
        Page("GET", one, site=aar),
        Page("GET", one + "/sheet", site=aar),
        Page("GET", one + "/report", site=aar, query={"format": "csv"}),
        Page("POST", one + "/lines", site=aar, data={"counted_1": "19"}),
        Page("POST", one + "/surprise", site=aar, data={"item": "1", "batch_number": "Z", "counted": "1"}),
        Page("POST", one + "/submit", site=aar),
        Page("POST", one + "/approve", site=aar),
        Page("POST", one + "/cancel", site=aar),
        Page("POST", "/scan/api/count", site=aar, data={"site": aar, "code": c.gtins["insulin"]}),
    ]


def transfer_pages(c: Clinic) -> list[Page]:
    """Transfer 1 goes from Aarhus to Odense (tests/api/test_guards.set_up); cancelled last."""
    aar, ode, insulin = c.sites["AAR"], c.sites["ODE"], c.items["insulin"]
    form = {"from_site": str(aar), "to_site": str(ode), "item_0": str(insulin), "quantity_0": "1"}
    return [
        Page("GET", "/transfers"),
        Page("GET", "/transfers/new"),
        Page("POST", "/transfers/new", site=aar, data=form),
        Page("GET", "/transfers/{transfer_id:int}", site=aar),
        Page("GET", "/transfers/{transfer_id:int}/packing-list", site=aar),
        Page("POST", "/transfers/{transfer_id:int}/approve", site=aar),
        Page("POST", "/transfers/{transfer_id:int}/receive", site=ode, data={"received_1": "1"}),
        Page("POST", "/transfers/api/send", site=aar, data=transfer_body(c, aar, ode)),
        Page("POST", "/transfers/{transfer_id:int}/cancel", site=aar),
    ]


def web_routes(app: Litestar) -> dict[tuple[str, str], Route]:
    return {(r.method, r.path): r for r in routes(app) if not r.public and not r.path.startswith(ASSETS)}


IDS = {"recall_id": 1, "block_id": 1, "disposal_id": 1, "location_id": 1, "reading_id": 1, "batch_id": 1}
IDS["operation_id"] = 1  # the admin's receipt at København
IDS["kind"] = "stock"  # an export
IDS["return_id"] = 1
IDS["count_id"] = 1
IDS["transfer_id"] = 1


def test_every_page_is_walked_and_named_in_the_policy(app: Litestar, clinic: Clinic) -> None:
    found = web_routes(app)
    assert set(found) == {(p.method, p.path) for p in pages(clinic)}
    assert sorted(k for k, r in found.items() if not r.capabilities) == [], (
        "pages whose guards name no capability"
    )


@pytest.mark.parametrize("walker", WALKERS)
async def test_every_page_answers_as_the_policy_says(
    walker: str, app: Litestar, client: httpx.AsyncClient, clinic: Clinic, auth: Any
) -> None:
    await set_up(client, clinic, auth)
    recall = {"item": clinic.items["insulin"], "batch_numbers": ["SEED"]}
    assert (await client.post("/api/v1/recalls", headers=auth("admin"), json=recall)).status_code == 201
    found = web_routes(app)
    actor = None if walker == "anonymous" else actor_of(walker, clinic)
    ids = {**IDS, "grant_id": 1, "donor_id": 1, "item_id": clinic.items["insulin"]}
    ids |= {"user_id": clinic.users["volunteer"], "site_id": clinic.sites["KBH"]}

    async def enter() -> dict[str, str]:
        if actor is not None:
            assert (await log_in(client, walker, next="/")).status_code == 303
        return {"x-csrftoken": form_token((await client.get("/login")).text)}

    headers = await enter()
    for page in pages(clinic):
        route = found[(page.method, page.path)]
        may = actor is not None and allowed(actor, route.capabilities, site=page.site, wide=page.wide)
        url = concrete(page.path, ids)
        if page.method == "GET":
            response = await client.get(url, params=page.query, headers={"Accept": "text/html"})
        elif "/api/" in url:
            response = await client.post(url, json=page.data or {}, headers=headers)
        else:
            response = await client.post(
                url, data=page.data or {}, headers={**headers, "Accept": "text/html"}
            )
        where = f"{walker} {page.method} {url} {page.query} {page.data}"
        if actor is None:
            assert response.status_code in (303, 401), where
            assert response.headers.get("location", "/login").startswith(("/login", "/")), where
        elif may:
            assert response.status_code not in (401, 403), f"{where} refused: {response.text[:300]}"
            assert response.status_code < 500, f"{where} failed"
            assert not response.headers.get("location", "").startswith("/login"), where
        else:
            assert response.status_code == 403, f"{where}: {response.status_code} {response.text[:300]}"
        if page.path.endswith("/logout"):
            client.cookies.clear()
            headers = await enter()
