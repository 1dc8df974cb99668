"""Walk every API operation with every role and a cross-site actor, with what to expect read from the
one access policy (inventory/domain/policy.py) through each route's guards, and prove no refused call
succeeds or writes anything.

The table below gives each operation a body and says where it acts (`site`) or that it acts on the whole
clinic (`wide`); who may call it is never written here. The test fails when an operation is missing from
the table or names no capability in its guards, so a new endpoint cannot escape the policy.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import httpx
import pytest
from litestar import Litestar
from sqlalchemy import func, select

from inventory.db.engine import Database
from inventory.db.tables import (
    BatchBlock,
    BudgetLine,
    Disposal,
    Donor,
    FundingChange,
    Grant,
    Item,
    ItemGtin,
    Location,
    Operation,
    Quarantine,
    Recall,
    ReceiptFunding,
    Site,
    StockCount,
    StockCountLine,
    SupplierReturn,
    TemperatureRange,
    TemperatureReading,
    User,
)
from inventory.db.uow import UnitOfWork
from tests.conftest import PASSWORD, Clinic, days, gtin13
from tests.policy_walk import WALKERS, Route, actor_of, allowed, concrete, routes

PUBLIC_API = {("POST", "/api/v1/auth/token")}


@dataclass(frozen=True)
class Call:
    method: str
    path: str  # as the app declares it, e.g. /api/v1/items/{item_id:int}
    body: Any = None
    site: int | None = None  # the site it acts at or reads (the policy's scope is checked there)
    wide: bool = False  # acts on, or reads, every site at once
    own: bool = True  # False: the object is another user's (a volunteer undoes only their own)
    query: dict[str, Any] | None = None
    note: str = ""


def policy(c: Clinic) -> list[Call]:
    kbh, aar = c.sites["KBH"], c.sites["AAR"]
    insulin = c.items["insulin"]
    receipt = {"site": kbh, "item": insulin, "batch_number": "G1", "expiry_date": days(100), "quantity": 1}
    issue = {"site": kbh, "item": insulin, "quantity": 1, "reason": "patient"}
    expiry = days(100).replace("-", "")[2:]  # YYMMDD
    pack = {"site": kbh, "code": f"]d201{c.gtins['insulin'].zfill(14)}17{expiry}10G1"}
    item_scan = {"site": kbh, "code": c.gtins["insulin"]}
    adjustment = {"site": kbh, "batch": 1, "quantity": 1, "reason": "found"}
    return [
        Call("GET", "/api/v1/sites"),
        Call("GET", "/api/v1/sites/{site_id:int}"),
        Call("POST", "/api/v1/sites", {"code": "AAL", "name": "Aalborg"}),
        Call("PATCH", "/api/v1/sites/{site_id:int}", {"address": "Nørrebrogade 1"}),
        Call("GET", "/api/v1/sites/{site_id:int}/locations"),
        Call("POST", "/api/v1/sites/{site_id:int}/locations", {"name": "Køleskab 9"}),
        Call("GET", "/api/v1/items"),
        Call("GET", "/api/v1/items/{item_id:int}"),
        Call("POST", "/api/v1/items", {"name": "Ny vare", "category": "consumable", "unit_of_issue": "stk"}),
        Call("PATCH", "/api/v1/items/{item_id:int}", {"name": "Omdøbt"}),
        Call("POST", "/api/v1/items/{item_id:int}/gtins", {"gtin": gtin13("579000000001")}),
        Call("GET", "/api/v1/batches"),
        Call("GET", "/api/v1/batches/{batch_id:int}"),
        Call("GET", "/api/v1/stock"),
        Call("GET", "/api/v1/stock", query={"site": aar}, site=aar),
        Call("GET", "/api/v1/stock/totals", query={"site": kbh}, site=kbh),
        Call("GET", "/api/v1/stock/totals", query={"site": aar}, site=aar),
        Call("GET", "/api/v1/movements"),
        Call("GET", "/api/v1/movements", query={"site": aar}, site=aar),
        Call("POST", "/api/v1/receipts", receipt, site=kbh),
        Call("POST", "/api/v1/receipts", {**receipt, "site": aar}, site=aar),
        Call("GET", "/api/v1/receipts"),
        Call("GET", "/api/v1/receipts", query={"site": aar}, site=aar),
        Call("GET", "/api/v1/receipts/{operation_id:int}", site=kbh, note="operation 1: at København"),
        Call("POST", "/api/v1/issues", issue, site=kbh),
        Call("POST", "/api/v1/issues", {**issue, "site": aar}, site=aar),
        Call("GET", "/api/v1/issues"),
        Call("GET", "/api/v1/issues", query={"site": aar}, site=aar),
        Call("GET", "/api/v1/issues/{operation_id:int}"),
        Call("POST", "/api/v1/adjustments", adjustment, site=kbh),
        Call("POST", "/api/v1/adjustments", {**adjustment, "site": aar}, site=aar),
        Call("GET", "/api/v1/adjustments"),
        Call("GET", "/api/v1/adjustments/{operation_id:int}"),
        # Operation 1 is the admin's receipt at København: a volunteer undoes only their own.
        Call("POST", "/api/v1/reversals", {"operation": 1}, site=kbh, own=False),
        Call("GET", "/api/v1/reversals"),
        Call("GET", "/api/v1/reversals/{operation_id:int}"),
        Call("POST", "/api/v1/labels", {"batches": [1], "layout": "roll-62x29"}),
        Call("GET", "/api/v1/users"),
        Call("GET", "/api/v1/users/me"),
        Call("POST", "/api/v1/users", {"username": "new", "password": "long enough", "role": "volunteer"}),
        Call("PATCH", "/api/v1/users/{user_id:int}", {"full_name": "Changed"}),
        Call("POST", "/api/v1/users/me/password", {"current_password": PASSWORD, "password": "new long one"}),
        Call("GET", "/api/v1/security-events"),
        Call("GET", "/api/v1/audit-events"),
        Call("GET", "/api/v1/audit-events/report"),
        Call("GET", "/api/v1/exports/stock", site=kbh, query={"site": kbh}),
        Call("GET", "/api/v1/exports/stock", site=aar, query={"site": aar}),
        Call("GET", "/api/v1/exports/movements", site=kbh, query={"site": kbh}),
        Call("GET", "/api/v1/exports/batches"),
        Call("GET", "/api/v1/exports/items"),
        Call("POST", "/api/v1/scans/resolve", pack, site=kbh),
        Call("POST", "/api/v1/scans/resolve", {**pack, "site": aar}, site=aar),
        Call("POST", "/api/v1/scans/receive", pack, site=kbh),
        Call("POST", "/api/v1/scans/receive", {**pack, "site": aar}, site=aar),
        Call("POST", "/api/v1/scans/issue", item_scan, site=kbh),
        Call("POST", "/api/v1/scans/issue", {**item_scan, "site": aar}, site=aar),
        Call("GET", "/api/v1/scans/serial-flags"),
        *funding_policy(),
        *pharmacy_policy(c),
        *finance_report_policy(),
        *reports_policy(c),
        *counts_policy(c),
        *transfer_policy(c),
    ]


def transfer_body(c: Clinic, source: int, target: int) -> dict[str, Any]:
    return {"from_site": source, "to_site": target, "lines": [{"item": c.items["insulin"], "quantity": 1}]}


def transfer_policy(c: Clinic) -> list[Call]:
    """Transfer 1 goes from Aarhus to Odense (made in the set-up): read and cancelled at Aarhus,
    received at Odense; cancelled last."""
    kbh, aar, ode = c.sites["KBH"], c.sites["AAR"], c.sites["ODE"]
    return [
        Call("POST", "/api/v1/transfers", transfer_body(c, kbh, aar), site=kbh),
        Call("POST", "/api/v1/transfers", transfer_body(c, aar, kbh), site=aar),
        Call("GET", "/api/v1/transfers"),
        Call("GET", "/api/v1/transfers", query={"site": aar}, site=aar),
        Call("GET", "/api/v1/transfers/{transfer_id:int}", site=aar),
        Call("GET", "/api/v1/transfers/{transfer_id:int}/packing-list", site=aar),
        Call("POST", "/api/v1/transfers/{transfer_id:int}/approve", site=aar),
        Call("POST", "/api/v1/transfers/{transfer_id:int}/receive", {}, site=ode),
        Call("POST", "/api/v1/transfers/{transfer_id:int}/cancel", site=aar),
    ]


def funding_policy() -> list[Call]:
    grant = {
        "donor": 1,
        "name": "Ny bevilling",
        "amount_ore": 100,
        "start_date": days(0),
        "end_date": days(9),
    }
    return [
        Call("GET", "/api/v1/donors"),
        Call("GET", "/api/v1/donors/{donor_id:int}"),
        Call("POST", "/api/v1/donors", {"name": "Ny fond", "kind": "foundation"}),
        Call("PATCH", "/api/v1/donors/{donor_id:int}", {"reason": "Ny adresse", "note": "Se brev"}),
        Call("GET", "/api/v1/grants"),
        Call("GET", "/api/v1/grants/{grant_id:int}"),
        Call("GET", "/api/v1/grants/{grant_id:int}/changes"),
        Call("POST", "/api/v1/grants", grant),
        Call("PATCH", "/api/v1/grants/{grant_id:int}", {"reason": "Forlænget", "end_date": days(400)}),
        Call("POST", "/api/v1/grants/{grant_id:int}/budget-lines", {"name": "Labor", "amount_ore": 10}),
        Call(
            "PATCH",
            "/api/v1/grants/{grant_id:int}/budget-lines/{line_id:int}",
            {"reason": "Omfordelt", "amount_ore": 20},
        ),
        Call("PUT", "/api/v1/receipts/{operation_id:int}/funding", {"kind": "unrestricted"}),
    ]


def finance_report_policy() -> list[Call]:
    """Donors' money (statements, overview, in kind, postings), and what stock is worth at every site."""
    year = {"from": days(-30), "to": days(0)}
    return [
        Call("GET", "/api/v1/reports/grants/{grant_id:int}", query=year),
        Call("GET", "/api/v1/reports/grants"),
        Call("GET", "/api/v1/reports/in-kind", query=year),
        Call("GET", "/api/v1/reports/postings", query=year),
        Call("GET", "/api/v1/reports/valuation", query={"date": days(0)}, wide=True),
        Call("GET", "/api/v1/reports/impact", query=year, wide=True),
    ]


