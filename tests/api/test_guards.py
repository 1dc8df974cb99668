"""Walk every API endpoint with every role and prove no forbidden call succeeds or writes anything.

The table below is the policy, written out by hand; the test fails when an endpoint is missing from
it, so a new endpoint cannot slip in unguarded.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import httpx
import pytest
from litestar import Litestar
from litestar.routes import HTTPRoute
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
    User,
)
from inventory.db.uow import UnitOfWork
from tests.conftest import Clinic, days, gtin13

ALL = frozenset({"volunteer", "pharmacist", "finance", "admin"})
WRITERS = frozenset({"volunteer", "pharmacist", "admin"})
PHARMACY = frozenset({"pharmacist", "admin"})
ADMIN = frozenset({"admin"})
# Finance changes finance data only (donors, grants, budget lines, a receipt's funding); everyone reads
# donors and grants, since whoever receives goods chooses the grant that paid for them.
FUND = frozenset({"finance", "admin"})
STOCK_VALUE = frozenset({"finance", "admin", "pharmacist"})
REGISTER_READERS = frozenset({"pharmacist", "finance", "admin"})


@dataclass(frozen=True)
class Call:
    method: str
    path: str  # as the app declares it, e.g. /api/v1/items/{item_id:int}
    allowed: frozenset[str]
    body: Any = None
    note: str = ""
    query: dict[str, Any] | None = None


def policy(c: Clinic) -> list[Call]:
    kbh, aar = c.sites["KBH"], c.sites["AAR"]
    insulin = c.items["insulin"]
    receipt = {"site": kbh, "item": insulin, "batch_number": "G1", "expiry_date": days(100), "quantity": 1}
    issue = {"site": kbh, "item": insulin, "quantity": 1, "reason": "patient"}
    expiry = days(100).replace("-", "")[2:]  # YYMMDD
    pack = {"site": kbh, "code": f"]d201{c.gtins['insulin'].zfill(14)}17{expiry}10G1"}
    item_scan = {"site": kbh, "code": c.gtins["insulin"]}
    return [
        Call("GET", "/api/v1/sites", ALL),
        Call("GET", "/api/v1/sites/{site_id:int}", ALL),
        Call("POST", "/api/v1/sites", ADMIN, {"code": "AAL", "name": "Aalborg"}),
        Call("GET", "/api/v1/sites/{site_id:int}/locations", ALL),
        Call("POST", "/api/v1/sites/{site_id:int}/locations", ADMIN, {"name": "Køleskab 9"}),
        Call("GET", "/api/v1/items", ALL),
        Call("GET", "/api/v1/items/{item_id:int}", ALL),
        Call(
            "POST",
            "/api/v1/items",
            ADMIN,
            {"name": "Ny vare", "category": "consumable", "unit_of_issue": "stk"},
        ),
        Call("PATCH", "/api/v1/items/{item_id:int}", ADMIN, {"name": "Omdøbt"}),
        Call("POST", "/api/v1/items/{item_id:int}/gtins", PHARMACY, {"gtin": gtin13("579000000001")}),
        Call("GET", "/api/v1/batches", ALL),
        Call("GET", "/api/v1/batches/{batch_id:int}", ALL),
        Call("GET", "/api/v1/stock", ALL),
        Call("GET", "/api/v1/stock/totals", ALL, query={"site": kbh}),
        Call("GET", "/api/v1/movements", ALL),
        Call("POST", "/api/v1/receipts", WRITERS, receipt),
        Call("POST", "/api/v1/receipts", ADMIN, {**receipt, "site": aar}, "another site"),
        Call("GET", "/api/v1/receipts", ALL),
        Call("GET", "/api/v1/receipts/{operation_id:int}", ALL),
        Call("POST", "/api/v1/issues", WRITERS, issue),
        Call("POST", "/api/v1/issues", ADMIN, {**issue, "site": aar}, "another site"),
        Call("GET", "/api/v1/issues", ALL),
        Call("GET", "/api/v1/issues/{operation_id:int}", ALL),
        Call(
            "POST",
            "/api/v1/adjustments",
            PHARMACY,
            {"site": kbh, "batch": 1, "quantity": 1, "reason": "found"},
        ),
        Call(
            "POST",
            "/api/v1/adjustments",
            ADMIN,
            {"site": aar, "batch": 1, "quantity": 1, "reason": "found"},
            "another site",
        ),
        Call("GET", "/api/v1/adjustments", ALL),
        Call("GET", "/api/v1/adjustments/{operation_id:int}", ALL),
        # The reversed receipt was made by the admin: volunteers may undo only their own.
        Call("POST", "/api/v1/reversals", PHARMACY, {"operation": 1}),
        Call("GET", "/api/v1/reversals", ALL),
        Call("GET", "/api/v1/reversals/{operation_id:int}", ALL),
        Call("POST", "/api/v1/labels", ALL, {"batches": [1], "layout": "roll-62x29"}),
        Call("GET", "/api/v1/users", ADMIN),
        Call("GET", "/api/v1/users/me", ALL),
        Call(
            "POST",
            "/api/v1/users",
            ADMIN,
            {"username": "new", "password": "long enough", "role": "volunteer"},
        ),
        Call("PATCH", "/api/v1/users/{user_id:int}", ADMIN, {"full_name": "Changed"}),
        Call("GET", "/api/v1/security-events", ADMIN),
        Call("POST", "/api/v1/scans/resolve", ALL, pack),
        Call("POST", "/api/v1/scans/receive", WRITERS, pack),
        Call("POST", "/api/v1/scans/receive", ADMIN, {**pack, "site": aar}, "another site"),
        Call("POST", "/api/v1/scans/issue", WRITERS, item_scan),
        Call("POST", "/api/v1/scans/issue", ADMIN, {**item_scan, "site": aar}, "another site"),
        Call("GET", "/api/v1/donors", ALL),
        Call("GET", "/api/v1/donors/{donor_id:int}", ALL),
        Call("POST", "/api/v1/donors", FUND, {"name": "Ny fond", "kind": "foundation"}),
        Call("PATCH", "/api/v1/donors/{donor_id:int}", FUND, {"reason": "Ny adresse", "note": "Se brev"}),
        Call("GET", "/api/v1/grants", ALL),
        Call("GET", "/api/v1/grants/{grant_id:int}", ALL),
        Call("GET", "/api/v1/grants/{grant_id:int}/changes", ALL),
        Call(
            "POST",
            "/api/v1/grants",
            FUND,
            {
                "donor": 1,
                "name": "Ny bevilling",
                "amount_ore": 100,
                "start_date": days(0),
                "end_date": days(9),
            },
        ),
        Call("PATCH", "/api/v1/grants/{grant_id:int}", FUND, {"reason": "Forlænget", "end_date": days(400)}),
        Call("POST", "/api/v1/grants/{grant_id:int}/budget-lines", FUND, {"name": "Labor", "amount_ore": 10}),
        Call(
            "PATCH",
            "/api/v1/grants/{grant_id:int}/budget-lines/{line_id:int}",
            FUND,
            {"reason": "Omfordelt", "amount_ore": 20},
        ),
        Call("PUT", "/api/v1/receipts/{operation_id:int}/funding", FUND, {"kind": "unrestricted"}),
        Call("GET", "/api/v1/scans/serial-flags", PHARMACY),
        *pharmacy_policy(c),
        *finance_report_policy(),
        *reports_policy(c),
    ]


def finance_report_policy() -> list[Call]:
    """Donors' money (statements, overview, in kind, postings): finance and admin. What stock is worth and
    what was used (valuation, impact): pharmacists too. Volunteers see none of it."""
    year = {"from": days(-30), "to": days(0)}
    return [
        Call("GET", "/api/v1/reports/grants/{grant_id:int}", FUND, query=year),
        Call("GET", "/api/v1/reports/grants", FUND),
        Call("GET", "/api/v1/reports/in-kind", FUND, query=year),
        Call("GET", "/api/v1/reports/postings", FUND, query=year),
        Call("GET", "/api/v1/reports/valuation", STOCK_VALUE, query={"date": days(0)}),
        Call("GET", "/api/v1/reports/impact", STOCK_VALUE, query=year),
    ]


def pharmacy_policy(c: Clinic) -> list[Call]:
    """Pharmacists and admins quarantine, recall and dispose of stock at any site; everyone reads."""
    kbh, aar = c.sites["KBH"], c.sites["AAR"]
    disposal = {"lines": [{"batch": 1, "quantity": 1}], "method": "clinical_waste", "reason": "broken"}
    return [
        Call("POST", "/api/v1/quarantines", PHARMACY, {"batch": 1, "site": kbh, "reason": "damaged"}),
        Call(
            "POST",
            "/api/v1/quarantines",
            PHARMACY,
            {"batch": 1, "site": aar, "reason": "damaged"},
            "any site",
        ),
        Call(
            "POST",
            "/api/v1/quarantines/release",
            PHARMACY,
            {"batch": 1, "site": aar, "reason": "inspected_ok"},
        ),
        Call("GET", "/api/v1/quarantines", ALL),
        Call("GET", "/api/v1/quarantines/{quarantine_id:int}", ALL),
        # Batch 1 (SEED, in date) with a reason; AAR holds none of it (409 for those allowed).
        Call("POST", "/api/v1/disposals", PHARMACY, {**disposal, "site": kbh}),
        Call("POST", "/api/v1/disposals", PHARMACY, {**disposal, "site": aar}, "any site"),
        Call("GET", "/api/v1/disposals", ALL),
        Call("GET", "/api/v1/disposals/{disposal_id:int}", ALL),
        Call("POST", "/api/v1/recalls", PHARMACY, {"item": c.items["insulin"], "batch_numbers": ["SEED"]}),
        Call("GET", "/api/v1/blocks", ALL),
        Call("GET", "/api/v1/blocks/{block_id:int}", ALL),
        Call("POST", "/api/v1/recalls/{recall_id:int}/close", PHARMACY, {"reason": "recall_withdrawn"}),
        Call("POST", "/api/v1/blocks/{block_id:int}/close", PHARMACY, {"reason": "inspected_ok"}),
        Call("GET", "/api/v1/recalls", ALL),
        Call("GET", "/api/v1/recalls/{recall_id:int}", ALL),
        Call("GET", "/api/v1/recalls/{recall_id:int}/report", ALL),
        Call("GET", "/api/v1/disposals/{disposal_id:int}/certificate", ALL),
        Call("GET", "/api/v1/reports/expiry", ALL, query={"site": kbh, "format": "csv"}),
    ]


def reports_policy(c: Clinic) -> list[Call]:
    """The controlled-drug register: pharmacists, finance and admins read it, volunteers do not.
    The fridge log: everyone reads; volunteers (at their sites), pharmacists and admins record readings
    and actions; pharmacists and admins set ranges. Location 1 may not exist or be cold: a 4xx for those
    allowed, as long as it is not 401/403."""
    kbh = c.sites["KBH"]
    reading = {"location": 1, "current": 5}
    return [
        Call("GET", "/api/v1/reports/controlled-register", REGISTER_READERS, query={"site": kbh}),
        Call("GET", "/api/v1/fridge-log/fridges", ALL),
        Call("GET", "/api/v1/fridge-log/fridges/{location_id:int}", ALL),
        Call(
            "POST",
            "/api/v1/fridge-log/fridges/{location_id:int}/ranges",
            PHARMACY,
            {"min": 2, "max": 8, "reason": "standard"},
        ),
        Call("GET", "/api/v1/fridge-log/readings", ALL),
        Call("POST", "/api/v1/fridge-log/readings", WRITERS, reading),
        Call("GET", "/api/v1/fridge-log/readings/{reading_id:int}", ALL),
        Call("POST", "/api/v1/fridge-log/readings/{reading_id:int}/actions", WRITERS, {"action": "moved"}),
        Call("GET", "/api/v1/fridge-log/monthly", ALL, query={"location": 1}),
    ]


def api_routes(app: Litestar) -> set[tuple[str, str]]:
    found = set()
    for route in app.routes:
        if isinstance(route, HTTPRoute) and route.path.startswith("/api/v1/") and "/auth/" not in route.path:
            found |= {(method, route.path) for method in route.methods if method not in ("HEAD", "OPTIONS")}
    return found


def concrete(path: str, c: Clinic, op_id: int) -> str:
    ids = {
        "site_id": c.sites["KBH"],
        "item_id": c.items["insulin"],
        "batch_id": 1,
        "operation_id": op_id,
        "user_id": c.users["volunteer"],
        "donor_id": 1,
        "grant_id": 1,
        "line_id": 1,
        "quarantine_id": 1,
        "recall_id": 1,
        "block_id": 1,
        "disposal_id": 1,
        "location_id": 1,
        "reading_id": 1,
    }
    return re.sub(r"\{(\w+):int\}", lambda m: str(ids[m.group(1)]), path)


async def counts(database: Database) -> tuple[int, ...]:
    async with UnitOfWork(database, readonly=True) as uow:
        return tuple(
            [
                await uow.session.scalar(select(func.count()).select_from(t))
                for t in (
                    Operation,
                    Site,
                    Location,
                    Item,
                    ItemGtin,
                    User,
                    Donor,
                    Grant,
                    BudgetLine,
                    FundingChange,
                    ReceiptFunding,
                    Quarantine,
                    Recall,
                    BatchBlock,
                    Disposal,
                )
            ]
        )


def test_policy_covers_every_api_endpoint(app: Litestar, clinic: Clinic) -> None:
    declared = {(call.method, call.path) for call in policy(clinic)}
    assert api_routes(app) == declared


@pytest.mark.parametrize("role", ["anonymous", "volunteer", "pharmacist", "finance", "admin"])
async def test_no_forbidden_call_succeeds_or_writes(
    role: str, client: httpx.AsyncClient, clinic: Clinic, auth, database: Database
) -> None:
    # Stock for the issue, adjustment and reversal calls: operation 1 is the admin's receipt of batch 1.
    seeded = await client.post(
        "/api/v1/receipts",
        headers=auth("admin"),
        json={
            "site": clinic.sites["KBH"],
            "item": clinic.items["insulin"],
            "batch_number": "SEED",
            "expiry_date": days(300),
            "quantity": 50,
        },
    )
    assert seeded.status_code == 201 and seeded.json()["id"] == 1
    donor = await client.post(
        "/api/v1/donors", headers=auth("finance"), json={"name": "Fond", "kind": "foundation"}
    )
    grant = await client.post(
        "/api/v1/grants",
        headers=auth("finance"),
        json={
            "donor": donor.json()["id"],
            "name": "Medicin 2026",
            "amount_ore": 1000,
            "start_date": days(-10),
            "end_date": days(100),
            "budget_lines": [{"name": "Medicin", "amount_ore": 500}],
        },
    )
    assert grant.status_code == 201 and grant.json()["budget_lines"][0]["id"] == 1, grant.text
    headers = {} if role == "anonymous" else auth(role)
    for call in policy(clinic):
        before = await counts(database)
        response = await client.request(
            call.method, concrete(call.path, clinic, 1), json=call.body, params=call.query, headers=headers
        )
        where = f"{role} {call.method} {call.path} {call.note}"
        if role in call.allowed:
            assert response.status_code not in (401, 403), f"{where} refused: {response.text}"
            assert response.status_code < 500, f"{where} failed: {response.text}"
        else:
            assert response.status_code == (401 if role == "anonymous" else 403), f"{where}: {response.text}"
            assert response.headers["content-type"].startswith("application/problem+json")
            assert await counts(database) == before, f"{where} wrote something"