def pharmacy_policy(c: Clinic) -> list[Call]:
    """Quarantine, disposal and their reads at a site; recall (any pharmacist) and lifting it (clinic-wide).
    Quarantine 1 and disposal 1 are at Aarhus (made in the set-up)."""
    kbh, aar = c.sites["KBH"], c.sites["AAR"]
    disposal = {"lines": [{"batch": 1, "quantity": 1}], "method": "clinical_waste", "reason": "broken"}
    return [
        Call("POST", "/api/v1/quarantines", {"batch": 1, "site": kbh, "reason": "damaged"}, site=kbh),
        Call("POST", "/api/v1/quarantines", {"batch": 1, "site": aar, "reason": "damaged"}, site=aar),
        Call(
            "POST",
            "/api/v1/quarantines/release",
            {"batch": 1, "site": aar, "reason": "inspected_ok"},
            site=aar,
        ),
        Call("GET", "/api/v1/quarantines"),
        Call("GET", "/api/v1/quarantines", query={"site": aar}, site=aar),
        Call("GET", "/api/v1/quarantines/{quarantine_id:int}", site=aar),
        Call("POST", "/api/v1/disposals", {**disposal, "site": kbh}, site=kbh),
        Call("POST", "/api/v1/disposals", {**disposal, "site": aar}, site=aar),
        Call("GET", "/api/v1/disposals"),
        Call("GET", "/api/v1/disposals", query={"site": aar}, site=aar),
        Call("GET", "/api/v1/disposals/{disposal_id:int}", site=aar),
        Call("GET", "/api/v1/disposals/{disposal_id:int}/certificate", site=aar),
        *returns_policy(c),
        Call("POST", "/api/v1/recalls", {"item": c.items["insulin"], "batch_numbers": ["SEED"]}),
        Call("POST", "/api/v1/quarantines", {"batch": 1, "reason": "damaged"}, note="at every site"),
        Call("GET", "/api/v1/blocks"),
        Call("GET", "/api/v1/blocks/{block_id:int}"),
        Call("GET", "/api/v1/recalls"),
        Call("GET", "/api/v1/recalls/{recall_id:int}"),
        Call("GET", "/api/v1/recalls/{recall_id:int}/report"),
        Call("POST", "/api/v1/recalls/{recall_id:int}/close", {"reason": "recall_withdrawn"}, wide=True),
        Call("POST", "/api/v1/blocks/{block_id:int}/close", {"reason": "inspected_ok"}, wide=True),
        Call("GET", "/api/v1/reports/expiry", query={"site": kbh, "format": "csv"}, site=kbh),
        Call("GET", "/api/v1/reports/expiry", query={"site": aar, "format": "csv"}, site=aar),
        Call("GET", "/api/v1/reports/expiry", query={"format": "csv"}, wide=True),
    ]


def returns_policy(c: Clinic) -> list[Call]:
    """Returns to a supplier and packs set aside at a site; return 1 is at Aarhus (made in the set-up)."""
    kbh, aar = c.sites["KBH"], c.sites["AAR"]
    give = {"lines": [{"batch": 1, "quantity": 1}], "supplier": "Nomeco", "reference": "R1"}
    give["reason"] = "damaged"
    return [
        Call("POST", "/api/v1/returns", {**give, "site": kbh}, site=kbh),
        Call("POST", "/api/v1/returns", {**give, "site": aar}, site=aar),
        Call("GET", "/api/v1/returns"),
        Call("GET", "/api/v1/returns", query={"site": aar}, site=aar),
        Call("GET", "/api/v1/returns/{return_id:int}", site=aar),
        Call("GET", "/api/v1/returns/{return_id:int}/note", site=aar),
        Call("POST", "/api/v1/scans/set-aside", {"site": kbh, "batch": 1, "reason": "suspicious"}, site=kbh),
        Call("POST", "/api/v1/scans/set-aside", {"site": aar, "batch": 1, "reason": "damaged"}, site=aar),
    ]


def reports_policy(c: Clinic) -> list[Call]:
    """The controlled-drug register and the fridge log of a site. Location 1 is Aarhus's fridge and
    reading 1 its flagged reading (made in the set-up)."""
    kbh, aar = c.sites["KBH"], c.sites["AAR"]
    return [
        Call("GET", "/api/v1/reports/controlled-register", query={"site": kbh}, site=kbh),
        Call("GET", "/api/v1/reports/controlled-register", query={"site": aar}, site=aar),
        Call("GET", "/api/v1/fridge-log/fridges"),
        Call("GET", "/api/v1/fridge-log/fridges", query={"site": aar}, site=aar),
        Call("GET", "/api/v1/fridge-log/fridges/{location_id:int}", site=aar),
        Call(
            "POST",
            "/api/v1/fridge-log/fridges/{location_id:int}/ranges",
            {"min": 2, "max": 8, "reason": "standard"},
            site=aar,
        ),
        Call("GET", "/api/v1/fridge-log/readings"),
        Call("GET", "/api/v1/fridge-log/readings", query={"site": aar}, site=aar),
        Call("POST", "/api/v1/fridge-log/readings", {"location": 1, "current": 5}, site=aar),
        Call("GET", "/api/v1/fridge-log/readings/{reading_id:int}", site=aar),
        Call("POST", "/api/v1/fridge-log/readings/{reading_id:int}/actions", {"action": "moved"}, site=aar),
        Call("GET", "/api/v1/fridge-log/monthly", query={"location": 1}, site=aar),
    ]


def counts_policy(c: Clinic) -> list[Call]:
    """Stock counts at a site: count 1 is at Aarhus (made in the set-up)."""
    kbh, aar = c.sites["KBH"], c.sites["AAR"]
    one = "/api/v1/counts/{count_id:int}"
    return [
        Call("POST", "/api/v1/counts", {"site": kbh, "scope": "all"}, site=kbh),
        Call("POST", "/api/v1/counts", {"site": aar, "scope": "all"}, site=aar),
        Call("GET", "/api/v1/counts"),
        Call("GET", "/api/v1/counts", query={"site": aar}, site=aar),
        Call("GET", one, site=aar),
        Call("GET", one + "/sheet", query={"format": "csv"}, site=aar),
        Call("POST", one + "/lines", {"lines": [{"batch": 1, "counted": 19}]}, site=aar),
        Call("POST", one + "/submit", {}, site=aar),
        Call("POST", one + "/approve", {}, site=aar),
        Call("POST", one + "/cancel", {}, site=aar),
        Call("GET", one + "/report", query={"format": "csv"}, site=aar),
        Call("POST", "/api/v1/counts/scan", {"site": aar, "code": c.gtins["insulin"]}, site=aar),
    ]


def api_routes(app: Litestar) -> dict[tuple[str, str], Route]:
    return {(r.method, r.path): r for r in routes(app, "/api/v1/") if (r.method, r.path) not in PUBLIC_API}


def ids_of(c: Clinic) -> dict[str, Any]:
    one = ("batch", "operation", "donor", "grant", "line", "quarantine", "recall", "block", "disposal")
    one = (*one, "return")
    one += ("count",)
    one += ("transfer",)
    return {
        "site_id": c.sites["KBH"],
        "item_id": c.items["insulin"],
        "user_id": c.users["volunteer"],
        "location_id": 1,
        "reading_id": 1,
        **{f"{name}_id": 1 for name in one},
    }


async def counts(database: Database) -> tuple[int, ...]:
    tables = (Operation, Site, Location, Item, ItemGtin, User, Donor, Grant, BudgetLine, FundingChange)
    more = (ReceiptFunding, Quarantine, Recall, BatchBlock, Disposal, TemperatureReading, TemperatureRange)
    more = (*more, SupplierReturn)
    more += (StockCount, StockCountLine)
    async with UnitOfWork(database, readonly=True) as uow:
        return tuple(
            [await uow.session.scalar(select(func.count()).select_from(t)) for t in (*tables, *more)]
        )


def test_every_api_operation_is_walked_and_named_in_the_policy(app: Litestar, clinic: Clinic) -> None:
    declared = {(call.method, call.path) for call in policy(clinic)}
    found = api_routes(app)
    assert set(found) == declared
    unguarded = sorted(key for key, route in found.items() if not route.capabilities)
    assert unguarded == [], "operations whose guards name no capability of the policy"


async def set_up(client: httpx.AsyncClient, clinic: Clinic, auth: Any) -> None:
    """Stock at both sites (operation 1: the admin's receipt of batch 1 at København), a donor and grant;
    at Aarhus a fridge with a flagged reading, a quarantine and a disposal (each id 1)."""
    kbh, aar, admin = clinic.sites["KBH"], clinic.sites["AAR"], auth("admin")
    receipt = {"item": clinic.items["insulin"], "batch_number": "SEED", "expiry_date": days(300)}
    made = [
        await client.post("/api/v1/receipts", headers=admin, json={**receipt, "site": kbh, "quantity": 50}),
        await client.post("/api/v1/receipts", headers=admin, json={**receipt, "site": aar, "quantity": 20}),
        await client.post(
            "/api/v1/transfers", headers=admin, json=transfer_body(clinic, aar, clinic.sites["ODE"])
        ),
        await client.post(
            "/api/v1/donors",
            headers=auth("finance"),
            json={"name": "Fond", "kind": "foundation", "note": "Hemmelig"},
        ),
        await client.post(
            "/api/v1/grants",
            headers=auth("finance"),
            json={
                "donor": 1,
                "name": "Medicin 2026",
                "amount_ore": 1000,
                "start_date": days(-10),
                "end_date": days(100),
                "budget_lines": [{"name": "Medicin", "amount_ore": 500}],
            },
        ),
        await client.post(
            f"/api/v1/sites/{aar}/locations", headers=admin, json={"name": "Køleskab", "cold": True}
        ),
        await client.post("/api/v1/fridge-log/readings", headers=admin, json={"location": 1, "current": 12}),
        await client.post(
            "/api/v1/quarantines", headers=admin, json={"batch": 1, "site": aar, "reason": "damaged"}
        ),
        await client.post(
            "/api/v1/disposals",
            headers=admin,
            json={
                "site": aar,
                "lines": [{"batch": 1, "quantity": 1}],
                "method": "clinical_waste",
                "reason": "x",
            },
        ),
        await client.post(
            "/api/v1/returns",
            headers=admin,
            json={
                "site": aar,
                "lines": [{"batch": 1, "quantity": 1}],
                "supplier": "Nomeco",
                "reference": "RMA-0",
                "reason": "recalled",
            },
        ),
        await client.post("/api/v1/counts", headers=admin, json={"site": aar, "scope": "all"}),
    ]
    assert [r.status_code for r in made] == [201] * len(made), [r.text for r in made]
    assert made[0].json()["id"] == 1 and made[4].json()["budget_lines"][0]["id"] == 1
    assert [made[i].json()["id"] for i in (2, 5, 6, 8, 9, 10)] == [1, 1, 1, 1, 1, 1]


@pytest.mark.parametrize("walker", WALKERS)
async def test_every_api_operation_answers_as_the_policy_says(
    walker: str, app: Litestar, client: httpx.AsyncClient, clinic: Clinic, auth: Any, database: Database
) -> None:
    await set_up(client, clinic, auth)
    found = api_routes(app)
    headers = {} if walker == "anonymous" else auth(walker)
    actor = None if walker == "anonymous" else actor_of(walker, clinic)
    for call in policy(clinic):
        route = found[(call.method, call.path)]
        may = actor is not None and allowed(
            actor, route.capabilities, site=call.site, wide=call.wide, own=call.own
        )
        before = await counts(database)
        response = await client.request(
            call.method,
            concrete(call.path, ids_of(clinic)),
            json=call.body,
            params=call.query,
            headers=headers,
        )
        where = f"{walker} {call.method} {call.path} {call.query or ''} {call.note}"
        if may:
            assert response.status_code not in (401, 403), f"{where} refused: {response.text}"
            assert response.status_code < 500, f"{where} failed: {response.text}"
        else:
            assert response.status_code == (401 if actor is None else 403), f"{where}: {response.text}"
            assert response.headers["content-type"].startswith("application/problem+json")
            assert await counts(database) == before, f"{where} wrote something"
